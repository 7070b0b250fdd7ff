"""Systems that cannot work on the board they boot on are refused at boot
with a message that says what and where, what the board has and what the
configuration needs, and the machine is then powered off (QEMU exits
rather than hang). (The tool's own refusals are in test_pack_tool.py.)"""
from conftest import build_path, config_image


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
