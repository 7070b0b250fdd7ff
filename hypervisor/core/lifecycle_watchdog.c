/* SPDX-License-Identifier: MIT */
/*
 * The partitions' watchdogs (core/lifecycle.h): a deadline per partition,
 * armed when its vCPU 0 starts and at each kick (SK_HC_WATCHDOG_KICK),
 * checked on the EL2 timer of vCPU 0's CPU, which the arch code sets to
 * the earliest deadline there (watchdog_arch_timer_update). An expired
 * one fails its partition (partition_fail).
 */
#include "core/lifecycle.h"

#include "arch/cpu.h"
#include "core/partition.h"
#include "core/partition_log.h"

static uint64_t watchdog_period(const struct partition *p)
{
	return arch_counter_freq() / 1000u * p->cfg->watchdog_ms;
}

void watchdog_arm(struct partition *p)
{
	uint64_t deadline = p->cfg->watchdog_ms == 0 ? 0
			    : arch_counter() + watchdog_period(p);

	__atomic_store_n(&p->watchdog_deadline, deadline, __ATOMIC_RELEASE);
}

void watchdog_disarm(struct partition *p)
{
	__atomic_store_n(&p->watchdog_deadline, 0, __ATOMIC_RELEASE);
}

uint64_t watchdog_check(struct partition *p, struct vcpu *self)
{
	uint64_t deadline = __atomic_load_n(&p->watchdog_deadline,
					    __ATOMIC_ACQUIRE);

	if (deadline == 0)
		return 0;
	if (__atomic_load_n(&p->state, __ATOMIC_ACQUIRE) != PARTITION_RUNNING) {
		/* Disarmed: its CPU's EL2 timer is set from the deadlines
		 * (watchdog_arch_timer_update), and one left in the past would fire
		 * again at once, forever. Only the deadline read: one its
		 * restart armed since (after RUNNING) stays. */
		(void)__atomic_compare_exchange_n(&p->watchdog_deadline, &deadline,
						  0, false, __ATOMIC_ACQ_REL,
						  __ATOMIC_ACQUIRE);
		return 0;
	}
	if (arch_counter() < deadline)
		return deadline;
	__atomic_store_n(&p->watchdog_deadline, 0, __ATOMIC_RELEASE);
	partition_log_event(p, "partition '%s': watchdog of %u ms not kicked",
		      p->cfg->name, p->cfg->watchdog_ms);
	partition_fail(p, self, PARTITION_EVENT_WATCHDOG);
	return __atomic_load_n(&p->watchdog_deadline, __ATOMIC_ACQUIRE);
}

void watchdog_check_cpu(pcpu_t cpu, struct vcpu *running)
{
	for (uint32_t i = 0; i < partition_total(); i++) {
		struct partition *p = partition_get(i);

		if (p->vcpus[0].pcpu.index == cpu.index)
			(void)watchdog_check(p, running != NULL &&
						running->partition == p ? running : NULL);
	}
}

uint64_t watchdog_cpu_deadline(pcpu_t cpu)
{
	uint64_t first = 0;

	for (uint32_t i = 0; i < partition_total(); i++) {
		const struct partition *p = partition_get(i);
		uint64_t d = __atomic_load_n(&p->watchdog_deadline, __ATOMIC_ACQUIRE);

		if (p->vcpus[0].pcpu.index == cpu.index && d != 0 &&
		    (first == 0 || d < first))
			first = d;
	}
	return first;
}
