/* SPDX-License-Identifier: MIT */
/* The scheduler hooks core calls and the arch implements
 * (arch/arm64/sched_switch.c): running core's decisions (core/sched.h) on
 * a shared CPU (docs/scheduling.md). */
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

/* Pokes that arrive while a switch is under way (another CPU's IPI to a
 * vCPU here) are decided on at once, this many times at most; after that
 * at the next exit. */
#define SCHED_MAX_REDECIDE 8u

/* After decision turn of one switch (0: the first), whether to decide
 * again at once: poked since, with decisions to spare. */
static inline bool sched_redecide_now(uint32_t turn)
{
	return sched_wanted() && turn + 1u < SCHED_MAX_REDECIDE;
}

/* Decides, and switches when another vCPU (or idle) wins: then no return.
 * self: the vCPU whose exit this is (NULL when idle); keep: false when
 * self is off, so nothing of it is saved. */
void sched_run(struct vcpu *self, bool keep);
/* The running vCPU executed WFI: it blocks unless it would wake at once. */
void sched_wfi(struct vcpu *v);
/* The scheduler's timer (PPI 30) fired. */
void sched_timer_fired(void);

#endif
