/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's decisions about one vCPU (core/sched.h): whether it
 * could run now, and whether it was switched in ahead of its timer. What
 * its registers say (its timer's wake-up time, an interrupt waiting) is
 * the arch code's (arch/arm64/sched_switch.c); host tests fake those.
 */
#include "core/sched.h"

#include "core/partition.h"

bool sched_vcpu_runnable(struct vcpu *v, uint64_t now)
{
	uint32_t state = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
	uint32_t req = __atomic_load_n(&v->requests, __ATOMIC_ACQUIRE);
	const struct sched_cpu *c = sched_cpu_get(v->pcpu);

	if (state == VCPU_ON_PENDING)
		return (req & VCPU_REQ_START) != 0u &&
		       __atomic_load_n(&v->partition->state, __ATOMIC_ACQUIRE) ==
			       PARTITION_RUNNING;
	if (state != VCPU_ON)
		return false;
	if (!v->sched.blocked || (req & VCPU_REQ_STOP) != 0u)
		return true;
	/* The running vCPU blocked just now, after looking (sched_wfi). */
	if (v == c->current)
		return false;
	/* A real-time vCPU is ready SCHED_LEAD_NS before its timer. */
	return sched_vcpu_irq_waiting(v) ||
	       sched_vcpu_wake_time(v) <= now + (v->sched.rank != 0u ? c->lead : 0u);
}

/* The timer deadline a real-time vCPU was switched in ahead of, or 0
 * when it was woken by anything else. */
uint64_t sched_early_wake(const struct vcpu *v, uint64_t now)
{
	const struct sched_cpu *c = sched_cpu_get(v->pcpu);
	uint64_t wake = sched_vcpu_wake_time(v);

	if (v->sched.rank == 0u || sched_vcpu_irq_waiting(v) || wake == SCHED_NEVER ||
	    wake <= now || wake > now + c->lead)
		return 0;
	return wake;
}
