/* SPDX-License-Identifier: MIT */
/*
 * The arm64 half of a vCPU (struct vcpu's `arch`, core/partition.h): its
 * state while it is not on its CPU (shared CPUs, docs/scheduling.md),
 * everything a guest at EL1 can see or change of a processor, so that
 * whoever runs next sees none of it and the vCPU continues exactly where it
 * was.
 */
#ifndef SK_ARCH_VCPU_H
#define SK_ARCH_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/trap_frame.h"
#include "arch/vgic_arch.h"
#include "spec/timer.h"

/*
 * The EL1 and EL0 system registers a vCPU owns, each with the value it has
 * when the vCPU starts (fresh boot, PSCI CPU_ON, restart): the shared-CPU
 * switch (sched_switch.c) saves and restores exactly these and every start
 * (vcpu_arch.c) writes these values, so the two cannot drift. The reset
 * values are the architectural ones where the Arm ARM defines them and 0
 * where it says UNKNOWN, as KVM's reset table (arch/arm64/kvm/sys_regs.c)
 * does: nothing of an earlier occupant of the CPU may show through.
 *
 * Order matters on a switch: SCTLR_EL1 first, the TTBRs before TCR_EL1, so
 * the incoming TCR (which may enable walks again) is the last translation
 * register written (sched_load, errata 1319367/1319537).
 *
 * Not here: MDSCR_EL1 and the other debug and PMU registers (they trap on
 * shared CPUs; a start still writes MDSCR_EL1), the virtual timer and the
 * virtual CPU interface (their own fields below), FP/SIMD (struct
 * fpsimd_state).
 */
#define VCPU_EL1_LIST(X) \
	X(0, sctlr_el1, SCTLR_EL1_RESET) X(1, cpacr_el1, 0) \
	X(2, ttbr0_el1, 0) X(3, ttbr1_el1, 0) X(4, tcr_el1, 0) \
	X(5, esr_el1, 0) X(6, afsr0_el1, 0) X(7, afsr1_el1, 0) \
	X(8, far_el1, 0) X(9, mair_el1, 0) X(10, vbar_el1, 0) \
	X(11, contextidr_el1, 0) X(12, amair_el1, 0) X(13, cntkctl_el1, 0) \
	X(14, par_el1, 0) X(15, tpidr_el1, 0) X(16, sp_el1, 0) \
	X(17, elr_el1, 0) X(18, spsr_el1, 0) X(19, tpidr_el0, 0) \
	X(20, tpidrro_el0, 0) X(21, sp_el0, 0) X(22, csselr_el1, 0)
#define VCPU_EL1_REGS 23u

#define VCPU_EL1_COUNT_ONE(i, r, reset) +1
_Static_assert((0 VCPU_EL1_LIST(VCPU_EL1_COUNT_ONE)) == VCPU_EL1_REGS,
	       "VCPU_EL1_REGS must count VCPU_EL1_LIST");
#undef VCPU_EL1_COUNT_ONE

/* FP/SIMD: V0-V31 and the two control registers (Arm ARM A1.4, C5.2). */
struct fpsimd_state {
	uint64_t v[64];
	uint64_t fpsr;
	uint64_t fpcr;
};

struct vcpu_arch {
	struct trap_frame frame;           /* general registers, PC, PSTATE */
	uint64_t el1[VCPU_EL1_REGS];
	struct fpsimd_state fp __attribute__((aligned(16)));
	uint64_t cntv_ctl;                 /* its virtual timer */
	uint64_t cntv_cval;
	struct vgic_cpu_state gic;         /* its virtual CPU interface */
};

/*
 * The physical counter value at which a switched-out vCPU's saved virtual
 * timer fires: its CNTV_CVAL_EL0 plus its partition's CNTVOFF_EL2 (the
 * virtual count is the physical one minus CNTVOFF_EL2, Arm ARM D11.2), or
 * UINT64_MAX when the timer is disabled or its output masked
 * (CNTV_CTL_EL0.ENABLE, IMASK: Arm ARM D13.8) or the sum is past the
 * counter's end. Inline: the scheduler (core/sched_vcpu.c) asks for every
 * vCPU of a shared CPU on every decision.
 */
static inline uint64_t vcpu_arch_timer_fires_at(const struct vcpu_arch *x,
						uint64_t cntvoff)
{
	if ((x->cntv_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
		return UINT64_MAX;
	return x->cntv_cval > UINT64_MAX - cntvoff ? UINT64_MAX
						   : x->cntv_cval + cntvoff;
}

#endif
