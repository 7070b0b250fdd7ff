#!/usr/bin/python3
"""shikiri benchmarks (`make bench`): the same workloads bare on QEMU, in a
shikiri partition and under Xen 4.17, in one table with ratios to bare.

Workloads:
  micro  the benchmark guest (bench/guest/, build/bench/microbench.bin): timer
         IRQ latency while running and from WFI, a null hypercall, a trapped
         GICD read, a compute kernel, the time of its first instruction.
         One CPU everywhere. Its compute checksum must be the same in every
         setup: the proof that each did the same work.
  linux  the Debian kernel and the test initramfs booted to init: the
         kernel's printk timestamp of "Run /init as init process" (us),
         its uptime at the init marker (10 ms), and the host wall time to
         that marker (bench/linux_boot.py, bench/xen.py).
  rtos   the RTOS's benchmark application (guests/rtos/apps/bench.c), bare
         and in shikiri: timer interrupt to the task it wakes, task switch.
  boards the benchmark guest in shikiri on every board (icount only): virt
         with GICv3 and GICv2, the i.MX 8M Plus EVK, the ZCU102
         (tests/system/boards.py; docs/boards.md). The hypervisor's paths
         per board and GIC; the compute checksum must agree with micro's.
  io     Linux's virtio disk and network throughput (MiB/s, guest clock),
         bare and in shikiri owning virt's PCIe host behind the SMMUv3
         (bench/linux_io.py, configs/qemu-virt-io.dts); tcg mode only.
  size   text/data/bss of build/hypervisor/shikiri.elf and the code lines
         (non-blank, non-comment) of every file compiled into it.

Charts (bench/charts.py, gnuplot): BUILD/bench/timer-running.svg and
timer-wfi.svg (micro: the timer interrupt's min/median/p99/max bare, in
shikiri, under Xen), rtos-timer-to-task.svg (rtos: bare, dedicated,
shared) and size.svg (size: bytes per module), of the icount run when
there is one. No gnuplot: an error before anything runs.

Modes: `icount` (-icount shift=0,sleep=off: virtual time advances 1 ns per
instruction, exact and repeatable: ns = instructions) and `tcg` (plain
TCG: host-dependent, noisy). Every figure is the median over the runs;
runs interleave the setups (bare, shikiri, xen, bare, ...) so host noise
hits all alike. icount repeats exactly, so it defaults to one run.

The table goes to stdout and, with the QEMU version and the exact commands
at the top, to BUILD/bench/results.txt. A setup that fails shows "failed"
in its column and the reason below the table; the exit status is then 1.

    bench/run.py [--build DIR] [--runs N] [--icount-runs N]
                 [--only micro|rtos|channel|linux|boards|io|size[,...]]
                 [--modes icount,tcg]

Needs `make build` (the guest, shikiri images, the Debian kernel) and, for
the Xen column, `BUILD=build scripts/fetch-debian.sh --xen`.
"""
import argparse
import os
import re
import shlex
import statistics
import subprocess
import sys
import time

import pexpect

# bench/ is the script directory: its siblings import as modules.
from linux_boot import MARKER, bare_cmd, shikiri_cmd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "system"))
from conftest import ConsoleSpawn  # noqa: E402
import boards  # noqa: E402
from xen import XEN_FAILED, xen_qemu_args
import charts  # noqa: E402
import linux_io  # noqa: E402

QEMU = "qemu-system-aarch64"
SETUPS = ("bare", "shikiri", "xen")
PARTS = ("micro", "rtos", "channel", "linux", "boards", "io", "size")
# The micro figures' board dimension: shikiri on each board, icount.
# (--boards narrows it.)
BOARD_SETUPS = ["virt-gicv3", "virt-gicv2", "imx8mp-evk", "zcu102"]
# The RTOS image is linked at RAM + 2 MiB; Xen puts dom0 elsewhere.
RTOS_SETUPS = ("bare", "shikiri", "shared")
# Channels exist only in shikiri: its figures stand beside its own null
# hypercall and timer delivery (the micro workload), the target's terms.
CHANNEL_SETUPS = ("shikiri", "shared")
MODES = ("icount", "tcg")
ICOUNT_ARGS = ["-icount", "shift=0,sleep=off"]
RUN_TIMEOUT = 300  # seconds per QEMU run, from spawn to the last line

# A benchmark guest line, whatever prefix its console adds ("[bench] " from
# shikiri, "(d0) " or nothing from Xen).
BENCH_LINE = r"bench: ([^\r\n]*)\r*\n"
# Something went wrong before the guest could say so: shikiri stopped the
# partition or panicked, the guest took an exception (guest runtime), Xen
# panicked, Linux panicked.
FAILED = (r"PANIC on CPU[^\r\n]*|\] fault: [^\r\n]*|partition '[^']*' "
          r"stopped[^\r\n]*|system halted[^\r\n]*|unexpected exception:"
          r"[^\r\n]*|nested exception:[^\r\n]*|Kernel panic[^\r\n]*|"
          + XEN_FAILED)
