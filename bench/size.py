#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""What each part of the hypervisor costs: code lines and .text bytes per
module (a .c or .S of HYP_SRCS together with the header of the same name),
and the headers they include as modules of their own.

  python3 bench/size.py [--build build] [--markdown] [--top N]

Code lines: non-blank lines outside comments (bench/run.py code_lines).
.text: each function symbol up to the next one, charged to the file its
DWARF line information names (nm -l), so assembly without .size and
alignment padding count too, and an inline function's out-of-line copy
counts for the header that defines it. The shipped image is linked with
-flto, which inlines across files and so charges callees to their callers:
the table reads build/hypervisor-modules/shikiri.elf, the same sources
without link-time optimisation, whose figures sum to its .text; the last
line gives the shipped image's .text. Code lines sum to what bench/run.py
reports. `make size` prints this table; `make bench` includes it."""

import argparse
import collections
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from run import code_lines, headers_of, hyp_platform, hyp_sources  # noqa: E402

NM = "aarch64-linux-gnu-nm"
SIZE = "aarch64-linux-gnu-size"


def text_range(elf):
    out = subprocess.run([SIZE, "-A", "-x", elf], capture_output=True,
                         text=True, check=True, timeout=60).stdout
    for line in out.splitlines():
        f = line.split()
        if f[:1] == [".text"]:
            return int(f[2], 16), int(f[1], 16)
    sys.exit(f"{elf}: no .text")


def text_by_file(elf):
    """{source file: .text bytes}, the symbols' gaps charged to them."""
    base, size = text_range(elf)
    out = subprocess.run([NM, "-n", "-l", "--defined-only", elf],
                         capture_output=True, text=True, check=True,
                         timeout=120).stdout
    syms = []
    for line in out.splitlines():
        f = line.split(None, 3)
        if len(f) < 3 or f[1] not in "tTwW":
            continue
        addr = int(f[0], 16)
        if not base <= addr < base + size:
            continue
        where = f[3].split("\t")[-1] if len(f) > 3 else ""
        path = where.rsplit(":", 1)[0] if ":" in where else ""
        syms.append((addr, os.path.relpath(path) if path else "(no line info)"))
    charged = collections.Counter()
    if syms and syms[0][0] > base:
        charged["(before the first symbol)"] += syms[0][0] - base
    for i, (addr, path) in enumerate(syms):
        end = syms[i + 1][0] if i + 1 < len(syms) else base + size
        charged[path] += end - addr
    return charged, size


def module_of(path):
    return os.path.splitext(path)[0].removeprefix("hypervisor/")


def table(build):
    elf = f"{build}/hypervisor-modules/shikiri.elf"
    sources = hyp_sources()
    platform = hyp_platform()
    headers = sorted({h for s in sources
                      for h in headers_of(s, "aarch64-linux-gnu-gcc",
                                              platform)})
    lines = collections.Counter()
    for p in sources + headers:
        lines[module_of(p)] += code_lines(p)
    text, total = text_by_file(elf)
    size = collections.Counter()
    for path, n in text.items():
        size[module_of(path)] += n
    rows = sorted(set(lines) | set(size),
                  key=lambda m: (-size[m], -lines[m], m))
    return rows, lines, size, total


def render(build, markdown=False, top=None):
    rows, lines, size, total = table(build)
    all_lines = sum(lines.values())
    shown = rows if top is None else rows[:top]
    out = []
    if markdown:
        out += ["| module | .text (B) | share | code lines |",
                "|---|---:|---:|---:|"]
        fmt = "| {m} | {t:,} | {s:.1f} % | {l:,} |"
    else:
        out.append(f"{'module':44} {'.text B':>9} {'share':>6} {'lines':>6}")
        fmt = "{m:44} {t:9,} {s:5.1f}% {l:6,}"
    for m in shown:
        out.append(fmt.format(m=m, t=size[m], s=100.0 * size[m] / total,
                              l=lines[m]))
    rest = rows[len(shown):]
    if rest:
        out.append(fmt.format(m=f"({len(rest)} more)",
                              t=sum(size[m] for m in rest),
                              s=100.0 * sum(size[m] for m in rest) / total,
                              l=sum(lines[m] for m in rest)))
    out.append(fmt.format(m="total (without -flto)", t=total, s=100.0,
                          l=all_lines))
    shipped, _ = text_range(f"{build}/hypervisor/shikiri.elf")[::-1]
    out.append(fmt.format(m="shipped image (-flto)", t=shipped,
                          s=100.0 * shipped / total, l=all_lines))
    return "\n".join(out)


def modules(build):
    """(module, .text bytes) of every module, largest first: what
    bench/charts.py's size chart draws."""
    rows, _, size, _ = table(build)
    return [(m, size[m]) for m in rows]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--markdown", action="store_true",
                    help="a Markdown table (docs/performance.md)")
    ap.add_argument("--top", type=int, default=None,
                    help="the N largest modules, the rest summed in one row")
    a = ap.parse_args()
    print(render(a.build, a.markdown, a.top))


if __name__ == "__main__":
    main()
