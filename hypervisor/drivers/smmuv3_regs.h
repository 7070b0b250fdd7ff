/* SPDX-License-Identifier: MIT */
/*
 * SMMUv3 registers, fields and in-memory structures as the architecture
 * names them (Arm IHI 0070, "SMMU architecture version 3"): section 6.3
 * for the registers, 5.2 for the Stream Table Entry (STE), 4 for the
 * commands and 7.3 for the event records. Numbers only.
 */
#ifndef SK_DRIVERS_SMMUV3_REGS_H
#define SK_DRIVERS_SMMUV3_REGS_H

#include <stdint.h>

/* 6.3: register offsets in page 0; page 1 starts 64 KiB above it. */
#define SMMU_IDR0            0x0000u
#define SMMU_IDR1            0x0004u
#define SMMU_IDR2            0x0008u
#define SMMU_IDR3            0x000cu
#define SMMU_IDR4            0x0010u
#define SMMU_IDR5            0x0014u
#define SMMU_CR0             0x0020u
#define SMMU_CR0ACK          0x0024u
#define SMMU_CR1             0x0028u
#define SMMU_CR2             0x002cu
#define SMMU_GBPA            0x0044u
#define SMMU_IRQ_CTRL        0x0050u
#define SMMU_IRQ_CTRLACK     0x0054u
#define SMMU_GERROR          0x0060u
#define SMMU_GERRORN         0x0064u
#define SMMU_STRTAB_BASE     0x0080u /* 64-bit */
#define SMMU_STRTAB_BASE_CFG 0x0088u
#define SMMU_CMDQ_BASE       0x0090u /* 64-bit */
#define SMMU_CMDQ_PROD       0x0098u
#define SMMU_CMDQ_CONS       0x009cu
#define SMMU_EVENTQ_BASE     0x00a0u /* 64-bit */
#define SMMU_PAGE1           0x10000u
#define SMMU_EVENTQ_PROD     (SMMU_PAGE1 + 0x00a8u)
#define SMMU_EVENTQ_CONS     (SMMU_PAGE1 + 0x00acu)
/* 6.3.31, 6.3.32: EVENTQ_PROD.OVFLG flips when the queue overflowed
 * (events lost); EVENTQ_CONS.OVACKFLG is set equal to acknowledge it. */
#define SMMU_EVENTQ_OVFLG    (1u << 31)
/* The register frame: two 64 KiB pages (6.1). */
#define SMMU_REG_SIZE        0x20000u

/* 6.3.1 SMMU_IDR0 */
#define SMMU_IDR0_S2P        (1u << 0)
#define SMMU_IDR0_S1P        (1u << 1)
#define SMMU_IDR0_TTF_SHIFT  2u
#define SMMU_IDR0_TTF_MASK   0x3u
#define SMMU_IDR0_TTF_AA64   0x2u /* 0b10 AArch64; 0b11 both */
#define SMMU_IDR0_COHACC     (1u << 4)
#define SMMU_IDR0_VMID16     (1u << 18)
#define SMMU_IDR0_ST_LEVEL_SHIFT 27u
#define SMMU_IDR0_ST_LEVEL_MASK  0x3u

/* 6.3.2 SMMU_IDR1 */
#define SMMU_IDR1_SIDSIZE_MASK    0x3fu
#define SMMU_IDR1_EVENTQS_SHIFT   16u
#define SMMU_IDR1_CMDQS_SHIFT     21u
#define SMMU_IDR1_QS_MASK         0x1fu
#define SMMU_IDR1_QUEUES_PRESET   (1u << 29)
#define SMMU_IDR1_TABLES_PRESET   (1u << 30)

/* 6.3.6 SMMU_IDR5 */
#define SMMU_IDR5_OAS_MASK   0x7u
#define SMMU_IDR5_GRAN4K     (1u << 4)

/* 6.3.9 SMMU_CR0 and SMMU_CR0ACK */
#define SMMU_CR0_SMMUEN      (1u << 0)
#define SMMU_CR0_EVTQEN      (1u << 2)
#define SMMU_CR0_CMDQEN      (1u << 3)

/* 6.3.11 SMMU_CR1: cacheability and shareability of table and queue
 * accesses. */
#define SMMU_CR1_QUEUE_IC_SHIFT 0u
#define SMMU_CR1_QUEUE_OC_SHIFT 2u
#define SMMU_CR1_QUEUE_SH_SHIFT 4u
#define SMMU_CR1_TABLE_IC_SHIFT 6u
#define SMMU_CR1_TABLE_OC_SHIFT 8u
#define SMMU_CR1_TABLE_SH_SHIFT 10u
#define SMMU_CR1_CACHE_NC    0x0u
#define SMMU_CR1_CACHE_WB    0x1u /* write-back cacheable */
#define SMMU_CR1_SH_NSH      0x0u
#define SMMU_CR1_SH_ISH      0x3u

