"""The Linux partition's device tree derived from the board's DTB
(tools/partition_dt.py), proved on QEMU's i.MX 8M Plus EVK and ZCU102 models
by booting Debian's stock kernel BARE (no hypervisor) with the tree the tool
derives in --bare mode: the kept SD host controller node alone, its clocks
turned into fixed clocks and its pinctrl, power-domain, reset, GPIO and
regulator references removed, is enough for the stock driver (a module from
Debian's kernel package, loaded by the initramfs) to read and write an SD card
image the host prepared and checks after QEMU exits. Then the same in the
Linux partition of the board's demo system, beside the RTOS, with the
partition tree: Linux reads and writes the card and cannot reach the clock
controller the other partitions depend on."""
import hashlib
import os
import subprocess

import pexpect
import pytest

import boards
from conftest import BUILD, QEMU, ROOT, DEFAULT_TIMEOUT, build_path, config_image
from test_linux import LinuxShell

TOOL = os.path.join(ROOT, "tools", "partition_dt.py")
PROMPT = r"shikiri-linux:/root# "
DONE = "@@done@@"
DONE_TYPED = "@@do''ne@@"

SD_SIZE = 16 * 1024 * 1024     # QEMU's SD card wants a power of two
READ_SIZE = 1024 * 1024        # what Linux reads and checksums
WRITE_OFFSET = 1024 * 1024     # where Linux writes
WRITE_SIZE = 64 * 1024
WRITE_TEXT = b"written by Linux through the passed-through SD host\n"

# Per board: QEMU's machine, Debian's DTB, the demo system the Linux
# partition comes from, the driver of the SD host it owns (the slot QEMU
# puts the card in is boards.py's "sd": uSDHC2 on the EVK, SD1 on the
# ZCU102), and the block device Linux names it (the board's mmc alias).
BOARDS = {
    "imx8mp-evk": {
        "machine": ["-M", "imx8mp-evk", "-smp", "4", "-m", "2G"],
        # The console is UART2, QEMU's second serial port.
        "serial": ["-serial", "null", "-serial", "stdio"],
        "dtb": "imx8mp-evk.dtb",
        "config": os.path.join(ROOT, "configs", "imx8mp-evk-demo.dts"),
        "driver": "sdhci-esdhc-imx",
        "disk": "mmcblk1",
        # The Clock Control Module (RM chapter 5.1), which the derived tree
        # keeps from Linux and the configuration gives no partition.
        "clock_controller": 0x30380000,
    },
    "zcu102": {
        "machine": ["-M", "xlnx-zcu102,virtualization=on", "-m", "2G"],
        "serial": ["-serial", "stdio"],
        "dtb": "zynqmp-zcu102-rev1.0.dtb",
        "config": os.path.join(ROOT, "configs", "zcu102-demo.dts"),
        "driver": "sdhci-of-arasan",
        "disk": "mmcblk0",
        # CRL_APB, the low-power domain's clock and reset registers (UG1085
        # chapter 37; UG1087 "CRL_APB Module"), which the PMU firmware owns.
        "clock_controller": 0xff5e0000,
    },
}


def derive(board, bare, out):
    b = BOARDS[board]
    cmd = ["/usr/bin/python3", TOOL, "--board", build_path("debian", "dtbs", b["dtb"]),
           "--config", b["config"], "--partition", "linux", "-o", out]
    if bare:
        cmd.append("--bare")
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 0, r.stderr
    return out


def sd_pattern():
    line = b"shikiri SD test pattern, the host wrote this line %08d\n"
    out = bytearray()
    i = 0
    while len(out) < SD_SIZE:
        out += line % i
        i += 1
    return bytes(out[:SD_SIZE])


def sd_read_then_write(shell, dev, pattern):
    """Through shell (anything with run(cmd, timeout=)), Linux checksums the
    card's first READ_SIZE bytes against pattern, then writes WRITE_TEXT
    over WRITE_SIZE bytes at WRITE_OFFSET and syncs."""
    out = shell.run(f"dd if={dev} bs=65536 count={READ_SIZE // 65536} 2>/dev/null | md5sum")
    assert out and out[-1].split()[0] == hashlib.md5(pattern[:READ_SIZE]).hexdigest(), out
    shell.run(f"yes '{WRITE_TEXT.decode().strip()}' | head -c {WRITE_SIZE} | "
              f"dd of={dev} bs=4096 seek={WRITE_OFFSET // 4096} conv=fsync 2>/dev/null; sync",
              timeout=120)


