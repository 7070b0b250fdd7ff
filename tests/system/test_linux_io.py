"""Linux with a virtio disk and a virtio network card (issue 19, point 3):
Debian's kernel and the partition's initramfs, which loads the stock
virtio_pci, virtio_blk, virtio_net and ext4 modules when the devices are on
the PCI bus, mounts the disk on /mnt and takes an address with udhcpc
(guests/linux/initramfs/init) — bare on QEMU virt, and in a partition that
owns virt's PCIe host beside the RTOS (configs/qemu-virt-io.dts), its DMA
translated by the SMMUv3 with the partition's own stage 2.

The bare checks are in run_io_checks(), which takes the QEMU command line;
the file transfers both ways are network_checks(), shared by both.

Interrupts are INTx (pci=nomsi): a partition gets neither an ITS nor a
GICv2m frame, so the legacy PCI interrupts (virt's interrupt-map, SPIs 3..6)
are what works the same bare and in a partition, and on both GICs.

Network: -netdev user,restrict=on (the guest reaches nothing outside QEMU)
with one guestfwd to the test's server on the host's 127.0.0.1; no hostfwd,
no DNS. A test checks that the host is not reachable any other way."""

import hashlib
import os
import shutil
import subprocess
import sys

import pexpect
import pytest

from conftest import DEFAULT_TIMEOUT, QEMU, ROOT, build_path, config_image, make_run
from loopback_server import LoopbackServer
from test_linux import LinuxShell

PROMPT = r"shikiri-linux:/root# "
DONE = "@@done@@"
DONE_TYPED = "@@do''ne@@"
BOOT_TIMEOUT = max(DEFAULT_TIMEOUT, 180)
CMD_TIMEOUT = max(DEFAULT_TIMEOUT, 120)

# Where the guest finds the server: an address in QEMU's user network that
# only the guestfwd answers (slirp's 10.0.2.0/24; .2 gateway, .3 DNS, .15
# the guest).
SERVER_ADDR = "10.0.2.100"
SERVER_PORT = 80
PAYLOAD_SIZE = 256 * 1024
UPLOAD_KIB = 192
DISK_KIB = 512
# busybox 1.35's wget -T crashes (SIGSEGV) in Debian's static build: the
# commands are bounded by timeout(1) instead. Its wget --post-file sends the
# file only up to its first NUL byte: the upload is a hand-made HTTP request
# through nc.
RELAY = os.path.join(os.path.dirname(os.path.abspath(__file__)), "loopback_server.py")


# QEMU's virtio devices send their DMA through the SMMU only with
# iommu_platform=on (VIRTIO_F_ACCESS_PLATFORM, which a legacy or
# transitional device cannot offer, hence disable-legacy=on); without it
# they write guest-physical addresses straight into physical memory, past
# any SMMU (QEMU's virtio_bus_device_iommu_enabled) —
# something real bus masters cannot do.
BEHIND_SMMU = ",disable-legacy=on,iommu_platform=on"


def io_device_args(disk, server_port, device_opts=""):
    """The virtio disk and network card: QEMU arguments."""
    guestfwd = (f"tcp:{SERVER_ADDR}:{SERVER_PORT}-cmd:{sys.executable} {RELAY} "
                f"relay {server_port}")
    assert "," not in guestfwd, "QEMU would split the guestfwd option at a comma"
    return ["-device", f"virtio-blk-pci,drive=d0{device_opts}",
            "-drive", f"if=none,id=d0,file={disk},format=raw",
            "-device", f"virtio-net-pci,netdev=n0{device_opts}",
            "-netdev", f"user,id=n0,restrict=on,guestfwd={guestfwd}"]


def bare_command(gic, disk, server_port):
    """Debian's kernel and the initramfs bare on QEMU virt (EL1, 2 CPUs,
    256 MiB), the partition's bootargs plus pci=nomsi."""
    bootargs = subprocess.run(
        ["fdtget", "-t", "s", build_path("linux", "linux.dtb"), "/chosen",
         "bootargs"], capture_output=True, text=True, check=True,
        timeout=30).stdout.strip()
    return [QEMU, "-M", f"virt,gic-version={gic}", "-cpu", "cortex-a53",
            "-smp", "2", "-m", "256M", "-nographic",
            "-kernel", build_path("debian", "Image"),
            "-initrd", build_path("linux", "initramfs.cpio.gz"),
            "-append", f"{bootargs} pci=nomsi"] + io_device_args(disk, server_port)


