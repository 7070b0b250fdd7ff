"""Channels from stock Linux (docs/channels.md, "Linux"): Debian's kernel
finds each channel as a PCI device behind the virtual ECAM host, binds its
own uio_pci_generic, and user space (skchan, on libskchan) exchanges
messages with a bare-metal echo partition through the shared memory and
doorbells. skchan refuses to write a read-only channel, saying so; forced,
the write kills the writing process with SIGBUS, not Linux; a notify without
the right is refused and audited; the partition on no channel sees neither
the memory nor a PCI host. `skchan echo` is the peer of another partition's
exchange."""
import re

import pytest

from test_linux import DEMO_LATENESS_BOUND_NS, boot_linux
from test_rtos import check_demo_report, demo_reports_in

MESSAGES = 10000


def seen(q, pattern):
    """pattern in the console output so far, or waits for it."""
    if not re.search(pattern, "".join(q.log)):
        q.expect(pattern)


def test_linux_user_space_exchanges_messages_through_stock_drivers(qemu):
    q, sh = boot_linux(qemu, "tests/linux-channel")
    boot = "".join(q.log)
    # The kernel's generic ECAM host found both channel devices with their
    # BARs where the configuration put them, and init loaded the stock uio
    # driver.
    assert "PCI: OF: PROBE_ONLY enabled" in boot
    assert re.search(r"pci 0000:00:00\.0: \[5348:4348\] type 00 class 0xff0000", boot)
    assert re.search(r"pci 0000:00:00\.0: BAR 2 \[mem 0x10100000-0x1010ffff pref\]", boot)
    assert re.search(r"pci 0000:00:01\.0: BAR 2 \[mem 0x10110000-0x10110fff pref\]", boot)
    assert "channel devices found, uio_pci_generic loaded" in boot

    assert sh.run("skchan list") == [
        "board: id 1, pci 0000:00:01.0, partition 0 <-> 1, rights r, 4096 bytes",
        "link: id 0, pci 0000:00:00.0, partition 0 <-> 1, rights rwn, 65536 bytes",
        "2 channel(s)"]

    out = sh.run(f"skchan exchange link {MESSAGES}; echo rc=$?", timeout=300)
    m = [re.search(rf"exchange 'link': sent {MESSAGES}, received {MESSAGES}: 0 lost, "
                   r"0 duplicated or reordered, 0 corrupt; (\d+) waits, (\d+) doorbells", l)
         for l in out]
    m = [x for x in m if x]
    assert m, out
    assert int(m[0].group(2)) > 0, "no doorbell interrupt reached user space"
    assert out[-1] == "rc=0", out
    interrupts = " ".join(sh.run("grep uio_pci_generic /proc/interrupts"))
    assert re.search(r"\b[1-9]\d*\s+\d+\s+GICv3\s+48 Level\s+uio_pci_generic", interrupts), \
        interrupts

    # Read-only "board": reading works; skchan refuses what would write it
    # (a ring's read index too), saying why.
    assert sh.run("skchan peek board 0") == ["word 0: 0x00000000"]
    for command in ("poke board 0 0x1234", "send board hi", "recv board 10",
                    "echo board 1", "exchange board 1"):
        out = sh.run(f"skchan {command}; echo rc=$?")
        assert out[-1] == "rc=1", (command, out)
        assert re.search(r"skchan: channel 'board' is read-only for this partition "
                         r"\(rights r\): \w+.* would write its memory; only peek works",
                         out[0]), (command, out)
    # Forced, the write is stopped at stage 2. The hypervisor reports it,
    # Linux turns the external abort into SIGBUS for that process (exit
    # 128 + 7) and carries on.
    out = sh.run("skchan poke board 0 0x1234 force; echo rc=$?")
    assert "Bus error" in out and out[-1] == "rc=135", out
    assert re.search(r"\[shikiri\] fault: partition 'linux' vCPU\d: data write at "
                     r"0x10110000 .*external abort injected", "".join(q.log))
    assert sh.run("skchan peek board 0") == ["word 0: 0x00000000"]

    # No notify right on "board": the library says so; forced through the
    # doorbell register, the hypervisor refuses and audits it.
    out = sh.run("skchan notify board; echo rc=$?")
    assert out[-1] == "rc=1" and "no notify right" in out[0], out
    sh.run("skchan notify board force")
    assert re.search(r"\[shikiri\] audit #\d+: partition 'linux' denied notify on "
                     r"channel 1: endpoint without the notify right", "".join(q.log))
    assert sh.run("echo still here") == ["still here"]

    # The stranger, on no channel, has neither the memory nor a PCI host.
    log = "".join(q.log)
    assert "[stranger] stranger: channel info: -3" in log
    assert "[stranger] stranger: ring memory: 1 fault(s), 1 external abort(s)" in log
    assert "[stranger] stranger: pci config space: 1 fault(s)" in log


