#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Derive a Linux partition's device tree from the board's DTB and the system
configuration (docs/configuration.md, "Deriving a Linux partition's device
tree").

    partition_dt.py --board BOARD.dtb --config CONFIG.dts --partition NAME \
                    [--bare] -o OUT.dtb

Kept: the nodes of the devices the partition owns (matched by physical
address against /partitions/NAME/devices), with the buses above them. Added:
the machine shikiri shows the partition (docs/configuration.md, "Guest-physical
map"): memory = the partition's RAM, one cpu node per vCPU, PSCI by HVC, the
architected timer, the virtual GIC (the board's GIC version), the virtual PL011
console and, with "pci" channel endpoints, the virtual PCI host of
guests/linux/linux-channel.dtsi. Dropped: everything else (other UARTs, the
clock, reset, pinctrl and power controllers, firmware nodes, reserved memory).

Clocks, resets, pins, power domains: the partition gets no handle on the
controllers every partition shares. An owned device's `clocks` point at
`fixed-clock` nodes whose rates come from CLOCK_RATES below (the rates the boot
firmware leaves those clocks at); its pinctrl, power-domain, reset, GPIO,
regulator, IOMMU and DMA-engine references are removed. So Linux cannot gate,
re-parent or reset anything another partition depends on, and its unused-clock
clean-up at boot finds only fixed clocks.

--bare derives the tree for booting the same kernel without the hypervisor on
the board (the proof that the kept nodes suffice): the board's own GIC, the
board's console UART (its chosen stdout-path) and PSCI by SMC instead of the
virtual ones, no PCI host.

Errors name the node (of the board's DTB or of the configuration) and exit 1.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fdt_tree  # noqa: E402  (the tool's own helper, beside it)
from fdt_tree import FdtError, Node  # noqa: E402

# shikiri's guest-physical map (docs/configuration.md, "Guest-physical map";
# hypervisor/core/config_format.h).
VGIC_DIST = 0x08000000
VGIC_DIST_SIZE = 0x10000
VGIC_V2_CPU = 0x08010000          # GICv2: the GICV frame mapped here
VGIC_V2_CPU_SIZE = 0x2000
VGIC_V3_REDIST = 0x080A0000       # GICv3: vCPU 0's redistributor first
VGIC_V3_REDIST_STRIDE = 0x20000   # RD_base + SGI_base, 64 KiB each
VPL011 = 0x09000000
VPL011_SIZE = 0x1000
VPL011_SPI = 1                    # INTID 33
VPL011_CLOCK_HZ = 24000000
PCI_ECAM = 0x3F000000
PCI_ECAM_SIZE = 0x100000
PCI_WINDOW = 0x10000000           # the channel devices' register BARs first
PCI_WINDOW_LIMIT = 0x3EFF0000     # QEMU virt's 32-bit window ends below ECAM
PCI_REG_BARS_SIZE = 0x10000
PCI_WINDOW_ALIGN = 0x100000
PCI_DEV_SHIFT = 11                # device number in phys.hi (PCI binding)
PCI_SPACE_MEM32 = 0x02000000

# GIC interrupt specifier <type number flags> (Linux
# Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml).
GIC_SPI = 0
GIC_PPI = 1
GIC_SPI_BASE = 32
IRQ_LEVEL_HIGH = 4
GICV2_PPI_CPU_SHIFT = 8           # GICv2: PPI flags carry the CPU mask
# Architected timer PPIs: secure phys 13, non-secure phys 14, virtual 11,
# hypervisor 10 (Arm ARM D11.1; the numbers QEMU and both boards use).
TIMER_PPIS = (13, 14, 11, 10)

BOOTARGS_PARTITION = f"console=ttyAMA0 earlycon=pl011,0x{VPL011:08x} nokaslr rdinit=/init"
BOOTARGS_BARE = "earlycon nokaslr rdinit=/init"

# Clock rates the owned devices' fixed clocks get, per clock controller
# (its compatible) and clock number (the specifier's cell). These are the
# rates the boot firmware leaves the clocks at; shikiri and its partitions
# never program the controller, so they do not change. A device whose clock is
# missing here is refused with the node's path: add the row.
CLOCK_RATES = {
    # i.MX 8M Plus CCM; numbers from Linux's dt-bindings header
    # imx8mp-clock, rates from the RM's clock root defaults (chapter 5.1
    # "Clock Control Module") and the assigned-clock-rates of Linux's
    # imx8mp device tree source.
    "fsl,imx8mp-ccm": {
        95: ("nand-usdhc-bus", 266666666),   # IMX8MP_CLK_NAND_USDHC_BUS
        110: ("ipg-root", 66666666),         # IMX8MP_CLK_IPG_ROOT (AHB / 2)
        251: ("uart1-root", 24000000),       # IMX8MP_CLK_UART1_ROOT (24 MHz osc)
        252: ("uart2-root", 24000000),       # IMX8MP_CLK_UART2_ROOT
        253: ("uart3-root", 24000000),       # IMX8MP_CLK_UART3_ROOT
        254: ("uart4-root", 24000000),       # IMX8MP_CLK_UART4_ROOT
        257: ("usdhc1-root", 400000000),     # IMX8MP_CLK_USDHC1_ROOT
        258: ("usdhc2-root", 400000000),     # IMX8MP_CLK_USDHC2_ROOT
        277: ("usdhc3-root", 400000000),     # IMX8MP_CLK_USDHC3_ROOT
    },
    # ZynqMP clocks behind the PMU firmware; numbers from Linux's
    # dt-bindings header xlnx-zynqmp-clk, rates of the ZCU102
    # board preset (UG1085, chapter 37 "Clock Subsystem").
    "xlnx,zynqmp-clk": {
        31: ("lpd-lsbus", 100000000),        # LPD_LSBUS
        54: ("sdio0-ref", 200000000),        # SDIO0_REF
        55: ("sdio1-ref", 200000000),        # SDIO1_REF
        56: ("uart0-ref", 100000000),        # UART0_REF
        57: ("uart1-ref", 100000000),        # UART1_REF
    },
}

# Properties of a kept node that reference controllers the partition does not
# own: removed (see the module comment).
DROPPED_PROPS = {
    "pinctrl-names", "power-domains", "power-domain-names", "resets", "reset-names",
    "assigned-clocks", "assigned-clock-rates", "assigned-clock-parents",
    "iommus", "dmas", "dma-names", "nvmem-cells", "nvmem-cell-names",
    "interconnects", "interconnect-names", "operating-points-v2", "phys", "phy-names",
    "gpios", "wakeup-source",
}
# Compatibles whose Linux driver needs a controller the partition does not
# own, removed from a kept node's list so that the generic one binds:
# - "xlnx,zynqmp-8.9a": sdhci-of-arasan then sets the SD tap delays through
#   ZynqMP firmware calls (EEMI, UG1085 chapter 6 "Platform Management"),
#   which no partition may make; "arasan,sdhci-8.9a" drives the same
#   controller with the tap delays the boot firmware programmed.
FIRMWARE_COMPATIBLES = {"xlnx,zynqmp-8.9a"}
DROPPED_PROP_RE = re.compile(r"^(pinctrl-\d+|.+-gpios?|.+-supply)$")
# A bus above a kept device keeps only what addresses its children.
BUS_PROPS = ("reg", "#address-cells", "#size-cells", "ranges", "dma-ranges")


class DeriveError(Exception):
    """What is wrong, with the node path it concerns."""

    def __init__(self, where, what):
        super().__init__(f"{where}: {what}")


# ---- reading the configuration -------------------------------------------

def _int_of(node, prop, where=None):
    cells = node.cells(prop)
    if cells is None or not 1 <= len(cells) <= 2:
        raise DeriveError(where or node.path(), f"{prop} must be one or two cells")
    value = 0
    for c in cells:
        value = (value << 32) | c
    return value


def load_config(path):
    """The configuration's tree: a .dtb as is, a .dts through dtc."""
    if path.endswith(".dtb"):
        with open(path, "rb") as f:
            return fdt_tree.parse(f.read())
    with tempfile.NamedTemporaryFile(suffix=".dtb") as out:
        r = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", out.name, path],
                           capture_output=True, text=True, check=False)
        if r.returncode != 0:
            raise DeriveError(path, "dtc failed:\n" + r.stderr.strip())
        return fdt_tree.parse(out.read())


class Partition:
    """What the tool needs of /partitions/NAME and /channels."""

    def __init__(self, cfg, name):
        node = fdt_tree.find(cfg, f"/partitions/{name}")
        if node is None:
            raise DeriveError("/partitions", f"no partition {name}")
        self.path = node.path()
        self.vcpus = len(node.cells("cpus") or [])
        if self.vcpus == 0:
            raise DeriveError(self.path, "cpus is missing or empty")
        self.console = node.string("console") or "hypercall"
        self.ram = []
        mem = node.child("memory")
        for r in (mem.children if mem else []):
            self.ram.append((_int_of(r, "guest"), _int_of(r, "size")))
        if not self.ram:
            raise DeriveError(self.path, "no memory regions")
        self.devices = []
        devs = node.child("devices")
        for d in (devs.children if devs else []):
            self.devices.append({
                "path": d.path(), "phys": _int_of(d, "phys"), "guest": _int_of(d, "guest"),
                "size": _int_of(d, "size"), "interrupts": set(d.cells("interrupts") or [])})
        # "pci" endpoints in /channels order: device N of the PCI host.
        self.pci = []
        chans = fdt_tree.find(cfg, "/channels")
        for ch in (chans.children if chans else []):
            ep = ch.child(name)
            if ep is None or ep.string("interface") != "pci":
                continue
            doorbell = ep.u32("doorbell")
            if doorbell is None:
                raise DeriveError(ep.path(), "a pci endpoint needs a doorbell")
            self.pci.append({"path": ep.path(), "guest": _int_of(ep, "guest"),
                             "size": _int_of(ch, "size"), "doorbell": doorbell})
        # Where the virtual PCI host sits: the partition's virtual-pci-ecam
        # and virtual-pci-window (docs/configuration.md), else shikiri's
        # defaults (core/vpci_map.h).
        self.pci_ecam = PCI_ECAM
        self.pci_window, self.pci_window_limit = PCI_WINDOW, PCI_WINDOW_LIMIT
        if node.cells("virtual-pci-ecam") is not None:
            self.pci_ecam = _int_of(node, "virtual-pci-ecam")
        win = node.cells("virtual-pci-window")
        if win is not None:
            if len(win) != 4:
                raise DeriveError(self.path, "virtual-pci-window must be <base(2) size(2)>")
            self.pci_window = (win[0] << 32) | win[1]
            self.pci_window_limit = self.pci_window + ((win[2] << 32) | win[3])


# ---- the board's tree ----------------------------------------------------

def _cells_of(node, prop, default):
    return node.u32(prop, default) if node is not None else default


def _read_addr(cells, n):
    value = 0
    for c in cells[:n]:
        value = (value << 32) | c
    return value


def _split(n, value):
    return [(value >> (32 * (n - 1 - i))) & 0xFFFFFFFF for i in range(n)]


def translate(node, addr):
    """A node's bus address (of its parent's space) as a CPU physical address,
    through the `ranges` of the buses above it (Devicetree Spec 2.3.8)."""
    bus = node.parent
    while bus is not None and bus.parent is not None:
        ranges = bus.cells("ranges")
        if ranges is None:
            raise DeriveError(bus.path(), "no ranges: its children are not memory-mapped")
        if ranges:
            ca = _cells_of(bus, "#address-cells", 2)
            pa = _cells_of(bus.parent, "#address-cells", 2)
            sc = _cells_of(bus, "#size-cells", 1)
            step = ca + pa + sc
            for i in range(0, len(ranges) - step + 1, step):
                child = _read_addr(ranges[i:], ca)
                parent = _read_addr(ranges[i + ca:], pa)
                size = _read_addr(ranges[i + ca + pa:], sc)
                if child <= addr < child + size:
                    addr = addr - child + parent
                    break
            else:
                raise DeriveError(bus.path(), f"ranges do not cover 0x{addr:x}")
        bus = bus.parent
    return addr


def reg_ranges(node):
    """[(phys, size)] of a node's reg, or [] without one."""
    reg = node.cells("reg")
    if not reg:
        return []
    ac = _cells_of(node.parent, "#address-cells", 2)
    sc = _cells_of(node.parent, "#size-cells", 1)
    if sc == 0 or len(reg) % (ac + sc):
        return []
    out = []
    for i in range(0, len(reg), ac + sc):
        out.append((translate(node, _read_addr(reg[i:], ac)), _read_addr(reg[i + ac:], sc)))
    return out


def owned_nodes(board, dev):
    """The board nodes whose registers all lie inside a configured device."""
    found = []
    lo, hi = dev["phys"], dev["phys"] + dev["size"]
    for n in board.walk():
        if n.parent is None or n.cells("reg") is None:
            continue
        try:
            regs = reg_ranges(n)
        except DeriveError:
            continue        # not memory-mapped (an efuse cell, a firmware child)
        if regs and all(lo <= a and a + s <= hi for a, s in regs):
            found.append(n)
    # A node inside another found one (a child of a kept device) comes with it.
    return [n for n in found if not any(_is_ancestor(o, n) for o in found if o is not n)]


def _is_ancestor(a, n):
    p = n.parent
    while p is not None:
        if p is a:
            return True
        p = p.parent
    return False


def gic_node(board):
    for n in board.walk():
        if "interrupt-controller" in n.props and n.cells("#interrupt-cells") == [3] \
                and any(c.startswith("arm,") and "gic" in c for c in n.strings("compatible") or []):
            return n
    raise DeriveError("/", "no Arm GIC node in the board's DTB")


def gic_version(gic):
    compat = gic.strings("compatible")
    if "arm,gic-v3" in compat:
        return 3
    return 2


# ---- building the partition's tree ---------------------------------------

class Builder:
    def __init__(self, board, part, bare):
        self.board = board
        self.part = part
        self.bare = bare
        self.phandles = fdt_tree.phandles(board)
        self.next_phandle = max(self.phandles, default=0) + 1
        self.board_gic = gic_node(board)
        self.version = gic_version(self.board_gic)
        self.out = Node("")
        self.fixed_clocks = {}     # (provider path, number) -> phandle
        self.gic_phandle = None
        self.kept_paths = {}       # board node path -> output node

    def new_phandle(self):
        ph = self.next_phandle
        self.next_phandle += 1
        return ph

    def build(self):
        root = self.out
        root.set_strings("model", ["shikiri Linux partition"])
        root.set_strings("compatible", ["shikiri,linux-partition"])
        root.set_cells("#address-cells", [2])
        root.set_cells("#size-cells", [2])
        self.add_chosen()
        self.add_memory()
        self.add_cpus()
        self.add_psci()
        if self.bare:
            self.gic_phandle = self.board_gic.u32("phandle")
            self.keep(self.board_gic, check_irqs=False)
        else:
            self.add_vgic()
        root.set_cells("interrupt-parent", [self.gic_phandle])
        self.add_timer()
        if self.bare:
            self.keep_console_uart()
        elif self.part.console == "pl011":
            self.add_vpl011()
        for dev in self.part.devices:
            nodes = owned_nodes(self.board, dev)
            if not nodes:
                raise DeriveError(dev["path"], f"no node of the board's DTB lies in "
                                  f"0x{dev['phys']:x}+0x{dev['size']:x}")
            if dev["guest"] != dev["phys"]:
                raise DeriveError(dev["path"], "guest differs from phys: the derived tree keeps "
                                  "the board's bus addresses, so map the device at its "
                                  "physical address")
            for n in nodes:
                self.keep(n, dev=dev)
        if self.part.pci and not self.bare:
            self.add_pci()
        self.add_aliases()
        self.order_root()
        return root

    # -- fixed parts
    def add_chosen(self):
        chosen = self.out.add_child("chosen")
        chosen.set_strings("bootargs", [BOOTARGS_BARE if self.bare else BOOTARGS_PARTITION])
        if not self.bare and self.part.console == "pl011":
            chosen.set_strings("stdout-path", [f"/pl011@{VPL011:x}"])
        # shikiri-pack writes the initrd's range here (docs/configuration.md,
        # "The initrd's location in the guest's device tree").
        chosen.set_cells("linux,initrd-start", [0, 0])
        chosen.set_cells("linux,initrd-end", [0, 0])
        if self.part.pci and not self.bare:
            chosen.set_cells("linux,pci-probe-only", [1])

    def add_memory(self):
        for base, size in self.part.ram:
            m = self.out.add_child(f"memory@{base:x}")
            m.set_strings("device_type", ["memory"])
            m.set_cells("reg", _split(2, base) + _split(2, size))

    def add_cpus(self):
        board_cpus = fdt_tree.find(self.board, "/cpus")
        model = None
        board_regs = []
        for c in (board_cpus.children if board_cpus else []):
            if c.string("device_type") == "cpu":
                model = model or c.strings("compatible")
                board_regs.append(c.cells("reg"))
        cpus = self.out.add_child("cpus")
        cpus.set_cells("#address-cells", [1])
        cpus.set_cells("#size-cells", [0])
        if self.bare and len(board_regs) < self.part.vcpus:
            raise DeriveError(self.part.path, f"{self.part.vcpus} vCPUs but the board has "
                              f"{len(board_regs)} CPUs")
        for i in range(self.part.vcpus):
            # A vCPU's MPIDR is 0.0.0.<index> (docs/configuration.md); bare,
            # the board's own CPUs.
            reg = board_regs[i][-1] if self.bare else i
            c = cpus.add_child(f"cpu@{reg:x}")
            c.set_strings("device_type", ["cpu"])
            c.set_strings("compatible", model or ["arm,armv8"])
            c.set_cells("reg", [reg])
            c.set_strings("enable-method", ["psci"])

    def add_psci(self):
        psci = self.out.add_child("psci")
        psci.set_strings("compatible", ["arm,psci-1.0", "arm,psci-0.2"])
        # shikiri emulates PSCI for the partition's own vCPUs (HVC); bare,
        # the board's firmware answers SMC.
        psci.set_strings("method", ["smc" if self.bare else "hvc"])

    def add_timer(self):
        t = self.out.add_child("timer")
        t.set_strings("compatible", ["arm,armv8-timer"])
        flags = IRQ_LEVEL_HIGH
        if self.version == 2:
            ncpu = self.part.vcpus
            flags |= ((1 << ncpu) - 1) << GICV2_PPI_CPU_SHIFT
        cells = []
        for ppi in TIMER_PPIS:
            cells += [GIC_PPI, ppi, flags]
        t.set_cells("interrupts", cells)
        t.set_empty("always-on")

    def add_vgic(self):
        self.gic_phandle = self.new_phandle()
        g = self.out.add_child(f"intc@{VGIC_DIST:x}")
        if self.version == 3:
            g.set_strings("compatible", ["arm,gic-v3"])
            g.set_cells("reg", _split(2, VGIC_DIST) + _split(2, VGIC_DIST_SIZE) +
                        _split(2, VGIC_V3_REDIST) +
                        _split(2, VGIC_V3_REDIST_STRIDE * self.part.vcpus))
            g.set_cells("#redistributor-regions", [1])
        else:
            g.set_strings("compatible", ["arm,cortex-a15-gic"])
            g.set_cells("reg", _split(2, VGIC_DIST) + _split(2, VGIC_DIST_SIZE) +
                        _split(2, VGIC_V2_CPU) + _split(2, VGIC_V2_CPU_SIZE))
        g.set_cells("#interrupt-cells", [3])
        g.set_cells("#address-cells", [0])
        g.set_empty("interrupt-controller")
        g.set_cells("phandle", [self.gic_phandle])

    def add_vpl011(self):
        clk = self.out.add_child("apb-pclk")
        ph = self.new_phandle()
        clk.set_strings("compatible", ["fixed-clock"])
        clk.set_cells("#clock-cells", [0])
        clk.set_cells("clock-frequency", [VPL011_CLOCK_HZ])
        clk.set_strings("clock-output-names", ["clk24mhz"])
        clk.set_cells("phandle", [ph])
        u = self.out.add_child(f"pl011@{VPL011:x}")
        u.set_strings("compatible", ["arm,pl011", "arm,primecell"])
        u.set_cells("reg", _split(2, VPL011) + _split(2, VPL011_SIZE))
        u.set_cells("interrupts", [GIC_SPI, VPL011_SPI, IRQ_LEVEL_HIGH])
        u.set_cells("clocks", [ph, ph])
        u.set_strings("clock-names", ["uartclk", "apb_pclk"])

    def add_pci(self):
        ecam, window = self.part.pci_ecam, self.part.pci_window
        limit = self.part.pci_window_limit
        end = window + PCI_REG_BARS_SIZE
        for ep in self.part.pci:
            if not window <= ep["guest"] < limit or ep["guest"] + ep["size"] > limit:
                raise DeriveError(ep["path"], f"guest 0x{ep['guest']:x} is outside the PCI "
                                  f"window 0x{window:x}-0x{limit - 1:x}")
            end = max(end, ep["guest"] + ep["size"])
        end = (end + PCI_WINDOW_ALIGN - 1) // PCI_WINDOW_ALIGN * PCI_WINDOW_ALIGN
        # Linux claims the whole window: no kept device may lie in it.
        for path, out in self.kept_paths.items():
            for a, s in reg_ranges(fdt_tree.find(self.board, path)):
                if a < end and window < a + s or a < ecam + PCI_ECAM_SIZE and ecam < a + s:
                    raise DeriveError(path, f"0x{a:x}+0x{s:x} overlaps the virtual PCI host "
                                      f"(window 0x{window:x}-0x{end - 1:x}, ECAM "
                                      f"0x{ecam:x}): move it with the partition's "
                                      "virtual-pci-window or virtual-pci-ecam")
        p = self.out.add_child(f"pcie@{ecam:x}")
        p.set_strings("compatible", ["pci-host-ecam-generic"])
        p.set_strings("device_type", ["pci"])
        p.set_cells("reg", _split(2, ecam) + _split(2, PCI_ECAM_SIZE))
        p.set_cells("bus-range", [0, 0])
        p.set_cells("#address-cells", [3])
        p.set_cells("#size-cells", [2])
        size = end - window
        p.set_cells("ranges", [PCI_SPACE_MEM32, 0, window, 0, window, 0, size])
        p.set_empty("dma-coherent")
        p.set_cells("#interrupt-cells", [1])
        p.set_cells("interrupt-map-mask", [0xF800, 0, 0, 7])
        imap = []
        for n, ep in enumerate(self.part.pci):
            if ep["doorbell"] < GIC_SPI_BASE:
                raise DeriveError(ep["path"], "a pci endpoint's doorbell must be an SPI")
            imap += [n << PCI_DEV_SHIFT, 0, 0, 1, self.gic_phandle,
                     GIC_SPI, ep["doorbell"] - GIC_SPI_BASE, IRQ_LEVEL_HIGH]
        p.set_cells("interrupt-map", imap)

    def add_aliases(self):
        board_aliases = fdt_tree.find(self.board, "/aliases")
        kept = {}
        for name, raw in (board_aliases.props.items() if board_aliases else []):
            target = raw.rstrip(b"\0").decode("ascii", "replace")
            if target in self.kept_paths:
                kept[name] = target
        if kept:
            a = self.out.add_child("aliases")
            for name, target in kept.items():
                a.set_strings(name, [target])

    def order_root(self):
        order = ["chosen", "aliases"]
        self.out.children.sort(key=lambda c: order.index(c.name) if c.name in order else len(order))

    # -- kept board nodes
    def keep_console_uart(self):
        chosen = fdt_tree.find(self.board, "/chosen")
        stdout = chosen.string("stdout-path") if chosen else None
        if not stdout:
            raise DeriveError("/chosen", "no stdout-path: which UART is the console?")
        target = stdout.split(":")[0]
        if not target.startswith("/"):
            aliases = fdt_tree.find(self.board, "/aliases")
            target = aliases.string(target) if aliases and target in aliases.props else None
        node = fdt_tree.find(self.board, target) if target else None
        if node is None:
            raise DeriveError("/chosen", f"stdout-path {stdout} names no node")
        self.keep(node, check_irqs=False)
        self.out.child("chosen").set_strings("stdout-path", [node.path()])

    def keep(self, node, dev=None, check_irqs=True):
        if node.path() in self.kept_paths:
            return
        status = node.string("status")
        if status not in (None, "okay", "ok"):
            raise DeriveError(node.path(), f"status is \"{status}\" in the board's DTB: the "
                              "board does not use this device")
        parent = self.copy_buses(node.parent)
        copy = parent.add_child(node.name)
        self.copy_device(node, copy, dev, check_irqs)
        self.kept_paths[node.path()] = copy

    def copy_buses(self, bus):
        """The output's copy of a bus above a kept node, made on first use."""
        if bus.parent is None:
            return self.out
        parent = self.copy_buses(bus.parent)
        existing = parent.child(bus.name)
        if existing is not None:
            return existing
        copy = parent.add_child(bus.name)
        copy.set_strings("compatible", ["simple-bus"])
        for p in BUS_PROPS:
            if p in bus.props:
                copy.props[p] = bus.props[p]
        if "ranges" not in bus.props:
            raise DeriveError(bus.path(), "no ranges: its children are not memory-mapped")
        return copy

    def copy_device(self, src, dst, dev, check_irqs):
        for name, value in src.props.items():
            if name in DROPPED_PROPS or DROPPED_PROP_RE.match(name):
                continue
            if name == "status":
                continue
            if name == "interrupts-extended":
                raise DeriveError(src.path(), "interrupts-extended is not supported; "
                                  "use interrupts with the GIC as parent")
            if name == "interrupt-parent":
                ph = src.u32(name)
                if ph not in (self.board_gic.u32("phandle"), self.board_gic.u32("linux,phandle")):
                    raise DeriveError(src.path(), "its interrupt parent is not the GIC")
                dst.set_cells(name, [self.gic_phandle])
                continue
            if name == "clocks":
                dst.set_cells(name, self.fixed_clock_refs(src))
                continue
            if name == "compatible":
                compat = [c for c in src.strings(name) if c not in FIRMWARE_COMPATIBLES]
                if not compat:
                    raise DeriveError(src.path(), "every compatible of the node needs "
                                      "firmware the partition may not call")
                dst.set_strings(name, compat)
                continue
            if name == "interrupts" and check_irqs:
                self.check_interrupts(src, dev)
            dst.props[name] = value
        if "interrupts" in src.props and "interrupt-parent" not in src.props:
            self.check_parent_is_gic(src)
        for c in src.children:
            self.copy_device(c, dst.add_child(c.name), dev, check_irqs)

    def check_parent_is_gic(self, node):
        n = node.parent
        while n is not None:
            ph = n.u32("interrupt-parent")
            if ph is not None:
                if self.phandles.get(ph) is not self.board_gic:
                    raise DeriveError(node.path(), "its interrupt parent is not the GIC")
                return
            n = n.parent

    def check_interrupts(self, node, dev):
        cells = node.cells("interrupts")
        if len(cells) % 3:
            raise DeriveError(node.path(), "interrupts is not a list of <type number flags>")
        for i in range(0, len(cells), 3):
            kind, num = cells[i], cells[i + 1]
            if kind != GIC_SPI:
                raise DeriveError(node.path(), f"interrupt {i // 3} is not an SPI")
            intid = num + GIC_SPI_BASE
            if dev is not None and intid not in dev["interrupts"]:
                raise DeriveError(node.path(), f"uses INTID {intid} (SPI {num}), which "
                                  f"{dev['path']} does not list in its interrupts")

    def fixed_clock_refs(self, node):
        cells = node.cells("clocks")
        refs = []
        i = 0
        while i < len(cells):
            provider = self.phandles.get(cells[i])
            if provider is None:
                raise DeriveError(node.path(), f"clocks names phandle {cells[i]}, no such node")
            n = provider.u32("#clock-cells", 0)
            spec = cells[i + 1:i + 1 + n]
            i += 1 + n
            if provider.string("compatible") == "fixed-clock":
                key = (provider.path(), ())
                label = provider.name.split("@")[0]
                rate = provider.u32("clock-frequency")
            else:
                key = (provider.path(), tuple(spec))
                table = {}
                for compat in provider.strings("compatible") or []:
                    table = CLOCK_RATES.get(compat, table)
                if len(spec) != 1 or spec[0] not in table:
                    raise DeriveError(node.path(), f"clock <{' '.join(map(str, spec))}> of "
                                      f"{provider.path()} has no rate in CLOCK_RATES "
                                      "(tools/partition_dt.py)")
                label, rate = table[spec[0]]
            if key not in self.fixed_clocks:
                self.fixed_clocks[key] = self.add_fixed_clock(label, rate)
            refs.append(self.fixed_clocks[key])
        return refs

    def add_fixed_clock(self, label, rate):
        ph = self.new_phandle()
        c = self.out.add_child(f"clock-{label}")
        c.set_strings("compatible", ["fixed-clock"])
        c.set_cells("#clock-cells", [0])
        c.set_cells("clock-frequency", [rate])
        c.set_strings("clock-output-names", [label])
        c.set_cells("phandle", [ph])
        return ph


def derive(board_blob, cfg_root, partition, bare=False):
    board = fdt_tree.parse(board_blob)
    part = Partition(cfg_root, partition)
    return fdt_tree.serialize(Builder(board, part, bare).build())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--board", required=True, help="the board's DTB (Debian's)")
    ap.add_argument("--config", required=True, help="the system configuration (.dts or .dtb)")
    ap.add_argument("--partition", required=True, help="the Linux partition's name")
    ap.add_argument("--bare", action="store_true",
                    help="for booting without the hypervisor: the board's GIC, UART and PSCI")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args(argv)
    try:
        with open(args.board, "rb") as f:
            blob = f.read()
        out = derive(blob, load_config(args.config), args.partition, args.bare)
    except (DeriveError, FdtError, OSError) as e:
        where = args.board if isinstance(e, FdtError) else ""
        print(f"partition_dt: {where + ': ' if where else ''}{e}", file=sys.stderr)
        return 1
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
