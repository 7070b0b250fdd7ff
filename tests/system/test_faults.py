"""Faults: a guest's stray accesses are contained in that guest; a fault
inside the hypervisor stops the whole machine loudly."""
import re

import subprocess

from conftest import build_path, config_image, heartbeat_counts

PROBE_TOTAL = 13


def symbol_at(elf, addr):
    """Name of the function containing addr, from the ELF's symbols."""
    out = subprocess.run(["aarch64-linux-gnu-nm", "--defined-only", "-n", elf],
                         capture_output=True, text=True, check=True,
                         timeout=60).stdout
    best = None
    for line in out.splitlines():
        fields = line.split()
        # -flto leaves debug symbols without a name (kind N): skip them.
        if len(fields) < 3:
            continue
        value, kind, name = fields[:3]
        if kind in "tT" and int(value, 16) <= addr:
            best = name
    return best


def test_probe_stray_accesses_contained_while_neighbour_beats(qemu):
    q = qemu(config_image("tests/probe"))
    lines, m = q.lines_until(r"\[beta\] probe summary: (\d+)/(\d+) contained")
    assert (int(m.group(1)), int(m.group(2))) == (PROBE_TOTAL, PROBE_TOTAL)

    probes = [re.search(r"\[beta\] probe (read|write|fetch) 0x([0-9a-f]+): contained "
                        r"\(ESR 0x([0-9a-f]+), FAR 0x([0-9a-f]+)\)", l)
              for l in lines]
    probes = [p for p in probes if p]
    assert len(probes) == PROBE_TOTAL
    # The guest's own handler ran with a synchronous external abort
    # (EC 0x25 data / 0x21 instruction abort, FSC 0x10) at the probed address.
    for p in probes:
        esr = int(p.group(3), 16)
        ec, fsc = esr >> 26, esr & 0x3f
        assert fsc == 0x10, p.group(0)
        assert ec == (0x21 if p.group(1) == "fetch" else 0x25), p.group(0)
        assert int(p.group(4), 16) == int(p.group(2), 16)
        assert bool(esr & 0x40) == (p.group(1) == "write"), p.group(0)

    # The hypervisor reported each one: partition, vCPU, address, syndrome.
    reports = [re.search(r"\[shikiri\] fault: partition 'beta' vCPU0: "
                         r"(data read|data write|instruction fetch) at 0x([0-9a-f]+) "
                         r"\(ESR 0x[0-9a-f]+, PC 0x[0-9a-f]+\): external abort injected", l)
               for l in lines]
    reports = [r for r in reports if r]
    assert len(reports) == PROBE_TOTAL
    assert sorted(int(r.group(2), 16) for r in reports) == \
        sorted(int(p.group(2), 16) for p in probes)
    assert not any("fault: partition 'alpha'" in l for l in lines)

    # alpha was beating while the probes ran and keeps going afterwards,
    # and so does the prober itself.
    alpha_before = heartbeat_counts(lines).get("alpha", [])
    assert alpha_before, "alpha did not beat during the probes"
    after, _ = q.lines_until(rf"\[alpha\] heartbeat {alpha_before[-1] + 3}\r*\n")
    beats_after = heartbeat_counts(after)
    assert beats_after["alpha"] == \
        list(range(alpha_before[-1] + 1, alpha_before[-1] + 3))
    assert beats_after.get("beta", [None])[0] == 4, after


def test_hypervisor_fault_dumps_registers_and_stops_all_cpus(qemu):
    q = qemu(config_image("tests/hyp-fault"))
    q.expect(r"\[beta\] requesting EL2 fault")
    q.expect(r"\[shikiri\] PANIC on CPU 1: synchronous exception at EL2")
    m = q.expect(r"ESR_EL2 0x([0-9a-f]{16})  FAR_EL2 0x([0-9a-f]{16})")
    esr, far = int(m.group(1), 16), int(m.group(2), 16)
    assert esr >> 26 == 0x25        # data abort taken at EL2 itself
    assert far == 0x10              # the address the test hook loaded
    m = q.expect(r"ELR_EL2 0x([0-9a-f]{16})  SPSR_EL2 0x[0-9a-f]{16}")
    elr = int(m.group(1), 16)
    m = q.expect(r"ELR_EL2 is shikiri\.elf\+0x([0-9a-f]+)\r")
    # QEMU loads the image 2 MiB into RAM; the offset is relative to that.
    assert elr - int(m.group(1), 16) == 0x40200000
    assert symbol_at(build_path("hypervisor-test", "shikiri.elf"),
                     int(m.group(1), 16)) == "test_hook_el2_fault"
    q.expect(r"x30 0x[0-9a-f]{16}")
    q.expect(r"\[shikiri\] all CPUs stopped")

    # Every CPU, including alpha's, sits at EL2 with interrupts masked.
    regs = q.monitor("info registers -a")
    states = re.findall(r"PSTATE=([0-9a-f]+) \S+ (EL\d\w)", regs)
    assert len(states) == 4, regs
    for pstate, el in states:
        assert el == "EL2h", states
        assert int(pstate, 16) & 0x3c0 == 0x3c0, states
    # All in the same halt loop (wfi; wfi; b): a CPU may stand at any of
    # its three instructions.
    pcs = {int(pc, 16) for pc in re.findall(r"\bPC=([0-9a-f]+)", regs)}
    assert max(pcs) - min(pcs) <= 8, [hex(pc) for pc in pcs]
    assert symbol_at(build_path("hypervisor-test", "shikiri.elf"),
                     min(pcs) - 0x40200000) == "arch_cpu_halt", pcs
