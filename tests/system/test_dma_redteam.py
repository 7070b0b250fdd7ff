"""SMMU red team (issue 19): the partition's own device (stream 0x8,
translated by its stage 2) aimed at addresses inside its own
guest-physical space that its CPUs may not write, or that are no memory
(guests/tests/dma_redteam.c, configs/tests/dma-redteam.dts). The strict
xfails name breaks found; they pass (and so fail) once fixed."""
import re

import pytest

from conftest import config_image
from test_dma_hostile import (SMMU, beats_on, check_victim_untouched,
                              console_lines, disks, dma_faults, hostile_stats)

LINE = (r"\[hostile\] redteam: device (reads|writes) ([\w-]+) 0x([0-9a-f]+) "
        r"\+0x[0-9a-f]+: ([^,]*(, status \d+)?), device status 0x[0-9a-f]+"
        r"(; memory (.*))?$")
CHANNEL_RO_IPA, GICD_IPA, GICC_IPA = 0x50000000, 0x08000000, 0x08010000


def attempts(lines):
    """{(reads|writes, target): (outcome, memory seen by the CPUs)}."""
    out = {}
    for line in lines:
        m = re.search(LINE, line)
        if m:
            out[(m.group(1), m.group(2))] = (m.group(4), m.group(7))
    return out


def beats_on_hostile(q):
    beats_on(q, "hostile")


def run(qemu, tmp_path, gic):
    _, _, drives = disks(tmp_path)
    q = qemu(config_image("tests/dma-redteam"), gic=gic, smp=2,
             extra=SMMU + drives)
    q.expect(r"2 partitions running\r")
    q.expect(r"\[hostile\] redteam: own RAM read done\r")
    return q


@pytest.mark.parametrize("gic", [3, 2])
def test_a_device_cannot_write_a_read_only_channel(qemu, tmp_path, gic):
    """The device gets the CPUs' rights: it may read the channel its
    partition may only read; its writes there change nothing, and the
    first is reported as a permission fault at the channel's IPA. (QEMU
    10 records no event for the same write once the page is in its
    SMMU's TLB — a model bug, dma_redteam.c — so only the first write
    is asserted reported.)"""
    q = run(qemu, tmp_path, gic)
    q.expect(r"\[hostile\] redteam: device writes channel-ro-again [^\r]*\r")
    got = attempts(console_lines(q))
    assert got[("writes", "channel-ro")][1] == "unchanged", got
    assert got[("writes", "channel-ro-again")][1] == "unchanged", got
    assert got[("reads", "channel-ro")][0] == "completed, status 0", got
    faults = {f[:4] for f in dma_faults(q)}
    assert ("hostile", 0x8, "write", CHANNEL_RO_IPA) in faults, faults
    assert all(f[0] == "hostile" for f in faults), faults


def test_a_device_cannot_reach_the_emulated_gic_v3(qemu, tmp_path):
    """GICv3: nothing is mapped at the distributor's IPA or the GICv2 CPU
    interface's: the device's DMA there faults (its lines are past the
    partition's log budget, which the channel's faults spent: the
    statistics count them), reads there give the device nothing of the
    GIC, and the hypervisor and both partitions live on."""
    q = run(qemu, tmp_path, 3)
    q.expect(r"\[hostile\] redteam: done\r", timeout=60)
    q.expect(r"\[hostile\] heartbeat 3\r")
    check_victim_untouched(q)
    got = attempts(console_lines(q))
    for target in ("gicd", "gicc"):
        assert ("writes", target) in got and ("reads", target) in got, got
    dma, restarts = hostile_stats(q, "running")
    print("dma faults counted", dma)
    assert dma > 1 and restarts == 0, (dma, restarts)
    beats_on_hostile(q)


def test_gicv2_a_device_cannot_reach_the_virtual_cpu_interface(
        qemu, tmp_path):
    """GICv2: the partition's stage 2 maps its GICC IPA to the hardware
    GICV (hypervisor/arch/arm64/gic/vgic_arch.c), but the SMMU walks a copy
    without that page (vgic_arch_dma_stage2): the device's read and write
    there fault instead of reaching GICV (which ended QEMU 10 before), and
    the hypervisor and both partitions live on. As on GICv3 the fault
    lines are past the partition's log budget (the channel's faults spent
    it): the statistics count them."""
    q = run(qemu, tmp_path, 2)
    q.expect(r"\[hostile\] redteam: done\r", timeout=60)
    q.expect(r"\[hostile\] heartbeat 3\r")
    check_victim_untouched(q)
    got = attempts(console_lines(q))
    assert ("reads", "gicc") in got and ("writes", "gicc") in got, got
    dma, restarts = hostile_stats(q, "running")
    print("dma faults counted", dma)
    assert dma > 1 and restarts == 0, (dma, restarts)
    beats_on_hostile(q)


