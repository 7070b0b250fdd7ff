"""The terminal belongs to the partition with the keyboard (issue 20, part
2; hypervisor/core/console.h): Linux's escape sequences reach the terminal
and the terminal's answers reach Linux (its line editor's ESC [6n, the
`resize` of guests/linux/initramfs/bin, `stty size`); a line of any
partition arrives whole, once, in what the console sends (a 300-character
line; two partitions printing at once); Ctrl-] ? and Ctrl-] l say who has
the keyboard and how the partitions are.

The test is the terminal here: it answers the cursor-position requests
(ESC [6n) itself, as a terminal emulator does."""
import re
import time

import pytest

from conftest import DEFAULT_TIMEOUT, ESC, config_image

PROMPT = "shikiri-linux:/root# "
CURSOR_REQUEST = "\x1b[6n"
# The console's own terminal controls (hypervisor/core/console.c TERM_*,
# the hand-back reset TERM_HANDBACK among them: CAN, ST, SI, charset
# designations, DECKPNM) and DECSC/DECRC, CUP, DSR: removed to read what a
# log file shows.
CONTROL = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[78>=\\]|[()][0-9A-Za-z])|[\x0e\x0f\x18]")


# A control sequence cut by the end of what was read so far (its rest is
# still on its way): not shown yet.
CONTROL_CUT = re.compile(r"\x1b[\[()0-9;?]*$")
# A kernel message Linux's console wrote into a user's line (under a loaded
# host, e.g. "[   15.554543] hrtimer: interrupt took 24425808 ns"): the
# kernel's own interleaving, not the hypervisor's.
KERNEL_MESSAGE = re.compile(r"\[ *\d+\.\d{6}\] .*$")


def log_lines(raw):
    """The lines a captured console log has: split at LF, the terminal
    controls and the CRs at either end removed."""
    return [CONTROL.sub("", l).strip("\r")
            for l in CONTROL_CUT.sub("", raw).split("\n")]


class Terminal:
    """Linux's shell on the console, the test playing the terminal."""

    def __init__(self, q, rows=24, cols=80):
        self.q = q
        self.rows, self.cols = rows, cols

    def answer_cursor_request(self, col):
        """Waits for ESC [6n and answers it (row: the last; col given)."""
        self.q.expect(re.escape(CURSOR_REQUEST))
        self.q.send(f"\x1b[{self.rows};{col}R")

    def prompt(self):
        """Waits for the prompt and answers its cursor request: busybox's
        line editor asks where the cursor is after printing it."""
        self.q.expect(re.escape(PROMPT) + re.escape(CURSOR_REQUEST))
        self.q.send(f"\x1b[{self.rows};{len('[linux] ' + PROMPT) + 1}R")

    def run(self, command, done, timeout=None):
        """Types command; waits for the regex done and the next prompt."""
        self.q.send(command + "\r")
        m = self.q.expect(done, timeout)
        self.prompt()
        return m


def boot(qemu, config="tests/linux", **kw):
    q = qemu(config_image(config), **kw)
    q.expect(r"\[linux\] shikiri-linux: init reached, uptime [0-9.]+\r",
             timeout=max(DEFAULT_TIMEOUT, 120))
    t = Terminal(q)
    t.prompt()
    return q, t


def test_cursor_request_reaches_the_terminal_and_its_answer_the_shell(qemu):
    q, t = boot(qemu)
    # The answer was taken by the line editor, not typed into the line:
    # the command runs as typed.
    t.run("echo answered-$((6*7))", r"\[linux\] answered-42\r")
    raw = q.terminal()
    assert CURSOR_REQUEST in raw
    assert ".[6n" not in raw, raw[-400:]
    # The prompt line in the log: the label, the prompt, the request.
    assert f"[linux] {PROMPT}{CURSOR_REQUEST}" in raw, raw[-400:]


def test_stty_size_follows_a_resize(qemu):
    q, t = boot(qemu)
    for rows, cols in ((40, 120), (50, 132)):
        q.send("resize\r")
        # resize (guests/linux/initramfs/bin/resize) moves the cursor to
        # row 999, column 999 and asks where it is: the terminal answers
        # its last row and column.
        q.expect(re.escape("\x1b[999;999H" + CURSOR_REQUEST))
        q.send(f"\x1b[{rows};{cols}R")
        # (on the line its label and controls began: the cursor is back)
        q.expect(rf"resize: {cols} columns, {rows} rows\r")
        t.rows, t.cols = rows, cols
        t.prompt()
        t.run("stty size", rf"\[linux\] {rows} {cols}\r")


def test_a_300_character_line_arrives_whole(qemu):
    q, t = boot(qemu, "tests/linux-rtos-2cpu")
    line = "".join(chr(ord("a") + i % 26) for i in range(300))
    # Typed in two halves of a variable so that the echo of the command
    # line never holds it.
    t.run(f"a={line[:150]}; b={line[150:]}; echo $a$b",
          rf"\[linux\] {line}\r")
    assert f"[linux] {line}" in log_lines(q.terminal())
    # A partition without the keyboard: the same line, printed by Linux
    # once the RTOS has the keyboard, comes whole too (held until its
    # newline, written at once).
    q.send(f"(sleep 3; echo unfocused-$a$b) &\r")
    t.prompt()
    q.focus(1, "rtos")
    q.expect(rf"\[linux\] unfocused-{line}\r", timeout=120)
    assert f"[linux] unfocused-{line}" in log_lines(q.terminal())