class Console:
    def __init__(self, argv):
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=BOOT_TIMEOUT)
        self.boot_log = ""

    def boot(self):
        self.child.expect(PROMPT)
        self.boot_log = self.child.before
        # Kernel messages would land in the middle of the commands' output.
        self.run("dmesg -n 1")

    def run(self, command, timeout=CMD_TIMEOUT):
        self.child.send(f"{command}; echo {DONE_TYPED}\r")
        self.child.expect(rf"\n{DONE}\r", timeout=timeout)
        lines = [l.strip() for l in self.child.before.splitlines()]
        return [l for l in lines if l and DONE_TYPED not in l]

    def value(self, command, key):
        """Runs command, which prints KEY=value, and returns the value."""
        lines = self.run(command)
        for line in lines:
            if line.startswith(f"{key}="):
                return line[len(key) + 1:]
        raise AssertionError(f"{command!r} printed no {key}=: {lines}")

    def close(self):
        self.child.terminate(force=True)


def disk_file(image, path):
    """The bytes of path in the ext4 image, read on the host (debugfs, no
    mount)."""
    out = subprocess.run([shutil.which("debugfs") or "/sbin/debugfs", "-R",
                          f"cat {path}", image], capture_output=True,
                         timeout=60, check=True)
    return out.stdout


@pytest.fixture
def disk(tmp_path):
    path = tmp_path / "disk.img"
    shutil.copyfile(build_path("linux", "disk.img"), path)
    return str(path)


def network_checks(value, srv, payload):
    """A file both ways through the guestfwd, with checksums. value(command,
    key) runs a guest command that prints KEY=value and returns the value."""
    # Host to guest.
    got = value(f"timeout 60 wget -q -O /tmp/payload http://{SERVER_ADDR}/payload && "
                "echo SUM=$(sha256sum /tmp/payload)", "SUM")
    assert got.split()[0] == hashlib.sha256(payload).hexdigest()

    # Guest to host: the server answers with the SHA-256 it received. Each
    # command stays well under the 256 characters the hypervisor's console
    # queues for a partition (hypervisor/core/console.h): a longer one typed
    # while the guest is slow to read would lose characters.
    sent = value(f"dd if=/dev/urandom of=/tmp/up bs=1024 count={UPLOAD_KIB} 2>/dev/null && "
                 "echo SUM=$(sha256sum /tmp/up)", "SUM").split()[0]
    answer = value(
        "echo GOT=$({ printf 'POST /upload HTTP/1.0\\r\\nContent-Length: %s\\r\\n\\r\\n' "
        f"$(wc -c </tmp/up); cat /tmp/up; }} | timeout 60 nc {SERVER_ADDR} {SERVER_PORT} | tail -n 1)",
        "GOT")
    assert len(srv.uploads) == 1
    assert hashlib.sha256(srv.uploads[0]).hexdigest() == sent == answer


