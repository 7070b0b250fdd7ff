/* SPDX-License-Identifier: MIT */
#include "arch/arm64/vcpu_arch.h"

#include "arch/arm64/cpu.h"
#include "arch/arm64/gic/vgic_arch.h"
#include "arch/arm64/sched_switch.h"
#include "arch/arm64/stage2.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/trap_frame.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "lib/string.h"

/* VMPIDR_EL2 bit 31 is RES1 (D19.2.164). */
#define VMPIDR_RES1 BIT64(31)

/* EL1 registers a guest finds at entry: architectural reset-like values,
 * so nothing of an earlier occupant of the CPU is visible. */
static void vcpu_arch_reset_el1(void)
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
	isb();
}

void vcpu_arch_activate(const struct vcpu *v)
{
	struct partition *p = v->partition;

	sysreg_write(vpidr_el2, sysreg_read(midr_el1));
	sysreg_write(vmpidr_el2, VMPIDR_RES1 | v->index);
	sysreg_write(cntvoff_el2, p->cntvoff);
	stage2_activate(&p->stage2, p->vmid);
}

/* vectors.S: sp = stack_top, interrupts on, WFI forever. */
SK_NORETURN void cpu_park(uint64_t stack_top);
/* fpsimd.S */
void fpsimd_zero(void);

void watchdog_arm_cpu(void)
{
	uint32_t cpu = this_cpu()->id;
	uint64_t first = 0;

	/* The CPU of a partition's vCPU 0 keeps its watchdog; on a shared
	 * CPU that may be several partitions' at once. */
	for (uint32_t i = 0; i < partition_count(); i++) {
		const struct partition *p = partition_get(i);
		uint64_t d = __atomic_load_n(&p->watchdog_deadline, __ATOMIC_ACQUIRE);

		if (p->vcpus[0].pcpu == cpu && d != 0 && (first == 0 || d < first))
			first = d;
	}
	if (first != 0)
		arch_hyp_timer_set(first);
	else
		arch_hyp_timer_stop();
}

SK_NORETURN void vcpu_arch_enter(struct vcpu *v, uint64_t pc, uint64_t x0)
{
	struct trap_frame f;

	irq_mask_all();
	this_cpu()->vcpu = v;
	vcpu_arch_reset_el1();
	/* On a shared CPU the registers hold another vCPU's values. */
	fpsimd_zero();
	vgic_arch_cpu_reset();
	/* A (re)started partition's watchdog is armed here. */
	watchdog_arm_cpu();
	vcpu_arch_activate(v);
	sk_memset(&f, 0, sizeof(f));
	f.x[0] = x0;
	f.elr = pc;
	f.spsr = PSR_MODE_EL1h | PSR_DAIF;
	guest_enter(&f, this_cpu()->stack_top);
}

SK_NORETURN void vcpu_arch_park(void)
{
	/* A shared CPU gives itself to the next vCPU instead. */
	if (sched_cpu_is_shared())
		sched_run(this_cpu()->vcpu, false);
	/* Nothing of the guest may keep running on this CPU: its timer is
	 * stopped and the list registers emptied. */
	irq_mask_all();
	sysreg_write(cntv_ctl_el0, 0);
	vgic_arch_cpu_reset();
	cpu_park(this_cpu()->stack_top);
}
