"""Pass-through device interrupts (docs/architecture.md, "Interrupts"): a
partition's SPIs are taken on the CPU of its vCPU 0, and released when the
partition stops.

The owner is guests/tests/rtc.c with QEMU virt's PL031 RTC (SPI 2 = INTID
34) on CPU 1; partition 0, 'alpha', is the victim on CPU 0. All runs use
-icount: the beats the tests count are virtual time.
"""
import re

import pytest

from conftest import config_image, heartbeat_counts

BURST = 20  # RTC_BURST in guests/tests/rtc.c
# A beat may fall into the burst's window; one IRQ exit per alarm may not.
VICTIM_EXITS_MAX = BURST // 4
# Beats each victim must still give after the owner stopped (200 ms each).
BEATS_AFTER_STOP = 10
STOP_TIMEOUT = 60

BURST_RE = (r"\[rtc\] rtc run (\d+): gic v(\d), (\d+) of (\d+) alarms "
            r"interrupted \((\d+) raised\), victim irq exits \+(\d+), "
            r"stray irqs (\d+)\r")

# (image, gic, smp, the victims that must keep beating)
SYSTEMS = {
    "gicv3-dedicated": ("tests/rtc-off", 3, 4, ("alpha", "gamma")),
    "gicv2-dedicated": ("tests/rtc-off", 2, 4, ("alpha", "gamma")),
    "gicv3-shared": ("tests/rtc-shared", 3, 2, ("alpha", "beta")),
    "gicv2-shared": ("tests/rtc-shared", 2, 2, ("alpha", "beta")),
}


def boot(qemu, system):
    image, gic, smp, victims = SYSTEMS[system]
    q = qemu(config_image(image), gic=gic, smp=smp, icount=True)
    return q, gic, victims


def expect_burst(q, run, gic):
    """The owner's burst report for run `run`: every alarm interrupted it,
    and none of them interrupted the victim's CPU."""
    m = q.expect(BURST_RE)
    got_run, got_gic, got, total, raised, victim, stray = map(int, m.groups())
    assert (got_run, got_gic, total, raised) == (run, gic, BURST, BURST), m.group(0)
    assert got == BURST, f"the RTC's interrupt did not reach its owner: {m.group(0)}"
    assert victim <= VICTIM_EXITS_MAX, \
        f"the RTC's interrupt was taken on the victim's CPU 0: {m.group(0)}"
    assert stray == 0, m.group(0)


def expect_victims_beat_on(q, victims):
    """After the owner stopped, every victim gives BEATS_AFTER_STOP more
    beats (virtual time keeps running for them: no CPU is stuck in an
    interrupt storm)."""
    q.expect(r"\[shikiri\] partition 'rtc' stopped \(", timeout=STOP_TIMEOUT)
    first = victims[0]
    last = heartbeat_counts("".join(q.log).splitlines()).get(first, [0])[-1]
    # The victims beat with one period: when the first has given
    # BEATS_AFTER_STOP + 1 more, each other one has given at least
    # BEATS_AFTER_STOP.
    lines, _ = q.lines_until(rf"\[{first}\] heartbeat "
                             rf"{last + BEATS_AFTER_STOP + 1}\r",
                             timeout=STOP_TIMEOUT)
    after = heartbeat_counts(lines)
    for v in victims[1:]:
        assert len(after.get(v, [])) >= BEATS_AFTER_STOP, \
            f"'{v}' gave {len(after.get(v, []))} beats after the stop: {lines}"
    assert not [l for l in lines if "unexpected interrupt" in l], lines


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_device_irq_is_taken_on_the_owners_cpu(qemu, system):
    """A pass-through SPI reaches its owner whose vCPU 0 is not on CPU 0,
    on both GICs, and is taken on the owner's CPU, not CPU 0."""
    q, gic, _ = boot(qemu, system)
    expect_burst(q, 0, gic)


@pytest.mark.parametrize("system", sorted(SYSTEMS))
def test_device_irq_left_asserted_at_system_off_freezes_nobody(qemu, system):
    """The owner leaves its level interrupt asserted and never ended and
    calls SYSTEM_OFF: the interrupt is released with the partition, and
    the partitions on every other CPU (and on its own) keep running."""
    q, _, victims = boot(qemu, system)
    q.expect(r"\[rtc\] rtc: alarm left raised \(asserted\), SYSTEM_OFF\r")
    expect_victims_beat_on(q, victims)


@pytest.mark.parametrize("gic", [3, 2])
def test_device_irq_works_again_after_system_reset(qemu, gic):
    """The owner leaves its alarm asserted and calls SYSTEM_RESET: the
    restarted partition gets its device's interrupts again, on its CPU."""
    q = qemu(config_image("tests/rtc-reset"), gic=gic, smp=2, icount=True)
    q.expect(r"\[rtc\] rtc: alarm left raised \(asserted\), SYSTEM_RESET\r")
    q.expect(r"\[shikiri\] partition 'rtc' restarting \(guest called PSCI "
             r"SYSTEM_RESET\), restart #1\r")
    expect_burst(q, 1, gic)
    q.expect(r"\[rtc\] heartbeat 3\r")
    q.expect(r"\[alpha\] heartbeat \d+\r")
