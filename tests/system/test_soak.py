"""make soak (docs/testing.md, "Soak"): long runs that look for what only
shows after many repetitions — a leaked VMID, list register, doorbell or
log budget, a counter that drifts, a neighbour that misses a beat.

Selected only by `--soak` (make soak, scripts/soak.py): `make system`
deselects these tests (pytest reports them as deselected). Every run is
under `-icount shift=0,sleep=off`, so lateness is measured in exact
virtual time, and every wait has a timeout.

Each part takes the hypervisor's resource report (Ctrl-] r,
core/resources.h) before and after, and requires the two to be the same
apart from the counters docs/architecture.md names; each part's virtual
time and figures go to $SOAK_RESULTS/<part>.json for the summary.

Sizes (the issue's by default): SOAK_CALLS random calls per conduit,
SOAK_RESTARTS restarts of a bare-metal partition, SOAK_LINUX_RESTARTS of
the Linux partition."""
import json
import os
import re
import subprocess
import tempfile

import pytest

from conftest import BUILD, ESC, ROOT, build_path, config_image

pytestmark = pytest.mark.soak

SOAK_CALLS = int(os.environ.get("SOAK_CALLS", "1000000"))
SOAK_RESTARTS = int(os.environ.get("SOAK_RESTARTS", "1000"))
SOAK_LINUX_RESTARTS = int(os.environ.get("SOAK_LINUX_RESTARTS", "100"))
RESULTS = os.environ.get("SOAK_RESULTS")

BEAT_PERIOD_US = 200_000
# Longest wait for one progress line (a tenth of the calls, or 100
# restarts), one Linux boot, one resource report; host seconds.
PROGRESS_TIMEOUT = float(os.environ.get("SOAK_PROGRESS_TIMEOUT", "1800"))
LINUX_BOOT_TIMEOUT = 300
REPORT_TIMEOUT = 60
# What a run may change in the report (docs/architecture.md, "Resource
# report"): counters, and the LRs in flight at that instant. Everything
# else is a pool and must come back as it was.
COUNTERS = {
    "uptime": {"ms"},
    "audit": {"records", "held"},
    "partition": {"faults", "denied", "restarts", "log-suppressed"},
    "lrs": {"held"},
}
# A log budget refills at 4 lines a second up to a burst of 20: after this
# much quiet virtual time every budget is full again.
LOG_REFILL_BEATS = 30   # 6 s of virtual time


# ---- the resource report ------------------------------------------------

REPORT_LINE = re.compile(r"\[shikiri\] resources ([\w-]+)(?: ([^:]+))?: ([^\r\n]*)")


def parse_report(lines):
    """{(pool, which): {key: value}} from report lines; values are ints
    where they are numbers."""
    report = {}
    for line in lines:
        m = REPORT_LINE.search(line)
        if not m:
            continue
        words = m.group(3).split()
        fields = {}
        for k, v in zip(words[::2], words[1::2]):
            fields[k] = int(v) if v.isdigit() else v
        report[(m.group(1), m.group(2))] = fields
    return report


def take_report(q, last_partition):
    """Asks for the report (Ctrl-] r) and returns it parsed."""
    q.send(ESC + "r")
    lines, m = q.lines_until(
        rf"\[shikiri\] resources partition '{last_partition}': [^\r\n]*\r",
        timeout=REPORT_TIMEOUT)
    report = parse_report(lines + [m.group(0)])
    assert ("uptime", None) in report and ("vmids", None) in report, lines
    return report


def leaks(before, after):
    """Differences between two reports outside the documented counters:
    [(pool, which, key, before, after)]."""
    found = []
    for key in sorted(set(before) | set(after), key=str):
        b, a = before.get(key, {}), after.get(key, {})
        skip = COUNTERS.get(key[0], set())
        for field in sorted(set(b) | set(a)):
            if field not in skip and b.get(field) != a.get(field):
                found.append((key[0], key[1], field, b.get(field), a.get(field)))
    return found


def assert_nothing_leaked(before, after):
    assert leaks(before, after) == []
    for report in (before, after):
        stale = {k: v["stale"] for k, v in report.items() if k[0] == "lrs"}
        assert all(n == 0 for n in stale.values()), stale


def counter(report, partition, field):
    return report[("partition", f"'{partition}'")][field]


# ---- neighbours ---------------------------------------------------------

def assert_never_missed_a_beat(q, text, pid, name):
    """name's beats in text ran in order without a stall, and its own
    lateness report (control.c, key l) agrees for its whole run."""
    beats = [int(b) for b in re.findall(rf"\[{name}\] heartbeat (\d+)", text)]
    assert len(beats) >= 2, (name, beats[:10])
    assert beats == list(range(beats[0], beats[0] + len(beats))), name
    assert f"[{name}] stall:" not in text
    late = q.lateness(pid, name)
    assert (late["stalls"], late["unexpected"]) == (0, 0), late
    assert late["max_us"] < BEAT_PERIOD_US, late
    return late


