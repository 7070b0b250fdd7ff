/* SPDX-License-Identifier: MIT */
/*
 * An exception the hypervisor did not expect, taken at EL2 itself: a bug
 * in shikiri. Print everything needed to find it, stop all CPUs.
 */
#include "arch/arm64/sysreg.h"
#include "arch/asm_offsets.h"
#include "arch/trap_frame.h"
#include "core/panic.h"
#include "core/percpu.h"

SK_NORETURN void hyp_exception(struct trap_frame *f, uint64_t kind);

extern uint8_t __hyp_start[];

static const char *dump_kind_name(uint64_t kind)
{
	switch (kind) {
	case VEC_CUR_SP0_SYNC: return "synchronous exception (SP_EL0)";
	case VEC_CUR_SPX_SYNC: return "synchronous exception";
	case VEC_CUR_SPX_SERROR: return "SError";
	default: return "unexpected vector";
	}
}

SK_NORETURN void hyp_exception(struct trap_frame *f, uint64_t kind)
{
	struct percpu *pc = this_cpu();

	panic_begin();
	panic_line("PANIC on CPU %u: %s at EL2", pc != NULL ? pc->id : 0,
		   dump_kind_name(kind));
	panic_line("ESR_EL2 0x%016llx  FAR_EL2 0x%016llx",
		   (unsigned long long)sysreg_read(esr_el2),
		   (unsigned long long)sysreg_read(far_el2));
	panic_line("ELR_EL2 0x%016llx  SPSR_EL2 0x%016llx",
		   (unsigned long long)f->elr, (unsigned long long)f->spsr);
	/* shikiri is linked at 0: the offset is the address in shikiri.elf,
	 * ready for `addr2line -e build/hypervisor/shikiri.elf`. */
	panic_line("ELR_EL2 is shikiri.elf+0x%llx",
		   (unsigned long long)(f->elr - (uintptr_t)__hyp_start));
	for (unsigned i = 0; i < 31; i += 3) {
		if (i + 2 < 31)
			panic_line("x%-2u 0x%016llx  x%-2u 0x%016llx  x%-2u 0x%016llx",
				   i, (unsigned long long)f->x[i], i + 1,
				   (unsigned long long)f->x[i + 1], i + 2,
				   (unsigned long long)f->x[i + 2]);
		else
			panic_line("x%-2u 0x%016llx", i,
				   (unsigned long long)f->x[i]);
	}
	panic_end();
}
