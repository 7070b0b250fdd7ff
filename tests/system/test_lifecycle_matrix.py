"""The lifecycle matrix (issue 16 item 3): how a hostile vCPU or partition
stops x where it runs x what it leaves behind, from the one table in
lifecycle_matrix.py. For every cell: the hypervisor says the expected
stop or restart line, the victim's timer, interrupts and heartbeat go on
(its lateness report), and the next vCPU started on the hostile's CPU
sees only reset values (the el1-probe line of guests/tests/lifecycle.c).

Every placement runs on GICv3 and GICv2.
SYSTEM_OFF under the halt-system policy stops everything by design: its
cells check only that the system halts cleanly (every CPU parked at EL2).

`make check` runs the pairwise subset (every pair of dimension values in
at least one cell); `--matrix=full` (or SHIKIRI_MATRIX=full) selects the
full product: make system PYTEST_ARGS="-k matrix --matrix=full".
Cells that share a configuration and GIC share one QEMU run, one after
the other (each cell starts from a freshly booted or restarted hostile);
a failed cell's run is not reused. All under -icount: virtual time.
"""
import re

import pytest

import lifecycle_matrix as lm
from conftest import Qemu, config_image
from test_lifecycle import assert_victim_timer_alive

HOSTILE, BOSS = 1, 2  # partition ids (lifecycle_matrix.config_dts)
BEATS = 3             # victim beats watched after each stop
PROBE_TIMEOUT = 120
BOOT_PROBE = (r"\[hostile\] el1-probe: boot after (\d+) restarts, "
              r"(\d+) leaked registers\r")
CPU_OFF_PROBE = r"\[hostile\] el1-probe: cpu-off, (\d+) leaked registers\r"


def pytest_generate_tests(metafunc):
    if "cell" in metafunc.fixturenames:
        cells = lm.select(metafunc.config.getoption("--matrix"))
        # Cells of one configuration and GIC next to each other.
        cells.sort(key=lambda c: (c.gic, lm.cell_config(c)))
        metafunc.parametrize("cell", cells, ids=lm.cell_id)


class Run:
    """The QEMU run of one configuration and GIC, kept for the next cell
    while every cell in it passes."""

    def __init__(self, config, gic):
        self.key = (config, gic)
        self.q = Qemu(config_image(f"tests/{config}"), gic=gic,
                      smp=lm.smp(config), icount=True)
        self.restarts = 0
        expect_probe(self.q, BOOT_PROBE, 0)


@pytest.fixture(scope="module")
def runs():
    kept = {}
    yield kept
    for run in kept.values():
        run.q.close()


def runner(runs, config, gic):
    run = runs.get("current")
    if run is not None and run.key == (config, gic) and run.q.child.isalive():
        return run
    if run is not None:
        run.q.close()
    runs["current"] = Run(config, gic)
    return runs["current"]


def expect_probe(q, pattern, restarts):
    """The probe line: only reset values (and, at boot, the right count
    of restarts); the leaked registers in the message if not."""
    lines, m = q.lines_until(pattern, timeout=PROBE_TIMEOUT)
    leaks = [l for l in lines if "el1-probe: round" in l]
    if m.re.groups == 2:
        assert int(m.group(1)) == restarts, m.group(0)
    assert int(m.group(m.re.groups)) == 0, "\n".join(leaks)


# The halting CPU says so before the others have taken its halt SGI (an
# idle CPU takes it when QEMU next runs it): asked this many times.
HALT_QUERIES = 50


def assert_every_cpu_parked(q, cpus):
    """Every CPU ends at EL2 (the hypervisor's halt), none in a guest."""
    states = []
    for _ in range(HALT_QUERIES):
        regs = q.monitor("info registers -a")
        states = re.findall(r"PSTATE=[0-9a-f]+ \S+ (EL\d\w)", regs)
        if states == ["EL2h"] * cpus:
            return
    pytest.fail(f"CPUs not all halted at EL2: {states}")


def command(q, pid, name, keys):
    q.focus(pid, name)
    q.send(keys)


def test_lifecycle_matrix_cell(runs, cell):
    way = lm.WAYS[cell.way]
    config = lm.cell_config(cell)
    run = runner(runs, config, cell.gic)
    runs.pop("current")  # given back only if the cell passes
    q = run.q
    command(q, HOSTILE, "hostile", lm.LEFTOVERS[cell.leftover] + way.key)
    q.expect(rf"\[hostile\] matrix: leaving {cell.leftover}, then ")
    if way.manager is not None:
        command(q, BOSS, "boss", f"{way.manager}{HOSTILE}")
    if way.said is not None:
        q.expect(way.said)
    if way.then == "halted":
        q.expect(r"\[shikiri\] system halted: guest called PSCI SYSTEM_OFF")
        assert_every_cpu_parked(q, lm.smp(config))
        q.close()
        return
    if way.then == "stopped":
        command(q, BOSS, "boss", f"R{HOSTILE}")
        q.expect(r"\[shikiri\] partition 'hostile' restarting "
                 r"\(restarted by the manager\)")
    if way.then == "probed":
        expect_probe(q, CPU_OFF_PROBE, None)
    else:
        run.restarts += 1
        expect_probe(q, BOOT_PROBE, run.restarts)
    placement = lm.PLACEMENTS[cell.placement]
    assert_victim_timer_alive(q, beats=BEATS,
                              starved_before=not placement.never_starved)
    runs["current"] = run