def quiet_until_budgets_refill(q, name):
    """Lets LOG_REFILL_BEATS of name's beats pass (virtual time)."""
    m = q.expect(rf"\[{name}\] heartbeat (\d+)\r")
    q.expect(rf"\[{name}\] heartbeat {int(m.group(1)) + LOG_REFILL_BEATS}\r",
             timeout=REPORT_TIMEOUT)


# ---- images with the sizes asked for ------------------------------------

def repack(config, dtb_name, bootargs, tmp):
    """configs/tests/CONFIG.dts packed with DTB_NAME (a test guest's device
    tree) rebuilt with these bootargs; the image's path."""
    dts = os.path.join(tmp, dtb_name.replace(".dtb", ".dts"))
    with open(dts, "w") as f:
        f.write('/include/ "guest.dts"\n/ { chosen { bootargs = "%s"; }; };\n'
                % bootargs)
    subprocess.run(["dtc", "-q", "-i", os.path.join(ROOT, "guests", "tests"),
                    "-I", "dts", "-O", "dtb", "-o",
                    os.path.join(tmp, dtb_name), dts], check=True, timeout=60)
    image = os.path.join(tmp, config + ".img")
    subprocess.run([build_path("tools", "shikiri-pack"), "--hypervisor",
                    build_path("hypervisor", "shikiri.bin"), "-I", tmp,
                    "-I", os.path.join(BUILD, "guests"), "-o", image,
                    os.path.join(ROOT, "configs", "tests", config + ".dts")],
                   check=True, timeout=120)
    return image


def record(part, **figures):
    """Writes a part's figures for scripts/soak.py's summary."""
    print(f"\nsoak {part}: {figures}")
    if RESULTS:
        os.makedirs(RESULTS, exist_ok=True)
        with open(os.path.join(RESULTS, part + ".json"), "w") as f:
            json.dump(figures, f)


# ---- the parts ----------------------------------------------------------

def test_soak_random_calls_leave_the_victim_and_the_pools_alone(qemu):
    """SOAK_CALLS seeded random calls by HVC, then as many by SMC, from the
    hostile guest (guests/tests/hostile.c, soak mode) beside a victim that
    owns a device and a witness."""
    with tempfile.TemporaryDirectory() as tmp:
        image = repack("soak-hostile", "soak-hostile.dtb",
                       f"soak-calls={SOAK_CALLS}", tmp)
        q = qemu(image, icount=True)
        q.expect(r"\[witness\] heartbeat 1\r")
        before = take_report(q, "witness")
        log = []
        for conduit in ("hvc", "smc"):
            lines, _ = q.lines_until(
                rf"\[hostile\] soak {conduit}: seed 0x5eed5eed0b5e55ed, "
                rf"{SOAK_CALLS} calls\r", timeout=PROGRESS_TIMEOUT)
            log += lines
            for _ in range(10 if SOAK_CALLS >= 10 else SOAK_CALLS):
                lines, m = q.lines_until(
                    rf"\[hostile\] soak {conduit}: (\d+) made, hypervisor "
                    r"(\w+)\r", timeout=PROGRESS_TIMEOUT)
                log += lines
                assert m.group(2) == "answers", m.group(0)
            assert int(m.group(1)) == SOAK_CALLS
        lines, m = q.lines_until(
            rf"\[hostile\] soak: {SOAK_CALLS} calls per conduit, hypervisor "
            r"answered: hvc (\w+), smc (\w+)\r", timeout=PROGRESS_TIMEOUT)
        log += lines
        assert (m.group(1), m.group(2)) == ("yes", "yes")
        quiet_until_budgets_refill(q, "witness")
        after = take_report(q, "witness")
        text = "\n".join(log)
        assert "hostile' stopped" not in text, "the hostile guest stopped itself"
        victim = assert_never_missed_a_beat(q, text, 1, "victim")
        witness = assert_never_missed_a_beat(q, text, 2, "witness")
        assert_nothing_leaked(before, after)
        record("calls", calls_per_conduit=SOAK_CALLS,
               virtual_ms=after[("uptime", None)]["ms"] - before[("uptime", None)]["ms"],
               hostile_denied=counter(after, "hostile", "denied"),
               hostile_faults=counter(after, "hostile", "faults"),
               victim_max_late_us=victim["max_us"],
               witness_max_late_us=witness["max_us"])


