"""The physical console under hostile partitions (issue 15, items 4-6):
  - every hypervisor line a partition can cause goes through its own log
    budget, so a flood of refused calls from a partition without a console
    neither floods the console nor holds up the others (console-flood*.dts);
  - a partition with a hypercall console (not a terminal device: its text
    never drives the terminal, focused or not; issue 20 gives a focused
    virtual PL011 the terminal, tests/system/test_terminal.py) cannot
    forge a hypervisor line: its backspaces erase only
    its own text on its open line, carriage returns and escape sequences
    never reach the terminal (console-forge.dts), and on a real terminal
    (wcwidth columns, 80-column wrap: conftest.render_terminal()) every row its text starts
    begins with its label, even with zero-width characters or a line as
    wide as the terminal (redteam-forge.dts);
  - keys typed for a partition reach that partition or nobody: never the
    partition that gets the focus next (console-focus.dts).
All under -icount shift=0,sleep=off: times are virtual."""
import re

import pytest

from conftest import CONSOLE_CONTROL, ESC, config_image, render_terminal

# hypervisor/core/partition_log.c: a burst of this many lines, then this
# many per second; a "suppressed" summary rides with an admitted line.
LOG_BURST = 20
LOG_PER_SECOND = 4
BEAT_S = 0.2   # guests/tests/lib/guest.h GUEST_BEAT_PERIOD_MS
FLOOD_CALLS = 40000  # guests/tests/console_hostile.c: 20000 rounds of two

GICS = [pytest.param(3, id="gicv3"), pytest.param(2, id="gicv2")]


def read_lines_until(q, pattern, limit=200000, timeout=120):
    """Console lines up to the one matching pattern, read one at a time
    (a flood of lines stays cheap to match), at most limit lines."""
    lines = []
    for _ in range(limit):
        q.expect(r"[^\n]*\n", timeout=timeout)
        line = q.child.after.rstrip("\r\n")
        lines.append(line)
        if re.search(pattern, line):
            return lines
    pytest.fail(f"no line matching {pattern!r} in {limit} lines")


def flood(qemu, image, gic):
    q = qemu(config_image(image), gic=gic, icount=True)
    lines = read_lines_until(
        q, r"^\[shikiri\] partition 'flood' stopped \(guest called PSCI SYSTEM_OFF\)$")
    about = [l for l in lines if l.startswith("[shikiri]") and "'flood'" in l
             and not re.match(r"\[shikiri\] partition 1 'flood': 1 vCPU", l)]
    beats = [l for l in lines if re.match(r"\[victim\] heartbeat \d+$", l)]
    # Virtual time the flood took, from the victim's beats (one per 0.2 s),
    # rounded up by two beats.
    seconds = (len(beats) + 2) * BEAT_S
    budget = 2 * (LOG_BURST + LOG_PER_SECOND * seconds) + 1  # + the stop line
    print(f"gic {gic}: {len(about)} hypervisor lines about 'flood' in "
          f"~{seconds:.1f} s of virtual time; budget {budget:.0f}")
    assert len(about) <= budget, (len(about), about[:5], about[-5:])
    # The refusals did happen, all of them: the operator's statistics say so
    # (the operator's own lines count against no partition's budget).
    q.send(ESC + "s")
    m = q.expect(r"\[shikiri\] stats 'flood' \(stopped\): [^\r]*denied (\d+)\r")
    assert int(m.group(1)) == FLOOD_CALLS
    # The others went on: the victim was never held up, the bystander beats.
    q.send("l")
    m = q.expect(r"\[victim\] lateness: max (\d+) us over (\d+) beats, "
                 r"stalls (\d+);")
    print(f"victim lateness: max {m.group(1)} us over {m.group(2)} beats")
    assert int(m.group(3)) == 0, m.group(0)
    assert int(m.group(1)) < 20000, m.group(0)
    b = q.expect(r"\[beat\] heartbeat (\d+)\r")
    q.expect(rf"\[beat\] heartbeat {int(b.group(1)) + 2}\r")
    return q


@pytest.mark.parametrize("gic", GICS)
def test_refused_calls_from_a_partition_without_console_stay_in_its_log_budget(
        qemu, gic):
    flood(qemu, "tests/console-flood", gic)


@pytest.mark.parametrize("gic", GICS)
def test_refused_calls_on_a_shared_cpu_stay_in_the_log_budget(qemu, gic):
    flood(qemu, "tests/console-flood-shared", gic)


@pytest.mark.parametrize("gic", GICS)
def test_focused_partition_cannot_forge_a_hypervisor_line(qemu, gic):
    q = qemu(config_image("tests/console-forge"), gic=gic, icount=True)
    q.expect(r"\[forge\] heartbeat 2\r")
    raw = q.terminal()
    shown = render_terminal(raw)
    forged = [l for l in shown if l.startswith("[shikiri]") and "forged" in l]
    assert not forged, forged
    # No escape sequence (7-bit or C1) of its own reached the terminal (a
    # hypercall console's text is not a terminal's): only the console's.
    mine = CONSOLE_CONTROL.sub("", raw)
    assert not any(c in mine for c in "\x1b\x9b\ufffd"), repr(mine[-600:])
    # Its own typing is still editable: "abcd", two backspaces, "XY".
    assert "[forge] abXY" in [l.rstrip() for l in shown], shown[-12:]


@pytest.mark.parametrize("gic", GICS)
def test_keys_typed_for_a_partition_that_never_reads_reach_nobody_else(
        qemu, gic):
    q = qemu(config_image("tests/console-focus"), gic=gic, icount=True)
    for name in ("first", "deaf", "second"):
        q.expect(rf"\[{name}\] heartbeat \d+\r")
    q.focus(1, "deaf")
    q.send("LEAK")
    q.focus(2, "second")
    q.send("q")
    lines, m = q.lines_until(r"\[(\w+)\] got key '(.)'\r")
    assert (m.group(1), m.group(2)) == ("second", "q"), lines
    assert not any("got key" in l for l in lines), lines
    assert re.search(r"\[shikiri\] 4 input bytes for 'deaf' dropped\r",
                     "".join(q.log)), q.log[-3:]
    # Keys and a focus change in one burst: what comes before Ctrl-] is the
    # deaf partition's, what comes after is the new focus's.
    q.focus(1, "deaf")
    q.send("MORE" + ESC + "0z")
    lines, m = q.lines_until(r"\[(\w+)\] got key '(.)'\r")
    assert (m.group(1), m.group(2)) == ("first", "z"), lines
    q.expect(r"\[first\] heartbeat \d+\r")
    assert not any("got key" in l for l in q.child.before.splitlines())


@pytest.mark.parametrize("gic", GICS)
@pytest.mark.parametrize("how", ["zero-width", "wrapping"])
def test_partition_text_never_starts_a_row_without_its_label(qemu, gic, how):
    """The red team's guest (guests/tests/redteam.c role=forge): zero-width
    characters erased with backspaces, and a line padded to the terminal's
    width. Every screen row its text is on starts with its label."""
    q = qemu(config_image("tests/redteam-forge"), gic=gic, icount=True)
    q.expect(r"\[hostile\] heartbeat 2\r")
    shown = render_terminal(q.terminal())
    rows = [l for l in shown if f"forged by {how}" in l]
    print("\n" + "\n".join(l.rstrip() for l in rows))
    assert rows, shown[-12:]
    assert all(l.startswith("[hostile] ") for l in rows), rows
