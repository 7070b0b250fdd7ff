"""Shared CPUs (docs/scheduling.md): a real-time partition keeps its
deadlines while a busy Linux shares its CPU, and time windows give each
partition its configured share of a CPU. All under -icount, so the times
are the emulated machine's, exact and repeatable. Every test runs on
GICv3 and GICv2 (GIC: a system with Linux packs the guest device tree of
its GIC, the `-gicv2` twin of its configuration)."""
import re

import pytest

import boards
from conftest import ESC, board_image, build_path, config_image
from test_linux import LinuxShell

REPORT = (r"\[rtos\] control: 1000 periods of 1000 us, release jitter min (-?\d+) ns "
          r"mean (-?\d+) ns max (-?\d+) ns, early (\d+), overruns (\d+);")
# The RTOS's 1 kHz task, released late by at most this much while Linux
# loads the CPU they share (dedicated CPU: 704 ns, docs/rtos.md; seen here:
# about 4 us). The worst case is the longest stretch the hypervisor runs for
# Linux with interrupts masked, plus a switch (docs/scheduling.md).
JITTER_BOUND_NS = 20_000
# Linux's load: a shell loop that never sleeps, and one printing lines to
# its console (every character a trapped PL011 write, every line several
# interrupts); the second one ends, proving Linux still gets its work done.
LOAD_LINES = 4000
LOAD = ("(while :; do :; done) & "
        f"(i=0; while [ $i -lt {LOAD_LINES} ]; do i=$((i+1)); "
        "echo load-$i-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx; done; "
        "echo load-fin''ished) &\r")
# Time windows: alpha 600 us and beta 400 us of every 1000 us frame.
ALPHA_SHARE = 0.6
SHARE_TOLERANCE = 0.01  # of the configured share
FRAMES = 1000
GICS = [3, 2]


def twin(name, gic):
    """The configuration NAME, or its GICv2 twin NAME-gicv2 (Linux's device
    tree names the GIC)."""
    return config_image(name + ("-gicv2" if gic == 2 else ""))


def parse_report(m):
    return dict(zip(("min", "mean", "max", "early", "overruns"), map(int, m.groups())))


# The ZCU102 (GIC-400) runs the GICv2 twin moved onto its memory map
# (tests/system/boards.py; `make run-shared BOARD=zcu102`).
@pytest.mark.parametrize("gic,board", [(3, "virt"), (2, "virt"), (2, "zcu102")])
def test_rtos_keeps_its_deadlines_while_linux_loads_their_cpu(qemu, gic, board):
    if board == "virt":
        q = qemu(twin("qemu-virt-shared", gic), gic=gic, smp=1, icount=True)
    else:
        q = qemu(board_image(board, "qemu-virt-shared-gicv2"), board=board,
                 icount=True)
    sh = LinuxShell(q)
    sh.wait_for_init()
    q.send(LOAD)
    q.expect(r"\[linux\] load-50-x", timeout=300)
    # Reports until two full ones under load and Linux's printing is done.
    # The report in progress when the load began covers time before it.
    reports, finished = [], False
    while len(reports) < 3 or not finished:
        i = q.child.expect([REPORT, r"\[linux\] load-finished\r"], timeout=300)
        if i == 0:
            reports.append(parse_report(q.child.match))
        else:
            finished = True
    under_load = reports[1:]
    for r in under_load:
        assert r["overruns"] == 0 and r["early"] == 0, under_load
        assert r["max"] <= JITTER_BOUND_NS, under_load
    # The hypervisor saw the RTOS preempt Linux about once a period.
    q.send(ESC + "s")
    m = q.expect(r"sched CPU0: switches (\d+), idle (\d+) us, real-time wake-ups "
                 r"(\d+), worst wake-up latency (\d+) ns, average switch (\d+) ns\r")
    switches, _, wakeups, worst, _ = map(int, m.groups())
    assert wakeups >= 2000 and switches >= 2 * wakeups - 10
    assert worst <= JITTER_BOUND_NS


