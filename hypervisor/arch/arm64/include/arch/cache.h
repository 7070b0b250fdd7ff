/* SPDX-License-Identifier: MIT */
/*
 * Data-cache maintenance by virtual address to the point of coherency
 * (Arm ARM D7.5.9). Needed where memory is seen with different
 * cacheability: a guest with its MMU off reads and writes non-cacheable,
 * the hypervisor through its cacheable map.
 */
#ifndef SK_ARCH_CACHE_H
#define SK_ARCH_CACHE_H

#include <stddef.h>

/* Writes back and invalidates every line of [addr, addr+size). */
void dcache_clean_inval_range(const void *addr, size_t size);
/* Zeroes [addr, addr+size) and writes it back to the point of coherency. */
void dcache_zero_range(void *addr, size_t size);
/* Invalidates the instruction cache (after loading guest code). */
void icache_inval_all(void);

#endif
