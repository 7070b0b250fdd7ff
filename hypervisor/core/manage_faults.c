/* SPDX-License-Identifier: MIT */
#define SK_HYPERVISOR 1
#include "core/manage_faults.h"

#include "arch/cpu.h"
#include "arch/spinlock.h"
#include "core/partition.h"
#include "lib/string.h"
#include "shikiri/manage_pci.h"

struct fault_ring {
	uint64_t total;
	struct sk_mgmt_fault kept[SK_MGMT_FAULTS_KEPT];
};

/* Indexed by partition id; never cleared, so a restart keeps them. */
static struct fault_ring fault_rings[SK_MAX_PARTITIONS];
static struct spinlock fault_lock;

static uint32_t fault_kind_code(enum fault_kind kind)
{
	switch (kind) {
	case FAULT_DATA_READ: return SK_MGMT_FAULT_DATA_READ;
	case FAULT_DATA_WRITE: return SK_MGMT_FAULT_DATA_WRITE;
	case FAULT_INSTRUCTION_FETCH: return SK_MGMT_FAULT_INSN_FETCH;
	case FAULT_UNDEFINED: return SK_MGMT_FAULT_UNDEFINED;
	case FAULT_SERROR: return SK_MGMT_FAULT_SERROR;
	default: return 0;
	}
}

static uint32_t fault_action(enum fault_kind kind)
{
	switch (kind) {
	case FAULT_UNDEFINED: return SK_MGMT_ACTION_UNDEF_INJECTED;
	case FAULT_SERROR: return SK_MGMT_ACTION_IGNORED;
	case FAULT_DATA_READ:
	case FAULT_DATA_WRITE:
	case FAULT_INSTRUCTION_FETCH:
	default: return SK_MGMT_ACTION_ABORT_INJECTED;
	}
}

static bool span_holds(uint64_t base, uint64_t size, uint64_t addr)
{
	return addr >= base && addr - base < size;
}

/* The node of p's configuration addr lies in: a memory region or a
 * pass-through device (a permission fault there, a stray access
 * elsewhere), or "". */
static void fault_where(const struct sk_cfg_partition *cfg, uint64_t addr,
			char out[SK_MGMT_WHERE_MAX])
{
	const char *path = "";

	for (uint32_t i = 0; i < cfg->region_count && i < SK_MAX_REGIONS; i++) {
		if (span_holds(cfg->regions[i].guest, cfg->regions[i].size, addr))
			path = cfg->regions[i].path;
	}
	for (uint32_t i = 0; i < cfg->device_count && i < SK_MAX_DEVICES; i++) {
		if (span_holds(cfg->devices[i].guest, cfg->devices[i].size, addr))
			path = cfg->devices[i].path;
	}
	(void)sk_strlcpy(out, path, SK_MGMT_WHERE_MAX);
}

static void fault_keep(const struct partition *p, struct sk_mgmt_fault *f)
{
	struct fault_ring *r;

	if (p->id >= SK_MAX_PARTITIONS)
		return;
	r = &fault_rings[p->id];
	f->time_ns = arch_counter_ticks_to_ns(arch_counter());
	f->run = p->restarts;
	spin_lock(&fault_lock);
	f->seq = r->total++;
	r->kept[f->seq % SK_MGMT_FAULTS_KEPT] = *f;
	spin_unlock(&fault_lock);
}

void manage_faults_record(const struct vcpu *v, enum fault_kind kind,
			  uint64_t addr, uint64_t esr, uint64_t pc)
{
	struct sk_mgmt_fault f = {
		.addr = addr,
		.pc = pc,
		.esr = esr,
		.kind = fault_kind_code(kind),
		.vcpu = v->index.index,
		.action = fault_action(kind),
	};

	if (kind != FAULT_UNDEFINED && kind != FAULT_SERROR)
		fault_where(v->partition->cfg, addr, f.where);
	fault_keep(v->partition, &f);
}

static uint32_t event_kind(enum partition_event event)
{
	switch (event) {
	case PARTITION_EVENT_GUEST_OFF: return SK_MGMT_FAULT_GUEST_OFF;
	case PARTITION_EVENT_ABORT_LOOP: return SK_MGMT_FAULT_ABORT_LOOP;
	case PARTITION_EVENT_WATCHDOG: return SK_MGMT_FAULT_WATCHDOG;
	case PARTITION_EVENT_DMA_FAULT: return SK_MGMT_FAULT_DMA;
	default: return 0;
	}
}

static uint32_t policy_action(uint32_t policy)
{
	switch (policy) {
	case SK_FAULT_RESTART: return SK_MGMT_ACTION_RESTARTED;
	case SK_FAULT_HALT_SYSTEM: return SK_MGMT_ACTION_HALTED;
	case SK_FAULT_STOP:
	default: return SK_MGMT_ACTION_STOPPED;
	}
}

void manage_faults_event(const struct partition *p,
			 enum partition_event event, uint32_t policy)
{
	struct sk_mgmt_fault f = {
		.kind = event_kind(event),
		.action = policy_action(policy),
	};

	fault_keep(p, &f);
}

void manage_faults_read(const struct partition *p, struct sk_mgmt_faults *out)
{
	const struct fault_ring *r;
	uint64_t first;

	(void)sk_memset(out, 0, sizeof(*out));
	if (p->id >= SK_MAX_PARTITIONS)
		return;
	r = &fault_rings[p->id];
	spin_lock(&fault_lock);
	out->total = r->total;
	first = r->total > SK_MGMT_FAULTS_KEPT ? r->total - SK_MGMT_FAULTS_KEPT : 0u;
	for (uint64_t s = first; s < r->total; s++)
		out->faults[out->count++] = r->kept[s % SK_MGMT_FAULTS_KEPT];
	spin_unlock(&fault_lock);
}
