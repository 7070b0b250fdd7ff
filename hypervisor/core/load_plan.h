/* SPDX-License-Identifier: MIT */
/*
 * Loading a partition in bounded steps: clear each of its memory regions
 * (a lazy load: only the granules its images overlap, core/granule.h; the
 * others are cleared on first touch, core/partition_mem.c), then copy each
 * of its images from the package, LOAD_CHUNK_BYTES at a time. A restart is loaded this way on the partition's own vCPU 0 CPU, in
 * that vCPU's own scheduling time, and a shared CPU may switch to a
 * higher-ranked vCPU between two chunks (docs/scheduling.md, "Restarts").
 *
 * Pure logic over the configuration (host-testable): load_plan_next says
 * what the next chunk is and moves the cursor past it; the caller does it.
 */
#ifndef SK_CORE_LOAD_PLAN_H
#define SK_CORE_LOAD_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"
#include "core/types.h"

/* 128 KiB: a few µs of DC ZVA or copying; 512 MiB is 4096 chunks. */
#define LOAD_CHUNK_BYTES (128u * 1024u)

enum load_phase {
	LOAD_PHASE_CLEAR, /* item: the region (lazy: image) being cleared */
	LOAD_PHASE_COPY,  /* item: the image being copied */
	LOAD_PHASE_DONE,
};

/* Where a load is. gen: the load it belongs to (a restart asks for a new
 * one, core/partition.c); all zero: the start of load 0. */
struct load_cursor {
	uint32_t gen;
	uint32_t phase; /* enum load_phase */
	bool lazy;      /* clear only the granules images overlap */
	uint32_t item;
	uint64_t offset; /* bytes of the item done */
};

enum load_op {
	LOAD_OP_CLEAR, /* zero [clear_dst, +size) (host physical) */
	LOAD_OP_COPY,  /* copy package bytes [src, +size) to guest copy_dst */
	LOAD_OP_DONE,  /* everything is loaded */
};

struct load_chunk {
	uint32_t op;       /* enum load_op */
	hpa_t clear_dst;   /* CLEAR: what to zero (0 otherwise) */
	gpa_t clear_gpa;   /* CLEAR: where the guest sees clear_dst */
	/* CLEAR, lazy load: this chunk ends its granule (core/granule.h);
	 * a lazy chunk never crosses a granule's end. */
	bool granule_end;
	gpa_t copy_dst;    /* COPY: where the bytes go (0 otherwise) */
	uint64_t src;      /* COPY: offset in the package */
	uint64_t size;     /* at most LOAD_CHUNK_BYTES */
	uint32_t image;    /* COPY: index of the image */
};

/* Starts the cursor afresh for load gen; lazy: clear only the granules
 * that cfg's images overlap. */
void load_plan_start(struct load_cursor *c, uint32_t gen, bool lazy);
/* The next chunk of cfg's load at c, and c moved past it; LOAD_OP_DONE
 * (again and again) once everything is done. */
void load_plan_next(struct load_cursor *c, const struct sk_cfg_partition *cfg,
		    struct load_chunk *out);

#endif
