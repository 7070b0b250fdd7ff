/* SPDX-License-Identifier: MIT */
/*
 * The GIC's memory-mapped registers, once for the physical drivers
 * (gicv2.c, gicv3.c) and the vGIC's emulation (vgic_*_regs.c): offsets and
 * the fields shikiri uses. GICv3: IHI 0069H 12.8 "The GIC Distributor
 * register map" (Table 12-25) and 12.10 "The GIC Redistributor register
 * map" (Tables 12-27, 12-28). GICv2: IHI 0048B 4.1.2 "Distributor register
 * map" (Table 4-1). Numbers only.
 *
 * A register array (GICD_ISENABLER<n>, ...) is named by the offset of its
 * first register; GIC_REG_N gives the n-th 32-bit register of it.
 */
#ifndef SK_ARCH_ARM64_GIC_GIC_REGS_H
#define SK_ARCH_ARM64_GIC_GIC_REGS_H

#include "spec/gic.h"

#define GIC_REG_N(base, n)  ((base) + 4u * (n))

/* ---- Distributor: the same offset in GICv2 and GICv3 ---- */
#define GICD_CTLR          0x0000u
#define GICD_TYPER         0x0004u
#define GICD_IIDR          0x0008u
#define GICD_IGROUPR       0x0080u
#define GICD_ISENABLER     0x0100u
#define GICD_ICENABLER     0x0180u
#define GICD_ISPENDR       0x0200u
#define GICD_ICPENDR       0x0280u
#define GICD_ISACTIVER     0x0300u
#define GICD_ICACTIVER     0x0380u
#define GICD_IPRIORITYR    0x0400u
#define GICD_ITARGETSR     0x0800u /* GICv3: RES0 with affinity routing */
#define GICD_ICFGR         0x0c00u
/* GICD_ICFGR<n>: 16 interrupts per register, two bits each; bit 1 of a
 * pair (Int_config[1]) set = edge-triggered, clear = level (IHI 0048B
 * 4.3.13, IHI 0069H 12.9.9). */
#define GICD_ICFGR_PER_REG 16u
#define GICD_ICFGR_EDGE    0x2u
#define GICD_NSACR         0x0e00u
#define GICD_SGIR          0x0f00u /* GICv3: RES0 with affinity routing */
#define GICD_CPENDSGIR     0x0f10u
#define GICD_SPENDSGIR     0x0f20u

/* ---- Distributor: GICv3 only (IHI 0069H 12.9) ---- */
#define GICD_TYPER2        0x000cu
#define GICD_STATUSR       0x0010u
#define GICD_IGRPMODR      0x0d00u
#define GICD_IROUTER       0x6000u /* 64-bit, one per INTID */
#define GICD_ID_V3         0xffd0u /* PIDR4..PIDR7, PIDR0..PIDR3, CIDR0..3 */
#define GICD_PIDR2_V3      0xffe8u

/* ---- Distributor: GICv2 only (IHI 0048B 4.3) ---- */
#define GICD_ID_V2         0x0fd0u
#define GICD_PIDR2_V2      0x0fe8u

/* Register-array sizes: how many INTIDs a distributor describes. 1-bit
 * arrays cover 1024 INTIDs (32 registers); IPRIORITYR, ITARGETSR and
 * IROUTER stop at 1019 (IPRIORITYR<n>, n = 0..254; IHI 0069H 12.9.18). */
#define GICD_BIT_INTIDS    1024u
#define GICD_BYTE_INTIDS   GIC_INTID_SPECIAL_FIRST
#define GICD_SGIR_COUNT    8u      /* C/SPENDSGIR<n>, n = 0..3 each */
#define GICD_NSACR_COUNT   64u
#define GICD_ID_COUNT      12u

/* GICD_CTLR (IHI 0069H 12.9.4; IHI 0048B 4.3.1) */
#define GICD_CTLR_ENABLE      (1u << 0)  /* GICv2; GICv3 DS=1: EnableGrp0 */
#define GICD_CTLR_NS_GRP1     (1u << 0)  /* GICv3 Non-secure view: EnableGrp1 */
#define GICD_CTLR_GRP1        (1u << 1)  /* GICv3 DS=1 view: EnableGrp1 */
#define GICD_CTLR_NS_GRP1A    (1u << 1)  /* GICv3 Non-secure view: EnableGrp1A */
#define GICD_CTLR_ARE         (1u << 4)  /* ARE (DS=1), ARE_NS (NS view) */
#define GICD_CTLR_DS          (1u << 6)
#define GICD_CTLR_RWP         (1u << 31)

