/* SPDX-License-Identifier: MIT */
#define SK_HYPERVISOR 1
#include "core/manage.h"

#include "arch/cpu.h"
#include "core/audit.h"
#include "core/guest_mem.h"
#include "core/lifecycle.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/sched.h"
#include "lib/array.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"
#include "shikiri/manage_pci.h"

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
		uint64_t light_hc = __atomic_load_n(&e->light_hypercalls, __ATOMIC_RELAXED);
		uint64_t light_mmio = __atomic_load_n(&e->light_mmio, __ATOMIC_RELAXED);

		out->exits += __atomic_load_n(&e->exits, __ATOMIC_RELAXED) + fast +
			      light_hc + light_mmio;
		out->exits_hypercall += __atomic_load_n(&e->exits_hypercall, __ATOMIC_RELAXED) +
					light_hc;
		out->exits_mmio += __atomic_load_n(&e->exits_mmio, __ATOMIC_RELAXED) +
				   light_mmio;
		out->exits_sysreg += __atomic_load_n(&e->exits_sysreg, __ATOMIC_RELAXED);
		out->exits_irq += __atomic_load_n(&e->exits_irq, __ATOMIC_RELAXED) + fast;
		out->irqs_injected += fast;
	}
}

/* The exits the light path answered (arch/arm64/trap.c), already in the
 * stats line's exits, hypercall and mmio counts: a line of its own, so
 * the stats line stays the one shikiri-ctl prints (tests read it), and
 * only for a partition that had any. */
static void manage_print_light(const struct partition *p)
{
	uint64_t hc = 0;
	uint64_t mmio = 0;

	for (uint32_t i = 0; i < p->vcpu_count && i < SK_MAX_CPUS; i++) {
		const struct vcpu_exit_stats *e = &p->vcpus[i].exit_stats;

		hc += __atomic_load_n(&e->light_hypercalls, __ATOMIC_RELAXED);
		mmio += __atomic_load_n(&e->light_mmio, __ATOMIC_RELAXED);
	}
	if (hc == 0u && mmio == 0u)
		return;
	log_line("stats '%s' light exits: hypercall %llu, mmio %llu",
		 p->cfg->name, (unsigned long long)hc, (unsigned long long)mmio);
}

/* The granules its guest's first touch cleared (core/partition_mem.h): a
 * line of its own, like the light exits', for a partition that had any. */
static void manage_print_granules(const struct partition *p)
{
	uint64_t n = STAT_LOAD(p, granule_faults);

	if (n != 0u)
		log_line("stats '%s' memory: %llu granules cleared on first touch",
			 p->cfg->name, (unsigned long long)n);
}

void manage_print_stats(void)
{
	sched_print_stats();
	for (uint32_t i = 0; i < partition_total(); i++) {
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
		manage_print_light(p);
		manage_print_granules(p);
	}
}

/* ---- what a manager may do, by hypercall or through its PCI function ---- */

struct partition *manage_partition(uint64_t id)
{
	/* partition_get bounds the id (under speculation too). */
	return id <= UINT32_MAX ? partition_get((uint32_t)id) : NULL;
}

bool manage_stop(struct vcpu *v, struct partition *t)
{
	bool was_running;

	audit_note(v->partition, SK_AUDIT_OP_STOP, t->id, SK_AUDIT_DONE);
	/* Recorded first: a restart of t under way (its state STOPPED until
	 * it is done) sees it before it lets t run (partition_restart), or
	 * this sees t RUNNING and stops it. */
	__atomic_store_n(&t->stop_requested, 1u, __ATOMIC_SEQ_CST);
	was_running = __atomic_load_n(&t->state, __ATOMIC_SEQ_CST) ==
		      PARTITION_RUNNING;
	if (was_running)
		partition_stop(t, v, "stopped by the manager");
	return was_running;
}

void manage_restart(struct vcpu *v, struct partition *t)
{
	audit_note(v->partition, SK_AUDIT_OP_RESTART, t->id, SK_AUDIT_DONE);
	__atomic_store_n(&t->stop_requested, 0u, __ATOMIC_SEQ_CST);
	partition_restart(t, v, "restarted by the manager");
}

