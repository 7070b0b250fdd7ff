/* SPDX-License-Identifier: MIT */
#include "core/load_plan.h"

#include <stddef.h>

#include "core/granule.h"

void load_plan_start(struct load_cursor *c, uint32_t gen, bool lazy)
{
	c->gen = gen;
	c->lazy = lazy;
	c->phase = LOAD_PHASE_CLEAR;
	c->item = 0;
	c->offset = 0;
}

static uint64_t load_chunk_size(uint64_t total, uint64_t done)
{
	uint64_t left = total - done;

	return left < LOAD_CHUNK_BYTES ? left : LOAD_CHUNK_BYTES;
}

/* How many items the cursor's phase walks: regions to clear, images to
 * copy. */
static uint32_t load_phase_items(const struct load_cursor *c,
				 const struct sk_cfg_partition *cfg)
{
	if (c->phase == LOAD_PHASE_CLEAR && !c->lazy)
		return cfg->region_count;
	return cfg->image_count;
}

/* What the cursor's clear item covers: a region, or (lazy) the granules
 * image `item` overlaps in the region that holds it (none if no region
 * does: the validator refuses such an image). */
struct load_clear_span {
	const struct sk_cfg_region *region;
	uint64_t gpa;
	uint64_t size;
};

static void load_clear_span(const struct load_cursor *c,
			    const struct sk_cfg_partition *cfg,
			    struct load_clear_span *s)
{
	const struct sk_cfg_image *img;
	uint64_t start;
	uint64_t end;

	if (!c->lazy) {
		s->region = &cfg->regions[c->item];
		s->gpa = s->region->guest;
		s->size = s->region->size;
		return;
	}
	img = &cfg->images[c->item];
	s->region = NULL;
	s->size = 0;
	for (uint32_t i = 0; i < cfg->region_count && i < SK_MAX_REGIONS; i++) {
		const struct sk_cfg_region *r = &cfg->regions[i];

		if (img->size == 0u || img->load < r->guest ||
		    img->load - r->guest >= r->size)
			continue;
		granule_span(r, img->load, img->size, &start, &end);
		s->region = r;
		s->gpa = start;
		s->size = end - start;
		return;
	}
}

/* The bytes of the cursor's item. */
static uint64_t load_item_size(const struct load_cursor *c,
			       const struct sk_cfg_partition *cfg)
{
	struct load_clear_span s;

	if (c->phase != LOAD_PHASE_CLEAR)
		return cfg->images[c->item].size;
	load_clear_span(c, cfg, &s);
	return s.size;
}

/* A clear chunk at offset of the cursor's item. */
static void load_clear_chunk(const struct load_cursor *c,
			     const struct sk_cfg_partition *cfg,
			     struct load_chunk *out)
{
	struct load_clear_span s;
	uint64_t gpa;
	uint64_t size;

	load_clear_span(c, cfg, &s);
	gpa = s.gpa + c->offset;
	size = load_chunk_size(s.size, c->offset);
	out->granule_end = false;
	if (c->lazy) {
		uint64_t gend = (gpa | (GRANULE_SIZE - 1u)) + 1u;

		if (gend - gpa <= size) {
			size = gend - gpa;
			out->granule_end = true;
		} else if (c->offset + size == s.size) {
			out->granule_end = true; /* the region ends there */
		}
	}
	out->op = LOAD_OP_CLEAR;
	out->clear_gpa = gpa_of(gpa);
	out->clear_dst = hpa_of(s.region->phys + (gpa - s.region->guest));
	out->size = size;
}

/* The next item of the cursor's phase, or the next phase. */
static void load_plan_advance(struct load_cursor *c, uint32_t count)
{
	c->offset = 0;
	if (++c->item < count)
		return;
	c->item = 0;
	c->phase = c->phase == LOAD_PHASE_CLEAR ? LOAD_PHASE_COPY : LOAD_PHASE_DONE;
}

static void load_plan_done(struct load_cursor *c, struct load_chunk *out)
{
	c->phase = LOAD_PHASE_DONE;
	out->op = LOAD_OP_DONE;
	out->clear_dst = hpa_of(0);
	out->clear_gpa = gpa_of(0);
	out->granule_end = false;
	out->copy_dst = gpa_of(0);
	out->src = 0;
	out->size = 0;
	out->image = 0;
}

void load_plan_next(struct load_cursor *c, const struct sk_cfg_partition *cfg,
		    struct load_chunk *out)
{
	/* Each turn either returns a chunk or passes one item or phase:
	 * bounded by the number of regions and images. */
	for (uint32_t turn = 0; turn < 2u * (SK_MAX_REGIONS + SK_MAX_IMAGES) + 4u;
	     turn++) {
		uint32_t count;
		uint64_t total;

		if (c->phase != LOAD_PHASE_CLEAR && c->phase != LOAD_PHASE_COPY)
			break;
		count = load_phase_items(c, cfg);
		if (c->item >= count) {
			load_plan_advance(c, 0);
			continue;
		}
		total = load_item_size(c, cfg);
		if (c->offset >= total) {
			load_plan_advance(c, count);
			continue;
		}
		if (c->phase == LOAD_PHASE_CLEAR) {
			load_clear_chunk(c, cfg, out);
			out->copy_dst = gpa_of(0);
			out->src = 0;
			out->image = 0;
		} else {
			out->op = LOAD_OP_COPY;
			out->clear_dst = hpa_of(0);
			out->clear_gpa = gpa_of(0);
			out->granule_end = false;
			out->copy_dst = gpa_of(cfg->images[c->item].load +
					       c->offset);
			out->src = cfg->images[c->item].offset + c->offset;
			out->image = c->item;
			out->size = load_chunk_size(total, c->offset);
		}
		c->offset += out->size;
		return;
	}
	load_plan_done(c, out);
}
