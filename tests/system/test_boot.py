"""The default system boots on every supported CPU and GIC and its two
partitions run side by side, each on its own physical CPU."""
import re

import pytest

from conftest import config_image, heartbeat_counts

HEARTBEATS = "tests/heartbeats"


def collect_beats(q, each, limit=80):
    """Reads console lines until every partition printed `each` beats."""
    lines = []
    while len(lines) < limit:
        m = q.expect(r"\[(alpha|beta)\] heartbeat (\d+)\r*\n")
        lines.append(f"[{m.group(1)}] heartbeat {m.group(2)}")
        beats = heartbeat_counts(lines)
        if all(len(beats.get(p, [])) >= each for p in ("alpha", "beta")):
            return lines
    pytest.fail(f"partitions did not both reach {each} beats: {lines}")


def longest_run(lines):
    """Longest stretch of consecutive lines from one partition."""
    best = run = 0
    prev = None
    for line in lines:
        who = line.split("]")[0]
        run = run + 1 if who == prev else 1
        prev = who
        best = max(best, run)
    return best


@pytest.mark.parametrize("gic", [2, 3])
def test_demo_partitions_beat_concurrently_on_own_cpus(qemu, gic):
    q = qemu(config_image(HEARTBEATS), gic=gic)
    q.expect(rf"board: 4 CPUs, .*GICv{gic}")
    q.expect(r"partition 0 'alpha': 1 vCPU\(s\) on CPU 0,")
    q.expect(r"partition 1 'beta': 1 vCPU\(s\) on CPU 1,")
    lines = collect_beats(q, each=6)
    beats = heartbeat_counts(lines)
    # Every beat of each partition arrives, in order, none lost.
    for who in ("alpha", "beta"):
        assert beats[who] == list(range(1, len(beats[who]) + 1)), beats
    # Running at the same time, not one after the other: the two streams
    # interleave instead of one partition printing all its beats first.
    assert longest_run(lines) <= 3, lines


@pytest.mark.parametrize("cpu,gic", [("cortex-a53", 3), ("cortex-a57", 3),
                                     ("max", 3), ("cortex-a57", 2),
                                     ("max", 2)])
def test_demo_boots_on_cpu_model(qemu, cpu, gic):
    q = qemu(config_image(HEARTBEATS), cpu=cpu, gic=gic)
    hello = {}
    for _ in range(2):
        m = q.expect(r"\[(alpha|beta)\] hello from (\w+): partition (\d), "
                     r"vCPU 0 of 1, ABI 1\.4, dtb at 0x40f00000 \((\w+)\)")
        hello[m.group(1)] = m.groups()
    assert hello["alpha"][1:] == ("alpha", "0", "ok")
    assert hello["beta"][1:] == ("beta", "1", "ok")
    collect_beats(q, each=2)


def test_guest_sees_shikiri_uid(qemu):
    q = qemu(config_image(HEARTBEATS))
    q.expect(r"\[alpha\] shikiri UID ok")


def test_console_input_goes_to_focused_partition_only(qemu):
    q = qemu(config_image(HEARTBEATS))
    q.expect(r"\[alpha\] heartbeat 1")
    q.expect(r"\[beta\] heartbeat 1")
    q.send("k")
    lines, _ = q.lines_until(r"\[alpha\] got key 'k'")
    lines2, _ = q.lines_until(r"\[beta\] heartbeat 6")
    assert not any("[beta] got key" in l for l in lines + lines2)


def test_boot_log_names_load_address_and_board(qemu):
    q = qemu(config_image(HEARTBEATS), smp=2)
    q.expect(r"shikiri \S+ on qemu-virt: loaded at 0x40200000, device tree at 0x[0-9a-f]+\r")
    q.expect(r"board: 2 CPUs, 1 RAM bank \(first 0x40000000\+0x40000000\), GICv3, UART 0x9000000")
    q.expect(r"2 partitions running")