PRINTK_INIT = r"\[\s*([0-9]+\.[0-9]+)\] Run /init as init process"
# The dom0 kernel command line of bench/xen.py's boot_linux_dom0().
XEN_DOM0_BOOTARGS = "console=hvc0 nokaslr rdinit=/init"
# Lines of console output kept for a failure report.
TAIL_LINES = 15

PS_PER_NS = 1000
PS_PER_MS = 10 ** 9


class RunFailed(Exception):
    """One QEMU run did not produce its results; the message says why."""


# ---------------------------------------------------------------- inputs

def needed_files(build, parts):
    """(path, what builds it) for every file the selected parts read."""
    make = ("`make build`" if build == "build"
            else f"`make BUILD={build} build`")
    xen = "`BUILD=%s scripts/fetch-debian.sh --xen`" % build
    need = []
    if "micro" in parts:
        need += [(f"{build}/bench/microbench.bin", make),
                 (f"{build}/bench/microbench.img", make),
                 (f"{build}/debian/xen", xen)]
    if "rtos" in parts:
        need += [(f"{build}/rtos/rtos.bin", make),
                 (f"{build}/bench/rtos-bench.img", make),
                 (f"{build}/bench/rtos-shared.img", make)]
    if "channel" in parts:
        need += [(f"{build}/bench/channel.img", make),
                 (f"{build}/bench/channel-shared.img", make)]
    if "linux" in parts:
        need += [(f"{build}/debian/Image", make),
                 (f"{build}/linux/linux.dtb", make),
                 (f"{build}/linux/initramfs.cpio.gz", make),
                 (f"{build}/configs/tests/linux.img", make),
                 (f"{build}/debian/xen", xen)]
    if "boards" in parts:
        need += [(f"{build}/bench/microbench.img", make)]
        need += [(f"{build}/bench/{b}/microbench.img", make)
                 for b in BOARD_SETUPS if not b.startswith("virt")]
    if "io" in parts:
        need += [(f"{build}/configs/qemu-virt-io.img", make),
                 (f"{build}/linux/disk.img", make),
                 (f"{build}/linux/linux-io.dtb", make)]
    if "size" in parts:
        need += [(f"{build}/hypervisor/shikiri.elf", make),
                 (f"{build}/hypervisor-modules/shikiri.elf", "make size")]
    return need


def check_inputs(build, parts):
    for path, how in needed_files(build, parts):
        if not os.path.isfile(path):
            sys.exit(f"{path} is missing: run {how} first")


def qemu_version():
    out = subprocess.run([QEMU, "--version"], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    return out.splitlines()[0].strip()


def xen_version(build):
    try:
        with open(f"{build}/debian/xen-version") as f:
            return f.read().split()[-1]
    except (OSError, IndexError):
        return "4.17"


# ------------------------------------------------------------- QEMU runs

def micro_cmd(build, setup, icount):
    """qemu-system-aarch64 arguments (without the program) of the benchmark
    guest in `setup`."""
    guest = f"{build}/bench/microbench.bin"
    if setup == "bare":
        args = ["-M", "virt,gic-version=3", "-cpu", "cortex-a53", "-smp", "1",
                "-m", "256M", "-nographic", "-kernel", guest,
                "-append", "bench=bare"]
    elif setup == "shikiri":
        # bench=shikiri is in the guest's own device tree in the image.
        args = ["-M", "virt,virtualization=on,gic-version=3",
                "-cpu", "cortex-a53", "-smp", "1", "-m", "1G", "-nographic",
                "-kernel", f"{build}/bench/microbench.img"]
    else:
        return xen_qemu_args(build, guest, icount, "bench=xen", smp=1)
    return args + (ICOUNT_ARGS if icount else [])


def board_cmd(build, setup, icount):
    """The benchmark guest in shikiri on the board `setup` names."""
    if setup.startswith("virt-gicv"):
        args = ["-M", f"virt,virtualization=on,gic-version={setup[-1]}",
                "-cpu", "cortex-a53", "-smp", "1", "-m", "1G", "-nographic",
                "-kernel", f"{build}/bench/microbench.img"]
    else:
        args = boards.qemu_args(setup) + [
            "-nographic", "-kernel", f"{build}/bench/{setup}/microbench.img"]
    return args + (ICOUNT_ARGS if icount else [])


def rtos_cmd(build, setup, icount):
    """qemu-system-aarch64 arguments of the RTOS's benchmark application
    (guests/rtos/apps/bench.c) bare or in shikiri."""
    if setup == "bare":
        args = ["-M", "virt,gic-version=3", "-cpu", "cortex-a53", "-smp", "1",
                "-m", "256M", "-nographic", "-kernel",
                f"{build}/rtos/rtos.bin", "-append", "app=bench"]
    else:
        # "shared": the same RTOS on one CPU with a busy (booting) Linux,
        # the RTOS real-time (bench/rtos-shared.dts, docs/scheduling.md).
        image = "rtos-shared" if setup == "shared" else "rtos-bench"
        args = ["-M", "virt,virtualization=on,gic-version=3",
                "-cpu", "cortex-a53", "-smp", "1", "-m", "1G", "-nographic",
                "-kernel", f"{build}/bench/{image}.img"]
    return args + (ICOUNT_ARGS if icount else [])


def channel_cmd(build, setup, icount):
    """qemu-system-aarch64 arguments of the channel benchmark: ping and pong
    (guests/tests/channel.c) on two CPUs in shikiri (bench/channel.dts), or
    "shared": on one CPU, pong real-time (bench/channel-shared.dts)."""
    image, smp = (("channel-shared", "1") if setup == "shared"
                  else ("channel", "2"))
    args = ["-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a53",
            "-smp", smp, "-m", "256M", "-nographic",
            "-kernel", f"{build}/bench/{image}.img"]
    return args + (ICOUNT_ARGS if icount else [])


def linux_cmd(build, setup, icount):
    """qemu-system-aarch64 arguments of the Linux boot in `setup`: those of
    bench/linux_boot.py (bare: 2 CPUs; shikiri: a 4-CPU board, Linux on 2
    vCPUs) and bench/xen.py (dom0 on 2 vCPUs, 1 under icount)."""
    if setup == "bare":
        return bare_cmd(build, icount)
    if setup == "shikiri":
        return shikiri_cmd(build, icount)
    return xen_qemu_args(build, f"{build}/debian/Image", icount,
                         XEN_DOM0_BOOTARGS,
                         initrd=f"{build}/linux/initramfs.cpio.gz")


def _tail_of(text):
    lines = [l for l in text.replace("\r", "").split("\n") if l.strip()]
    return "\n".join(lines[-TAIL_LINES:])


def _tail(child):
    """The last lines of console output pexpect holds."""
    return _tail_of((child.before or "") + (
        child.after if isinstance(child.after, str) else ""))


def _expect(child, patterns, deadline, what):
    """Waits (until `deadline`, time.monotonic()) for one of `patterns`;
    returns its index. A failure pattern or the end of QEMU raises
    RunFailed with the console's last lines."""
    timeout = max(1.0, deadline - time.monotonic())
    try:
        index = child.expect(list(patterns) + [FAILED], timeout=timeout)
    except pexpect.TIMEOUT:
        raise RunFailed(f"timeout waiting for {what}; last output:\n"
                        f"{_tail(child)}") from None
    except pexpect.EOF:
        raise RunFailed(f"QEMU exited before {what}; last output:\n"
                        f"{_tail(child)}") from None
    if index == len(patterns):
        reason = child.after.strip()
        seen = child.before + child.after
        # The lines after the failure line (a dump, a backtrace).
        try:
            child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=3)
        except pexpect.ExceptionPexpect:
            pass
        raise RunFailed(f"{reason}; last output:\n"
                        f"{_tail_of(seen + (child.before or ''))}")
    return index


