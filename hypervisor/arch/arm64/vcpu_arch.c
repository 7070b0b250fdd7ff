/* SPDX-License-Identifier: MIT */
#include "arch/arm64/vcpu_arch.h"

#include "arch/arm64/stage2.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/trap_frame.h"
#include "core/partition.h"
#include "lib/string.h"

/* VMPIDR_EL2 bit 31 is RES1 (D19.2.164). */
#define VMPIDR_RES1 BIT64(31)

/* EL1 registers a guest finds at entry: architectural reset-like values,
 * so nothing of an earlier occupant of the CPU is visible. */
static void vcpu_arch_reset_el1(const struct vcpu *v)
{
	sysreg_write(sctlr_el1, SCTLR_EL1_RESET);
	sysreg_write(vbar_el1, 0);
	sysreg_write(cpacr_el1, 0);
	sysreg_write(tcr_el1, 0);
	sysreg_write(ttbr0_el1, 0);
	sysreg_write(ttbr1_el1, 0);
	sysreg_write(mair_el1, 0);
	sysreg_write(contextidr_el1, 0);
	sysreg_write(tpidr_el1, 0);
	sysreg_write(tpidr_el0, 0);
	sysreg_write(tpidrro_el0, 0);
	sysreg_write(sp_el0, 0);
	sysreg_write(sp_el1, 0);
	sysreg_write(esr_el1, 0);
	sysreg_write(far_el1, 0);
	sysreg_write(cntkctl_el1, 0);
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(vmpidr_el2, VMPIDR_RES1 | v->index);
	isb();
}

SK_NORETURN void vcpu_arch_enter(struct vcpu *v, uint64_t stack_top)
{
	struct partition *p = v->partition;
	struct trap_frame f;

	vcpu_arch_reset_el1(v);
	stage2_activate(&p->stage2, p->vmid);
	sk_memset(&f, 0, sizeof(f));
	f.x[0] = p->dtb;
	f.elr = p->entry;
	f.spsr = PSR_MODE_EL1h | PSR_DAIF;
	guest_enter(&f, stack_top);
}
