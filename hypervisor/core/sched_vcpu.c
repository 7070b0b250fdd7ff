/* SPDX-License-Identifier: MIT */
/*
 * The scheduler's view of one vCPU (core/sched.h): whether it could run
 * now, when its timer wakes it, and whether it was switched in ahead of
 * that timer. What its saved registers say (its virtual timer, an
 * interrupt waiting for a list register) comes from the arch's inline
 * accessors (arch/vcpu.h, arch/vgic.h): no call on the switch path.
 */
#include "core/sched.h"

#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "core/partition.h"

/* An interrupt deliverable to v waits for a list register. */
static bool sched_vcpu_irq_waiting(const struct vcpu *v)
{
	return vgic_irq_waiting(&v->partition->arch.vgic, v->index);
}

/* sched_vcpu_wake_time, inline for the two below: they run on every
 * decision and switch. */
static inline uint64_t sched_vcpu_wakes_at(const struct vcpu *v)
{
	if (!v->sched.blocked)
		return SCHED_NEVER;
	return vcpu_arch_timer_fires_at(&v->arch, v->partition->arch.cntvoff);
}

uint64_t sched_vcpu_wake_time(const struct vcpu *v)
{
	return sched_vcpu_wakes_at(v);
}

bool sched_vcpu_runnable(const struct sched_cpu *c, struct vcpu *v,
			 uint64_t now)
{
	uint32_t state = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
	uint32_t req = __atomic_load_n(&v->requests, __ATOMIC_ACQUIRE);

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
	       sched_vcpu_wakes_at(v) <= now + (v->sched.rank != 0u ? c->lead : 0u);
}

uint64_t sched_early_wake(const struct sched_cpu *c, const struct vcpu *v,
			  uint64_t now)
{
	uint64_t wake = sched_vcpu_wakes_at(v);

	if (v->sched.rank == 0u || sched_vcpu_irq_waiting(v) ||
	    wake == SCHED_NEVER || wake <= now || wake > now + c->lead)
		return 0;
	return wake;
}