def run_io_checks(make_command, disk):
    """Boots the command make_command(disk, server_port) gives, checks the
    network both ways and writes a file on the disk; powers off, finds the
    file on the host, then boots the command again and finds it in Linux."""
    payload = os.urandom(PAYLOAD_SIZE)
    with LoopbackServer(payload) as srv:
        con = Console(make_command(disk, srv.port))
        try:
            con.boot()
            log = con.boot_log
            assert "virtio disk found, /dev/vda mounted on /mnt" in log, log
            assert "virtio network found, eth0 has 10.0.2." in log, log

            # INTx: both devices' interrupts are GIC SPIs, no MSI domain.
            irqs = con.run("cat /proc/interrupts")
            virtio = [l for l in irqs if "virtio" in l]
            assert len(virtio) == 2 and all("GIC" in l and "Level" in l for l in virtio), irqs
            assert not any("MSI" in l for l in irqs), irqs

            network_checks(con.value, srv, payload)

            # The disk: write, sync, power off; the host reads the file back.
            wrote = con.value(
                f"dd if=/dev/urandom of=/mnt/written bs=1024 count={DISK_KIB} 2>/dev/null && "
                "sync && echo SUM=$(sha256sum /mnt/written)", "SUM").split()[0]
            con.child.send("poweroff\r")
            con.child.expect(pexpect.EOF, timeout=CMD_TIMEOUT)
        finally:
            con.close()
    data = disk_file(disk, "/written")
    assert len(data) == DISK_KIB * 1024
    assert hashlib.sha256(data).hexdigest() == wrote

    # Booted again on the same disk, Linux finds the file unchanged.
    with LoopbackServer(payload) as srv:
        con = Console(make_command(disk, srv.port))
        try:
            con.boot()
            again = con.value("echo SUM=$(sha256sum /mnt/written)", "SUM").split()[0]
            assert again == wrote
            con.child.send("poweroff\r")
            con.child.expect(pexpect.EOF, timeout=CMD_TIMEOUT)
        finally:
            con.close()


@pytest.mark.parametrize("gic", [3, 2])
def test_bare_linux_virtio_disk_and_network(disk, gic):
    run_io_checks(lambda d, port: bare_command(gic, d, port), disk)


def test_bare_linux_user_network_reaches_only_the_guestfwd(disk):
    """restrict=on: the host's loopback server is not reachable through
    slirp's gateway (10.0.2.2 is the host's 127.0.0.1 without restrict) nor
    is any outside address (restricted, slirp's DHCP offers no router either);
    only the guestfwd is."""
    payload = b"reachable only through the guestfwd\n"
    with LoopbackServer(payload) as srv:
        con = Console(bare_command(3, disk, srv.port))
        try:
            con.boot()
            ok = con.value(f"timeout 60 wget -q -O - http://{SERVER_ADDR}/payload >/dev/null "
                           "&& echo R=ok || echo R=failed", "R")
            assert ok == "ok"
            for url in (f"http://10.0.2.2:{srv.port}/payload", "http://1.1.1.1/"):
                r = con.value(f"timeout 10 wget -q -O - {url} >/dev/null "
                              "&& echo R=ok || echo R=failed", "R")
                assert r == "failed", url
        finally:
            con.close()


# ---- Linux in a partition that owns virt's PCIe host (configs/qemu-virt-io.dts) ----

# The SMMUv3 in front of the PCIe host, stage 2 (QEMU 10): the partition's
# streams are translated by its own stage 2.
SMMU = ["-M", "virt,iommu=smmuv3", "-global", "arm-smmuv3.stage=2"]
IO_CONFIG = {3: "qemu-virt-io", 2: "qemu-virt-io-gicv2"}


def expect_io_up(q):
    """The initramfs found both devices: the disk mounted, an address."""
    q.expect(r"\[linux\] shikiri-linux: virtio disk found, /dev/vda mounted on /mnt\r")
    q.expect(r"\[linux\] shikiri-linux: virtio network found, eth0 has 10\.0\.2\.\d+ "
             r"from udhcpc\r")


def partition_io_command(gic, disk, server_port):
    return IO_CONFIG[gic], SMMU + io_device_args(disk, server_port, BEHIND_SMMU)


