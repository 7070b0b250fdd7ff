/* SPDX-License-Identifier: MIT */
#include "core/granule.h"

/* The regions the configuration has (never more than the array). */
static uint32_t granule_regions(const struct sk_cfg_partition *cfg)
{
	return cfg->region_count < SK_MAX_REGIONS ? cfg->region_count
						  : SK_MAX_REGIONS;
}

/* 2 MiB windows region r touches. The validator bounds a region below
 * SK_GUEST_PA_LIMIT (2^18 windows), so the count fits. */
static uint32_t granule_region_count(const struct sk_cfg_region *r)
{
	if (r->size == 0u || r->guest + r->size < r->guest)
		return 0u;
	return (uint32_t)(((r->guest + r->size - 1u) >> GRANULE_SHIFT) -
			  (r->guest >> GRANULE_SHIFT) + 1u);
}

uint32_t granule_count(const struct sk_cfg_partition *cfg)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < granule_regions(cfg); i++)
		n += granule_region_count(&cfg->regions[i]);
	return n;
}

bool granule_of(const struct sk_cfg_partition *cfg, uint64_t gpa,
		uint32_t *index)
{
	uint32_t base = 0;

	for (uint32_t i = 0; i < granule_regions(cfg); i++) {
		const struct sk_cfg_region *r = &cfg->regions[i];

		if (gpa >= r->guest && gpa - r->guest < r->size) {
			*index = base + (uint32_t)((gpa >> GRANULE_SHIFT) -
						   (r->guest >> GRANULE_SHIFT));
			return true;
		}
		base += granule_region_count(r);
	}
	return false;
}

bool granule_get(const struct sk_cfg_partition *cfg, uint32_t index,
		 struct granule *g)
{
	uint32_t base = 0;

	for (uint32_t i = 0; i < granule_regions(cfg); i++) {
		const struct sk_cfg_region *r = &cfg->regions[i];
		uint32_t n = granule_region_count(r);
		uint64_t start;
		uint64_t end;

		if (index - base >= n) {
			base += n;
			continue;
		}
		granule_span(r, ((r->guest >> GRANULE_SHIFT) + (index - base))
				<< GRANULE_SHIFT, 1u, &start, &end);
		g->region = i;
		g->gpa = start;
		g->hpa = r->phys + (start - r->guest);
		g->size = end - start;
		return true;
	}
	return false;
}

/* The validator keeps regions and images below SK_GUEST_PA_LIMIT: no
 * wrap. */
void granule_span(const struct sk_cfg_region *r, uint64_t gpa, uint64_t size,
		  uint64_t *start, uint64_t *end)
{
	*start = gpa & ~(GRANULE_SIZE - 1u);
	*end = ((gpa + size - 1u) | (GRANULE_SIZE - 1u)) + 1u;
	if (*start < r->guest)
		*start = r->guest;
	if (*end > r->guest + r->size)
		*end = r->guest + r->size;
}

bool granule_has_image(const struct sk_cfg_partition *cfg, uint64_t gpa,
		       uint64_t size)
{
	for (uint32_t i = 0; i < cfg->image_count && i < SK_MAX_IMAGES; i++) {
		const struct sk_cfg_image *img = &cfg->images[i];

		if (img->size != 0u && img->load < gpa + size &&
		    gpa < img->load + img->size)
			return true;
	}
	return false;
}
