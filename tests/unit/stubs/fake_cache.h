/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for arch/arm64/cache.c: records every maintenance call so
 * tests can check which range was cleaned, and when.
 */
#ifndef SK_TEST_FAKE_CACHE_H
#define SK_TEST_FAKE_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define FAKE_CACHE_CALLS_MAX 16u
/* Bytes of the range captured at the moment of each call. */
#define FAKE_CACHE_SNAPSHOT_MAX 256u

struct fake_cache_call {
	const void *addr;
	size_t size;
	uint8_t snapshot[FAKE_CACHE_SNAPSHOT_MAX];
};

void fake_cache_reset(void);
/* dcache_clean_inval_range calls, including those beyond the record. */
size_t fake_cache_dcache_calls(void);
const struct fake_cache_call *fake_cache_dcache_call(size_t i);
size_t fake_cache_icache_calls(void);
/*
 * When set, each dcache_clean_inval_range call fills its range (up to
 * FAKE_CACHE_SNAPSHOT_MAX bytes) with this byte after taking the snapshot:
 * it plays the part of memory that a non-cacheable guest wrote and that
 * only becomes visible once the stale cache lines are invalidated.
 */
void fake_cache_reveal_on_maintenance(int byte);

#endif
