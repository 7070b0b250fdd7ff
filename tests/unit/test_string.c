/* SPDX-License-Identifier: MIT */
/* String and memory routines (hypervisor/lib/string.c). */
#define _DEFAULT_SOURCE /* mmap, mprotect, sysconf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/string.h"

#define CANARY 0x5a
/* memcpy sweep: every source/destination misalignment within a word pair,
 * lengths crossing several words. */
#define COPY_MAX_OFFSET 16u
#define COPY_MAX_LEN    80u
#define COPY_GUARD      16u
#define COPY_BUF (COPY_GUARD + COPY_MAX_OFFSET + COPY_MAX_LEN + COPY_GUARD)

/*
 * Memory whose last `len` readable bytes end right at an inaccessible page:
 * reading one byte too far faults instead of passing silently.
 */
struct guarded {
	uint8_t *map;
	size_t page;
};

static char *guarded_tail(struct guarded *g, const char *bytes, size_t len)
{
	char *p;

	g->page = (size_t)sysconf(_SC_PAGESIZE);
	g->map = mmap(NULL, 2 * g->page, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(g->map != MAP_FAILED);
	assert_int_equal(mprotect(g->map + g->page, g->page, PROT_NONE), 0);
	p = (char *)g->map + g->page - len;
	memcpy(p, bytes, len);
	return p;
}

static void guarded_free(struct guarded *g)
{
	munmap(g->map, 2 * g->page);
}

static void strlen_counts_up_to_the_terminator(void **state)
{
	(void)state;
	assert_int_equal(sk_strlen(""), 0);
	assert_int_equal(sk_strlen("abc\0def"), 3);
}

static void strnlen_returns_length_when_shorter_than_bound(void **state)
{
	(void)state;
	assert_int_equal(sk_strnlen("abc", 10), 3);
}

static void strnlen_stops_at_the_bound(void **state)
{
	(void)state;
	assert_int_equal(sk_strnlen("abcdef", 4), 4);
	assert_int_equal(sk_strnlen("abc", 0), 0);
}

static void strnlen_reads_no_byte_beyond_the_bound(void **state)
{
	struct guarded g;
	/* Four characters, no terminator, last one just before the guard. */
	const char *s = guarded_tail(&g, "wxyz", 4);

	(void)state;
	assert_int_equal(sk_strnlen(s, 4), 4);
	guarded_free(&g);
}

static void strlcpy_copies_a_string_that_fits(void **state)
{
	char dst[8];

	(void)state;
	memset(dst, CANARY, sizeof(dst));
	assert_int_equal(sk_strlcpy(dst, "abc", sizeof(dst)), 3);
	assert_string_equal(dst, "abc");
	/* Bytes after the terminator are not written. */
	assert_int_equal(dst[4], CANARY);
}

static void strlcpy_truncates_and_returns_source_length(void **state)
{
	char dst[8];

	(void)state;
	memset(dst, CANARY, sizeof(dst));
	assert_int_equal(sk_strlcpy(dst, "hello world", 4), 11);
	assert_string_equal(dst, "hel");
	assert_int_equal(dst[4], CANARY);
}

static void strlcpy_of_exactly_size_minus_one_is_not_truncated(void **state)
{
	char dst[4];

	(void)state;
	assert_int_equal(sk_strlcpy(dst, "abc", sizeof(dst)), 3);
	assert_string_equal(dst, "abc");
}

static void strlcpy_size_one_writes_only_the_terminator(void **state)
{
	char dst[2] = { CANARY, CANARY };

	(void)state;
	assert_int_equal(sk_strlcpy(dst, "abc", 1), 3);
	assert_int_equal(dst[0], '\0');
	assert_int_equal(dst[1], CANARY);
}

static void strlcpy_size_zero_writes_nothing(void **state)
{
	char dst[2] = { CANARY, CANARY };

	(void)state;
	assert_int_equal(sk_strlcpy(dst, "abc", 0), 3);
	assert_int_equal(dst[0], CANARY);
}

static void memcpy_matches_reference_for_all_alignments(void **state)
{
	uint8_t src[COPY_BUF];
	uint8_t ours[COPY_BUF];
	uint8_t ref[COPY_BUF];

	(void)state;
	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7u + 1u);
	for (size_t so = 0; so < COPY_MAX_OFFSET; so++) {
		for (size_t d = 0; d < COPY_MAX_OFFSET; d++) {
			for (size_t len = 0; len <= COPY_MAX_LEN; len++) {
				uint8_t *dst = ours + COPY_GUARD + d;
				void *ret;

				memset(ours, CANARY, sizeof(ours));
				memset(ref, CANARY, sizeof(ref));
				ret = sk_memcpy(dst, src + COPY_GUARD + so, len);
				memcpy(ref + COPY_GUARD + d,
				       src + COPY_GUARD + so, len);
				assert_ptr_equal(ret, dst);
				/* Whole buffer: guards included. */
				assert_memory_equal(ours, ref, sizeof(ours));
			}
		}
	}
}

static void memcpy_of_aligned_words_copies_every_byte(void **state)
{
	uint64_t src[9];
	uint64_t dst[10];

	(void)state;
	for (size_t i = 0; i < 9; i++)
		src[i] = 0x0102030405060708ull * (i + 1u);
	memset(dst, CANARY, sizeof(dst));
	/* Word part plus a three-byte tail. */
	sk_memcpy(dst, src, 8 * 8 + 3);
	assert_memory_equal(dst, src, 8 * 8 + 3);
	assert_int_equal(((uint8_t *)dst)[8 * 8 + 3], CANARY);
	assert_int_equal(dst[9], 0x5a5a5a5a5a5a5a5aull);
}