@pytest.mark.parametrize("gic", GICS)
def test_time_windows_give_each_partition_its_share(qemu, gic):
    q = qemu(config_image("tests/windows"), gic=gic, smp=1, icount=True)
    # Each guest counts loop turns; by 1 s of its own clock 1000 frames
    # have passed. Under -icount a turn costs the same in both.
    alpha = int(q.expect(r"\[alpha\] spin: (\d+) turns by 1 s\r").group(1))
    beta = int(q.expect(r"\[beta\] spin: (\d+) turns by 1 s\r").group(1))
    share = alpha / (alpha + beta)
    assert abs(share - ALPHA_SHARE) <= ALPHA_SHARE * SHARE_TOLERANCE, share
    # The hypervisor's own accounting says the same.
    q.send(ESC + "s")
    m = q.expect(r"sched CPU0: switches (\d+), idle (\d+) us")
    switches = int(m.group(1))
    ran = {}
    for _ in range(2):
        m = q.expect(r"sched CPU0: '(alpha|beta)' vCPU0 \(best-effort 0\) ran (\d+) us\r")
        ran[m.group(1)] = int(m.group(2))
    total = ran["alpha"] + ran["beta"]
    assert total >= FRAMES * 1000 * 0.98, ran
    assert abs(ran["alpha"] / total - ALPHA_SHARE) <= ALPHA_SHARE * SHARE_TOLERANCE, ran
    # Two switches per frame, no more.
    frames = total / 1000
    assert 2 * frames - 4 <= switches <= 2 * frames + 4, (switches, frames)


# The pending SGI is read through ICC_HPPIR1_EL1, or GICC_HPPIR on GICv2
# (whose LR switch, vgic_v2_lr.c, still moves every list register).
@pytest.mark.parametrize("gic", [3, 2])
def test_switches_keep_each_partitions_registers_timer_and_interrupts(qemu, gic):
    """The guard of a switch that moves only what differs (docs/
    scheduling.md): two partitions share CPU 0 under time windows
    (configs/tests/keep.dts), each with a pattern of its own in every EL1/EL0
    register, V0-V31, FPSR/FPCR, x9-x15, its virtual timer, and SGI 1 left
    pending with its interrupts masked. After every turn of the other each
    compares all of it with what it wrote: a switch that lost any of it, or
    showed one partition the other's (FP/SIMD registers included), fails."""
    q = qemu(config_image("tests/keep"), gic=gic, smp=1, icount=True)
    for name in ("alpha", "beta"):
        m = q.expect(rf"\[{name}\] keep: ([^\r]*)\r", timeout=120)
        assert re.match(r"200 switches, registers kept, timer kept \(0x[0-9a-f]+\), "
                        r"interrupt pending$", m.group(1)), (name, m.group(1))


@pytest.mark.parametrize("gic", GICS)
def test_best_effort_guest_with_interrupts_masked_cannot_delay_realtime(qemu, gic):
    """spin never idles and never unmasks IRQs: physical interrupts are
    taken at EL2 whatever its PSTATE, so the RTOS still preempts it."""
    q = qemu(config_image("tests/rtos-spin"), gic=gic, smp=1, icount=True)
    m = None
    for _ in range(2):  # the first report includes the start-up
        m = q.expect(REPORT, timeout=300)
    r = parse_report(m)
    assert r["overruns"] == 0 and r["early"] == 0 and r["max"] <= JITTER_BOUND_NS, r
    # And the best-effort guest still gets the RTOS's idle time: about
    # 330 million turns a second alone (test_time_windows...), here the
    # RTOS demo's own load task takes its part.
    turns = int(q.expect(r"\[spin\] spin: (\d+) turns by 2 s\r").group(1))
    assert turns >= 400_000_000, turns


# The regression test of the GICv2 stall (docs/scheduling.md, "GICv2"):
# with the timer forwarded through the list register's HW bit, the RTOS
# demo beside spin stopped after 3 s of its time (its timer due, its
# interrupt never signalled by QEMU's GICv2), about 6000 switches and 3000
# timer interrupts in. Ten times that, every second judged.
STALL_REPORTS = 10


def test_realtime_timer_survives_many_switches_on_gicv2(qemu):
    q = qemu(config_image("tests/rtos-spin"), gic=2, smp=1, icount=True)
    reports = [parse_report(q.expect(REPORT, timeout=300)) for _ in range(STALL_REPORTS)]
    for r in reports[1:]:  # the first one includes the start-up
        assert r["overruns"] == 0 and r["early"] == 0 and r["max"] <= JITTER_BOUND_NS, reports
    q.send(ESC + "s")
    m = q.expect(r"sched CPU0: switches (\d+), idle \d+ us, real-time wake-ups (\d+), worst")
    switches, wakeups = map(int, m.groups())
    assert wakeups >= STALL_REPORTS * 1000 and switches >= 2 * wakeups - 10, m.groups()


