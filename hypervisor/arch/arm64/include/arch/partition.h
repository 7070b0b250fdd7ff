/* SPDX-License-Identifier: MIT */
/*
 * The arm64 half of a partition (struct partition's `arch`, core/partition.h):
 * what only this architecture knows of it. Its stage-2 translation tables
 * (Arm ARM D8.1), the VMID that tags their TLB entries (VTTBR_EL2.VMID), the
 * offset of the virtual counter its guests read (CNTVOFF_EL2, Arm ARM
 * D11.1.2) and its virtual GIC.
 */
#ifndef SK_ARCH_PARTITION_H
#define SK_ARCH_PARTITION_H

#include <stdint.h>

#include "arch/pgtable.h"
#include "arch/vgic.h"

struct partition_arch {
	uint32_t vmid;            /* 1 + its id: VMID 0 stays unused */
	struct pt_table stage2;
	/* The stage 2 its SMMU streams translate through when it differs
	 * from stage2 (GICv2: without the GICV page, vgic_arch_dma_stage2);
	 * root NULL: stage2 itself. */
	struct pt_table dma_stage2;
	uint64_t cntvoff;         /* CNTVOFF_EL2: guest time starts at 0 */
	struct vgic vgic;
};

#endif
