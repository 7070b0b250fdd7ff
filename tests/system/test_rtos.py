"""The RTOS (guests/rtos) bare on QEMU and in a shikiri partition.

Bare: entered at EL1 (virtualization=off) and at EL2 (virtualization=on),
on GICv3 and GICv2. In shikiri: configs/tests/rtos.dts, the RTOS on CPU 1
beside a heartbeat partition; configs/tests/rtos-demo-stall.dts, the demo
beside a neighbour that freezes its CPU. All under `-icount
shift=0,sleep=off`, so the times the applications report are exact
virtual time.

The demo's report parser and checks here are shared with the tests that
boot the demo beside Linux (test_linux.py, test_linux_channels.py)."""
import re

import pytest

from conftest import board_image, build_path, config_image

SELFTEST_DONE = r"selftest done\r"
# The kernel's timeout is exact to the counter; what comes on top is the
# interrupt's way to the task (bare: ~400 ns, in shikiri ~800 ns).
TIMEOUT_US = 1500
PATH_BOUND_NS = 5000
CYC_CALLS = 1000
CYC_PERIOD_NS = 1_000_000

# The demo's once-a-second report (guests/rtos/apps/demo.c, docs/rtos.md).
# Lateness is signed: a release measured before it happened would print
# negative and be counted in "early" (issue 15: it used to wrap to about
# 2.95e11 ns).
DEMO_REPORT = re.compile(
    r"control: (\d+) periods of 1000 us, release jitter min (-?\d+) ns "
    r"mean (-?\d+) ns max (-?\d+) ns, early (\d+), overruns (\d+); "
    r"sensor events (\d+), load bursts (\d+)\r")
DEMO_FIELDS = ("periods", "min", "mean", "max", "early", "overruns", "sensor",
               "load")
DEMO_PERIODS = 1000


def demo_report(m):
    return dict(zip(DEMO_FIELDS, map(int, m.groups())))


def expect_demo_report(q, prefix="", timeout=None):
    """The next report, parsed."""
    return demo_report(q.expect(re.escape(prefix) + DEMO_REPORT.pattern,
                                timeout=timeout))


def demo_reports_in(text):
    """Every report in a log; any "control:" line that is not one in the
    expected form (an older format, a wrapped number) fails the test."""
    lines = [l for l in text.splitlines()
             if re.search(r"\bcontrol: \d+ periods of", l)]
    reports = [demo_report(m) for m in DEMO_REPORT.finditer(text)]
    assert len(reports) == len(lines), lines
    return reports


def check_demo_report(r, max_ns):
    """No release measured before it happened, and lateness within
    max_ns: a wrapped (negative) lateness fails both."""
    assert r["periods"] == DEMO_PERIODS, r
    assert r["early"] == 0, r
    assert 0 <= r["min"] <= r["mean"] <= r["max"] < max_ns, r


def bare_rtos(qemu, app, gic=3, el2=False):
    """The RTOS alone on the board, entered at EL1 or (el2) at EL2."""
    return qemu(build_path("rtos", "rtos.bin"), gic=gic, smp=1, mem="256M",
                icount=True, el2=el2,
                extra=["-append", f"app={app}"] if app else [])


def selftest_lines(q, prefix=""):
    lines, _ = q.lines_until(SELFTEST_DONE)
    text = "\n".join(lines)
    out = {"text": text}
    for name in ("preemption", "timeout", "cyclic", "errors"):
        # The last copy: when another partition's line cuts into this
        # partition's open line, the console ends the open row there and
        # prints it again, whole so far, after the other line
        # (core/console.c, console_write_between), so the first copy may
        # be cut short ("MHmx" where the line says "MHmxL").
        found = re.findall(rf"{re.escape(prefix)}selftest {name}: ([^\r\n]*)", text)
        assert found, f"no 'selftest {name}' line in:\n{text}"
        out[name] = found[-1]
    return out


