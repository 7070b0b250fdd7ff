/* SPDX-License-Identifier: MIT */
/* The schedulers' statistics on the console (Ctrl-] s; docs/scheduling.md). */
#include "arch/arm64/cpu.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/sched.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"

static unsigned long long ticks_to_us(uint64_t ticks)
{
	uint64_t freq = arch_counter_freq();

	return (unsigned long long)(ticks / freq * 1000000u +
				    ticks % freq * 1000000u / freq);
}

/* Shared CPUs: switches, idle time, worst real-time wake-up latency, and
 * each vCPU's run time (docs/scheduling.md). */
void sched_print_stats(void)
{
	uint64_t ns_per_tick_x16 = 16000000000ull / arch_counter_freq();

	for (uint32_t cpu = 0; cpu < SK_MAX_CPUS; cpu++) {
		const struct sched_cpu *c = sched_cpu_get(cpu);

		if (!c->shared)
			continue;
		uint64_t avg = c->stats.switch_count != 0u
				       ? c->stats.switch_ticks / c->stats.switch_count : 0u;

		log_line("sched CPU%u: switches %llu, idle %llu us, real-time wake-ups %llu, worst wake-up latency %llu ns, average switch %llu ns",
			 cpu, (unsigned long long)c->stats.switches,
			 ticks_to_us(c->stats.idle_ticks),
			 (unsigned long long)c->stats.rt_wakeups,
			 (unsigned long long)(c->stats.worst_rt_latency *
					      ns_per_tick_x16 / 16u),
			 (unsigned long long)(avg * ns_per_tick_x16 / 16u));
		for (uint32_t i = 0; i < c->count; i++) {
			const struct vcpu *v = c->vcpus[i];

			log_line("sched CPU%u: '%s' vCPU%u (%s %u) ran %llu us",
				 cpu, v->partition->cfg->name, v->index,
				 v->sched.rank != 0 ? "realtime" : "best-effort",
				 v->sched.rank, ticks_to_us(v->sched.run_ticks));
		}
	}
}


static uint64_t ticks_to_ns(uint64_t ticks)
{
	uint64_t freq = arch_counter_freq();

	return ticks / freq * 1000000000u + ticks % freq * 1000000000u / freq;
}

bool sched_snapshot(uint32_t cpu, struct sk_sched_stats *st)
{
	const struct sched_cpu *c = sched_cpu_get(cpu);

	if (c == NULL)
		return false;
	sk_memset(st, 0, sizeof(*st));
	st->version = SK_SCHED_STATS_VERSION;
	st->size = (uint32_t)sizeof(*st);
	st->cpu = cpu;
	if (!c->shared)
		return true;
	st->shared = 1;
	st->switches = c->stats.switches;
	st->idle_ns = ticks_to_ns(c->stats.idle_ticks);
	st->rt_wakeups = c->stats.rt_wakeups;
	st->worst_rt_latency_ns = ticks_to_ns(c->stats.worst_rt_latency);
	st->average_switch_ns = c->stats.switch_count != 0u
		? ticks_to_ns(c->stats.switch_ticks / c->stats.switch_count) : 0u;
	for (uint32_t i = 0; i < c->count && i < SK_SCHED_STATS_VCPUS; i++) {
		const struct vcpu *v = c->vcpus[i];

		st->vcpus[i].partition = v->partition->id;
		st->vcpus[i].vcpu = v->index;
		st->vcpus[i].priority = v->sched.rank;
		st->vcpus[i].run_ns = ticks_to_ns(v->sched.run_ticks);
		st->vcpu_count = i + 1u;
	}
	return true;
}
