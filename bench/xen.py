#!/usr/bin/python3
"""Xen 4.17 (Debian's xen-hypervisor-4.17-arm64) on QEMU's virt board, with a
given arm64 Image as dom0: the third setup beside bare metal and shikiri.

`scripts/fetch-debian.sh --xen` puts the hypervisor in build/debian/xen.
xen_qemu_args() returns the qemu-system-aarch64 arguments; run as a script,
this boots the Debian kernel with the test initramfs as dom0 and reports
the guest's uptime at init and the host wall time, under plain TCG and
under `-icount shift=0,sleep=off`:

    bench/xen.py [--build DIR]
"""
import argparse
import os
import subprocess
import sys
import time

import pexpect

# The init marker and QEMU time limit of the Linux boot benchmark beside this.
from linux_boot import MARKER, TIMEOUT

# RAM of the emulated board; Xen keeps what dom0 does not get.
XEN_RAM = "1G"
RAM_BASE = 0x40000000
# Where QEMU puts the dom0 kernel and initrd before Xen starts (Xen copies
# them into dom0's memory). Above QEMU's own load area for Xen (the RAM base
# plus a few MiB: Xen, then QEMU's DTB) and below Xen, which relocates itself
# to the top of RAM, away from the boot modules it finds in the DTB.
MODULE_BASE = RAM_BASE + 0x10000000
PL011 = "/pl011@9000000"

# Xen's last line before it runs dom0's first instruction.
XEN_DONE = r"\(XEN\) Freed [0-9]+kB init memory"
XEN_FAILED = r"Panic on CPU|Xen BUG at|\*\*\*\* PANIC|Assertion '"


def _align_up(value, align=0x200000):
    return (value + align - 1) // align * align


def _opt(value):
    """A value inside a QEMU -device option list: commas doubled."""
    return str(value).replace(",", ",,")


def xen_qemu_args(build, image, icount, bootargs, dom0_mem="256M", smp=None,
                  initrd=None, xen_extra=""):
    """Arguments for qemu-system-aarch64 (without the program name) that boot
    Xen from `{build}/debian/xen` with `image` (an arm64 Image) as dom0.

    Board: `-M virt,virtualization=on,gic-version=3` (EL2 for Xen, a GICv3
    for its vGIC), cortex-a53, 1 GiB RAM, -nographic (the PL011 on stdio).
    `smp` defaults to 2, or to 1 under `icount` (-icount shift=0,sleep=off):
    Xen hangs there with more than one CPU. dom0 gets one vCPU per CPU.

    Loading: QEMU loads Xen like a kernel (-kernel, the Xen binary is an
    arm64 Image) and passes Xen's command line as /chosen/bootargs
    (-append). Each `-device guest-loader` (QEMU 7.2) adds a
    /chosen/module@ADDR node and puts the file there: compatible
    "multiboot,module", "multiboot,kernel" with `bootargs` for the dom0
    kernel, "multiboot,ramdisk" for `initrd`. Xen finds dom0 through them.

    Xen command line:
      console=dtuart          Xen's console is the UART the DTB describes;
      dtuart=/pl011@9000000   namely the virt PL011 (the virt DTB has no
                              /aliases, so `dtuart=serial0` finds nothing;
                              unset, Xen takes /chosen/stdout-path, the same).
                              Xen hides that UART from dom0; dom0 writes
                              through Xen (`console=hvc0` for Linux; the
                              console_io hypercall), and Xen prints dom0's
                              output unprefixed on the same serial line,
                              whatever guest_loglvl says.
      dom0_mem=...            dom0's memory, 256M by default like the bare
                              runs' -m 256M. Direct-mapped 1:1 on Arm
                              (guest-physical == host-physical) in a bank
                              Xen picks: with 1 GiB 0x60000000 for 256M,
                              0x70000000 for 128M, 0x58000000 for 512M; 768M
                              does not fit (Xen panics).
      bootscrub=off           by default Xen zeroes all free memory at boot:
                              under icount 1.6 s more wall time and 72 ms
                              more guest-visible time before dom0 starts,
                              which would count as Xen's boot cost.
    `xen_extra` is appended to that line (a later option wins: e.g.
    "vwfi=native", or "bootscrub=on" to measure scrubbing). -no-reboot: QEMU
    exits when Xen would reboot (after a panic) and Xen halts the machine,
    and so ends QEMU, when dom0 powers off (PSCI SYSTEM_OFF).
    """
    if smp is None:
        smp = 1 if icount else 2
    xen = f"{build}/debian/xen"
    for path in (xen, image) + ((initrd,) if initrd else ()):
        if not os.path.isfile(path):
            raise FileNotFoundError(f"{path} is missing")
    cmdline = (f"console=dtuart dtuart={PL011} dom0_mem={dom0_mem} "
               f"bootscrub=off {xen_extra}").strip()
    args = ["-M", "virt,virtualization=on,gic-version=3",
            "-cpu", "cortex-a53", "-smp", str(smp), "-m", XEN_RAM,
            "-nographic", "-no-reboot",
            "-kernel", xen, "-append", cmdline,
            "-device", f"guest-loader,addr={MODULE_BASE:#x},"
                       f"kernel={_opt(image)},bootargs={_opt(bootargs)}"]
    if initrd:
        addr = _align_up(MODULE_BASE + os.path.getsize(image))
        args += ["-device", f"guest-loader,addr={addr:#x},initrd={_opt(initrd)}"]
    if icount:
        args += ["-icount", "shift=0,sleep=off"]
    return args


