/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC seen by a partition. (Being written; this part of the
 * interface is fixed.)
 */
#ifndef SK_ARCH_ARM64_GIC_VGIC_H
#define SK_ARCH_ARM64_GIC_VGIC_H

#include <stdbool.h>
#include <stdint.h>

struct partition;

/* Drives the line of a level-sensitive SPI of partition p (an emulated
 * device's interrupt output). Raising a line that is enabled makes the
 * interrupt pending at its target vCPU (kicking that vCPU's CPU if it is
 * another one); lowering it withdraws a pending, not yet active interrupt.
 * Safe to call from any CPU. */
void vgic_set_level(struct partition *p, uint32_t intid, bool level);

#endif