def test_a_line_longer_than_the_limit_is_cut_and_marked(qemu):
    q, t = boot(qemu, "tests/linux-rtos-2cpu")
    # hypervisor/core/console.h CONSOLE_GUEST_LINE_MAX: 1024 bytes.
    q.send("(sleep 3; printf 'z%.0s' $(seq 1500); echo) &\r")
    t.prompt()
    q.focus(1, "rtos")
    q.expect(r"\[linux\] \[\.\.\.\] z{476}\r", timeout=120)
    lines = log_lines(q.terminal())
    assert "[linux] " + "z" * 1024 + " [...]" in lines, lines[-6:]
    assert "[linux] [...] " + "z" * 476 in lines, lines[-6:]


def test_a_log_of_two_partitions_printing_has_no_partial_duplicates(qemu):
    """Linux writes each line in two parts, with a pause between them,
    while the RTOS reports every second: the RTOS's lines wait for the end
    of Linux's; no line is cut, none printed twice."""
    q, t = boot(qemu, "tests/linux-rtos-2cpu")
    # The kernel's own messages go to the same console with no regard to
    # a shell's half-written line (a loaded host makes Linux say
    # "hrtimer: interrupt took ..."): one between the halves ends the line
    # inside Linux, before the hypervisor sees it. Only the emergencies.
    t.run("dmesg -n 1; echo qui''et", r"\[linux\] quiet\r")
    count = 25
    t.run(f"for i in $(seq 1 {count}); do printf \"linux-$i-first-half \"; "
          "sleep 0.3; echo \"second-half-$i\"; done; echo lo''op-done",
          r"\[linux\] loop-done\r", timeout=300)
    lines = [KERNEL_MESSAGE.sub("", l) if l.startswith("[linux] linux-") else l
             for l in log_lines(q.terminal())]
    for i in range(1, count + 1):
        whole = f"[linux] linux-{i}-first-half second-half-{i}"
        assert lines.count(whole) == 1, (i, [l for l in lines
                                              if f"linux-{i}-" in l])
    assert not [l for l in lines if "first-half" in l and "second-half" not in l
                and "printf" not in l], lines
    reports = [l for l in lines if "control:" in l]
    print(f"{len(reports)} RTOS reports during the loop")
    assert len(reports) >= 3, reports
    for l in reports:
        assert re.fullmatch(
            r"\[rtos\] control: \d+ periods of 1000 us, release jitter min "
            r"-?\d+ ns mean -?\d+ ns max -?\d+ ns, early \d+, overruns \d+; "
            r"sensor events \d+, load bursts \d+", l), l
    assert len(set(reports)) == len(reports), reports


def test_help_and_list_say_who_has_the_keyboard(qemu):
    q, t = boot(qemu, "tests/linux-rtos-2cpu")
    q.send(ESC + "?")
    q.expect(r"\[shikiri\] console: Ctrl-\] then '\?' this help, 'l' lists "
             r"partitions, 's' prints statistics, 'r' resources\r")
    q.expect(r"\[shikiri\] console: partition 0 'linux' has the keyboard and "
             r"the terminal\r")
    q.send(ESC + "l")
    q.expect(r"\[shikiri\] partition 0 'linux': running, 2 vCPUs, console "
             r"terminal \(PL011\), restarts 0, has the keyboard\r")
    q.expect(r"\[shikiri\] partition 1 'rtos': running, 1 vCPU, console "
             r"hypercall, restarts 0\r")
    q.focus(1, "rtos")
    q.send(ESC + "?")
    q.expect(r"\[shikiri\] console: partition 1 'rtos' has the keyboard and "
             r"the terminal\r")
    q.send(ESC + "l")
    q.expect(r"\[shikiri\] partition 0 'linux': running, 2 vCPUs, console "
             r"terminal \(PL011\), restarts 0\r")
    q.expect(r"\[shikiri\] partition 1 'rtos': running, 1 vCPU, console "
             r"hypercall, restarts 0, has the keyboard\r")


def test_a_full_screen_program_keeps_the_screen(qemu):
    """vi on the alternate screen: the RTOS's reports are held while it
    runs (none reaches its screen) and written, whole, above the shell's
    next prompt."""
    q, t = boot(qemu, "tests/linux-rtos-2cpu")
    q.send("vi /tmp/x\r")
    q.expect(re.escape("\x1b[?1049h"))
    start = len(q.terminal())
    # busybox vi asks the terminal's size (CUP 999;999, ESC [6n).
    t.answer_cursor_request(80)
    q.expect(re.escape("- /tmp/x 1/1 100%"))
    # The RTOS reports every second: give it a few (host time only paces
    # the test; nothing is measured).
    time.sleep(5)
    q.send(":q!\r")
    q.expect(re.escape("\x1b[?1049l"))
    during = q.terminal()[start:]
    assert "[rtos]" not in during, during[-800:]
    q.expect(re.escape(PROMPT + CURSOR_REQUEST))
    q.expect(r"\[rtos\] control: [^\r\n]*\r")
    after = q.child.before
    # Held, then written above the prompt as soon as the prompt asked.
    assert after.startswith("\r\n\x1b[A\x1b7\x1b[L"), repr(after[:80])
