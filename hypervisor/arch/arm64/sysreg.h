/* SPDX-License-Identifier: MIT */
/*
 * System-register access and the register fields shikiri uses, named as in
 * the Arm Architecture Reference Manual (DDI 0487, chapter D19 "AArch64
 * System Register Descriptions").
 */
#ifndef SK_ARCH_ARM64_SYSREG_H
#define SK_ARCH_ARM64_SYSREG_H

#include <stdint.h>

#include "spec/timer.h"

#define BIT64(n) (1ull << (n))

/* "S3_4_C12_C9_5"-style names work for registers the assembler may not know. */
#define sysreg_read(reg) ({ \
	uint64_t v_; \
	__asm__ volatile("mrs %0, " #reg : "=r"(v_)); \
	v_; \
})
#define sysreg_write(reg, val) \
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(val)) : "memory")

static inline void isb(void) { __asm__ volatile("isb" : : : "memory"); }
static inline void dsb_sy(void) { __asm__ volatile("dsb sy" : : : "memory"); }
static inline void dsb_ish(void) { __asm__ volatile("dsb ish" : : : "memory"); }
static inline void dsb_ishst(void) { __asm__ volatile("dsb ishst" : : : "memory"); }
static inline void wfi(void) { __asm__ volatile("wfi" : : : "memory"); }
static inline void irq_mask_all(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
}
static inline void irq_unmask(void)
{
	__asm__ volatile("msr daifclr, #0x2" : : : "memory");
}

/* CurrentEL (C5.2.3) */
#define CURRENTEL_EL_SHIFT 2

/* HCR_EL2 (D19.2.48) */
#define HCR_EL2_VM    BIT64(0)  /* stage-2 translation for EL1&0 */
#define HCR_EL2_SWIO  BIT64(1)  /* DC ISW acts as DC CISW: a guest cannot
				 * discard other partitions' dirty lines */
#define HCR_EL2_FMO   BIT64(3)  /* physical FIQ to EL2, vFIQ to EL1 */
#define HCR_EL2_IMO   BIT64(4)  /* physical IRQ to EL2, ICC_* -> ICV_* */
#define HCR_EL2_AMO   BIT64(5)  /* physical SError to EL2 */
/* Virtual FIQ / IRQ pending, ORed with the GIC's virtual FIQ / IRQ output
 * (Arm ARM D1.3.6): set by software only where that output is not wired
 * (BOARD_QUIRK_GIC_VIRQ_UNWIRED, arch/arm64/gic/vgic_v3_virq.h). */
#define HCR_EL2_VF    BIT64(6)
#define HCR_EL2_VI    BIT64(7)
#define HCR_EL2_FB    BIT64(9)  /* guest TLB/cache maintenance broadcast */
#define HCR_EL2_BSU_IS (1ull << 10) /* barriers upgraded to inner shareable */
#define HCR_EL2_TWI   BIT64(13) /* trap WFI: a shared CPU's vCPU blocks */
#define HCR_EL2_TSC   BIT64(19) /* trap SMC: nothing reaches the firmware */
#define HCR_EL2_TSW   BIT64(22) /* trap DC ISW/CSW/CISW (set/way) */
#define HCR_EL2_TIDCP BIT64(20) /* trap IMPLEMENTATION DEFINED registers */
#define HCR_EL2_TACR  BIT64(21) /* trap ACTLR_EL1 */
#define HCR_EL2_RW    BIT64(31) /* EL1 is AArch64 */
#define HCR_EL2_TLOR  BIT64(35) /* trap LORegion registers (FEAT_LOR) */
#define HCR_EL2_TERR  BIT64(36) /* trap error record registers (FEAT_RAS) */
#define HCR_EL2_APK   BIT64(40) /* pointer-auth key registers untrapped */
#define HCR_EL2_API   BIT64(41) /* pointer-auth instructions untrapped */

/* SCTLR_EL2, non-VHE layout (D19.2.118) */
#define SCTLR_EL2_M    BIT64(0)
#define SCTLR_EL2_A    BIT64(1)
#define SCTLR_EL2_C    BIT64(2)
#define SCTLR_EL2_SA   BIT64(3)
#define SCTLR_EL2_I    BIT64(12)
#define SCTLR_EL2_WXN  BIT64(19)
#define SCTLR_EL2_RES1 0x30c50830ull

/* SCTLR_EL1 value a guest is entered with: MMU and caches off, little
 * endian, RES1 bits set (D19.2.117; the value Linux' boot protocol expects). */
#define SCTLR_EL1_RESET 0x30d00800ull

/* TCR_EL1.EPD0/EPD1 (D19.2.138): no stage-1 walks through TTBR0/TTBR1, so
 * no (speculative) walk can use EL1 registers that do not belong to the
 * VMID in VTTBR_EL2 while a shared CPU changes vCPUs. */
#define TCR_EL1_EPD0    BIT64(7)
#define TCR_EL1_EPD1    BIT64(23)

/* TCR_EL2, non-VHE (D19.2.139) */
#define TCR_EL2_T0SZ(x)     ((uint64_t)(x) << 0)
#define TCR_EL2_IRGN0_WBWA  (1ull << 8)
#define TCR_EL2_ORGN0_WBWA  (1ull << 10)
#define TCR_EL2_SH0_INNER   (3ull << 12)
#define TCR_EL2_TG0_4K      (0ull << 14)
#define TCR_EL2_PS_SHIFT    16
#define TCR_EL2_RES1        (BIT64(31) | BIT64(23))