@pytest.mark.parametrize("gic", GICS)
def test_doorbells_switch_between_partitions_sharing_a_cpu(qemu, gic):
    """Interrupt-driven switches, both ways: ping (best-effort) and pong
    (real-time) on one CPU (bench/channel-shared.dts). Every doorbell to
    pong preempts ping, every wait of pong gives the CPU back; a lost or
    late switch shows as a missing answer (the guest reports an error)."""
    q = qemu(build_path("bench", "channel-shared.img"), gic=gic, smp=1,
             mem="256M", icount=True)
    m = q.expect(r"\[ping\] bench: doorbell-rtt n=1000 min=(\d+) median=(\d+) p99=")
    assert int(m.group(2)) > 0
    m = q.expect(r"\[ping\] bench: (ring-throughput bytes=\d+ |error: [^\r]*\r)")
    assert m.group(1).startswith("ring-throughput"), m.group(1)
    q.expect(r"\[ping\] bench: done\r")


@pytest.mark.parametrize("gic,icount", [(3, True), (3, False), (2, True), (2, False)])
def test_linux_with_a_vcpu_on_the_realtime_cpu(qemu, gic, icount):
    """Linux's vCPU 0 owns CPU 0, its vCPU 1 shares CPU 1 with the RTOS:
    both come up (PSCI CPU_ON into a shared CPU), Linux works with IPIs
    crossing to the shared CPU, and nothing of one guest leaks into the
    other (a vCPU's registers landing in another crashed Linux before the
    switch kept the exit frame straight). Under -icount with 2 CPUs QEMU
    runs them in turns, so the RTOS report covering Linux's boot is not
    judged; the ones after are. Without -icount (host timing: switches land
    elsewhere, which is how the frame mix-up showed) only behaviour is
    judged, not time."""
    q = qemu(twin("tests/linux-rtos-2cpu", gic), gic=gic, smp=2, icount=icount)
    sh = LinuxShell(q)
    q.expect(r"\[linux\] \[ *[0-9.]+\] smp: Brought up 1 node, 2 CPUs\r")
    sh.wait_for_init()
    assert sh.run("grep -c ^processor /proc/cpuinfo") == ["2"]
    # Work on both vCPUs (each pinned where the shell can), then reports.
    out = sh.run("for c in 0 1; do (taskset -c $c sh -c 'i=0; while [ $i -lt 3000 ]; "
                 "do i=$((i+1)); done' && echo cpu$c-done) & done; wait")
    assert sorted(l for l in out if l.endswith("-done")) == ["cpu0-done", "cpu1-done"], out
    reports = [parse_report(q.expect(REPORT, timeout=300)) for _ in range(3)]
    for r in reports[1:]:
        assert not icount or (r["overruns"] == 0 and r["max"] <= JITTER_BOUND_NS), reports
    assert not any(re.search(r"Oops|BUG:|Kernel panic", line) for line in q.log), \
        "Linux reported a crash"


@pytest.mark.parametrize("gic", GICS)
def test_manager_reads_the_scheduler_statistics(qemu, gic):
    """SK_HC_SCHED_STATS from a manager sharing CPU 0 with a real-time
    heartbeat guest (configs/tests/manage-shared.dts)."""
    q = qemu(config_image("tests/manage-shared"), gic=gic, smp=1, icount=True)
    q.expect(r"\[beat\] heartbeat 3\r")
    q.focus(0, "boss")
    q.send("c")
    m = q.expect(r"\[boss\] sched 0: (-?\d+) bytes (\d+) shared (\d+) switches (\d+) "
                 r"vcpus (\d+) run (\d+) (\d+) ns\r")
    status, size, shared, switches, vcpus, run0, run1 = map(int, m.groups())
    assert (status, shared, vcpus) == (0, 1, 2), m.groups()
    assert size >= 96 and switches > 0 and run0 > 0 and run1 > 0, m.groups()


@pytest.mark.parametrize("gic", GICS)
def test_watchdog_of_a_partition_on_a_shared_cpu(qemu, gic):
    """The shared CPU keeps the watchdog of its partitions whatever vCPU
    runs: boss stops kicking, expires, restarts, and after the restart
    (armed again where it is entered) kicks on without a second expiry."""
    q = qemu(config_image("tests/manage-shared"), gic=gic, smp=1, icount=True)
    q.expect(r"\[beat\] heartbeat 3\r")
    q.focus(0, "boss")
    q.send("W")
    q.expect(r"\[boss\] watchdog kicking off")
    q.expect(r"\[shikiri\] partition 'boss': watchdog of 1000 ms not kicked")
    q.expect(r"\[shikiri\] partition 'boss' restarting \(watchdog expired\), restart #1")
    q.expect(r"\[boss\] hello from boss")
    lines, _ = q.lines_until(r"\[boss\] heartbeat 10\r")
    assert not any("watchdog of" in l for l in lines)