@pytest.mark.parametrize("config,gic,board", [
    ("qemu-virt-demo", 3, "virt"), ("qemu-virt-demo-gicv2", 2, "virt"),
    ("zcu102-demo", 2, "zcu102"), ("imx8mp-evk-demo", 3, "imx8mp-evk")])
def test_linux_and_the_rtos_exchange_messages(qemu, config, gic, board):
    """The default system (`make run`, `make run BOARD=zcu102`): Linux user
    space and the RTOS demo's echo task (rtos_chn_map / _notify / _wait)
    over channel "link"."""
    q, sh = boot_linux(qemu, config, gic=gic, board=board)
    seen(q, r"\[rtos\] echo: channel 'link' \(id 0\) to partition 0, 65536 bytes: echoing")
    # Linux's init said hello on its own (what `make run` shows).
    seen(q, r"\[rtos\] echo: 'hello from Linux'")
    seen(q, r"\[linux\] shikiri-linux: sent 'hello from Linux' on link, the peer answered "
            r"'hello from Linux'")
    assert sh.run("skchan send link hello; skchan recv link")[-1] == "hello"
    seen(q, r"\[rtos\] echo: 'hello'")
    out = sh.run(f"skchan exchange link {MESSAGES}; echo rc=$?", timeout=300)
    assert any(re.search(rf"exchange 'link': sent {MESSAGES}, received {MESSAGES}: 0 lost, "
                         r"0 duplicated or reordered, 0 corrupt", l) for l in out), out
    assert out[-1] == "rc=0", out
    # The RTOS saw each one: init's hello, ours, and the exchange.
    seen(q, rf"\[rtos\] echo: {MESSAGES + 2} message\(s\) echoed so far")
    # Its control task meanwhile, Linux's boot included (where GICv2 used
    # to show an early release, issue 15): every report sane.
    reports = demo_reports_in("".join(q.log))
    assert reports, "no report from the RTOS demo"
    for r in reports:
        check_demo_report(r, DEMO_LATENESS_BOUND_NS)


def test_linux_echoes_another_partitions_exchange(qemu):
    """`skchan echo link N` in Linux sends back each of the N numbered
    messages a bare-metal partition sends (guests/tests/channel.c,
    role=exchange), which checks that none is lost, duplicated, reordered
    or corrupt."""
    q, sh = boot_linux(qemu, "tests/linux-echo")
    # Init's hello on "link" (guests/linux/initramfs/init) was answered.
    seen(q, r"\[exchanger\] exchange: answered the peer's first message \(16 bytes\); "
            r"sending 10000 messages on channel 0\r")
    out = sh.run("skchan echo link 10000; echo rc=$?", timeout=300)
    assert out[0] == "echo 'link': echoing", out
    assert "echo 'link': 10000 message(s) echoed" in out and out[-1] == "rc=0", out
    seen(q, r"\[exchanger\] exchange: sent 10000, received 10000: 0 lost, "
            r"0 duplicated or reordered, 0 corrupt\r")
