"""A partition starts from its images and zeros (docs/security.md,
"Memory"): shikiri clears every memory region of a partition before it
loads the images, at boot and at each restart. configs/tests/remnant.dts
runs guests/tests/remnant.c, which scans its RAM past its image for
anything non-zero, fills it with a marker and restarts itself with PSCI
SYSTEM_RESET, beside a heartbeat that must not notice.

Before the boot, QEMU's loader fills part of the partition's physical RAM
with a pattern, as a boot loader or an earlier system would have left it:
the first start must not see it either."""
import re

import pytest

from conftest import config_image

# Physical RAM of partition 'remnant' (configs/tests/remnant.dts) past
# where its image lands; guest-physical 0x40100000.
REMNANT_PHYS_JUNK = 0x43100000
JUNK_SIZE = 256 * 1024
RESTARTS = 3


@pytest.mark.parametrize("gic", [3, 2])
def test_a_partition_never_sees_what_was_in_its_ram(qemu, tmp_path, gic):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\xa5" * JUNK_SIZE)
    q = qemu(config_image("tests/remnant"), gic=gic, icount=True,
             extra=["-device",
                    f"loader,file={junk},addr={REMNANT_PHYS_JUNK:#x},force-raw=on"])
    reports = []
    for start in range(RESTARTS + 1):
        m = q.expect(r"\[remnant\] remnant: (\d+) marker words, (\d+) other "
                     r"non-zero words in (\d+) KiB\r")
        reports.append(tuple(int(x) for x in m.groups()))
        # The scan sees non-zero words where there are some: the guest
        # scans again after writing its marker everywhere.
        m = q.expect(r"\[remnant\] remnant: wrote and found (\d+) marker "
                     r"words, restarting\r")
        assert int(m.group(1)) * 8 == reports[-1][2] * 1024, (m.group(0), reports)
        if start < RESTARTS:
            q.expect(rf"\[shikiri\] partition 'remnant' restarting \(guest "
                     rf"called PSCI SYSTEM_RESET\), restart #{start + 1}\r")
    for found, other, kib in reports:
        assert kib > 10_000, reports  # the scan covered most of its RAM
        assert (found, other) == (0, 0), reports
    # The neighbour beat on through every restart.
    lines, _ = q.lines_until(r"\[victim\] heartbeat 3\r")
    assert not any("unexpected" in line for line in lines)

