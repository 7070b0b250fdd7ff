#!/usr/bin/python3
"""Linux boot to init: the same Debian kernel and initramfs booted bare on
QEMU and in a shikiri partition, side by side in one run.

Reports, per setup and mode, the guest's own uptime when init starts (read
from the marker line the initramfs prints) and the host wall time from
starting QEMU to that line. Two modes: plain TCG (host-dependent, noisy)
and `-icount shift=0,sleep=off`, where virtual time advances one
nanosecond per instruction and repeats exactly.

    bench/linux_boot.py [--runs N] [--build DIR]
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import time

import pexpect

MARKER = re.compile(r"shikiri-linux: init reached, uptime ([0-9.]+)\r")
TIMEOUT = 300


def bare_cmd(build, icount):
    bootargs = subprocess.run(
        ["fdtget", "-t", "s", f"{build}/linux/linux.dtb", "/chosen",
         "bootargs"], capture_output=True, text=True, check=True,
        timeout=30).stdout.strip()
    cmd = ["-M", "virt,gic-version=3", "-cpu", "cortex-a53", "-smp", "2",
           "-m", "256M", "-nographic", "-kernel", f"{build}/debian/Image",
           "-initrd", f"{build}/linux/initramfs.cpio.gz", "-append", bootargs]
    return cmd + (["-icount", "shift=0,sleep=off"] if icount else [])


def shikiri_cmd(build, icount):
    cmd = ["-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a53",
           "-smp", "4", "-m", "1G", "-nographic", "-kernel",
           f"{build}/configs/tests/linux.img"]
    return cmd + (["-icount", "shift=0,sleep=off"] if icount else [])


def one_boot(args):
    start = time.monotonic()
    child = pexpect.spawn("qemu-system-aarch64", args, encoding="utf-8",
                          codec_errors="replace", timeout=TIMEOUT)
    try:
        child.expect(MARKER.pattern)
        wall = time.monotonic() - start
        uptime = float(child.match.group(1))
    finally:
        child.terminate(force=True)
    return uptime, wall


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"))
    opts = ap.parse_args()
    for need in (f"{opts.build}/debian/Image",
                 f"{opts.build}/configs/tests/linux.img"):
        if not os.path.exists(need):
            sys.exit(f"{need} is missing: run `make build` first")

    rows = []
    for icount in (False, True):
        results = {}
        # Interleave bare and shikiri runs so host noise hits both alike.
        for _ in range(opts.runs):
            for name, fn in (("bare", bare_cmd), ("shikiri", shikiri_cmd)):
                results.setdefault(name, []).append(
                    one_boot(fn(opts.build, icount)))
        mode = "icount" if icount else "tcg"
        base_up = statistics.median(u for u, _ in results["bare"])
        base_wall = statistics.median(w for _, w in results["bare"])
        for name in ("bare", "shikiri"):
            up = statistics.median(u for u, _ in results[name])
            wall = statistics.median(w for _, w in results[name])
            rows.append((mode, name, up, up / base_up if base_up else 0.0,
                         wall, wall / base_wall))

    print(f"Linux boot to init, median of {opts.runs} runs "
          f"(cortex-a53, 2 CPUs, 256 MiB, GICv3)")
    print(f"{'mode':7} {'setup':8} {'uptime s':>9} {'ratio':>6} "
          f"{'wall s':>7} {'ratio':>6}")
    for mode, name, up, up_r, wall, wall_r in rows:
        print(f"{mode:7} {name:8} {up:9.3f} {up_r:6.3f} {wall:7.2f} "
              f"{wall_r:6.2f}")


if __name__ == "__main__":
    main()