def spawn(args):
    # The system tests' console reader: shikiri wraps a partition's line
    # before 80 columns, and a wrapped "ps=62914<row break>576000" read raw
    # gave 62914 (tests/system/conftest.py removes the row breaks).
    return ConsoleSpawn(QEMU, args, encoding="utf-8", codec_errors="replace",
                        timeout=RUN_TIMEOUT)


def parse_fields(text):
    """A guest line without its "bench: " into its name and fields:
    "timer-running n=1000 min=5" -> ("timer-running", {"n": "1000",
    "min": "5"})."""
    name, _, rest = text.partition(" ")
    return name, dict(kv.split("=", 1) for kv in rest.split() if "=" in kv)


def run_micro(args):
    """One run of the benchmark guest: {"<line name>": {key: value}, plus
    "wall_start" and "wall_done" (s from spawning QEMU)}."""
    start = time.monotonic()
    deadline = start + RUN_TIMEOUT
    results = {}
    child = spawn(args)
    try:
        while True:
            _expect(child, [BENCH_LINE], deadline, "the benchmark guest's "
                    "next line" if results else "`bench: start`")
            line = child.match.group(1).strip()
            name, fields = parse_fields(line)
            if name == "error:":
                raise RunFailed(f"bench: {line}; last output:\n{_tail(child)}")
            if name == "start":
                results["wall_start"] = time.monotonic() - start
            results[name] = fields
            if name == "done":
                results["wall_done"] = time.monotonic() - start
                if any("rtos-shared" in a for a in args):
                    results["sched"] = sched_stats(child, deadline)
                return results
    finally:
        child.terminate(force=True)


def sched_stats(child, deadline):
    """The hypervisor's statistics of the shared CPU (Ctrl-] s,
    docs/scheduling.md): the average vCPU switch, from the scheduler's
    decision to the return to the incoming vCPU."""
    child.send("\x1ds")
    _expect(child, [r"sched CPU0: switches (\d+), .*average switch (\d+) ns"],
            deadline, "the scheduler's statistics")
    return {"switches": child.match.group(1), "switch": child.match.group(2)}


def run_linux(args):
    """One Linux boot: (printk timestamp of Run /init, uptime at the init
    marker, wall seconds from spawning QEMU to the marker)."""
    start = time.monotonic()
    deadline = start + RUN_TIMEOUT
    child = spawn(args)
    try:
        _expect(child, [PRINTK_INIT], deadline, "`Run /init as init process`")
        printk = float(child.match.group(1))
        _expect(child, [MARKER.pattern], deadline, "the init marker")
        wall = time.monotonic() - start
        return printk, float(child.match.group(1)), wall
    finally:
        child.terminate(force=True)


