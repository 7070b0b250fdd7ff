/* SPDX-License-Identifier: MIT */
#include "core/vcpu_arch.h"

#include "arch/arm64/sysreg.h"
#include "arch/cpu.h"
#include "arch/stage2.h"
#include "arch/trap_frame.h"
#include "arch/vgic_arch.h"
#include "core/console.h"
#include "core/lifecycle.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/sched_arch.h"
#include "lib/string.h"

/* VMPIDR_EL2 bit 31 is RES1 (D19.2.164). */
#define VMPIDR_RES1 BIT64(31)

/* fpsimd.S */
void fpsimd_zero(void);

/* Every EL1/EL0 register a guest can read, at its start value
 * (arch/vcpu.h: VCPU_EL1_LIST), and FP/SIMD V0-V31, FPSR, FPCR zero. The
 * timer and the virtual CPU interface are vcpu_arch_vacate's. */
static void vcpu_arch_reset_regs(void)
{
#define RESET_EL1(i, r, reset) sysreg_write(r, reset);
	VCPU_EL1_LIST(RESET_EL1)
#undef RESET_EL1
	/* Trapped on shared CPUs, the guest's own on a dedicated one. */
	sysreg_write(mdscr_el1, 0);
	fpsimd_zero();
	isb();
}

void vcpu_arch_walks_off(void)
{
	sysreg_write(tcr_el1, sysreg_read(tcr_el1) | TCR_EL1_EPD0 | TCR_EL1_EPD1);
	isb();
}

void vcpu_arch_vacate(void)
{
	/* The timer first: it stops driving PPI 27 before the GIC state
	 * goes (a compare value is guest state too). */
	sysreg_write(cntv_ctl_el0, 0);
	sysreg_write(cntv_cval_el0, 0);
	isb();
	/* The vector's timer fast path stops describing the vCPU. */
	__atomic_store_n(&this_cpu()->arch.vtf_on, 0u, __ATOMIC_RELEASE);
	/* The forwarded timer PPI's physical active state, the list
	 * registers, active priorities and VMCR. */
	vgic_arch_cpu_reset();
	vcpu_arch_walks_off();
}

void vcpu_arch_retire(struct vcpu *v)
{
	if (this_cpu()->vcpu == v)
		vcpu_arch_vacate();
	else
		(void)sk_memset(&v->arch, 0, sizeof(v->arch));
	__atomic_store_n(&v->state, VCPU_OFF, __ATOMIC_RELEASE);
}

void vcpu_arch_activate(const struct vcpu *v)
{
	struct partition *p = v->partition;

	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(vmpidr_el2, VMPIDR_RES1 | v->index.index);
	sysreg_write(cntvoff_el2, p->arch.cntvoff);
	stage2_activate(&p->arch.stage2, p->arch.vmid);
}

/* The EL2 timer serves this CPU's watchdogs and the console's hold: it is
 * set to the earliest of their deadlines. */
void watchdog_arch_timer_update(void)
{
	const struct percpu *pc = this_cpu();
	uint64_t first = watchdog_cpu_deadline(pcpu_of(pc->id));
	uint64_t hold = pc->console_hold_deadline;

	if (hold != 0 && (first == 0 || hold < first))
		first = hold;
	if (first != 0)
		arch_hyp_timer_set(first);
	else
		arch_hyp_timer_stop();
}

/* Called with interrupts masked, as EL2 runs outside its idle wait. */
void console_hold_timer_arm(uint64_t deadline)
{
	this_cpu()->console_hold_deadline = deadline;
	watchdog_arch_timer_update();
}

SK_NORETURN void vcpu_arch_enter(struct vcpu *v, uint64_t pc, uint64_t x0)
{
	struct trap_frame f;

	irq_mask_all();
	this_cpu()->vcpu = v;
	/* The one start path (fresh boot, PSCI CPU_ON, restart, a shared
	 * CPU switching to a vCPU to be started): whatever ran here before,
	 * another partition's vCPU or this one's previous life, nothing of it
	 * shows. The VMID first, then the EL1 registers, SCTLR_EL1 (MMU
	 * off) first of them (sched_load says why). */
	vcpu_arch_vacate();
	vcpu_arch_activate(v);
	vcpu_arch_reset_regs();
	/* No set/way flush or run of its previous life continues. */
	setway_reset(&v->setway);
	/* The timer fast path decides afresh for this vCPU. */
	vgic_timer_fast_refresh(&v->partition->arch.vgic, v->index);
	/* A (re)started partition's watchdog is armed here. */
	watchdog_arch_timer_update();
	/* Interrupts made pending while it was off sent no kick
	 * (vcpu_kick_irq): placed now. */
	vgic_sync_and_flush(&v->partition->arch.vgic, v->index);
	(void)sk_memset(&f, 0, sizeof(f));
	f.x[0] = x0;
	f.elr = pc;
	f.spsr = PSR_MODE_EL1h | PSR_DAIF;
	guest_enter(&f, this_cpu()->stack_top);
}

SK_NORETURN void vcpu_arch_park(void)
{
	irq_mask_all();
	/* A shared CPU gives itself to the next vCPU instead (the one here
	 * was retired: nothing of it is saved). */
	if (sched_cpu_is_shared())
		sched_run(this_cpu()->vcpu, false);
	cpu_park(this_cpu()->stack_top);
}
