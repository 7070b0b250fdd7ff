"""The boards the system tests run on, in one place: each board's QEMU
arguments, where its console is, and which packed image a test
configuration becomes on it.

A test configuration (configs/tests/NAME.dts) is written once, for QEMU
virt's memory map: RAM from 0x40000000, the hypervisor in its first 16 MiB.
A SoC board's variant is generated from it (`python3 tests/system/boards.py
dts BOARD configs/tests/NAME.dts`, run by the Makefile into
build/boards/BOARD/tests/NAME.dts and packed to
build/configs/BOARD/tests/NAME.img): every physical address in virt's RAM
moves by the board's RAM offset (the ZCU102's RAM starts at 0; the i.MX 8M
Plus EVK's at 0x40000000 like virt's) and every virt device address to the
board's own device of the same kind (the tables below), with its interrupt.
Guest-physical addresses do not change, so the guests are the same.
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DEBIAN = os.path.join(ROOT, "build", "debian")

VIRT_RAM = 0x40000000
VIRT_RAM_END = 0x80000000


def _dtb(name):
    return os.path.join(DEBIAN, "dtbs", name)


BOARDS = {
    # QEMU's virt machine, its generated device tree; the GIC version and
    # CPU model are per test (Qemu(gic=, cpu=)).
    "virt": {
        "variant": None,
        "ram": (0x40000000, None),  # size from -m
    },
    # NXP i.MX 8M Plus EVK (hw/arm/imx8mp-evk.c): 4 Cortex-A53 (QEMU makes
    # one unless -smp 4: the others then fail PSCI CPU_ON), GICv3,
    # RAM from 0x40000000, kernel loaded at RAM + 2 MiB at EL2, PSCI by SMC
    # answered by QEMU. The console (the DT's stdout-path) is UART2 =
    # QEMU's second serial port.
    "imx8mp-evk": {
        "args": lambda: ["-M", "imx8mp-evk", "-smp", "4", "-m", "2G",
                         "-dtb", _dtb("imx8mp-evk.dtb"),
                         "-serial", "null", "-serial", "mon:stdio"],
        "variant": "imx8mp-evk",
        "gic": 3,
        "ram": (0x40000000, 0x80000000),
        # virt's PL031 RTC -> the SNVS RTC (snvs@30370000, SPI 19); virt's
        # PL011 and GIC distributor -> the board's console UART2 and GICD.
        # virt's PL061 GPIO -> the CCM, the clock controller
        # (configs/tests/device-on-clocks.dts).
        "devices": {0x09010000: 0x30370000, 0x09000000: 0x30890000,
                    0x08000000: 0x38800000, 0x09030000: 0x30380000},
        "irqs": {34: 51},
        # The EVK's SD slot, uSDHC2 (0x30b50000): QEMU wires SD bus N to
        # uSDHC N+1. The demo's Linux partition owns it.
        "sd": "if=sd,bus=1",
    },
    # Xilinx ZCU102 (hw/arm/xlnx-zcu102.c): 4 Cortex-A53 (+2 R5F QEMU
    # keeps halted), GIC-400 = GICv2, RAM from 0, kernel at 0x200000 at
    # EL2 with virtualization=on, PSCI by SMC. The console is UART0 =
    # QEMU's first serial port. No audio backend: the DisplayPort's audio
    # would try the host's.
    "zcu102": {
        "args": lambda: ["-M", "xlnx-zcu102,virtualization=on", "-m", "2G",
                         "-audio", "none",
                         "-dtb", _dtb("zynqmp-zcu102-rev1.0.dtb"),
                         "-serial", "mon:stdio"],
        "variant": "zcu102",
        "gic": 2,
        "ram": (0x0, 0x80000000),
        "ram_offset": -VIRT_RAM,
        # virt's PL031 RTC (a victim's pass-through device in
        # configs/tests/hostile.dts) -> the ZynqMP RTC (UG1085; the DT's
        # rtc@ffa60000, alarm interrupt SPI 26).
        # virt's GICv2 CPU interface -> the GIC-400's at its first
        # 64 KiB alias (configs/tests/device-on-gic-alias.dts).
        # virt's PL061 GPIO -> CRL_APB, the clocks and resets the PMU
        # firmware owns (configs/tests/device-on-clocks.dts).
        "devices": {0x09010000: 0xffa60000, 0x09000000: 0xff000000,
                    0x08000000: 0xf9010000, 0x08010000: 0xf9020000,
                    0x09030000: 0xff5e0000},
        "irqs": {34: 58},
        # SD1 (0xff170000), the SD host Debian's DTB enables: QEMU's SD
        # index 1. The demo's Linux partition owns it.
        "sd": "if=sd,index=1",
    },
}

# The boards a board-parametrized test runs on.
SOC_BOARDS = ("imx8mp-evk", "zcu102")


def names():
    return sorted(BOARDS)


def qemu_args(board):
    """QEMU's machine arguments for a SoC board (virt's come from
    conftest.Qemu's gic/cpu/smp/mem)."""
    return BOARDS[board]["args"]()


def sd_args(board, disk):
    """QEMU's arguments putting the raw image `disk` in the SD slot the
    board's demo gives its Linux partition."""
    return ["-drive", f"{BOARDS[board]['sd']},file={disk},format=raw"]


def image_name(board, name):
    """configs/NAME.dts's packed image on board, relative to build/configs:
    'tests/hostile' -> 'tests/hostile' or 'zcu102/tests/hostile'."""
    variant = BOARDS[board]["variant"]
    return name if variant is None else f"{variant}/{name}"


def _shift(m, board):
    b = BOARDS[board]
    addr = int(m.group(2), 16)
    if VIRT_RAM <= addr < VIRT_RAM_END:
        addr += b.get("ram_offset", 0)
    else:
        addr = b.get("devices", {}).get(addr, addr)
    return f"{m.group(1)}0x{addr:08x}"


PHYS = re.compile(r"((?:phys|memory)\s*=\s*<\s*0x0\s+)(0x[0-9a-fA-F]+)")
IRQS = re.compile(r"(interrupts\s*=\s*<)([^>]*)(>)")


def board_dts(board, text):
    """The virt configuration text moved onto board's memory map."""
    text = PHYS.sub(lambda m: _shift(m, board), text)
    irqs = BOARDS[board].get("irqs", {})

    def remap(m):
        cells = [str(irqs.get(int(c, 0), int(c, 0))) for c in m.group(2).split()]
        return m.group(1) + " ".join(cells) + m.group(3)
    return IRQS.sub(remap, text)


def main(argv):
    if len(argv) == 3 and argv[0] == "dts" and argv[1] in BOARDS:
        with open(argv[2]) as f:
            sys.stdout.write(f"/* Generated by tests/system/boards.py from "
                             f"{os.path.relpath(argv[2], ROOT)} for "
                             f"{argv[1]}: do not edit. */\n")
            sys.stdout.write(board_dts(argv[1], f.read()))
        return 0
    if len(argv) == 2 and argv[0] == "qemu-args" and argv[1] in SOC_BOARDS:
        print(" ".join(qemu_args(argv[1])))
        return 0
    if len(argv) == 3 and argv[0] == "sd-args" and argv[1] in SOC_BOARDS:
        print(" ".join(sd_args(argv[1], argv[2])))
        return 0
    if argv == ["names"]:
        print(" ".join(names()))
        return 0
    sys.stderr.write("usage: boards.py dts BOARD FILE.dts | qemu-args SOC_BOARD"
                     " | sd-args SOC_BOARD DISK | names\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
