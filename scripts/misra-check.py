#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compare cppcheck's MISRA C:2012 findings with the suppression file.

usage: misra-check.py SUPPRESSIONS FINDINGS
       misra-check.py --self-test   (the checker fails where it must)

FINDINGS is cppcheck's output with --template='{file}:{line}:{id}'.
SUPPRESSIONS is in cppcheck's --suppressions-list format, one entry a line:
    misra-c2012-15.5                      the rule everywhere (a deviation)
    misra-c2012-17.2:hypervisor/lib/x.c   the rule in one file (globs allowed)
    misra-c2012-10.8:hypervisor/lib/x.c:12  one line (avoid: lines shift)
Lines starting with '#' are comments. Every entry needs a reason: the block
it sits in (entries and comments up to the previous blank line) must start
with a comment.

Fails (exit 1), one line per problem, when
- a finding is not covered by an entry (file:line: rule, and the source line);
- an entry covers no finding (stale: the code was fixed, remove the entry);
- an entry has no reason, names an absolute path, or appears twice.
"""

import fnmatch
import sys


def parse_suppressions(path):
    entries, errors = [], []
    reason = False
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                reason = False
                continue
            if line.startswith("#") or line.startswith("//"):
                reason = True
                continue
            where = f"{path}:{n}"
            parts = line.split(":")
            if len(parts) > 3 or not parts[0]:
                errors.append(f"{where}: not 'id[:file[:line]]': {line}")
                continue
            if not reason:
                errors.append(f"{where}: '{line}' has no reason "
                              "(a comment line above it)")
            if len(parts) > 1 and parts[1].startswith("/"):
                errors.append(f"{where}: '{line}': use a path relative to "
                              "the top of the tree")
            if len(parts) == 3 and not parts[2].isdigit():
                errors.append(f"{where}: '{line}': line is not a number")
            if any(e["text"] == line for e in entries):
                errors.append(f"{where}: '{line}' is listed twice")
            entries.append({"text": line, "where": where,
                            "id": parts[0],
                            "file": parts[1] if len(parts) > 1 else None,
                            "line": parts[2] if len(parts) > 2 else None,
                            "used": 0})
    return entries, errors


def parse_findings(path):
    findings = []
    try:
        f = open(path, encoding="utf-8")
    except FileNotFoundError:
        return findings  # cppcheck found nothing (every entry is then stale)
    with f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line:
                continue
            parts = line.rsplit(":", 2)
            if len(parts) != 3:
                # Not in our template: a cppcheck failure. Never ignore it.
                findings.append(("?", "0", line))
                continue
            findings.append(tuple(parts))
    return findings


def covers(entry, finding):
    file, line, ident = finding
    if not fnmatch.fnmatchcase(ident, entry["id"]):
        return False
    if entry["file"] is not None and \
            not fnmatch.fnmatchcase(file, entry["file"]):
        return False
    return entry["line"] is None or entry["line"] == line


def source_line(file, line):
    try:
        with open(file, encoding="utf-8", errors="replace") as f:
            for n, text in enumerate(f, 1):
                if str(n) == line:
                    return text.strip()
    except OSError:
        pass
    return ""


def rule_of(ident):
    prefix = "misra-c2012-"
    if ident.startswith(prefix):
        return f"MISRA C:2012 rule {ident[len(prefix):]}"
    return f"cppcheck '{ident}'"


def self_test():
    """The checker must be able to fail: run it on made-up input first."""
    import os
    import tempfile
    cases = [
        # (suppressions, findings, expected exit status, what it shows)
        ("# r\nmisra-c2012-15.5\n", "a.c:3:misra-c2012-15.5\n", 0,
         "a rule deviation covers a finding"),
        ("# r\nmisra-c2012-15.5:b.c\n", "a.c:3:misra-c2012-15.5\n", 1,
         "a file entry does not cover another file"),
        ("# r\nmisra-c2012-15.5\n",
         "a.c:3:misra-c2012-15.5\na.c:4:misra-c2012-15.1\n", 1,
         "a new rule fails"),
        ("# r\nmisra-c2012-15.5:a.c:4\n", "a.c:3:misra-c2012-15.5\n", 1,
         "a line entry covers only its line"),
        ("# r\nmisra-c2012-15.5\nmisra-c2012-2.5\n",
         "a.c:3:misra-c2012-15.5\n", 1, "a stale entry fails"),
        ("misra-c2012-15.5\n", "a.c:3:misra-c2012-15.5\n", 1,
         "an entry without a reason fails"),
        ("# r\nmisra-c2012-15.5\n", "oops\n", 1,
         "cppcheck output not in the template fails"),
    ]
    with tempfile.TemporaryDirectory() as d:
        supp, found = os.path.join(d, "s"), os.path.join(d, "f")
        for text, findings, want, what in cases:
            with open(supp, "w", encoding="utf-8") as f:
                f.write(text)
            with open(found, "w", encoding="utf-8") as f:
                f.write(findings)
            with open(os.devnull, "w", encoding="utf-8") as null:
                saved, sys.stdout = sys.stdout, null
                try:
                    got = main(["misra-check.py", supp, found])
                finally:
                    sys.stdout = saved
            if got != want:
                print(f"misra-check.py self-test: {what}: exit {got}, "
                      f"expected {want}")
                return 1
    return 0


def main(argv):
    if len(argv) == 2 and argv[1] == "--self-test":
        return self_test()
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    supp_path, findings_path = argv[1], argv[2]
    entries, errors = parse_suppressions(supp_path)
    findings = parse_findings(findings_path)

    new = []
    for finding in sorted(set(findings),
                          key=lambda f: (f[0], int(f[1]) if f[1].isdigit()
                                         else 0, f[2])):
        hits = [e for e in entries if covers(e, finding)]
        for e in hits:
            e["used"] += 1
        if not hits:
            new.append(finding)

    for file, line, ident in new:
        if file == "?":
            print(f"cppcheck said something not in the template: {ident}")
            continue
        print(f"{file}:{line}: {rule_of(ident)} ({ident}), "
              f"not in {supp_path}")
        text = source_line(file, line)
        if text:
            print(f"    {text}")
    for e in entries:
        if e["used"] == 0:
            errors.append(f"{e['where']}: '{e['text']}' matches no finding "
                          "(fixed? remove the entry)")
    for err in errors:
        print(err)

    rules = sum(1 for e in entries if e["file"] is None)
    if new or errors:
        print(f"misra: {len(new)} new finding(s), {len(errors)} problem(s) "
              f"in {supp_path}: fix the code, or add an entry with its reason "
              "(docs/testing.md, MISRA C:2012)")
        return 1
    print(f"misra: {len(set(findings))} findings, all covered by "
          f"{len(entries)} entries ({rules} rule deviations, "
          f"{len(entries) - rules} scoped)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
