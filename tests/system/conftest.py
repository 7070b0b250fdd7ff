"""Shared fixtures for system tests: boot a packed image in QEMU and talk to
its console through pexpect.

Every QEMU run is bounded: each expect() has a timeout, and the process is
killed at the end of the test whatever happened. A missing tool or build
product fails the test with a message; nothing is skipped silently.
"""
import contextlib
import fcntl
import os
import re
import shutil
import unicodedata

import pexpect
import pytest

import boards

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("BUILD", os.path.join(ROOT, "build"))
QEMU = os.environ.get("QEMU", "qemu-system-aarch64")

# Generous per-expect limit: the machine is shared and TCG is slow; a
# healthy boot prints its first guest line within a few seconds.
DEFAULT_TIMEOUT = float(os.environ.get("SK_EXPECT_TIMEOUT", "60"))

# The console's command key (Ctrl-]), then a partition number moves the
# input focus.
ESC = "\x1d"


def pytest_addoption(parser):
    parser.addoption("--soak", action="store_true",
                     help="run the soak tests (make soak, test_soak.py)")
    parser.addoption(
        "--matrix", choices=("pairwise", "full"),
        default=os.environ.get("SHIKIRI_MATRIX", "pairwise"),
        help="lifecycle matrix (test_lifecycle_matrix.py): the pairwise "
             "subset (make check) or the full product (make soak); "
             "default $SHIKIRI_MATRIX or pairwise")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "soak: a long soak part, run only with --soak (make soak)")


def pytest_collection_modifyitems(config, items):
    """Soak tests run only with --soak; without it they are deselected,
    which pytest's summary reports ("N deselected"), never skipped."""
    if config.getoption("--soak"):
        return
    soak = [item for item in items if item.get_closest_marker("soak")]
    if soak:
        items[:] = [item for item in items if not item.get_closest_marker("soak")]
        config.hook.pytest_deselected(items=soak)


def build_path(*parts):
    path = os.path.join(BUILD, *parts)
    if not os.path.exists(path):
        pytest.fail(f"{path} is missing: run `make build` first")
    return path


def config_image(name):
    """Packed image of configs/NAME.dts (NAME may be 'tests/probe')."""
    return build_path("configs", name + ".img")


# hypervisor/core/console.c wraps a partition's long line into rows of at
# most 79 columns: a row break is LF CR and the partition's label again
# (a line's end is CR LF; the pty adds a CR before each LF). The console
# stream below joins the rows back, so tests match whole lines (Qemu.log
# too); Qemu.terminal() has what a terminal was sent.
CONSOLE_WRAP = re.compile(r"\r?\n\r\[[^\]\r\n]*\] ")
CONSOLE_WRAP_REST = re.compile(r"\n(\r(\[[^\]\r\n]*(\])?)?)?")
CONSOLE_LABEL_MAX = 64
# The hypervisor writes a row break whole: what could be its start at the
# end of a read waits this long (host time, I/O only) for the rest.
CONSOLE_WRAP_WAIT_S = 0.2


def console_tail_may_be_a_break(text):
    j = text.rfind("\n")
    if j >= 0 and len(text) - j < CONSOLE_LABEL_MAX \
            and CONSOLE_WRAP_REST.fullmatch(text, j):
        return True
    return text.endswith("\r")


class ConsoleSpawn(pexpect.spawn):
    """pexpect on shikiri's console, the console's row breaks removed."""

    def __init__(self, *args, **kwargs):
        self.raw = []
        super().__init__(*args, **kwargs)

    def read_nonblocking(self, size=1, timeout=-1):
        text = super().read_nonblocking(size, timeout)
        self.raw.append(text)
        for _ in range(CONSOLE_LABEL_MAX):
            if not console_tail_may_be_a_break(text):
                break
            try:
                more = super().read_nonblocking(size, CONSOLE_WRAP_WAIT_S)
            except (pexpect.TIMEOUT, pexpect.EOF):
                break
            self.raw.append(more)
            text += more
        return CONSOLE_WRAP.sub("", text)


def board_image(board, name):
    """Packed image of configs/NAME.dts for board (tests/system/boards.py:
    virt's image, or the board's generated variant of it)."""
    return config_image(boards.image_name(board, name))


