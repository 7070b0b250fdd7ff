"""tools/partition_dt.py on a small board and configuration (host only,
part of `make unit`): what the derived tree keeps, adds and drops, and the
errors that name the node."""
import importlib.util
import os
import subprocess
import textwrap

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOLS = os.path.join(ROOT, "tools")


def _load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(TOOLS, name + ".py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


fdt_tree = _load("fdt_tree")
pdt = _load("partition_dt")

# A board in the shape of Debian's imx8mp-evk.dtb: a GICv3 and two UARTs and
# an SD host on a bus inside soc@0 (1-cell addresses), a clock controller the
# devices reference, a pin controller, a power domain, a GPIO, a regulator.
BOARD = """
/dts-v1/;
/ {
	compatible = "fsl,imx8mp-evk", "fsl,imx8mp";
	#address-cells = <2>;
	#size-cells = <2>;
	interrupt-parent = <&gic>;
	aliases { mmc1 = "/soc@0/bus@30800000/mmc@30b50000"; serial1 = &uart2; serial0 = &uart1; };
	chosen { stdout-path = &uart2; };
	cpus {
		#address-cells = <1>; #size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a53"; reg = <0>; clocks = <&clk 287>; };
		cpu@1 { device_type = "cpu"; compatible = "arm,cortex-a53"; reg = <1>; };
	};
	psci { compatible = "arm,psci-1.0"; method = "smc"; };
	osc: clock-osc { compatible = "fixed-clock"; #clock-cells = <0>; clock-frequency = <32768>; };
	reg_sd: regulator-sd { compatible = "regulator-fixed"; };
	soc@0 {
		compatible = "fsl,imx8mp-soc", "simple-bus";
		#address-cells = <1>; #size-cells = <1>;
		ranges = <0x0 0x0 0x0 0x3e000000>;
		nvmem-cells = <&osc>;
		bus@30300000 {
			compatible = "fsl,aips-bus", "simple-bus";
			reg = <0x30300000 0x400000>;
			#address-cells = <1>; #size-cells = <1>;
			ranges;
			clk: clock-controller@30380000 {
				compatible = "fsl,imx8mp-ccm"; reg = <0x30380000 0x10000>;
				#clock-cells = <1>; interrupts = <0 85 4>;
			};
			pd: power-controller@303a0000 { compatible = "fsl,imx8mp-gpc"; reg = <0x303a0000 0x1000>; #power-domain-cells = <1>; };
			pinctrl@30330000 {
				compatible = "fsl,imx8mp-iomuxc"; reg = <0x30330000 0x10000>;
				pins_sd: sd { fsl,pins = <1 2 3>; };
			};
			gpio: gpio@30200000 { compatible = "fsl,imx8mp-gpio"; reg = <0x30200000 0x10000>; gpio-controller; #gpio-cells = <2>; };
		};
		bus@30800000 {
			compatible = "fsl,aips-bus", "simple-bus";
			reg = <0x30800000 0x400000>;
			#address-cells = <1>; #size-cells = <1>;
			ranges;
			uart1: serial@30860000 { compatible = "fsl,imx8mp-uart"; reg = <0x30860000 0x10000>; interrupts = <0 26 4>; clocks = <&clk 251>, <&clk 251>; clock-names = "ipg", "per"; };
			uart2: serial@30890000 { compatible = "fsl,imx8mp-uart"; reg = <0x30890000 0x10000>; interrupts = <0 27 4>; clocks = <&clk 252>, <&clk 252>; clock-names = "ipg", "per"; };
			mmc@30b50000 {
				compatible = "fsl,imx8mp-usdhc", "fsl,imx7d-usdhc";
				reg = <0x30b50000 0x10000>;
				interrupts = <0 23 4>;
				clocks = <&clk 110>, <&clk 95>, <&clk 258>;
				clock-names = "ipg", "ahb", "per";
				assigned-clocks = <&clk 137>; assigned-clock-rates = <400000000>;
				pinctrl-names = "default"; pinctrl-0 = <&pins_sd>;
				power-domains = <&pd 3>;
				cd-gpios = <&gpio 12 1>;
				vmmc-supply = <&reg_sd>;
				bus-width = <4>;
				status = "okay";
			};
			mmc@30b60000 { compatible = "fsl,imx8mp-usdhc"; reg = <0x30b60000 0x10000>; interrupts = <0 24 4>; status = "disabled"; };
			mmc@30b70000 { compatible = "fsl,imx8mp-usdhc"; reg = <0x30b70000 0x10000>; interrupts = <0 25 4>; clocks = <&clk 3>; };
		};
		gic: interrupt-controller@38800000 {
			compatible = "arm,gic-v3";
			reg = <0x38800000 0x10000>, <0x38880000 0xc0000>;
			#interrupt-cells = <3>; interrupt-controller;
			interrupts = <1 9 4>;
		};
	};
	timer { compatible = "arm,armv8-timer"; interrupts = <1 13 0x3f08>, <1 14 0x3f08>, <1 11 0x3f08>, <1 10 0x3f08>; };
	memory@40000000 { device_type = "memory"; reg = <0x0 0x40000000 0x0 0x80000000>; };
};
"""

# The same SD host as a ZynqMP board has it: its own clock provider, a
# compatible whose driver calls the firmware, 2-cell addresses, GICv2.
BOARD_V2 = """
/dts-v1/;
/ {
	#address-cells = <2>;
	#size-cells = <2>;
	firmware { zynqmp-firmware { compatible = "xlnx,zynqmp-firmware";
		zynqmp_clk: clock-controller { compatible = "xlnx,zynqmp-clk"; #clock-cells = <1>; }; }; };
	cpus { #address-cells = <1>; #size-cells = <0>;
		cpu@0 { device_type = "cpu"; compatible = "arm,cortex-a53"; reg = <0>; }; };
	axi {
		compatible = "simple-bus";
		#address-cells = <2>; #size-cells = <2>;
		ranges;
		gic: interrupt-controller@f9010000 {
			compatible = "arm,gic-400";
			reg = <0x0 0xf9010000 0x0 0x10000>, <0x0 0xf902f000 0x0 0x2000>;
			#interrupt-cells = <3>; interrupt-controller;
		};
		mmc@ff170000 {
			compatible = "xlnx,zynqmp-8.9a", "arasan,sdhci-8.9a";
			interrupt-parent = <&gic>;
			interrupts = <0 49 4>;
			reg = <0x0 0xff170000 0x0 0x1000>;
			clocks = <&zynqmp_clk 55>, <&zynqmp_clk 31>;
			clock-names = "clk_xin", "clk_ahb";
			#clock-cells = <1>;
			resets = <&zynqmp_clk 1>;
			iommus = <&gic 0x871>;
		};
	};
};
"""

CONFIG = """
/dts-v1/;
/ {
	compatible = "shikiri,system-v1";
	partitions {
		linux {
			cpus = <0 1>;
			console = "pl011";
			dma = "unrestricted";
			memory { ram { phys = <0x0 0x50000000>; guest = <0x0 0x50000000>; size = <0x0 0x10000000>; }; };
			devices { %(devices)s };
			images { kernel { file = "Image"; load = <0x0 0x50200000>; }; };
		};
		rtos { cpus = <2>; memory { ram { phys = <0x0 0x60000000>; guest = <0x0 0x40000000>; size = <0x0 0x1000000>; }; }; };
	};
	channels {
		link {
			phys = <0x0 0x65000000>; size = <0x10000>;
			linux { guest = <0x0 %(chan_guest)s>; rights = "read", "write", "notify"; doorbell = <48>; interface = "pci"; };
			rtos { guest = <0x0 0x50000000>; rights = "read", "write", "notify"; doorbell = <48>; };
		};
	};
};
"""
SD = 'sd { phys = <0x0 0x30b50000>; guest = <0x0 0x30b50000>; size = <0x10000>; interrupts = <55>; dma = "capable"; };'
SD_V2 = "sd { phys = <0x0 0xff170000>; guest = <0x0 0xff170000>; size = <0x1000>; interrupts = <81>; };"


def dtc(source, tmp_path, name):
    src = tmp_path / (name + ".dts")
    src.write_text(textwrap.dedent(source))
    out = tmp_path / (name + ".dtb")
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", str(out), str(src)], check=True)
    return out.read_bytes()


def derive(tmp_path, board=BOARD, devices=SD, chan_guest="0x10100000", bare=False):
    blob = dtc(board, tmp_path, "board")
    cfg = fdt_tree.parse(dtc(CONFIG % {"devices": devices, "chan_guest": chan_guest},
                             tmp_path, "config"))
    return fdt_tree.parse(pdt.derive(blob, cfg, "linux", bare=bare))


def error_of(tmp_path, **kw):
    with pytest.raises(pdt.DeriveError) as e:
        derive(tmp_path, **kw)
    return str(e.value)


def node(tree, path):
    n = fdt_tree.find(tree, path)
    assert n is not None, path
    return n


SD_PATH = "/soc@0/bus@30800000/mmc@30b50000"


def test_fdt_round_trip_keeps_every_node_and_property(tmp_path):
    blob = dtc(BOARD, tmp_path, "board")
    tree = fdt_tree.parse(blob)
    again = fdt_tree.parse(fdt_tree.serialize(tree))
    assert [(n.path(), n.props) for n in tree.walk()] == \
        [(n.path(), n.props) for n in again.walk()]
    # dtc reads what we write.
    (tmp_path / "rt.dtb").write_bytes(fdt_tree.serialize(tree))
    subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dts", "-o", os.devnull,
                    str(tmp_path / "rt.dtb")], check=True)


