/* SPDX-License-Identifier: MIT */
/*
 * Synchronous exits from a guest, dispatched by exception class (ESR_EL2.EC,
 * Arm ARM D19.2.40). Anything not handled explicitly becomes an UNDEFINED
 * exception in the guest: never a hypervisor crash.
 */
#include "arch/arm64/asm_offsets.h"
#include "arch/arm64/inject.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/trap_frame.h"
#include "core/fault.h"
#include "core/hypercall.h"
#include "core/panic.h"
#include "core/percpu.h"

/* AArch64 instructions are 4 bytes; a trapped SMC returns to itself. */
#define INSN_SIZE 4u

void trap_guest_sync(struct trap_frame *f, uint64_t kind);

static struct vcpu *trap_vcpu(void)
{
	struct vcpu *v = this_cpu()->vcpu;

	if (v == NULL)
		panic("guest exit on a CPU that runs no vCPU");
	return v;
}

static uint64_t trap_fault_ipa(void)
{
	uint64_t hpfar = sysreg_read(hpfar_el2);
	uint64_t far = sysreg_read(far_el2);

	return (((hpfar >> HPFAR_FIPA_SHIFT) & HPFAR_FIPA_MASK) << 12) |
	       (far & 0xfffu);
}

static void trap_abort(struct trap_frame *f, const struct vcpu *v,
		       uint64_t esr, bool instruction)
{
	uint64_t far = sysreg_read(far_el2);
	enum fault_kind kind = instruction ? FAULT_INSTRUCTION_FETCH
			       : (esr & ESR_ABT_WNR) != 0 ? FAULT_DATA_WRITE
							  : FAULT_DATA_READ;

	/* No emulated devices exist yet: every stage-2 fault is a guest access
	 * outside what it owns. The IPA is what it tried to reach. */
	fault_report(v, kind, trap_fault_ipa(), esr, f->elr);
	inject_external_abort(f, instruction, far, esr);
}

static void trap_hypercall(struct trap_frame *f, struct vcpu *v, uint64_t esr)
{
	/* SMCCC uses immediate 0 only; other immediates are not calls. */
	if ((esr & ESR_ISS_HVC_IMM_MASK) != 0) {
		f->x[0] = (uint64_t)(int64_t)-1; /* NOT_SUPPORTED */
		return;
	}
	hypercall_dispatch(v, f->x);
}

void trap_guest_sync(struct trap_frame *f, uint64_t kind)
{
	uint64_t esr = sysreg_read(esr_el2);
	uint32_t ec = (uint32_t)((esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
	struct vcpu *v = trap_vcpu();

	if (kind == VEC_LOW64_SERROR || kind == VEC_LOW32_SERROR) {
		fault_report(v, FAULT_SERROR, 0, esr, f->elr);
		return;
	}
	switch (ec) {
	case ESR_EC_HVC64:
		trap_hypercall(f, v, esr);
		break;
	case ESR_EC_SMC64:
		/* Nothing a guest passes reaches the firmware. */
		f->elr += INSN_SIZE;
		trap_hypercall(f, v, esr);
		break;
	case ESR_EC_DABT_LOW:
		trap_abort(f, v, esr, false);
		break;
	case ESR_EC_IABT_LOW:
		trap_abort(f, v, esr, true);
		break;
	default:
		fault_report(v, FAULT_UNDEFINED, f->elr, esr, f->elr);
		inject_undefined(f);
		break;
	}
}