/* 6.3.14 SMMU_GBPA: what a transaction does while SMMUEN = 0. */
#define SMMU_GBPA_ABORT      (1u << 20)
#define SMMU_GBPA_UPDATE     (1u << 31)

/* 6.3.16 SMMU_IRQ_CTRL */
#define SMMU_IRQ_CTRL_GERROR_IRQEN (1u << 0)
#define SMMU_IRQ_CTRL_EVENTQ_IRQEN (1u << 2)

/* 6.3.18 SMMU_GERROR */
#define SMMU_GERROR_CMDQ_ERR (1u << 0)

/* 6.3.24 SMMU_STRTAB_BASE, 6.3.25 SMMU_STRTAB_BASE_CFG */
#define SMMU_STRTAB_BASE_RA          (1ull << 62)
#define SMMU_STRTAB_BASE_ADDR_MASK   0x000ffffffffffc0ull /* [51:6] */
#define SMMU_STRTAB_BASE_CFG_FMT_LINEAR (0u << 16)

/* 6.3.26 SMMU_CMDQ_BASE, 6.3.29 SMMU_EVENTQ_BASE: ADDR [51:5],
 * LOG2SIZE [4:0]. */
#define SMMU_Q_BASE_RA_WA    (1ull << 62)
#define SMMU_Q_BASE_ADDR_MASK 0x000fffffffffffe0ull
/* 6.3.28 SMMU_CMDQ_CONS.ERR [30:24] */
#define SMMU_CMDQ_CONS_ERR_SHIFT 24u
#define SMMU_CMDQ_CONS_ERR_MASK  0x7fu

/* 5.2: the STE, eight 64-bit words. */
#define SMMU_STE_DWORDS      8u
#define SMMU_STE_V           (1ull << 0)
#define SMMU_STE_CONFIG_SHIFT 1u
#define SMMU_STE_CONFIG_ABORT  0x0ull /* 0b000: abort, no event */
#define SMMU_STE_CONFIG_BYPASS 0x4ull
#define SMMU_STE_CONFIG_S2     0x6ull /* S1 bypass, S2 translate */
/* Word 2 (bits 128..191 of the STE) */
#define SMMU_STE2_S2VMID_MASK 0xffffull
#define SMMU_STE2_S2T0SZ_SHIFT 32u
#define SMMU_STE2_S2SL0_SHIFT  38u
#define SMMU_STE2_S2IR0_SHIFT  40u
#define SMMU_STE2_S2OR0_SHIFT  42u
#define SMMU_STE2_S2SH0_SHIFT  44u
#define SMMU_STE2_S2TG_SHIFT   46u
#define SMMU_STE2_S2PS_SHIFT   48u
#define SMMU_STE2_S2AA64       (1ull << 51)
#define SMMU_STE2_S2PTW        (1ull << 54)
#define SMMU_STE2_S2R          (1ull << 58)
/* Word 3: S2TTB [51:4] */
#define SMMU_STE3_S2TTB_MASK   0x000ffffffffffff0ull

/* 4: commands, two 64-bit words; opcode in [7:0]. */
#define SMMU_CMD_DWORDS          2u
#define SMMU_CMD_CFGI_STE        0x03u /* SID [63:32]; word 1 Leaf [0] */
#define SMMU_CMD_CFGI_ALL        0x04u /* word 1 Range [4:0] = 31 */
#define SMMU_CMD_CFGI_ALL_RANGE  31u
#define SMMU_CMD_TLBI_S12_VMALL  0x28u /* VMID [47:32] */
#define SMMU_CMD_SYNC            0x46u /* CS [13:12] = 0: no signal */
#define SMMU_CMD_SID_SHIFT       32u
#define SMMU_CMD_VMID_SHIFT      32u

/* 7.3: event records, four 64-bit words; type [7:0], StreamID
 * [63:32] of word 0, input address in word 2. */
#define SMMU_EVT_DWORDS          4u
#define SMMU_EVT_TYPE_MASK       0xffu
#define SMMU_EVT_SID_SHIFT       32u
/* 7.3.12 and the other fault records: word 1 bit 35 (of the 64-bit
 * dword 1, bit 3 of its upper half) RnW: 1 read, 0 write. */
#define SMMU_EVT_RNW             (1ull << 35)
#define SMMU_EVT_C_BAD_STREAMID  0x02u
#define SMMU_EVT_F_STE_FETCH     0x03u
#define SMMU_EVT_C_BAD_STE       0x04u
#define SMMU_EVT_F_TRANSLATION   0x10u
#define SMMU_EVT_F_ADDR_SIZE     0x11u
#define SMMU_EVT_F_ACCESS        0x12u
#define SMMU_EVT_F_PERMISSION    0x13u

#endif
