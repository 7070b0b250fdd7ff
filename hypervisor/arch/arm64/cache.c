/* SPDX-License-Identifier: MIT */
#include "arch/arm64/cache.h"

#include <stdint.h>

#include "arch/arm64/sysreg.h"

/* CTR_EL0.DminLine: log2 of the smallest data cache line in words. */
#define CTR_DMINLINE_SHIFT 16
#define CTR_DMINLINE_MASK  0xfull

static uintptr_t dcache_line_size(void)
{
	uint64_t ctr = sysreg_read(ctr_el0);

	return (uintptr_t)4u << ((ctr >> CTR_DMINLINE_SHIFT) & CTR_DMINLINE_MASK);
}

void dcache_clean_inval_range(const void *addr, size_t size)
{
	uintptr_t line = dcache_line_size();
	uintptr_t p = (uintptr_t)addr & ~(line - 1);
	uintptr_t end = (uintptr_t)addr + size;

	for (; p < end; p += line)
		__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
	dsb_sy();
}

void icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb_ish();
	isb();
}