def run_all(workload, build, modes, runs_of, progress):
    """Runs `workload` ("micro" or "linux") in every mode and setup, runs
    interleaved. Returns {mode: {setup: [result, ...] or RunFailed}}: a setup
    that fails once is not run again in that mode."""
    cmd_of, run_one, setups = {
        "micro": (micro_cmd, run_micro, SETUPS),
        "rtos": (rtos_cmd, run_micro, RTOS_SETUPS),
        "channel": (channel_cmd, run_micro, CHANNEL_SETUPS),
        "linux": (linux_cmd, run_linux, SETUPS),
        "boards": (board_cmd, run_micro, BOARD_SETUPS),
    }[workload]
    out = {}
    for mode in modes:
        icount = mode == "icount"
        res = out[mode] = {s: [] for s in setups}
        runs = runs_of(mode)
        for i in range(runs):
            for setup in setups:
                if isinstance(res[setup], RunFailed):
                    continue
                t0 = time.monotonic()
                progress(f"{workload} {mode} {setup} run {i + 1}/{runs} ... ")
                try:
                    res[setup].append(run_one(cmd_of(build, setup, icount)))
                    progress(f"{time.monotonic() - t0:.1f} s\n")
                except RunFailed as exc:
                    res[setup] = exc
                    progress(f"failed after {time.monotonic() - t0:.1f} s: "
                             f"{str(exc).splitlines()[0]}\n")
    return out


# ---------------------------------------------------------------- tables

def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt_num(value, decimals):
    return "-" if value is None else f"{value:.{decimals}f}"


def fmt_ratio(value, base):
    if value is None or base is None or base == 0:
        return "-"
    ratio = value / base
    decimals = 3 if abs(ratio) < 10 else 1 if abs(ratio) < 1000 else 0
    return f"{ratio:.{decimals}f}x"


def fmt_diff(value, base, decimals):
    if value is None or base is None:
        return "-"
    diff = round(value - base, decimals)
    return f"{diff:+.{decimals}f}" if diff else f"{0:.{decimals}f}"


class Table:
    """Fixed-width text: a label column, one column per setup, then the
    ratios of shikiri and xen to bare and their differences from bare (in
    the row's unit: what a ratio cannot say when bare is about 0)."""
    LABEL = 40
    COL = 13

    def __init__(self, title, first_col, setups=SETUPS, relative=True):
        """relative=False: no bare column to compare with (the boards)."""
        self.setups = setups
        self.relative = relative
        others = setups[1:] if relative else ()
        head = ([s for s in setups] + [f"{s}/bare" for s in others]
                + [f"{s}-bare" for s in others])
        self.lines = [title, f"{first_col:{self.LABEL}}" + "".join(
            f"{h:>{self.COL}}" for h in head)]

    def row(self, label, values, decimals, failed=()):
        """values: {setup: number or None}; setups in `failed` print so."""
        base = values.get("bare")
        cells = ["failed" if s in failed else fmt_num(values.get(s), decimals)
                 for s in self.setups]
        others = self.setups[1:] if self.relative else ()
        for s in others:
            cells.append("-" if s in failed or "bare" in failed
                         else fmt_ratio(values.get(s), base))
        for s in others:
            cells.append("-" if s in failed or "bare" in failed
                         else fmt_diff(values.get(s), base, decimals))
        self.lines.append(f"{label:{self.LABEL}}" + "".join(
            f"{c:>{self.COL}}" for c in cells))

    def note(self, text):
        self.lines.append(text)

    def text(self):
        return "\n".join(self.lines)


def failures(res):
    return {s: r for s, r in res.items() if isinstance(r, RunFailed)}


def failure_notes(table, failed):
    for setup, exc in failed.items():
        first, _, rest = str(exc).partition("\n")
        table.note(f"  {setup}: failed: {first}")
        for line in rest.splitlines():
            table.note(f"    | {line}")


def micro_field(runs, line, key, scale):
    """Median over runs of line's key, divided by scale; None if absent."""
    values = []
    for r in runs:
        raw = r.get(line, {}).get(key)
        if raw is not None:
            values.append(int(raw, 0) / scale)
    return median(values)


def check_checksums(all_results):
    """The compute kernel's checksum of every micro run: all must agree.
    Returns an error text, or None."""
    seen = {}
    for mode, res in all_results.items():
        for setup, runs in res.items():
            if isinstance(runs, RunFailed):
                continue
            for i, r in enumerate(runs):
                value = r.get("compute", {}).get("checksum")
                seen.setdefault(value, []).append(f"{mode}/{setup}#{i + 1}")
    if len(seen) > 1:
        return ("checksum MISMATCH (not the same work everywhere): "
                + "; ".join(f"{k}: {', '.join(v)}" for k, v in seen.items()))
    return None