static void memset_fills_exactly_n_bytes(void **state)
{
	uint8_t buf[8];

	(void)state;
	memset(buf, CANARY, sizeof(buf));
	assert_ptr_equal(sk_memset(buf + 1, 0x1ff, 5), buf + 1);
	assert_int_equal(buf[0], CANARY);
	for (size_t i = 1; i < 6; i++)
		assert_int_equal(buf[i], 0xff);
	assert_int_equal(buf[6], CANARY);
}

static void memcmp_of_equal_bytes_is_zero(void **state)
{
	(void)state;
	assert_int_equal(sk_memcmp("abc\0x", "abc\0x", 5), 0);
	assert_int_equal(sk_memcmp("a", "b", 0), 0);
}

static void memcmp_sign_follows_first_difference(void **state)
{
	(void)state;
	assert_true(sk_memcmp("abcd", "abce", 4) < 0);
	assert_true(sk_memcmp("abce", "abcd", 4) > 0);
	/* Only the first difference counts. */
	assert_true(sk_memcmp("azaa", "bazz", 4) < 0);
}

static void memcmp_compares_bytes_as_unsigned(void **state)
{
	(void)state;
	assert_true(sk_memcmp("\x80", "\x7f", 1) > 0);
	assert_true(sk_memcmp("\x01", "\xff", 1) < 0);
}

static void memcmp_does_not_stop_at_nul(void **state)
{
	(void)state;
	assert_true(sk_memcmp("a\0b", "a\0c", 3) < 0);
}

static void strcmp_orders_strings(void **state)
{
	(void)state;
	assert_int_equal(sk_strcmp("abc", "abc"), 0);
	assert_true(sk_strcmp("abc", "abd") < 0);
	assert_true(sk_strcmp("abc", "ab") > 0);
	assert_true(sk_strcmp("", "a") < 0);
	assert_true(sk_strcmp("\xe9", "z") > 0);
}

static void strncmp_of_equal_prefix_within_n_is_zero(void **state)
{
	(void)state;
	assert_int_equal(sk_strncmp("abcX", "abcY", 3), 0);
	assert_int_equal(sk_strncmp("x", "y", 0), 0);
}

static void strncmp_sign_follows_first_difference(void **state)
{
	(void)state;
	assert_true(sk_strncmp("abcX", "abcY", 4) < 0);
	assert_true(sk_strncmp("abcY", "abcX", 4) > 0);
}

static void strncmp_shorter_string_sorts_first(void **state)
{
	(void)state;
	assert_true(sk_strncmp("ab", "abc", 5) < 0);
	assert_true(sk_strncmp("abc", "ab", 5) > 0);
}

static void strncmp_stops_at_the_terminator(void **state)
{
	(void)state;
	/* Bytes after both terminators differ but are never compared. */
	assert_int_equal(sk_strncmp("ab\0X", "ab\0Y", 4), 0);
}

static void strncmp_compares_bytes_as_unsigned(void **state)
{
	(void)state;
	assert_true(sk_strncmp("\x80", "a", 1) > 0);
	assert_true(sk_strncmp("a", "\xff", 1) < 0);
}

static void strncmp_reads_no_byte_beyond_n(void **state)
{
	struct guarded g;
	const char *s = guarded_tail(&g, "abc", 3);

	(void)state;
	assert_int_equal(sk_strncmp(s, "abcdef", 3), 0);
	guarded_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strlen_counts_up_to_the_terminator),
		cmocka_unit_test(strnlen_returns_length_when_shorter_than_bound),
		cmocka_unit_test(strnlen_stops_at_the_bound),
		cmocka_unit_test(strnlen_reads_no_byte_beyond_the_bound),
		cmocka_unit_test(strlcpy_copies_a_string_that_fits),
		cmocka_unit_test(strlcpy_truncates_and_returns_source_length),
		cmocka_unit_test(strlcpy_of_exactly_size_minus_one_is_not_truncated),
		cmocka_unit_test(strlcpy_size_one_writes_only_the_terminator),
		cmocka_unit_test(strlcpy_size_zero_writes_nothing),
		cmocka_unit_test(memcpy_matches_reference_for_all_alignments),
		cmocka_unit_test(memcpy_of_aligned_words_copies_every_byte),
		cmocka_unit_test(memset_fills_exactly_n_bytes),
		cmocka_unit_test(memcmp_of_equal_bytes_is_zero),
		cmocka_unit_test(memcmp_sign_follows_first_difference),
		cmocka_unit_test(memcmp_compares_bytes_as_unsigned),
		cmocka_unit_test(memcmp_does_not_stop_at_nul),
		cmocka_unit_test(strcmp_orders_strings),
		cmocka_unit_test(strncmp_of_equal_prefix_within_n_is_zero),
		cmocka_unit_test(strncmp_sign_follows_first_difference),
		cmocka_unit_test(strncmp_shorter_string_sorts_first),
		cmocka_unit_test(strncmp_stops_at_the_terminator),
		cmocka_unit_test(strncmp_compares_bytes_as_unsigned),
		cmocka_unit_test(strncmp_reads_no_byte_beyond_n),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
