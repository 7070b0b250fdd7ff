/* SPDX-License-Identifier: MIT */
/*
 * The per-partition log budget (hypervisor/core/log_budget.c): a burst,
 * then a steady rate, with a count of what was suppressed. Time is passed
 * in, as counter ticks at QEMU virt's 62.5 MHz.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/log_budget.h"

#define FREQ 62500000ull
#define LINE_TICKS (FREQ / LOG_BUDGET_PER_SECOND)

static struct log_budget b;

static int setup(void **state)
{
	(void)state;
	memset(&b, 0, sizeof(b));
	return 0;
}

/* Routine lines get the burst less the reserve kept for events. */
#define ROUTINE_BURST (LOG_BUDGET_BURST - LOG_BUDGET_RESERVE)

static bool take(uint64_t now, uint32_t *suppressed)
{
	return log_budget_take(&b, LOG_ROUTINE, now, FREQ, suppressed);
}

static bool take_event(uint64_t now, uint32_t *suppressed)
{
	return log_budget_take(&b, LOG_EVENT, now, FREQ, suppressed);
}

/* How many of n lines at time now are admitted. */
static uint32_t admitted(uint64_t now, uint32_t n)
{
	uint32_t count = 0, suppressed;

	for (uint32_t i = 0; i < n; i++)
		count += take(now, &suppressed) ? 1u : 0u;
	return count;
}

static void a_full_burst_is_admitted_at_once(void **state)
{
	(void)state;
	assert_int_equal(admitted(1000, ROUTINE_BURST), ROUTINE_BURST);
}

static void the_line_after_the_burst_is_refused(void **state)
{
	uint32_t suppressed = 99;

	(void)state;
	(void)admitted(1000, ROUTINE_BURST);
	assert_false(take(1000, &suppressed));
	assert_int_equal(suppressed, 0);
}

/* A flood of 40000 lines at one instant: a burst, nothing more. */
static void a_flood_at_one_instant_gets_one_burst(void **state)
{
	(void)state;
	assert_int_equal(admitted(5, 40000), ROUTINE_BURST);
}

/* The next admitted line carries the count of those refused before it,
 * once. */
static void the_next_admitted_line_says_how_many_were_suppressed(void **state)
{
	uint32_t suppressed;

	(void)state;
	(void)admitted(0, ROUTINE_BURST + 7u);
	assert_true(take(LINE_TICKS, &suppressed));
	assert_int_equal(suppressed, 7);
	(void)admitted(LINE_TICKS, 3); /* refused: the credit is spent again */
	assert_true(take(2 * LINE_TICKS, &suppressed));
	assert_int_equal(suppressed, 3);
}

static void credit_comes_back_at_the_rate(void **state)
{
	(void)state;
	(void)admitted(0, ROUTINE_BURST);
	assert_int_equal(admitted(LINE_TICKS - 1u, 10), 0);
	assert_int_equal(admitted(LINE_TICKS, 10), 1);
	assert_int_equal(admitted(FREQ + LINE_TICKS, 100), LOG_BUDGET_PER_SECOND);
}

/* However long a partition was quiet, it gets one burst, not more. */
static void credit_is_capped_at_a_burst(void **state)
{
	(void)state;
	(void)admitted(0, 1);
	assert_int_equal(admitted(3600u * FREQ, 1000), ROUTINE_BURST);
}

/* A flood over 20 seconds, a line attempt every millisecond: the burst and
 * the rate, within one line. */
static void a_long_flood_gets_the_burst_and_the_rate(void **state)
{
	uint32_t count = 0, suppressed, total_suppressed = 0;

	(void)state;
	for (uint64_t ms = 0; ms < 20000u; ms++) {
		if (take(ms * (FREQ / 1000u), &suppressed))
			count++;
		total_suppressed += suppressed;
	}
	assert_in_range(count,
			ROUTINE_BURST + 20u * LOG_BUDGET_PER_SECOND - 1u,
			ROUTINE_BURST + 20u * LOG_BUDGET_PER_SECOND);
	/* Every refused line is accounted for, except those still pending. */
	assert_true(total_suppressed + count <= 20000u);
	assert_int_equal(total_suppressed + count +
			 log_budget_take_suppressed(&b), 20000u);
}

