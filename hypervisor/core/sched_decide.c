/* SPDX-License-Identifier: MIT */
/*
 * A shared CPU's decision (docs/scheduling.md): who runs from now on, with
 * the vCPUs asked to stop while switched out turned off first. The policy
 * is core/sched.c's; arch/arm64/sched_switch.c saves, restores and enters
 * what this decides.
 */
#include "core/sched.h"

#include "arch/cpu.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/sched_arch.h"
#include "core/vcpu_arch.h"

/* vCPUs of this CPU asked to stop while switched out: they are simply off
 * (their saved state is dropped; the partition reloads it to restart). */
static void sched_reap_stopped(const struct sched_cpu *c)
{
	for (uint32_t i = 0; i < c->count; i++) {
		struct vcpu *v = c->vcpus[i];

		if (v != c->current &&
		    (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_STOP) != 0u)
			(void)sched_stop_switched_out(v);
	}
}

bool sched_stop_switched_out(struct vcpu *v)
{
	const struct sched_cpu *c = sched_cpu_get(v->pcpu.index);
	const struct percpu *pc = this_cpu();

	if (c == NULL || !c->shared || pc == NULL || pc->id != v->pcpu.index ||
	    c->current == v)
		return false;
	/* Only a vCPU that is on has state to drop. One off already (it
	 * turned itself off after another CPU asked it to stop: a vCPU that
	 * lost its partition's claim) keeps a stale stop request, and the
	 * CPU restarting its partition may ask it to start at any moment
	 * (vcpu_request_start: off to on-pending): writing OFF here then
	 * would lose that start, leaving the partition running with no vCPU
	 * (found by test_redteam's SYSTEM_RESET race). The stale request
	 * goes; a start stays. An on-pending vCPU is turned off by the CPU
	 * that stops its partition (partition_stop_others), not here. */
	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON) {
		__atomic_and_fetch(&v->requests, ~VCPU_REQ_STOP, __ATOMIC_ACQ_REL);
		return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_OFF;
	}
	__atomic_and_fetch(&v->requests, ~(VCPU_REQ_STOP | VCPU_REQ_START),
			   __ATOMIC_ACQ_REL);
	v->sched.blocked = false;
	v->sched.ready_since = 0;
	vcpu_arch_retire(v);
	return true;
}

struct vcpu *sched_decide(struct sched_cpu *c, uint64_t *now)
{
	struct vcpu *next;

	__atomic_store_n(&this_cpu()->resched, 0u, __ATOMIC_RELEASE);
	*now = arch_counter();
	sched_reap_stopped(c);
	next = sched_pick(c, *now);
	sched_account(c, next, *now);
	return next;
}
