/* SPDX-License-Identifier: MIT */
/*
 * Guest memory access (hypervisor/core/guest_mem.c). Host buffers stand in
 * for physical memory: each region's phys is a host address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/guest_mem.h"
#include "core/partition.h"
#include "stubs/fake_cache.h"
#include "stubs/fake_partition_mem.h"

#define REGION_SIZE 0x1000u
/* Region 0 (read-write) and region 1 (read-only) are adjacent in the
 * guest's view; region 2 (execute-only) lies elsewhere. */
#define RW_GUEST   0x40000000ull
#define RO_GUEST   (RW_GUEST + REGION_SIZE)
#define XO_GUEST   0x80000000ull
/* Where the decoy behind regions[SK_MAX_REGIONS] pretends to be. */
#define DECOY_GUEST 0x90000000ull
#define CANARY 0x5a

static uint8_t rw_mem[REGION_SIZE];
static uint8_t ro_mem[REGION_SIZE];
static uint8_t xo_mem[REGION_SIZE];
static struct sk_cfg_partition part;
static struct partition gpart = { .cfg = &part };

static void set_region(uint32_t i, uint8_t *mem, uint64_t guest,
		       uint32_t access)
{
	part.regions[i].phys = (uint64_t)(uintptr_t)mem;
	part.regions[i].guest = guest;
	part.regions[i].size = REGION_SIZE;
	part.regions[i].access = access;
}

static int setup(void **state)
{
	(void)state;
	memset(&part, 0, sizeof(part));
	strcpy(part.name, "alpha");
	part.region_count = 3;
	set_region(0, rw_mem, RW_GUEST, SK_ACCESS_READ | SK_ACCESS_WRITE);
	set_region(1, ro_mem, RO_GUEST, SK_ACCESS_READ);
	set_region(2, xo_mem, XO_GUEST, SK_ACCESS_EXEC);
	for (size_t i = 0; i < REGION_SIZE; i++) {
		rw_mem[i] = (uint8_t)i;
		ro_mem[i] = (uint8_t)(0xff - i);
		xo_mem[i] = CANARY;
	}
	fake_cache_reset();
	return 0;
}

/* guest_range_to_host with plain numbers in and out, so the tests read
 * as addresses; *hpa passes through both ways (a refusal leaves it). */
static bool translate(uint64_t gpa, uint64_t len, uint32_t access,
		      uint64_t *hpa)
{
	hpa_t h = hpa_of(*hpa);
	bool ok = guest_range_to_host(&gpart, gpa_of(gpa), len, access, &h);

	*hpa = h.addr;
	return ok;
}

static void range_inside_a_region_translates_to_its_host_address(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(RW_GUEST + 0x123, 0x10, SK_ACCESS_READ, &hpa));
	assert_int_equal(hpa, (uint64_t)(uintptr_t)&rw_mem[0x123]);
}

/* Every range handed out has its granules cleared first
 * (core/partition_mem.h); a refused one is not touched. */
static void a_translated_range_is_prepared_first(void **state)
{
	uint32_t before = fake_partition_mem_prepare_calls();
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(RW_GUEST + 0x10, 0x10, SK_ACCESS_WRITE, &hpa));
	assert_int_equal(fake_partition_mem_prepare_calls(), before + 1u);
	assert_false(translate(RO_GUEST + 0x10, 0x10, SK_ACCESS_WRITE, &hpa));
	assert_false(translate(RW_GUEST + REGION_SIZE - 4u, 8, SK_ACCESS_READ, &hpa));
	assert_int_equal(fake_partition_mem_prepare_calls(), before + 1u);
}

static void range_in_a_later_region_uses_that_region(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(RO_GUEST + 0x10, 4, SK_ACCESS_READ, &hpa));
	assert_int_equal(hpa, (uint64_t)(uintptr_t)&ro_mem[0x10]);
}

static void whole_region_translates(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(RW_GUEST, REGION_SIZE, SK_ACCESS_WRITE, &hpa));
	assert_int_equal(hpa, (uint64_t)(uintptr_t)rw_mem);
}

static void last_byte_of_a_region_translates(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(XO_GUEST + REGION_SIZE - 1u, 1, SK_ACCESS_EXEC,
			      &hpa));
	assert_int_equal(hpa, (uint64_t)(uintptr_t)&xo_mem[REGION_SIZE - 1u]);
}

/* Two regions adjacent in guest space are separate mappings on the host. */
static void range_straddling_adjacent_regions_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	/* Both regions grant READ, so only the straddle can refuse it. */
	assert_false(translate(RO_GUEST - 8u, 16, SK_ACCESS_READ, &hpa));
}

static void range_running_past_the_region_end_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(XO_GUEST + REGION_SIZE - 4u, 5, SK_ACCESS_EXEC,
			       &hpa));
}

static void range_starting_before_a_region_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(XO_GUEST - 1u, 2, SK_ACCESS_EXEC, &hpa));
}

