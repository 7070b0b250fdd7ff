"""Hostile DMA (issue 19 point 4): a partition that owns QEMU virt's PCIe
host turns its own virtio-blk function against memory outside its RAM —
the victim partition's secret and shikiri's own memory — by disk reads
(the device writes there) and disk writes (the device reads there), and
sets up the second virtio-blk function, whose stream no partition owns, to
DMA into its own RAM (guests/tests/dma_hostile.c). The victim prints the
CRC-32 of its secret with every heartbeat (guests/tests/dma_victim.c).

With the SMMU (stage 2) the partition's own stream is translated by its
stage 2: its legitimate I/O works, every attack is blocked, reported naming
the partition and the stream, counted, and its dma-fault setting applies;
the victim's secret and beats and shikiri are untouched; the disk holds
none of their bytes. The control run, with no SMMU and the partition
dma = "unrestricted", shows the same test seeing the attacks land.
"""
import re
import struct
import zlib

import pytest

from conftest import ESC, build_path, config_image

SMMU = ["-M", "virt,iommu=smmuv3", "-global", "arm-smmuv3.stage=2"]
# guests/tests/dma_secret.h
SECRET_PHYS = 0x43800000
SECRET_SIZE = 0x4000
SECRET_TAG = 0x5445524345530000
HYP_PHYS = 0x40200000
HYP_SIZE = 0x200000
# guests/tests/dma_hostile.c: the disk's layout
SECTOR = 512
DISK_SIZE = 8 << 20
LEGIT_SECTOR, LEGIT_SIZE = 1, 4096
GARBAGE_SECTOR = 64
LEAK_VICTIM_SECTOR, LEAK_HYP_SECTOR = 8192, 8256
LEAK_SIZE = SECRET_SIZE
FILLER = b"UNTOUCHD"
GARBAGE = b"GARBAGE!"
# The hostile partition's own function is 00:01.0 (requester and stream
# ID 0x8), the one no partition owns 00:02.0 (0x10).
OWN_STREAM, FOREIGN_STREAM = 0x8, 0x10


