#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Keep the docs and comments true to the tree (make docs-check, in make lint).

usage: check-docs.py [--root DIR] [--only CHECK[,CHECK...]]
       CHECK: paths, abi, figures, hypercalls (default: all four)

Fails (exit 1) with one line per problem, `file:line: what`, when

paths       a file path named in a comment (C, assembly, Python, make, shell,
            device-tree and text files under hypervisor/ include/ tools/
            guests/ tests/ bench/ scripts/ configs/) or in a doc (README.md,
            docs/*.md) does not exist, or a doc's link names a heading
            (`file.md#anchor`, GitHub's anchors) its target does not have.
            A path is a word ending in a source or doc extension
            (PATH_EXTENSIONS) or starting with a top-level folder and a slash
            (`tests/system/`). One starting with ./ or ../ is relative to the
            naming file's folder. Any other exists when some file or folder
            of the tree is that path or ends with it after a slash: so
            `core/vcpu.c` (as the hypervisor's include path names it) is
            hypervisor/core/vcpu.c, `rtos/channel.h` is
            guests/rtos/include/rtos/channel.h, and a bare name (`trap.c`)
            exists when some file has that name. `*` and
            `?` are globs; `<anything>` and the words of PLACEHOLDERS (`NAME`,
            `CONFIG`, `N`) stand for any part of a name. ALLOWED lists, with
            the reason, the prefixes of paths that are legitimately not in the
            tree (build outputs, the host's files, other projects' sources).
abi         the hypercall ABI version disagrees between its one definition
            (SK_ABI_VERSION_MAJOR/MINOR in include/shikiri/hypercall.h) and
            the header's comment, the newest `Since X.Y` of its calls, the
            code that reports it (hypervisor/core/hypercall.c must return the
            two macros, not numbers) and docs/hypercalls.md (its title and its
            SK_HC_ABI_VERSION row).
figures     a doc other than docs/performance.md states a measured figure:
            a number with a unit (FIGURE_UNIT: ns, µs, ms, s, KiB, MiB, B,
            %, x, cycles, instructions, lines) that a word of measurement
            (FIGURE_WORD: measured, jitter, latency, lateness, mean, median,
            average, worst, min, max, p99, overhead, footprint, wall)
            precedes by at most FIGURE_REACH words, or that "of code"
            follows. Not read: inline code and fenced blocks (quoted output),
            and a number right after a limit's words (LIMIT_WORDS: "at most
            20 µs"): limits and settings the code defines are not measured.
            FIGURES_ELSEWHERE lists, with the reason, the docs this check
            leaves alone. In docs/performance.md every `##` section with a
            result (a table cell that is a number, a fenced line ending in
            one) names the commit it was measured at (`measured at <hash>`),
            and in a git checkout every such hash names a commit.
hypercalls  the "Calls" and "Status codes" tables of docs/hypercalls.md do
            not match include/shikiri/hypercall.h: every SK_HC_* call has one
            row with its function id and its `(X.Y)` since-version (none for
            1.0), every SK_OK/SK_E_* code one row with its value, and no row
            names anything the header does not define; and, in the page's
            prose, a header name with a value after it (`SK_CONSOLE_WRITE_MAX`
            (4096), `SK_HC_SCHED_STATS` (1.3)) and the Call UID words
            (`x0..x3 = 0x...`) say what the header defines.

tests/lint/test_docs_check.py shows each check failing on a broken tree.
"""

import argparse
import fnmatch
import os
import re
import subprocess
import sys

HEADER = "include/shikiri/hypercall.h"
HC_DOC = "docs/hypercalls.md"
HC_CODE = "hypervisor/core/hypercall.c"
PERF_DOC = "docs/performance.md"

# Folders whose files' comments are checked, and the top-level folders that
# make a word a path even without an extension.
COMMENT_DIRS = ("hypervisor", "include", "tools", "guests", "tests", "bench",
                "scripts", "configs")
TOP_DIRS = COMMENT_DIRS + ("docs", "build")
PATH_EXTENSIONS = ("c", "h", "S", "md", "py", "dts", "dtsi", "mk", "ld", "sh",
                   "txt")
# Paths that are not in the tree on purpose. A prefix: everything under it.
ALLOWED = (
    "build/",            # build outputs (make build, make bench, make soak)
    "/usr/",             # the host's files: Debian's packages (u-boot, qemu)
    "/boot/",            # Debian's kernel inside its package
    "/proc/", "/sys/",   # Linux's pseudo files, as seen inside the guest
    "/root/", "/etc/",   # the guest's initramfs
    "/tmp/",             # the tests' scratch files
    "/include/",         # dtc's include directive, in device-tree examples
    "BUILD/",            # $(BUILD), the build folder, in make comments
    # Other projects' sources, named where we follow or cite them:
    "arch/arm64/kvm/",   # Linux's KVM
    "drivers/amba/",     # Linux's AMBA bus
    "Documentation/",    # Linux's documentation
    "bindings/",         # Linux's Documentation/devicetree/bindings
    "hw/arm/",           # QEMU's boards
    "hw/char/",          # QEMU's UART models
    "hw/intc/",          # QEMU's interrupt controllers (its GICv2 model)
    "drivers/tty/",      # Linux's UART drivers
    "drivers/irqchip/",  # Linux's GIC drivers
    "accel/tcg/",        # QEMU's TCG
    "xen/include/",      # Xen's public headers
)
# Docs that may state measured figures, and why.
FIGURES_ELSEWHERE = {
    # The soak's results table, owned by the security review (not edited
    # in issue 17): to move to performance.md with its next change.
    "docs/security.md",
}
# System and libc headers named in comments (`<stdint.h>`): not ours.
SYSTEM_HEADERS = ("stdint.h", "stddef.h", "stdbool.h", "stdio.h", "stdlib.h",
                  "string.h", "stdarg.h", "limits.h", "setjmp.h", "cmocka.h",
                  "unistd.h", "errno.h", "assert.h", "inttypes.h")
SKIP_DIRS = {"build", ".git", "__pycache__", ".pytest_cache"}
# Words that stand for any name in a path (`configs/NAME.dts`).
PLACEHOLDERS = ("NAME", "CONFIG", "N")
PLACEHOLDER = re.compile(r"<[^<>/]+>|(?<![A-Za-z])(?:" +
                         "|".join(PLACEHOLDERS) + r")(?![A-Za-z])")

PATH_RE = re.compile(
    r"(?<![\w./<*$)-])"
    r"((?:\.\./|\./|/)?(?:[\w*?<>-]+/)*[\w*?<>-]+"
    r"(?:\.(?:" + "|".join(PATH_EXTENSIONS) + r")\b(?![\w-])|/))")

# A measured figure (the docstring's "figures").
FIGURE_UNIT = re.compile(
    r"(?<![\w.,])(\d(?:[\d,.]*\d)?)\s?(ns|µs|us|ms|s|KiB|MiB|B|%|x|cycles?|"
    r"instructions?|lines)(?![\w])")
FIGURE_WORD = re.compile(
    r"^(measured|jitter|latency|lateness|mean|median|average|worst|min|max|"
    r"p99|overhead|footprint|wall)$", re.IGNORECASE)
FIGURE_REACH = 4
LIMIT_WORDS = re.compile(r"(at most|at least|up to|within|target:?|<=|>=|"
                         r"under|over|below|above)\W*$", re.IGNORECASE)


def measured_figures(line):
    """The measured figures of one line of prose, as (figure, word)."""
    text = re.sub(r"`[^`]*`", "``", line)
    for m in FIGURE_UNIT.finditer(text):
        before = text[:m.start()]
        if LIMIT_WORDS.search(before):
            continue
        words = re.findall(r"[\w]+", before)[-FIGURE_REACH:]
        word = next((w for w in reversed(words) if FIGURE_WORD.match(w)),
                    None)
        if word is None and text[m.end():].lstrip().startswith("of code"):
            word = "of code"
        if word:
            yield m.group(0), word


RESULT_CELL = re.compile(r"\|\s*[\d,.]*\d(\s*(ns|µs|ms|s|B|KiB|M|x))?\s*[(|;]")


class Tree:
    """The files of the checked tree, relative to root, '/' separated."""

    def __init__(self, root):
        self.root = root
        self.files = []
        self.dirs = set()
        for top, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
            rel = os.path.relpath(top, root).replace(os.sep, "/")
            rel = "" if rel == "." else rel
            if rel:
                self.dirs.add(rel)
            for f in sorted(files):
                self.files.append(f"{rel}/{f}" if rel else f)
        self.fileset = set(self.files)
        self.basenames = {f.rsplit("/", 1)[-1] for f in self.files}

    def read(self, rel):
        with open(os.path.join(self.root, rel), encoding="utf-8",
                  errors="replace") as f:
            return f.read()

    def exists(self, rel):
        rel = os.path.normpath(rel).replace(os.sep, "/")
        return rel in self.fileset or rel in self.dirs

    def matches(self, pattern):
        pattern = os.path.normpath(pattern).replace(os.sep, "/")
        if not any(c in pattern for c in "*?"):
            return self.exists(pattern)
        return any(fnmatch.fnmatchcase(p, pattern)
                   for p in self.files + sorted(self.dirs))


# ---------------------------------------------------------------- comments

def c_comments(text):
    """(line, text) of every /* */ and // comment; strings skipped."""
    out, i, line, n = [], 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end
            for k, part in enumerate(text[i + 2:end].split("\n")):
                out.append((line + k, part))
            line += text.count("\n", i, end)
            i = end + 2
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append((line, text[i + 2:end]))
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        else:
            i += 1
    return out


def hash_comments(text):
    """(line, text) after a '#' that starts a comment (not in a string)."""
    out = []
    for num, raw in enumerate(text.split("\n"), 1):
        quote = None
        for k, c in enumerate(raw):
            if quote:
                if c == quote:
                    quote = None
            elif c in "\"'":
                quote = c
            elif c == "#" and (k == 0 or raw[k - 1] in " \t"):
                out.append((num, raw[k + 1:]))
                break
    return out


def comment_lines(rel, text):
    ext = rel.rsplit(".", 1)[-1] if "." in rel.rsplit("/", 1)[-1] else ""
    name = rel.rsplit("/", 1)[-1]
    if ext in ("c", "h", "S", "dts", "dtsi", "ld"):
        return c_comments(text)
    if ext in ("py", "mk", "sh", "txt") or name == "Makefile":
        return hash_comments(text)
    return []


def doc_files(tree):
    return [f for f in tree.files
            if f == "README.md" or re.fullmatch(r"docs/[^/]+\.md", f)]


# ------------------------------------------------------------------ paths

def path_ok(tree, naming, word):
    word = word.split("#", 1)[0]
    if not word:
        return True  # a link to a heading of the same page
    if any(word.startswith(a) for a in ALLOWED):
        return True
    if word in SYSTEM_HEADERS:
        return True
    pattern = PLACEHOLDER.sub("*", word)
    if pattern.startswith("/"):
        return False
    folder = naming.rsplit("/", 1)[0] if "/" in naming else ""
    if pattern.startswith("."):
        candidate = os.path.normpath(os.path.join(folder, pattern))
        return tree.matches(candidate.replace(os.sep, "/"))
    pattern = pattern.rstrip("/")
    everything = tree.files + sorted(tree.dirs)
    return any(fnmatch.fnmatchcase(p, pattern) or
               fnmatch.fnmatchcase(p, "*/" + pattern) for p in everything)


def words_in(line):
    for m in PATH_RE.finditer(line):
        word = m.group(1)
        if word.startswith("<") and ">" not in word.split("/", 1)[0]:
            word = word[1:]  # <stdint.h>, <shikiri/hypercall.h>
        if "://" in line[max(0, m.start() - 8):m.end()]:
            continue
        if word.endswith("/"):
            first = word.lstrip("./").split("/", 1)[0]
            if first not in TOP_DIRS or word.count("/") < 1:
                continue
        yield word


def markdown_links(line):
    for m in re.finditer(r"\]\(([^)\s]+)\)", line):
        target = m.group(1)
        if "://" in target or target.startswith("mailto:"):
            continue
        yield target


def heading_anchor(heading):
    """GitHub's anchor of a markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def check_anchors(tree, rel, line, target):
    path, _, anchor = target.partition("#")
    if not anchor:
        return []
    folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
    doc = os.path.normpath(os.path.join(folder, path)).replace(os.sep, "/") \
        if path else rel
    if not doc.endswith(".md") or doc not in tree.fileset:
        return []
    anchors = {heading_anchor(h.lstrip("#"))
               for h in tree.read(doc).split("\n")
               if re.match(r"#{1,6} ", h)}
    if anchor in anchors:
        return []
    return [f"{rel}:{line}: links to '{target}', but {doc} has no heading "
            f"with that anchor"]


def check_paths(tree):
    problems = []
    named = []
    for rel in tree.files:
        if rel.split("/", 1)[0] not in COMMENT_DIRS:
            continue
        text = tree.read(rel)
        for line, comment in comment_lines(rel, text):
            named.extend((rel, line, w) for w in words_in(comment))
    for rel in doc_files(tree):
        for line, raw in enumerate(tree.read(rel).split("\n"), 1):
            named.extend((rel, line, w) for w in words_in(raw))
            for target in markdown_links(raw):
                named.append((rel, line, target))
                problems.extend(check_anchors(tree, rel, line, target))
    for rel, line, word in named:
        if not path_ok(tree, rel, word):
            problems.append(f"{rel}:{line}: names '{word}', which is not in "
                            f"the tree (nor in scripts/check-docs.py ALLOWED)")
    return problems


# -------------------------------------------------------------------- ABI

def header_calls(tree):
    """name -> (id, since 'X.Y' or None, line) of the header's SK_HC_*."""
    calls, since = {}, None
    for num, raw in enumerate(tree.read(HEADER).split("\n"), 1):
        m = re.search(r"\bSince (\d+\.\d+)", raw)
        if m:
            since = m.group(1)
        m = re.match(r"#define (SK_HC_\w+)\s+SK_HC_ID\((0x[0-9a-fA-F]+)u?\)",
                     raw)
        if m:
            fn = int(m.group(2), 16)
            calls[m.group(1)] = (0xC6000000 | fn, since, num)
            continue
        m = re.match(r"#define (SK_HC_\w+)\s+(0x[0-9a-fA-F]+)u?\b", raw)
        if m:
            calls[m.group(1)] = (int(m.group(2), 16), None, num)
    return calls


def header_status(tree):
    codes = {}
    for num, raw in enumerate(tree.read(HEADER).split("\n"), 1):
        m = re.match(r"#define (SK_OK|SK_E_\w+)\s+\(?(-?\d+)\)?", raw)
        if m:
            codes[m.group(1)] = (int(m.group(2)), num)
    return codes


def header_values(tree):
    """name -> (integer value, line) of the header's plain #defines."""
    values = {}
    for num, raw in enumerate(tree.read(HEADER).split("\n"), 1):
        m = re.match(r"#define (SK_\w+)\s+\(?(-?(?:0x[0-9a-fA-F]+|\d+))u?\)?"
                     r"\s*(?:/\*.*)?$", raw)
        if m:
            values[m.group(1)] = (int(m.group(2), 0), num)
    return values


def check_hypercall_prose(tree, lines, calls):
    """`SK_NAME` (value) and the UID words in hypercalls.md's prose."""
    problems = []
    values = header_values(tree)
    for num, raw in enumerate(lines, 1):
        if raw.startswith("|"):
            continue  # the tables: check_hypercalls
        for m in re.finditer(r"`(SK_\w+)` \((-?(?:0x[0-9a-fA-F]+|\d+)"
                             r"(?:\.\d+)?)\)", raw):
            name, said = m.group(1), m.group(2)
            if "." in said and name in calls:
                since, hline = calls[name][1] or "1.0", calls[name][2]
                if said != since:
                    problems.append(f"{HC_DOC}:{num}: {name} ({said}) but "
                                    f"{HEADER}:{hline} says since {since}")
            elif "." not in said and name in values:
                value, hline = values[name]
                if int(said, 0) != value:
                    problems.append(f"{HC_DOC}:{num}: {name} ({said}) but "
                                    f"{HEADER}:{hline} defines {value}")
        m = re.search(r"x0\.\.x3 = (0x[0-9a-fA-F]+), (0x[0-9a-fA-F]+), "
                      r"(0x[0-9a-fA-F]+), (0x[0-9a-fA-F]+)", raw)
        if m:
            for i in range(4):
                value, hline = values.get(f"SK_UID_{i}", (None, 0))
                if value != int(m.group(i + 1), 16):
                    problems.append(f"{HC_DOC}:{num}: UID word {i} is "
                                    f"{m.group(i + 1)} but {HEADER}:{hline} "
                                    f"defines SK_UID_{i} as {value:#010x}"
                                    if value is not None else
                                    f"{HC_DOC}:{num}: UID word {i}: "
                                    f"{HEADER} defines no SK_UID_{i}")
    return problems


def abi_version(tree):
    text = tree.read(HEADER)
    found = {}
    for part in ("MAJOR", "MINOR"):
        m = re.search(rf"#define SK_ABI_VERSION_{part}\s+(\d+)u?", text)
        if not m:
            return None, 0
        found[part] = m.group(1)
    line = text[:text.find("#define SK_ABI_VERSION_MAJOR")].count("\n") + 1
    return f"{found['MAJOR']}.{found['MINOR']}", line


def check_abi(tree):
    problems = []
    version, vline = abi_version(tree)
    if version is None:
        return [f"{HEADER}:1: no SK_ABI_VERSION_MAJOR/MINOR: the ABI version "
                f"has no definition"]
    defined = f"{HEADER}:{vline} defines {version}"
    header = tree.read(HEADER).split("\n")
    for num, raw in enumerate(header, 1):
        m = re.search(r"ABI, version (\d+\.\d+)", raw)
        if m and m.group(1) != version:
            problems.append(f"{HEADER}:{num}: the comment says ABI version "
                            f"{m.group(1)} but {defined}")
    # Every 'Since X.Y' of the header counts, a call's or another
    # addition's (status or audit codes, a struct's new version).
    newest = max(re.findall(r"\bSince (\d+\.\d+)", "\n".join(header)),
                 key=lambda s: tuple(int(x) for x in s.split(".")),
                 default=None)
    if newest and newest != version:
        problems.append(f"{HEADER}:{vline}: the newest additions are 'Since "
                        f"{newest}' but the version is {version}")
    code = tree.read(HC_CODE)
    for part, reg in (("MAJOR", 1), ("MINOR", 2)):
        if not re.search(rf"regs\[{reg}\]\s*=\s*SK_ABI_VERSION_{part}\s*;",
                         code):
            problems.append(f"{HC_CODE}:1: the SK_HC_ABI_VERSION handler "
                            f"does not return SK_ABI_VERSION_{part} in "
                            f"x{reg} ({defined})")
    doc = tree.read(HC_DOC).split("\n")
    titled = False
    for num, raw in enumerate(doc, 1):
        m = re.match(r"# .*version (\d+\.\d+)", raw)
        if m:
            titled = True
            if m.group(1) != version:
                problems.append(f"{HC_DOC}:{num}: the title says version "
                                f"{m.group(1)} but {defined}")
        if "`SK_HC_ABI_VERSION`" in raw:
            m = re.search(r"major \((\d+)\), x2 = minor \((\d+)\)", raw)
            said = f"{m.group(1)}.{m.group(2)}" if m else None
            if said != version:
                problems.append(f"{HC_DOC}:{num}: the SK_HC_ABI_VERSION row "
                                f"says {said or 'no version'} but {defined}")
    if not titled:
        problems.append(f"{HC_DOC}:1: the title names no ABI version "
                        f"({defined})")
    return problems


# -------------------------------------------------------------- hypercalls

def doc_table(lines, heading):
    """(line, cells) of the rows of the first table after `heading`."""
    rows, inside = [], False
    for num, raw in enumerate(lines, 1):
        if raw.startswith("#"):
            if inside and rows:
                break
            inside = raw.strip("# ").strip() == heading
            continue
        if inside and raw.startswith("|"):
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells):
                continue
            rows.append((num, cells))
        elif inside and rows:
            break
    return rows[1:]  # without the header row


