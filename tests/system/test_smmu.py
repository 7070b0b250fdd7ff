"""The SMMUv3 in front of virt's PCIe host (issue 19): found at boot from
the device tree, reset so that nothing bypasses it and every stream
aborts, the partitions running beside it; without one nothing is printed
and nothing changes (hypervisor/drivers/smmuv3.c)."""
import pytest

from conftest import config_image, heartbeat_counts
from test_dma_hostile import disks

HEARTBEATS = "tests/heartbeats"
SMMU = ["-M", "virt,iommu=smmuv3", "-global", "arm-smmuv3.stage=2"]
# QEMU 10's SMMU: S2P, 16-bit stream IDs, 44-bit PA, dma-coherent; the PCIe
# host's iommu-map routes requester IDs 0..0xffff to it, of which the
# stream table holds bus 0 (SMMUV3_MAX_STREAMS) and the SMMU terminates
# the rest.
LINE = (r"\[shikiri\] SMMUv3 0x9050000: stage 2, 16-bit stream IDs, 44-bit PA,"
        r" coherent; enabled, bypass aborts, streams 0\.\.255 abort"
        r" \(256\.\.65535 terminated\)\r")


def beats(q, each=3):
    lines = []
    while True:
        m = q.expect(r"\[(alpha|beta)\] heartbeat (\d+)\r*\n")
        lines.append(f"[{m.group(1)}] heartbeat {m.group(2)}")
        got = heartbeat_counts(lines)
        if all(len(got.get(p, [])) >= each for p in ("alpha", "beta")):
            return got


@pytest.mark.parametrize("gic", [2, 3])
def test_smmu_found_and_every_stream_aborts(qemu, gic):
    q = qemu(config_image(HEARTBEATS), gic=gic, extra=SMMU)
    q.expect(rf"board: 4 CPUs, .*GICv{gic}")
    before, _ = q.lines_until(LINE)
    assert not any("SMMU" in l for l in before), before
    # No partition owns a stream: every one translates through the empty
    # stage 2, so a device's DMA would be refused and reported.
    q.expect(r"\[shikiri\] SMMUv3: 256 streams no partition owns translate "
             r"through an empty stage 2 \(VMID 255\): their DMA is refused "
             r"and reported\r")
    q.expect(r"2 partitions running")
    got = beats(q)
    for who in ("alpha", "beta"):
        assert got[who] == list(range(1, len(got[who]) + 1)), got


def test_no_smmu_nothing_printed(qemu):
    q = qemu(config_image(HEARTBEATS), gic=3)
    lines, _ = q.lines_until(r"2 partitions running")
    assert not any("SMMU" in l for l in lines), lines
    beats(q)


def test_device_over_the_smmu_is_refused(qemu):
    """A partition given the SMMU's registers could turn DMA isolation
    off: the boot check refuses it like a device over the GIC."""
    q = qemu(config_image("tests/device-on-smmu"), gic=3, extra=SMMU)
    q.expect(LINE)
    m = q.expect(r"configuration error: (/\S+): ([^\r\n]*)\r")
    assert m.group(1) == "/partitions/beta/devices/taken", m.group(0)
    assert "overlaps the SMMUv3" in m.group(2), m.group(0)
    q.expect(r"refusing to start: the configuration does not fit this "
             r"board \(1 error\)")


STREAMS = "tests/smmu-streams"


def boot_streams(qemu, gic, extra=()):
    """configs/tests/smmu-streams.dts: ctl (manager) and victim (stream
    0x8), both beating."""
    q = qemu(config_image(STREAMS), gic=gic, extra=SMMU + list(extra))
    q.expect(LINE)
    q.expect(r"\[shikiri\] SMMUv3: partition 'victim' streams 0x8\.\.0x8\r")
    q.expect(r"\[shikiri\] SMMUv3: 255 streams no partition owns translate "
             r"through an empty stage 2 \(VMID 255\)")
    q.expect(r"2 partitions running")
    seen = set()
    for _ in range(100):
        seen.add(q.expect(r"\[(ctl|victim)\] heartbeat \d+\r").group(1))
        if seen == {"ctl", "victim"}:
            return q
    raise AssertionError(f"only {seen} beat")


@pytest.mark.parametrize("gic", [2, 3])
def test_streams_follow_the_partition_lifecycle(qemu, gic, tmp_path):
    """Stream 0x8 translates with victim's stage 2 from boot, aborts before
    a restart reloads victim's memory and translates again only after the
    load, before victim runs; a stop leaves it aborting. Its function
    (a virtio disk at 00:01.0) is quiesced by the restart and the stop."""
    _, _, drives = disks(tmp_path)
    q = boot_streams(qemu, gic, drives)
    q.send("R1")
    q.expect(r"\[shikiri\] SMMUv3: partition 'victim' streams 0x8\.\.0x8 abort\r")
    q.expect(r"\[shikiri\] SMMUv3: partition 'victim' streams 0x8\.\.0x8: "
             r"1 PCI function quiesced\r")
    q.expect(r"\[shikiri\] partition 'victim' restarting \(restarted by the manager\), restart #1\r")
    lines, _ = q.lines_until(r"\[shikiri\] SMMUv3: partition 'victim' streams 0x8\.\.0x8\r")
    assert not any("[victim] hello" in l for l in lines), lines
    q.expect(r"\[victim\] hello from victim")
    q.expect(r"\[victim\] heartbeat 1\r")
    q.send("S1")
    q.expect(r"\[shikiri\] SMMUv3: partition 'victim' streams 0x8\.\.0x8 abort\r")
    q.expect(r"\[shikiri\] SMMUv3: partition 'victim' streams 0x8\.\.0x8: "
             r"1 PCI function quiesced\r")
    q.expect(r"\[shikiri\] partition 'victim' stopped \(stopped by the manager\)")
    lines, _ = q.lines_until(r"\[ctl\] heartbeat \d+\r")
    lines2, _ = q.lines_until(r"\[ctl\] heartbeat \d+\r")
    assert not any("streams 0x8..0x8\r" in l or l.endswith("0x8..0x8")
                   for l in lines + lines2), lines + lines2


def test_streams_refused_without_an_smmu(qemu):
    q = qemu(config_image(STREAMS), gic=3)
    m = q.expect(r"configuration error: (/\S+): ([^\r\n]*)\r")
    assert m.group(1) == "/partitions/victim/devices/pcie", m.group(0)
    assert m.group(2) == ("streams 0x8..0x8, but this board has no SMMU: "
                          "its DMA could not be confined"), m.group(0)
    q.expect(r"refusing to start: the configuration does not fit this "
             r"board \(1 error\)")
