/* SPDX-License-Identifier: MIT */
/* sk_snprintf (hypervisor/lib/fmt.c): conversions, flags, truncation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/array.h"
#include "lib/fmt.h"

#define BUF_SIZE 128u
/* Fill byte for bytes the formatter must leave alone. */
#define CANARY 0x5a

/*
 * Formats without the compiler's printf format checking, for formats that
 * are deliberately outside printf's rules (unknown conversions, NULL %s).
 */
static int fmt_unchecked(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Formats into a large buffer and checks text and return value. */
#define EXPECT_FMT(expected, ...)                                         \
	do {                                                              \
		char out_[BUF_SIZE];                                      \
		int n_ = sk_snprintf(out_, sizeof(out_), __VA_ARGS__);    \
		assert_string_equal(out_, (expected));                    \
		assert_int_equal(n_, (int)strlen(expected));              \
	} while (0)

static void plain_text_is_copied(void **state)
{
	(void)state;
	EXPECT_FMT("hello, world", "hello, world");
}

static void percent_s_inserts_a_string(void **state)
{
	(void)state;
	EXPECT_FMT("<abc>", "<%s>", "abc");
}

static void percent_s_of_null_prints_null_in_parentheses(void **state)
{
	char out[BUF_SIZE];
	int n = fmt_unchecked(out, sizeof(out), "<%s>", (const char *)NULL);

	(void)state;
	assert_string_equal(out, "<(null)>");
	assert_int_equal(n, 8);
}

static void percent_s_width_pads_on_the_left(void **state)
{
	(void)state;
	EXPECT_FMT("[   ab]", "[%5s]", "ab");
}

static void percent_s_minus_flag_pads_on_the_right(void **state)
{
	(void)state;
	EXPECT_FMT("[ab   ]", "[%-5s]", "ab");
}

static void percent_s_width_smaller_than_string_does_not_cut(void **state)
{
	(void)state;
	EXPECT_FMT("[abcdef]", "[%3s]", "abcdef");
}

static void percent_c_inserts_a_character(void **state)
{
	(void)state;
	EXPECT_FMT("x=Q!", "x=%c%c", 'Q', '!');
}

static void percent_d_prints_signed_decimal(void **state)
{
	(void)state;
	EXPECT_FMT("0 7 -7 2147483647 -2147483648", "%d %d %d %d %d", 0, 7, -7,
		   INT32_MAX, INT32_MIN);
}

static void percent_i_is_the_same_as_percent_d(void **state)
{
	(void)state;
	EXPECT_FMT("-12345", "%i", -12345);
}

static void percent_u_prints_unsigned_decimal(void **state)
{
	(void)state;
	EXPECT_FMT("4294967295 0", "%u %u", UINT32_MAX, 0u);
}

static void percent_x_prints_lowercase_hex(void **state)
{
	(void)state;
	EXPECT_FMT("deadbeef 0", "%x %x", 0xdeadbeefu, 0u);
}

static void percent_upper_x_prints_uppercase_hex(void **state)
{
	(void)state;
	EXPECT_FMT("DEADBEEF", "%X", 0xdeadbeefu);
}

static void percent_p_prints_0x_and_lowercase_hex(void **state)
{
	(void)state;
	EXPECT_FMT("0x12abcdef", "%p", (void *)(uintptr_t)0x12abcdefu);
}

static void percent_percent_prints_one_percent(void **state)
{
	(void)state;
	EXPECT_FMT("100%", "100%%");
}

static void l_modifier_reads_a_long(void **state)
{
	(void)state;
	EXPECT_FMT("-9223372036854775807 18446744073709551615 ffffffffffffffff",
		   "%ld %lu %lx", -INT64_MAX, (unsigned long)UINT64_MAX,
		   (unsigned long)UINT64_MAX);
}

static void ll_modifier_reads_a_long_long(void **state)
{
	(void)state;
	EXPECT_FMT("123456789012345 FFFFFFFFFFFFFFFF", "%lld %llX",
		   123456789012345ll, (unsigned long long)UINT64_MAX);
}

static void z_modifier_reads_a_size_t(void **state)
{
	(void)state;
	EXPECT_FMT("18446744073709551615 ffffffffffffffff", "%zu %zx", SIZE_MAX,
		   SIZE_MAX);
}

static void int64_min_prints_its_full_magnitude(void **state)
{
	(void)state;
	EXPECT_FMT("-9223372036854775808", "%lld", (long long)INT64_MIN);
}

static void int64_min_in_a_long_prints_its_full_magnitude(void **state)
{
	(void)state;
	EXPECT_FMT("-9223372036854775808", "%ld", (long)INT64_MIN);
}

/* Mixed lengths: each conversion reads exactly its own argument. */
static void int_conversion_following_a_long_long_reads_the_right_slot(void **state)
{
	(void)state;
	EXPECT_FMT("1 -1 2", "%lld %d %lld", 1ll, -1, 2ll);
}

static void width_pads_numbers_with_spaces(void **state)
{
	(void)state;
	EXPECT_FMT("[   42]", "[%5d]", 42);
}

static void zero_flag_pads_numbers_with_zeros(void **state)
{
	(void)state;
	EXPECT_FMT("[00042] [0000beef]", "[%05d] [%08x]", 42, 0xbeefu);
}

static void zero_flag_puts_the_sign_before_the_zeros(void **state)
{
	(void)state;
	EXPECT_FMT("[-0042]", "[%05d]", -42);
}

static void width_counts_the_minus_sign(void **state)
{
	(void)state;
	EXPECT_FMT("[  -42]", "[%5d]", -42);
}

static void minus_flag_left_justifies_numbers(void **state)
{
	(void)state;
	EXPECT_FMT("[42   ] [-42  ]", "[%-5d] [%-5d]", 42, -42);
}

static void minus_flag_wins_over_zero_flag(void **state)
{
	char out[BUF_SIZE];
	int n = fmt_unchecked(out, sizeof(out), "[%-05d]", 42);

	(void)state;
	assert_string_equal(out, "[42   ]");
	assert_int_equal(n, 7);
}

static void width_smaller_than_number_does_not_cut(void **state)
{
	(void)state;
	EXPECT_FMT("[123456]", "[%2d]", 123456);
}

static void width_with_a_length_modifier(void **state)
{
	(void)state;
	EXPECT_FMT("[0000000000001234]", "[%016llx]", 0x1234ull);
}

static void unknown_conversion_is_printed_literally(void **state)
{
	char out[BUF_SIZE];
	int n = fmt_unchecked(out, sizeof(out), "a%qb", 1);

	(void)state;
	assert_string_equal(out, "a%qb");
	assert_int_equal(n, 4);
}

/* An unknown conversion takes no argument: the next one gets its own. */
static void unknown_conversion_consumes_no_argument(void **state)
{
	char out[BUF_SIZE];

	(void)state;
	fmt_unchecked(out, sizeof(out), "%q %d", 5);
	assert_string_equal(out, "%q 5");
}

static void truncation_keeps_the_terminator_and_returns_full_length(void **state)
{
	char out[8];
	int n;

	(void)state;
	memset(out, CANARY, sizeof(out));
	n = sk_snprintf(out, 5, "hello world");
	assert_int_equal(n, 11);
	assert_string_equal(out, "hell");
	/* Nothing beyond size was touched. */
	for (size_t i = 5; i < sizeof(out); i++)
		assert_int_equal(out[i], CANARY);
}

static void truncation_inside_a_number_keeps_the_terminator(void **state)
{
	char out[4];
	int n;

	(void)state;
	n = sk_snprintf(out, sizeof(out), "%d", -123456);
	assert_int_equal(n, 7);
	assert_string_equal(out, "-12");
}

static void truncation_inside_padding_returns_the_padded_length(void **state)
{
	char out[4];
	int n;

	(void)state;
	n = sk_snprintf(out, sizeof(out), "%-10s|", "ab");
	assert_int_equal(n, 11);
	assert_string_equal(out, "ab ");
}

static void size_one_writes_only_the_terminator(void **state)
{
	char out[2] = { CANARY, CANARY };
	int n;

	(void)state;
	n = sk_snprintf(out, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[1], CANARY);
}

static void size_zero_writes_nothing_and_returns_full_length(void **state)
{
	char out[4] = { CANARY, CANARY, CANARY, CANARY };
	int n;

	(void)state;
	n = sk_snprintf(out, 0, "%s-%d", "abc", 12);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], CANARY);
}