def test_a_flooding_partition_does_not_overflow_the_event_queue(
        qemu, tmp_path):
    """One 4 KiB device write to a page it may not write is about a
    thousand faulting transactions under QEMU (4-byte bounce-buffer
    writes), each recorded; the red team makes seven such transfers. The
    event queue (2048 records) holds a burst, the hypervisor drains it in
    steps of 128 (the interrupt made pending again in between), and past
    256 of one partition's faults queued its streams stop recording (still
    refused) until the queue is drained: no event is lost for anyone, and
    QEMU never sets GERROR.EVENTQ_ABT_ERR. Before, with 128 records, the
    first burst overflowed it. (QEMU writes a transfer's faults all at
    once, so here the pause comes after the burst: what keeps the queue
    from filling is its size; on hardware, where devices fault while the
    queue drains, the pause bounds a flooder's share.)"""
    q = run(qemu, tmp_path, 3)
    q.expect(r"DMA faults: partition 'hostile' floods the event queue "
             r"\(257 queued\): not recorded until it drains, still "
             r"refused\r")
    q.expect(r"\[hostile\] redteam: done\r", timeout=60)
    q.expect(r"\[hostile\] heartbeat 3\r")
    check_victim_untouched(q)
    lines = console_lines(q)
    assert not any("SMMUv3: global error" in l or "overflowed" in l
                   for l in lines), lines
    dma, restarts = hostile_stats(q, "running")
    # at least the first transfer's burst, all of it queued and counted
    assert dma >= 1000 and restarts == 0, (dma, restarts)


def test_a_restart_quiesces_the_partitions_devices(qemu, tmp_path):
    """A restart aborts the partition's streams, and once its vCPUs are
    off turns bus mastering off in every PCI function behind them
    (drivers/pcie_ecam.h), before the reload and before the streams
    translate again: the new run finds its function not mastering, with
    INTx disabled, and the hypervisor said so."""
    _, _, drives = disks(tmp_path)
    q = qemu(config_image("tests/dma-redteam-restart"), gic=3, smp=2,
             extra=SMMU + drives)
    q.expect(r"\[hostile\] redteam: at start 00:01\.0 PCI command 0x0, "
             r"bus master off\r")
    q.expect(r"SMMUv3: partition 'hostile' streams 0x8\.\.0x8: 1 PCI "
             r"function quiesced\r")
    q.expect(r"partition 'hostile' restarting \(DMA fault\), restart #1\r")
    m = q.expect(r"\[hostile\] redteam: at start 00:01\.0 PCI command "
                 r"(0x[0-9a-f]+), bus master (\w+)\r")
    assert m.group(2) == "off", m.group(0)
    assert int(m.group(1), 16) == 0x400, m.group(0)  # INTx disable only


def test_the_smmus_interrupts_are_refused_to_a_partition(qemu, tmp_path):
    """All four SMMU SPIs are the hypervisor's: a device given the SMMU's
    priq and cmdq-sync SPIs (107, 108; it takes only eventq and gerror
    itself) is refused at boot, naming each."""
    _, _, drives = disks(tmp_path)
    q = qemu(config_image("tests/dma-redteam-smmu-irq"), gic=3, smp=2,
             extra=SMMU + drives)
    lines, _ = q.lines_until(r"refusing to start|partitions running")
    for irq in (107, 108):
        assert any(f"interrupt {irq} belongs to the SMMUv3, which the "
                   "hypervisor keeps" in l for l in lines), lines


def test_a_restarted_run_is_not_charged_for_the_previous_runs_faults(
        qemu, tmp_path):
    """dma-fault = "fault-policy", restart: the first run's page of
    faulting writes (far more events than the queue holds) restarts it
    once; the second run does no DMA and must run on: no event left
    from the first run is charged to it."""
    _, _, drives = disks(tmp_path)
    q = qemu(config_image("tests/dma-redteam-restart"), gic=3, smp=2,
             extra=SMMU + drives)
    q.expect(r"partition 'hostile' restarting \(DMA fault\), restart #1\r")
    q.expect(r"\[hostile\] redteam: restarted, quiet\r")
    beats_on(q, "hostile", beats=5)
    dma, restarts = hostile_stats(q, "running")
    assert restarts == 1 and dma >= 1, (dma, restarts)
