"""Firmware calls (docs/hypercalls.md, "Firmware calls"): an SMC or HVC a
partition makes for the firmware — ZynqMP's PMU firmware (EEMI clock,
reset and power calls), i.MX's TF-A SiP services, OEM, trusted OS,
standard secure services beyond PSCI — never reaches it. Each is answered
NOT_SUPPORTED with its arguments untouched and recorded in the audit log,
naming the partition and the function ID; the partition beside it does
not notice. The guest is guests/tests/hostile.c with bootargs
firmware-calls=1 (configs/tests/firmware-calls.dts)."""
import re

import pytest

from conftest import config_image

# The calls guests/tests/hostile.c makes (firmware_calls[]), with the
# service the hypervisor names for each.
CALLS = {
    0xc2000001: "SiP", 0xc200000d: "SiP", 0xc2000011: "SiP",
    0xc2000025: "SiP", 0xc2000000: "SiP", 0x83000000: "OEM",
    0xbf00ff01: "trusted OS", 0x84000050: "standard secure",
}


@pytest.mark.parametrize("gic", [3, 2])
def test_firmware_calls_are_refused_audited_and_change_nothing(qemu, gic):
    q = qemu(config_image("tests/firmware-calls"), gic=gic, smp=2,
             icount=True)
    lines, m = q.lines_until(r"\[hostile\] attack firmware-calls: "
                             r"((?:NOT )?contained) \(([^\r\n]*)\)\r")
    assert m.group(1) == "contained", m.group(0)
    text = "\n".join(lines)
    answers = re.findall(r"\[hostile\] firmware call 0x([0-9a-f]{8}) "
                         r"\([^)]*\): smc (-?\d+), hvc (-?\d+), "
                         r"arguments (\w+)", text)
    assert [int(a[0], 16) for a in answers] == list(CALLS), answers
    assert all(a[1:] == ("-1", "-1", "kept") for a in answers), answers
    # Two audit records per call (SMC and HVC), numbered from 0, each
    # naming the partition, the function ID and its service.
    audits = re.findall(r"\[shikiri\] audit #(\d+): partition '(\w+)' denied "
                        r"firmware call 0x([0-9a-f]{8}) \(([^)]*) service\): "
                        r"not forwarded to the firmware", text)
    expected = [(str(n), "hostile", f"{fid:08x}", service)
                for n, (fid, service) in
                enumerate(x for x in CALLS.items() for _ in range(2))]
    assert audits == expected, audits
    assert "suppressed" not in text
    # Nothing else happened: the caller is still served and beats, and the
    # witness beats on in order, on time.
    seen = lines
    more, _ = q.lines_until(r"\[hostile\] heartbeat 2\r")
    seen += more
    more, _ = q.lines_until(r"\[witness\] heartbeat 8\r")
    seen += more
    beats = [int(b) for b in re.findall(r"\[witness\] heartbeat (\d+)",
                                        "\n".join(seen))]
    assert beats == list(range(beats[0], 8)), beats
    assert "stall" not in "\n".join(seen)
