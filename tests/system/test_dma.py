"""DMA honesty (docs/devices.md): a partition that owns a DMA-capable
device on a board without an IOMMU says dma = "unrestricted", is
identity-mapped, and the hypervisor says at every boot that its devices can
reach all memory; a partition without one gets no such line. (The
refusals are configs/broken/dma-*.dts, run by test_pack_tool.py, and
tests/unit/test_config_check.c.)"""
import pytest

from conftest import config_image

UNRESTRICTED = (r"\[shikiri\] partition (\d+) '(\w+)': dma unrestricted: its "
                r"devices can read and write all memory \(no IOMMU\)\r")


@pytest.mark.parametrize("gic", [3, 2])
def test_unrestricted_partition_is_announced_and_runs(qemu, gic):
    q = qemu(config_image("tests/dma-unrestricted"), gic=gic, smp=2)
    m = q.expect(UNRESTRICTED)
    assert m.group(1, 2) == ("0", "bus"), m.group(0)
    lines, _ = q.lines_until(r"2 partitions running\r")
    # One line, for "bus" only: "plain" has no DMA-capable device.
    assert not [line for line in lines if "dma unrestricted" in line], lines
    # Both run: "bus" at its identity-mapped RAM (0x48000000), "plain" as usual.
    q.expect(r"\[bus\] heartbeat 2\r")
    q.expect(r"\[plain\] heartbeat \d+\r")
