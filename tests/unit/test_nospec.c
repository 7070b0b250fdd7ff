/* SPDX-License-Identifier: MIT */
/* The index clamp for guest-chosen indices (hypervisor/arch/arm64/nospec.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/nospec.h"

#define ALL_ONES UINT64_MAX

static void an_index_in_range_keeps_all_bits_of_the_mask(void **state)
{
	(void)state;
	assert_true(index_mask_nospec(0, 1) == ALL_ONES);
	assert_true(index_mask_nospec(0, 8) == ALL_ONES);
	assert_true(index_mask_nospec(7, 8) == ALL_ONES);
	assert_true(index_mask_nospec(1022, 1023) == ALL_ONES);
}

static void an_index_at_or_past_the_end_gets_a_zero_mask(void **state)
{
	(void)state;
	assert_true(index_mask_nospec(8, 8) == 0u);
	assert_true(index_mask_nospec(9, 8) == 0u);
	assert_true(index_mask_nospec(0, 0) == 0u);
	assert_true(index_mask_nospec(1023, 1023) == 0u);
}

static void indices_a_guest_can_pass_in_a_register_are_clamped(void **state)
{
	(void)state;
	/* Top bit set, near the top, a 32-bit -1, just past 2^63. */
	assert_true(index_mask_nospec(ALL_ONES, 8) == 0u);
	assert_true(index_mask_nospec(ALL_ONES - 1u, 8) == 0u);
	assert_true(index_mask_nospec(0xffffffffu, 8) == 0u);
	assert_true(index_mask_nospec(1ull << 63, 8) == 0u);
	assert_true(index_mask_nospec((1ull << 63) + 3u, 8) == 0u);
	assert_true(index_mask_nospec(1ull << 32, 8) == 0u);
}

static void every_index_around_a_small_bound_is_clamped_exactly(void **state)
{
	(void)state;
	for (uint64_t size = 0; size < 40; size++)
		for (uint64_t i = 0; i < 80; i++)
			assert_true(index_mask_nospec(i, size) ==
				    (i < size ? ALL_ONES : 0u));
}

static void index_nospec_returns_the_index_or_zero(void **state)
{
	(void)state;
	assert_true(index_nospec(5, 8) == 5u);
	assert_true(index_nospec(0, 8) == 0u);
	assert_true(index_nospec(8, 8) == 0u);
	assert_true(index_nospec(ALL_ONES, 8) == 0u);
	assert_true(index_nospec(0x12345678u, 0x12345679u) == 0x12345678u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_index_in_range_keeps_all_bits_of_the_mask),
		cmocka_unit_test(an_index_at_or_past_the_end_gets_a_zero_mask),
		cmocka_unit_test(indices_a_guest_can_pass_in_a_register_are_clamped),
		cmocka_unit_test(every_index_around_a_small_bound_is_clamped_exactly),
		cmocka_unit_test(index_nospec_returns_the_index_or_zero),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
