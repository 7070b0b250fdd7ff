/* SPDX-License-Identifier: MIT */
/* The schedulers' statistics on the console (Ctrl-] s; docs/scheduling.md). */
#include "arch/arm64/cpu.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/sched.h"

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