@pytest.mark.parametrize("gic", [3, 2])
def test_partition_linux_virtio_disk_and_network(qemu, disk, gic):
    """Linux in a partition drives the physical virtio disk and network card
    (DMA through the SMMU with the partition's stage 2, INTx) beside the
    RTOS, reaching the RTOS over its channel on the moved virtual PCI host;
    the file written before the partition restarts is there after it, and
    on the host."""
    payload = os.urandom(PAYLOAD_SIZE)
    with LoopbackServer(payload) as srv:
        config, extra = partition_io_command(gic, disk, srv.port)
        q = qemu(config_image(config), gic=gic, extra=extra)
        sh = LinuxShell(q)

        def value(command, key):
            for line in sh.run(command, timeout=CMD_TIMEOUT):
                if line.startswith(f"{key}="):
                    return line[len(key) + 1:]
            raise AssertionError(f"{command!r} printed no {key}=")

        # Both virtio functions are on bus 0 (requester IDs 0x08, 0x10).
        q.expect(r"\[shikiri\] SMMUv3: partition 'linux' streams 0x0\.\.0xff\r")
        q.expect(r"\[linux\] shikiri-linux: sent 'hello from Linux' on link, the peer "
                 r"answered 'hello from Linux'")
        expect_io_up(q)
        sh.wait_for_init()
        sh.run("dmesg -n 1")

        irqs = sh.run("cat /proc/interrupts")
        virtio = [l for l in irqs if "virtio" in l]
        assert len(virtio) == 2 and all("GIC" in l and "Level" in l for l in virtio), irqs
        assert not any("MSI" in l for l in irqs), irqs

        network_checks(value, srv, payload)

        wrote = value(f"dd if=/dev/urandom of=/mnt/written bs=1024 count={DISK_KIB} "
                      "2>/dev/null && sync && echo SUM=$(sha256sum /mnt/written)",
                      "SUM").split()[0]
        q.send("reboot\r")
        q.expect(r"\[shikiri\] partition 'linux' restarting "
                 r"\(guest called PSCI SYSTEM_RESET\), restart #1")
        expect_io_up(q)
        sh.wait_for_init()
        assert value("echo SUM=$(sha256sum /mnt/written)", "SUM").split()[0] == wrote
        q.close()
    data = disk_file(disk, "/written")
    assert hashlib.sha256(data).hexdigest() == wrote


def test_make_run_io_reaches_linux_with_its_disk_and_network(tmp_path):
    """`make run-io` as a user types it: a copy of the disk image is made,
    the system boots, Linux mounts the disk, takes an address and reaches
    its prompt beside the RTOS."""
    disk = tmp_path / "disk.img"
    with make_run(["run-io", f"RUN_IO_DISK={disk}"],
                  (r"make run-io: Linux's disk is a copy of \S+disk\.img: ",
                   r"Booting \S+qemu-virt-io\.img with the disk "),
                  (r"\[rtos\] rtos: demo on shikiri",
                   r"\[linux\] shikiri-linux: virtio disk found, /dev/vda mounted on /mnt",
                   r"\[linux\] shikiri-linux: virtio network found, eth0 has 10\.0\.2\.",
                   r"\[linux\] shikiri-linux:/root# "),
                  "make run-io"):
        assert disk.stat().st_size == os.path.getsize(build_path("linux", "disk.img"))


def test_io_config_without_moving_the_virtual_pci_host_is_refused(tmp_path):
    """The physical PCIe host's 32-bit window is where the channels'
    virtual host sits by default: without virtual-pci-window the packer
    refuses the system, naming the device, the virtual range and the
    property that moves it (the same validator runs at boot)."""
    with open(os.path.join(ROOT, "configs", "qemu-virt-io.dts")) as f:
        text = f.read()
    line = "virtual-pci-window = <0x0 0x60000000 0x0 0x01000000>;"
    assert line in text
    cfg = tmp_path / "io-unmoved.dts"
    cfg.write_text(text.replace(line, "").replace("0x60100000", "0x10100000"))
    r = subprocess.run([build_path("tools", "shikiri-pack"), "--check",
                        "-I", build_path("rtos"), "-I", build_path("linux"),
                        "-I", build_path("debian"), str(cfg)],
                       capture_output=True, text=True, timeout=60)
    out = r.stdout + r.stderr
    assert r.returncode != 0, out
    assert ("/partitions/linux/devices/pcie-mmio: guest range 0x10000000-0x3efeffff "
            "overlaps the channel devices' register BARs (0x10000000-0x1000ffff): "
            "move them with the partition's virtual-pci-window") in out, out
    # The channel's memory BAR, in the default window now, lies on the
    # physical window too.
    assert ("/channels/link/linux: guest range 0x10100000-0x1010ffff overlaps "
            "/partitions/linux/devices/pcie-mmio") in out, out