static void address_outside_every_region_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(0x0, 1, SK_ACCESS_READ, &hpa));
	assert_false(translate(XO_GUEST + REGION_SIZE, 1, SK_ACCESS_EXEC, &hpa));
}

/* gpa + len wraps to an address inside the region: must not pass as
 * "ends before the region end". */
static void range_wrapping_around_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(RW_GUEST + 0x800, UINT64_MAX - 0x3ffu,
			       SK_ACCESS_READ, &hpa));
}

static void range_ending_at_the_top_of_the_address_space_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(UINT64_MAX, 1, SK_ACCESS_READ, &hpa));
}

static void write_to_a_read_only_region_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(RO_GUEST, 1, SK_ACCESS_WRITE, &hpa));
}

static void read_of_an_execute_only_region_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(XO_GUEST, 1, SK_ACCESS_READ, &hpa));
}

static void every_requested_right_must_be_granted(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(RW_GUEST, 1, SK_ACCESS_READ | SK_ACCESS_WRITE,
			      &hpa));
	assert_false(translate(RO_GUEST, 1, SK_ACCESS_READ | SK_ACCESS_WRITE,
			       &hpa));
}

/* The empty range [end, end) lies inside the region. */
static void zero_length_at_the_region_end_translates(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_true(translate(XO_GUEST + REGION_SIZE, 0, SK_ACCESS_EXEC, &hpa));
	assert_int_equal(hpa, (uint64_t)(uintptr_t)xo_mem + REGION_SIZE);
}

static void zero_length_outside_every_region_is_refused(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	assert_false(translate(XO_GUEST + REGION_SIZE + 1u, 0, SK_ACCESS_EXEC,
			       &hpa));
}

static void refused_range_leaves_hpa_alone(void **state)
{
	uint64_t hpa = 0x1234;

	(void)state;
	assert_false(translate(RO_GUEST, 1, SK_ACCESS_WRITE, &hpa));
	assert_int_equal(hpa, 0x1234);
}

/* Only region_count entries count, even if the array holds more. */
static void regions_beyond_region_count_are_ignored(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	part.region_count = 1;
	assert_false(translate(RO_GUEST, 1, SK_ACCESS_READ, &hpa));
}

/*
 * A region_count above SK_MAX_REGIONS must not walk off the array. The
 * device entry right after the array is laid out so that, read as a
 * region, it would grant the range.
 */
static void region_count_above_the_limit_stays_in_the_array(void **state)
{
	uint64_t hpa = 0;

	(void)state;
	_Static_assert(offsetof(struct sk_cfg_partition, devices) ==
		       offsetof(struct sk_cfg_partition, regions) +
		       SK_MAX_REGIONS * sizeof(struct sk_cfg_region),
		       "devices[] must follow regions[] for this test");
	part.region_count = SK_MAX_REGIONS + 1u;
	part.devices[0].phys = (uint64_t)(uintptr_t)rw_mem;
	part.devices[0].guest = DECOY_GUEST;
	part.devices[0].size = REGION_SIZE;
	part.devices[0].irq_count = SK_ACCESS_READ | SK_ACCESS_WRITE;
	assert_false(translate(DECOY_GUEST, 1, SK_ACCESS_READ, &hpa));
}

static void copy_from_copies_the_guest_bytes(void **state)
{
	uint8_t dst[16];

	(void)state;
	assert_true(guest_copy_from(&gpart, dst, gpa_of(RO_GUEST + 0x20), sizeof(dst)));
	assert_memory_equal(dst, &ro_mem[0x20], sizeof(dst));
}

static void copy_from_cleans_the_cache_over_the_source(void **state)
{
	uint8_t dst[16];
	const struct fake_cache_call *c;

	(void)state;
	assert_true(guest_copy_from(&gpart, dst, gpa_of(RW_GUEST + 0x40), sizeof(dst)));
	assert_int_equal(fake_cache_dcache_calls(), 1);
	c = fake_cache_dcache_call(0);
	assert_ptr_equal(c->addr, &rw_mem[0x40]);
	assert_int_equal(c->size, sizeof(dst));
}

/* Maintenance must come before the read, or the copy may see stale lines:
 * the fake makes the "real" memory contents appear only when cleaned. */
static void copy_from_reads_after_cache_maintenance(void **state)
{
	uint8_t dst[8];
	uint8_t expected[8];

	(void)state;
	memset(expected, 0xc3, sizeof(expected));
	fake_cache_reveal_on_maintenance(0xc3);
	assert_true(guest_copy_from(&gpart, dst, gpa_of(RW_GUEST), sizeof(dst)));
	assert_memory_equal(dst, expected, sizeof(dst));
}

