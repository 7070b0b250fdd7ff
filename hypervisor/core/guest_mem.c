/* SPDX-License-Identifier: MIT */
#include "core/guest_mem.h"

#include "arch/cache.h"
#include "core/partition.h"
#include "core/partition_mem.h"
#include "lib/string.h"

/* The configuration's regions hold plain addresses (config_format.h is an
 * ABI): guest is guest-physical, phys host-physical. */
bool guest_range_to_host(struct partition *p, gpa_t gpa, uint64_t len,
			 uint32_t access, hpa_t *hpa)
{
	const struct sk_cfg_partition *cfg = p->cfg;
	uint64_t a = gpa.addr;

	if (a + len < a)
		return false;
	for (uint32_t i = 0; i < cfg->region_count && i < SK_MAX_REGIONS; i++) {
		const struct sk_cfg_region *r = &cfg->regions[i];

		if (a < r->guest || a + len > r->guest + r->size)
			continue;
		if ((r->access & access) != access ||
		    !partition_mem_prepare(p, gpa, len))
			return false;
		*hpa = hpa_of(r->phys + (a - r->guest));
		return true;
	}
	return false;
}

/*
 * A guest running with its MMU off reads and writes memory non-cacheable;
 * shikiri's map is cacheable. Cleaning and invalidating around each access
 * keeps both views the same (Arm ARM B2.8, mismatched attributes).
 */
bool guest_copy_from(struct partition *p, void *dst, gpa_t gpa, size_t len)
{
	hpa_t hpa;

	if (!guest_range_to_host(p, gpa, len, SK_ACCESS_READ, &hpa))
		return false;
	/* Host-physical is where the hypervisor's identity map puts it. */
	dcache_clean_inval_range((const void *)(uintptr_t)hpa.addr, len);
	(void)sk_memcpy(dst, (const void *)(uintptr_t)hpa.addr, len);
	return true;
}

bool guest_copy_to(struct partition *p, gpa_t gpa, const void *src,
		   size_t len)
{
	hpa_t hpa;

	if (!guest_range_to_host(p, gpa, len, SK_ACCESS_WRITE, &hpa))
		return false;
	(void)sk_memcpy((void *)(uintptr_t)hpa.addr, src, len);
	dcache_clean_inval_range((const void *)(uintptr_t)hpa.addr, len);
	return true;
}
