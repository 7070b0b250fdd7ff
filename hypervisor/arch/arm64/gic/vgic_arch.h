/* SPDX-License-Identifier: MIT */
/*
 * Wiring the virtual GIC to the board: which version a partition gets (the
 * board's), where its frames are, how a vCPU on another CPU is kicked.
 */
#ifndef SK_ARCH_ARM64_GIC_VGIC_ARCH_H
#define SK_ARCH_ARM64_GIC_VGIC_ARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/board.h"

struct partition;

/* Once at boot, after gic_init. false + reason if the board's GIC lacks
 * the virtualization frames. */
bool vgic_arch_setup(const struct board *b, char *err, uint32_t err_size);
/* A new partition: its vGIC state, emulated frames and (GICv2) the
 * hardware virtual CPU interface mapped at the guest's GICC address. */
bool vgic_arch_partition_init(struct partition *p, char *err,
			      uint32_t err_size);
/* This CPU's virtual CPU interface, emptied, before a vCPU starts. */
void vgic_arch_cpu_reset(void);

#endif
