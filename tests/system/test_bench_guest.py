"""The benchmark guest (bench/guest/, `make bench`) works bare on QEMU and in
a shikiri partition: it reports every figure, does the same work in both,
and its measurements see what the hypervisor adds. (The Xen column needs
Xen, fetched only by `make bench`; bench/run.py checks it there.)

Under `-icount shift=0,sleep=off`, so the figures repeat exactly. These
tests check behaviour, not speed: the numbers are the benchmark's job."""
import os
import sys

import pytest

from conftest import BUILD, ROOT, build_path

sys.path.insert(0, os.path.join(ROOT, "bench"))
import run as bench  # noqa: E402  (bench/run.py, the `make bench` harness)

FIGURES = ("start", "boot", "gic", "timer-running", "timer-wfi", "hypercall",
           "gicd-read", "compute", "done")


def run_guest(setup):
    build_path("bench", "microbench.img")
    try:
        return bench.run_micro(bench.micro_cmd(BUILD, setup, True))
    except bench.RunFailed as exc:
        pytest.fail(f"benchmark guest, {setup}: {exc}")


def test_the_benchmark_guest_measures_bare_and_in_shikiri():
    bare = run_guest("bare")
    shikiri = run_guest("shikiri")
    for name, res in (("bare", bare), ("shikiri", shikiri)):
        missing = [f for f in FIGURES if f not in res]
        assert missing == [], f"{name}: no line for {missing}"
        assert res["start"]["host"] == name
        assert res["gic"]["version"] == "3"
        for lat in ("timer-running", "timer-wfi"):
            assert int(res[lat]["n"]) >= 1000, res[lat]
            assert int(res[lat]["min"]) <= int(res[lat]["median"]) \
                <= int(res[lat]["p99"]) <= int(res[lat]["max"]), res[lat]
    # The same work: the compute kernel's checksum is the proof.
    assert bare["compute"]["checksum"] == shikiri["compute"]["checksum"]
    # Bare metal has no hypervisor to call; shikiri answers a real one.
    assert bare["hypercall"] == {}
    assert shikiri["hypercall"]["call"] == "abi-version"
    assert int(shikiri["hypercall"]["ps"]) > 0
    # What the hypervisor costs shows: the forwarded timer interrupt, the
    # trapped distributor read, the hypervisor's boot before the guest.
    for lat in ("timer-running", "timer-wfi"):
        assert int(shikiri[lat]["median"]) > int(bare[lat]["median"])
    assert int(shikiri["gicd-read"]["ps"]) > int(bare["gicd-read"]["ps"])
    assert int(shikiri["boot"]["ps"]) > int(bare["boot"]["ps"])


def test_without_its_bootargs_the_guest_says_what_is_missing():
    build_path("bench", "microbench.bin")
    args = bench.micro_cmd(BUILD, "bare", True)
    del args[args.index("-append"):args.index("-append") + 2]
    with pytest.raises(bench.RunFailed, match=r"no bench=bare\|shikiri\|xen"):
        bench.run_micro(args)


def test_the_rtos_benchmark_measures_bare_and_in_shikiri():
    """bench/run.py's "rtos" workload: the RTOS's benchmark application."""
    build_path("bench", "rtos-bench.img")
    res = {}
    for setup in ("bare", "shikiri"):
        try:
            res[setup] = bench.run_micro(bench.rtos_cmd(BUILD, setup, True))
        except bench.RunFailed as exc:
            pytest.fail(f"RTOS benchmark, {setup}: {exc}")
        for line in ("start", "irq-to-task", "task-switch", "done"):
            assert line in res[setup], (setup, res[setup])
        assert int(res[setup]["irq-to-task"]["n"]) >= 1000
    bare, shikiri = res["bare"], res["shikiri"]
    # A task switch never leaves the partition: the same instructions in
    # both; only where the 16 ns counter tick falls may differ (one tick
    # over the run's 10,000 switches: 1.6 ps each). The timer interrupt's
    # way to the task crosses the hypervisor: it costs more there.
    n = int(bare["task-switch"]["n"])
    tick_ps = int(bare["start"]["tick_ps"])
    assert abs(int(bare["task-switch"]["ps"]) - int(shikiri["task-switch"]["ps"])) \
        <= tick_ps // n + 1, (bare["task-switch"], shikiri["task-switch"])
    assert int(shikiri["irq-to-task"]["median"]) > int(bare["irq-to-task"]["median"])