def check_selftest(res):
    # Three priorities: mid preempts main at once and is preempted by hi;
    # main goes on; lo runs only once main sleeps.
    assert res["preemption"] == "MHmxL", res["text"]
    m = re.fullmatch(r"tslp_tsk\((\d+) us\) = (-?\d+) after (\d+) ns",
                     res["timeout"])
    assert m and int(m.group(1)) == TIMEOUT_US, res
    assert int(m.group(2)) == -50                        # E_TMOUT
    elapsed = int(m.group(3))
    assert TIMEOUT_US * 1000 <= elapsed < TIMEOUT_US * 1000 + PATH_BOUND_NS, res
    m = re.fullmatch(r"(\d+) calls, period (\d+) ns, last due - first due "
                     r"(\d+) ns, max lateness (\d+) ns", res["cyclic"])
    assert m, res
    calls, period, span, late = map(int, m.groups())
    # Exactly periodic over 1000 periods: no drift at all.
    assert calls == CYC_CALLS and period == CYC_PERIOD_NS
    assert span == (CYC_CALLS - 1) * CYC_PERIOD_NS, res
    assert late < PATH_BOUND_NS, res
    # E_TMOUT, E_PAR, E_ID, E_TMOUT after a timed wait, E_CTX.
    assert res["errors"] == ("pol_sem -50, tslp_tsk(-5) -17, act_tsk(99) -18, "
                             "twai_sem(300 us) -50, wai_sem in a handler -25"), res


@pytest.mark.parametrize("gic,el2", [(3, False), (3, True), (2, False), (2, True)])
def test_selftest_bare(qemu, gic, el2):
    q = bare_rtos(qemu, "selftest", gic=gic, el2=el2)
    q.expect(r"rtos: selftest on bare metal\r")
    check_selftest(selftest_lines(q))


# The RTOS needs its timer interrupt: on QEMU 10.0.2's imx8mp-evk it
# arrives through the hypervisor-raised virtual IRQ (HCR_EL2.VI,
# arch/arm64/gic/vgic_v3_virq.c; tests/system/test_boards.py).
@pytest.mark.parametrize("board,gic", [("virt", 3), ("virt", 2),
                                       ("zcu102", 2), ("imx8mp-evk", 3)])
def test_selftest_in_shikiri_beside_another_partition(qemu, board, gic):
    q = qemu(board_image(board, "tests/rtos"), gic=gic, smp=2, icount=True,
             board=board)
    q.expect(r"\[rtos\] rtos: selftest on shikiri\r")
    res = selftest_lines(q, "[rtos] ")
    check_selftest(res)
    # The neighbour kept beating meanwhile.
    assert re.search(r"^\[beat\] heartbeat 2\s*$", res["text"], re.M), res["text"]


def test_demo_reports_its_control_jitter(qemu):
    q = bare_rtos(qemu, None)
    q.expect(r"rtos: demo on bare metal\r")
    for _ in range(2):
        r = expect_demo_report(q)
        check_demo_report(r, 100_000)
        assert r["min"] > 0 and r["overruns"] == 0
        assert r["sensor"] >= 9 and r["load"] >= 900


# Sane, not tight: the neighbour freezes the RTOS's CPU 1.2 ms at a time,
# and on GICv2 its timer interrupt then comes up to ~38 ms late under
# -icount (seen; GICv3: under 1 ms), so a release is measured that late.
# A wrapped early release printed about 2.95e11.
STALLED_LATENESS_BOUND_NS = 100_000_000


@pytest.mark.parametrize("gic", [3, 2])
def test_demo_counts_no_early_release_while_its_cpu_is_frozen(qemu, gic):
    """Issue 15 item 8: the demo's control task read the time, then its
    release; a vCPU frozen between the two (a loaded host, here a
    neighbour under -icount: guests/tests/stall.c) came back to the
    timer interrupt of a later release, measured it against the earlier
    time and reported lateness like -5 ms, printed as 2.95e11 ns. The
    neighbour freezes the RTOS at every point of its way from an interrupt
    to the task in turn; every report must stay free of early releases."""
    q = qemu(config_image("tests/rtos-demo-stall"), gic=gic, smp=2,
             icount=True)
    q.expect(r"\[rtos\] rtos: demo on shikiri\r")
    for _ in range(2):
        r = expect_demo_report(q, "[rtos] ", timeout=600)
        check_demo_report(r, STALLED_LATENESS_BOUND_NS)
        # The freezes did happen: releases were missed.
        assert r["overruns"] > 0, r
