/* SPDX-License-Identifier: MIT */
/*
 * The SMMU's reports (docs/devices.md): its event queue drained when its
 * event interrupt fires, each fault named with the partition that owns the
 * stream, counted in its statistics and rate-limited by its log budget,
 * and its dma-fault choice applied; global errors and a queue overflow
 * said once each.
 *
 * Console lines (stable: the system tests match them):
 *   DMA fault: partition 'NAME' stream 0x8: F_TRANSLATION write at IPA 0x...
 *   DMA fault: a device no partition owns (stream 0x10): C_BAD_STREAMID
 *   DMA faults: partition 'NAME' floods the event queue (257 queued): not
 *     recorded until it drains, still refused
 *   SMMUv3: event queue overflowed: events were lost
 *   SMMUv3: global error 0x1 (GERROR)
 */
#ifndef SK_CORE_DMA_FAULT_H
#define SK_CORE_DMA_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct partition;
struct vcpu;

/* At most this many events are taken per interrupt: the handler is
 * bounded however fast a device faults. If there may be more, the event
 * SPI is made pending again (an edge is only signalled for a new event),
 * so the queue is emptied in bounded steps. */
#define DMA_FAULT_DRAIN_MAX 128u
/* More faults than this of one partition's devices taken since the event
 * queue was last empty is a flood: its streams stop recording (STE.S2R;
 * still refused) until the queue is drained, so that one partition holds
 * at most about this many of the shared queue's records (plus what its
 * devices add while their stream table entries change) and the others'
 * faults find room. */
#define DMA_FAULT_FLOOD_EVENTS 256u

/* The SPIs the SMMU's event queue and global errors raise (0: none). */
void dma_fault_set_interrupts(uint32_t eventq_intid, uint32_t gerror_intid);
/* intid is one of them: drains and reports (bounded), applies the owners'
 * dma-fault and returns true. self: the vCPU interrupted on this CPU
 * (NULL: idle); if its partition's run ends, this does not return. */
bool dma_fault_irq(uint32_t intid, struct vcpu *self);
/* p's streams abort (its run ended): the events of that run still queued
 * (before the queue's current end) are counted but do not apply p's
 * dma-fault to its next run. */
void dma_fault_run_ended(const struct partition *p);

#endif
