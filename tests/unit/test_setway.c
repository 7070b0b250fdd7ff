/* SPDX-License-Identifier: MIT */
/*
 * Emulated set/way maintenance (hypervisor/core/setway.c): a flush of the
 * partition's memory in bounded chunks, one per trap of the same
 * instruction, restarted when the guest did something else in between,
 * and nothing to do in the rest of a run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/config_format.h"
#include "core/setway.h"

#define PC 0x40001000ull

static struct sk_cfg_partition cfg;
static struct setway_flush s;

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.region_count = 2;
	cfg.regions[0].size = 3u * SETWAY_CHUNK;
	cfg.regions[1].size = SETWAY_CHUNK / 2u;
	setway_reset(&s);
	return 0;
}

static struct setway_step step(uint64_t pc, uint64_t sync_exit)
{
	struct setway_step out;

	setway_step(&s, &cfg, pc, sync_exit, &out);
	return out;
}

static void assert_chunk(struct setway_step st, uint32_t region,
			 uint64_t offset, uint64_t size, bool done)
{
	assert_int_equal(st.region, region);
	assert_int_equal(st.offset, offset);
	assert_int_equal(st.size, size);
	assert_int_equal(st.done, done);
}

/* A flush takes one bounded chunk per trap, across regions, and is
 * complete (the guest steps over the instruction) only at the end. */
static void test_flush_is_done_in_bounded_chunks(void **state)
{
	(void)state;
	assert_chunk(step(PC, 10), 0, 0, SETWAY_CHUNK, false);
	assert_chunk(step(PC, 11), 0, SETWAY_CHUNK, SETWAY_CHUNK, false);
	assert_chunk(step(PC, 12), 0, 2u * SETWAY_CHUNK, SETWAY_CHUNK, false);
	assert_chunk(step(PC, 13), 1, 0, SETWAY_CHUNK / 2u, true);
}

/* The rest of a run (the vCPU's very next set/way operations) has nothing
 * left to do; a break in the run starts a whole flush again. */
static void test_rest_of_a_run_does_nothing_and_a_break_flushes_again(void **state)
{
	(void)state;
	cfg.region_count = 1;
	cfg.regions[0].size = SETWAY_CHUNK;
	assert_chunk(step(PC, 1), 0, 0, SETWAY_CHUNK, true);
	assert_chunk(step(PC + 4u, 2), 0, 0, 0, true);
	assert_chunk(step(PC, 3), 0, 0, 0, true);
	/* Exit 4 was something else (a PMU read): exit 5 starts afresh. */
	assert_chunk(step(PC, 5), 0, 0, SETWAY_CHUNK, true);
}

/* A flush under way restarts from the beginning when the guest did
 * something else between two of its traps, or traps at another
 * instruction: the guest only delays itself. */
static void test_flush_restarts_when_the_guest_does_something_else(void **state)
{
	(void)state;
	assert_chunk(step(PC, 1), 0, 0, SETWAY_CHUNK, false);
	assert_chunk(step(PC, 2), 0, SETWAY_CHUNK, SETWAY_CHUNK, false);
	assert_chunk(step(PC, 4), 0, 0, SETWAY_CHUNK, false);
	assert_chunk(step(PC + 4u, 5), 0, 0, SETWAY_CHUNK, false);
	assert_chunk(step(PC + 4u, 6), 0, SETWAY_CHUNK, SETWAY_CHUNK, false);
}

/* A (re)started vCPU continues nothing of its previous life. */
static void test_reset_forgets_the_flush_and_the_run(void **state)
{
	(void)state;
	assert_chunk(step(PC, 7), 0, 0, SETWAY_CHUNK, false);
	setway_reset(&s);
	assert_chunk(step(PC, 8), 0, 0, SETWAY_CHUNK, false);
	setway_reset(&s);
	assert_chunk(step(PC, 1), 0, 0, SETWAY_CHUNK, false);
}

/* Empty regions are skipped; a partition without memory has nothing to
 * flush and every operation completes at once. */
static void test_empty_regions_are_skipped(void **state)
{
	(void)state;
	cfg.region_count = 3;
	cfg.regions[0].size = 0;
	cfg.regions[1].size = SETWAY_CHUNK / 4u;
	cfg.regions[2].size = 0;
	assert_chunk(step(PC, 1), 1, 0, SETWAY_CHUNK / 4u, true);
	cfg.region_count = 0;
	assert_chunk(step(PC, 9), 0, 0, 0, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_flush_is_done_in_bounded_chunks, setup),
		cmocka_unit_test_setup(test_rest_of_a_run_does_nothing_and_a_break_flushes_again, setup),
		cmocka_unit_test_setup(test_flush_restarts_when_the_guest_does_something_else, setup),
		cmocka_unit_test_setup(test_reset_forgets_the_flush_and_the_run, setup),
		cmocka_unit_test_setup(test_empty_regions_are_skipped, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
