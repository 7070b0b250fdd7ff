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

/* DCZID_EL0 (D19.2.33): DZP set = DC ZVA prohibited; BS = log2 of the
 * block it zeroes, in words. */
#define DCZID_BS_MASK 0xfull
#define DCZID_DZP     (1ull << 4)

/* Zeroes [addr, addr+size) a block at a time with DC ZVA where the CPU
 * allows it (one instruction per 64 bytes on the cores we run on, against
 * 64 byte stores), then writes the zeros back to the point of coherency so
 * a guest that starts with its caches off reads zeros too. */
void dcache_zero_range(void *addr, size_t size)
{
	uint64_t dczid = sysreg_read(dczid_el0);
	uintptr_t block = (uintptr_t)4u << (dczid & DCZID_BS_MASK);
	uintptr_t p = (uintptr_t)addr;
	uintptr_t end = p + size;

	if ((dczid & DCZID_DZP) == 0) {
		for (; p < end && (p & (block - 1)) != 0; p++)
			*(volatile uint8_t *)p = 0;
		for (; end - p >= block; p += block)
			__asm__ volatile("dc zva, %0" : : "r"(p) : "memory");
	}
	for (; p < end; p++)
		*(volatile uint8_t *)p = 0;
	dcache_clean_inval_range(addr, size);
}

void icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb_ish();
	isb();
}