def test_fdt_parse_refuses_what_is_not_a_dtb():
    with pytest.raises(fdt_tree.FdtError, match="magic"):
        fdt_tree.parse(b"\0" * 64)
    with pytest.raises(fdt_tree.FdtError, match="header"):
        fdt_tree.parse(b"\xd0\x0d")


def test_owned_device_kept_with_its_buses_and_nothing_else(tmp_path):
    t = derive(tmp_path)
    sd = node(t, SD_PATH)
    assert sd.strings("compatible") == ["fsl,imx8mp-usdhc", "fsl,imx7d-usdhc"]
    assert sd.cells("reg") == [0x30b50000, 0x10000]
    assert sd.cells("interrupts") == [0, 23, 4]
    assert sd.u32("bus-width") == 4
    bus = node(t, "/soc@0/bus@30800000")
    assert bus.strings("compatible") == ["simple-bus"]
    assert node(t, "/soc@0").cells("ranges") == [0, 0, 0, 0x3e000000]
    assert "nvmem-cells" not in node(t, "/soc@0").props
    # Dropped: other UARTs and SD hosts, the clock, power, pin and GPIO
    # controllers, the board's GIC, the regulator.
    for gone in ("/soc@0/bus@30800000/serial@30860000", "/soc@0/bus@30800000/serial@30890000",
                 "/soc@0/bus@30800000/mmc@30b60000", "/soc@0/bus@30800000/mmc@30b70000",
                 "/soc@0/bus@30300000", "/soc@0/interrupt-controller@38800000",
                 "/regulator-sd", "/clock-osc", "/memory@40000000"):
        assert fdt_tree.find(t, gone) is None, gone
    assert node(t, "/aliases").props == {"mmc1": (SD_PATH + "\0").encode()}


