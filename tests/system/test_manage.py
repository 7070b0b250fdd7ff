"""Several partitions side by side: console focus, management by the
manager partition (and refusal for the others), statistics, fault policies
(abort loop, watchdog, guest power-off) — configs/tests/manage.dts:
  0 ctl (manager, stop)   1 victim (restart)   2 other (restart, watchdog
  1000 ms)   3 critical (halt-system); all run guests/tests/control.c."""
import re

from conftest import ESC, config_image, heartbeat_counts


NAMES = ("ctl", "victim", "other", "critical")


def boot(qemu):
    """Boots the system and waits until every partition has beaten."""
    q = qemu(config_image("tests/manage"))
    seen = set()
    for _ in range(200):
        m = q.expect(r"\[(\w+)\] heartbeat \d+\r")
        seen.add(m.group(1))
        if seen == set(NAMES):
            return q
    raise AssertionError(f"only {seen} beat")


def test_keys_go_to_the_focused_partition_only(qemu):
    q = boot(qemu)
    q.send("k")
    q.expect(r"\[ctl\] got key 'k'")
    q.focus(2, "other")
    q.send("q")
    lines, _ = q.lines_until(r"\[(\w+)\] got key 'q'\r")
    assert q.child.match.group(1) == "other"
    assert not any("got key 'q'" in l for l in lines)


def test_console_escape_explains_itself_on_a_wrong_key(qemu):
    q = boot(qemu)
    q.send(ESC + "z")
    q.expect(r"\[shikiri\] console: Ctrl-\] then a partition number")


def test_manager_restarts_and_stops_another_partition(qemu):
    q = boot(qemu)
    q.send("R1")
    q.expect(r"\[shikiri\] partition 'victim' restarting \(restarted by the manager\), restart #1")
    # The manager's answer and the victim's fresh start come in either order.
    lines, _ = q.lines_until(r"\[victim\] heartbeat 1\r")
    assert any("[victim] hello from victim" in l for l in lines), lines
    if not any("[ctl] restart 1: 0" in l for l in lines):
        q.expect(r"\[ctl\] restart 1: 0\r")
    q.send("S1")
    q.expect(r"\[shikiri\] partition 'victim' stopped \(stopped by the manager\)")
    q.send("i")
    m = q.expect(r"\[ctl\] status 1: 0 state (\d+) restarts (\d+) vcpus 1\r")
    assert (m.group(1), m.group(2)) == ("0", "1")   # stopped, restarted once
    # The others kept running throughout.
    m = q.expect(r"\[other\] heartbeat (\d+)\r")
    q.expect(rf"\[other\] heartbeat {int(m.group(1)) + 2}\r")


def test_non_manager_is_denied_and_the_denial_counted(qemu):
    q = boot(qemu)
    q.focus(2, "other")
    q.send("R1")
    q.expect(r"\[shikiri\] partition 'other' denied a restart of partition 1: not a manager")
    q.expect(r"\[other\] restart 1: -4\r")
    q.send("i")
    q.expect(r"\[other\] status 1: -4 ")
    q.expect(r"\[other\] status 2: 0 state 1 ")     # itself: allowed
    q.send("x")
    m = q.expect(r"\[other\] stats: 0 bytes \d+ exits (\d+) hypercalls (\d+) faults (\d+) denied (\d+) restarts")
    assert int(m.group(4)) == 4   # the restart + three status queries
    # The victim never noticed.
    lines, _ = q.lines_until(r"\[victim\] heartbeat 12\r")
    assert not any("partition 'victim'" in l for l in lines)


def test_statistics_key_prints_every_partition(qemu):
    q = boot(qemu)
    q.send(ESC + "s")
    for name in NAMES:
        m = q.expect(rf"\[shikiri\] stats '{name}' \(running\): exits (\d+) "
                     r"\(hypercall (\d+),")
        assert int(m.group(1)) >= int(m.group(2)) > 0


