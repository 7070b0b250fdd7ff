/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own address space: EL2 stage-1, an identity map of the
 * board's RAM (Normal, write-back) and of the devices shikiri drives
 * (Device-nGnRE, never executable). Nothing else is mapped, so a stray
 * hypervisor pointer faults instead of touching an unknown device.
 */
#ifndef SK_ARCH_EL2_MMU_H
#define SK_ARCH_EL2_MMU_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/board.h"

/* Register values every CPU loads; head.S reads them for secondaries. */
struct el2_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr;
	uint64_t sctlr;
};
/* Defined in el2_mmu.c, written by el2_mmu_build(). */
extern struct el2_mmu_regs el2_mmu_regs;

/* Builds the tables; on failure writes a reason and returns false. */
bool el2_mmu_build(const struct board *b, char *err, uint32_t err_size);
/* Turns the MMU and caches on for this CPU (boot CPU). */
void el2_mmu_enable(void);

#endif
