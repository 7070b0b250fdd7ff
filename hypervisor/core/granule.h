/* SPDX-License-Identifier: MIT */
/*
 * A partition's RAM in granules, for clearing it on first touch
 * (core/partition_mem.c): each memory region is cut at every 2 MiB
 * boundary of guest-physical space, so a granule is the part of one
 * region inside one 2 MiB-aligned window (a whole window, or less at the
 * region's ends). Two regions in one window are two granules. Granules
 * are numbered across the partition: region 0's first, then region 1's.
 *
 * Pure arithmetic over the configuration (host-testable).
 */
#ifndef SK_CORE_GRANULE_H
#define SK_CORE_GRANULE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"

#define GRANULE_SHIFT 21u
#define GRANULE_SIZE  (1ull << GRANULE_SHIFT)

struct granule {
	uint32_t region; /* index in cfg->regions */
	uint64_t gpa;    /* guest-physical start */
	uint64_t hpa;    /* host-physical start */
	uint64_t size;   /* at most GRANULE_SIZE, page multiple */
};

/* How many granules cfg's regions have together. */
uint32_t granule_count(const struct sk_cfg_partition *cfg);
/* The granule holding guest-physical gpa: false if no region holds it. */
bool granule_of(const struct sk_cfg_partition *cfg, uint64_t gpa,
		uint32_t *index);
/* Granule number index: false past the last one. */
bool granule_get(const struct sk_cfg_partition *cfg, uint32_t index,
		 struct granule *g);
/* [gpa, gpa+size) (size > 0) widened to whole 2 MiB windows and clipped
 * to region r: the span [*start, *end) of r's granules it overlaps. */
void granule_span(const struct sk_cfg_region *r, uint64_t gpa, uint64_t size,
		  uint64_t *start, uint64_t *end);
/* Does one of cfg's images overlap [gpa, gpa+size)? */
bool granule_has_image(const struct sk_cfg_partition *cfg, uint64_t gpa,
		       uint64_t size);

#endif
