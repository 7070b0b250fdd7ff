/* SPDX-License-Identifier: MIT */
#include "fuzz_system.h"

#include <stdio.h>
#include <string.h>

#include "core/audit.h"
#include "core/channel.h"
#include "fuzz_check.h"
#include "stubs/fake_cache.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_partition.h"
#include "core/console.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vcpu.h"
#include "stubs/fake_vgic.h"

#define FS_POOL_PAGES 64u
#define FS_CHAN_GPA 0x48000000ull /* + id * FS_CHAN_SIZE */
/* A pci endpoint's memory is its BAR: in the PCI window, size aligned. */
#define FS_PCI_BAR_GPA 0x10100000ull /* + id * 0x100000 */
#define RW_NOTIFY (SK_RIGHT_READ | SK_RIGHT_WRITE | SK_RIGHT_NOTIFY)

struct partition fs_part[FS_PARTITIONS];
struct sk_config fs_cfg;
struct fs_ram fs_ram[FS_PARTITIONS];
struct fs_ram fs_ro;
_Alignas(4096) uint8_t fs_chan[FS_CHANNELS][FS_CHAN_SIZE];

static _Alignas(4096) uint64_t fs_pool_pages[FS_POOL_PAGES][PT_ENTRIES];
static struct pt_pool fs_pool = { fs_pool_pages, FS_POOL_PAGES, 0 };
static struct partition *const fs_table[FS_PARTITIONS] = {
	&fs_part[0], &fs_part[1], &fs_part[2], &fs_part[3],
};

static const char *const fs_names[FS_PARTITIONS] = {
	"boss", "alpha", "beta", "gamma",
};

static void fs_ram_init(struct fs_ram *r, uint8_t fill)
{
	memset(r->before, FS_GUARD_BYTE, sizeof(r->before));
	memset(r->mem, fill, sizeof(r->mem));
	memset(r->after, FS_GUARD_BYTE, sizeof(r->after));
}

static void fs_partition_cfg(uint32_t i)
{
	struct sk_cfg_partition *c = &fs_cfg.partitions[i];

	snprintf(c->name, sizeof(c->name), "%s", fs_names[i]);
	snprintf(c->path, sizeof(c->path), "/partitions/%s", fs_names[i]);
	c->cpu_count = i == FS_ALPHA ? 2u : 1u;
	c->region_count = 1;
	c->regions[0] = (struct sk_cfg_region){
		.phys = (uint64_t)(uintptr_t)fs_ram[i].mem, .guest = FS_RAM_GPA,
		.size = FS_RAM_SIZE,
		.access = SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC,
	};
	c->console = i == FS_ALPHA || i == FS_GAMMA ? SK_CONSOLE_HYPERCALL
						    : SK_CONSOLE_NONE;
	c->manager = i == FS_BOSS;
	c->watchdog_ms = i == FS_GAMMA ? FS_WATCHDOG_MS : 0u;
	if (i == FS_ALPHA) {
		c->region_count = 2;
		c->regions[1] = (struct sk_cfg_region){
			.phys = (uint64_t)(uintptr_t)fs_ro.mem, .guest = FS_RO_GPA,
			.size = FS_RO_SIZE, .access = SK_ACCESS_READ,
		};
	}
}

static void fs_endpoint_cfg(struct sk_cfg_endpoint *e, uint32_t id,
			    uint32_t pid, uint32_t rights, uint32_t interface)
{
	snprintf(e->partition, sizeof(e->partition), "%s", fs_names[pid]);
	snprintf(e->path, sizeof(e->path), "/channels/%u/%s", id, fs_names[pid]);
	e->guest = interface == SK_ENDPOINT_PCI
		? FS_PCI_BAR_GPA + (uint64_t)id * 0x100000u
		: FS_CHAN_GPA + (uint64_t)id * FS_CHAN_SIZE;
	e->rights = rights;
	/* Doorbells 48.. in channel order, two per channel. */
	e->doorbell = 48u + 2u * id;
	e->interface = interface;
}

static void fs_channel_cfg(uint32_t id, const char *name, uint32_t a,
			   uint32_t ra, uint32_t ia, uint32_t b, uint32_t rb,
			   uint32_t ib)
{
	struct sk_cfg_channel *ch = &fs_cfg.channels[id];

	snprintf(ch->name, sizeof(ch->name), "%s", name);
	snprintf(ch->path, sizeof(ch->path), "/channels/%s", name);
	ch->phys = (uint64_t)(uintptr_t)fs_chan[id];
	ch->size = FS_CHAN_SIZE;
	ch->endpoint_count = 2;
	fs_endpoint_cfg(&ch->endpoints[0], id, a, ra, ia);
	fs_endpoint_cfg(&ch->endpoints[1], id, b, rb, ib);
	ch->endpoints[1].doorbell = ch->endpoints[0].doorbell + 1u;
}

