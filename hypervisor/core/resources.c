/* SPDX-License-Identifier: MIT */
/* The resource report: collected from the running hypervisor, printed
 * one line per pool (core/resources.h, docs/architecture.md). */
#include "core/resources.h"

#include "arch/cpu.h"
#include "arch/spinlock.h"
#include "arch/stage2.h"
#include "arch/vgic.h"
#include "core/audit.h"
#include "core/channel.h"
#include "core/log.h"
#include "core/log_budget.h"
#include "core/manage.h"
#include "core/partition.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"

#define NS_PER_MS 1000000u
/* Room for the longest line: a partition's, with its name. */
#define RESOURCES_LINE_MAX 192u

static void resources_count_vcpu(struct resources *r, uint32_t state)
{
	switch (state) {
	case VCPU_ON: r->vcpus_on++; break;
	case VCPU_ON_PENDING: r->vcpus_on_pending++; break;
	case VCPU_OFF:
	default: r->vcpus_off++; break;
	}
}

/* The entry of CPU cpu in r->cpus, added on first sight. */
static struct resources_cpu *resources_cpu_of(struct resources *r,
					      pcpu_t cpu)
{
	for (uint32_t i = 0; i < r->cpu_count; i++) {
		if (r->cpus[i].cpu == cpu.index)
			return &r->cpus[i];
	}
	if (r->cpu_count >= SK_MAX_CPUS)
		return NULL;
	r->cpus[r->cpu_count].cpu = cpu.index;
	return &r->cpus[r->cpu_count++];
}

static void resources_collect_vcpus(struct resources *r, struct partition *p)
{
	for (uint32_t i = 0; i < p->vcpu_count && i < SK_MAX_CPUS; i++) {
		const struct vcpu *v = &p->vcpus[i];
		uint32_t state = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
		struct resources_cpu *c = resources_cpu_of(r, v->pcpu);
		struct vgic_lr_usage lrs;

		resources_count_vcpu(r, state);
		if (c == NULL)
			continue;
		vgic_lr_usage(&p->arch.vgic, v->index, &lrs);
		c->vcpus_on += state == VCPU_ON ? 1u : 0u;
		c->lrs_held += lrs.held;
		c->lrs_stale += lrs.stale;
	}
}

static void resources_collect_partition(struct resources *r,
					struct partition *p)
{
	struct resources_partition *out = &r->partitions[r->partition_count++];
	struct sk_partition_stats st;
	bool running = __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) ==
		       PARTITION_RUNNING;

	out->name = p->cfg->name;
	out->running = running;
	r->partitions_running += running ? 1u : 0u;
	r->partitions_stopped += running ? 0u : 1u;
	r->vmids_used += p->arch.vmid != 0u ? 1u : 0u;
	spin_lock(&p->log_lock);
	out->log_tokens = log_budget_tokens(&p->log_budget, arch_counter(),
					    arch_counter_freq());
	out->log_suppressed = p->log_budget.suppressed;
	spin_unlock(&p->log_lock);
	manage_stats_snapshot(p, &st);
	out->faults = st.faults;
	out->denied = st.denied;
	out->restarts = st.restarts;
	resources_collect_vcpus(r, p);
}

void resources_collect(struct resources *r)
{
	uint32_t stage2_count;

	(void)sk_memset(r, 0, sizeof(*r));
	r->uptime_ms = arch_counter_ticks_to_ns(arch_counter()) / NS_PER_MS;
	for (uint32_t id = 0; id < partition_total() && id < SK_MAX_PARTITIONS; id++)
		resources_collect_partition(r, partition_get(id));
	/* VMID 0 is nobody's. */
	r->vmids_free = STAGE2_VMID_COUNT - 1u - r->vmids_used;
	r->channels = channel_declared();
	r->doorbells_pending = channel_doorbells_pending();
	stage2_pool_usage(&r->stage2_pages_used, &stage2_count);
	r->stage2_pages_free = stage2_count - r->stage2_pages_used;
	audit_usage(&r->audit_records, &r->audit_held);
	r->audit_size = AUDIT_RING_SIZE;
}

void resources_print(void)
{
	struct resources r; /* about 600 bytes of a 16 KiB stack */
	char line[RESOURCES_LINE_MAX];

	resources_collect(&r);
	for (uint32_t i = 0; resources_format(&r, i, line, sizeof(line)); i++)
		log_line("%s", line);
}
