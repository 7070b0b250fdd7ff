#!/usr/bin/env python3
"""make soak: runs each soak part in turn and prints a summary
(docs/testing.md, "Soak").

Parts (SOAK_PARTS, in this order by default):
  selfcheck  the report comparison flags a leak (no QEMU; seconds)
  calls      SOAK_CALLS random calls per conduit beside a victim
  restarts   SOAK_RESTARTS restarts of a partition by its manager
  linux      SOAK_LINUX_RESTARTS restarts of the Linux partition
  hostile    tests/system/test_hostile.py and test_redteam.py in a loop for
             SOAK_HOSTILE_MINUTES (a run started in time is finished)
  matrix     the lifecycle matrix's full product: the shell command in
             SOAK_MATRIX_CMD (the hook for it; empty: the summary says
             NOT RUN for this part)

The first three QEMU parts are tests/system/test_soak.py under --soak;
each writes its virtual time and figures to $SOAK_RESULTS/<part>.json.
Each part's result is PASS, FAIL or NOT RUN; exit status 0 only if none
failed."""
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PYTHON = os.environ.get("PYTHON", sys.executable)
PYTEST = [PYTHON, "-m", "pytest", "-ra", "-p", "no:cacheprovider"]
SOAK_TESTS = os.path.join("tests", "system", "test_soak.py")
# Part -> the test_soak.py test (-k) that is that part.
SOAK_SELECT = {
    "selfcheck": "test_soak_report_comparison_sees_a_leak",
    "calls": "test_soak_random_calls",
    "restarts": "test_soak_a_partition_restarted",
    "linux": "test_soak_linux_restarted",
}
HOSTILE_TESTS = [os.path.join("tests", "system", "test_hostile.py"),
                 os.path.join("tests", "system", "test_redteam.py")]
DEFAULT_PARTS = "selfcheck calls restarts linux hostile matrix"


def env_int(name, default):
    return int(os.environ.get(name, str(default)))


def run(cmd, env, log):
    """Runs cmd from the repository root, its output to the terminal and
    to log; its exit status."""
    print("+ " + " ".join(cmd), flush=True)
    with subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True) as p:
        for line in p.stdout:
            sys.stdout.write(line)
            log.write(line)
        return p.wait()


def part_soak(name, env, log, results):
    rc = run(PYTEST + [SOAK_TESTS, "--soak", "-s", "-k", SOAK_SELECT[name]],
             env, log)
    result = "PASS" if rc == 0 else "FAIL"
    figures = {}
    path = os.path.join(results, name + ".json")
    if os.path.exists(path):
        with open(path) as f:
            figures = json.load(f)
    virtual = figures.pop("virtual_ms", None)
    return result, virtual, ", ".join(f"{k} {v}" for k, v in figures.items())


def part_hostile(env, log):
    minutes = float(os.environ.get("SOAK_HOSTILE_MINUTES", "10"))
    deadline = time.monotonic() + minutes * 60
    runs = failed = 0
    while runs == 0 or time.monotonic() < deadline:
        runs += 1
        print(f"soak hostile: run {runs}", flush=True)
        if run(PYTEST + HOSTILE_TESTS, env, log) != 0:
            failed += 1
    return "PASS" if failed == 0 else "FAIL", None, f"{runs} runs of the hostile suite, {failed} failed"


def part_matrix(env, log):
    cmd = os.environ.get("SOAK_MATRIX_CMD", "").strip()
    if not cmd:
        return "NOT RUN", None, ("SOAK_MATRIX_CMD is empty: the lifecycle "
                                 "matrix's full-product command goes there")
    rc = run(["sh", "-c", cmd], env, log)
    return "PASS" if rc == 0 else "FAIL", None, f"`{cmd}` exited {rc}"


def main():
    parts = os.environ.get("SOAK_PARTS", DEFAULT_PARTS).split()
    unknown = [p for p in parts
               if p not in SOAK_SELECT and p not in ("hostile", "matrix")]
    if unknown:
        sys.exit(f"soak: unknown part(s) {unknown}; known: {DEFAULT_PARTS}")
    results = tempfile.mkdtemp(prefix="soak-")
    env = dict(os.environ, SOAK_RESULTS=results)
    sizes = (f"SOAK_CALLS={env_int('SOAK_CALLS', 1000000)} "
             f"SOAK_RESTARTS={env_int('SOAK_RESTARTS', 1000)} "
             f"SOAK_LINUX_RESTARTS={env_int('SOAK_LINUX_RESTARTS', 100)} "
             f"SOAK_HOSTILE_MINUTES={os.environ.get('SOAK_HOSTILE_MINUTES', '10')}")
    rows = []
    log_path = os.path.join(results, "soak.log")
    with open(log_path, "w") as log:
        for name in parts:
            start = time.monotonic()
            if name in SOAK_SELECT:
                result, virtual, what = part_soak(name, env, log, results)
            elif name == "hostile":
                result, virtual, what = part_hostile(env, log)
            else:
                result, virtual, what = part_matrix(env, log)
            rows.append((name, time.monotonic() - start, virtual, result, what))
    print(f"\nsoak summary ({sizes}; output in {log_path})")
    print(f"{'part':<10} {'host':>9} {'virtual':>10}  result  figures")
    for name, host, virtual, result, what in rows:
        v = f"{virtual / 1000:.1f} s" if virtual is not None else "-"
        print(f"{name:<10} {host:>7.0f} s {v:>10}  {result:<7} {what}")
    sys.exit(1 if any(r[3] == "FAIL" for r in rows) else 0)


if __name__ == "__main__":
    main()