def assert_sd_written(disk, pattern):
    """The image file after QEMU ended: exactly Linux's write, nothing else
    changed."""
    with open(disk, "rb") as f:
        after = f.read()
    expect = (WRITE_TEXT * (WRITE_SIZE // len(WRITE_TEXT) + 1))[:WRITE_SIZE]
    assert after[WRITE_OFFSET:WRITE_OFFSET + WRITE_SIZE] == expect
    assert after[:WRITE_OFFSET] == pattern[:WRITE_OFFSET]
    assert after[WRITE_OFFSET + WRITE_SIZE:] == pattern[WRITE_OFFSET + WRITE_SIZE:]


class BareLinux:
    """Debian's kernel alone on a board model, on its console UART."""

    def __init__(self, board, dtb, disk):
        b = BOARDS[board]
        args = b["machine"] + ["-display", "none", "-audio", "none", "-no-reboot",
                               "-icount", "shift=0,sleep=off"] + b["serial"] + [
            "-kernel", build_path("debian", "Image"),
            "-initrd", build_path("linux", "initramfs.cpio.gz"),
            "-dtb", dtb] + boards.sd_args(board, disk)
        self.child = pexpect.spawn(QEMU, args, encoding="utf-8", codec_errors="replace",
                                   timeout=DEFAULT_TIMEOUT)
        self.log = ""

    def expect(self, pattern, timeout=None):
        try:
            self.child.expect(pattern, timeout=timeout or DEFAULT_TIMEOUT)
        except (pexpect.TIMEOUT, pexpect.EOF) as exc:
            pytest.fail(f"did not see {pattern!r} ({type(exc).__name__}); console ended "
                        f"with:\n{(self.child.before or '')[-3000:]}")
        self.log += self.child.before + self.child.after
        return self.child.match

    def wait_for_init(self):
        self.expect(r"shikiri-linux: init reached", timeout=max(DEFAULT_TIMEOUT, 120))
        self.expect(PROMPT)
        self.child.send("\r")     # busybox's cursor query (see test_linux.py)
        self.expect(PROMPT)

    def run(self, command, timeout=None):
        self.child.send(f"{command}; echo {DONE_TYPED}\r")
        self.expect(rf"\n{DONE}\r*\n", timeout)
        lines = self.child.before.replace("\r", "").split("\n")
        # The output follows the echo of the command line (which the
        # terminal may have wrapped), the line that ends with DONE_TYPED.
        echo_end = max((i for i, l in enumerate(lines) if DONE_TYPED in l), default=-1)
        return [l for l in lines[echo_end + 1:] if l]

    def wait_for_disk(self, disk):
        """The card's block device (it may appear before or after the
        prompt), waited for at most 10 s of guest time."""
        out = self.run(f"i=0; while [ ! -b /dev/{disk} ] && [ $i -lt 100 ]; do sleep 0.1; "
                       f"i=$((i+1)); done; ls /dev/{disk}")
        assert f"/dev/{disk}" in out, self.log[-3000:]

    def power_off(self):
        self.child.send("poweroff -f\r")
        try:
            self.child.expect(pexpect.EOF, timeout=DEFAULT_TIMEOUT)
        except pexpect.TIMEOUT:
            pytest.fail("QEMU did not exit after poweroff -f")
        self.log += self.child.before or ""

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def bare_linux():
    runs = []

    def start(board, dtb, disk):
        run = BareLinux(board, dtb, disk)
        runs.append(run)
        return run

    yield start
    for run in runs:
        run.close()


@pytest.mark.parametrize("board", sorted(BOARDS))
def test_bare_linux_reads_and_writes_sd_through_the_derived_tree(bare_linux, board):
    work = os.path.join(BUILD, "tests", "linux-dt")
    os.makedirs(work, exist_ok=True)
    dtb = derive(board, True, os.path.join(work, f"{board}-bare.dtb"))
    disk = os.path.join(work, f"{board}-sd.img")
    pattern = sd_pattern()
    with open(disk, "wb") as f:
        f.write(pattern)
    b = BOARDS[board]
    q = bare_linux(board, dtb, disk)
    q.wait_for_init()
    assert f"shikiri-linux: SD host found, {b['driver']} loaded" in q.log
    q.wait_for_disk(b["disk"])
    sd_read_then_write(q, f"/dev/{b['disk']}", pattern)
    q.power_off()
    assert_sd_written(disk, pattern)


def test_bare_zcu102_sd_host_makes_no_firmware_call(bare_linux):
    """The derived tree binds the generic Arasan driver: no tap-delay calls to
    the ZynqMP firmware, which no partition may make (with the board's
    "xlnx,zynqmp-8.9a" the driver logs "Error setting Input Tap Delay" when it
    finds no firmware)."""
    work = os.path.join(BUILD, "tests", "linux-dt")
    os.makedirs(work, exist_ok=True)
    dtb = derive("zcu102", True, os.path.join(work, "zcu102-bare.dtb"))
    disk = os.path.join(work, "zcu102-fw.img")
    with open(disk, "wb") as f:
        f.truncate(SD_SIZE)
    q = bare_linux("zcu102", dtb, disk)
    q.wait_for_init()
    q.wait_for_disk("mmcblk0")
    out = q.run("dmesg | grep -c -i -e 'tap delay' -e zynqmp")
    assert out[-1] == "0", q.log[-3000:]


# The clocks Linux may know of with the derived tree: the fixed clocks the
# tool made (tools/partition_dt.py, CLOCK_RATES labels) and, on the ZCU102,
# the SD host's own outputs (its driver registers them; they gate nothing
# outside the controller).
EXPECTED_CLOCKS = {
    "imx8mp-evk": {"uart2-root", "ipg-root", "nand-usdhc-bus", "usdhc2-root"},
    "zcu102": {"uart0-ref", "lpd-lsbus", "sdio1-ref", "clk_out_sd1", "clk_in_sd1"},
}


@pytest.mark.parametrize("board", sorted(BOARDS))
def test_bare_linux_clock_tree_has_only_fixed_clocks(bare_linux, board):
    """Linux's clock framework (and so its unused-clock clean-up at boot)
    sees no clock controller: only the fixed clocks of the derived tree."""
    work = os.path.join(BUILD, "tests", "linux-dt")
    os.makedirs(work, exist_ok=True)
    dtb = derive(board, True, os.path.join(work, f"{board}-bare.dtb"))
    disk = os.path.join(work, f"{board}-clk.img")
    with open(disk, "wb") as f:
        f.truncate(SD_SIZE)
    q = bare_linux(board, dtb, disk)
    q.wait_for_init()
    q.wait_for_disk(BOARDS[board]["disk"])
    # One directory per registered clock.
    out = q.run("mount -t debugfs debugfs /sys/kernel/debug && "
                "for d in /sys/kernel/debug/clk/*/; do basename $d; done")
    names = {l.strip() for l in out if l.strip()}
    assert names == EXPECTED_CLOCKS[board], out


# The boards where the hypervisor runs Linux beside the RTOS: their demo
# systems (configs/<board>-demo.dts, whose Linux partition owns the SD host and
# boots with the tree derived from the board's DTB, build/linux/<board>-linux.dtb).
# On the i.MX 8M Plus EVK the hypervisor raises the guests' virtual IRQ itself
# (QEMU 10.0.2 does not wire the GIC's; docs/boards.md).
PARTITION_BOARDS = ("imx8mp-evk", "zcu102")


def boot_partition(qemu, board, disk_name, pattern):
    disk = os.path.join(BUILD, "tests", "linux-dt", disk_name)
    os.makedirs(os.path.dirname(disk), exist_ok=True)
    with open(disk, "wb") as f:
        f.write(pattern)
    q = qemu(config_image(f"{board}-demo"), board=board, icount=True,
             extra=boards.sd_args(board, disk))
    sh = LinuxShell(q)
    sh.wait_for_init()
    out = sh.run(f"i=0; while [ ! -b /dev/{BOARDS[board]['disk']} ] && [ $i -lt 100 ]; "
                 f"do sleep 0.1; i=$((i+1)); done; ls /dev/{BOARDS[board]['disk']}")
    assert f"/dev/{BOARDS[board]['disk']}" in out, out
    return q, sh, disk


def rtos_keeps_running(q):
    """The RTOS demo's next report: it runs on beside Linux."""
    q.expect(r"\[rtos\] ", timeout=60)


@pytest.mark.parametrize("board", PARTITION_BOARDS)
def test_linux_partition_reads_and_writes_sd_beside_the_rtos(qemu, board):
    pattern = sd_pattern()
    q, sh, disk = boot_partition(qemu, board, f"{board}-partition-sd.img", pattern)
    b = BOARDS[board]
    assert any(f"shikiri-linux: SD host found, {b['driver']} loaded" in l for l in q.log)
    sd_read_then_write(sh, f"/dev/{b['disk']}", pattern)
    rtos_keeps_running(q)
    # The RTOS never stops, so QEMU does not exit by itself: the write was
    # synced, end QEMU and read the image.
    q.close()
    q.child.wait()
    assert_sd_written(disk, pattern)


@pytest.mark.parametrize("board", PARTITION_BOARDS)
def test_linux_partition_cannot_reach_the_clock_controller(qemu, board):
    """The clock controller every partition depends on is not mapped into
    Linux: a read through /dev/mem faults, the hypervisor reports the
    partition's fault, Linux kills only the reading process and the RTOS
    keeps running."""
    q, sh, _disk = boot_partition(qemu, board, f"{board}-partition-ccm.img",
                                  bytes(SD_SIZE))
    addr = BOARDS[board]["clock_controller"]
    out = sh.run(f"devmem 0x{addr:x} 32; echo devmem-exit=$?")
    assert "devmem-exit=0" not in " ".join(out), out
    assert any("fault: partition 'linux' vCPU" in l and f"data read at 0x{addr:x}" in l
               and "external abort injected" in l for l in q.log), q.log[-5:]
    # Linux is still there, and so is the RTOS.
    assert sh.run("echo still-here") == ["still-here"]
    rtos_keeps_running(q)
