/* SPDX-License-Identifier: MIT */
/*
 * A partition's SMMU streams (the `streams` of its devices,
 * docs/configuration.md): translated by the SMMUv3 with the partition's
 * own stage-2 tables and VMID while it runs, aborting while it is stopped
 * or restarting, so that a device it owns reaches exactly its memory and
 * nothing while its memory is reloaded. Also who owns a stream, for the
 * SMMU's fault events.
 */
#ifndef SK_CORE_PARTITION_STREAMS_H
#define SK_CORE_PARTITION_STREAMS_H

#include <stdbool.h>
#include <stdint.h>

struct partition;

/* Gives p's streams its stage 2 (after its stage 2 is complete, before
 * its vCPUs run): at boot (boot is true) and after a restart's load; one
 * line per device, "SMMUv3: partition 'NAME' streams 0x8..0x8" (after a
 * restart charged to p's log budget). False
 * with a reason in err if the SMMU refused one; the streams given so far
 * abort again. */
bool partition_streams_assign(struct partition *p, bool boot, char *err,
			      uint32_t err_size);
/* Takes p's streams back (every one aborts) when it stops, restarts or is
 * stopped by a fault, before its memory is reloaded: "SMMUv3: partition
 * 'NAME' streams 0x8..0x8 abort" per device, charged to cause's log
 * budget. */
void partition_streams_abort(struct partition *p, struct partition *cause);
/* Once p's vCPUs are all off (so none turns it back on): every PCI
 * function behind p's streams stops mastering the bus
 * (drivers/pcie_ecam.h), so that none DMAs into the memory a restart
 * reloads when the streams translate again, nor floods the SMMU's event
 * queue with faults while p is stopped. One line per device that had a
 * function, "SMMUv3: partition 'NAME' streams 0x0..0xff: 2 PCI functions
 * quiesced", charged to cause; a function whose bus mastering stays on
 * is named. */
void partition_streams_quiesce(struct partition *p, struct partition *cause);
/* The VMID of the empty stage 2 that streams no partition owns translate
 * through (partitions have 1 + their id). */
#define STREAMS_UNOWNED_VMID 255u
/* Streams 0..streams-1 that no partition owns translate through an empty
 * stage 2 (STREAMS_UNOWNED_VMID) instead of aborting: their DMA is still
 * refused, and now recorded as an F_TRANSLATION event (S2R), so that "a
 * device no partition owns" is reported. Returns how many; on a refusal
 * the rest stay aborting (silently) and err says why. */
uint32_t partition_streams_fence_unowned(uint32_t streams, char *err,
					 uint32_t err_size, bool *ok);

/* Whether the faults of p's streams are recorded (and so reported): off
 * for a partition whose devices flood the event queue (core/dma_fault.c),
 * on again with the streams' next assignment. False with the first
 * reason in err if the SMMU did not take one. */
bool partition_streams_record(struct partition *p, bool on, char *err,
			      uint32_t err_size);

/* The same for every stream no partition owns (the fenced ones). */
bool partition_streams_record_unowned(bool on, char *err, uint32_t err_size);

/* Does a device of p list streams? */
bool partition_has_streams(const struct partition *p);
/* The partition that owns stream sid in the configuration, or NULL. */
struct partition *partition_owner_of_stream(uint32_t sid);

#endif