/* GICD_TYPER (IHI 0069H 12.9.38; IHI 0048B 4.3.2) */
#define GICD_TYPER_CPUS_SHIFT 5          /* CPUNumber: CPUs - 1 */
/* ITLinesNumber: the distributor implements INTIDs up to 32 * (N + 1) - 1
 * (1019 at most). */
#define GICD_TYPER_ITLINES_MASK 0x1fu
#define GICD_INTIDS_PER_ITLINE 32u
#define GICD_INTID_LAST_SPI 1019u
#define GICD_TYPER_IDBITS_SHIFT 19       /* GICv3: INTID bits - 1 */

/* GICD_SGIR (IHI 0048B 4.3.15) */
#define GICD_SGIR_INTID_MASK      0xfu
#define GICD_SGIR_TARGET_SHIFT    16
#define GICD_SGIR_FILTER_SHIFT    24
#define GICD_SGIR_FILTER_LIST     0u
#define GICD_SGIR_FILTER_OTHERS   1u
#define GICD_SGIR_FILTER_SELF     2u
#define GICD_SGIR_ALL_BUT_SELF    (GICD_SGIR_FILTER_OTHERS << GICD_SGIR_FILTER_SHIFT)

/* GICD_IROUTER (IHI 0069H 12.9.22) */
#define GICD_IROUTER_IRM      (1ull << 31)
#define GICD_IROUTER_AFF0_MASK 0xffull

/* ---- Redistributor (IHI 0069H 12.10): RD_base frame ---- */
#define GICR_CTLR          0x0000u
#define GICR_IIDR          0x0004u
#define GICR_TYPER         0x0008u /* 64-bit */
#define GICR_STATUSR       0x0010u
#define GICR_WAKER         0x0014u
#define GICR_PROPBASER     0x0070u /* 64-bit */
#define GICR_PENDBASER     0x0078u /* 64-bit */
#define GICR_ID            0xffd0u
#define GICR_PIDR2         0xffe8u

/* SGI_base frame, 64 KiB after RD_base; offsets here count from RD_base. */
#define GICR_SGI_BASE      0x10000u
#define GICR_IGROUPR0      (GICR_SGI_BASE + GICD_IGROUPR)
#define GICR_ISENABLER0    (GICR_SGI_BASE + GICD_ISENABLER)
#define GICR_ICENABLER0    (GICR_SGI_BASE + GICD_ICENABLER)
#define GICR_ISPENDR0      (GICR_SGI_BASE + GICD_ISPENDR)
#define GICR_ICPENDR0      (GICR_SGI_BASE + GICD_ICPENDR)
#define GICR_ISACTIVER0    (GICR_SGI_BASE + GICD_ISACTIVER)
#define GICR_ICACTIVER0    (GICR_SGI_BASE + GICD_ICACTIVER)
#define GICR_IPRIORITYR    (GICR_SGI_BASE + GICD_IPRIORITYR)
#define GICR_ICFGR0        (GICR_SGI_BASE + GICD_ICFGR)
#define GICR_IGRPMODR0     (GICR_SGI_BASE + GICD_IGRPMODR)
#define GICR_NSACR         (GICR_SGI_BASE + GICD_NSACR)

/* One redistributor's frames: RD_base + SGI_base (GICv3), + VLPI_base and
 * a reserved frame (GICv4, GICR_TYPER.VLPIS). */
#define GICR_FRAME_V3      0x20000u
#define GICR_FRAME_V4      0x40000u

/* GICR_TYPER (IHI 0069H 12.11.35) */
#define GICR_TYPER_VLPIS      (1ull << 1)
#define GICR_TYPER_LAST       (1ull << 4)
#define GICR_TYPER_PROC_SHIFT 8
#define GICR_TYPER_AFF_SHIFT  32

/* GICR_WAKER (IHI 0069H 12.11.36) */
#define GICR_WAKER_PSLEEP     (1u << 1)
#define GICR_WAKER_CASLEEP    (1u << 2)

/* Peripheral ID2 (IHI 0069H 12.1.13, IHI 0048B 4.3.15): ArchRev in bits
 * [7:4], JEP106 continuation bits below. */
#define GIC_PIDR2_REV_SHIFT   4
#define GIC_PIDR2_JEP106      0xbu
/* GICD_IIDR/GICR_IIDR: JEP106 code of Arm as the implementer. */
#define GIC_IIDR_ARM          0x0000043bu

#endif
