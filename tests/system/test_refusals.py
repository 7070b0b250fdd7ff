"""Systems that cannot work on the board they boot on are refused at boot
with a message that says what and where, what the board has and what the
configuration needs, and the machine is then powered off (QEMU exits
rather than hang). (The tool's own refusals are in test_pack_tool.py.)

At boot the hypervisor checks only what depends on the board; the rest
the packer proved, and a package carries the packer's check mark for its
configuration (core/config_format.h): a package without it, or whose
configuration was changed after packing, is refused."""
import pathlib
import struct
import subprocess
import zlib

from conftest import build_path, config_image

# struct sk_package_header: magic, version, size, config_offset,
# config_size, config_crc32, checked.
PKG_HEADER = struct.Struct("<IIQQQII")
PKG_MAGIC = 0x4b504b53  # "SKPK"
PKG_ALIGN = 4096
ROOT = pathlib.Path(__file__).resolve().parents[2]


def package_header(image):
    """(offset, fields) of the package after the hypervisor in a packed
    image: the first 4 KiB boundary that holds its magic and version."""
    for off in range(0, len(image) - PKG_HEADER.size, PKG_ALIGN):
        fields = PKG_HEADER.unpack_from(image, off)
        if fields[0] == PKG_MAGIC and fields[1] == 1:
            return off, list(fields)
    raise AssertionError("no package in the image")


def u64(v):
    return struct.pack("<Q", v)


def hostile_package(tmp_path, edit):
    """tests/heartbeats.img with edit(image, package offset, header fields)
    applied; the header written back."""
    image = bytearray(pathlib.Path(config_image("tests/heartbeats")).read_bytes())
    off, h = package_header(image)
    edit(image, off, h)
    PKG_HEADER.pack_into(image, off, *h)
    out = tmp_path / "hostile.img"
    out.write_bytes(bytes(image))
    return str(out)


def test_boot_refuses_cpu_the_board_lacks(qemu):
    q = qemu(config_image("tests/cpu5"), smp=4)
    q.expect(r"configuration error: /partitions/beta: CPU 5 is not present: "
             r"the board has 4 CPUs, numbered 0-3\r")
    q.expect(r"refusing to start: the configuration does not fit this board \(1 error\)")
    q.expect(r"the board has 4 CPUs \(0-3\); the configuration uses CPUs up to 5 and "
             r"memory 0x40000000-0x\w+\r")
    q.expect(r"system halted: invalid configuration\r")
    q.expect(r"powering off\r")
    q.expect_exit()


def test_same_image_boots_on_a_board_with_enough_cpus(qemu):
    q = qemu(config_image("tests/cpu5"), smp=8)
    q.expect(r"partition 1 'beta': 1 vCPU\(s\) on CPU 5")
    q.expect(r"\[beta\] heartbeat 2")


def test_boot_refuses_ram_the_board_lacks(qemu):
    q = qemu(config_image("tests/heartbeats"), mem="512M")
    m = q.expect(r"configuration error: (/\S+): ([^\r\n]*)\r")
    assert m.group(1) == "/platform", m.group(0)
    assert "not present on the board, which has RAM 0x40000000-0x5fffffff" in m.group(2), \
        m.group(0)
    q.expect(r"refusing to start")
    q.expect(r"the board has RAM 0x40000000-0x5fffffff \(512 MiB\)\r")
    m = q.expect(r"the configuration uses CPUs up to (\d+) and memory "
                 r"0x40000000-0x(\w+)\r")
    # The partitions themselves would have fitted: the message shows it.
    assert int(m.group(2), 16) < 0x60000000, m.group(0)
    q.expect(r"that memory is on the board: the system fits if /platform memory "
             r"states the board's RAM\r")
    q.expect(r"powering off\r")
    q.expect_exit()


def test_hypervisor_without_configuration_says_how_to_make_one(qemu):
    q = qemu(build_path("hypervisor", "shikiri.bin"))
    q.expect(r"boot failed at reading the system configuration: package: none found "
             r"after the hypervisor: pack a configuration with tools/shikiri-pack")
    q.expect(r"powering off\r")
    q.expect_exit()


