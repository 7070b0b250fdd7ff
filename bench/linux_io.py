"""The io workload of bench/run.py (`--only io`): the Linux partition's
virtio disk and network throughput, bare on QEMU virt and in shikiri
(configs/qemu-virt-io.dts, the devices behind the SMMUv3), same QEMU, same
kernel, initramfs, disk image and device options (tests/system/test_linux_io.py).

In the guest, with the guest's clock (/proc/uptime, 10 ms):
  disk write  dd of 32 MiB of zeros to /mnt with conv=fsync
  disk read   the same file back after dropping the page cache
  net down    an 8 MiB file from the loopback server (wget)
  net up      8 MiB to the loopback server (an HTTP POST through nc)
The network is QEMU's user network with restrict=on and one guestfwd to
the server on the host's 127.0.0.1 (tests/system/loopback_server.py).
"""
import os
import re
import shutil
import subprocess
import tempfile

from conftest import ConsoleSpawn
from loopback_server import LoopbackServer
from test_linux_io import (BEHIND_SMMU, SERVER_ADDR, SERVER_PORT, SMMU,
                           io_device_args)

IO_SETUPS = ("bare", "shikiri")
DISK_MIB = 32
NET_MIB = 8
PROMPT = r"shikiri-linux:/root# "
DONE = "@@done@@"
DONE_TYPED = "@@do''ne@@"
TIMEOUT = 600


def io_cmd(build, setup, disk, port, icount):
    """qemu-system-aarch64 arguments (without the program)."""
    extra = ["-icount", "shift=0,sleep=off"] if icount else []
    devices = io_device_args(disk, port, BEHIND_SMMU)
    if setup == "bare":
        return (["-M", "virt,gic-version=3", "-cpu", "cortex-a53", "-smp", "2",
                 "-m", "256M", "-nographic", "-kernel", f"{build}/debian/Image",
                 "-initrd", f"{build}/linux/initramfs.cpio.gz",
                 "-append", bootargs(build)] + extra + devices)
    return (["-M", "virt,virtualization=on,gic-version=3", "-cpu", "cortex-a53",
             "-smp", "4", "-m", "1G", "-nographic", "-kernel",
             f"{build}/configs/qemu-virt-io.img"] + SMMU + extra + devices)


def bootargs(build):
    """The partition's bootargs (guests/linux/linux-io.dtsi, pci=nomsi
    included), for the bare run of the same kernel."""
    return subprocess.run(["fdtget", "-t", "s", f"{build}/linux/linux-io.dtb",
                           "/chosen", "bootargs"], capture_output=True,
                          text=True, check=True, timeout=30).stdout.strip()


class Shell:
    def __init__(self, qemu, args):
        self.child = ConsoleSpawn(qemu, args, encoding="utf-8",
                                  codec_errors="replace", timeout=TIMEOUT)

    def run(self, command):
        self.child.send(f"{command}; echo {DONE_TYPED}\r")
        self.child.expect(rf"{DONE}\r")
        return self.child.before

    def value(self, command, key):
        m = re.search(rf"{key}=([0-9.]+)", self.run(command))
        if not m:
            raise RuntimeError(f"{command!r} printed no {key}=")
        return float(m.group(1))

    def close(self):
        self.child.terminate(force=True)


def timed(sh, command):
    """Guest seconds command takes (/proc/uptime before and after)."""
    return sh.value(f"a=$(cut -d' ' -f1 /proc/uptime); {command}; "
                    "b=$(cut -d' ' -f1 /proc/uptime); "
                    "echo T=$(echo \"$b $a\" | awk '{print $1 - $2}')", "T")


def rate(mib, seconds):
    """MiB/s; the guest clock ticks in 10 ms, so at least one tick."""
    return mib / max(seconds, 0.01)


def run_once(qemu, build, setup, icount):
    """{figure: MB/s} of one boot of setup."""
    payload = os.urandom(NET_MIB << 20)
    tmp = tempfile.mkdtemp(prefix="sk-bench-io-")
    disk = os.path.join(tmp, "disk.img")
    shutil.copyfile(f"{build}/linux/disk.img", disk)
    try:
        with LoopbackServer(payload) as srv:
            sh = Shell(qemu, io_cmd(build, setup, disk, srv.port, icount))
            try:
                sh.child.expect(r"shikiri-linux: init reached")
                sh.child.expect(PROMPT)
                sh.child.send("\r")
                sh.child.expect(PROMPT)
                sh.run("dmesg -n 1")
                w = timed(sh, f"dd if=/dev/zero of=/mnt/bench bs=1M count={DISK_MIB} "
                              "conv=fsync 2>/dev/null")
                sh.run("sync; echo 3 > /proc/sys/vm/drop_caches")
                r = timed(sh, "dd if=/mnt/bench of=/dev/null bs=1M 2>/dev/null")
                d = timed(sh, f"timeout 300 wget -q -O /dev/null http://{SERVER_ADDR}/payload")
                u = timed(sh, "{ printf 'POST /upload HTTP/1.0\\r\\nContent-Length: "
                              f"{NET_MIB << 20}\\r\\n\\r\\n'; dd if=/dev/zero bs=1M "
                              f"count={NET_MIB} 2>/dev/null; }} | timeout 300 nc "
                              f"{SERVER_ADDR} {SERVER_PORT} >/dev/null")
                if len(srv.uploads) != 1 or len(srv.uploads[0]) != NET_MIB << 20:
                    raise RuntimeError("the upload did not arrive whole")
            finally:
                sh.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"disk write": rate(DISK_MIB, w), "disk read": rate(DISK_MIB, r),
            "net down": rate(NET_MIB, d), "net up": rate(NET_MIB, u)}
