"""Red team of first-touch clearing (fix/lazyclear, core/partition_mem.h,
docs/security.md "Memory"): a hostile guest of our own,
guests/tests/lazyred.c in configs/tests/redteam-lazy.dts, beside a
heartbeat.

Before the boot QEMU's loader fills lazyred's physical RAM (all but the
granules its images overlap) and its read-only region with junk. Each
start lazyred touches its fresh 2 MiB granules first in every awkward
way: accesses without a valid ISV (LDP, LD1 of four registers, DC ZVA,
exclusives), cache maintenance (DC CIVAC, DC IVAC: nothing older may come
back), unaligned loads and stores across two fresh granules, an
instruction fetch (zeros: UDF), AT S1E1R walking stage-1 tables in a
fresh granule (a stage-2 fault of the walk, S1PTW), a first write to read-only memory (still a
fault), reads past its regions (faults), hypercall buffers across two
fresh granules and across its RAM's end. Every value it reads must be
zero (not junk, not the previous run's marker). Then it writes its marker
everywhere and restarts itself while its vCPU 1 is writing the marker
over fresh granules and having the hypervisor write its name into them
(SK_HC_PARTITION_NAME): none of that shows in the next run, and restarts
take no stage-2 table page."""
import re

import pytest

from conftest import ESC, config_image

LAZY_PHYS = 0x43000000
MIB = 1 << 20
# Fresh granules (not the image's 0, not the device tree's 7), and the
# read-only region.
JUNK_SPANS = [(LAZY_PHYS + 2 * MIB, 12 * MIB), (LAZY_PHYS + 16 * MIB, 24 * MIB),
              (0x46000000, 6 * MIB)]
RESTARTS = 3
EC_UNKNOWN = 0
FSC_SYNC_EXT = 0x10
# PAR_EL1 after AT S1E1R: F, FST = translation fault at level 1, PTW and
# S clear (a stage-1 fault: the walk itself went through stage 2).
PAR_FAULT_MASK = 0x3ff
PAR_S1_TRANSLATION_L1 = 0x1 | (0x5 << 1)


def value(q, what):
    m = q.expect(r"\[lazy(?:red|dog)\] lazyred: " + re.escape(what) +
                 r" = 0x([0-9a-f]+) exc (\d+) esr 0x([0-9a-f]+)\r")
    return int(m.group(1), 16), int(m.group(2)), int(m.group(3), 16)


def status(q, what):
    m = q.expect(r"\[lazy(?:red|dog)\] lazyred: " + re.escape(what) + r" status (-?\d+)\r")
    return int(m.group(1))


def stage2_pages_used(q):
    q.send(ESC + "r")
    m = q.expect(r"resources stage2-pages: used (\d+) free (\d+)\r")
    return int(m.group(1))


def check_start(q, cpu):
    """One start's probes; returns the failures."""
    bad = []

    def zero(what, exc=0):
        v, n, esr = value(q, what)
        if v != 0 or n != exc:
            bad.append((what, hex(v), n, hex(esr)))

    zero("ldp")
    zero("stp kept, rest")
    zero("rom first read")
    v, n, _ = value(q, "rom first write")
    if (v, n) != (FSC_SYNC_EXT, 1):
        bad.append(("rom first write not an external abort", hex(v), n))
    zero("rom read after write")
    _, n, _ = value(q, "past rom")
    if n != 1:
        bad.append(("read past rom did not fault", n))
    zero("rom last word")
    m = q.expect(r"\[lazy(?:red|dog)\] lazyred: name across granules status (-?\d+) wrong (\d+)\r")
    if m.group(1) != "0" or m.group(2) != "0":
        bad.append(m.group(0))
    if status(q, "name across ram end") != -5:
        bad.append("name across ram end accepted")
    if status(q, "console write len 0") != 0:
        bad.append("console write len 0")
    if status(q, "console write across ram end") != -5:
        bad.append("console write across ram end accepted")
    _, n, _ = value(q, "past ram")
    if n != 1:
        bad.append(("read past ram did not fault", n))
    q.expect(r"\[lazy(?:red|dog)\] lazyred: mmu on\r")
    zero("dc zva")
    zero("dc civac")
    zero("dc ivac")
    m = q.expect(r"\[lazy(?:red|dog)\] lazyred: ldxr = 0x([0-9a-f]+) stxr (\d+) kept "
                 r"0x([0-9a-f]+) exc (\d+)\r")
    if m.groups() != ("0", "0", "5a5a", "0"):
        bad.append(m.group(0))
    zero("ld1 x4")
    zero("ldr across granules")
    zero("str across granules, wrong")
    v, n, esr = value(q, "fetch fresh, ec")
    if (v, n) != (EC_UNKNOWN, 1):
        bad.append(("fetch from a fresh granule: not UDF", v, n, hex(esr)))
    v, n, _ = value(q, "copied code returned")
    if (v, n) != (0x2a, 0):
        bad.append(("copied code", hex(v), n))
    if cpu == "max":
        zero("lse cas, old or wrong")
        zero("lse ldadd, old or wrong")
    else:
        q.expect(r"\[lazy(?:red|dog)\] lazyred: no lse\r")
    zero("ldp across granules")
    v, n, esr = value(q, "at s1e1r par")
    if (v & PAR_FAULT_MASK, n) != (PAR_S1_TRANSLATION_L1, 0):
        bad.append(("AT S1E1R walk of a fresh granule", hex(v), n, hex(esr)))
    zero("name across ram end, bytes there")
    zero("last run's names")
    m = q.expect(r"\[lazy(?:red|dog)\] lazyred: marker back 0x([0-9a-f]+)\r")
    assert m.group(1) == "4c415a5952454421", m.group(0)  # the fill is real
    m = q.expect(r"\[lazy(?:red|dog)\] lazyred: CPU_ON (-?\d+), vCPU 1 writing \((\w+)\), "
                 r"restarting\r")
    assert m.groups() == ("0", "yes"), m.group(0)
    return bad