@contextlib.contextmanager
def make_run(args, booting, then, what):
    """Runs `make ARGS` as a user types it (a make target that builds, then
    boots QEMU) and waits for the patterns `booting` (the build's lines:
    it may take long), then `then`; yields the pexpect child for the
    test's own checks and ends QEMU afterwards. Two at once (pytest-xdist)
    must not build the same tree together, so each holds a lock until its
    QEMU starts (after the last of `booting`)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    lock = open(os.path.join(BUILD, ".make-run.lock"), "w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    child = pexpect.spawn("make", ["-j1", "--no-print-directory"] + list(args),
                          cwd=ROOT, env=env, encoding="utf-8",
                          codec_errors="replace", timeout=DEFAULT_TIMEOUT)
    try:
        for i, pattern in enumerate(tuple(booting) + tuple(then)):
            try:
                child.expect(pattern, timeout=(20 if i < len(booting) else 4)
                             * DEFAULT_TIMEOUT)
                if i == len(booting) - 1:
                    lock.close()
            except (pexpect.TIMEOUT, pexpect.EOF) as exc:
                pytest.fail(f"{what}: did not see {pattern!r} "
                            f"({type(exc).__name__}); output ended with:\n"
                            + (child.before or "")[-3000:])
        yield child
    finally:
        lock.close()
        child.terminate(force=True)


def check_pattern_end(pattern):
    """pexpect matches as soon as it can: a pattern ending in a
    variable-length part ("wake-ups (\\d+)") matches a line received only
    in part ("wake-ups 18" of "wake-ups 18067", a CI failure). Such a
    pattern is a test bug: end it with what follows (", worst", "\\r")."""
    if not isinstance(pattern, str):
        return
    body = pattern.rstrip(")")
    if re.search(r"(?<!\\)([+*?]|\{\d*,\d*\})$", body):
        raise ValueError(f"pattern {pattern!r} ends in a variable-length part: "
                         "a partly received line would match; end it with the "
                         "text that follows (e.g. \\r)")


class Qemu:
    """One QEMU run of shikiri on a board: QEMU's virt (the default) or a
    SoC model named in tests/system/boards.py."""

    def __init__(self, image, gic=3, cpu="cortex-a53", smp=4, mem=None,
                 icount=False, extra=(), el2=True, board="virt"):
        """el2: the board has EL2 (virtualization=on) and boots the image
        there; False boots it at EL1 (a guest alone on the board).
        board: a SoC board's QEMU arguments replace virt's (gic, cpu, smp
        and el2 are virt's only; mem, when given, replaces the board's
        RAM size; virt's default is 1G).
        image None: no -kernel (a boot loader in extra loads it)."""
        if shutil.which(QEMU) is None:
            pytest.fail(f"{QEMU} not found: run `make deps`")
        if board not in boards.BOARDS:
            pytest.fail(f"unknown board {board!r}: one of {boards.names()}")
        if board == "virt":
            virt = ",virtualization=on" if el2 else ""
            machine = ["-M", f"virt{virt},gic-version={gic}",
                       "-cpu", cpu, "-smp", str(smp), "-m", mem or "1G"]
        else:
            machine = boards.qemu_args(board)
            if mem is not None:
                machine += ["-m", mem]
        self.board = board
        self.args = machine + ["-nographic", "-no-reboot"]
        if image is not None:
            self.args += ["-kernel", image]
        if icount:
            self.args += ["-icount", "shift=0,sleep=off"]
        self.args += list(extra)
        self.child = ConsoleSpawn(QEMU, self.args, encoding="utf-8",
                                  codec_errors="replace",
                                  timeout=DEFAULT_TIMEOUT)
        self.log = []

    def expect(self, pattern, timeout=None):
        """Waits for a regex; returns the match. Fails with the console
        output so far if it does not come."""
        check_pattern_end(pattern)
        try:
            self.child.expect(pattern, timeout=timeout or DEFAULT_TIMEOUT)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            seen = (self.child.before or "")[-3000:]
            pytest.fail(f"did not see {pattern!r} ({type(exc).__name__}); "
                        f"console ended with:\n{seen}")
        self.log.append(self.child.before + self.child.after)
        return self.child.match

    def terminal(self):
        """Everything the terminal was sent so far, the console's row
        breaks included (self.log has the rows joined into lines)."""
        return "".join(self.child.raw)

    def expect_exit(self, timeout=None):
        """Waits for QEMU to end (the machine powered off)."""
        try:
            self.child.expect(pexpect.EOF, timeout=timeout or DEFAULT_TIMEOUT)
        except pexpect.TIMEOUT:
            pytest.fail("QEMU did not exit; console ended with:\n"
                        + (self.child.before or "")[-3000:])

    def lines_until(self, pattern, timeout=None):
        """Console lines printed before pattern, and the match."""
        m = self.expect(pattern, timeout)
        return self.child.before.splitlines(), m

    def send(self, text):
        self.child.send(text)

    def focus(self, pid, name):
        """Moves the input focus to partition pid (called name)."""
        self.send(ESC + str(pid))
        self.expect(rf"\[shikiri\] input focus: partition {pid} '{name}'\r")

    def lateness(self, pid, name, focus=True):
        """Focuses a guest running guests/tests/control.c and asks it (key
        `l`) for its beat lateness and interrupt counts. focus=False: it
        has the input focus already; no focus command is sent."""
        if focus:
            self.focus(pid, name)
        self.send("l")
        m = self.expect(rf"\[{name}\] lateness: max (\d+) us over (\d+) "
                        r"beats, stalls (\d+); gic v(\d), timer irqs (\d+), "
                        r"unexpected irqs (\d+)\r")
        keys = ("max_us", "beats", "stalls", "gic", "timer_irqs", "unexpected")
        return dict(zip(keys, map(int, m.groups())))

    def monitor(self, command):
        """Runs a QEMU monitor command through the serial/monitor mux
        (Ctrl-A c) and returns its output."""
        self.child.send("\x01c")
        self.expect(r"\(qemu\) ")
        self.child.sendline(command)
        self.expect(r"\(qemu\) ")
        out = self.child.before
        self.child.send("\x01c")
        return out

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def qemu():
    """Factory: qemu(image, **options) -> a running Qemu, killed after the
    test."""
    runs = []

    def start(image, **kw):
        run = Qemu(image, **kw)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.close()


def heartbeat_counts(lines):
    """{partition: [beat numbers in order]} from console lines."""
    beats = {}
    for line in lines:
        m = re.match(r"\[(\w[\w-]*)\] heartbeat (\d+)", line.strip())
        if m:
            beats.setdefault(m.group(1), []).append(int(m.group(2)))
    return beats


def char_width(c):
    """Columns a terminal gives a character, as wcwidth does: none for
    combining marks and format characters (U+200B), two for East Asian
    wide and fullwidth ones (UAX #11), one otherwise."""
    if unicodedata.combining(c) or unicodedata.category(c) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1


# The terminal controls the console itself writes (hypervisor/core/
# console.c TERM_*): autowrap off/on, cursor up/down, save/restore,
# insert line, attributes off. render_terminal() follows them.
CONSOLE_CONTROL = re.compile(r"\x1b(\[\?7[lh]|\[[ABLm]|[78])")


def render_terminal(raw, columns=80):
    """The rows a real terminal shows for raw output: CR, LF and backspace
    move the cursor, a character takes its wcwidth columns at it, and a
    character that does not fit on the row wraps to the next row (the
    80-column terminal, the smallest shikiri supports) unless the console
    turned autowrap off (then it overwrites the last column); the console's
    own controls (CONSOLE_CONTROL) act as on a VT100. Any other ESC is
    shown as a character, so a test sees it."""
    screen, row, col = [[]], 0, 0
    autowrap, saved = True, (0, 0)

    def newline():
        nonlocal row
        row += 1
        if row == len(screen):
            screen.append([])

    i = 0
    while i < len(raw):
        m = CONSOLE_CONTROL.match(raw, i)
        if m:
            i = m.end()
            ctl = m.group(1)
            if ctl in ("[?7l", "[?7h"):
                autowrap = ctl == "[?7h"
            elif ctl == "[A":
                row = max(0, row - 1)
            elif ctl == "[B":
                newline()
            elif ctl == "[L":
                screen.insert(row, [])
            elif ctl == "7":
                saved = (row, col)
            elif ctl == "8":
                row, col = saved
            continue
        c = raw[i]
        i += 1
        if c == "\r":
            col = 0
        elif c == "\n":
            newline()
        elif c == "\b":
            col = max(0, col - 1)
        else:
            w = char_width(c)
            if w == 0:
                continue
            if col + w > columns:
                if not autowrap:
                    col = columns - w
                else:
                    newline()
                    col = 0
            line = screen[row]
            line.extend(" " * (col + w - len(line)))
            line[col] = c
            col += w
    return ["".join(l) for l in screen]