static uint32_t manage_cpu_mask(const struct partition *t)
{
	uint32_t mask = 0;

	for (uint32_t i = 0; i < t->cfg->cpu_count && i < SK_MAX_CPUS; i++) {
		if (t->cfg->cpus[i] < 32u)
			mask |= 1u << t->cfg->cpus[i];
	}
	return mask;
}

void manage_partition_info(const struct partition *t,
			   struct sk_mgmt_partition *out)
{
	bool running = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) ==
		       PARTITION_RUNNING;

	*out = (struct sk_mgmt_partition){
		.version = SK_MGMT_PARTITION_VERSION,
		.size = sizeof(*out),
		.id = t->id,
		.state = running ? SK_PARTITION_RUNNING : SK_PARTITION_STOPPED,
		.vcpus = t->vcpu_count,
		.cpus = manage_cpu_mask(t),
		.sched_class = t->cfg->sched_class == SK_SCHED_REALTIME
			? SK_MGMT_CLASS_REALTIME : SK_MGMT_CLASS_BEST_EFFORT,
		.priority = t->cfg->priority,
		.fault_policy = t->cfg->fault_policy,
		.manager = t->cfg->manager,
		.restarts = STAT_LOAD(t, restarts),
		.faults = STAT_LOAD(t, faults),
		.denied = STAT_LOAD(t, denied),
		/* CNTVOFF_EL2 is the counter at its last start. */
		.uptime_ns = running ? arch_counter_ticks_to_ns(
			arch_counter() - t->arch.cntvoff) : 0u,
	};
	(void)sk_strlcpy(out->name, t->cfg->name, sizeof(out->name));
}

/* ---- management hypercalls: decode (target, right), then act ---- */

static void manage_status(uint64_t regs[4], int64_t status)
{
	regs[0] = (uint64_t)status;
}

/* A call only a manager may make, from one that is not: counted, logged
 * as "denied <what> of <kind> <x1>", audited (op), answered SK_E_DENIED. */
static void manage_refuse(struct partition *self, uint64_t regs[4],
			  const char *what, const char *kind, uint32_t op)
{
	PARTITION_STAT_INC(self, denied);
	audit_note(self, op, regs[1], SK_AUDIT_NOT_MANAGER);
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

	if (!guest_range_to_host(v->partition, gpa_of(regs[2]), n,
				 SK_ACCESS_WRITE, &hpa)) {
		manage_status(regs, SK_E_BAD_ADDRESS);
		return;
	}
	(void)guest_copy_to(v->partition, gpa_of(regs[2]), src, (size_t)n);
	manage_status(regs, SK_OK);
	regs[1] = n;
}

/* The partition a call names, or NULL after answering the caller. Others
 * than itself only for a manager; a refusal is counted, audited as op and
 * logged. */
static struct partition *manage_target(struct vcpu *v, uint64_t regs[4],
				       bool others_only_for_manager,
				       const char *what, uint32_t op)
{
	struct partition *self = v->partition;
	struct partition *t;

	/* Rights first: a partition that may not ask learns nothing, not
	 * even whether the id exists. */
	if (!self->cfg->manager &&
	    (!others_only_for_manager || regs[1] != self->id)) {
		manage_refuse(self, regs, what, "partition", op);
		return NULL;
	}
	t = manage_partition(regs[1]);
	if (t == NULL)
		manage_status(regs, SK_E_INVALID_PARAMETER);
	return t;
}

static void hc_partition_status(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, true, "the status",
					   SK_AUDIT_OP_QUERY);

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
	struct partition *t = manage_target(v, regs, false, "a stop",
					    SK_AUDIT_OP_STOP);

	if (t == NULL)
		return;
	manage_status(regs, SK_OK);
	(void)manage_stop(v, t);
}

static void hc_partition_restart(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, false, "a restart",
					    SK_AUDIT_OP_RESTART);

	if (t == NULL)
		return;
	manage_status(regs, SK_OK);
	manage_restart(v, t);
}

static void hc_partition_stats(struct vcpu *v, uint64_t regs[4])
{
	struct partition *t = manage_target(v, regs, true, "the statistics",
					   SK_AUDIT_OP_QUERY);
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
		manage_refuse(v->partition, regs, "the scheduler statistics",
			      "CPU", SK_AUDIT_OP_QUERY);
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
