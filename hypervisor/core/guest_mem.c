/* SPDX-License-Identifier: MIT */
#include "core/guest_mem.h"

#include "arch/cache.h"
#include "lib/string.h"

bool guest_range_to_host(const struct sk_cfg_partition *cfg, uint64_t gpa,
			 uint64_t len, uint32_t access, uint64_t *hpa)
{
	if (gpa + len < gpa)
		return false;
	for (uint32_t i = 0; i < cfg->region_count && i < SK_MAX_REGIONS; i++) {
		const struct sk_cfg_region *r = &cfg->regions[i];

		if (gpa < r->guest || gpa + len > r->guest + r->size)
			continue;
		if ((r->access & access) != access)
			return false;
		*hpa = r->phys + (gpa - r->guest);
		return true;
	}
	return false;
}

/*
 * A guest running with its MMU off reads and writes memory non-cacheable;
 * shikiri's map is cacheable. Cleaning and invalidating around each access
 * keeps both views the same (Arm ARM B2.8, mismatched attributes).
 */
bool guest_copy_from(const struct sk_cfg_partition *cfg, void *dst,
		     uint64_t gpa, size_t len)
{
	uint64_t hpa;

	if (!guest_range_to_host(cfg, gpa, len, SK_ACCESS_READ, &hpa))
		return false;
	dcache_clean_inval_range((const void *)(uintptr_t)hpa, len);
	(void)sk_memcpy(dst, (const void *)(uintptr_t)hpa, len);
	return true;
}

bool guest_copy_to(const struct sk_cfg_partition *cfg, uint64_t gpa,
		   const void *src, size_t len)
{
	uint64_t hpa;

	if (!guest_range_to_host(cfg, gpa, len, SK_ACCESS_WRITE, &hpa))
		return false;
	(void)sk_memcpy((void *)(uintptr_t)hpa, src, len);
	dcache_clean_inval_range((const void *)(uintptr_t)hpa, len);
	return true;
}
