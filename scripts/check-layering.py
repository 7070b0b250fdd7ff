#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Which folder may include which, and no include cycles (make lint).

Every `#include` of the C and assembly sources under hypervisor/, include/,
tools/ and tests/ is resolved the way the build resolves it (the including
file's folder, then the -I folders of the builds), and the folder of the
file it names must be one its own folder may include (LAYERS below). A
system header (<...>) is allowed everywhere except where a layer lists the
only ones it may use. Then the include graph of the hypervisor's headers is
searched for cycles (as seL4's tools/circular_includes.py does).

Every finding is one line `file:line: what (rule)`; the exit status is 1 when
there is any. `--table` prints the rules.

    check-layering.py [--root DIR] [--table]
"""

import argparse
import os
import re
import sys

# The arch's published interface: the only part of the arch that core and
# drivers see, reached as "arch/<name>.h" through the include path.
ARCH_INCLUDE = "hypervisor/arch/arm64/include"

# (layer, folder): the most specific folder wins.
FOLDERS = (
    ("arch-include", ARCH_INCLUDE),
    ("arch", "hypervisor/arch/arm64"),
    ("core", "hypervisor/core"),
    ("lib", "hypervisor/lib"),
    ("spec", "hypervisor/spec"),
    ("drivers", "hypervisor/drivers"),
    ("platform", "hypervisor/platform"),
    ("shikiri", "include/shikiri"),
    ("tools", "tools"),
    ("tests", "tests"),
)

# layer -> (layers it may include, why). "core-internal" is a core header
# named *_internal.h: core's own business, never included from outside core.
LAYERS = {
    "lib": (("lib",),
            "lib depends on nothing above it"),
    "spec": ((),
             "spec holds facts of the specifications, nothing else"),
    "shikiri": (("shikiri",),
                "the guest ABI stands alone"),
    "arch-include": (("arch-include", "core", "lib", "spec", "platform",
                      "shikiri"),
                     "the arch's published headers use only each other, "
                     "core's public headers and what is below"),
    "arch": (("arch", "arch-include", "core", "lib", "spec", "platform",
              "drivers", "shikiri"),
             "arch reaches core only through core's public headers"),
    "core": (("core", "core-internal", "arch-include", "lib", "spec",
              "platform", "drivers", "shikiri"),
             "core reaches the arch only through arch/<name>.h "
             "(" + ARCH_INCLUDE + ")"),
    "drivers": (("drivers", "arch-include", "lib", "spec"),
                "a driver uses the arch's published primitives only"),
    "platform": (("platform", "core", "lib", "spec"),
                 "a board description uses core's public headers and below"),
    "tools": (("tools", "core", "core-internal", "lib", "spec", "shikiri"),
              "the host tools share core's validator, never the arch"),
    "tests": (None, "tests may include anything"),
}

# System headers a layer may use; None: any.
SYSTEM_HEADERS = {
    "spec": ("stdint.h",),
    "lib": ("stdarg.h", "stdbool.h", "stddef.h", "stdint.h"),
    "shikiri": ("stdbool.h", "stddef.h", "stdint.h"),
}

# Where a quoted include is looked for after the including file's folder:
# the union of the builds' -I folders (Makefile, hypervisor.mk, fuzz.mk).
SEARCH_PATH = ("hypervisor", ARCH_INCLUDE, "include",
               "hypervisor/platform/qemu-virt", "tools", "tests/unit",
               "tests/fuzz")

SCANNED = ("hypervisor", "include", "tools", "tests")
SOURCE_EXT = (".c", ".h", ".S")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def layer_of(rel):
    """The layer of a file (a path relative to the root), or None."""
    for name, folder in FOLDERS:
        if rel == folder or rel.startswith(folder + "/"):
            if name == "core" and rel.endswith("_internal.h"):
                return "core-internal"
            return name
    return None


def sources(root):
    for top in SCANNED:
        for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
            dirnames.sort()
            for fn in sorted(filenames):
                if fn.endswith(SOURCE_EXT):
                    path = os.path.join(dirpath, fn)
                    yield os.path.relpath(path, root).replace(os.sep, "/")


def includes(root, rel):
    """(line, kind, name) of every #include in rel; kind '<' or '"'."""
    with open(os.path.join(root, rel), encoding="utf-8",
              errors="replace") as f:
        for number, text in enumerate(f, 1):
            m = INCLUDE_RE.match(text)
            if m:
                yield number, m.group(1), m.group(2)


def resolve(root, rel, name):
    """The file a quoted include names, relative to root, or None."""
    for folder in (os.path.dirname(rel),) + SEARCH_PATH:
        candidate = os.path.normpath(os.path.join(folder, name))
        if os.path.isfile(os.path.join(root, candidate)):
            return candidate.replace(os.sep, "/")
    return None


def allowed_text(layer):
    allowed, why = LAYERS[layer]
    shown = [a for a in allowed if a != "core-internal"]
    return "%s may include %s: %s" % (
        layer, ", ".join(shown) if shown else "no project header", why)


def check_layers(root):
    """Findings, and the include graph of the hypervisor's headers."""
    findings = []
    graph = {}
    for rel in sources(root):
        layer = layer_of(rel)
        if layer is None:
            continue
        if layer == "core-internal":
            layer = "core"
        allowed, _ = LAYERS[layer]
        for number, kind, name in includes(root, rel):
            where = "%s:%d" % (rel, number)
            if kind == "<":
                system = SYSTEM_HEADERS.get(layer)
                if system is not None and name not in system:
                    findings.append("%s: %s may not include <%s> (it uses "
                                    "only %s)" % (where, layer, name,
                                                  ", ".join(system)))
                continue
            target = resolve(root, rel, name)
            if target is None:
                if rel.startswith("hypervisor/"):
                    findings.append("%s: %s: no such header on the include "
                                    "path" % (where, name))
                continue
            if rel.startswith("hypervisor/") and rel.endswith(".h") \
                    and target.startswith("hypervisor/"):
                graph.setdefault(rel, []).append((number, target))
            if allowed is None:
                continue
            target_layer = layer_of(target)
            if target_layer is None or target_layer in allowed:
                continue
            shown = "core" if target_layer == "core-internal" else \
                target_layer
            findings.append("%s: %s may not include %s (it is %s; %s)"
                            % (where, layer, name, shown,
                               allowed_text(layer)))
    return findings, graph


def check_cycles(graph):
    """One finding per include cycle among the hypervisor's headers."""
    findings = []
    seen_cycles = set()
    state = {}  # header -> 1 on the current path, 2 done

    def visit(header, path):
        state[header] = 1
        path.append(header)
        for number, target in graph.get(header, ()):
            if state.get(target) == 1:
                cycle = path[path.index(target):]
                key = frozenset(cycle)
                if key not in seen_cycles:
                    seen_cycles.add(key)
                    findings.append(
                        "%s:%d: include cycle: %s" % (
                            header, number,
                            " -> ".join(cycle + [target])))
            elif state.get(target) is None:
                visit(target, path)
        path.pop()
        state[header] = 2

    for header in sorted(graph):
        if state.get(header) is None:
            visit(header, [])
    return findings


def table():
    lines = ["layer         folder                           may include"]
    for name, folder in FOLDERS:
        allowed, why = LAYERS[name]
        shown = "anything" if allowed is None else \
            ", ".join(a for a in allowed if a != "core-internal") or "-"
        system = SYSTEM_HEADERS.get(name)
        if system is not None:
            shown += " (C headers: %s)" % ", ".join(system)
        lines.append("%-13s %-32s %s" % (name, folder + "/", shown))
    lines.append("A core header named *_internal.h is included only by "
                 "core (and the host tools that share it).")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", default=".")
    parser.add_argument("--table", action="store_true",
                        help="print the rules and exit")
    args = parser.parse_args(argv)
    if args.table:
        print(table())
        return 0
    sys.setrecursionlimit(10000)
    findings, graph = check_layers(args.root)
    findings += check_cycles(graph)
    for line in findings:
        print(line)
    if findings:
        print("check-layering: %d finding(s); the rules: "
              "scripts/check-layering.py --table" % len(findings),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
