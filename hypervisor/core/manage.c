/* SPDX-License-Identifier: MIT */
#include "core/manage.h"

#include "core/guest_mem.h"
#include "core/lifecycle.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/sched.h"
#include "lib/array.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"

/* ---- statistics ---- */

#define STAT_LOAD(p, field) __atomic_load_n(&(p)->stats.field, __ATOMIC_RELAXED)

void manage_stats_snapshot(const struct partition *p,
			   struct sk_partition_stats *out)
{
	*out = (struct sk_partition_stats){
		.version = SK_PARTITION_STATS_VERSION,
		.size = sizeof(*out),
		.faults = STAT_LOAD(p, faults),
		.irqs_injected = STAT_LOAD(p, irqs_injected),
		.restarts = STAT_LOAD(p, restarts),
		.denied = STAT_LOAD(p, denied),
		.dma_faults = STAT_LOAD(p, dma_faults),
	};
	/* Exits are counted per vCPU, without atomics. */
	for (uint32_t i = 0; i < p->vcpu_count && i < SK_MAX_CPUS; i++) {
		const struct vcpu_exit_stats *e = &p->vcpus[i].exit_stats;
		uint64_t fast = __atomic_load_n(&e->fast_irqs, __ATOMIC_RELAXED);

		out->exits += __atomic_load_n(&e->exits, __ATOMIC_RELAXED) + fast;
		out->exits_hypercall += __atomic_load_n(&e->exits_hypercall, __ATOMIC_RELAXED);
		out->exits_mmio += __atomic_load_n(&e->exits_mmio, __ATOMIC_RELAXED);
		out->exits_sysreg += __atomic_load_n(&e->exits_sysreg, __ATOMIC_RELAXED);
		out->exits_irq += __atomic_load_n(&e->exits_irq, __ATOMIC_RELAXED) + fast;
		out->irqs_injected += fast;
	}
}

void manage_print_stats(void)
{
	sched_print_stats();
	for (uint32_t i = 0; i < partition_count(); i++) {
		const struct partition *p = partition_get(i);
		struct sk_partition_stats st;

		manage_stats_snapshot(p, &st);
		log_line("stats '%s' (%s): exits %llu (hypercall %llu, mmio %llu, sysreg %llu, irq %llu), faults %llu, dma faults %llu, irqs injected %llu, restarts %llu, denied %llu",
			 p->cfg->name,
			 p->state == PARTITION_RUNNING ? "running" : "stopped",
			 (unsigned long long)st.exits,
			 (unsigned long long)st.exits_hypercall,
			 (unsigned long long)st.exits_mmio,
			 (unsigned long long)st.exits_sysreg,
			 (unsigned long long)st.exits_irq,
			 (unsigned long long)st.faults,
			 (unsigned long long)st.dma_faults,
			 (unsigned long long)st.irqs_injected,
			 (unsigned long long)st.restarts,
			 (unsigned long long)st.denied);
	}
}

/* ---- management hypercalls: decode (target, right), then act ---- */

static void manage_status(uint64_t regs[4], int64_t status)
{
	regs[0] = (uint64_t)status;
}

/* The partition a call names, or NULL after answering the caller. Others
 * than itself only for a manager; a refusal is counted and logged. */
/* A call only a manager may make, from one that is not: counted, logged
 * as "denied <what> of <kind> <x1>", answered SK_E_DENIED. */
static void manage_refuse(struct partition *self, uint64_t regs[4],
			  const char *what, const char *kind)
{
	PARTITION_STAT_INC(self, denied);
	partition_log(self, "partition '%s' denied %s of %s %llu: not a manager",
		      self->cfg->name, what, kind, (unsigned long long)regs[1]);
	manage_status(regs, SK_E_DENIED);
}

/* Copies a statistics struct into the caller at x2, at most x3 bytes;
 * x1 = bytes copied. */
