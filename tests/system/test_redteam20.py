"""Red team of issue 20's new surfaces (the terminal that belongs to the
focused partition, hypervisor/core/console.c; the management function,
hypervisor/core/manage_pci.c).

The terminal: a partition with the keyboard drives the terminal (by
design), but what it leaves there must not outlive its focus. The hostile
partition (guests/tests/redteam.c, role=poison; console "pl011", focused
at boot) writes one kind of terminal state per key, without a newline;
the focus then moves to 'victim' (heartbeats). The hypervisor's line
saying so, and the victim's lines after it, must show on a VT100/xterm
as written (render_vt), and the terminal's modes must be back to normal."""
import re

import pytest

from conftest import ESC, config_image, render_vt

# guests/tests/redteam.c rt_poisons: key -> what it leaves.
POISONS = {
    "o": "an OSC string never terminated (swallows what follows)",
    "d": "a DCS string never terminated (swallows what follows)",
    "c": "SGR concealed",
    "b": "SGR black on black",
    "g": "G0 the DEC line-drawing set",
    "s": "G1 the line-drawing set, shifted in by SO",
    "r": "a two-row scroll region (DECSTBM)",
    "a": "the alternate screen, set with two parameters",
    "i": "insert mode",
    "w": "autowrap off",
    "x": "the cursor hidden",
}


@pytest.mark.parametrize("key", sorted(POISONS))
def test_terminal_state_does_not_outlive_the_focus(qemu, key):
    q = qemu(config_image("tests/redteam-poison"), gic=3, icount=True)
    q.expect(r"\[hostile\] poison: ready\r")
    q.expect(r"\[victim\] heartbeat 1\r")
    q.send(key)
    q.expect(r"poisoned ")
    q.focus(1, "victim")
    m = q.expect(r"\[victim\] heartbeat (\d+)\r")
    later = int(m.group(1)) + 1
    q.expect(rf"\[victim\] heartbeat {later}\r")
    lines, state = render_vt(q.terminal())
    shown = [l for l in lines if l.strip()]
    print(f"\n{key}: {POISONS[key]}\n" + "\n".join(shown[-8:]) + f"\n{state}")
    assert "[shikiri] input focus: partition 1 'victim'" in lines, POISONS[key]
    assert f"[victim] heartbeat {later}" in lines, POISONS[key]
    assert not state["alt"], POISONS[key]
    assert (state["top"], state["bottom"]) == (0, 23), POISONS[key]
    assert state["autowrap"] and state["cursor"] and not state["insert"], \
        POISONS[key]


# Issue 20's red team found it (a strict xfail until the hold had a time
# bound, console.h CONSOLE_HOLD_MS): while the terminal's owner has a line
# open without a prompt, other lines are held until that line ends; one
# that never ends held them, the operator's answers too, for ever.
def test_an_open_line_does_not_hold_the_hypervisors_lines_for_ever(qemu):
    q = qemu(config_image("tests/redteam-poison"), gic=3, icount=True)
    q.expect(r"\[hostile\] poison: ready\r")
    q.send("h")  # "poisoned " and nothing more: an open line
    q.expect(r"poisoned ")
    q.send(ESC + "l")
    # Ctrl-] l's list, a line of the hypervisor's, and the victim's next
    # beats (one a second): each at most CONSOLE_HOLD_MS late, above the
    # owner's row, which stays open.
    q.expect(r"\[shikiri\] partition 1 'victim'[^\r]*\r", timeout=20)
    first = int(q.expect(r"\[victim\] heartbeat (\d+)\r", timeout=60).group(1))
    q.expect(rf"\[victim\] heartbeat {first + 3}\r", timeout=60)
    lines, _ = render_vt(q.terminal())
    shown = [l for l in lines if l.strip()]
    for n in range(first, first + 4):
        assert f"[victim] heartbeat {n}" in shown, (n, shown[-8:])
    # The open line is still the last row, below what went above it.
    assert shown[-1].startswith("[hostile] ") and "poisoned" in shown[-1], shown[-6:]