def check_hypercalls(tree):
    problems = []
    lines = tree.read(HC_DOC).split("\n")
    calls = header_calls(tree)
    seen = {}
    rows = doc_table(lines, "Calls")
    if not rows:
        return [f"{HC_DOC}:1: no table under '## Calls'"]
    for num, cells in rows:
        m = re.fullmatch(r"`(0x[0-9A-Fa-f]+)`", cells[0])
        n = re.fullmatch(r"`(\w+)`(?: \((\d+\.\d+)\))?", cells[1])
        if not m or not n:
            problems.append(f"{HC_DOC}:{num}: row not of the form "
                            f"| `0x...` | `SK_HC_NAME` (X.Y) | ...")
            continue
        name, since, fid = n.group(1), n.group(2), int(m.group(1), 16)
        if name in seen:
            problems.append(f"{HC_DOC}:{num}: {name} listed again (first at "
                            f"line {seen[name]})")
        seen[name] = num
        if name not in calls:
            problems.append(f"{HC_DOC}:{num}: {name} is not defined in "
                            f"{HEADER}")
            continue
        hid, hsince, hline = calls[name]
        if fid != hid:
            problems.append(f"{HC_DOC}:{num}: {name} has id {fid:#010X} but "
                            f"{HEADER}:{hline} defines {hid:#010X}")
        if since != hsince:
            problems.append(f"{HC_DOC}:{num}: {name} is marked since "
                            f"{since or '1.0 (no mark)'} but {HEADER}:{hline} "
                            f"says {hsince or '1.0 (no Since)'}")
    for name, (_, _, hline) in sorted(calls.items(), key=lambda c: c[1][2]):
        if name not in seen:
            problems.append(f"{HEADER}:{hline}: {name} is missing from the "
                            f"Calls table of {HC_DOC}")
    codes = header_status(tree)
    listed = set()
    for num, cells in doc_table(lines, "Status codes"):
        m = re.fullmatch(r"`(\w+)`", cells[1]) if len(cells) > 1 else None
        if not m or not re.fullmatch(r"-?\d+", cells[0]):
            problems.append(f"{HC_DOC}:{num}: row not of the form "
                            f"| value | `SK_NAME` | meaning |")
            continue
        name = m.group(1)
        listed.add(name)
        if name not in codes:
            problems.append(f"{HC_DOC}:{num}: {name} is not defined in "
                            f"{HEADER}")
        elif int(cells[0]) != codes[name][0]:
            problems.append(f"{HC_DOC}:{num}: {name} is {cells[0]} but "
                            f"{HEADER}:{codes[name][1]} defines "
                            f"{codes[name][0]}")
    for name, (_, hline) in sorted(codes.items(), key=lambda c: c[1][1]):
        if name not in listed:
            problems.append(f"{HEADER}:{hline}: {name} is missing from the "
                            f"Status codes table of {HC_DOC}")
    problems.extend(check_hypercall_prose(tree, lines, calls))
    return problems