def test_soak_a_partition_restarted_by_its_manager_leaks_nothing(qemu):
    """SOAK_RESTARTS restarts of a bare-metal partition by the manager
    (guests/tests/soak.c), each waited for until the target says it is up
    through its channel; the witness beats beside them."""
    with tempfile.TemporaryDirectory() as tmp:
        image = repack("soak-restart", "soak-manager.dtb",
                       f"role=manager soak-target=1 soak-restarts={SOAK_RESTARTS}",
                       tmp)
        q = qemu(image, icount=True)
        q.expect(r"\[manager\] soak: target up, waiting for 'g'\r")
        before = take_report(q, "witness")
        q.send("g")     # the manager has the input focus from boot
        m = q.expect(r"\[manager\] soak: restarting partition 1 (\d+) times "
                     r"\(restarts so far (\d+)\)\r")
        assert m.group(2) == "0"
        log = []
        for n in range(100, SOAK_RESTARTS + 1, 100):
            lines, m = q.lines_until(
                rf"\[manager\] soak: restart {n}/{SOAK_RESTARTS}, up after "
                r"\d+ us\r", timeout=PROGRESS_TIMEOUT)
            log += lines
        lines, m = q.lines_until(
            r"\[manager\] soak: (\d+)/(\d+) restarts done in (\d+) ms, up "
            r"after (\d+) us on average, (\d+) us at worst\r",
            timeout=PROGRESS_TIMEOUT)
        log += lines
        assert m.group(1) == m.group(2) == str(SOAK_RESTARTS), m.group(0)
        quiet_until_budgets_refill(q, "witness")
        after = take_report(q, "witness")
        text = "\n".join(log)
        witness = assert_never_missed_a_beat(q, text, 2, "witness")
        assert counter(after, "target", "restarts") - \
            counter(before, "target", "restarts") == SOAK_RESTARTS
        assert counter(after, "target", "faults") == 0
        assert_nothing_leaked(before, after)
        record("restarts", restarts=SOAK_RESTARTS,
               virtual_ms=after[("uptime", None)]["ms"] - before[("uptime", None)]["ms"],
               up_average_us=int(m.group(4)), up_worst_us=int(m.group(5)),
               witness_max_late_us=witness["max_us"])


LINUX_INIT = r"\[linux\] shikiri-linux: init reached, uptime ([0-9.]+)\r"


def test_soak_linux_restarted_by_its_manager_leaks_nothing(qemu):
    """SOAK_LINUX_RESTARTS restarts of the Linux partition by the manager
    (configs/tests/linux-manage.dts, as test_manage_linux.py), each waited
    for until Linux's init runs again; the counter beats beside it."""
    q = qemu(config_image("tests/linux-manage"), icount=True)
    q.expect(LINUX_INIT, timeout=LINUX_BOOT_TIMEOUT)
    before = take_report(q, "counter")
    q.focus(1, "ctl")
    log = []
    for n in range(1, SOAK_LINUX_RESTARTS + 1):
        q.send("R0")
        lines, _ = q.lines_until(
            rf"\[shikiri\] partition 'linux' restarting \(restarted by the "
            rf"manager\), restart #{n}\r", timeout=REPORT_TIMEOUT)
        log += lines
        lines, m = q.lines_until(LINUX_INIT, timeout=LINUX_BOOT_TIMEOUT)
        log += lines
        assert float(m.group(1)) < 5.0     # a fresh boot: uptime from 0
        if n % 10 == 0:
            print(f"linux restart {n}/{SOAK_LINUX_RESTARTS}")
    quiet_until_budgets_refill(q, "counter")
    after = take_report(q, "counter")
    text = "\n".join(log)
    late = assert_never_missed_a_beat(q, text, 2, "counter")
    assert counter(after, "linux", "restarts") - \
        counter(before, "linux", "restarts") == SOAK_LINUX_RESTARTS
    assert_nothing_leaked(before, after)
    record("linux", restarts=SOAK_LINUX_RESTARTS,
           virtual_ms=after[("uptime", None)]["ms"] - before[("uptime", None)]["ms"],
           counter_max_late_us=late["max_us"])


# ---- the checks above can fail ------------------------------------------

def test_soak_report_comparison_sees_a_leak():
    """The comparison the parts rely on: counters may move, a pool may
    not (parsed from lines as the hypervisor prints them)."""
    base = ["[shikiri] resources uptime: ms 100",
            "[shikiri] resources vmids: used 3 free 252",
            "[shikiri] resources lrs CPU2: vcpus-on 1 held 0 stale 0",
            "[shikiri] resources partition 'target': state running "
            "log-tokens 20 log-burst 20 log-suppressed 0 faults 0 denied 0 "
            "restarts 0"]
    before = parse_report(base)
    moved = parse_report([l.replace("ms 100", "ms 9000")
                          .replace("restarts 0", "restarts 1000")
                          .replace("held 0", "held 1") for l in base])
    assert leaks(before, moved) == []
    leaked = parse_report([l.replace("used 3 free 252", "used 4 free 251")
                           .replace("log-tokens 20", "log-tokens 19")
                           for l in base])
    assert leaks(before, leaked) == [
        ("partition", "'target'", "log-tokens", 20, 19),
        ("vmids", None, "free", 252, 251),
        ("vmids", None, "used", 3, 4)]
    stale = parse_report([l.replace("stale 0", "stale 1") for l in base])
    with pytest.raises(AssertionError):
        assert_nothing_leaked(before, stale)
