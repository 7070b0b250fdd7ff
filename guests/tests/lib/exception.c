// SPDX-License-Identifier: MIT
/* Exception dispatch for the test guests: a guest hook, else report & halt. */
#include "guest.h"

#include "console.h"
#include "irq.h"
#include "shikiri/hypercall.h"

static guest_exception_hook_fn exception_hook;
/* Exceptions being handled right now; > 1 means the handler itself faulted. */
static volatile uint32_t exception_depth;

void guest_set_exception_hook(guest_exception_hook_fn hook)
{
	exception_hook = hook;
}

void guest_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;) /* deliberately forever: the guest is done */
		__asm__ volatile("wfi" ::: "memory");
}

const char *guest_kind_type_name(unsigned kind)
{
	switch (kind & GUEST_KIND_TYPE_MASK) {
	case GUEST_KIND_SYNC:
		return "sync";
	case GUEST_KIND_IRQ:
		return "irq";
	case GUEST_KIND_FIQ:
		return "fiq";
	case GUEST_KIND_SERROR:
		return "serror";
	default:
		return "?";
	}
}

const char *guest_kind_group_name(unsigned kind)
{
	switch (kind >> GUEST_KIND_GROUP_SHIFT) {
	case GUEST_KIND_CUR_SP0:
		return "current EL SP0";
	case GUEST_KIND_CUR_SPX:
		return "current EL SPx";
	case GUEST_KIND_LOWER_A64:
		return "lower EL AArch64";
	case GUEST_KIND_LOWER_A32:
		return "lower EL AArch32";
	default:
		return "?";
	}
}

#ifdef GUEST_BARE_CONSOLE
/*
 * TEST AID for bare QEMU only: without EL2, HVC is UNDEFINED at EL1
 * (Arm ARM C6.2.102) and arrives here as EC 0. Answer it the way a
 * hypervisor that knows no such call would: x0 = NOT_SUPPORTED, skip it.
 * This also exercises frame editing (x0 and ELR) on every hypercall.
 */
#define BARE_HVC_INSN_MASK  0xffe0001fu /* all but imm16 */
#define BARE_HVC_INSN_VALUE 0xd4000002u /* HVC #imm16 */

static bool bare_emulate_hvc(struct guest_frame *frame, unsigned kind)
{
	uint32_t insn;

	if (kind != GUEST_KIND(GUEST_KIND_CUR_SPX, GUEST_KIND_SYNC) ||
	    guest_esr_ec(frame->esr) != GUEST_EC_UNKNOWN)
		return false;
	insn = *(const volatile uint32_t *)(uintptr_t)frame->elr;
	if ((insn & BARE_HVC_INSN_MASK) != BARE_HVC_INSN_VALUE)
		return false;
	frame->x[0] = (uint64_t)(int64_t)SK_E_NOT_SUPPORTED;
	frame->elr += GUEST_INSN_SIZE;
	return true;
}
#endif

static void report_unexpected(const struct guest_frame *frame, unsigned kind)
{
	guest_printf("unexpected exception: kind %u (%s, %s), ESR_EL1 0x%lx, "
		     "ELR_EL1 0x%lx, FAR_EL1 0x%lx; guest halted\n",
		     kind, guest_kind_type_name(kind),
		     guest_kind_group_name(kind), frame->esr, frame->elr,
		     frame->far);
}

void guest_exception(struct guest_frame *frame, unsigned kind)
{
	uint32_t depth;

	/* Interrupts first, outside the nesting check: a guest that owns its
	 * interrupts (the RTOS) may switch tasks inside, and the next task's
	 * interrupt is not nested in this one. */
	if (guest_irq_exception(kind))
		return;
	depth = exception_depth + 1u;

	exception_depth = depth;
	if (depth > 1u) {
		/* The handler itself faulted: one attempt to say so, then
		 * stop before the stack runs out. */
		if (depth == 2u)
			guest_printf("nested exception: kind %u, ESR_EL1 0x%lx, "
				     "ELR_EL1 0x%lx; guest halted\n",
				     kind, frame->esr, frame->elr);
		guest_halt();
	}
#ifdef GUEST_BARE_CONSOLE
	if (bare_emulate_hvc(frame, kind)) {
		exception_depth = 0;
		return;
	}
#endif
	if (exception_hook != NULL && exception_hook(frame, kind)) {
		exception_depth = 0;
		return;
	}
	report_unexpected(frame, kind);
	guest_halt();
}
