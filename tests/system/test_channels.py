"""Channels between partitions (docs/channels.md), with bare-metal guests:
10,000 messages through a ring with doorbells, a read-only endpoint's
write contained, notify without the right or on an undeclared channel
denied and audited, and a partition on no channel sees nothing of them."""
import re

import pytest

from conftest import config_image

MESSAGES = 10000


def run_channels(qemu, gic):
    q = qemu(config_image("tests/channels"), gic=gic, icount=True)
    lines, m = q.lines_until(r"\[consumer\] audit 2: [^\r\n]*\r+\n")
    return q, "\n".join(lines) + "\n" + m.group(0)


@pytest.mark.parametrize("gic", [3, 2])
def test_messages_rights_and_audit(qemu, gic):
    q, out = run_channels(qemu, gic)

    # The hypervisor set up what the configuration declares, no more.
    assert "channel 0 'ring': 64 KiB, 'producer' (rwn) <-> 'consumer' (rwn)" in out
    assert "channel 1 'status': 4 KiB, 'producer' (r) <-> 'consumer' (rwn)" in out
    # Each endpoint learns its own view: rights 7 = read|write|notify.
    assert re.search(r"\[producer\] channel 'status': id 1 rights 1 doorbell 50 "
                     r"peer 1 at 0x50100000 size 0x1000", out)
    assert re.search(r"\[consumer\] channel 'ring': id 0 rights 7 doorbell 49 "
                     r"peer 0 at 0x50000000 size 0x10000", out)

    # Every message arrived once, in order, and doorbells woke the consumer.
    assert f"[producer] producer: sent {MESSAGES} messages" in out
    assert re.search(rf"\[consumer\] consumer: received {MESSAGES} messages: 0 lost, "
                     r"0 duplicated or reordered, 0 corrupt; woken by doorbells", out)

    # The producer reads "status" (the consumer's word) but cannot write it:
    # the write is an external abort in its own handler, the word unchanged.
    assert "[producer] status word: 0x53544154" in out
    assert "[producer] status write: 1 fault(s), 1 external abort(s), " \
           "word still 0x53544154" in out
    assert re.search(r"\[shikiri\] fault: partition 'producer' vCPU0: data write "
                     r"at 0x50100000 ", out)

    # Refused notifies: SK_E_DENIED (-4), each on the console and in the log.
    assert "[producer] notify status: -4" in out
    assert "[producer] notify undeclared: -4" in out
    assert "[stranger] stranger: notify ring: -4" in out
    assert "denied notify on channel 1: endpoint without the notify right" in out
    assert "denied notify on channel 5: not an endpoint of such a channel" in out
    assert "'stranger' denied notify on channel 0: not an endpoint" in out
    assert "[consumer] audit: status 0, 3 record(s), 0 lost" in out
    records = re.findall(r"\[consumer\] audit (\d+): partition (\d+) op (\d+) "
                         r"channel (\d+) reason (\d+)", out)
    # (partition, op notify=1, channel, reason 1 not an endpoint / 2 no right)
    assert sorted((int(p), int(o), int(c), int(r)) for _, p, o, c, r in records) == \
        [(0, 1, 1, 2), (0, 1, 5, 1), (2, 1, 0, 1)]
    assert sorted(int(s) for s, *_ in records) == [0, 1, 2]

    # The stranger: no channel listed, the channel memory and a PCI host are
    # not there for it.
    assert "[stranger] stranger: channel info: -3" in out
    assert "[stranger] stranger: ring memory: 1 fault(s), 1 external abort(s)" in out
    assert "[stranger] stranger: pci config space: 1 fault(s)" in out
    assert "unexpected" not in out