static void copy_from_refused_range_copies_nothing(void **state)
{
	uint8_t dst[16];
	uint8_t untouched[16];

	(void)state;
	memset(dst, CANARY, sizeof(dst));
	memset(untouched, CANARY, sizeof(untouched));
	assert_false(guest_copy_from(&gpart, dst, gpa_of(RO_GUEST - 8u), sizeof(dst)));
	assert_memory_equal(dst, untouched, sizeof(dst));
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

static void copy_from_needs_read_access(void **state)
{
	uint8_t dst[4];

	(void)state;
	assert_false(guest_copy_from(&gpart, dst, gpa_of(XO_GUEST), sizeof(dst)));
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

static void copy_to_writes_exactly_the_bytes(void **state)
{
	static const uint8_t src[5] = { 1, 2, 3, 4, 5 };

	(void)state;
	assert_true(guest_copy_to(&gpart, gpa_of(RW_GUEST + 0x100), src, sizeof(src)));
	assert_memory_equal(&rw_mem[0x100], src, sizeof(src));
	/* Neighbours keep their old contents. */
	assert_int_equal(rw_mem[0xff], 0xff);
	assert_int_equal(rw_mem[0x105], 0x05);
}

static void copy_to_cleans_the_cache_over_the_destination(void **state)
{
	static const uint8_t src[5] = { 1, 2, 3, 4, 5 };
	const struct fake_cache_call *c;

	(void)state;
	assert_true(guest_copy_to(&gpart, gpa_of(RW_GUEST + 0x100), src, sizeof(src)));
	assert_int_equal(fake_cache_dcache_calls(), 1);
	c = fake_cache_dcache_call(0);
	assert_ptr_equal(c->addr, &rw_mem[0x100]);
	assert_int_equal(c->size, sizeof(src));
}

/* The clean must push out the new bytes, so it comes after the write. */
static void copy_to_cleans_after_writing(void **state)
{
	static const uint8_t src[5] = { 9, 8, 7, 6, 5 };

	(void)state;
	assert_true(guest_copy_to(&gpart, gpa_of(RW_GUEST + 0x100), src, sizeof(src)));
	assert_memory_equal(fake_cache_dcache_call(0)->snapshot, src,
			    sizeof(src));
}

static void copy_to_a_read_only_region_writes_nothing(void **state)
{
	static const uint8_t src[4] = { 0 };

	(void)state;
	assert_false(guest_copy_to(&gpart, gpa_of(RO_GUEST), src, sizeof(src)));
	assert_int_equal(ro_mem[0], 0xff);
	assert_int_equal(ro_mem[3], 0xfc);
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

static void copy_to_past_the_region_end_writes_nothing(void **state)
{
	static const uint8_t src[8] = { 0 };

	(void)state;
	assert_false(guest_copy_to(&gpart, gpa_of(RW_GUEST + REGION_SIZE - 4u), src,
				   sizeof(src)));
	assert_int_equal(rw_mem[REGION_SIZE - 4u], (uint8_t)(REGION_SIZE - 4u));
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

static void copies_never_touch_the_instruction_cache(void **state)
{
	uint8_t buf[4] = { 0 };

	(void)state;
	assert_true(guest_copy_to(&gpart, gpa_of(RW_GUEST), buf, sizeof(buf)));
	assert_true(guest_copy_from(&gpart, buf, gpa_of(RW_GUEST), sizeof(buf)));
	assert_int_equal(fake_cache_icache_calls(), 0);
}

#define GM_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		GM_TEST(range_inside_a_region_translates_to_its_host_address),
		GM_TEST(a_translated_range_is_prepared_first),
		GM_TEST(range_in_a_later_region_uses_that_region),
		GM_TEST(whole_region_translates),
		GM_TEST(last_byte_of_a_region_translates),
		GM_TEST(range_straddling_adjacent_regions_is_refused),
		GM_TEST(range_running_past_the_region_end_is_refused),
		GM_TEST(range_starting_before_a_region_is_refused),
		GM_TEST(address_outside_every_region_is_refused),
		GM_TEST(range_wrapping_around_is_refused),
		GM_TEST(range_ending_at_the_top_of_the_address_space_is_refused),
		GM_TEST(write_to_a_read_only_region_is_refused),
		GM_TEST(read_of_an_execute_only_region_is_refused),
		GM_TEST(every_requested_right_must_be_granted),
		GM_TEST(zero_length_at_the_region_end_translates),
		GM_TEST(zero_length_outside_every_region_is_refused),
		GM_TEST(refused_range_leaves_hpa_alone),
		GM_TEST(regions_beyond_region_count_are_ignored),
		GM_TEST(region_count_above_the_limit_stays_in_the_array),
		GM_TEST(copy_from_copies_the_guest_bytes),
		GM_TEST(copy_from_cleans_the_cache_over_the_source),
		GM_TEST(copy_from_reads_after_cache_maintenance),
		GM_TEST(copy_from_refused_range_copies_nothing),
		GM_TEST(copy_from_needs_read_access),
		GM_TEST(copy_to_writes_exactly_the_bytes),
		GM_TEST(copy_to_cleans_the_cache_over_the_destination),
		GM_TEST(copy_to_cleans_after_writing),
		GM_TEST(copy_to_a_read_only_region_writes_nothing),
		GM_TEST(copy_to_past_the_region_end_writes_nothing),
		GM_TEST(copies_never_touch_the_instruction_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
