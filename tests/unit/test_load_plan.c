/* SPDX-License-Identifier: MIT */
/*
 * A partition's load in bounded chunks (hypervisor/core/load_plan.c):
 * every region cleared, then every image copied, no chunk larger than
 * LOAD_CHUNK_BYTES, each byte exactly once, and a new load starting from
 * the beginning.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/load_plan.h"

static struct sk_cfg_partition cfg;

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.region_count = 2;
	cfg.regions[0].phys = 0x40000000ull;
	cfg.regions[0].size = 3ull * LOAD_CHUNK_BYTES + 100u;
	cfg.regions[1].phys = 0x80000000ull;
	cfg.regions[1].size = LOAD_CHUNK_BYTES;
	cfg.image_count = 2;
	cfg.images[0].load = 0x1000ull;
	cfg.images[0].offset = 0x200ull;
	cfg.images[0].size = LOAD_CHUNK_BYTES + 1u;
	cfg.images[1].load = 0x900000ull;
	cfg.images[1].offset = 0x300000ull;
	cfg.images[1].size = 10u;
	return 0;
}

/* Sum of the sizes of the chunks of op op, and the largest; the number
 * of chunks until DONE. */
static uint32_t run(struct load_cursor *c, uint32_t op, uint64_t *sum,
		    uint64_t *largest)
{
	struct load_chunk k;
	uint32_t n = 0;

	*sum = 0;
	*largest = 0;
	for (;;) {
		load_plan_next(c, &cfg, &k);
		if (k.op == LOAD_OP_DONE)
			return n;
		n++;
		assert_true(n < 1000u);
		if (k.op == op) {
			*sum += k.size;
			if (k.size > *largest)
				*largest = k.size;
		}
	}
}

static void every_region_is_cleared_in_chunks(void **state)
{
	struct load_cursor c;
	uint64_t sum, largest;

	(void)state;
	load_plan_start(&c, 0, false);
	(void)run(&c, LOAD_OP_CLEAR, &sum, &largest);
	assert_int_equal(sum, cfg.regions[0].size + cfg.regions[1].size);
	assert_int_equal(largest, LOAD_CHUNK_BYTES);
}

static void every_image_is_copied_in_chunks(void **state)
{
	struct load_cursor c;
	uint64_t sum, largest;

	(void)state;
	load_plan_start(&c, 0, false);
	(void)run(&c, LOAD_OP_COPY, &sum, &largest);
	assert_int_equal(sum, cfg.images[0].size + cfg.images[1].size);
	assert_int_equal(largest, LOAD_CHUNK_BYTES);
}

static void the_chunks_cover_each_item_in_order(void **state)
{
	struct load_cursor c;
	struct load_chunk k;

	(void)state;
	load_plan_start(&c, 0, false);
	for (uint32_t i = 0; i < 4u; i++) {
		load_plan_next(&c, &cfg, &k);
		assert_int_equal(k.op, LOAD_OP_CLEAR);
		assert_int_equal(k.clear_dst.addr, cfg.regions[0].phys + i * LOAD_CHUNK_BYTES);
	}
	assert_int_equal(k.size, 100u);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.clear_dst.addr, cfg.regions[1].phys);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_COPY);
	assert_int_equal(k.copy_dst.addr, cfg.images[0].load);
	assert_int_equal(k.clear_dst.addr, 0u);
	assert_int_equal(k.src, cfg.images[0].offset);
	assert_int_equal(k.image, 0u);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.copy_dst.addr, cfg.images[0].load + LOAD_CHUNK_BYTES);
	assert_int_equal(k.src, cfg.images[0].offset + LOAD_CHUNK_BYTES);
	assert_int_equal(k.size, 1u);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.image, 1u);
	assert_int_equal(k.size, 10u);
}

/* A lazy load over one 8 MiB region at guest +1 MiB (granules of 1, 2,
 * 2, 2 and 1 MiB): a kernel across the first two, a device tree in the
 * fourth, an initrd in the fourth too. Only those granules are cleared,
 * whole, a granule's end ends a chunk, and a granule two images share is
 * cleared for each (the caller skips it the second time). */