/* VTCR_EL2 (D19.2.160) */
#define VTCR_EL2_T0SZ(x)    ((uint64_t)(x) << 0)
#define VTCR_EL2_SL0_L1     (1ull << 6) /* 4K granule: start at level 1 */
#define VTCR_EL2_IRGN0_WBWA (1ull << 8)
#define VTCR_EL2_ORGN0_WBWA (1ull << 10)
#define VTCR_EL2_SH0_INNER  (3ull << 12)
#define VTCR_EL2_TG0_4K     (0ull << 14)
#define VTCR_EL2_PS_SHIFT   16
#define VTCR_EL2_RES1       BIT64(31)

/* VTTBR_EL2 (D19.2.161) */
#define VTTBR_VMID_SHIFT 48

/* MAIR_EL2 attribute bytes (D19.2.79) */
#define MAIR_DEVICE_nGnRE 0x04ull
#define MAIR_NORMAL_WB    0xffull
#define MAIR_IDX_DEVICE   0u
#define MAIR_IDX_NORMAL   1u

/* ID_AA64ISAR0_EL1.CRC32 (D19.2.61): CRC32B..CRC32X implemented */
#define ID_AA64ISAR0_CRC32_SHIFT 16

/* ID_AA64MMFR0_EL1.PARange (D19.2.64) */
#define ID_AA64MMFR0_PARANGE_MASK 0xfull

/* ID_AA64MMFR1_EL1.LO (D19.2.65): LORegions implemented */
#define ID_AA64MMFR1_LO_SHIFT 16

/* ID_AA64PFR0_EL1.SVE, .RAS (D19.2.67) */
#define ID_AA64PFR0_SVE_SHIFT 32
#define ID_AA64PFR0_RAS_SHIFT 28
#define ID_AA64PFR0_GIC_SHIFT 24

/* CPTR_EL2, non-VHE (D19.2.32): RES1 bits 13, 12 (without SME), 9:0
 * except TZ (bit 8). */
#define CPTR_EL2_RES1 0x000032ffull
#define CPTR_EL2_TZ   BIT64(8)   /* trap SVE */
#define CPTR_EL2_TFP  BIT64(10)  /* trap FP/SIMD */
#define CPTR_EL2_TTA  BIT64(20)  /* trap trace registers */
#define CPTR_EL2_TAM  BIT64(30)  /* trap activity monitors */

/* MDCR_EL2 (D19.2.86) */
#define MDCR_EL2_HPMN_MASK 0x1full
#define MDCR_EL2_TPMCR  BIT64(5)
#define MDCR_EL2_TPM    BIT64(6)
#define MDCR_EL2_TDE    BIT64(8)
#define MDCR_EL2_TDA    BIT64(9)
#define MDCR_EL2_TDOSA  BIT64(10)
#define MDCR_EL2_TDRA   BIT64(11)
#define MDCR_EL2_HPMD   BIT64(17) /* no event counting at EL2 */

/* CNTHCTL_EL2, non-VHE (D19.2.21) */
#define CNTHCTL_EL2_EL1PCTEN BIT64(0) /* EL1 may read the physical counter */
#define CNTHCTL_EL2_EL1PCEN  BIT64(1) /* EL1 may use the physical timer */

/* ISR_EL1 (D19.2 "ISR_EL1"): read at EL2, the physical interrupts
 * pending. */
#define ISR_EL1_I BIT64(7) /* an IRQ is pending */

/* SPSR / PSTATE (C5.2.18) */
#define PSR_MODE_EL0t 0x0ull
#define PSR_MODE_EL1t 0x4ull
#define PSR_MODE_EL1h 0x5ull
#define PSR_MODE_EL2h 0x9ull
#define PSR_MODE_MASK 0xfull
#define PSR_F BIT64(6)
#define PSR_I BIT64(7)
#define PSR_A BIT64(8)
#define PSR_D BIT64(9)
#define PSR_DAIF (PSR_D | PSR_A | PSR_I | PSR_F)
#define PSR_MODE_AARCH32 BIT64(4)

/* ESR_ELx (D19.2.40) */
#define ESR_EC_SHIFT 26
#define ESR_EC_MASK  0x3full
#define ESR_IL       BIT64(25)
#define ESR_ISS_MASK 0x1ffffffull
#define ESR_EC_UNKNOWN    0x00u
#define ESR_EC_WFX        0x01u
#define ESR_EC_HVC64      0x16u
#define ESR_EC_SMC64      0x17u
#define ESR_EC_SYSREG     0x18u
#define ESR_EC_SVE        0x19u
#define ESR_EC_IABT_LOW   0x20u
#define ESR_EC_IABT_CUR   0x21u
#define ESR_EC_DABT_LOW   0x24u
#define ESR_EC_DABT_CUR   0x25u
#define ESR_EC_BRK64      0x3cu
#define ESR_ISS_HVC_IMM_MASK 0xffffull
/* Data/instruction abort ISS (D19.2.40 "ISS encoding for an exception from
 * a Data Abort") */
#define ESR_ABT_FSC_MASK  0x3full
#define ESR_ABT_WNR       BIT64(6)
#define ESR_ABT_FSC_SEA   0x10u /* synchronous external abort */
#define ESR_ABT_FSC_TYPE_MASK 0x3cull
#define ESR_ABT_FSC_TRANSLATION 0x04u
#define ESR_ABT_FSC_ACCESS  0x08u
#define ESR_ABT_FSC_PERMISSION 0x0cu

/* HPFAR_EL2.FIPA holds IPA[47:12] in bits [43:4] (D19.2.52) */
#define HPFAR_FIPA_MASK 0x00000fffffffffffull
#define HPFAR_FIPA_SHIFT 4

/* Offsets in the EL1 vector table (D1.10.2) */
#define VECTOR_CUR_SP0  0x000u
#define VECTOR_CUR_SPX  0x200u
#define VECTOR_LOWER64  0x400u

#endif /* SK_ARCH_ARM64_SYSREG_H */
