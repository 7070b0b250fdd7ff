/* SPDX-License-Identifier: MIT */
/*
 * A partition's RAM in 2 MiB granules (hypervisor/core/granule.c): regions
 * not 2 MiB aligned, smaller than a granule, two regions in one 2 MiB
 * window, and which granules the images overlap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/granule.h"

#define MIB (1ull << 20)

static struct sk_cfg_partition cfg;

static void set_region(uint32_t i, uint64_t guest, uint64_t phys,
		       uint64_t size)
{
	cfg.regions[i].guest = guest;
	cfg.regions[i].phys = phys;
	cfg.regions[i].size = size;
}

/*
 * Region 0: 4 MiB at guest +1 MiB (granules of 1, 2 and 1 MiB).
 * Region 1: 12 KiB, inside one window (one small granule).
 * Regions 2 and 3: 1 MiB and 512 KiB in the same 2 MiB window.
 */
static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.region_count = 4;
	set_region(0, 0x40100000ull, 0x80300000ull, 4 * MIB);
	set_region(1, 0x50001000ull, 0x90001000ull, 0x3000ull);
	set_region(2, 0x60000000ull, 0xa0000000ull, 1 * MIB);
	set_region(3, 0x60100000ull, 0xb0000000ull, MIB / 2);
	return 0;
}

static void assert_granule(uint32_t index, uint32_t region, uint64_t gpa,
			   uint64_t hpa, uint64_t size)
{
	struct granule g;

	assert_true(granule_get(&cfg, index, &g));
	assert_int_equal(g.region, region);
	assert_int_equal(g.gpa, gpa);
	assert_int_equal(g.hpa, hpa);
	assert_int_equal(g.size, size);
}

static uint32_t index_of(uint64_t gpa)
{
	uint32_t i = 0xffffffffu;

	assert_true(granule_of(&cfg, gpa, &i));
	return i;
}

static void an_unaligned_region_is_clipped_at_both_ends(void **state)
{
	(void)state;
	assert_granule(0, 0, 0x40100000ull, 0x80300000ull, 1 * MIB);
	assert_granule(1, 0, 0x40200000ull, 0x80400000ull, 2 * MIB);
	assert_granule(2, 0, 0x40400000ull, 0x80600000ull, 1 * MIB);
	assert_int_equal(index_of(0x40100000ull), 0u);
	assert_int_equal(index_of(0x401fffffull), 0u);
	assert_int_equal(index_of(0x40200000ull), 1u);
	assert_int_equal(index_of(0x404fffffull), 2u);
}

static void a_region_smaller_than_a_granule_is_one_granule(void **state)
{
	(void)state;
	assert_granule(3, 1, 0x50001000ull, 0x90001000ull, 0x3000ull);
	assert_int_equal(index_of(0x50003fffull), 3u);
}

static void two_regions_in_one_window_are_two_granules(void **state)
{
	(void)state;
	assert_granule(4, 2, 0x60000000ull, 0xa0000000ull, 1 * MIB);
	assert_granule(5, 3, 0x60100000ull, 0xb0000000ull, MIB / 2);
	assert_int_equal(index_of(0x600fffffull), 4u);
	assert_int_equal(index_of(0x60100000ull), 5u);
	assert_int_equal(granule_count(&cfg), 6u);
}

static void addresses_outside_every_region_have_no_granule(void **state)
{
	struct granule g;
	uint32_t i = 7;

	(void)state;
	/* In a region's window but not in the region; between regions;
	 * just past a region. */
	assert_false(granule_of(&cfg, 0x40000000ull, &i));
	assert_false(granule_of(&cfg, 0x50000fffull, &i));
	assert_false(granule_of(&cfg, 0x50004000ull, &i));
	assert_false(granule_of(&cfg, 0x60180000ull, &i));
	assert_false(granule_of(&cfg, 0x40500000ull, &i));
	assert_int_equal(i, 7u);
	assert_false(granule_get(&cfg, 6, &g));
	assert_false(granule_get(&cfg, 0xffffffffu, &g));
}

static void images_overlap_the_granules_they_touch(void **state)
{
	(void)state;
	cfg.image_count = 2;
	cfg.images[0].load = 0x401ff000ull; /* one page either side */
	cfg.images[0].size = 0x2000ull;
	cfg.images[1].load = 0x60100000ull;
	cfg.images[1].size = 0x10ull;
	assert_true(granule_has_image(&cfg, 0x40100000ull, 1 * MIB));
	assert_true(granule_has_image(&cfg, 0x40200000ull, 2 * MIB));
	assert_false(granule_has_image(&cfg, 0x40400000ull, 1 * MIB));
	/* The window's other region is not overlapped. */
	assert_false(granule_has_image(&cfg, 0x60000000ull, 1 * MIB));
	assert_true(granule_has_image(&cfg, 0x60100000ull, MIB / 2));
	/* An empty image overlaps nothing. */
	cfg.images[1].size = 0;
	assert_false(granule_has_image(&cfg, 0x60100000ull, MIB / 2));
}

static void a_partition_without_regions_has_no_granules(void **state)
{
	uint32_t i;

	(void)state;
	cfg.region_count = 0;
	assert_int_equal(granule_count(&cfg), 0u);
	assert_false(granule_of(&cfg, 0x40100000ull, &i));
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(an_unaligned_region_is_clipped_at_both_ends),
		T(a_region_smaller_than_a_granule_is_one_granule),
		T(two_regions_in_one_window_are_two_granules),
		T(addresses_outside_every_region_have_no_granule),
		T(images_overlap_the_granules_they_touch),
		T(a_partition_without_regions_has_no_granules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
