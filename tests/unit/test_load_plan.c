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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
