/* SPDX-License-Identifier: MIT */
/* The schedulers' statistics on the console (Ctrl-] s; docs/scheduling.md). */
#include "arch/cpu.h"
#include "arch/nospec.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/sched.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"

#define NS_PER_US 1000u

/* Shared CPUs: switches, idle time, worst real-time wake-up latency, and
 * each vCPU's run time (docs/scheduling.md), from the same snapshot the
 * hypercall gives. */
void sched_print_stats(void)
{
	struct sk_sched_stats st;

	for (uint32_t cpu = 0; cpu < SK_MAX_CPUS; cpu++) {
		if (!sched_snapshot(cpu, &st) || st.shared == 0u)
			continue;
		log_line("sched CPU%u: switches %llu, idle %llu us, real-time wake-ups %llu, worst wake-up latency %llu ns, average switch %llu ns",
			 cpu, (unsigned long long)st.switches,
			 (unsigned long long)(st.idle_ns / NS_PER_US),
			 (unsigned long long)st.rt_wakeups,
			 (unsigned long long)st.worst_rt_latency_ns,
			 (unsigned long long)st.average_switch_ns);
		for (uint32_t i = 0; i < st.vcpu_count; i++) {
			const struct sk_sched_vcpu *v = &st.vcpus[i];

			log_line("sched CPU%u: '%s' vCPU%u (%s %u) ran %llu us",
				 cpu, partition_get(v->partition)->cfg->name, v->vcpu,
				 v->priority != 0u ? "realtime" : "best-effort",
				 v->priority,
				 (unsigned long long)(v->run_ns / NS_PER_US));
		}
	}
}

bool sched_snapshot(uint32_t cpu, struct sk_sched_stats *st)
{
	const struct sched_cpu *c;

	/* The one place a guest chooses the CPU (SK_HC_SCHED_STATS): clamped
	 * under speculation here (arch/nospec.h), not in sched_cpu_get, which
	 * every exit calls with its own CPU. */
	if (cpu >= SK_MAX_CPUS)
		return false;
	c = sched_cpu_get((uint32_t)index_nospec(cpu, SK_MAX_CPUS));
	if (c == NULL)
		return false;
	(void)sk_memset(st, 0, sizeof(*st));
	st->version = SK_SCHED_STATS_VERSION;
	st->size = (uint32_t)sizeof(*st);
	st->cpu = cpu;
	if (!c->shared)
		return true;
	st->shared = 1;
	st->switches = c->stats.switches;
	st->idle_ns = arch_counter_ticks_to_ns(c->stats.idle_ticks);
	st->rt_wakeups = c->stats.rt_wakeups;
	st->worst_rt_latency_ns = arch_counter_ticks_to_ns(c->stats.worst_rt_latency);
	st->average_switch_ns = c->stats.switch_count != 0u
		? arch_counter_ticks_to_ns(c->stats.switch_ticks / c->stats.switch_count) : 0u;
	for (uint32_t i = 0; i < c->count && i < SK_SCHED_STATS_VCPUS; i++) {
		const struct vcpu *v = c->vcpus[i];

		st->vcpus[i].partition = v->partition->id;
		st->vcpus[i].vcpu = v->index.index;
		st->vcpus[i].priority = v->sched.rank;
		st->vcpus[i].run_ns = arch_counter_ticks_to_ns(v->sched.run_ticks);
		st->vcpu_count = i + 1u;
	}
	return true;
}