void fs_build(uint8_t fill)
{
	char err[128] = "";

	memset(&fs_cfg, 0, sizeof(fs_cfg));
	memset(fs_part, 0, sizeof(fs_part));
	memset(fs_pool_pages, 0, sizeof(fs_pool_pages));
	fs_pool.used = 0;
	fs_ram_init(&fs_ro, (uint8_t)~fill);
	fs_cfg.partition_count = FS_PARTITIONS;
	for (uint32_t i = 0; i < FS_PARTITIONS; i++) {
		struct partition *p = &fs_part[i];

		fs_ram_init(&fs_ram[i], (uint8_t)(fill + i));
		fs_partition_cfg(i);
		p->id = i;
		p->cfg = &fs_cfg.partitions[i];
		p->vcpu_count = fs_cfg.partitions[i].cpu_count;
		p->state = PARTITION_RUNNING;
		p->arch.vgic.partition = p;
		for (uint32_t v = 0; v < p->vcpu_count; v++) {
			p->vcpus[v].partition = p;
			p->vcpus[v].index = vcpu_index_of(v);
			p->vcpus[v].pcpu = pcpu_of(i + v);
			p->vcpus[v].state = VCPU_ON;
		}
		FUZZ_ASSERT(pt_init(&p->arch.stage2, &fs_pool, 39, 1ull << 48) == PT_OK);
	}
	fs_cfg.channel_count = FS_CHANNELS;
	fs_channel_cfg(0, "ring", FS_ALPHA, RW_NOTIFY, SK_ENDPOINT_HYPERCALL,
		       FS_BETA, RW_NOTIFY, SK_ENDPOINT_PCI);
	fs_channel_cfg(1, "status", FS_ALPHA, SK_RIGHT_READ, SK_ENDPOINT_HYPERCALL,
		       FS_BETA, RW_NOTIFY, SK_ENDPOINT_HYPERCALL);
	fs_channel_cfg(2, "log", FS_BETA, SK_RIGHT_READ, SK_ENDPOINT_PCI,
		       FS_GAMMA, RW_NOTIFY, SK_ENDPOINT_HYPERCALL);
	fs_channel_cfg(3, "control", FS_BOSS, SK_RIGHT_READ | SK_RIGHT_NOTIFY,
		       SK_ENDPOINT_HYPERCALL, FS_GAMMA, SK_RIGHT_READ,
		       SK_ENDPOINT_HYPERCALL);
	fake_partition_set_table(fs_table, FS_PARTITIONS);
	fake_partition_set_focus(&fs_part[FS_ALPHA]);
	fake_counter_reset();
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	fake_cache_reset();
	fake_vcpu_reset();
	FUZZ_ASSERT(channels_create(&fs_cfg, err, sizeof(err)));
	fake_vgic_reset();
	fake_cache_reset();
	/* Channel memory as a guest would have left it: not all zero. */
	for (uint32_t id = 0; id < FS_CHANNELS; id++)
		memset(fs_chan[id], (int)(fill ^ (0x11u * (id + 1u))), FS_CHAN_SIZE);
}

void fs_snapshot(struct fs_state *s)
{
	memcpy(s->part, fs_part, sizeof(s->part));
	memcpy(s->ram, fs_ram, sizeof(s->ram));
	memcpy(&s->ro, &fs_ro, sizeof(s->ro));
	memcpy(s->chan, fs_chan, sizeof(s->chan));
}

static bool fs_guard_ok(const struct fs_ram *r)
{
	for (size_t i = 0; i < FS_GUARD; i++) {
		if (r->before[i] != FS_GUARD_BYTE || r->after[i] != FS_GUARD_BYTE)
			return false;
	}
	return true;
}

bool fs_guards_intact(void)
{
	for (uint32_t i = 0; i < FS_PARTITIONS; i++) {
		if (!fs_guard_ok(&fs_ram[i]))
			return false;
	}
	return fs_guard_ok(&fs_ro);
}

/* The auditor: a manager with one page of RAM, in no partition table. */
static struct sk_cfg_partition fs_auditor_cfg;
static struct partition fs_auditor;
static _Alignas(8) uint8_t fs_auditor_ram[4096];

static void fs_audit_read(uint64_t first, uint64_t regs[4])
{
	if (fs_auditor.cfg == NULL) {
		snprintf(fs_auditor_cfg.name, sizeof(fs_auditor_cfg.name), "auditor");
		fs_auditor_cfg.manager = 1;
		fs_auditor_cfg.region_count = 1;
		fs_auditor_cfg.regions[0] = (struct sk_cfg_region){
			.phys = (uint64_t)(uintptr_t)fs_auditor_ram,
			.guest = FS_RAM_GPA, .size = sizeof(fs_auditor_ram),
			.access = SK_ACCESS_READ | SK_ACCESS_WRITE,
		};
		fs_auditor.id = FS_PARTITIONS;
		fs_auditor.cfg = &fs_auditor_cfg;
		fs_auditor.vcpu_count = 1;
		fs_auditor.vcpus[0].partition = &fs_auditor;
	}
	regs[0] = SK_HC_AUDIT_READ;
	regs[1] = first;
	regs[2] = FS_RAM_GPA;
	regs[3] = sizeof(struct sk_audit_entry);
	audit_hc_read(&fs_auditor.vcpus[0], regs);
	FUZZ_ASSERT(regs[0] == SK_OK);
}

uint64_t fs_audit_next(void)
{
	uint64_t regs[4];

	/* Asking from beyond the end: no record, x2 = the next number. */
	fs_audit_read(UINT64_MAX, regs);
	FUZZ_ASSERT(regs[1] == 0u);
	return regs[2];
}

bool fs_audit_get(uint64_t seq, struct sk_audit_entry *e)
{
	uint64_t regs[4];

	fs_audit_read(seq, regs);
	if (regs[1] != 1u || regs[2] != seq + 1u)
		return false;
	memcpy(e, fs_auditor_ram, sizeof(*e));
	return true;
}

bool fs_endpoint(uint32_t id, uint32_t pid, uint32_t *e)
{
	if (id >= FS_CHANNELS)
		return false;
	for (uint32_t i = 0; i < SK_CHANNEL_ENDPOINTS; i++) {
		if (strcmp(fs_cfg.channels[id].endpoints[i].partition,
			   fs_names[pid]) == 0) {
			*e = i;
			return true;
		}
	}
	return false;
}
