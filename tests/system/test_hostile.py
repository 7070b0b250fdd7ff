"""The hostile-guest suite (configs/tests/hostile.dts): a partition of two
vCPUs (guests/tests/hostile*.c) attacks memory, the GIC, SGIs, PSCI, the
SMC/HVC interface (calls meant for the SoCs' firmware, 100,000 seeded
random calls), EL2/EL3 registers, cache
maintenance, debug and PMU, and finishes with a 100,000-fault storm. Two
victims beat meanwhile, one owning a pass-through device and its interrupt.

Every attack must be reported contained, and the debug, PMU and set/way
attacks trapped: their accesses reached the hypervisor (counted as emulated
system-register exits), not the hardware (written values read back as 0,
the cycle counter does not count, a breakpoint does not fire). The
hypervisor must answer after each, the victims' heartbeats must run on in order without a stall, and no
interrupt may reach them that they did not ask for. Runs under
`-icount shift=0,sleep=off` so that "without a stall" is measured in exact
virtual time, not in the shared host's scheduling."""
import re

import pytest

from conftest import board_image, config_image

ATTACKS = ("memory-targets", "memory-sweep", "gic-distributor",
           "gic-redistributor", "sgis", "psci", "firmware-calls", "random-calls",
           "el2-el3-registers", "set-way", "cache-by-address", "debug",
           "pmu", "fault-storm")
# What must not reach the hardware at all: every access traps to EL2.
TRAPPED = ("set-way", "debug", "pmu")
VICTIMS = ("victim", "witness")
BEAT_PERIOD_US = 200_000
# On the ZCU102 the victim owns the ZynqMP RTC instead of virt's PL031
# (tests/system/boards.py). On the imx8mp-evk the victims' interrupts
# come through the hypervisor-raised virtual IRQ (HCR_EL2.VI,
# arch/arm64/gic/vgic_v3_virq.c): QEMU 10.0.2 does not wire the GIC's.
@pytest.mark.parametrize("board,gic", [("virt", 3), ("virt", 2),
                                       ("zcu102", 2), ("imx8mp-evk", 3)])
def test_every_attack_is_contained_and_the_victims_never_notice(qemu, board,
                                                                 gic):
    q = qemu(board_image(board, "tests/hostile"), gic=gic, icount=True,
             board=board)
    lines, m = q.lines_until(r"\[hostile\] hostile: (\d+)/(\d+) attacks "
                             r"contained\r", timeout=600)
    text = "\n".join(lines)
    results = re.findall(r"\[hostile\] attack ([\w-]+): ((?:NOT )?"
                         r"(?:contained|trapped)) \(([^\r\n]*)\)", text)
    assert [r[0] for r in results] == list(ATTACKS), results
    # What each trapped attack cost (set/way: its emulated flushes), for
    # the record (pytest -s).
    for r in results:
        if r[0] in TRAPPED:
            print(f"\ngic v{gic}: attack {r[0]}: {r[1]} ({r[2]})")
    failed = [r for r in results
              if r[1] != ("trapped" if r[0] in TRAPPED else "contained")]
    assert not failed, failed
    assert (m.group(1), m.group(2)) == (str(len(ATTACKS)),) * 2
    # The hypervisor answered after every single attack.
    assert text.count("[hostile] hypervisor answers: ABI 1.4") == len(ATTACKS)
    assert "hypervisor silent" not in text
    # The random calls were made, seeded, and reached real handlers too.
    assert "[hostile] random calls: seed 0x5eed5eed0b5e55ed, 100000 calls" in text
    st = re.search(r"random calls: status 0: (\d+), -1: (\d+)", text)
    assert int(st.group(1)) > 100 and int(st.group(2)) < 100000, st.group(0)
    # The victims beat on throughout, in order, and saw nothing. (The
    # whole suite takes well under a second of virtual time: a few beats;
    # the lateness report below covers every one of them.)
    for name in VICTIMS:
        beats = [int(b) for b in re.findall(rf"\[{name}\] heartbeat (\d+)", text)]
        assert len(beats) >= 2, (name, beats)
        assert beats == list(range(beats[0], beats[0] + len(beats))), name
    assert "stall:" not in text
    assert "unexpected interrupt" not in text
    # The hostile partition itself is alive and still served.
    q.expect(r"\[hostile\] heartbeat 2\r")
    for pid, name in enumerate(VICTIMS, start=1):
        late = q.lateness(pid, name)
        assert (late["stalls"], late["unexpected"], late["gic"]) == (0, 0, gic), late
        assert late["max_us"] < BEAT_PERIOD_US, late


def test_the_unexpected_interrupt_report_works(qemu):
    """The check above relies on the victims reporting a stray interrupt:
    make one send itself an SGI it never expects and see the report."""
    q = qemu(config_image("tests/hostile"), icount=True)
    q.expect(r"\[victim\] heartbeat 2\r")
    q.focus(1, "victim")
    q.send("g")
    q.expect(r"\[victim\] unexpected interrupt 1 \(1 so far\)\r")