@pytest.mark.parametrize("cpu,gic", [("cortex-a53", 3), ("max", 2)])
def test_hostile_first_touches_read_zeros_and_faults_stay_faults(qemu, tmp_path,
                                                                  cpu, gic):
    extra = []
    for i, (addr, size) in enumerate(JUNK_SPANS):
        junk = tmp_path / f"junk{i}.bin"
        junk.write_bytes(b"\xa5" * size)
        extra += ["-device", f"loader,file={junk},addr={addr:#x},force-raw=on"]
    q = qemu(config_image("tests/redteam-lazy"), gic=gic, cpu=cpu, icount=True,
             extra=extra)
    failures = []
    for start in range(RESTARTS + 1):
        failures += [(start, f) for f in check_start(q, cpu)]
        if start < RESTARTS:
            q.expect(rf"\[shikiri\] partition 'lazyred' restarting \(guest "
                     rf"called PSCI SYSTEM_RESET\), restart #{start + 1}\r")
    assert failures == []
    # Restarts take no stage-2 table page: the granules' tables exist from
    # boot on, unmapping frees none and mapping again takes none.
    used = [stage2_pages_used(q)]
    q.expect(r"\[shikiri\] partition 'lazyred' restarting \(guest called PSCI "
             rf"SYSTEM_RESET\), restart #{2 * RESTARTS}\r")
    used.append(stage2_pages_used(q))
    print(f"\nstage-2 pages used after restart #{RESTARTS}, #{2 * RESTARTS}: {used}")
    assert used[0] == used[1], used
    lines, _ = q.lines_until(r"\[victim\] heartbeat \d+\r")
    assert not any("unexpected" in line for line in lines)


def test_watchdog_restart_while_the_other_vcpu_touches_fresh_granules(qemu, tmp_path):
    """lazydog (configs/tests/redteam-lazy-watchdog.dts, the same guest)
    never resets itself: with vCPU 1 writing fresh granules and having the
    hypervisor write into them, vCPU 0 waits for its watchdog, which
    restarts it from the timer interrupt of vCPU 0's CPU (not a vCPU's own
    SYSTEM_RESET). Every next start reads zeros, and the neighbour beats
    on."""
    extra = []
    for i, (addr, size) in enumerate(JUNK_SPANS):
        junk = tmp_path / f"junk{i}.bin"
        junk.write_bytes(b"\xa5" * size)
        extra += ["-device", f"loader,file={junk},addr={addr:#x},force-raw=on"]
    q = qemu(config_image("tests/redteam-lazy-watchdog"), icount=True, extra=extra)
    failures = []
    for start in range(RESTARTS + 1):
        failures += [(start, f) for f in check_start(q, "cortex-a53")]
        if start < RESTARTS:
            q.expect(rf"\[shikiri\] partition 'lazydog' restarting \(watchdog "
                     rf"expired\), restart #{start + 1}\r")
    assert failures == []
    lines, _ = q.lines_until(r"\[victim\] heartbeat \d+\r")
    assert not any("unexpected" in line for line in lines)