def test_board_compatible_is_not_kept(tmp_path):
    """SoC drivers that match the machine compatible would reach for
    controllers the partition does not own."""
    t = derive(tmp_path)
    assert t.strings("compatible") == ["shikiri,linux-partition"]


def test_owned_device_has_no_handle_on_shared_controllers(tmp_path):
    sd = node(derive(tmp_path), SD_PATH)
    for prop in ("pinctrl-names", "pinctrl-0", "power-domains", "cd-gpios", "vmmc-supply",
                 "assigned-clocks", "assigned-clock-rates", "status"):
        assert prop not in sd.props, prop


def test_owned_device_clocks_are_fixed_clocks_at_the_tables_rates(tmp_path):
    t = derive(tmp_path)
    sd = node(t, SD_PATH)
    handles = fdt_tree.phandles(t)
    rates = []
    for ph in sd.cells("clocks"):
        clk = handles[ph]
        assert clk.strings("compatible") == ["fixed-clock"]
        assert clk.u32("#clock-cells") == 0
        rates.append(clk.u32("clock-frequency"))
    assert rates == [66666666, 266666666, 400000000]
    # The only clock providers in the tree are fixed clocks.
    providers = [n for n in t.walk() if "#clock-cells" in n.props]
    assert all(n.strings("compatible") == ["fixed-clock"] for n in providers)