def micro_table(mode, res, runs, title=None, setups=SETUPS):
    unit = "ns = instructions" if mode == "icount" else "ns"
    t = Table(title or f"micro, {mode} ({unit}), median of {runs} run(s), "
              "1 CPU", f"benchmark guest [{mode}]", setups,
              relative="bare" in setups)
    failed = failures(res)
    ok = {s: r for s, r in res.items() if s not in failed}

    def row(label, line, key, scale, decimals):
        t.row(label, {s: micro_field(r, line, key, scale)
                      for s, r in ok.items()}, decimals, failed)

    for line, what in (("timer-running", "timer irq, running"),
                       ("timer-wfi", "timer irq, from WFI")):
        for key in ("min", "median", "p99", "max"):
            row(f"{what}: {key} (ns)", line, key, PS_PER_NS, 1)
    row("null hypercall round trip (ns)", "hypercall", "ps", PS_PER_NS, 1)
    row("full-path hypercall round trip (ns)", "hypercall-full", "ps",
        PS_PER_NS, 1)
    row("PSCI_VERSION via HVC round trip (ns)", "psci-version-hvc", "ps",
        PS_PER_NS, 1)
    row("PSCI_VERSION via SMC round trip (ns)", "psci-version-smc", "ps",
        PS_PER_NS, 1)
    row("SMCCC_VERSION round trip (ns)", "smccc-version", "ps", PS_PER_NS, 1)
    row("SMCCC_ARCH_FEATURES round trip (ns)", "smccc-arch-features", "ps",
        PS_PER_NS, 1)
    row("GICD_TYPER read (ns)", "gicd-read", "ps", PS_PER_NS, 1)
    row("compute kernel (ms)", "compute", "ps", PS_PER_MS, 3)
    row("first guest instruction (ms%s)"
        % (" = M insns" if mode == "icount" else ""), "boot", "ps",
        PS_PER_MS, 3)
    t.row("wall, QEMU start to first line (s)",
          {s: median(x["wall_start"] for x in r) for s, r in ok.items()},
          2, failed)
    t.row("wall, QEMU start to done (s)",
          {s: median(x["wall_done"] for x in r) for s, r in ok.items()},
          2, failed)
    calls = {s: r[0]["hypercall"] for s, r in ok.items() if r}
    t.note("  hypercall: " + ", ".join(
        f"{s} {c.get('call', 'none')}" for s, c in calls.items()))
    failure_notes(t, failed)
    return t.text()


def rtos_table(mode, res, runs):
    unit = "ns = instructions" if mode == "icount" else "ns"
    t = Table(f"RTOS, {mode} ({unit}), median of {runs} run(s), 1 CPU "
              f"(guests/rtos/apps/bench.c; Xen not run: the RTOS image is "
              f"not position-independent)", f"RTOS [{mode}]",
              setups=RTOS_SETUPS)
    failed = failures(res)
    ok = {s: r for s, r in res.items() if s not in failed}

    def row(label, line, key):
        t.row(label, {s: micro_field(r, line, key, PS_PER_NS)
                      for s, r in ok.items()}, 1, failed)

    for key in ("min", "median", "p99", "max"):
        row(f"timer irq to task: {key} (ns)", "irq-to-task", key)
    row("task switch, with its call (ns)", "task-switch", "ps")
    t.row("vCPU switch, decision to guest (ns)",
          {s: micro_field(r, "sched", "switch", 1) for s, r in ok.items()},
          1, failed)
    failure_notes(t, failed)
    return t.text()


def channel_table(mode, res, runs, micro_res):
    unit = "ns = instructions" if mode == "icount" else "ns"
    t = Table(f"channel, {mode} ({unit}), median of {runs} run(s), ping and "
              f"pong on 2 CPUs; shared: on 1 CPU, pong real-time "
              f"(guests/tests/channel.c)", f"channel [{mode}]",
              setups=CHANNEL_SETUPS)
    failed = failures(res)
    ok = {s: r for s, r in res.items() if s not in failed}

    def row(label, line, key, scale, decimals):
        t.row(label, {s: micro_field(r, line, key, scale)
                      for s, r in ok.items()}, decimals, failed)

    for key in ("min", "median", "p99", "max", "mean"):
        row(f"doorbell round trip: {key} (ns)", "doorbell-rtt", key, 1, 0)
    row("ring throughput (MB/s of %s time)"
        % ("virtual" if mode == "icount" else "host"), "ring-throughput",
        "kb_per_s", 1000, 1)
    rtt = {s: micro_field(r, "doorbell-rtt", "median", 1)
           for s, r in ok.items()}.get("shikiri")
    micro = micro_res.get("shikiri") if micro_res else None
    if rtt is not None and micro and not isinstance(micro, RunFailed):
        hc = micro_field(micro, "hypercall", "ps", PS_PER_NS)
        irq = micro_field(micro, "timer-running", "median", PS_PER_NS)
        target = 2 * (hc + irq)
        t.note(f"  target: round trip <= 2 x (null hypercall {hc:.0f} + timer "
               f"irq {irq:.0f}) = {target:.0f} ns: "
               f"{'met' if rtt <= target else 'missed'} ({rtt:.0f})")
    else:
        t.note("  target: needs the micro workload in the same run "
               "(--only micro,channel)")
    failure_notes(t, failed)
    return t.text()


def smp_of(args):
    return args[args.index("-smp") + 1] if "-smp" in args else "1"