/* A counter that went backwards earns no credit. */
static void a_counter_going_backwards_earns_nothing(void **state)
{
	(void)state;
	(void)admitted(10 * FREQ, ROUTINE_BURST);
	assert_int_equal(admitted(FREQ, 10), 0);
}

static void take_suppressed_reports_once(void **state)
{
	(void)state;
	(void)admitted(0, ROUTINE_BURST + 2u);
	assert_int_equal(log_budget_take_suppressed(&b), 2);
	assert_int_equal(log_budget_take_suppressed(&b), 0);
}

/* A partition faulting in a loop has spent its routine credit; its
 * restart and stop lines still come, from the reserve, and then they too
 * are refused. */
static void events_use_the_reserve_routine_lines_leave(void **state)
{
	uint32_t suppressed;

	(void)state;
	(void)admitted(0, 1000);
	for (uint32_t i = 0; i < LOG_BUDGET_RESERVE; i++)
		assert_true(take_event(0, &suppressed));
	assert_false(take_event(0, &suppressed));
}

/* Events alone get the whole burst. */
static void events_alone_get_the_whole_burst(void **state)
{
	uint32_t count = 0, suppressed;

	(void)state;
	for (uint32_t i = 0; i < 100u; i++)
		count += take_event(0, &suppressed) ? 1u : 0u;
	assert_int_equal(count, LOG_BUDGET_BURST);
}

/* ---- tokens: what the resource report shows ---- */

static void an_unused_budget_shows_a_full_burst(void **state)
{
	(void)state;
	assert_int_equal(log_budget_tokens(&b, 1000, FREQ), LOG_BUDGET_BURST);
}

static void tokens_show_what_is_left_and_take_nothing(void **state)
{
	(void)state;
	assert_int_equal(admitted(1000, 5), 5);
	assert_int_equal(log_budget_tokens(&b, 1000, FREQ), LOG_BUDGET_BURST - 5u);
	assert_int_equal(log_budget_tokens(&b, 1000, FREQ), LOG_BUDGET_BURST - 5u);
	assert_int_equal(admitted(1000, 1), 1);
	assert_int_equal(log_budget_tokens(&b, 1000, FREQ), LOG_BUDGET_BURST - 6u);
}

static void tokens_come_back_at_the_rate_up_to_the_burst(void **state)
{
	(void)state;
	(void)admitted(1000, 100);
	assert_int_equal(log_budget_tokens(&b, 1000, FREQ), LOG_BUDGET_RESERVE);
	assert_int_equal(log_budget_tokens(&b, 1000 + 2u * LINE_TICKS, FREQ),
			 LOG_BUDGET_RESERVE + 2u);
	assert_int_equal(log_budget_tokens(&b, 1000 + 100u * LINE_TICKS, FREQ),
			 LOG_BUDGET_BURST);
}

#define LB_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		LB_TEST(a_full_burst_is_admitted_at_once),
		LB_TEST(the_line_after_the_burst_is_refused),
		LB_TEST(a_flood_at_one_instant_gets_one_burst),
		LB_TEST(the_next_admitted_line_says_how_many_were_suppressed),
		LB_TEST(credit_comes_back_at_the_rate),
		LB_TEST(credit_is_capped_at_a_burst),
		LB_TEST(a_long_flood_gets_the_burst_and_the_rate),
		LB_TEST(a_counter_going_backwards_earns_nothing),
		LB_TEST(take_suppressed_reports_once),
		LB_TEST(events_use_the_reserve_routine_lines_leave),
		LB_TEST(events_alone_get_the_whole_burst),
		LB_TEST(an_unused_budget_shows_a_full_burst),
		LB_TEST(tokens_show_what_is_left_and_take_nothing),
		LB_TEST(tokens_come_back_at_the_rate_up_to_the_burst),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