def test_partition_machine_memory_cpus_psci_timer(tmp_path):
    t = derive(tmp_path)
    assert node(t, "/memory@50000000").cells("reg") == [0, 0x50000000, 0, 0x10000000]
    cpus = [c for c in node(t, "/cpus").children]
    assert [c.u32("reg") for c in cpus] == [0, 1]
    assert all(c.string("enable-method") == "psci" for c in cpus)
    assert node(t, "/psci").string("method") == "hvc"
    assert node(t, "/timer").cells("interrupts") == [1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4]
    chosen = node(t, "/chosen")
    assert chosen.string("bootargs").startswith("console=ttyAMA0 earlycon=pl011,0x09000000")
    assert chosen.cells("linux,initrd-start") == [0, 0]
    assert chosen.cells("linux,initrd-end") == [0, 0]


def test_partition_sees_the_virtual_gicv3_and_everything_routes_to_it(tmp_path):
    t = derive(tmp_path)
    gic = node(t, "/intc@8000000")
    assert gic.strings("compatible") == ["arm,gic-v3"]
    # GICD 64 KiB, then 2 vCPUs' redistributors of 128 KiB each.
    assert gic.cells("reg") == [0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x40000]
    assert t.u32("interrupt-parent") == gic.u32("phandle")


def test_partition_console_is_the_virtual_pl011(tmp_path):
    t = derive(tmp_path)
    uart = node(t, "/pl011@9000000")
    assert uart.cells("interrupts") == [0, 1, 4]
    assert node(t, "/chosen").string("stdout-path") == "/pl011@9000000"


def test_pci_host_routes_each_pci_endpoint_to_its_doorbell(tmp_path):
    t = derive(tmp_path)
    pci = node(t, "/pcie@3f000000")
    gic = node(t, "/intc@8000000").u32("phandle")
    assert pci.cells("interrupt-map") == [0, 0, 0, 1, gic, 0, 48 - 32, 4]
    # The window covers the register BARs and the endpoint, and stops short
    # of the kept devices.
    assert pci.cells("ranges") == [0x02000000, 0, 0x10000000, 0, 0x10000000, 0, 0x200000]
    assert node(t, "/chosen").u32("linux,pci-probe-only") == 1


def test_pci_window_overlapping_a_kept_device_is_refused(tmp_path):
    msg = error_of(tmp_path, chan_guest="0x30b00000")
    assert SD_PATH in msg and "overlaps the virtual PCI host" in msg


def test_pci_host_moves_with_virtual_pci_ecam_and_window(tmp_path):
    """The partition's virtual-pci-ecam and virtual-pci-window (as when it
    owns a physical PCI host at the defaults) place the node and its
    window; an endpoint outside the moved window is refused."""
    moved = CONFIG.replace('console = "pl011";', 'console = "pl011"; '
                           'virtual-pci-ecam = <0x0 0x70000000>; '
                           'virtual-pci-window = <0x0 0x60000000 0x0 0x01000000>;')
    cfg = fdt_tree.parse(dtc(moved % {"devices": SD, "chan_guest": "0x60100000"},
                             tmp_path, "config"))
    t = fdt_tree.parse(pdt.derive(dtc(BOARD, tmp_path, "board"), cfg, "linux"))
    assert fdt_tree.find(t, "/pcie@3f000000") is None
    pci = node(t, "/pcie@70000000")
    assert pci.cells("reg") == [0, 0x70000000, 0, 0x100000]
    assert pci.cells("ranges") == [0x02000000, 0, 0x60000000, 0, 0x60000000, 0, 0x200000]
    cfg = fdt_tree.parse(dtc(moved % {"devices": SD, "chan_guest": "0x10100000"},
                             tmp_path, "config2"))
    with pytest.raises(pdt.DeriveError) as e:
        pdt.derive(dtc(BOARD, tmp_path, "board"), cfg, "linux")
    assert "outside the PCI window 0x60000000-0x60ffffff" in str(e.value)


def test_gicv2_board_gets_a_virtual_gicv2_and_cpu_masked_timer(tmp_path):
    t = derive(tmp_path, board=BOARD_V2, devices=SD_V2)
    gic = node(t, "/intc@8000000")
    assert gic.strings("compatible") == ["arm,cortex-a15-gic"]
    assert gic.cells("reg") == [0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x2000]
    assert node(t, "/timer").cells("interrupts")[2] == 0x304
    sd = node(t, "/axi/mmc@ff170000")
    assert sd.u32("interrupt-parent") == gic.u32("phandle")
    assert "resets" not in sd.props and "iommus" not in sd.props
    assert fdt_tree.find(t, "/firmware") is None


