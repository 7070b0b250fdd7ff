/* SPDX-License-Identifier: MIT */
/* CRC-32/IEEE against published check values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/crc32.h"

static void check_value_of_123456789_is_cbf43926(void **state)
{
	(void)state;
	assert_int_equal(crc32_ieee("123456789", 9), 0xCBF43926u);
}

static void empty_input_is_zero(void **state)
{
	(void)state;
	assert_int_equal(crc32_ieee("", 0), 0x00000000u);
}

static void single_byte_a(void **state)
{
	(void)state;
	assert_int_equal(crc32_ieee("a", 1), 0xE8B7BE43u);
}

static void quick_brown_fox(void **state)
{
	static const char text[] =
		"The quick brown fox jumps over the lazy dog";

	(void)state;
	assert_int_equal(crc32_ieee(text, sizeof(text) - 1), 0x414FA339u);
}

static void thirty_two_zero_bytes(void **state)
{
	uint8_t zeros[32];

	(void)state;
	memset(zeros, 0, sizeof(zeros));
	assert_int_equal(crc32_ieee(zeros, sizeof(zeros)), 0x190A55ADu);
}

/* The vector arch/arm64/crc32.c checks the CPU's CRC32 instructions
 * against at boot: its expected value must be the table's. */
static void arch_self_check_vector(void **state)
{
	(void)state;
	assert_int_equal(crc32_ieee("123456789ABCDEFGHIJ", 19), 0x47F4B9DAu);
}

static void one_flipped_bit_changes_the_value(void **state)
{
	char text[] = "123456789";

	(void)state;
	text[4] ^= 0x01;
	assert_int_not_equal(crc32_ieee(text, 9), 0xCBF43926u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_value_of_123456789_is_cbf43926),
		cmocka_unit_test(empty_input_is_zero),
		cmocka_unit_test(single_byte_a),
		cmocka_unit_test(quick_brown_fox),
		cmocka_unit_test(thirty_two_zero_bytes),
		cmocka_unit_test(arch_self_check_vector),
		cmocka_unit_test(one_flipped_bit_changes_the_value),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
