/* SPDX-License-Identifier: MIT */
/*
 * Wiring the virtual GIC to the board: which version a partition gets (the
 * board's), where its frames are, how a vCPU on another CPU is kicked.
 */
#ifndef SK_ARCH_VGIC_ARCH_H
#define SK_ARCH_VGIC_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/vgic.h"
#include "platform/board.h"

struct partition;

/* A switched-out vCPU's virtual CPU interface: list registers, priority
 * mask and active priorities, control; and whether its forwarded timer
 * interrupt was active in the physical GIC. */
struct vgic_cpu_state {
	uint64_t lr[VGIC_MAX_LRS];
	uint64_t vmcr;
	uint64_t hcr;
	uint32_t apr0[4];
	uint32_t apr1[4];
	bool vtimer_active;
};

/* Once at boot, after gic_init. false + reason if the board's GIC lacks
 * the virtualization frames. */
bool vgic_arch_setup(const struct board *b, char *err, uint32_t err_size);
/* A new partition: its vGIC state, emulated frames and (GICv2) the
 * hardware virtual CPU interface mapped at the guest's GICC address. */
bool vgic_arch_partition_init(struct partition *p, char *err,
			      uint32_t err_size);
/* Once at boot, after p's stage 2 is complete, for a partition with SMMU
 * streams: on GICv2 builds p->arch.dma_stage2, p's stage 2 without the
 * hardware virtual CPU interface (GICV), so that its devices cannot reach
 * it (their DMA there faults); on GICv3 nothing (no GIC frame is mapped).
 * false + reason if the stage-2 pool cannot hold the copied tables. */
bool vgic_arch_dma_stage2(struct partition *p, char *err, uint32_t err_size);
/* This CPU's virtual CPU interface, emptied, before a vCPU starts. */
void vgic_arch_cpu_reset(void);
/* Saves this CPU's virtual CPU interface into s and leaves the physical
 * timer PPI inactive for the next vCPU; restore puts both back. */
void vgic_arch_save(struct vgic_cpu_state *s);
void vgic_arch_restore(const struct vgic_cpu_state *s);
/* The maintenance interrupt ended on this CPU (gicv3_virq_ops): a board
 * whose virtual IRQ the hypervisor drives re-decides it. */
void vgic_arch_maintenance(void);
/* A list register of this CPU holds a pending interrupt (WFI would wake). */
bool vgic_arch_lr_pending(void);

#endif
