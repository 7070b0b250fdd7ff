/* SPDX-License-Identifier: MIT */
/*
 * The GIC as a test guest sees it: where shikiri puts a partition's
 * virtual GIC (hypervisor/core/config_format.h; also where QEMU virt has
 * its own, so the same guest boots bare) and the register offsets and
 * fields the test guests use (IHI 0048B for GICv2, IHI 0069 for GICv3).
 */
#ifndef GUEST_GIC_REGS_H
#define GUEST_GIC_REGS_H

/* Guest-physical frames. */
#define GIC_GICD_BASE       0x08000000ul
#define GIC_GICD_V3_SIZE    0x10000ul
#define GIC_GICD_V2_SIZE    0x1000ul
#define GIC_GICC_BASE       0x08010000ul /* GICv2 CPU interface */
#define GIC_GICC_V2_SIZE    0x2000ul
#define GIC_GICR_BASE       0x080a0000ul /* GICv3 redistributors */
#define GIC_GICR_STRIDE     0x20000ul    /* RD_base + SGI_base frames */
#define GIC_GICR_SGI        0x10000ul    /* SGI_base within a frame */

/* Distributor (IHI 0048B 4.3, IHI 0069 12.9); the same offsets in both. */
#define GICD_CTLR           0x0000u
#define GICD_TYPER          0x0004u
#define GICD_IGROUPR        0x0080u
#define GICD_ISENABLER      0x0100u
#define GICD_ICENABLER      0x0180u
#define GICD_ISPENDR        0x0200u
#define GICD_ICPENDR        0x0280u
#define GICD_ISACTIVER      0x0300u
#define GICD_ICACTIVER      0x0380u
#define GICD_IPRIORITYR     0x0400u
#define GICD_ITARGETSR      0x0800u  /* v2 */
#define GICD_ICFGR          0x0c00u
#define GICD_SGIR           0x0f00u  /* v2 */
#define GICD_CPENDSGIR      0x0f10u  /* v2 */
#define GICD_IROUTER        0x6000u  /* v3, 64 bits per INTID */
#define GICD_PIDR2_V3       0xffe8u  /* the ID block ends the 64 KiB frame */
#define GICD_PIDR2_V2       0x0fe8u  /* ... or the 4 KiB one */
#define GICD_PIDR2_ARCH_SHIFT 4u
#define GICD_PIDR2_ARCH_MASK  0xfu
#define GICD_CTLR_V2_ENABLE (1u << 0)
#define GICD_CTLR_V3_G1A    (1u << 1)
#define GICD_CTLR_V3_ARE_NS (1u << 4)
#define GICD_SGIR_FILTER_SHIFT 24u  /* 0 list, 1 all but self, 2 self */
#define GICD_SGIR_TARGET_SHIFT 16u

/* Redistributor RD_base frame (IHI 0069 12.10). */
#define GICR_CTLR           0x0000u
#define GICR_WAKER          0x0014u
#define GICR_PROPBASER      0x0070u
#define GICR_PENDBASER      0x0078u
#define GICR_WAKER_PS       (1u << 1)
#define GICR_WAKER_CA       (1u << 2)
/* ... and its SGI_base frame (IHI 0069 12.11), offsets within it. */
#define GICR_IGROUPR0       0x0080u
#define GICR_ISENABLER0     0x0100u
#define GICR_ICENABLER0     0x0180u
#define GICR_ISPENDR0       0x0200u
#define GICR_ICPENDR0       0x0280u
#define GICR_ISACTIVER0     0x0300u
#define GICR_ICACTIVER0     0x0380u
#define GICR_IPRIORITYR     0x0400u
#define GICR_ICFGR1         0x0c04u

/* GICv2 CPU interface (IHI 0048B 4.4). */
#define GICC_CTLR           0x0000u
#define GICC_PMR            0x0004u
#define GICC_IAR            0x000cu
#define GICC_EOIR           0x0010u
#define GICC_CTLR_ENABLE    (1u << 0)

/* ICC_SGI1R_EL1 (IHI 0069 12.2.23). */
#define ICC_SGI1R_INTID_SHIFT 24u
#define ICC_SGI1R_AFF1_SHIFT  16u
#define ICC_SGI1R_AFF2_SHIFT  32u
#define ICC_SGI1R_IRM         (1ull << 40)
#define ICC_SGI1R_AFF3_SHIFT  48u

#define GIC_ALL_ONES        0xffffffffu

#endif /* GUEST_GIC_REGS_H */