def test_entered_below_el2_says_so(qemu):
    q = qemu(config_image("tests/heartbeats"),
             extra=["-M", "virt,virtualization=off,gic-version=3"])
    q.expect(r"entered at EL1: shikiri must be started at EL2")


def test_boot_refuses_a_system_packed_for_another_gic(qemu):
    """configs/qemu-virt-demo.dts states gic-version 3 (its Linux tree has
    a GICv3 node): on a GICv2 board it is refused before Linux would panic
    probing the GIC, and QEMU exits."""
    q = qemu(config_image("qemu-virt-demo"), gic=2)
    q.expect(r"configuration error: /platform: gic-version is 3, but the board's GIC is "
             r"a GICv2: pack GICv2 device trees with gic-version = <2>\r")
    q.expect(r"the board has 4 CPUs \(0-3\); the configuration uses CPUs up to 2 and "
             r"memory 0x40000000-0x5500ffff\r")
    q.expect(r"powering off\r")
    q.expect_exit()


def test_boot_on_too_few_cpus_says_what_the_board_has(qemu):
    """The default system packed for -smp 4 booted with -smp 2: the RTOS's
    CPU 2 is missing; the message names the board's CPUs 0-1."""
    q = qemu(config_image("qemu-virt-demo"), smp=2)
    q.expect(r"configuration error: /partitions/rtos: CPU 2 is not present: the board "
             r"has 2 CPUs, numbered 0-1\r")
    q.expect(r"the board has 2 CPUs \(0-1\); the configuration uses CPUs up to 2")
    q.expect(r"powering off\r")
    q.expect_exit()
    # Its RAM statement is right: no hint about it.
    assert "that memory is on the board" not in "".join(q.log)


def test_a_package_without_the_packers_check_mark_is_refused(qemu, tmp_path):
    """A package written by anything but shikiri-pack's full check (here:
    the check mark cleared) is refused before any partition is built."""
    def unmark(image, off, h):
        h[6] = 0
    q = qemu(hostile_package(tmp_path, unmark))
    q.expect(r"boot failed at reading the system configuration: package: not "
             r"checked by tools/shikiri-pack \(no check mark\): pack it with "
             r"shikiri-pack\r")
    q.expect(r"powering off\r")
    q.expect_exit()


def test_a_configuration_changed_after_packing_is_refused(qemu, tmp_path):
    """A hostile package: beta's memory moved onto alpha's, which only the
    packer checks (the boot check trusts it for that), and the checksum
    resealed. The packer refuses that configuration; the hypervisor
    refuses the package, since its check mark is another configuration's."""
    dts = (ROOT / "configs/tests/heartbeats.dts").read_text()
    assert dts.count("phys = <0x0 0x43000000>;") == 1
    bad = tmp_path / "overlap.dts"
    bad.write_text(dts.replace("phys = <0x0 0x43000000>;",
                               "phys = <0x0 0x42000000>;"))
    pack = subprocess.run(
        [build_path("tools", "shikiri-pack"), "--hypervisor",
         build_path("hypervisor", "shikiri.bin"), "-I", build_path("guests"),
         "-o", str(tmp_path / "overlap.img"), str(bad)],
        capture_output=True, text=True, timeout=60)
    assert pack.returncode != 0, pack.stdout
    assert "/partitions/beta/memory/ram" in pack.stderr and \
        "overlaps /partitions/alpha/memory/ram" in pack.stderr, pack.stderr

    def move_beta(image, off, h):
        start = off + h[3]
        config = bytes(image[start:start + h[4]])
        assert config.count(u64(0x43000000)) == 1
        at = start + config.index(u64(0x43000000))
        image[at:at + 8] = u64(0x42000000)
        h[5] = zlib.crc32(image[start:start + h[4]])
    q = qemu(hostile_package(tmp_path, move_beta))
    q.expect(r"boot failed at reading the system configuration: package: its "
             r"check mark is not its configuration's \(changed after packing\?\): "
             r"pack it again\r")
    q.expect(r"powering off\r")
    q.expect_exit()
