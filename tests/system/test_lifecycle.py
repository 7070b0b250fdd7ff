"""The vCPU lifecycle (issue 15 items 1 and 2): a vCPU that turns off leaves
nothing of itself in its CPU (virtual timer, the forwarded timer PPI's active
state, the timer fast path, list registers), and a vCPU that starts finds
every EL1/EL0 register it can read at its reset value, whatever ran on that
CPU before. The hostile guest is guests/tests/lifecycle.c; the victim is the
same guest as role=victim, which fills its registers with recognisable
values at every beat. All under -icount: virtual time, repeatable."""
import re

import pytest

from conftest import config_image

VICTIM = 0  # partition id of the victim in every lifecycle configuration
# Beats of the victim (200 ms each) watched after the attack. Each beat
# sleeps in 10 ms polls, each ended by its timer interrupt: at least 4 a
# beat.
BEATS_AFTER = 5
DEAD_TIMER = r"unexpected interrupt 27 disabled"


def victim_beat(q, name="victim"):
    return int(q.expect(rf"\[{name}\] heartbeat (\d+)\r", timeout=120).group(1))


def assert_victim_timer_alive(q, name="victim", beats=BEATS_AFTER,
                              starved_before=False):
    """The victim beats on and its timer interrupts keep coming (over
    `beats` beats); it never stalled, or, if it was starved_before (a
    real-time neighbour spun, by design), not since now."""
    before = q.lateness(VICTIM, name)
    start = victim_beat(q, name)
    while victim_beat(q, name) < start + beats:
        pass
    after = q.lateness(VICTIM, name)
    text = "".join(q.log)
    assert DEAD_TIMER not in text, text[-2000:]
    assert after["timer_irqs"] - before["timer_irqs"] >= 4 * beats, (before, after)
    stalls = after["stalls"] - (before["stalls"] if starved_before else 0)
    assert stalls == 0 and after["unexpected"] == 0, (before, after)


@pytest.mark.parametrize("role,said", [
    ("timer-masked", r"timer fired with interrupts masked: powering off"),
    ("timer-armed", r"timer armed 5 ms ahead: powering off"),
])
@pytest.mark.parametrize("gic", [3, 2])
def test_vcpu_turning_off_on_a_shared_cpu_leaves_its_timer_behind(qemu, role, said, gic):
    """Shared CPU."""
    q = qemu(config_image(f"tests/lifecycle-{role}"), gic=gic, smp=1, icount=True)
    q.expect(rf"\[hostile\] {said}\r")
    q.expect(r"\[shikiri\] partition 'hostile' stopped \(guest called PSCI SYSTEM_OFF\)")
    assert_victim_timer_alive(q)


@pytest.mark.parametrize("gic", [3, 2])
def test_watchdog_turning_a_vcpu_off_on_a_shared_cpu_leaves_its_timer_behind(qemu, gic):
    """Shared CPU."""
    q = qemu(config_image("tests/lifecycle-watchdog"), gic=gic, smp=1, icount=True)
    q.expect(r"\[hostile\] timer fired with interrupts masked: hanging\r")
    q.expect(r"\[shikiri\] partition 'hostile': watchdog of 200 ms not kicked")
    q.expect(r"\[shikiri\] partition 'hostile' stopped")
    assert_victim_timer_alive(q)


@pytest.mark.parametrize("key,done", [
    ("S", r"stopped \(stopped by the manager\)"),
    ("R", r"restarting \(restarted by the manager\)"),
])
@pytest.mark.parametrize("gic", [3, 2])
def test_manager_turning_a_vcpu_off_on_a_shared_cpu_leaves_its_timer_behind(qemu, key, done, gic):
    """Shared CPU; the manager 'boss' (guests/tests/control.c) runs on
    CPU 1."""
    q = qemu(config_image("tests/lifecycle-manager"), gic=gic, smp=2, icount=True)
    q.expect(r"\[hostile\] timer fired with interrupts masked: hanging\r")
    q.focus(2, "boss")
    q.send(key + "1")
    q.expect(rf"\[shikiri\] partition 'hostile' {done}")
    assert_victim_timer_alive(q)


@pytest.mark.parametrize("gic", [3, 2])
def test_vcpu_started_on_a_shared_cpu_finds_only_reset_values(qemu, gic):
    q = qemu(config_image("tests/lifecycle-shared"), gic=gic, smp=2, icount=True)
    lines, m = q.lines_until(r"\[hostile\] el1-probe: (\d+) rounds, (\d+) leaked "
                             r"registers\r", timeout=300)
    leaks = [l for l in lines if "el1-probe: round" in l]
    assert int(m.group(1)) == 5 and int(m.group(2)) == 0, "\n".join(leaks)
    assert_victim_timer_alive(q)


@pytest.mark.parametrize("gic", [3, 2])
def test_restarted_partition_finds_only_reset_values_and_its_timer(qemu, gic):
    """Dedicated CPUs: SYSTEM_RESET with every register dirty, the timer
    fired and unanswered and armed again; three times."""
    q = qemu(config_image("tests/lifecycle-restart"), gic=gic, smp=2, icount=True)
    results = []
    for _ in range(4):
        lines, m = q.lines_until(r"\[hostile\] el1-probe: boot after (\d+) "
                                 r"restarts, (\d+) leaked registers\r", timeout=120)
        results.append((int(m.group(1)), int(m.group(2)),
                        [l for l in lines if "el1-probe: round" in l]))
    assert [r[0] for r in results] == [0, 1, 2, 3]
    assert all(r[1] == 0 for r in results), results
    # The restarted partition's own timer works, and the victim's.
    q.expect(r"\[hostile\] heartbeat 3\r", timeout=120)
    hostile = q.lateness(1, "hostile")
    assert hostile["timer_irqs"] >= 10, hostile
    assert_victim_timer_alive(q)


# The hypervisor's kick is SGI 14 (GIC_SGI_KICK); QEMU traces every SGI a
# CPU interface generates. Target list 0x1: CPU 0, the victim's.
KICK_TO_CPU0 = re.compile(r"generating SGI 14 .*targetlist 0x1$", re.M)
# Kicks to CPU 0 the storm may cause at most (enabling the SGI itself,
# boot): one per SGI would be tens of thousands.
KICK_SLACK = 10


def test_interrupts_for_an_off_vcpu_do_not_kick_its_cpu(qemu, tmp_path):
    """GICv3 only: the SGIs are counted with QEMU's GICv3 trace event
    (gicv3_icc_generate_sgi)."""
    trace = tmp_path / "sgi.log"
    q = qemu(config_image("tests/lifecycle-kicks"), gic=3, smp=2, icount=True,
             extra=("-trace", "gicv3_icc_generate_sgi", "-D", str(trace)))
    q.expect(r"\[hostile\] kick-storm: start\r", timeout=120)
    sgis = int(q.expect(r"\[hostile\] kick-storm: done, (\d+) SGIs\r",
                        timeout=300).group(1))
    assert_victim_timer_alive(q)
    q.close()  # the trace is complete once QEMU is gone
    kicks = len(KICK_TO_CPU0.findall(trace.read_text()))
    print(f"{sgis} SGIs to the off vCPU, {kicks} kicks to its CPU")
    assert sgis >= 1000, sgis
    assert kicks <= KICK_SLACK, (sgis, kicks)
