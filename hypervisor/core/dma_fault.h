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
 *   SMMUv3: event queue overflowed: events were lost
 *   SMMUv3: global error 0x1 (GERROR)
 */
#ifndef SK_CORE_DMA_FAULT_H
#define SK_CORE_DMA_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* At most this many events are taken per interrupt (the queue's size):
 * the handler is bounded however fast a device faults. */
#define DMA_FAULT_DRAIN_MAX 128u

/* The SPIs the SMMU's event queue and global errors raise (0: none). */
void dma_fault_set_interrupts(uint32_t eventq_intid, uint32_t gerror_intid);
/* intid is one of them: drains and reports (bounded), applies the owners'
 * dma-fault and returns true. self: the vCPU interrupted on this CPU
 * (NULL: idle); if its partition's run ends, this does not return. */
bool dma_fault_irq(uint32_t intid, struct vcpu *self);

#endif
