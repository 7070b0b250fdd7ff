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


# DEC special graphics (VT100 User Guide table 3-9; xterm's "0"): what
# 0x5f..0x7e show once a partition selected it. A letter becomes a line
# or a symbol.
DEC_GRAPHICS = dict(zip(map(chr, range(0x5f, 0x7f)),
                        " ◆▒␉␌␍␊°±␤␋┘┐┌└┼⎺⎻─⎼⎽├┤┴┬│≤≥π≠£·"))


def render_vt(raw, rows=24, columns=80):
    """What a person sees on a VT100/xterm of rows x columns fed raw, for
    the terminal state a partition can leave behind (render_terminal
    knows only the console's own controls). Follows DEC STD 070's parser
    (an OSC/DCS/SOS/PM/APC string takes everything up to BEL or ST, CAN
    and SUB cancel, ESC starts a new sequence), SGR (a concealed
    character, or one in the background's colour, shows as a blank),
    G0/G1 with SI/SO and the line-drawing set, DECSTBM (a row scrolled
    out of a region that is not the whole screen is gone), DECOM, IRM,
    DECAWM, DECTCEM, the alternate screen (47, 1047, 1049: no scrollback)
    and CUU/CUD/CUP/IL/DL/ED/EL, DECSC/DECRC.
    Returns (lines, state): lines are the main screen's scrollback and
    rows (or the alternate screen's rows while it is shown), state the
    modes at the end."""
    blank = lambda: [" "] * columns  # noqa: E731
    main, alt = [blank() for _ in range(rows)], [blank() for _ in range(rows)]
    back = []
    st = {"alt": False, "autowrap": True, "origin": False, "insert": False,
          "cursor": True, "top": 0, "bottom": rows - 1}
    cur = {"row": 0, "col": 0, "fg": 7, "bg": 0, "conceal": False,
           "inverse": False, "g": ["B", "B"], "gl": 0}

    def copied(c):
        """A cursor's state, its charset list its own."""
        return dict(c, g=list(c["g"]))

    saved = [copied(cur), copied(cur)]

    def screen():
        return alt if st["alt"] else main

    def scroll_up():
        s, top, bot = screen(), st["top"], st["bottom"]
        gone = s.pop(top)
        s.insert(bot, blank())
        if not st["alt"] and top == 0 and bot == rows - 1:
            back.append(gone)

    def linefeed():
        if cur["row"] == st["bottom"]:
            scroll_up()
        elif cur["row"] < rows - 1:
            cur["row"] += 1

    def home():
        cur["row"], cur["col"] = (st["top"] if st["origin"] else 0), 0

    def sgr(ps):
        for p in ps or [0]:
            if p == 0:
                cur.update(fg=7, bg=0, conceal=False, inverse=False)
            elif p == 8:
                cur["conceal"] = True
            elif p == 28:
                cur["conceal"] = False
            elif p == 7:
                cur["inverse"] = True
            elif p == 27:
                cur["inverse"] = False
            elif 30 <= p <= 37:
                cur["fg"] = p - 30
            elif p == 39:
                cur["fg"] = 7
            elif 40 <= p <= 47:
                cur["bg"] = p - 40
            elif p == 49:
                cur["bg"] = 0

    def modes(private, ps, on):
        for p in ps:
            if not private:
                if p == 4:
                    st["insert"] = on
            elif p == 7:
                st["autowrap"] = on
            elif p == 6:
                st["origin"] = on
                home()
            elif p == 25:
                st["cursor"] = on
            elif p in (47, 1047, 1049) and on != st["alt"]:
                if p == 1049 and on:
                    saved[0] = copied(cur)
                st["alt"] = on
                if on and p != 47:
                    alt[:] = [blank() for _ in range(rows)]
                if p == 1049 and not on:
                    cur.update(copied(saved[0]))

    def csi(params, final):
        private = params.startswith("?")
        ps = [int(x) if x.isdigit() else 0
              for x in params.lstrip("?").split(";")] if params.lstrip("?") else []
        n = max(1, ps[0]) if ps else 1
        s = screen()
        top, bot = st["top"], st["bottom"]
        if final == "m":
            sgr(ps)
        elif final in "hl":
            modes(private, ps, final == "h")
        elif final == "r":
            t = (ps[0] if ps and ps[0] else 1) - 1
            b = (ps[1] if len(ps) > 1 and ps[1] else rows) - 1
            if t < b <= rows - 1:
                st["top"], st["bottom"] = t, b
                home()
        elif final == "A":
            lim = top if cur["row"] >= top else 0
            cur["row"] = max(lim, cur["row"] - n)
        elif final == "B":
            lim = bot if cur["row"] <= bot else rows - 1
            cur["row"] = min(lim, cur["row"] + n)
        elif final == "C":
            cur["col"] = min(columns - 1, cur["col"] + n)
        elif final == "D":
            cur["col"] = max(0, cur["col"] - n)
        elif final in "Hf":
            r = (ps[0] if ps and ps[0] else 1) - 1
            c = (ps[1] if len(ps) > 1 and ps[1] else 1) - 1
            if st["origin"]:
                cur["row"] = min(bot, top + r)
            else:
                cur["row"] = min(rows - 1, r)
            cur["col"] = min(columns - 1, c)
        elif final in "LM" and top <= cur["row"] <= bot:
            for _ in range(n):
                if final == "L":
                    s.insert(cur["row"], blank())
                    s.pop(bot + 1)
                else:
                    s.pop(cur["row"])
                    s.insert(bot, blank())
        elif final == "J":
            p = ps[0] if ps else 0
            span = {0: range(cur["row"] + 1, rows), 1: range(0, cur["row"]),
                    2: range(rows)}.get(p, range(0))
            for r in span:
                s[r] = blank()
        elif final == "K":
            s[cur["row"]] = s[cur["row"]][:cur["col"]] + [" "] * (columns - cur["col"])

    def put(c):
        if cur["g"][cur["gl"]] == "0":
            c = DEC_GRAPHICS.get(c, c)
        w = max(1, char_width(c))
        if cur["col"] + w > columns:
            if st["autowrap"]:
                linefeed()
                cur["col"] = 0
            else:
                cur["col"] = columns - w
        fg, bg = cur["fg"], cur["bg"]
        if cur["inverse"]:
            fg, bg = bg, fg
        shown = " " if cur["conceal"] or fg == bg else c
        row = screen()[cur["row"]]
        if st["insert"]:
            row[cur["col"]:cur["col"]] = [" "] * w
            del row[columns:]
        row[cur["col"]] = shown
        cur["col"] += w

    state, params, i = "ground", "", 0
    while i < len(raw):
        c = raw[i]
        i += 1
        o = ord(c)
        if c in "\x18\x1a":
            state = "ground"
            continue
        if c == "\x1b":
            state = "esc"
            continue
        if state == "string":
            if c == "\x07":
                state = "ground"
            continue
        if state == "designate":
            cur["g"][params] = c
            state = "ground"
            continue
        if o < 0x20:
            if c == "\r":
                cur["col"] = 0
            elif c in "\n\x0b\x0c":
                linefeed()
            elif c == "\b":
                cur["col"] = max(0, cur["col"] - 1)
            elif c == "\x0e":
                cur["gl"] = 1
            elif c == "\x0f":
                cur["gl"] = 0
            continue
        if state == "esc":
            state = "ground"
            if c == "[":
                state, params = "csi", ""
            elif c in "]PX^_":
                state = "string"
            elif c in "()":
                state, params = "designate", "()".index(c)
            elif c == "7":
                saved[1 if st["alt"] else 0] = copied(cur)
            elif c == "8":
                sv = saved[1 if st["alt"] else 0]
                cur.update(copied(sv))
            elif c == "D":
                linefeed()
            elif c == "E":
                linefeed()
                cur["col"] = 0
            elif c == "M" and cur["row"] == st["top"]:
                s = screen()
                s.pop(st["bottom"])
                s.insert(st["top"], blank())
            elif c == "M":
                cur["row"] = max(0, cur["row"] - 1)
            continue
        if state == "csi":
            if 0x40 <= o <= 0x7e:
                state = "ground"
                csi(params, c)
            else:
                params += c
            continue
        if o == 0x7f:
            continue
        put(c)
    lines = screen() if st["alt"] else back + main
    return ["".join(l).rstrip() for l in lines], st
