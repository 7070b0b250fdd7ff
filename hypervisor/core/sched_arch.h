/* SPDX-License-Identifier: MIT */
/* The scheduler hooks core calls and the arch implements
 * (arch/arm64/sched_switch.c): running core/sched.c's decisions on a shared
 * CPU (docs/scheduling.md). */
#ifndef SK_CORE_SCHED_ARCH_H
#define SK_CORE_SCHED_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/percpu.h"

struct vcpu;

/* This CPU is shared (its scheduler runs). */
static inline bool sched_cpu_is_shared(void)
{
	return this_cpu()->shared != 0u;
}

/* Makes shared CPU cpu decide again at its next chance (callers kick it
 * when it is another CPU). Nothing for a dedicated CPU. */
static inline void sched_poke(uint32_t cpu)
{
	if (cpu < SK_MAX_CPUS && percpu[cpu].shared != 0u)
		__atomic_store_n(&percpu[cpu].resched, 1u, __ATOMIC_RELEASE);
}

/* This CPU was poked since it last decided. Every exit asks: cheap. */
static inline bool sched_wanted(void)
{
	return __atomic_load_n(&this_cpu()->resched, __ATOMIC_ACQUIRE) != 0u;
}
/* Decides, and switches when another vCPU (or idle) wins: then no return.
 * self: the vCPU whose exit this is (NULL when idle); keep: false when
 * self is off, so nothing of it is saved. */
void sched_run(struct vcpu *self, bool keep);
/* The running vCPU executed WFI: it blocks unless it would wake at once. */
void sched_wfi(struct vcpu *v);
/* The scheduler's timer (PPI 30) fired. */
void sched_timer_fired(void);
/* v is on this shared CPU but switched out: turns it off at once (a stop
 * request nobody else would act on). False if that is not the case. */
bool sched_stop_switched_out(struct vcpu *v);

#endif