static void a_lazy_load_clears_only_the_granules_images_overlap(void **state)
{
	const uint64_t base = 0x40100000ull;
	const uint64_t mib = 1ull << 20;
	struct load_cursor c;
	struct load_chunk k;
	uint64_t cleared[8] = { 0 };
	uint32_t ends = 0;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.region_count = 1;
	cfg.regions[0].guest = base;
	cfg.regions[0].phys = 0x80100000ull;
	cfg.regions[0].size = 8u * mib;
	cfg.image_count = 3;
	cfg.images[0].load = base + 0x1000u;
	cfg.images[0].size = 1u * mib + 0x1000u;
	cfg.images[1].load = 0x40700000ull;
	cfg.images[1].size = 0x1000u;
	cfg.images[2].load = 0x40600000ull;
	cfg.images[2].size = 0x100u;
	load_plan_start(&c, 0, true);
	for (uint32_t n = 0;; n++) {
		assert_true(n < 1000u);
		load_plan_next(&c, &cfg, &k);
		if (k.op != LOAD_OP_CLEAR)
			break;
		assert_true(k.size <= LOAD_CHUNK_BYTES);
		assert_int_equal(k.clear_dst.addr - cfg.regions[0].phys,
				 k.clear_gpa.addr - base);
		/* Never across a 2 MiB boundary; ends one exactly at it or at
		 * the region's end. */
		assert_int_equal(k.clear_gpa.addr >> 21,
				 (k.clear_gpa.addr + k.size - 1u) >> 21);
		assert_int_equal(k.granule_end,
				 ((k.clear_gpa.addr + k.size) & (2u * mib - 1u)) == 0u);
		ends += k.granule_end ? 1u : 0u;
		cleared[(k.clear_gpa.addr - 0x40000000ull) >> 21] += k.size;
	}
	/* Granule 0 ([+1, +2) MiB) and 1 for the kernel, 3 for both the
	 * device tree and the initrd; 2 and 4 left to first touch. */
	assert_int_equal(cleared[0], 1u * mib);
	assert_int_equal(cleared[1], 2u * mib);
	assert_int_equal(cleared[2], 0u);
	assert_int_equal(cleared[3], 2u * 2u * mib);
	assert_int_equal(cleared[4], 0u);
	assert_int_equal(ends, 4u);
	assert_int_equal(k.op, LOAD_OP_COPY);
}

/* The last granule of a region that ends inside a 2 MiB window: its last
 * chunk ends the granule. */
static void a_lazy_chunk_at_the_region_end_ends_its_granule(void **state)
{
	struct load_cursor c;
	struct load_chunk k;

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.region_count = 1;
	cfg.regions[0].guest = 0x40000000ull;
	cfg.regions[0].phys = 0x80000000ull;
	cfg.regions[0].size = 0x3000u;
	cfg.image_count = 1;
	cfg.images[0].load = 0x40001000ull;
	cfg.images[0].size = 0x10u;
	load_plan_start(&c, 0, true);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_CLEAR);
	assert_int_equal(k.clear_gpa.addr, 0x40000000ull);
	assert_int_equal(k.size, 0x3000u);
	assert_true(k.granule_end);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_COPY);
}

static void done_stays_done(void **state)
{
	struct load_cursor c;
	struct load_chunk k;
	uint64_t sum, largest;

	(void)state;
	load_plan_start(&c, 0, false);
	assert_int_equal(run(&c, LOAD_OP_CLEAR, &sum, &largest), 5u + 3u);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_DONE);
	assert_int_equal(c.phase, LOAD_PHASE_DONE);
}

static void a_new_load_starts_from_the_beginning(void **state)
{
	struct load_cursor c;
	struct load_chunk k;

	(void)state;
	load_plan_start(&c, 0, false);
	load_plan_next(&c, &cfg, &k);
	load_plan_next(&c, &cfg, &k);
	load_plan_start(&c, 7, false);
	assert_int_equal(c.gen, 7u);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_CLEAR);
	assert_int_equal(k.clear_dst.addr, cfg.regions[0].phys);
}

static void a_partition_without_images_or_regions_is_done_at_once(void **state)
{
	struct load_cursor c;
	struct load_chunk k;

	(void)state;
	cfg.region_count = 0;
	cfg.image_count = 0;
	load_plan_start(&c, 0, false);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_DONE);
}

static void an_empty_region_is_passed(void **state)
{
	struct load_cursor c;
	struct load_chunk k;

	(void)state;
	cfg.regions[0].size = 0;
	load_plan_start(&c, 0, false);
	load_plan_next(&c, &cfg, &k);
	assert_int_equal(k.op, LOAD_OP_CLEAR);
	assert_int_equal(k.clear_dst.addr, cfg.regions[1].phys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(every_region_is_cleared_in_chunks, setup),
		cmocka_unit_test_setup(every_image_is_copied_in_chunks, setup),
		cmocka_unit_test_setup(the_chunks_cover_each_item_in_order, setup),
		cmocka_unit_test_setup(done_stays_done, setup),
		cmocka_unit_test_setup(a_new_load_starts_from_the_beginning, setup),
		cmocka_unit_test_setup(a_partition_without_images_or_regions_is_done_at_once, setup),
		cmocka_unit_test_setup(an_empty_region_is_passed, setup),
		cmocka_unit_test_setup(a_lazy_load_clears_only_the_granules_images_overlap, setup),
		cmocka_unit_test_setup(a_lazy_chunk_at_the_region_end_ends_its_granule, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
