"""The light exit path (hypervisor/arch/arm64/trap.c, trap_light; vectors.S):
the calls that touch no state (the shikiri ABI version, PSCI_VERSION and
PSCI_FEATURES, SMCCC_VERSION and SMCCC_ARCH_FEATURES, by HVC #0 and SMC #0)
and 32-bit reads of the fixed distributor registers (GICv3 and GICv2) are answered
without the full exit. The guest (guests/tests/light.c) sets x4-x30 to a
pattern around each trap and checks them and its EL1 system registers
after; the answers are the documented ones (docs/hypercalls.md); HVC with
another immediate, random function IDs and a read into a register the
light path leaves alone behave as before (the full path); and the console's
statistics show that the light path was taken."""
import re

import pytest

from conftest import ESC, config_image

CALL = (r"\[light\] light: {what}: x0 0x([0-9a-f]+) x1 0x([0-9a-f]+) "
        r"x2 0x([0-9a-f]+) x3 0x([0-9a-f]+) regs (\w+) sysregs (\w+)\r")
NOT_SUPPORTED = (1 << 64) - 1
# GICD_TYPER (checked against the full path's read); IIDR: Arm; PIDR2:
# ArchRev 3 or 2, where each version keeps it.
GICD = {3: {0x4: None, 0x8: 0x43b, 0xffe8: 0x3b},
        2: {0x4: None, 0x8: 0x43b, 0xfe8: 0x2b}}


def expect_call(q, what):
    m = q.expect(CALL.format(what=re.escape(what)))
    x = [int(v, 16) for v in m.groups()[:4]]
    assert m.group(5) == "kept", f"{what}: registers changed: {m.group(0)}"
    assert m.group(6) == "kept", f"{what}: EL1 registers changed: {m.group(0)}"
    return x


@pytest.mark.parametrize("gic", [3, 2])
def test_light_calls_answer_keep_state_and_are_counted(qemu, gic):
    q = qemu(config_image("tests/light-path"), gic=gic, smp=2, icount=True)
    assert expect_call(q, "abi-version hvc")[:3] == [0, 1, 4]
    for what in ("psci-version hvc", "psci-version smc",
                 "psci-version hvc upper"):
        assert expect_call(q, what)[0] == 0x10000, what
    # FEATURES: CPU_ON_64 is implemented, 0x84000050 is not.
    assert expect_call(q, "psci-features hvc")[0] == 0
    assert expect_call(q, "psci-features smc")[0] == NOT_SUPPORTED
    assert expect_call(q, "smccc-version hvc")[0] == 0x10001
    # A Cortex-A53 needs no Spectre workaround: "not required" (1).
    assert expect_call(q, "smccc-arch-features hvc")[0] == 1
    assert expect_call(q, "smccc-arch-features smc")[0] == 0
    # HVC with an immediate other than 0 is no SMCCC call: NOT_SUPPORTED
    # and nothing else, as before.
    for what in ("psci-version hvc1", "abi-version hvc1"):
        x = expect_call(q, what)
        assert x == [NOT_SUPPORTED, 0, 0x2222, 0x3333], (what, x)
    for offset, want in GICD[gic].items():
        m = q.expect(rf"\[light\] light: gicd 0x{offset:x}: light 0x([0-9a-f]+) "
                     r"full 0x([0-9a-f]+) regs (\w+) sysregs (\w+)\r")
        light, full = int(m.group(1), 16), int(m.group(2), 16)
        assert light == full, m.group(0)
        if want is not None:
            assert light == want, m.group(0)
        assert m.group(3) == "kept" and m.group(4) == "kept", m.group(0)
    m = q.expect(r"\[light\] light: random (\d+) calls: (\d+) not supported, "
                 r"regs (\w+) sysregs (\w+)\r")
    assert m.group(1) == m.group(2), m.group(0)
    assert m.group(3) == "kept" and m.group(4) == "kept", m.group(0)
    q.expect(r"\[light\] light: done\r")
    # The statistics: the light path answered the calls (9 light calls)
    # and the three reads into x5; the reads into x20, HVC #1 and the
    # random IDs went the full way and count as exits all the same.
    q.send(ESC + "s")
    m = q.expect(r"\[shikiri\] stats 'light' \(running\): exits (\d+) "
                 r"\(hypercall (\d+), mmio (\d+),")
    exits, hypercalls, mmio = (int(v) for v in m.groups())
    m = q.expect(r"\[shikiri\] stats 'light' light exits: hypercall (\d+), "
                 r"mmio (\d+)\r")
    light_hc, light_mmio = int(m.group(1)), int(m.group(2))
    assert light_hc >= 9, m.group(0)
    assert light_mmio == 3, m.group(0)
    assert hypercalls >= light_hc + 2 + 200, (hypercalls, light_hc)
    assert mmio >= light_mmio + 3, (mmio, light_mmio)
    assert exits >= hypercalls + mmio