def test_abort_loop_triggers_the_restart_policy(qemu):
    q = boot(qemu)
    q.focus(1, "victim")
    q.send("a")
    q.expect(r"\[victim\] wedging")
    q.expect(r"\[shikiri\] partition 'victim' vCPU0: 16 faults in a row at its exception vector")
    q.expect(r"\[shikiri\] partition 'victim' restarting \(guest wedged in an abort loop\), restart #1")
    q.expect(r"\[victim\] hello from victim")
    q.expect(r"\[victim\] heartbeat 2\r")


def test_a_reset_with_a_timer_interrupt_in_flight_keeps_the_timer(qemu):
    """The guest acknowledges its timer interrupt and resets before ending
    it. The hypervisor must end the physical interrupt linked to it, or
    the restarted guest, which sleeps on its timer between beats, would
    never get one again."""
    q = boot(qemu)
    q.focus(1, "victim")
    q.send("e")
    q.expect(r"\[victim\] resetting with a timer interrupt in flight "
             r"\(INTID 27\)")
    q.expect(r"\[shikiri\] partition 'victim' restarting \(guest called "
             r"PSCI SYSTEM_RESET\), restart #1")
    q.expect(r"\[victim\] hello from victim")
    q.expect(r"\[victim\] heartbeat 3\r")
    # Counted since the restart: it did sleep on, and take, its timer.
    late = q.lateness(1, "victim")
    assert late["timer_irqs"] > late["beats"], late


def test_watchdog_expiry_triggers_the_policy(qemu):
    q = boot(qemu)
    q.focus(2, "other")
    q.send("W")
    q.expect(r"\[other\] watchdog kicking off")
    q.expect(r"\[shikiri\] partition 'other': watchdog of 1000 ms not kicked")
    q.expect(r"\[shikiri\] partition 'other' restarting \(watchdog expired\), restart #1")
    q.expect(r"\[other\] hello from other")
    # Kicking again after the restart (the guest's default): no second expiry.
    lines, _ = q.lines_until(r"\[other\] heartbeat 10\r")
    assert not any("watchdog of" in l for l in lines)


def test_guest_power_off_follows_the_policy(qemu):
    q = boot(qemu)
    q.focus(0, "ctl")
    q.send("o")                               # ctl: policy stop
    q.expect(r"\[shikiri\] partition 'ctl' stopped \(guest called PSCI SYSTEM_OFF\)")
    q.focus(1, "victim")
    q.send("o")                               # victim: policy restart
    q.expect(r"\[shikiri\] partition 'victim' restarting \(guest called PSCI SYSTEM_OFF\)")
    q.focus(3, "critical")
    q.send("o")                               # critical: policy halt-system
    q.expect(r"\[shikiri\] partition 'critical': guest called PSCI SYSTEM_OFF; its fault policy halts the system")
    q.expect(r"\[shikiri\] system halted: guest called PSCI SYSTEM_OFF")
    regs = q.monitor("info registers -a")
    states = re.findall(r"PSTATE=[0-9a-f]+ \S+ (EL\d\w)", regs)
    assert states == ["EL2h"] * 4, states


def test_fault_storm_is_contained_and_its_log_rate_limited(qemu):
    """100,000 stray accesses, each answered with an external abort the
    guest's own handler skips: the storm is contained, the console gets a
    handful of fault lines plus a count of the rest, and the other
    partitions' heartbeats go on without a gap."""
    q = boot(qemu)
    q.send("f")   # from ctl (no watchdog: the storm takes seconds)
    lines, m = q.lines_until(r"\[ctl\] storm: (\d+) contained\r", timeout=300)
    assert int(m.group(1)) == 100000
    shown = [l for l in lines if "fault: partition 'ctl' vCPU0: data read" in l]
    assert 0 < len(shown) <= 16 * 30, len(shown)   # <= 16 a second
    assert any("hypervisor line(s) about it suppressed" in l for l in lines) \
        or len(shown) < 17
    beats = [int(x) for x in re.findall(r"\[victim\] heartbeat (\d+)",
                                        "\n".join(lines))]
    assert beats == list(range(beats[0], beats[0] + len(beats))), beats
    # The hypervisor still answers the stormer, and counted every fault.
    q.send("x")
    m = q.expect(r"\[ctl\] stats: 0 bytes \d+ exits \d+ hypercalls \d+ faults (\d+) ")
    assert int(m.group(1)) >= 100000
