/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the message ring every channel user shares
 * (include/shikiri/ring.h): geometry, order, full and empty, wrap-around
 * of the counters, and what a corrupt slot does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "shikiri/ring.h"

static uint32_t mem[4096 / 4];

static void attach(struct sk_ring *r, size_t bytes)
{
	memset(mem, 0, sizeof(mem));
	assert_int_equal(sk_ring_attach(r, mem, bytes), 0);
}

static void geometry_is_the_largest_power_of_two_that_fits(void **state)
{
	struct sk_ring r;

	(void)state;
	attach(&r, 4096);           /* (4096 - 128) / 64 = 62 -> 32 */
	assert_int_equal(r.slots, 32);
	attach(&r, SK_RING_MIN_BYTES);
	assert_int_equal(r.slots, 2);
	assert_int_equal(sk_ring_attach(&r, mem, SK_RING_MIN_BYTES - 1u), -1);
	assert_int_equal(sk_ring_attach(&r, (uint8_t *)mem + 2, 4096 - 2), -1);
	assert_int_equal(sk_ring_attach(&r, NULL, 4096), -1);
}

static void messages_come_out_in_order_until_empty(void **state)
{
	struct sk_ring r;
	char buf[SK_RING_PAYLOAD];

	(void)state;
	attach(&r, 4096);
	assert_int_equal(sk_ring_recv(&r, buf, sizeof(buf)), -1);
	assert_int_equal(sk_ring_send(&r, "one", 3), 0);
	assert_int_equal(sk_ring_send(&r, "second!", 7), 0);
	assert_int_equal(sk_ring_count(&r), 2);
	assert_int_equal(sk_ring_recv(&r, buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "one", 3);
	assert_int_equal(sk_ring_recv(&r, buf, sizeof(buf)), 7);
	assert_memory_equal(buf, "second!", 7);
	assert_int_equal(sk_ring_recv(&r, buf, sizeof(buf)), -1);
	/* An empty message is a message. */
	assert_int_equal(sk_ring_send(&r, "", 0), 0);
	assert_int_equal(sk_ring_recv(&r, buf, sizeof(buf)), 0);
}

static void a_full_ring_refuses_and_keeps_everything(void **state)
{
	struct sk_ring r;
	uint32_t v;

	(void)state;
	attach(&r, 4096);
	for (uint32_t i = 0; i < r.slots; i++)
		assert_int_equal(sk_ring_send(&r, &i, sizeof(i)), 0);
	v = 99;
	assert_int_equal(sk_ring_send(&r, &v, sizeof(v)), -1);
	for (uint32_t i = 0; i < r.slots; i++) {
		assert_int_equal(sk_ring_recv(&r, &v, sizeof(v)), 4);
		assert_int_equal(v, i);
	}
}

static void counters_wrap_at_two_to_the_32(void **state)
{
	struct sk_ring r;
	uint32_t v;

	(void)state;
	attach(&r, 4096);
	mem[SK_RING_HEAD / 4] = 0xfffffffeu;
	mem[SK_RING_TAIL / 4] = 0xfffffffeu;
	for (uint32_t i = 0; i < 5; i++)
		assert_int_equal(sk_ring_send(&r, &i, sizeof(i)), 0);
	assert_int_equal(sk_ring_count(&r), 5);
	for (uint32_t i = 0; i < 5; i++) {
		assert_int_equal(sk_ring_recv(&r, &v, sizeof(v)), 4);
		assert_int_equal(v, i);
	}
	assert_int_equal(mem[SK_RING_HEAD / 4], 3);
}

static void oversized_and_corrupt_messages(void **state)
{
	struct sk_ring r;
	uint8_t big[SK_RING_PAYLOAD + 1];
	uint8_t small[4];

	(void)state;
	attach(&r, 4096);
	memset(big, 7, sizeof(big));
	assert_int_equal(sk_ring_send(&r, big, sizeof(big)), -2);
	assert_int_equal(sk_ring_count(&r), 0);
	/* Too big for the reader's buffer: reported, and dropped. */
	assert_int_equal(sk_ring_send(&r, big, SK_RING_PAYLOAD), 0);
	assert_int_equal(sk_ring_recv(&r, small, sizeof(small)), -2);
	assert_int_equal(sk_ring_count(&r), 0);
	/* A peer that wrote a length beyond the slot cannot make the reader
	 * copy past it. */
	assert_int_equal(sk_ring_send(&r, small, sizeof(small)), 0);
	mem[(SK_RING_SLOTS_AT + SK_RING_SLOT) / 4] = 0xffffu;
	assert_int_equal(sk_ring_recv(&r, big, sizeof(big)), -2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(geometry_is_the_largest_power_of_two_that_fits),
		cmocka_unit_test(messages_come_out_in_order_until_empty),
		cmocka_unit_test(a_full_ring_refuses_and_keeps_everything),
		cmocka_unit_test(counters_wrap_at_two_to_the_32),
		cmocka_unit_test(oversized_and_corrupt_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
