/* SPDX-License-Identifier: MIT */
#include "core/partition_mem.h"

#include "arch/cache.h"
#include "arch/stage2.h"
#include "core/granule.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_streams.h"
#include "lib/fmt.h"

/* The bitmaps of all partitions, handed out at boot: 32768 granules, 64
 * GiB of RAM cleared on first touch. A partition that does not fit is
 * cleared whole at each load (as one with DMA is), never left uncleared. */
#define PARTITION_MEM_POOL_WORDS 512u
#define PARTITION_MEM_WORD_BITS  64u

static uint64_t mem_pool[PARTITION_MEM_POOL_WORDS];
static uint32_t mem_pool_used;

/* Can a device of p read or write its memory? Then the device could read
 * a granule the CPU never touched: p is cleared whole. */
static bool partition_mem_has_dma(const struct partition *p)
{
	const struct sk_cfg_partition *c = p->cfg;

	if (c->dma != SK_PARTITION_DMA_NONE || partition_has_streams(p))
		return true;
	for (uint32_t i = 0; i < c->device_count && i < SK_MAX_DEVICES; i++) {
		if (c->devices[i].dma != SK_DMA_NONE)
			return true;
	}
	return false;
}

/* Does a vCPU of p share its CPU (several vCPUs there, or a major frame:
 * what makes the scheduler's CPU shared, core/sched.c)? A first-touch
 * clear is 2 MiB at EL2 with interrupts masked, about 0.13 M
 * instructions: a real-time vCPU on that CPU would wait that long (its
 * bound is far lower, tests/system/test_scheduling.py), so p is cleared
 * whole at each load instead, the load being chunked and preemptible. */
static bool partition_mem_on_shared_cpu(const struct partition *p,
					const struct sk_config *cfg)
{
	for (uint32_t v = 0; v < p->cfg->cpu_count && v < SK_MAX_CPUS; v++) {
		uint32_t cpu = p->cfg->cpus[v];
		uint32_t on_cpu = 0;

		for (uint32_t q = 0; q < cfg->partition_count && q < SK_MAX_PARTITIONS; q++) {
			const struct sk_cfg_partition *o = &cfg->partitions[q];

			for (uint32_t w = 0; w < o->cpu_count && w < SK_MAX_CPUS; w++)
				on_cpu += o->cpus[w] == cpu ? 1u : 0u;
		}
		for (uint32_t f = 0; f < cfg->frame_count && f < SK_MAX_CPUS; f++) {
			if (cfg->frames[f].cpu == cpu && cfg->frames[f].period_us != 0u)
				return true;
		}
		if (on_cpu > 1u)
			return true;
	}
	return false;
}

void partition_mem_init(struct partition *p, const struct sk_config *cfg)
{
	uint32_t n = granule_count(p->cfg);
	uint32_t words = (n + PARTITION_MEM_WORD_BITS - 1u) / PARTITION_MEM_WORD_BITS;

	p->mem.granules = 0;
	p->mem.uncleared = NULL;
	if (n == 0u || partition_mem_has_dma(p) ||
	    partition_mem_on_shared_cpu(p, cfg))
		return;
	if (words > PARTITION_MEM_POOL_WORDS - mem_pool_used) {
		log_line("partition '%s': %u granules do not fit the granule pool: its RAM is cleared whole at each load",
			 p->cfg->name, n);
		return;
	}
	p->mem.uncleared = &mem_pool[mem_pool_used];
	mem_pool_used += words;
	p->mem.granules = n;
}

bool partition_mem_lazy(const struct partition *p)
{
	return p->mem.granules != 0u;
}

bool partition_mem_map(struct partition *p, char *err, uint32_t err_size)
{
	const struct sk_cfg_partition *c = p->cfg;
	enum pt_result r = PT_OK;
	struct granule g;

	for (uint32_t i = 0; r == PT_OK && i < c->region_count; i++) {
		const struct sk_cfg_region *m = &c->regions[i];

		if (partition_mem_lazy(p))
			continue;
		r = stage2_map(&p->arch.stage2, gpa_of(m->guest), hpa_of(m->phys),
			       m->size, stage2_ram_attrs(m->access));
		if (r != PT_OK)
			(void)sk_snprintf(err, err_size, "%s: stage-2 mapping failed (error %d)",
					  m->path, (int)r);
	}
	/* Lazy: granule by granule (a region's granules in order, so the
	 * loop is bounded by their number). */
	for (uint32_t i = 0; r == PT_OK && i < p->mem.granules; i++) {
		if (!granule_get(c, i, &g))
			break;
		r = stage2_map(&p->arch.stage2, gpa_of(g.gpa), hpa_of(g.hpa),
			       g.size, stage2_ram_attrs(c->regions[g.region].access));
		if (r != PT_OK)
			(void)sk_snprintf(err, err_size, "%s: stage-2 mapping failed (error %d)",
					  c->regions[g.region].path, (int)r);
	}
	return r == PT_OK;
}

