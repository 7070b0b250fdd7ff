"""A partition starts from its images and zeros (docs/security.md,
"Memory"): shikiri clears every memory region of a partition before it
loads the images, at boot and at each restart. configs/tests/remnant.dts
runs guests/tests/remnant.c, which scans its RAM past its image for
anything non-zero, fills it with a marker and restarts itself with PSCI
SYSTEM_RESET, beside a heartbeat that must not notice.

Before the boot, QEMU's loader fills part of the partition's physical RAM
with a pattern, as a boot loader or an earlier system would have left it:
the first start must not see it either.

RAM is cleared in 2 MiB granules, those the images overlap at the load,
the others on first touch (core/partition_mem.h): the guest's scan takes
them in, and each start first hands the hypervisor buffers in granules
nobody touched yet (junk, or the last run's marker, there): a name it
writes, which must survive, and a console write, which must show
neither; then its two vCPUs store into one more fresh granule at once,
and both stores must stay."""
import re

import pytest

from conftest import ESC, config_image

# Physical RAM of partition 'remnant' (configs/tests/remnant.dts) past
# where its image lands; guest-physical 0x40100000.
REMNANT_PHYS_JUNK = 0x43100000
# Granules no image overlaps, where the guest's hypercall buffers lie
# (guests/tests/remnant.c): guest-physical 0x40600000 and 0x40a00000.
REMNANT_PHYS_NAME_JUNK = 0x43600000
REMNANT_PHYS_CONSOLE_JUNK = 0x43a00000
JUNK_SIZE = 256 * 1024
RESTARTS = 3
# remnant's 16 MiB are 8 granules; the kernel's and the device tree's
# are cleared by the load, the others by a first touch, every start
# (the hypercall probes' two by the hypervisor, not counted).
GUEST_TOUCHED_GRANULES_PER_START = 4


@pytest.mark.parametrize("gic", [3, 2])
def test_a_partition_never_sees_what_was_in_its_ram(qemu, tmp_path, gic):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\xa5" * JUNK_SIZE)
    # Printable, so that a console write that showed it would say so.
    text_junk = tmp_path / "text-junk.bin"
    text_junk.write_bytes(b"J" * JUNK_SIZE)
    extra = ["-device",
             f"loader,file={junk},addr={REMNANT_PHYS_JUNK:#x},force-raw=on"]
    for addr in (REMNANT_PHYS_NAME_JUNK, REMNANT_PHYS_CONSOLE_JUNK):
        extra += ["-device", f"loader,file={text_junk},addr={addr:#x},force-raw=on"]
    q = qemu(config_image("tests/remnant"), gic=gic, icount=True, extra=extra)
    reports = []
    for start in range(RESTARTS + 1):
        # The name the hypervisor wrote is intact, nothing around it.
        q.expect(r"\[remnant\] remnant: name probe status 0, 0 bytes wrong\r")
        m = q.expect(r"\[remnant\] remnant: console probe \[([^\r]*)\] status 0\r")
        assert "J" not in m.group(1) and "REMNANT" not in m.group(1), m.group(0)
        q.expect(r"\[remnant\] remnant: race both stores kept \(vCPU 1 done")
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
    # The race and the scans faulted the untouched granules in, every
    # start.
    q.send(ESC + "s")
    m = q.expect(r"\[shikiri\] stats 'remnant' memory: (\d+) granules "
                 r"cleared on first touch\r")
    assert int(m.group(1)) >= GUEST_TOUCHED_GRANULES_PER_START * (RESTARTS + 1), m.group(0)

