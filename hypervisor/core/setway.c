/* SPDX-License-Identifier: MIT */
/* Emulated set/way cache maintenance: the chunk cursor (core/setway.h). */
#include "core/setway.h"

#include "core/config_format.h"

void setway_reset(struct setway_flush *s)
{
	s->pc = 0;
	s->sync_exit = 0;
	s->offset = 0;
	s->region = 0;
	s->busy = false;
	s->ran = false;
}

/* The region count the cursor walks (the configuration's, bounded). */
static uint32_t setway_regions(const struct sk_cfg_partition *c)
{
	return c->region_count < SK_MAX_REGIONS ? c->region_count : SK_MAX_REGIONS;
}

/* Skips the cursor past regions it has finished (or that are empty). */
static void setway_skip_done(struct setway_flush *s,
			     const struct sk_cfg_partition *c)
{
	uint32_t n = setway_regions(c);

	while (s->region < n && s->offset >= c->regions[s->region].size) {
		s->region++;
		s->offset = 0;
	}
}

void setway_step(struct setway_flush *s, const struct sk_cfg_partition *c,
		 uint64_t pc, uint64_t sync_exit, struct setway_step *out)
{
	bool next = s->ran && sync_exit == s->sync_exit + 1u;
	uint64_t left;

	out->region = 0;
	out->offset = 0;
	out->size = 0;
	out->done = true;
	s->ran = true;
	s->sync_exit = sync_exit;
	if (next && !s->busy)
		return; /* the rest of a run: already flushed */
	if (!next || s->pc != pc) {
		s->pc = pc;
		s->region = 0;
		s->offset = 0;
	}
	setway_skip_done(s, c);
	s->busy = false;
	if (s->region >= setway_regions(c))
		return;
	left = c->regions[s->region].size - s->offset;
	out->region = s->region;
	out->offset = s->offset;
	out->size = left < SETWAY_CHUNK ? left : SETWAY_CHUNK;
	s->offset += out->size;
	setway_skip_done(s, c);
	s->busy = s->region < setway_regions(c);
	out->done = !s->busy;
}
