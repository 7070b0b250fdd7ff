"""Linux as the manager partition (docs/management.md): in `make run`'s
system (configs/qemu-virt-demo.dts, Linux marked `manager;`) Debian's
stock kernel finds the management function on its virtual PCI host, binds
uio_pci_generic to it, and shikiri-ctl in the initramfs lists, stops and
restarts the partitions, reads their statistics, the schedulers', the
audit log and the faults. A Linux that is no manager has no such device,
and the tool says so."""
import re

from test_linux import boot_linux
from test_rtos import expect_demo_report

LIST_HEADER = ["ID", "NAME", "STATE", "CPUS", "CLASS", "RESTARTS", "FAULTS",
               "DENIED", "UPTIME"]


def ctl_list(sh):
    """shikiri-ctl list as {name: {column: value}}."""
    out = sh.run("shikiri-ctl list")
    assert out and out[0].split() == LIST_HEADER, out
    rows = {}
    for line in out[1:]:
        f = line.split()
        # CLASS may be two words ("realtime 10").
        if f[4] == "realtime":
            f[4:6] = [f"realtime {f[5]}"]
        rows[f[1]] = dict(zip(LIST_HEADER, f))
    return rows


def test_the_demo_linux_finds_its_management_function(qemu):
    q, sh = boot_linux(qemu, "qemu-virt-demo")
    boot = "".join(q.log)
    # Function 0 of device 1, after the channel "link" (device 0): the
    # kernel's generic ECAM host enumerates it, init binds the stock driver.
    assert re.search(r"pci 0000:00:01\.0: \[5348:4d47\] type 00 class 0xff0000", boot)
    assert re.search(r"pci 0000:00:01\.0: BAR 0 \[mem 0x10001000-0x10001fff\]", boot)
    assert "shikiri-linux: this partition is a manager (try shikiri-ctl list)" in boot
    out = sh.run("readlink /sys/bus/pci/devices/0000:00:01.0/driver")
    assert out[-1].endswith("/bus/pci/drivers/uio_pci_generic"), out


def test_ctl_list_shows_every_partition(qemu):
    q, sh = boot_linux(qemu, "qemu-virt-demo")
    rows = ctl_list(sh)
    assert list(rows) == ["linux", "rtos"], rows
    linux, rtos = rows["linux"], rows["rtos"]
    assert (linux["ID"], linux["STATE"], linux["CPUS"]) == ("0", "running", "0,1")
    assert (rtos["ID"], rtos["STATE"], rtos["CPUS"]) == ("1", "running", "2")
    assert linux["CLASS"] == rtos["CLASS"] == "best-effort"
    assert rtos["RESTARTS"] == "0" and rtos["FAULTS"] == "0"
    assert re.fullmatch(r"\d+m\d\ds", rtos["UPTIME"]), rtos


def test_ctl_restart_rtos_brings_it_back(qemu):
    q, sh = boot_linux(qemu, "qemu-virt-demo")
    expect_demo_report(q, "[rtos] ")
    out = sh.run("shikiri-ctl restart rtos; echo rc=$?")
    assert out == ["shikiri-ctl: restarting 'rtos'", "rc=0"], out
    seen = "".join(q.log)
    if "partition 'rtos' restarting" not in seen:
        q.expect(r"\[shikiri\] partition 'rtos' restarting \(restarted by the "
                 r"manager\), restart #1\r")
    # It boots again from its pristine image and prints again.
    q.expect(r"\[rtos\] rtos: demo on shikiri\r")
    expect_demo_report(q, "[rtos] ", timeout=120)
    rows = ctl_list(sh)
    assert rows["rtos"]["RESTARTS"] == "1" and rows["rtos"]["STATE"] == "running"
    assert rows["linux"]["RESTARTS"] == "0"