static void manage_copy_out(struct vcpu *v, uint64_t regs[4], const void *src,
			    uint64_t size)
{
	uint64_t n = regs[3] < size ? regs[3] : size;
	hpa_t hpa;

	if (!guest_range_to_host(v->partition->cfg, gpa_of(regs[2]), n,
				 SK_ACCESS_WRITE, &hpa)) {
		manage_status(regs, SK_E_BAD_ADDRESS);
		return;
	}
	(void)guest_copy_to(v->partition->cfg, gpa_of(regs[2]), src, (size_t)n);
	manage_status(regs, SK_OK);
	regs[1] = n;
}

static struct partition *manage_target(struct vcpu *v, uint64_t regs[4],
				       bool others_only_for_manager,
				       const char *what)
{
	struct partition *self = v->partition;
	struct partition *t;

	/* Rights first: a partition that may not ask learns nothing, not
	 * even whether the id exists. */
	if (!self->cfg->manager &&
	    (!others_only_for_manager || regs[1] != self->id)) {
		manage_refuse(self, regs, what, "partition");
		return NULL;
	}
	t = regs[1] <= UINT32_MAX ? partition_get((uint32_t)regs[1]) : NULL;
	if (t == NULL)
		manage_status(regs, SK_E_INVALID_PARAMETER);
	return t;
}

static void hc_partition_status(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, true, "the status");

	if (t == NULL)
		return;
	manage_status(regs, SK_OK);
	regs[1] = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING
		? SK_PARTITION_RUNNING : SK_PARTITION_STOPPED;
	regs[2] = t->restarts;
	regs[3] = t->vcpu_count;
}

static void hc_partition_stop(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, false, "a stop");

	if (t == NULL)
		return;
	manage_status(regs, SK_OK);
	/* Recorded first: a restart of t under way (its state STOPPED until
	 * it is done) sees it before it lets t run (partition_restart), or
	 * this sees t RUNNING and stops it. */
	__atomic_store_n(&t->stop_requested, 1u, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&t->state, __ATOMIC_SEQ_CST) == PARTITION_RUNNING)
		partition_stop(t, v, "stopped by the manager");
}

static void hc_partition_restart(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, false, "a restart");

	if (t == NULL)
		return;
	manage_status(regs, SK_OK);
	__atomic_store_n(&t->stop_requested, 0u, __ATOMIC_SEQ_CST);
	partition_restart(t, v, "restarted by the manager");
}

static void hc_partition_stats(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, true, "the statistics");
	struct sk_partition_stats st;

	if (t == NULL)
		return;
	manage_stats_snapshot(t, &st);
	manage_copy_out(v, regs, &st, sizeof(st));
}

static void hc_sched_stats(struct vcpu *v, uint64_t regs[4])
{
	struct sk_sched_stats st;

	if (!v->partition->cfg->manager) {
		manage_refuse(v->partition, regs, "the scheduler statistics", "CPU");
		return;
	}
	if (regs[1] >= SK_MAX_CPUS ||
	    !sched_snapshot((uint32_t)regs[1], &st)) {
		manage_status(regs, SK_E_INVALID_PARAMETER);
		return;
	}
	manage_copy_out(v, regs, &st, sizeof(st));
}

static void hc_watchdog_kick(struct vcpu *v, uint64_t regs[4])
{
	struct partition *p = v->partition;

	if (p->cfg->watchdog_ms != 0)
		watchdog_arm(p);
	manage_status(regs, SK_OK);
	regs[1] = p->cfg->watchdog_ms;
}

const struct hc_desc manage_table[] = {
	{ SK_HC_PARTITION_STATUS, hc_partition_status },
	{ SK_HC_PARTITION_STOP, hc_partition_stop },
	{ SK_HC_PARTITION_RESTART, hc_partition_restart },
	{ SK_HC_PARTITION_STATS, hc_partition_stats },
	{ SK_HC_WATCHDOG_KICK, hc_watchdog_kick },
	{ SK_HC_SCHED_STATS, hc_sched_stats },
};

const size_t manage_table_len = ARRAY_SIZE(manage_table);