def secret():
    return b"".join(struct.pack("<Q", SECRET_TAG | i)
                    for i in range(SECRET_SIZE // 8))


SECRET_CRC = zlib.crc32(secret())


def make_disk(path):
    """The disk of dma_hostile.c: garbage where the attacks read from,
    filler where they try to write to, zeros elsewhere."""
    data = bytearray(DISK_SIZE)
    start = GARBAGE_SECTOR * SECTOR
    data[start:start + HYP_SIZE] = GARBAGE * (HYP_SIZE // len(GARBAGE))
    for sector in (LEAK_VICTIM_SECTOR, LEAK_HYP_SECTOR):
        start = sector * SECTOR
        data[start:start + LEAK_SIZE] = FILLER * (LEAK_SIZE // len(FILLER))
    path.write_bytes(bytes(data))
    return path


def disks(tmp_path):
    """Two modern virtio-blk functions, 00:01.0 and 00:02.0. QEMU sends a
    virtio device's DMA through the SMMU only with iommu_platform=on
    (which needs disable-legacy=on); without it the device bypasses the
    SMMU and every isolation check here would fail."""
    own = make_disk(tmp_path / "own.img")
    foreign = make_disk(tmp_path / "foreign.img")
    args = ["-nic", "none"]  # virt's default NIC would take slot 1
    for name, path, slot in (("own", own, 1), ("foreign", foreign, 2)):
        args += ["-drive", f"file={path},format=raw,if=none,id={name}",
                 "-device", f"virtio-blk-pci,drive={name},addr={slot}.0,"
                 "disable-legacy=on,iommu_platform=on"]
    return own, foreign, args


def leak_region(disk, sector):
    return disk.read_bytes()[sector * SECTOR:sector * SECTOR + LEAK_SIZE]


def hyp_text():
    """The first LEAK_SIZE bytes of shikiri's memory as loaded: the start
    of its image."""
    with open(build_path("hypervisor", "shikiri.bin"), "rb") as f:
        return f.read(LEAK_SIZE)


def expect_legit(q):
    q.expect(r"\[hostile\] pci 00:01\.0 1af4:1042\r")
    q.expect(r"\[hostile\] pci 00:02\.0 1af4:1042\r")
    q.expect(r"\[hostile\] dma-hostile: own disk 16384 sectors, "
             r"ACCESS_PLATFORM offered\r")
    q.expect(r"\[hostile\] legit: write done status 0, read back done "
             r"status 0: match\r")


def attack_line(q, verb, what, addr, size):
    """(what the request did, what the leak sector holds now or None)."""
    m = q.expect(rf"\[hostile\] attack: device {verb} {what} 0x{addr:x} "
                 rf"\+0x{size:x}: ([^;\r]*), device status 0x[0-9a-f]+"
                 r"(; sector \d+ now ([^\r]*))?\r")
    return m.group(1), m.group(3)


def expect_foreign(q):
    return q.expect(r"\[hostile\] foreign: device 00:02\.0 reads into own "
                    r"RAM 0x[0-9a-f]+: ([^,]*, status \d+|[^,]*), used idx "
                    r"(\d+), device status 0x[0-9a-f]+, (\d+) bytes changed\r")


# What QEMU prints (on the same terminal) when a virtio device cannot map
# a buffer: at any point of a console line, even within one.
QEMU_VIRTIO_ERROR = ("qemu-system-aarch64: virtio: bogus descriptor or out "
                     "of resources\r\n")


def console_lines(q):
    return "".join(q.log).replace(QEMU_VIRTIO_ERROR, "").splitlines()


def secret_crcs(lines):
    return [int(m.group(1), 16) for m in
            (re.search(r"\[victim\] secret crc32 0x([0-9a-f]{8})\r?$", l)
             for l in lines) if m]


STREAM_LINE = r"SMMUv3: partition 'hostile' streams 0x8\.\.0x8"
DMA_FAULT = (r"DMA fault: partition '([\w-]+)' stream 0x([0-9a-f]+): (\w+) "
             r"(read|write) at IPA 0x([0-9a-f]+)")
UNOWNED_FAULT = (r"DMA fault: a device no partition owns \(stream "
                 r"0x([0-9a-f]+)\): ")


def dma_faults(q):
    """(partition, stream, read/write, address) of every report so far."""
    return [(m.group(1), int(m.group(2), 16), m.group(4), int(m.group(5), 16))
            for m in (re.search(DMA_FAULT, l) for l in console_lines(q)) if m]


def unowned_faults(q):
    """The streams of the reports of DMA by devices no partition owns."""
    return {int(m.group(1), 16) for m in
            (re.search(UNOWNED_FAULT, l) for l in console_lines(q)) if m}


def boot(qemu, image, gic, extra):
    """(The victim's lines are checked from the log later: waiting for
    one here could pass over the hostile partition's first lines.)"""
    q = qemu(config_image(image), gic=gic, smp=2, extra=extra)
    q.expect(r"2 partitions running\r")
    return q


def beats_on(q, name, beats=3):
    """name's next heartbeat, and then beats more. (Any later number
    will do: a line of QEMU's may have cut the one expected.)"""
    beat = r"\[%s\] heartbeat (\d+)\r" % name
    last = int(q.expect(beat).group(1)) + beats
    while int(q.expect(beat).group(1)) < last:
        pass


def check_victim_untouched(q):
    """The victim beats on with its secret's checksum unchanged."""
    beats_on(q, "victim")
    crcs = secret_crcs(console_lines(q))
    assert crcs and all(c == SECRET_CRC for c in crcs), \
        [hex(c) for c in crcs]


def check_disk_holds_nothing_of_others(disk):
    """Neither the victim's secret nor shikiri's bytes reached the disk;
    the sectors the attacks aimed at hold what the host put there."""
    data = disk.read_bytes()
    assert secret()[:64] not in data
    assert hyp_text()[:256] not in data
    for sector in (LEAK_VICTIM_SECTOR, LEAK_HYP_SECTOR):
        assert leak_region(disk, sector) == FILLER * (LEAK_SIZE // len(FILLER))


def test_without_an_smmu_the_attacks_land(qemu, tmp_path):
    """The control: no SMMU, the partition unrestricted. The same guest
    and checks see its device read the victim's secret onto the disk,
    overwrite it, and the function no partition owns DMA freely — so the
    isolation tests below would fail if the SMMU let DMA through."""
    own, _, drives = disks(tmp_path)
    q = boot(qemu, "tests/dma-hostile-control", 3, drives)
    expect_legit(q)
    outcome, now = attack_line(q, "reads", "victim", SECRET_PHYS, LEAK_SIZE)
    assert (outcome, now) == ("completed, status 0", "VICTIM SECRET")
    outcome, _ = attack_line(q, "writes", "victim", SECRET_PHYS, SECRET_SIZE)
    assert outcome == "completed, status 0"
    m = expect_foreign(q)
    assert m.group(1) == "completed, status 0" and int(m.group(3)) > 0, \
        m.group(0)
    q.expect(r"\[hostile\] dma-hostile: done\r")
    q.expect(r"\[hostile\] heartbeat 3\r")
    crcs = secret_crcs(console_lines(q))
    # What it beats on with now is the disk's garbage.
    assert crcs and crcs[0] == SECRET_CRC, crcs
    assert crcs[-1] == zlib.crc32(GARBAGE * (SECRET_SIZE // 8)), crcs
    assert leak_region(own, LEAK_VICTIM_SECTOR) == secret()


@pytest.mark.parametrize("gic", [3, 2])
def test_with_the_smmu_a_stream_no_partition_owns_cannot_dma(
        qemu, tmp_path, gic):
    """The control system on a board with the SMMU: the partition's
    device lists no streams, so neither function's stream is given to
    anyone and both abort (d, and the partition's own I/O fails too);
    the guest then does not attack. Nothing reached any memory, and the
    attempts are reported as a device no partition owns."""
    own, _, drives = disks(tmp_path)
    q = boot(qemu, "tests/dma-hostile-control", gic, SMMU + drives)
    q.expect(r"\[hostile\] legit: write lost status 255, read back lost "
             r"status 255: MISMATCH\r")
    m = expect_foreign(q)
    assert (m.group(1), m.group(2), m.group(3)) == \
        ("blocked (no completion)", "0", "0"), m.group(0)
    q.expect(r"\[hostile\] dma-hostile: done\r")
    q.expect(r"\[hostile\] heartbeat 3\r")
    check_victim_untouched(q)
    # Reported as no one's (the hypervisor says the first 16 such lines:
    # the partition's own function's attempts fill them).
    assert OWN_STREAM in unowned_faults(q), console_lines(q)
    assert not dma_faults(q)
    q.close()
    assert own.read_bytes() == make_disk(tmp_path / "fresh.img").read_bytes()




def boot_smmu(qemu, tmp_path, name, gic):
    own, foreign, drives = disks(tmp_path)
    q = qemu(config_image(name), gic=gic, smp=2, extra=SMMU + drives)
    lines, _ = q.lines_until(r"2 partitions running\r")
    assert any(re.search(STREAM_LINE, l) for l in lines), lines
    return q, own, foreign


def hostile_stats(q, state):
    """The console's statistics of 'hostile' (state: a regex of its
    state): its DMA fault and restart counts."""
    q.send(ESC + "s")
    m = q.expect(rf"\[shikiri\] stats 'hostile' \(({state})\): [^\r]*"
                 r"dma faults (\d+), [^\r]*restarts (\d+),")
    return int(m.group(2)), int(m.group(3))


@pytest.mark.parametrize("gic", [3, 2])
def test_hostile_dma_is_blocked_reported_and_the_partition_runs_on(
        qemu, tmp_path, gic):
    """dma-fault = "report": its own I/O works (a), every attack is
    blocked (b, c) and reported naming it and its stream, the function no
    partition owns does nothing (d) and is reported as no one's, the
    victim and shikiri are untouched,
    the partition's statistics count the faults and it runs on."""
    q, own, _ = boot_smmu(qemu, tmp_path, "tests/dma-hostile", gic)
    expect_legit(q)
    blocked = "blocked (no completion)"
    assert attack_line(q, "reads", "victim", SECRET_PHYS, LEAK_SIZE) == \
        (blocked, "unchanged")
    assert attack_line(q, "reads", "hypervisor", HYP_PHYS, LEAK_SIZE) == \
        (blocked, "unchanged")
    assert attack_line(q, "writes", "victim", SECRET_PHYS, SECRET_SIZE) == \
        (blocked, None)
    assert attack_line(q, "writes", "hypervisor", HYP_PHYS, HYP_SIZE) == \
        (blocked, None)
    m = expect_foreign(q)
    assert (m.group(1), m.group(2), m.group(3)) == (blocked, "0", "0"), \
        m.group(0)
    q.expect(r"\[hostile\] dma-hostile: done\r")
    q.expect(r"\[hostile\] heartbeat 3\r")
    check_victim_untouched(q)
    faults = dma_faults(q)
    assert {f[0] for f in faults} == {"hostile"}, faults
    assert {f[1] for f in faults} == {OWN_STREAM}, faults
    for access in (("read", SECRET_PHYS), ("read", HYP_PHYS),
                   ("write", SECRET_PHYS), ("write", HYP_PHYS)):
        assert access in {(f[2], f[3]) for f in faults}, (access, faults)
    assert unowned_faults(q) == {FOREIGN_STREAM}, console_lines(q)
    dma, restarts = hostile_stats(q, "running")
    print(f"GICv{gic}: dma faults counted {dma}")
    assert dma >= 4 and restarts == 0, (dma, restarts)
    # The hypervisor answered, the partition beats on.
    beats_on(q, "hostile")
    q.close()
    check_disk_holds_nothing_of_others(own)
    start = LEGIT_SECTOR * SECTOR
    assert own.read_bytes()[start:start + LEGIT_SIZE] == \
        bytes((i * 7 + 1) & 0xff for i in range(LEGIT_SIZE))


@pytest.mark.parametrize("gic", [3, 2])
@pytest.mark.parametrize("policy", ["stop", "restart"])
def test_hostile_dma_applies_the_fault_policy(qemu, tmp_path, gic, policy):
    """dma-fault = "fault-policy": its first blocked DMA ends its run as a
    CPU fault would; stopped, it stays stopped, restarted, it starts again
    with its stream translated again (its own I/O works once more). The
    victim and shikiri are untouched either way."""
    q, own, _ = boot_smmu(qemu, tmp_path, f"tests/dma-hostile-{policy}", gic)
    expect_legit(q)
    if policy == "stop":
        m = q.expect(r"partition 'hostile' stopped \(([^)\r]*)\)\r")
    else:
        m = q.expect(r"partition 'hostile' restarting \(([^)\r]*)\), "
                     r"restart #1\r")
    assert "DMA" in m.group(1), m.group(0)
    faults = dma_faults(q)
    assert faults and faults[0][:2] == ("hostile", OWN_STREAM), faults
    if policy == "restart":
        q.expect(r"\[hostile\] hello from hostile")
        expect_legit(q)
    check_victim_untouched(q)
    if policy == "stop":
        dma, restarts = hostile_stats(q, "stopped")
        assert dma >= 1 and restarts == 0, (dma, restarts)
    else:
        # It attacks again after every restart: caught in one, or not.
        dma, restarts = hostile_stats(q, "running|stopped")
        assert dma >= 1 and restarts >= 1, (dma, restarts)
    if policy == "stop":
        lines, _ = q.lines_until(r"\[victim\] heartbeat \d+\r")
        assert not any("[hostile]" in l for l in lines), lines
    q.close()
    check_disk_holds_nothing_of_others(own)
