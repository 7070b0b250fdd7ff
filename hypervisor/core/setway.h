/* SPDX-License-Identifier: MIT */
/*
 * Emulated set/way cache maintenance (DC ISW/CSW/CISW, trapped by
 * HCR_EL2.TSW): the decisions, free of any cache instruction so that host
 * unit tests run them. arch/arm64/trap.c does the cleaning.
 *
 * As Xen and KVM do (p2m_set_way_flush, kvm_set_way_flush), the first
 * operation of a "run" becomes a clean and invalidate of the partition's
 * own memory by VA; the rest of the run (the vCPU's immediately following
 * synchronous exits, as a loop over every set and way makes them) has
 * nothing left to do. That flush is done in chunks of SETWAY_CHUNK bytes,
 * one per exit: after a chunk the vCPU re-enters the guest at the same
 * instruction, which traps again and continues from the cursor kept here.
 * Every chunk boundary is an ordinary exit and entry, where pending
 * interrupts are taken and a shared CPU's scheduler may switch: the flush
 * costs the partition its own, preemptible time, never more than one chunk
 * at EL2 with interrupts masked.
 */
#ifndef SK_CORE_SETWAY_H
#define SK_CORE_SETWAY_H

#include <stdbool.h>
#include <stdint.h>

struct sk_cfg_partition;

/* One chunk: 64 KiB by VA is 1024 DC CIVAC of 64-byte lines, about 5 us
 * of virtual time on QEMU's Cortex-A53 (a 512 MiB flush took 41.9 ms in
 * one piece, the red team's measurement in tests/system/test_redteam.py). */
#define SETWAY_CHUNK 0x10000ull

/* A vCPU's set/way state. All zero: no flush under way, no run. */
struct setway_flush {
	uint64_t pc;        /* the set/way instruction of the flush under way */
	uint64_t sync_exit; /* the vCPU's synchronous exit that did the last step */
	uint64_t offset;    /* cursor: next byte of region 'region' to clean */
	uint32_t region;    /* cursor: configuration region index */
	bool busy;          /* a flush is under way (cursor valid) */
	bool ran;           /* sync_exit was a set/way operation */
};

/* What to do for one trapped set/way operation. */
struct setway_step {
	uint32_t region; /* clean [offset, offset + size) of this region */
	uint64_t offset;
	uint64_t size;   /* 0: nothing to clean */
	bool done;       /* the operation is complete: step over it */
};

/* A trapped set/way operation at pc, the vCPU's synchronous exit number
 * sync_exit (its exits not counting interrupts; the re-executed
 * instruction's next trap is sync_exit + 1). Continues the flush under way
 * when this is the same instruction trapping again right after the last
 * chunk; does nothing in the rest of a run; otherwise starts a flush
 * afresh: a guest that does something else in between only delays
 * itself. Fills *out with the next chunk of c's regions. */
void setway_step(struct setway_flush *s, const struct sk_cfg_partition *c,
		 uint64_t pc, uint64_t sync_exit, struct setway_step *out);
/* Forgets any flush under way and any run (the vCPU is (re)started). */
void setway_reset(struct setway_flush *s);

#endif