static uint64_t partition_mem_bit(uint32_t g)
{
	return 1ull << (g % PARTITION_MEM_WORD_BITS);
}

static bool partition_mem_bit_set(const struct partition *p, uint32_t g)
{
	return (__atomic_load_n(&p->mem.uncleared[g / PARTITION_MEM_WORD_BITS],
				__ATOMIC_ACQUIRE) & partition_mem_bit(g)) != 0u;
}

bool partition_mem_reset(struct partition *p, char *err, uint32_t err_size)
{
	struct granule g;

	if (!partition_mem_lazy(p))
		return true;
	for (uint32_t i = 0; i < p->mem.granules; i++) {
		enum pt_result r;

		if (!granule_get(p->cfg, i, &g))
			break;
		__atomic_or_fetch(&p->mem.uncleared[i / PARTITION_MEM_WORD_BITS],
				  partition_mem_bit(i), __ATOMIC_RELAXED);
		r = stage2_unmap(&p->arch.stage2, gpa_of(g.gpa), g.size);
		if (r != PT_OK) {
			(void)sk_snprintf(err, err_size, "%s: stage-2 unmapping failed (error %d)",
					  p->cfg->regions[g.region].path, (int)r);
			return false;
		}
	}
	/* Break-before-make: no TLB entry of the last run may reach a
	 * granule that is about to be cleared or refilled. */
	stage2_tlb_flush_vmid(&p->arch.stage2, p->arch.vmid);
	return true;
}

/* Granule i of p: zeroed (unless the load just did) and mapped, then
 * marked, under p's lock; a granule another CPU got to first is left
 * alone (*here stays false: only the CPU that cleared it counts it). The
 * mark is released after the zeros and the mapping, so a CPU that sees it
 * cleared sees both. */
static bool partition_mem_publish(struct partition *p, uint32_t i, bool zero,
				  bool *here)
{
	bool ok = true;
	struct granule g;

	*here = false;
	if (i >= p->mem.granules)
		return false;
	if (!partition_mem_bit_set(p, i))
		return true;
	spin_lock(&p->mem.lock);
	if (partition_mem_bit_set(p, i)) {
		*here = true;
		ok = granule_get(p->cfg, i, &g);
		if (ok && zero)
			dcache_zero_range((void *)(uintptr_t)g.hpa, (size_t)g.size);
		ok = ok && stage2_map(&p->arch.stage2, gpa_of(g.gpa), hpa_of(g.hpa),
				      g.size,
				      stage2_ram_attrs(p->cfg->regions[g.region].access)) == PT_OK;
		if (ok) {
			stage2_tables_sync();
			__atomic_and_fetch(&p->mem.uncleared[i / PARTITION_MEM_WORD_BITS],
					   ~partition_mem_bit(i), __ATOMIC_RELEASE);
		}
	}
	spin_unlock(&p->mem.lock);
	return ok;
}

bool partition_mem_loaded(struct partition *p, gpa_t gpa)
{
	uint32_t i;
	bool here;

	return !partition_mem_lazy(p) ||
	       (granule_of(p->cfg, gpa.addr, &i) &&
		partition_mem_publish(p, i, false, &here));
}

bool partition_mem_is_cleared(const struct partition *p, gpa_t gpa)
{
	uint32_t i;

	if (!partition_mem_lazy(p))
		return true;
	return granule_of(p->cfg, gpa.addr, &i) && i < p->mem.granules &&
	       !partition_mem_bit_set(p, i);
}

bool partition_mem_fault(struct partition *p, gpa_t ipa)
{
	uint32_t i;
	bool here;

	if (!partition_mem_lazy(p) || !granule_of(p->cfg, ipa.addr, &i) ||
	    !partition_mem_publish(p, i, true, &here))
		return false;
	/* A vCPU that waited while another cleared it only retries. */
	if (here)
		PARTITION_STAT_INC(p, granule_faults);
	return true;
}

bool partition_mem_prepare(struct partition *p, gpa_t gpa, uint64_t len)
{
	uint32_t first;
	uint32_t last;

	if (!partition_mem_lazy(p) || len == 0u)
		return true;
	if (!granule_of(p->cfg, gpa.addr, &first) ||
	    !granule_of(p->cfg, gpa.addr + len - 1u, &last) || last < first)
		return false;
	/* The range lies in one region (guest_range_to_host checked): its
	 * granules are numbered first..last. */
	for (uint32_t i = first; i <= last && i < p->mem.granules; i++) {
		bool here;

		if (!partition_mem_publish(p, i, true, &here))
			return false;
	}
	return true;
}
