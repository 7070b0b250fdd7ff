/* SPDX-License-Identifier: MIT */
#include "stubs/fake_cache.h"

#include <string.h>

#include "arch/cache.h"

static struct fake_cache_call cache_calls[FAKE_CACHE_CALLS_MAX];
static size_t cache_dcache_count;
static size_t cache_icache_count;
static int cache_reveal = -1;

void fake_cache_reset(void)
{
	memset(cache_calls, 0, sizeof(cache_calls));
	cache_dcache_count = 0;
	cache_icache_count = 0;
	cache_reveal = -1;
}

size_t fake_cache_dcache_calls(void)
{
	return cache_dcache_count;
}

const struct fake_cache_call *fake_cache_dcache_call(size_t i)
{
	return i < FAKE_CACHE_CALLS_MAX && i < cache_dcache_count ?
		&cache_calls[i] : NULL;
}

size_t fake_cache_icache_calls(void)
{
	return cache_icache_count;
}

void fake_cache_reveal_on_maintenance(int byte)
{
	cache_reveal = byte;
}

void dcache_clean_inval_range(const void *addr, size_t size)
{
	/* Written as a clamp, not a ?: (cppcheck misreads that one as
	 * always 0). */
	size_t n = size;

	if (n > FAKE_CACHE_SNAPSHOT_MAX)
		n = FAKE_CACHE_SNAPSHOT_MAX;

	if (cache_dcache_count < FAKE_CACHE_CALLS_MAX) {
		struct fake_cache_call *c = &cache_calls[cache_dcache_count];

		c->addr = addr;
		c->size = size;
		if (n > 0)
			memcpy(c->snapshot, addr, n);
	}
	cache_dcache_count++;
	if (cache_reveal >= 0 && n > 0)
		memset((void *)(uintptr_t)addr, cache_reveal, n);
}

void icache_inval_all(void)
{
	cache_icache_count++;
}