def boot_linux_dom0(build, icount, smp=None):
    """Boots the Debian kernel with the test initramfs as dom0; returns
    (seconds from QEMU start to Xen's end of boot, i.e. dom0's start; dom0's
    uptime at init; seconds from QEMU start to the init line)."""
    args = xen_qemu_args(build, f"{build}/debian/Image", icount,
                         "console=hvc0 nokaslr rdinit=/init", smp=smp,
                         initrd=f"{build}/linux/initramfs.cpio.gz")
    start = time.monotonic()
    child = pexpect.spawn("qemu-system-aarch64", args, encoding="utf-8",
                          codec_errors="replace", timeout=TIMEOUT)
    try:
        for pattern in (XEN_DONE, MARKER.pattern):
            if child.expect([pattern, XEN_FAILED]) != 0:
                child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=5)
                raise RuntimeError("Xen failed:\n" + child.before[-2000:])
            if pattern == XEN_DONE:
                dom0_wall = time.monotonic() - start
        wall = time.monotonic() - start
        uptime = float(child.match.group(1))
    except (pexpect.TIMEOUT, pexpect.EOF) as exc:
        raise RuntimeError(f"no `{pattern}` ({type(exc).__name__}); last "
                           f"output:\n{(child.before or '')[-2000:]}") from None
    finally:
        child.terminate(force=True)
    return dom0_wall, uptime, wall


def ensure_inputs(build):
    """Fetches Xen and the kernel and builds the initramfs when missing."""
    if not all(os.path.exists(f"{build}/debian/{f}")
               for f in ("xen", "Image")):
        subprocess.run(["scripts/fetch-debian.sh", "--xen"], check=True,
                       timeout=900, env=dict(os.environ, BUILD=build))
    initramfs = f"{build}/linux/initramfs.cpio.gz"
    if not os.path.exists(initramfs):
        subprocess.run(["make", f"BUILD={build}", initramfs], check=True,
                       timeout=900)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.environ.get("BUILD"),
                    help="build folder (default: $BUILD, else the "
                         "repository's build/)")
    opts = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.abspath(opts.build or os.path.join(repo, "build"))
    os.chdir(repo)  # for scripts/fetch-debian.sh and make
    ensure_inputs(build)
    with open(f"{build}/debian/xen-version") as f:
        version = f.read().split()
    print(f"Xen {version[-1]}, dom0: Debian Linux + initramfs, "
          f"dom0_mem=256M (cortex-a53, 1 GiB, GICv3)")
    print(f"{'mode':7} {'CPUs':>4} {'Xen boot s':>12} {'uptime s':>9} "
          f"{'wall s':>7}")
    failed = False
    for icount in (False, True):
        smp = 1 if icount else 2
        mode = "icount" if icount else "tcg"
        try:
            dom0_wall, uptime, wall = boot_linux_dom0(build, icount, smp)
        except RuntimeError as exc:
            print(f"{mode:7} {smp:4} failed: {exc}")
            failed = True
            continue
        print(f"{mode:7} {smp:4} {dom0_wall:12.2f} {uptime:9.3f} {wall:7.2f}",
              flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