# ----------------------------------------------------------------- figures

def check_figures(tree):
    problems = []
    for rel in doc_files(tree):
        if rel == PERF_DOC or rel in FIGURES_ELSEWHERE:
            continue
        fenced = False
        for num, raw in enumerate(tree.read(rel).split("\n"), 1):
            if raw.startswith("```"):
                fenced = not fenced
            if fenced:
                continue
            for figure, word in measured_figures(raw):
                problems.append(
                    f"{rel}:{num}: states a measured figure ('{figure}' "
                    f"after '{word}'): measured figures live in {PERF_DOC}; "
                    f"link there instead")
    if PERF_DOC in tree.fileset:
        problems.extend(check_perf_tags(tree))
    return problems


def is_commit(root, rev):
    """Whether rev names a commit; true outside a git checkout."""
    if not os.path.exists(os.path.join(root, ".git")):
        return True
    r = subprocess.run(["git", "-C", root, "rev-parse", "-q", "--verify",
                        f"{rev}^{{commit}}"], capture_output=True, check=False)
    return r.returncode == 0


def check_perf_tags(tree):
    """Every `##` section of performance.md with results names its commit.

    Results: a table cell that is a number, maybe with a unit and a note
    (`| 460 |`, `| 32 (Xen 1084) |`), or a line of a fenced block that ends
    in a number (`... (ns)   32.0`).
    """
    problems = []
    section, start, has_figures, tagged = None, 0, False, False
    fenced = False

    def close():
        if section is not None and has_figures and not tagged:
            problems.append(f"{PERF_DOC}:{start}: section '{section}' has "
                            f"measured figures but no 'measured at <commit>'")

    for num, raw in enumerate(tree.read(PERF_DOC).split("\n"), 1):
        if raw.startswith("```"):
            fenced = not fenced
            continue
        if raw.startswith("## ") and not fenced:
            close()
            section, start = raw[3:].strip(), num
            has_figures = tagged = False
            continue
        for m in re.finditer(r"measured at ([0-9a-f]{7,40})\b", raw,
                             re.IGNORECASE):
            tagged = True
            if not is_commit(tree.root, m.group(1)):
                problems.append(f"{PERF_DOC}:{num}: 'measured at "
                                f"{m.group(1)}' names no commit of this "
                                f"repository")
        if fenced and re.search(r"\s[\d,.]*\d\s*$", raw):
            has_figures = True
        if not fenced and raw.startswith("|") and RESULT_CELL.search(raw):
            has_figures = True
    close()
    return problems


CHECKS = {
    "paths": check_paths,
    "abi": check_abi,
    "figures": check_figures,
    "hypercalls": check_hypercalls,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--only", default=",".join(CHECKS))
    args = ap.parse_args()
    tree = Tree(args.root)
    problems = []
    for name in args.only.split(","):
        if name not in CHECKS:
            ap.error(f"unknown check '{name}' (one of {', '.join(CHECKS)})")
        problems.extend(CHECKS[name](tree))
    for p in problems:
        print(p)
    if problems:
        print(f"check-docs: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
