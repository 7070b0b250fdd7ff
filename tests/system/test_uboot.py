"""U-Boot on QEMU virt (README, "Booting from U-Boot"): Debian's u-boot-qemu
(-bios) starts at EL2 when the board has it (virtualization=on); the packed
image, put in RAM beforehand with QEMU's generic loader as a board's boot
script would load it from storage, is started with
`booti <addr> - ${fdtcontroladdr}`: shikiri enters at EL2 with the device
tree U-Boot hands it. Without EL2 U-Boot runs at EL1 and shikiri says so.
The board gets no network card (-nic none): U-Boot would otherwise probe
QEMU's default one."""
import os

import pytest

from conftest import DEFAULT_TIMEOUT, config_image
from test_linux import DEMO_LATENESS_BOUND_NS, LinuxShell
from test_rtos import check_demo_report, expect_demo_report

UBOOT = os.environ.get("UBOOT_QEMU_ARM64",
                       "/usr/lib/u-boot/qemu_arm64/u-boot.bin")
# Where the image goes: RAM + 2 MiB, where QEMU's -kernel puts it too and
# inside every configuration's /hypervisor memory (0x40000000 + 16 MiB+).
LOAD_ADDR = 0x40200000
PROMPT = "=> "
BOOT_COMMAND = f"booti 0x{LOAD_ADDR:x} - ${{fdtcontroladdr}}"


def uboot(qemu, image, gic=3, el2=True, **kw):
    """QEMU virt with U-Boot as its firmware and image in RAM; returns the
    run stopped at U-Boot's prompt."""
    if not os.path.exists(UBOOT):
        pytest.fail(f"{UBOOT} not found: run `make deps` (u-boot-qemu)")
    q = qemu(None, gic=gic, el2=el2,
             extra=["-bios", UBOOT, "-nic", "none", "-device",
                    f"loader,file={image},addr=0x{LOAD_ADDR:x},force-raw=on"],
             **kw)
    q.expect(r"Hit any key to stop autoboot")
    q.send(" ")
    q.expect(PROMPT)
    return q


def booti(q):
    """Types the boot command; returns the device tree address U-Boot
    printed and the one shikiri says it was given."""
    q.send(BOOT_COMMAND + "\r")
    passed = q.expect(r"Loading Device Tree to ([0-9a-f]+),")
    m = q.expect(r"\[shikiri\] shikiri \S+ on qemu-virt: loaded at (0x[0-9a-f]+), "
                 r"device tree at (0x[0-9a-f]+)\r")
    return int(passed.group(1), 16), int(m.group(1), 16), int(m.group(2), 16)


@pytest.mark.parametrize("gic", [3, 2])
def test_uboot_booti_starts_the_packed_image(qemu, gic):
    q = uboot(qemu, config_image("tests/heartbeats"), gic=gic)
    fdt, loaded, dt = booti(q)
    assert loaded == LOAD_ADDR
    # The device tree U-Boot relocated and handed over, not QEMU's own
    # at the bottom of RAM (where -kernel boots find it).
    assert dt == fdt and dt != 0x40000000, (hex(fdt), hex(dt))
    q.expect(rf"\[shikiri\] board: 4 CPUs, [^\r]*GICv{gic}, UART 0x9000000\r")
    q.expect(r"\[shikiri\] 2 partitions running\r")
    q.expect(r"\[alpha\] heartbeat 3\r")
    q.expect(r"\[beta\] heartbeat \d+\r")  # beta beats on too


def test_uboot_boots_the_demo_to_the_linux_prompt(qemu):
    """The default system (`make run`) from U-Boot: Linux's shell answers and
    the RTOS keeps its deadlines beside it."""
    q = uboot(qemu, config_image("qemu-virt-demo"))
    booti(q)
    sh = LinuxShell(q)
    sh.wait_for_init()
    assert sh.run("uname -m") == ["aarch64"]
    check_demo_report(expect_demo_report(q, "[rtos] "), DEMO_LATENESS_BOUND_NS)


def test_uboot_without_el2_cannot_start_shikiri(qemu):
    """virtualization=off: U-Boot runs at EL1, and so does the image it
    starts; shikiri refuses with what to change."""
    q = uboot(qemu, config_image("tests/heartbeats"), el2=False)
    q.send(BOOT_COMMAND + "\r")
    q.expect(r"entered at EL1: shikiri must be started at EL2 "
             r"\(QEMU: -M virt,virtualization=on[^)]*\)", timeout=DEFAULT_TIMEOUT)
