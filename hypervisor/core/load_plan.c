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

/* The next item of the cursor's phase, or the next phase. */
static void load_plan_advance(struct load_cursor *c, uint32_t count)
{
	c->offset = 0;
	if (++c->item < count)
		return;
	c->item = 0;
	c->phase = c->phase == LOAD_PHASE_CLEAR ? LOAD_PHASE_COPY : LOAD_PHASE_DONE;
}

void load_plan_next(struct load_cursor *c, const struct sk_cfg_partition *cfg,
		    struct load_chunk *out)
{
	/* Each turn either returns a chunk or passes one item or phase:
	 * bounded by the number of regions and images. */
	for (uint32_t turn = 0; turn < 2u * (SK_MAX_REGIONS + SK_MAX_IMAGES) + 4u;
	     turn++) {
		uint64_t total;

		switch (c->phase) {
		case LOAD_PHASE_CLEAR:
			if (c->item >= cfg->region_count) {
				load_plan_advance(c, 0);
				continue;
			}
			total = cfg->regions[c->item].size;
			if (c->offset >= total) {
				load_plan_advance(c, cfg->region_count);
				continue;
			}
			out->op = LOAD_OP_CLEAR;
			out->dst = cfg->regions[c->item].phys + c->offset;
			out->src = 0;
			out->image = 0;
			break;
		case LOAD_PHASE_COPY:
			if (c->item >= cfg->image_count) {
				load_plan_advance(c, 0);
				continue;
			}
			total = cfg->images[c->item].size;
			if (c->offset >= total) {
				load_plan_advance(c, cfg->image_count);
				continue;
			}
			out->op = LOAD_OP_COPY;
			out->dst = cfg->images[c->item].load + c->offset;
			out->src = cfg->images[c->item].offset + c->offset;
			out->image = c->item;
			break;
		case LOAD_PHASE_DONE:
		default:
			c->phase = LOAD_PHASE_DONE;
			out->op = LOAD_OP_DONE;
			out->dst = 0;
			out->src = 0;
			out->size = 0;
			out->image = 0;
			return;
		}
		out->size = load_chunk_size(total, c->offset);
		c->offset += out->size;
		return;
	}
	c->phase = LOAD_PHASE_DONE;
	out->op = LOAD_OP_DONE;
	out->size = 0;
}