def linux_cpus(build, mode):
    """What the Linux boots run on, from their QEMU arguments and, for
    shikiri, the partition's CPUs in configs/tests/linux.dts."""
    icount = mode == "icount"
    vcpus = "?"
    try:
        with open("configs/tests/linux.dts") as f:
            m = re.search(r"partitions.*?cpus\s*=\s*<([^>]*)>", f.read(),
                          re.S)
        vcpus = len(m.group(1).split()) if m else "?"
    except OSError:
        pass
    return (f"bare -smp {smp_of(linux_cmd(build, 'bare', icount))}, "
            f"shikiri -smp {smp_of(linux_cmd(build, 'shikiri', icount))} "
            f"with Linux on {vcpus} vCPUs, xen -smp "
            f"{smp_of(linux_cmd(build, 'xen', icount))} (dom0: 1 vCPU per "
            f"CPU)")


def linux_table(build, mode, res, runs):
    t = Table(f"Linux boot to init, {mode}, median of {runs} run(s); "
              f"{linux_cpus(build, mode)}", f"Linux [{mode}]")
    failed = failures(res)
    ok = {s: r for s, r in res.items() if s not in failed}
    for index, label, decimals in (
            (0, "guest time at init, printk (s)", 6),
            (1, "guest uptime at init marker (s)", 2),
            (2, "wall, QEMU start to init (s)", 2)):
        t.row(label, {s: median(x[index] for x in r) for s, r in ok.items()},
              decimals, failed)
    failure_notes(t, failed)
    return t.text()


# -------------------------------------------------------------------- io

def io_runs(build, mode, runs, progress):
    """{setup: [figures of each run] or RunFailed}, setups interleaved."""
    res = {s: [] for s in linux_io.IO_SETUPS}
    for i in range(runs):
        for setup in linux_io.IO_SETUPS:
            if isinstance(res[setup], RunFailed):
                continue
            progress(f"io {mode} {setup} run {i + 1}/{runs}\n")
            try:
                res[setup].append(linux_io.run_once(QEMU, build, setup,
                                                    mode == "icount"))
            except (pexpect.ExceptionPexpect, RuntimeError, OSError) as exc:
                res[setup] = RunFailed(f"{type(exc).__name__}: {exc}")
    return res


def io_table(mode, res, runs):
    t = Table(f"Linux virtio disk and network, {mode}, median of {runs} run(s), "
              f"MiB/s by the guest's clock ({linux_io.DISK_MIB} MiB disk, "
              f"{linux_io.NET_MIB} MiB network; shikiri: the devices behind "
              f"the SMMUv3)", f"io [{mode}]", linux_io.IO_SETUPS)
    failed = failures(res)
    ok = {s: r for s, r in res.items() if s not in failed}
    for key, label in (("disk write", "disk write, dd conv=fsync (MiB/s)"),
                       ("disk read", "disk read, cache dropped (MiB/s)"),
                       ("net down", "network, server to guest (MiB/s)"),
                       ("net up", "network, guest to server (MiB/s)")):
        t.row(label, {s: median(x[key] for x in r) for s, r in ok.items()},
              1, failed)
    failure_notes(t, failed)
    return t.text()


# ------------------------------------------------------------------ size

def hyp_sources(mk="hypervisor/hypervisor.mk"):
    """The HYP_SRCS list of hypervisor/hypervisor.mk."""
    with open(mk) as f:
        text = f.read()
    m = re.search(r"^HYP_SRCS\s*:?=((?:.*\\\n)*.*)$", text, re.M)
    if not m:
        sys.exit(f"{mk}: no HYP_SRCS")
    return m.group(1).replace("\\\n", " ").split()


def hyp_platform(mk="hypervisor/hypervisor.mk"):
    with open(mk) as f:
        m = re.search(r"^PLATFORM\s*\?=\s*(\S+)", f.read(), re.M)
    return os.environ.get("PLATFORM") or (m.group(1) if m else "qemu-virt")


def headers_of(source, cc, platform):
    """The non-system headers `source` includes (gcc -MM)."""
    out = subprocess.run(
        [cc, "-MM", "-Ihypervisor", "-Ihypervisor/arch/arm64/include", "-Iinclude",
         f"-Ihypervisor/platform/{platform}", "-DSK_HYPERVISOR=1", source],
        capture_output=True, text=True, check=True, timeout=60).stdout
    deps = out.replace("\\\n", " ").split(":", 1)[1].split()
    return [os.path.normpath(d) for d in deps if d.endswith(".h")]


