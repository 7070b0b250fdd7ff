/* SPDX-License-Identifier: MIT */
/*
 * The resource report's lines (hypervisor/core/resources_format.c): one
 * parseable line per pool, in a fixed order, "resources <pool>[ <which>]:
 * <key> <value> ...", as make soak and operators read them
 * (docs/architecture.md, "Resource report").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/log_budget.h"
#include "core/resources.h"

#define LINE_MAX_TEST 256u
/* uptime, partitions, vcpus, vmids; channels, stage-2 pages, audit. */
#define FIXED_LINES 7u

static struct resources r;
static char line[LINE_MAX_TEST];

static int setup(void **state)
{
	(void)state;
	memset(&r, 0, sizeof(r));
	r.uptime_ms = 1234;
	r.partitions_running = 2;
	r.partitions_stopped = 1;
	r.vcpus_on = 3;
	r.vcpus_on_pending = 0;
	r.vcpus_off = 1;
	r.vmids_used = 3;
	r.vmids_free = 252;
	r.cpu_count = 2;
	r.cpus[0] = (struct resources_cpu){ .cpu = 0, .vcpus_on = 2, .lrs_held = 1 };
	r.cpus[1] = (struct resources_cpu){ .cpu = 3, .vcpus_on = 1, .lrs_stale = 2 };
	r.channels = 2;
	r.doorbells_pending = 1;
	r.stage2_pages_used = 30;
	r.stage2_pages_free = 226;
	r.audit_records = 70;
	r.audit_held = 64;
	r.audit_size = 64;
	r.partition_count = 2;
	r.partitions[0] = (struct resources_partition){
		.name = "victim", .running = true, .log_tokens = 20,
		.faults = 1, .denied = 2, .restarts = 1000 };
	r.partitions[1] = (struct resources_partition){
		.name = "hostile", .running = false, .log_tokens = 0,
		.log_suppressed = 7, .faults = 100000, .denied = 99 };
	return 0;
}

static const char *line_at(uint32_t i)
{
	assert_true(resources_format(&r, i, line, sizeof(line)));
	return line;
}

static void the_fixed_pools_come_first(void **state)
{
	(void)state;
	assert_string_equal(line_at(0), "resources uptime: ms 1234");
	assert_string_equal(line_at(1), "resources partitions: running 2 stopped 1");
	assert_string_equal(line_at(2), "resources vcpus: on 3 on-pending 0 off 1");
	assert_string_equal(line_at(3), "resources vmids: used 3 free 252");
}

static void one_line_per_cpu_with_a_vcpu(void **state)
{
	(void)state;
	assert_string_equal(line_at(4), "resources lrs CPU0: vcpus-on 2 held 1 stale 0");
	assert_string_equal(line_at(5), "resources lrs CPU3: vcpus-on 1 held 0 stale 2");
}

static void channels_pages_and_audit_follow(void **state)
{
	(void)state;
	assert_string_equal(line_at(6), "resources channels: declared 2 doorbells-pending 1");
	assert_string_equal(line_at(7), "resources stage2-pages: used 30 free 226");
	assert_string_equal(line_at(8), "resources audit: records 70 held 64 size 64");
}

static void one_line_per_partition_last(void **state)
{
	char want[LINE_MAX_TEST];

	(void)state;
	snprintf(want, sizeof(want), "resources partition 'victim': state running log-tokens 20 log-burst %u log-suppressed 0 faults 1 denied 2 restarts 1000",
		 LOG_BUDGET_BURST);
	assert_string_equal(line_at(9), want);
	snprintf(want, sizeof(want), "resources partition 'hostile': state stopped log-tokens 0 log-burst %u log-suppressed 7 faults 100000 denied 99 restarts 0",
		 LOG_BUDGET_BURST);
	assert_string_equal(line_at(10), want);
	assert_false(resources_format(&r, 11, line, sizeof(line)));
	assert_string_equal(line, "");
}

static void the_line_count_follows_cpus_and_partitions(void **state)
{
	uint32_t n = 0;

	(void)state;
	r.cpu_count = 0;
	r.partition_count = 0;
	while (resources_format(&r, n, line, sizeof(line)))
		n++;
	assert_int_equal(n, FIXED_LINES);
}

static void counts_beyond_the_tables_are_clamped(void **state)
{
	uint32_t n = 0;

	(void)state;
	r.cpu_count = 1000;
	r.partition_count = 1000;
	r.partitions[1].name = NULL;
	while (resources_format(&r, n, line, sizeof(line)) && n < 1000u)
		n++;
	assert_int_equal(n, FIXED_LINES + SK_MAX_CPUS + SK_MAX_PARTITIONS);
	assert_string_equal(line_at(FIXED_LINES + SK_MAX_CPUS + 1u) ,
			    "resources partition '?': state stopped log-tokens 0 log-burst 20 log-suppressed 7 faults 100000 denied 99 restarts 0");
}

static void a_short_buffer_is_truncated_not_overrun(void **state)
{
	char small[12];

	(void)state;
	memset(small, 'x', sizeof(small));
	assert_true(resources_format(&r, 0, small, 8));
	assert_int_equal(strlen(small), 7);
	assert_int_equal(small[8], 'x');
	assert_false(resources_format(&r, 0, small, 0));
}

#define RES_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		RES_TEST(the_fixed_pools_come_first),
		RES_TEST(one_line_per_cpu_with_a_vcpu),
		RES_TEST(channels_pages_and_audit_follow),
		RES_TEST(one_line_per_partition_last),
		RES_TEST(the_line_count_follows_cpus_and_partitions),
		RES_TEST(counts_beyond_the_tables_are_clamped),
		RES_TEST(a_short_buffer_is_truncated_not_overrun),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
