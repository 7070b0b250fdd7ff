/* SPDX-License-Identifier: MIT */
#include "arch/arm64/inject.h"

#include "arch/arm64/sysreg.h"

/* Moves the guest to its EL1 vector for a synchronous exception with the
 * given ESR_EL1 value. The vector depends on where the guest was
 * (Arm ARM D1.10.2): EL1 with SP_EL0, EL1 with SP_EL1, or EL0. */
static void inject_sync(struct trap_frame *f, uint64_t esr)
{
	uint64_t mode = f->spsr & PSR_MODE_MASK;
	uint64_t offset;

	if ((f->spsr & PSR_MODE_AARCH32) != 0)
		offset = VECTOR_LOWER64 + 0x200u; /* lower EL, AArch32 */
	else if (mode == PSR_MODE_EL1h)
		offset = VECTOR_CUR_SPX;
	else if (mode == PSR_MODE_EL1t)
		offset = VECTOR_CUR_SP0;
	else
		offset = VECTOR_LOWER64;
	sysreg_write(esr_el1, esr);
	sysreg_write(elr_el1, f->elr);
	sysreg_write(spsr_el1, f->spsr);
	f->elr = sysreg_read(vbar_el1) + offset;
	/* Exception entry masks D, A, I and F and selects EL1h. */
	f->spsr = PSR_MODE_EL1h | PSR_DAIF;
}

static bool inject_from_el1(const struct trap_frame *f)
{
	uint64_t mode = f->spsr & PSR_MODE_MASK;

	return (f->spsr & PSR_MODE_AARCH32) == 0 &&
	       (mode == PSR_MODE_EL1h || mode == PSR_MODE_EL1t);
}

void inject_external_abort(struct trap_frame *f, bool instruction,
			   uint64_t far, uint64_t esr_el2)
{
	uint64_t ec;
	uint64_t esr;

	if (instruction)
		ec = inject_from_el1(f) ? ESR_EC_IABT_CUR : ESR_EC_IABT_LOW;
	else
		ec = inject_from_el1(f) ? ESR_EC_DABT_CUR : ESR_EC_DABT_LOW;
	esr = (ec << ESR_EC_SHIFT) | ESR_IL | ESR_ABT_FSC_SEA;
	/* Keep WnR so the guest knows whether it was a write. */
	if (!instruction)
		esr |= esr_el2 & ESR_ABT_WNR;
	sysreg_write(far_el1, far);
	inject_sync(f, esr);
}

void inject_undefined(struct trap_frame *f)
{
	/* EC 0 (ESR_EC_UNKNOWN, "unknown reason") is how the hardware
	 * reports an UNDEFINED instruction; only IL is set. */
	inject_sync(f, ESR_IL);
}