def strip_comments(text):
    """C text without /* */ and // comments (strings and character
    constants left alone); newlines inside comments are kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("\n" * text.count("\n", i, end))
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def code_lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = strip_comments(f.read())
    return sum(1 for line in text.splitlines() if line.strip())


def size_modules(build):
    """(module, .text bytes) of the hypervisor for the size chart, largest
    first: bench/size.py's per-module table (`make size`), modules without
    code (headers) left out."""
    import size as size_tool  # bench/size.py, which imports this file
    mods = [(m, b) for m, b in size_tool.modules(build) if b > 0]
    top = 24  # a readable chart: the largest, the rest in one bar
    if len(mods) > top + 1:
        mods = mods[:top] + [(f"{len(mods) - top} others",
                              sum(b for _, b in mods[top:]))]
    return mods


def size_table(build):
    import size as size_tool  # bench/size.py, which imports this file
    elf = f"{build}/hypervisor/shikiri.elf"
    size = subprocess.run(["aarch64-linux-gnu-size", elf], capture_output=True,
                          text=True, check=True, timeout=60).stdout
    text, data, bss = (int(v) for v in size.splitlines()[1].split()[:3])
    # size(1)'s "text" is every read-only section; the code alone is .text.
    sections = subprocess.run(["aarch64-linux-gnu-size", "-A", elf],
                              capture_output=True, text=True, check=True,
                              timeout=60).stdout
    code = next(int(line.split()[1]) for line in sections.splitlines()
                if line.split()[:1] == [".text"])
    sources = hyp_sources()
    platform = hyp_platform()
    headers = sorted({h for s in sources
                      for h in headers_of(s, "aarch64-linux-gnu-gcc",
                                          platform)})
    src_lines = sum(code_lines(p) for p in sources)
    hdr_lines = sum(code_lines(p) for p in headers)
    return "\n".join([
        f"size of {elf}",
        f"  .text (code) {code} B = {code / 1024:.1f} KiB; size(1): text "
        f"{text} B (code and read-only data), data {data} B, bss {bss} B",
        f"  code lines (non-blank, non-comment): {src_lines + hdr_lines} in "
        f"{len(sources) + len(headers)} files ({src_lines} in "
        f"{len(sources)} .c/.S of HYP_SRCS, {hdr_lines} in "
        f"{len(headers)} headers they include)",
        "",
        "per module (bench/size.py; `make size` prints all of them):",
        size_tool.render(build, top=25),
    ])


# ---------------------------------------------------------------- charts

def quantiles(res, line):
    """{setup: {quantile: ns}} of a min/median/p99/max line (the median
    over runs of each), setups that failed left out."""
    return {s: {q: micro_field(r, line, q, PS_PER_NS)
                for q in charts.QUANTILES}
            for s, r in res.items() if not isinstance(r, RunFailed) and r}


def write_charts(build, mode, micro_res=None, rtos_res=None, modules=None):
    """The SVG charts of what ran (module docstring), in BUILD/bench;
    returns their paths. charts.ChartError when one cannot be written."""
    out = f"{build}/bench"
    unit = "ns = instructions" if mode == "icount" else "ns"
    done = []
    if micro_res:
        for line, what in (("timer-running", "timer interrupt, running"),
                           ("timer-wfi", "timer interrupt, from WFI")):
            done.append(charts.quantile_chart(
                f"{out}/{line}.svg", f"{what}: bare / shikiri / Xen "
                f"({mode})", unit, quantiles(micro_res, line)))
    if rtos_res:
        series = quantiles(rtos_res, "irq-to-task")
        names = {"bare": "bare", "shikiri": "shikiri, dedicated CPU",
                 "shared": "shikiri, CPU shared with Linux"}
        done.append(charts.quantile_chart(
            f"{out}/rtos-timer-to-task.svg", f"RTOS timer interrupt to task "
            f"({mode})", unit, {names.get(s, s): v for s, v in series.items()}))
    if modules:
        done.append(charts.size_chart(
            f"{out}/size.svg", f"hypervisor size ({build}/hypervisor/"
            f"shikiri.elf), bytes", modules))
    return done


# ------------------------------------------------------------------ main

def parse_list(values, allowed, what):
    items = [v for value in values for v in value.split(",") if v]
    for v in items:
        if v not in allowed:
            sys.exit(f"--{what}: unknown {v!r} (one of {', '.join(allowed)})")
    return [a for a in allowed if a in items]


def commands_text(build, parts, modes):
    lines = []
    for workload, cmd_of, setups in (("micro", micro_cmd, SETUPS),
                                     ("boards", board_cmd, BOARD_SETUPS),
                                     ("rtos", rtos_cmd, RTOS_SETUPS),
                                     ("channel", channel_cmd, CHANNEL_SETUPS),
                                     ("linux", linux_cmd, SETUPS)):
        if workload not in parts:
            continue
        for mode in modes:
            if workload == "boards" and mode != "icount":
                continue
            for setup in setups:
                lines.append(f"  {workload} {mode} {setup}: " + shlex.join(
                    [QEMU] + cmd_of(build, setup, mode == "icount")))
    for mode in [m for m in modes if m == "tcg"] if "io" in parts else ():
        for setup in linux_io.IO_SETUPS:
            lines.append(f"  io {mode} {setup}: " + shlex.join(
                [QEMU] + linux_io.io_cmd(build, setup, "DISK-COPY", "SERVER-PORT",
                                         mode == "icount")))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.environ.get("BUILD", "build"),
                    help="build folder (default: $BUILD, else build)")
    ap.add_argument("--runs", type=int, default=3,
                    help="runs per setup under plain TCG (default 3)")
    ap.add_argument("--icount-runs", type=int, default=1,
                    help="runs per setup under icount (default 1: icount "
                         "repeats exactly)")
    ap.add_argument("--only", action="append", default=[],
                    help="micro, rtos, channel, linux, boards, io, size "
                         "(repeatable or "
                         "comma list; default all)")
    ap.add_argument("--boards", action="append", default=[],
                    help="for --only boards: " + ", ".join(BOARD_SETUPS)
                         + " (comma list; default all)")
    ap.add_argument("--modes", action="append", default=[],
                    help="icount, tcg (comma list; default both)")
    opts = ap.parse_args()
    parts = parse_list(opts.only, PARTS, "only") or list(PARTS)
    modes = parse_list(opts.modes, MODES, "modes") or list(MODES)
    BOARD_SETUPS[:] = parse_list(opts.boards, BOARD_SETUPS, "boards") \
        or BOARD_SETUPS
    if opts.runs < 1 or opts.icount_runs < 1:
        sys.exit("--runs and --icount-runs must be at least 1")
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    build = os.path.abspath(opts.build)
    if build.startswith(repo + os.sep):
        build = os.path.relpath(build, repo)  # shorter in the commands
    os.chdir(repo)  # hypervisor/hypervisor.mk and the sources, relative
    check_inputs(build, parts)
    if {"micro", "rtos", "size"} & set(parts):
        try:
            charts.gnuplot_path()
        except charts.ChartError as exc:
            sys.exit(str(exc))

    def runs_of(mode):
        return opts.icount_runs if mode == "icount" else opts.runs

    def progress(text):
        sys.stderr.write(text)
        sys.stderr.flush()

    began = time.monotonic()
    qemu = qemu_version()
    sections = []
    errors = []
    title = (f"shikiri benchmarks - {qemu}; Xen {xen_version(build)}; "
             f"cortex-a53, GICv3 ({time.strftime('%Y-%m-%d %H:%M')})")
    micro_res = {}
    rtos_res = {}
    chart_mode = "icount" if "icount" in modes else modes[0]
    if "micro" in parts:
        res = micro_res = run_all("micro", build, modes, runs_of, progress)
        for mode in modes:
            sections.append(micro_table(mode, res[mode], runs_of(mode)))
            errors += [f"micro {mode} {s} failed" for s in failures(res[mode])]
        mismatch = check_checksums(res)
        if mismatch:
            sections.append(mismatch)
            errors.append(mismatch)
    if "boards" in parts:
        # icount only: the figures are instruction counts of the
        # hypervisor's paths, which differ per board and GIC.
        res = run_all("boards", build, ["icount"], runs_of, progress)
        sections.append(micro_table(
            "icount", res["icount"], runs_of("icount"),
            f"micro per board, icount (ns = instructions), median of "
            f"{runs_of('icount')} run(s), shikiri, 1 CPU", BOARD_SETUPS))
        errors += [f"boards icount {s} failed"
                   for s in failures(res["icount"])]
        mismatch = check_checksums(dict(res, **{
            f"micro-{m}": r for m, r in micro_res.items()}))
        if mismatch:
            sections.append(mismatch)
            errors.append(mismatch)
    if "rtos" in parts:
        res = rtos_res = run_all("rtos", build, modes, runs_of, progress)
        for mode in modes:
            sections.append(rtos_table(mode, res[mode], runs_of(mode)))
            errors += [f"rtos {mode} {s} failed" for s in failures(res[mode])]
    if "channel" in parts:
        res = run_all("channel", build, modes, runs_of, progress)
        for mode in modes:
            sections.append(channel_table(mode, res[mode], runs_of(mode),
                                          micro_res.get(mode)))
            errors += [f"channel {mode} {s} failed" for s in failures(res[mode])]
    if "linux" in parts:
        res = run_all("linux", build, modes, runs_of, progress)
        for mode in modes:
            sections.append(linux_table(build, mode, res[mode],
                                        runs_of(mode)))
            errors += [f"linux {mode} {s} failed" for s in failures(res[mode])]
    if "io" in parts:
        # Plain TCG only: under -icount sleep=off the guest's clock warps
        # over idle time while the host delivers the data at its own pace,
        # so a throughput by that clock means nothing.
        for mode in [m for m in modes if m == "tcg"]:
            res = io_runs(build, mode, runs_of(mode), progress)
            sections.append(io_table(mode, res, runs_of(mode)))
            errors += [f"io {mode} {s} failed" for s in failures(res)]
    if "size" in parts:
        sections.append(size_table(build))
    try:
        written = write_charts(
            build, chart_mode, micro_res.get(chart_mode),
            rtos_res.get(chart_mode),
            size_modules(build) if "size" in parts else None)
        if written:
            sections.append("charts: " + ", ".join(written))
    except charts.ChartError as exc:
        sections.append(str(exc))
        errors.append(str(exc))
    wall = time.monotonic() - began
    report = "\n\n".join([title] + sections +
                         [f"total wall time {wall / 60:.1f} min"]) + "\n"
    print(report, end="")
    os.makedirs(f"{build}/bench", exist_ok=True)
    out = f"{build}/bench/results.txt"
    with open(out, "w") as f:
        f.write(f"{qemu}\ncommands:\n{commands_text(build, parts, modes)}\n\n"
                + report)
    print(f"(also in {out}, with the QEMU commands)")
    if errors:
        sys.exit("bench: " + "; ".join(errors))


if __name__ == "__main__":
    main()
