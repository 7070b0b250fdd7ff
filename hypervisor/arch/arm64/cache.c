/* SPDX-License-Identifier: MIT */
#include "arch/cache.h"

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

/* Four DC ZVA, each followed by a DC CIVAC of the block just zeroed, per
 * turn: the zeros are written back to the point of coherency so that a
 * guest starting with its caches off reads zeros too, and no stale line of
 * an earlier run can later be evicted over them. About 3.5 instructions per
 * 64 bytes, against 11 for two plain loops. */
static uintptr_t dcache_zero_blocks(uintptr_t p, uintptr_t end, uintptr_t block)
{
	for (; end - p >= 4u * block;) {
		__asm__ volatile("dc zva, %0\n\tdc civac, %0\n\tadd %0, %0, %1\n\t"
				 "dc zva, %0\n\tdc civac, %0\n\tadd %0, %0, %1\n\t"
				 "dc zva, %0\n\tdc civac, %0\n\tadd %0, %0, %1\n\t"
				 "dc zva, %0\n\tdc civac, %0\n\tadd %0, %0, %1"
				 : "+r"(p) : "r"(block) : "memory");
	}
	for (; end - p >= block; p += block)
		__asm__ volatile("dc zva, %0\n\tdc civac, %0" : : "r"(p) : "memory");
	return p;
}

/* Zeroes [addr, addr+size) a block at a time with DC ZVA where the CPU
 * allows it and its block is no smaller than a cache line (so cleaning
 * each block covers every line), then writes everything back to the point
 * of coherency. */
void dcache_zero_range(void *addr, size_t size)
{
	uint64_t dczid = sysreg_read(dczid_el0);
	uintptr_t block = (uintptr_t)4u << (dczid & DCZID_BS_MASK);
	uintptr_t p = (uintptr_t)addr;
	uintptr_t end = p + size;
	uintptr_t head;

	if ((dczid & DCZID_DZP) != 0 || block < dcache_line_size()) {
		for (; p < end; p++)
			*(volatile uint8_t *)p = 0;
		dcache_clean_inval_range(addr, size);
		return;
	}
	for (; p < end && (p & (block - 1)) != 0; p++)
		*(volatile uint8_t *)p = 0;
	head = p;
	p = dcache_zero_blocks(p, end, block);
	for (uintptr_t q = p; q < end; q++)
		*(volatile uint8_t *)q = 0;
	/* The unaligned head and tail, if any (blocks were done above). */
	if (head != (uintptr_t)addr)
		dcache_clean_inval_range(addr, head - (uintptr_t)addr);
	if (p != end)
		dcache_clean_inval_range((const void *)p, end - p);
	dsb_sy();
}

void icache_inval_all(void)
{
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb_ish();
	isb();
}
