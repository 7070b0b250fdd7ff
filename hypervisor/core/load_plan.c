/* SPDX-License-Identifier: MIT */
#include "core/load_plan.h"

#include <stddef.h>

void load_plan_start(struct load_cursor *c, uint32_t gen)
{
	c->gen = gen;
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
	return c->phase == LOAD_PHASE_CLEAR ? cfg->region_count : cfg->image_count;
}

/* The bytes of the cursor's item. */
static uint64_t load_item_size(const struct load_cursor *c,
			       const struct sk_cfg_partition *cfg)
{
	return c->phase == LOAD_PHASE_CLEAR ? cfg->regions[c->item].size
					    : cfg->images[c->item].size;
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
			out->op = LOAD_OP_CLEAR;
			out->clear_dst = hpa_of(cfg->regions[c->item].phys +
						c->offset);
			out->copy_dst = gpa_of(0);
			out->src = 0;
			out->image = 0;
		} else {
			out->op = LOAD_OP_COPY;
			out->clear_dst = hpa_of(0);
			out->copy_dst = gpa_of(cfg->images[c->item].load +
					       c->offset);
			out->src = cfg->images[c->item].offset + c->offset;
			out->image = c->item;
		}
		out->size = load_chunk_size(total, c->offset);
		c->offset += out->size;
		return;
	}
	load_plan_done(c, out);
}