def test_compatible_needing_firmware_calls_is_removed(tmp_path):
    t = derive(tmp_path, board=BOARD_V2, devices=SD_V2)
    sd = node(t, "/axi/mmc@ff170000")
    assert sd.strings("compatible") == ["arasan,sdhci-8.9a"]
    # Its own clock outputs stay: Linux registers them, they drive nothing
    # shared.
    assert sd.u32("#clock-cells") == 1


def test_bare_keeps_the_boards_gic_console_and_smc(tmp_path):
    t = derive(tmp_path, bare=True)
    gic = node(t, "/soc@0/interrupt-controller@38800000")
    assert t.u32("interrupt-parent") == gic.u32("phandle")
    uart = node(t, "/soc@0/bus@30800000/serial@30890000")
    assert node(t, "/chosen").string("stdout-path") == uart.path()
    assert node(t, "/psci").string("method") == "smc"
    assert fdt_tree.find(t, "/pcie@3f000000") is None
    assert fdt_tree.find(t, "/pl011@9000000") is None
    assert fdt_tree.find(t, "/soc@0/bus@30800000/serial@30860000") is None


def test_device_with_no_node_at_its_address_is_refused(tmp_path):
    msg = error_of(tmp_path, devices="sd { phys = <0x0 0x30c00000>; guest = <0x0 0x30c00000>; "
                   "size = <0x10000>; };")
    assert "/partitions/linux/devices/sd" in msg and "no node" in msg


def test_device_disabled_on_the_board_is_refused(tmp_path):
    msg = error_of(tmp_path, devices="sd { phys = <0x0 0x30b60000>; guest = <0x0 0x30b60000>; "
                   "size = <0x10000>; interrupts = <56>; };")
    assert "/soc@0/bus@30800000/mmc@30b60000" in msg and "disabled" in msg


def test_interrupt_not_given_to_the_partition_is_refused(tmp_path):
    msg = error_of(tmp_path, devices=SD.replace("<55>", "<60>"))
    assert SD_PATH in msg and "INTID 55" in msg and "/partitions/linux/devices/sd" in msg


def test_clock_without_a_rate_in_the_table_is_refused(tmp_path):
    msg = error_of(tmp_path, devices="sd { phys = <0x0 0x30b70000>; guest = <0x0 0x30b70000>; "
                   "size = <0x10000>; interrupts = <57>; };")
    assert "/soc@0/bus@30800000/mmc@30b70000" in msg and "CLOCK_RATES" in msg


def test_device_moved_in_guest_space_is_refused(tmp_path):
    msg = error_of(tmp_path, devices=SD.replace("guest = <0x0 0x30b50000>",
                                                "guest = <0x0 0x20000000>"))
    assert "/partitions/linux/devices/sd" in msg and "physical address" in msg


def test_missing_partition_is_refused(tmp_path):
    blob = dtc(BOARD, tmp_path, "board")
    cfg = fdt_tree.parse(dtc(CONFIG % {"devices": SD, "chan_guest": "0x10100000"},
                             tmp_path, "config"))
    with pytest.raises(pdt.DeriveError, match="no partition nope"):
        pdt.derive(blob, cfg, "nope")


def test_command_line_writes_a_dtb_dtc_accepts_and_reports_errors(tmp_path):
    (tmp_path / "board.dts").write_text(BOARD)
    subprocess.run(["dtc", "-q", "-o", str(tmp_path / "board.dtb"), str(tmp_path / "board.dts")],
                   check=True)
    (tmp_path / "sys.dts").write_text(CONFIG % {"devices": SD, "chan_guest": "0x10100000"})
    tool = os.path.join(TOOLS, "partition_dt.py")
    out = tmp_path / "linux.dtb"
    r = subprocess.run(["/usr/bin/python3", tool, "--board", str(tmp_path / "board.dtb"),
                        "--config", str(tmp_path / "sys.dts"), "--partition", "linux",
                        "-o", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    # dtc finds nothing to warn about in the derived tree.
    r = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", "-o", os.devnull, str(out)],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    r = subprocess.run(["/usr/bin/python3", tool, "--board", str(tmp_path / "board.dtb"),
                        "--config", str(tmp_path / "sys.dts"), "--partition", "rtos2",
                        "-o", str(out)], capture_output=True, text=True, check=False)
    assert r.returncode == 1 and "no partition rtos2" in r.stderr