static void size_zero_accepts_a_null_buffer(void **state)
{
	(void)state;
	assert_int_equal(sk_snprintf(NULL, 0, "%d", 12345), 5);
}

static void output_exactly_filling_the_buffer_is_cut_by_one(void **state)
{
	char out[4];
	int n;

	(void)state;
	n = sk_snprintf(out, sizeof(out), "abcd");
	assert_int_equal(n, 4);
	assert_string_equal(out, "abc");
}

/* Cross-check against the host libc for every combination it agrees on. */
static void numbers_match_libc_for_a_table_of_formats(void **state)
{
	static const char *const formats[] = {
		"%d", "%5d", "%-5d|", "%05d", "%x", "%08X", "%-8x|", "%u", "%1d",
	};
	static const int values[] = { 0, 1, -1, 9, 10, 255, -256, 65535,
				      INT32_MAX, INT32_MIN };

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(formats); f++) {
		for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
			char ours[BUF_SIZE];
			char libc[BUF_SIZE];
			int n_ours = fmt_unchecked(ours, sizeof(ours), formats[f],
						   values[v]);
			int n_libc = snprintf(libc, sizeof(libc), formats[f],
					      values[v]);

			assert_string_equal(ours, libc);
			assert_int_equal(n_ours, n_libc);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_is_copied),
		cmocka_unit_test(percent_s_inserts_a_string),
		cmocka_unit_test(percent_s_of_null_prints_null_in_parentheses),
		cmocka_unit_test(percent_s_width_pads_on_the_left),
		cmocka_unit_test(percent_s_minus_flag_pads_on_the_right),
		cmocka_unit_test(percent_s_width_smaller_than_string_does_not_cut),
		cmocka_unit_test(percent_c_inserts_a_character),
		cmocka_unit_test(percent_d_prints_signed_decimal),
		cmocka_unit_test(percent_i_is_the_same_as_percent_d),
		cmocka_unit_test(percent_u_prints_unsigned_decimal),
		cmocka_unit_test(percent_x_prints_lowercase_hex),
		cmocka_unit_test(percent_upper_x_prints_uppercase_hex),
		cmocka_unit_test(percent_p_prints_0x_and_lowercase_hex),
		cmocka_unit_test(percent_percent_prints_one_percent),
		cmocka_unit_test(l_modifier_reads_a_long),
		cmocka_unit_test(ll_modifier_reads_a_long_long),
		cmocka_unit_test(z_modifier_reads_a_size_t),
		cmocka_unit_test(int64_min_prints_its_full_magnitude),
		cmocka_unit_test(int64_min_in_a_long_prints_its_full_magnitude),
		cmocka_unit_test(int_conversion_following_a_long_long_reads_the_right_slot),
		cmocka_unit_test(width_pads_numbers_with_spaces),
		cmocka_unit_test(zero_flag_pads_numbers_with_zeros),
		cmocka_unit_test(zero_flag_puts_the_sign_before_the_zeros),
		cmocka_unit_test(width_counts_the_minus_sign),
		cmocka_unit_test(minus_flag_left_justifies_numbers),
		cmocka_unit_test(minus_flag_wins_over_zero_flag),
		cmocka_unit_test(width_smaller_than_number_does_not_cut),
		cmocka_unit_test(width_with_a_length_modifier),
		cmocka_unit_test(unknown_conversion_is_printed_literally),
		cmocka_unit_test(unknown_conversion_consumes_no_argument),
		cmocka_unit_test(truncation_keeps_the_terminator_and_returns_full_length),
		cmocka_unit_test(truncation_inside_a_number_keeps_the_terminator),
		cmocka_unit_test(truncation_inside_padding_returns_the_padded_length),
		cmocka_unit_test(size_one_writes_only_the_terminator),
		cmocka_unit_test(size_zero_writes_nothing_and_returns_full_length),
		cmocka_unit_test(size_zero_accepts_a_null_buffer),
		cmocka_unit_test(output_exactly_filling_the_buffer_is_cut_by_one),
		cmocka_unit_test(numbers_match_libc_for_a_table_of_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
