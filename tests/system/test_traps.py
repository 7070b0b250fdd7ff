"""Instructions a guest executes that the hypervisor traps and emulates
(hypervisor/arch/arm64/trap.c), seen from guests that exercise the unusual
cases. Runs under `-icount shift=0,sleep=off`.

A 16-bit T32 instruction from AArch32 EL0 (guests/tests/thumb.c): an
emulated MMIO store, and on a shared CPU a trapped WFI, must resume at the
next instruction, 2 bytes on (ESR_EL2.IL = 0), not 4 (GICv3 and GICv2).

The registers of optional CPU features that are the physical CPU's (RAS
error records, LORegions) trap and read as zero, and SMCCC_ARCH_FEATURES
answers truthfully about the Spectre workarounds
(guests/tests/cpu_features.c)."""
import pytest

from conftest import config_image


def _thumb(qemu, config, gic):
    q = qemu(config_image(config), gic=gic, smp=1, icount=True)
    lines, _ = q.lines_until(r"\[thumb\] thumb: (ok|FAILED)\r")
    return q, "\n".join(lines) + "\n" + q.child.after


@pytest.mark.parametrize("gic", [3, 2])
def test_a_16bit_t32_mmio_store_resumes_at_the_next_instruction(qemu, gic):
    q, text = _thumb(qemu, "tests/thumb", gic)
    assert "[thumb] thumb: mmio: after 1 1, EL0 left with EC 0x11" in text, text
    assert "[thumb] thumb: wfi: not trapped on a dedicated CPU" in text, text
    assert "[thumb] thumb: ok" in text, text
    q.expect(r"\[thumb\] heartbeat 2\r")


@pytest.mark.parametrize("gic", [3, 2])
def test_a_16bit_t32_wfi_on_a_shared_cpu_resumes_at_the_next_instruction(qemu, gic):
    q, text = _thumb(qemu, "tests/thumb-shared", gic)
    assert "[thumb] thumb: mmio: after 1 1, EL0 left with EC 0x11" in text, text
    assert "[thumb] thumb: wfi: after 1 1, EL0 left with EC 0x11" in text, text
    assert "[thumb] thumb: ok" in text, text
    # The real-time partition on the same CPU runs on.
    q.expect(r"\[beat\] heartbeat 2\r")


@pytest.mark.parametrize("gic", [3, 2])
def test_ras_error_records_and_loregions_trap_and_read_as_zero(qemu, gic):
    """QEMU's "max" CPU has FEAT_RAS and FEAT_LOR (a Cortex-A53 has
    neither, and then the trap bits stay clear): every access to their
    registers is emulated (guests/tests/cpu_features.c)."""
    q = qemu(config_image("tests/cpu-features"), gic=gic, cpu="max", smp=1,
             icount=True)
    q.expect(r"\[features\] cpu-features: ras [1-9] lor [1-9]\r")
    q.expect(r"\[features\] cpu-features: 5 accesses, 5 emulated, values 0x0\r")
    q.expect(r"\[features\] cpu-features: ok\r")
    q.expect(r"\[features\] heartbeat 2\r")


@pytest.mark.parametrize("cpu,answer", [("cortex-a53", "1 1 1"),
                                        ("cortex-a57", "-1 -1 -1")])
def test_smccc_workarounds_are_not_required_only_on_an_unaffected_cpu(
        qemu, cpu, answer):
    """SMCCC_ARCH_FEATURES for SMCCC_ARCH_WORKAROUND_1/2/3: a Cortex-A53
    needs none (1, "not required"); on a Cortex-A57, which is affected,
    shikiri provides none and says so (NOT_SUPPORTED)."""
    q = qemu(config_image("tests/cpu-features"), cpu=cpu, smp=1, icount=True)
    q.expect(rf"\[features\] cpu-features: workarounds {answer}\r")
