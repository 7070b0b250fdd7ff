// SPDX-License-Identifier: MIT
/*
 * Host unit tests of the VMSAv8-64 table builder (hypervisor/arch/arm64/
 * pgtable.c). Tables live in a heap pool pre-filled with garbage, so a
 * table the builder forgot to zero shows up as stray mappings.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/pgtable.h"

#define KIB (1ull << 10)
#define MIB (1ull << 20)
#define GIB (1ull << 30)
#define PAGE PT_PAGE_SIZE

#define POOL_PAGES 64u
#define GARBAGE_BYTE 0xa5
#define IA_39 39u
#define IA_48 48u
#define OA_40 (1ull << 40)

/* Stage-2 attribute sets from the brief: RAM, read-only RAM, device. */
#define S2_RAM (PT_S2_MEMATTR_NORMAL_WB | PT_S2_AP_READ | PT_S2_AP_WRITE | \
		PT_DESC_SH_INNER)
#define S2_RAM_RO (PT_S2_MEMATTR_NORMAL_WB | PT_S2_AP_READ | PT_DESC_SH_INNER)
#define S2_DEVICE (PT_S2_MEMATTR_DEVICE_nGnRE | PT_S2_AP_READ | \
		   PT_S2_AP_WRITE | PT_DESC_XN)
/* Stage-1 (EL2) sets: MAIR index 0 normal memory, index 1 device. */
#define S1_RAM (PT_S1_ATTRIDX(0) | PT_DESC_SH_INNER)
#define S1_RODATA (PT_S1_ATTRIDX(0) | PT_DESC_SH_INNER | PT_S1_AP_RO | \
		   PT_DESC_XN)
#define S1_DEVICE (PT_S1_ATTRIDX(1) | PT_DESC_XN)

/* Architectural descriptor type bits, Arm ARM D8.3.1. */
#define DESC_TYPE_MASK 3ull
#define DESC_BLOCK 1ull
#define DESC_TABLE_OR_PAGE 3ull

struct fixture {
	struct pt_pool pool;
	struct pt_table pt;
	/* Copy of the pool used to prove a refused call changed nothing. */
	uint8_t *snapshot;
	uint32_t snapshot_used;
};

static size_t pool_bytes(const struct fixture *f)
{
	return (size_t)f->pool.count * PT_PAGE_SIZE;
}

static int make_fixture(void **state, uint32_t pages, uint32_t ia_bits)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	*state = f; /* teardown frees whatever was allocated */
	f->pool.pages = aligned_alloc(PT_PAGE_SIZE, pages * PT_PAGE_SIZE);
	f->snapshot = malloc(pages * PT_PAGE_SIZE);
	if (f->pool.pages == NULL || f->snapshot == NULL)
		return -1;
	f->pool.count = pages;
	f->pool.used = 0;
	memset(f->pool.pages, GARBAGE_BYTE, pool_bytes(f));
	return pt_init(&f->pt, &f->pool, ia_bits, OA_40) == PT_OK ? 0 : -1;
}

static int setup_39(void **state)
{
	return make_fixture(state, POOL_PAGES, IA_39);
}

static int setup_48(void **state)
{
	return make_fixture(state, POOL_PAGES, IA_48);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->pool.pages);
	free(f->snapshot);
	free(f);
	return 0;
}

static void take_snapshot(struct fixture *f)
{
	memcpy(f->snapshot, f->pool.pages, pool_bytes(f));
	f->snapshot_used = f->pool.used;
}

static void assert_unchanged(const struct fixture *f)
{
	assert_int_equal(f->pool.used, f->snapshot_used);
	assert_memory_equal(f->snapshot, f->pool.pages, pool_bytes(f));
}

static void assert_unmapped(const struct fixture *f, uint64_t va)
{
	uint64_t pa = 0;
	uint64_t attrs = 0;
	uint32_t level = 0;

	if (pt_lookup(&f->pt, va, &pa, &attrs, &level))
		fail_msg("va %#llx unexpectedly mapped to %#llx at level %u",
			 (unsigned long long)va, (unsigned long long)pa, level);
}

static void assert_translates(const struct fixture *f, uint64_t va,
			      uint64_t want_pa, uint32_t want_level)
{
	uint64_t pa = 0;
	uint64_t attrs = 0;
	uint32_t level = 0;

	if (!pt_lookup(&f->pt, va, &pa, &attrs, &level))
		fail_msg("va %#llx not mapped", (unsigned long long)va);
	assert_int_equal(pa, want_pa);
	assert_int_equal(level, want_level);
}

static uint64_t lookup_attrs(const struct fixture *f, uint64_t va)
{
	uint64_t attrs = 0;

	assert_true(pt_lookup(&f->pt, va, NULL, &attrs, NULL));
	return attrs;
}

/* ---- pt_init ---- */

static void test_init_takes_a_zeroed_root_from_the_pool(void **state)
{
	struct fixture *f = *state;
	uint32_t i;

	assert_ptr_equal(f->pt.root, f->pool.pages[0]);
	assert_int_equal(f->pool.used, 1);
	assert_int_equal(f->pt.start_level, 1);
	for (i = 0; i < PT_ENTRIES; i++)
		assert_int_equal(f->pt.root[i], 0);
}

static void test_init_rejects_unsupported_sizes(void **state)
{
	struct fixture *f = *state;
	struct pt_table pt;

	assert_int_equal(pt_init(&pt, &f->pool, 30, OA_40), PT_E_RANGE);
	assert_int_equal(pt_init(&pt, &f->pool, 49, OA_40), PT_E_RANGE);
	assert_int_equal(pt_init(&pt, &f->pool, IA_39, 0), PT_E_RANGE);
	assert_int_equal(pt_init(&pt, &f->pool, IA_39, (1ull << 48) + PAGE),
			 PT_E_RANGE);
	assert_int_equal(f->pool.used, 1);
}

static void test_init_fails_on_an_empty_pool(void **state)
{
	struct fixture *f = *state;
	struct pt_table pt;

	f->pool.used = f->pool.count;
	assert_int_equal(pt_init(&pt, &f->pool, IA_39, OA_40), PT_E_NOMEM);
	assert_int_equal(f->pool.used, f->pool.count);
}

/* ---- mapping shape ---- */

static void test_maps_exactly_the_requested_range(void **state)
{
	struct fixture *f = *state;
	const uint64_t va = 1 * GIB + 2 * MIB - 12 * KIB; /* straddles 2 MiB */
	const uint64_t pa = 3 * GIB + 20 * KIB;
	const uint64_t size = 2 * MIB + 36 * KIB;
	uint64_t off;

	assert_int_equal(pt_map(&f->pt, va, pa, size, S2_RAM), PT_OK);
	for (off = 0; off < size; off += PAGE) {
		assert_translates(f, va + off, pa + off, 3);
		assert_translates(f, va + off + PAGE - 1, pa + off + PAGE - 1,
				  3);
	}
	assert_unmapped(f, va - PAGE);
	assert_unmapped(f, va - 1);
	assert_unmapped(f, va + size);
	assert_unmapped(f, va + size + PAGE);
	assert_unmapped(f, 0);
}

static void test_uses_2mib_blocks_when_aligned(void **state)
{
	struct fixture *f = *state;
	const uint64_t va = 5 * GIB + 6 * MIB;
	const uint64_t pa = 1 * GIB + 10 * MIB;
	const uint64_t size = 6 * MIB;
	uint64_t off;

	assert_int_equal(pt_map(&f->pt, va, pa, size, S2_RAM), PT_OK);
	for (off = 0; off < size; off += PAGE)
		assert_translates(f, va + off, pa + off, 2);
	/* The root plus one level-2 table; no level-3 tables. */
	assert_int_equal(f->pool.used, 2);
	assert_unmapped(f, va - PAGE);
	assert_unmapped(f, va + size);
}

static void test_uses_1gib_blocks_when_aligned(void **state)
{
	struct fixture *f = *state;
	const uint64_t va = 2 * GIB;
	const uint64_t pa = 7 * GIB;
	const uint64_t size = 2 * GIB;

	assert_int_equal(pt_map(&f->pt, va, pa, size, S2_RAM), PT_OK);
	assert_translates(f, va, pa, 1);
	assert_translates(f, va + GIB - 1, pa + GIB - 1, 1);
	assert_translates(f, va + GIB + 12345 * PAGE, pa + GIB + 12345 * PAGE,
			  1);
	assert_translates(f, va + size - 1, pa + size - 1, 1);
	/* Only the root: both blocks sit in it. */
	assert_int_equal(f->pool.used, 1);
	assert_unmapped(f, va - 1);
	assert_unmapped(f, va + size);
}

static void test_uses_pages_when_pa_alignment_differs_from_va(void **state)
{
	struct fixture *f = *state;
	const uint64_t va = 4 * MIB;       /* 2 MiB aligned */
	const uint64_t pa = 8 * MIB + PAGE; /* only 4 KiB aligned */
	const uint64_t size = 2 * MIB;

	assert_int_equal(pt_map(&f->pt, va, pa, size, S2_RAM), PT_OK);
	assert_translates(f, va, pa, 3);
	assert_translates(f, va + size - PAGE, pa + size - PAGE, 3);
	/* Root, one level-2 and one level-3 table. */
	assert_int_equal(f->pool.used, 3);
}

static void test_mixed_alignment_uses_pages_then_blocks_then_pages(
	void **state)
{
	struct fixture *f = *state;
	const uint64_t va = 2 * MIB + 4 * KIB;
	const uint64_t pa = 1 * GIB + 2 * MIB + 4 * KIB;
	const uint64_t size = 6 * MIB; /* ends at 8 MiB + 4 KiB */
	uint64_t off;

	assert_int_equal(pt_map(&f->pt, va, pa, size, S2_RAM), PT_OK);
	for (off = 0; off < size; off += PAGE) {
		uint64_t a = va + off;
		uint32_t want = (a >= 4 * MIB && a < 8 * MIB) ? 2u : 3u;

		assert_translates(f, a, pa + off, want);
	}
	/* Root, one level-2 table and level-3 tables for [2M,4M), [8M,10M). */
	assert_int_equal(f->pool.used, 4);
	assert_unmapped(f, 2 * MIB);
	assert_unmapped(f, 8 * MIB + 4 * KIB);
}

static void test_writes_architectural_descriptor_encodings(void **state)
{
	struct fixture *f = *state;
	const uint64_t *l2;
	const uint64_t *l3;
	uint64_t table_desc;

	/* A 1 GiB block in root entry 1, a page at 2 GiB + 4 KiB. */
	assert_int_equal(pt_map(&f->pt, 1 * GIB, 5 * GIB, GIB, S2_RAM), PT_OK);
	assert_int_equal(pt_map(&f->pt, 2 * GIB + PAGE, 9 * GIB, PAGE,
				S2_DEVICE), PT_OK);

	assert_int_equal(f->pt.root[1],
			 5 * GIB | S2_RAM | PT_DESC_AF | DESC_BLOCK);
	table_desc = f->pt.root[2];
	assert_int_equal(table_desc & DESC_TYPE_MASK, DESC_TABLE_OR_PAGE);
	assert_int_equal(table_desc & ~PT_ADDR_MASK, DESC_TABLE_OR_PAGE);
	l2 = (const uint64_t *)(uintptr_t)(table_desc & PT_ADDR_MASK);
	assert_ptr_equal(l2, f->pool.pages[1]);
	assert_int_equal(l2[0] & ~PT_ADDR_MASK, DESC_TABLE_OR_PAGE);
	l3 = (const uint64_t *)(uintptr_t)(l2[0] & PT_ADDR_MASK);
	assert_ptr_equal(l3, f->pool.pages[2]);
	assert_int_equal(l3[1],
			 9 * GIB | S2_DEVICE | PT_DESC_AF | DESC_TABLE_OR_PAGE);
	/* Everything else in the new tables is zero (invalid). */
	assert_int_equal(l3[0], 0);
	assert_int_equal(l3[2], 0);
	assert_int_equal(l2[1], 0);
	assert_int_equal(f->pt.root[0], 0);
	assert_int_equal(f->pt.root[3], 0);
}

/* ---- attributes ---- */

static void assert_attrs_kept(struct fixture *f, uint64_t va, uint64_t size,
			      uint64_t attrs)
{
	assert_int_equal(pt_map(&f->pt, va, va, size, attrs), PT_OK);
	assert_int_equal(lookup_attrs(f, va), attrs | PT_DESC_AF);
	assert_int_equal(lookup_attrs(f, va + size - PAGE), attrs | PT_DESC_AF);
}

static void test_stage2_attributes_are_preserved(void **state)
{
	struct fixture *f = *state;

	assert_attrs_kept(f, 1 * GIB, GIB, S2_RAM);          /* block */
	assert_attrs_kept(f, 2 * GIB, 2 * MIB, S2_RAM_RO);    /* block */
	assert_attrs_kept(f, 3 * GIB, 3 * PAGE, S2_RAM_RO);   /* pages */
	assert_attrs_kept(f, 4 * GIB, 2 * PAGE, S2_DEVICE);   /* pages */
	assert_attrs_kept(f, 5 * GIB, 4 * MIB, S2_DEVICE);    /* blocks */
	/* The earlier mappings were not disturbed by the later ones. */
	assert_int_equal(lookup_attrs(f, 1 * GIB), S2_RAM | PT_DESC_AF);
	assert_int_equal(lookup_attrs(f, 3 * GIB), S2_RAM_RO | PT_DESC_AF);
}

static void test_stage1_attributes_are_preserved(void **state)
{
	struct fixture *f = *state;

	assert_attrs_kept(f, 1 * GIB, 2 * MIB, S1_RAM);
	assert_attrs_kept(f, 1 * GIB + 2 * MIB, 5 * PAGE, S1_RODATA);
	assert_attrs_kept(f, 2 * GIB, GIB, S1_DEVICE);
}

static void test_bits_outside_the_attribute_mask_are_ignored(void **state)
{
	struct fixture *f = *state;
	const uint64_t junk = PT_DESC_VALID | PT_DESC_TABLE | (0xabcdeull << 12);
	uint64_t pa = 0;
	uint64_t attrs = 0;
	uint32_t level = 0;

	assert_int_equal(pt_map(&f->pt, 2 * MIB, 4 * MIB, 2 * MIB,
				S2_RAM | junk), PT_OK);
	assert_true(pt_lookup(&f->pt, 2 * MIB + PAGE, &pa, &attrs, &level));
	assert_int_equal(pa, 4 * MIB + PAGE);
	assert_int_equal(attrs, S2_RAM | PT_DESC_AF);
	assert_int_equal(level, 2); /* still a block, not a table */
}

/* ---- refusals leave the tables unchanged ---- */

static void test_overlap_is_refused_and_tables_unchanged(void **state)
{
	struct fixture *f = *state;
	const uint64_t va = 1 * GIB + 4 * MIB + 3 * PAGE;
	const uint64_t size = 5 * PAGE;

	assert_int_equal(pt_map(&f->pt, va, 0, size, S2_RAM), PT_OK);
	take_snapshot(f);
	/* Exactly the same range, even with another pa. */
	assert_int_equal(pt_map(&f->pt, va, 0, size, S2_RAM), PT_E_OVERLAP);
	assert_int_equal(pt_map(&f->pt, va, 64 * MIB, size, S2_RAM_RO),
			 PT_E_OVERLAP);
	/* Partial overlaps from either side and a single inner page. */
	assert_int_equal(pt_map(&f->pt, va - 2 * PAGE, 0, 3 * PAGE, S2_RAM),
			 PT_E_OVERLAP);
	assert_int_equal(pt_map(&f->pt, va + size - PAGE, 0, 4 * PAGE, S2_RAM),
			 PT_E_OVERLAP);
	assert_int_equal(pt_map(&f->pt, va + 2 * PAGE, 0, PAGE, S2_RAM),
			 PT_E_OVERLAP);
	/* A block-sized request over the pages, and one covering them. */
	assert_int_equal(pt_map(&f->pt, 1 * GIB + 4 * MIB, 0, 2 * MIB, S2_RAM),
			 PT_E_OVERLAP);
	assert_int_equal(pt_map(&f->pt, 1 * GIB, 0, GIB, S2_RAM), PT_E_OVERLAP);
	/* A large range that is free except for its last page. */
	assert_int_equal(pt_map(&f->pt, 0, 0, va + PAGE, S2_RAM),
			 PT_E_OVERLAP);
	assert_unchanged(f);
}

static void test_overlap_inside_a_block_is_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 2 * GIB, 0, GIB, S2_RAM), PT_OK);
	assert_int_equal(pt_map(&f->pt, 4 * MIB, 4 * MIB, 2 * MIB, S2_RAM),
			 PT_OK);
	take_snapshot(f);
	/* Pages inside the 1 GiB block: would need to split it. */
	assert_int_equal(pt_map(&f->pt, 2 * GIB + 5 * PAGE, 0, PAGE, S2_RAM),
			 PT_E_OVERLAP);
	/* A 2 MiB block inside the 1 GiB block. */
	assert_int_equal(pt_map(&f->pt, 2 * GIB + 2 * MIB, 0, 2 * MIB, S2_RAM),
			 PT_E_OVERLAP);
	/* Pages inside the 2 MiB block, and a range straddling its start. */
	assert_int_equal(pt_map(&f->pt, 5 * MIB, 0, PAGE, S2_RAM),
			 PT_E_OVERLAP);
	assert_int_equal(pt_map(&f->pt, 4 * MIB - PAGE, 0, 2 * PAGE, S2_RAM),
			 PT_E_OVERLAP);
	/* A range ending just inside the 1 GiB block. */
	assert_int_equal(pt_map(&f->pt, 2 * GIB - 2 * MIB, 0, 2 * MIB + PAGE,
				S2_RAM), PT_E_OVERLAP);
	assert_unchanged(f);
}

static void test_adjacent_ranges_do_not_overlap(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 2 * MIB, 0, 2 * MIB, S2_RAM), PT_OK);
	assert_int_equal(pt_map(&f->pt, 2 * MIB - PAGE, 0, PAGE, S2_RAM),
			 PT_OK);
	assert_int_equal(pt_map(&f->pt, 4 * MIB, 0, PAGE, S2_RAM), PT_OK);
	assert_translates(f, 2 * MIB - PAGE, 0, 3);
	assert_translates(f, 2 * MIB, 0, 2);
	assert_translates(f, 4 * MIB, 0, 3);
}

/* ---- pt_unmap ---- */

/* A 2 MiB block and a granule of pages unmapped, then mapped again: the
 * same translations, and not one page more from the pool. */
static void test_unmap_then_remap_takes_no_pool_page(void **state)
{
	struct fixture *f = *state;
	uint32_t used;

	assert_int_equal(pt_map(&f->pt, 2 * MIB, 0x40000000ull, 2 * MIB, S2_RAM),
			 PT_OK);
	assert_int_equal(pt_map(&f->pt, 4 * MIB, 0x40201000ull, 2 * MIB, S2_RAM),
			 PT_OK);
	used = f->pool.used;
	assert_int_equal(pt_unmap(&f->pt, 2 * MIB, 2 * MIB), PT_OK);
	assert_int_equal(pt_unmap(&f->pt, 4 * MIB, 2 * MIB), PT_OK);
	assert_unmapped(f, 2 * MIB);
	assert_unmapped(f, 4 * MIB - PAGE);
	assert_unmapped(f, 4 * MIB);
	assert_unmapped(f, 6 * MIB - PAGE);
	assert_int_equal(f->pool.used, used);
	assert_int_equal(pt_map(&f->pt, 2 * MIB, 0x40000000ull, 2 * MIB, S2_RAM),
			 PT_OK);
	assert_int_equal(pt_map(&f->pt, 4 * MIB, 0x40201000ull, 2 * MIB, S2_RAM),
			 PT_OK);
	assert_int_equal(f->pool.used, used);
	assert_translates(f, 2 * MIB + PAGE, 0x40000000ull + PAGE, 2);
	assert_translates(f, 4 * MIB + PAGE, 0x40202000ull, 3);
}

/* Only the range goes: the pages either side stay mapped. */
static void test_unmap_leaves_the_neighbours(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 1 * GIB, 0x1000000ull, 3 * PAGE, S2_RAM),
			 PT_OK);
	assert_int_equal(pt_unmap(&f->pt, 1 * GIB + PAGE, PAGE), PT_OK);
	assert_translates(f, 1 * GIB, 0x1000000ull, 3);
	assert_unmapped(f, 1 * GIB + PAGE);
	assert_translates(f, 1 * GIB + 2 * PAGE, 0x1000000ull + 2 * PAGE, 3);
}

/* Part of a block would need a split: refused, nothing changed; an
 * unmapped range is fine as it is. */
static void test_unmap_of_part_of_a_block_is_refused(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pt_map(&f->pt, 2 * MIB, 0, 2 * MIB, S2_RAM), PT_OK);
	assert_int_equal(pt_map(&f->pt, 1 * GIB, 0, 1 * GIB, S2_RAM), PT_OK);
	take_snapshot(f);
	assert_int_equal(pt_unmap(&f->pt, 2 * MIB, MIB), PT_E_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 2 * MIB + PAGE, 2 * MIB - PAGE),
			 PT_E_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 1 * GIB, 2 * MIB), PT_E_RANGE);
	/* A range whose first part could go, but whose end cuts a block. */
	assert_int_equal(pt_unmap(&f->pt, 0, 3 * MIB), PT_E_RANGE);
	assert_int_equal(pt_unmap(&f->pt, 1, PAGE), PT_E_ALIGN);
	assert_int_equal(pt_unmap(&f->pt, 0, 0), PT_E_ALIGN);
	assert_int_equal(pt_unmap(&f->pt, (1ull << IA_39) - PAGE, 2 * PAGE),
			 PT_E_RANGE);
	assert_unchanged(f);
	assert_int_equal(pt_unmap(&f->pt, 8 * MIB, 4 * MIB), PT_OK);
	assert_unchanged(f);
	assert_translates(f, 2 * MIB, 0, 2);
}

static void test_misaligned_requests_are_refused(void **state)
{
	struct fixture *f = *state;

	take_snapshot(f);
	assert_int_equal(pt_map(&f->pt, 1 * GIB + 1, 0, PAGE, S2_RAM),
			 PT_E_ALIGN);
	assert_int_equal(pt_map(&f->pt, 1 * GIB, 0x800, PAGE, S2_RAM),
			 PT_E_ALIGN);
	assert_int_equal(pt_map(&f->pt, 1 * GIB, 0, PAGE + 8, S2_RAM),
			 PT_E_ALIGN);
	assert_int_equal(pt_map(&f->pt, 1 * GIB, 0, 0, S2_RAM), PT_E_ALIGN);
	assert_unchanged(f);
}

static void test_range_beyond_input_size_is_refused(void **state)
{
	struct fixture *f = *state;
	const uint64_t top = 1ull << IA_39;

	take_snapshot(f);
	assert_int_equal(pt_map(&f->pt, top, 0, PAGE, S2_RAM), PT_E_RANGE);
	assert_int_equal(pt_map(&f->pt, top - PAGE, 0, 2 * PAGE, S2_RAM),
			 PT_E_RANGE);
	assert_unchanged(f);
	assert_unmapped(f, top);
	/* The last page of the input range is fine. */
	assert_int_equal(pt_map(&f->pt, top - PAGE, 0, PAGE, S2_RAM), PT_OK);
	assert_translates(f, top - PAGE, 0, 3);
}

static void test_range_beyond_output_limit_is_refused(void **state)
{
	struct fixture *f = *state;

	take_snapshot(f);
	assert_int_equal(pt_map(&f->pt, 0, OA_40, PAGE, S2_RAM), PT_E_RANGE);
	assert_int_equal(pt_map(&f->pt, 0, OA_40 - GIB, 2 * GIB, S2_RAM),
			 PT_E_RANGE);
	assert_unchanged(f);
	assert_int_equal(pt_map(&f->pt, GIB, OA_40 - GIB, GIB, S2_RAM), PT_OK);
	assert_translates(f, 2 * GIB - 1, OA_40 - 1, 1);
}

static void test_address_overflow_is_refused(void **state)
{
	struct fixture *f = *state;

	take_snapshot(f);
	assert_int_equal(pt_map(&f->pt, UINT64_MAX - PAGE + 1, 0, 2 * PAGE,
				S2_RAM), PT_E_RANGE);
	assert_int_equal(pt_map(&f->pt, 0, UINT64_MAX - PAGE + 1, 2 * PAGE,
				S2_RAM), PT_E_RANGE);
	assert_int_equal(pt_map(&f->pt, 2 * PAGE, 0, UINT64_MAX - PAGE + 1,
				S2_RAM), PT_E_RANGE);
	assert_unchanged(f);
}

/* ---- pool exhaustion ---- */

static int setup_small_pool(void **state)
{
	/* Root plus three pages. */
	return make_fixture(state, 4, IA_39);
}

static void test_pool_exhaustion_changes_nothing(void **state)
{
	struct fixture *f = *state;

	take_snapshot(f);
	/* Pages on both sides of a 1 GiB boundary need two level-2 and two
	 * level-3 tables; the first pair would fit, the second does not. */
	assert_int_equal(pt_map(&f->pt, GIB - PAGE, 0, 2 * PAGE, S2_RAM),
			 PT_E_NOMEM);
	assert_unchanged(f);
	assert_unmapped(f, GIB - PAGE);
	/* Three free pages are exactly enough for a page below 1 GiB (level
	 * 2 and 3 tables) and a 2 MiB block above it (one level-2 table). */
	assert_int_equal(pt_map(&f->pt, GIB - PAGE, 2 * MIB - PAGE,
				2 * MIB + PAGE, S2_RAM), PT_OK);
	assert_int_equal(f->pool.used, 4);
	assert_translates(f, GIB - PAGE, 2 * MIB - PAGE, 3);
	assert_translates(f, GIB, 2 * MIB, 2);
	assert_unmapped(f, GIB + 2 * MIB);
	/* Full pool: blocks in existing tables still work, new tables not. */
	assert_int_equal(pt_map(&f->pt, 2 * GIB, 0, GIB, S2_RAM), PT_OK);
	assert_int_equal(pt_map(&f->pt, GIB + 2 * MIB, 0, 2 * MIB, S2_RAM),
			 PT_OK);
	take_snapshot(f);
	assert_int_equal(pt_map(&f->pt, 3 * GIB, 0, PAGE, S2_RAM), PT_E_NOMEM);
	assert_unchanged(f);
}

/* ---- 48-bit input: level-0 start ---- */

static void test_48bit_input_starts_at_level_0(void **state)
{
	struct fixture *f = *state;
	const uint64_t top = 1ull << IA_48;
	const uint64_t va = 512 * GIB; /* root (level 0) entry 1 */

	assert_int_equal(f->pt.start_level, 0);
	assert_int_equal(pt_map(&f->pt, va, 3 * GIB, GIB, S2_RAM), PT_OK);
	assert_translates(f, va + 5 * PAGE, 3 * GIB + 5 * PAGE, 1);
	/* Root plus one level-1 table; the root entry is a table. */
	assert_int_equal(f->pool.used, 2);
	assert_int_equal(f->pt.root[1] & DESC_TYPE_MASK, DESC_TABLE_OR_PAGE);
	assert_int_equal(f->pt.root[0], 0);

	assert_int_equal(pt_map(&f->pt, top - PAGE, 0, PAGE, S2_RAM), PT_OK);
	assert_translates(f, top - PAGE, 0, 3);
	assert_int_equal(f->pool.used, 5);
	assert_int_equal(pt_map(&f->pt, top, 0, PAGE, S2_RAM), PT_E_RANGE);
	assert_unmapped(f, top);
	assert_unmapped(f, va - PAGE);
}

static void test_lookup_outside_input_range_is_unmapped(void **state)
{
	struct fixture *f = *state;

	/* The root entry that 2^39 would alias to if bits were dropped. */
	assert_int_equal(pt_map(&f->pt, 0, 0, GIB, S2_RAM), PT_OK);
	assert_translates(f, 0, 0, 1);
	assert_unmapped(f, 1ull << IA_39);
	assert_unmapped(f, UINT64_MAX);
}

/* ---- against a reference model ---- */

#define MODEL_SPAN (4 * GIB)
#define MODEL_PAGES (MODEL_SPAN / PAGE)
#define MODEL_POOL_PAGES 2100u /* root + 4 level-2 + 2048 level-3 + slack */
#define MODEL_ROUNDS 400u
#define UNMAPPED UINT64_MAX

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random multiple of one of the three leaf sizes, below limit. */
static uint64_t random_aligned(uint64_t *rng, uint64_t limit)
{
	static const uint64_t grains[] = { PAGE, 2 * MIB, GIB };
	uint64_t grain = grains[rng_next(rng) % 3u];

	return (rng_next(rng) % (limit / grain)) * grain;
}

static uint64_t random_size(uint64_t *rng)
{
	switch (rng_next(rng) % 4u) {
	case 0:
		return (1u + rng_next(rng) % 8u) * PAGE;
	case 1:
		return (1u + rng_next(rng) % 4u) * 2 * MIB;
	case 2:
		return (1u + rng_next(rng) % 600u) * PAGE; /* across 2 MiB */
	default:
		return GIB;
	}
}

static int setup_model(void **state)
{
	return make_fixture(state, MODEL_POOL_PAGES, IA_39);
}

static void test_random_mappings_match_a_reference_model(void **state)
{
	struct fixture *f = *state;
	uint64_t *model = malloc(MODEL_PAGES * sizeof(*model));
	uint64_t rng = 0x243f6a8885a308d3ull;
	uint64_t i;
	unsigned round;
	unsigned mapped = 0;

	assert_non_null(model);
	for (i = 0; i < MODEL_PAGES; i++)
		model[i] = UNMAPPED;
	for (round = 0; round < MODEL_ROUNDS; round++) {
		uint64_t size = random_size(&rng);
		uint64_t va = random_aligned(&rng, MODEL_SPAN - size + PAGE);
		uint64_t pa = random_aligned(&rng, OA_40 - size + PAGE);
		bool free_range = true;
		enum pt_result want;

		for (i = va / PAGE; i < (va + size) / PAGE; i++)
			free_range = free_range && model[i] == UNMAPPED;
		want = free_range ? PT_OK : PT_E_OVERLAP;
		assert_int_equal(pt_map(&f->pt, va, pa, size, S2_RAM), want);
		if (want != PT_OK)
			continue;
		mapped++;
		for (i = 0; i < size / PAGE; i++)
			model[va / PAGE + i] = pa + i * PAGE;
	}
	assert_true(mapped > MODEL_ROUNDS / 10);
	for (i = 0; i < MODEL_PAGES; i++) {
		uint64_t pa = 0;
		bool hit = pt_lookup(&f->pt, i * PAGE, &pa, NULL, NULL);

		if (hit != (model[i] != UNMAPPED) || (hit && pa != model[i]))
			fail_msg("page %#llx: table %d/%#llx, model %#llx",
				 (unsigned long long)(i * PAGE), hit,
				 (unsigned long long)pa,
				 (unsigned long long)model[i]);
	}
	free(model);
}

/* ---- defensive walking ---- */

static void test_tables_outside_the_pool_are_not_followed(void **state)
{
	struct fixture *f = *state;
	static _Alignas(4096) uint64_t foreign[PT_ENTRIES];

	assert_int_equal(pt_map(&f->pt, 0, 0, PAGE, S2_RAM), PT_OK);
	assert_translates(f, 0, 0, 3);
	/* Point the root's table descriptor at a page the pool never gave
	 * out: it must be neither read through nor written through. */
	foreign[0] = 0;
	f->pt.root[0] = (uint64_t)(uintptr_t)foreign | DESC_TABLE_OR_PAGE;
	assert_unmapped(f, 0);
	take_snapshot(f);
	assert_int_equal(pt_map(&f->pt, 2 * MIB, 0, PAGE, S2_RAM),
			 PT_E_OVERLAP);
	assert_unchanged(f);
	assert_int_equal(foreign[0], 0);
	assert_int_equal(foreign[1], 0);
}

/* ---- pt_copy_hole (the SMMU's stage 2 without the GICv2 GICV page) ---- */

#define HOLE_VA   0x08010000ull /* the guest's GICv2 CPU interface */
#define HOLE_SIZE (8 * KIB)

/* dst translates va to want_pa at want_level with want_attrs. */
static void assert_copy_translates(const struct pt_table *dst, uint64_t va,
				   uint64_t want_pa, uint32_t want_level,
				   uint64_t want_attrs)
{
	uint64_t pa = 0;
	uint64_t attrs = 0;
	uint32_t level = 0;

	if (!pt_lookup(dst, va, &pa, &attrs, &level))
		fail_msg("va %#llx not mapped in the copy", (unsigned long long)va);
	assert_int_equal(pa, want_pa);
	assert_int_equal(level, want_level);
	assert_int_equal(attrs, want_attrs | PT_DESC_AF);
}

static void test_copy_hole_unmaps_only_the_range(void **state)
{
	struct fixture *f = *state;
	struct pt_table dst;
	uint32_t before;

	/* A stage 2 like a partition's on GICv2: RAM as a 1 GiB block, the
	 * GICV pages, a UART page next to them. */
	assert_int_equal(pt_map(&f->pt, 0x40000000, 0x40000000, GIB, S2_RAM), PT_OK);
	assert_int_equal(pt_map(&f->pt, HOLE_VA, 0x08040000, HOLE_SIZE, S2_DEVICE), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x08012000, 0x09000000, PAGE, S2_DEVICE), PT_OK);
	take_snapshot(f);
	before = f->pool.used;

	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA, HOLE_SIZE), PT_OK);
	/* Root, level 2 and level 3 copied; nothing else. */
	assert_int_equal(f->pool.used, before + 3u);
	assert_ptr_not_equal(dst.root, f->pt.root);
	assert_false(pt_lookup(&dst, HOLE_VA, NULL, NULL, NULL));
	assert_false(pt_lookup(&dst, HOLE_VA + PAGE, NULL, NULL, NULL));
	assert_copy_translates(&dst, 0x08012000, 0x09000000, 3, S2_DEVICE);
	assert_copy_translates(&dst, 0x40000000, 0x40000000, 1, S2_RAM);
	assert_copy_translates(&dst, 0x7ffff000, 0x7ffff000, 1, S2_RAM);
	/* The source tables are untouched: the CPUs still reach GICV. */
	assert_memory_equal(f->snapshot, f->pool.pages, (size_t)before * PAGE);
	assert_translates(f, HOLE_VA, 0x08040000, 3);
	assert_translates(f, HOLE_VA + PAGE, 0x08041000, 3);
}

static void test_copy_hole_shares_other_subtrees(void **state)
{
	struct fixture *f = *state;
	struct pt_table dst;

	assert_int_equal(pt_map(&f->pt, HOLE_VA, 0x08040000, HOLE_SIZE, S2_DEVICE), PT_OK);
	assert_int_equal(pt_map(&f->pt, 0x40001000, 0x50000000, PAGE, S2_RAM), PT_OK);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA, HOLE_SIZE), PT_OK);
	/* The level-1 entry of the 1 GiB at 0x40000000 is the source's:
	 * the same table, not a copy. */
	assert_int_equal(dst.root[1], f->pt.root[1]);
	assert_int_not_equal(dst.root[0], f->pt.root[0]);
	assert_copy_translates(&dst, 0x40001000, 0x50000000, 3, S2_RAM);
}

static void test_copy_hole_splits_blocks_on_the_path(void **state)
{
	struct fixture *f = *state;
	struct pt_table dst;

	/* 0..1 GiB as one block: the copy splits it down to pages. */
	assert_int_equal(pt_map(&f->pt, 0, 0x80000000, GIB, S2_RAM_RO), PT_OK);
	take_snapshot(f);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA, HOLE_SIZE), PT_OK);
	assert_false(pt_lookup(&dst, HOLE_VA, NULL, NULL, NULL));
	assert_false(pt_lookup(&dst, HOLE_VA + PAGE, NULL, NULL, NULL));
	assert_copy_translates(&dst, HOLE_VA - PAGE, 0x80000000 + HOLE_VA - PAGE, 3, S2_RAM_RO);
	assert_copy_translates(&dst, HOLE_VA + HOLE_SIZE, 0x80000000 + HOLE_VA + HOLE_SIZE, 3,
			       S2_RAM_RO);
	assert_copy_translates(&dst, 0x08000000, 0x88000000, 3, S2_RAM_RO);
	assert_copy_translates(&dst, 0x081ff000, 0x881ff000, 3, S2_RAM_RO);
	assert_copy_translates(&dst, 0x08200000, 0x88200000, 2, S2_RAM_RO);
	assert_copy_translates(&dst, 0, 0x80000000, 2, S2_RAM_RO);
	assert_copy_translates(&dst, GIB - PAGE, 0x80000000 + GIB - PAGE, 2, S2_RAM_RO);
	assert_false(pt_lookup(&dst, GIB, NULL, NULL, NULL));
	assert_memory_equal(f->snapshot, f->pool.pages, (size_t)f->snapshot_used * PAGE);
	assert_translates(f, HOLE_VA, 0x80000000 + HOLE_VA, 1);
}

static void test_copy_hole_of_unmapped_range(void **state)
{
	struct fixture *f = *state;
	struct pt_table dst;

	assert_int_equal(pt_map(&f->pt, 0x40000000, 0x40000000, 2 * MIB, S2_RAM), PT_OK);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA, HOLE_SIZE), PT_OK);
	assert_false(pt_lookup(&dst, HOLE_VA, NULL, NULL, NULL));
	assert_copy_translates(&dst, 0x40000000, 0x40000000, 2, S2_RAM);
}

static void test_copy_hole_refusals_change_nothing(void **state)
{
	struct fixture *f = *state;
	struct pt_table dst;

	assert_int_equal(pt_map(&f->pt, HOLE_VA, 0x08040000, HOLE_SIZE, S2_DEVICE), PT_OK);
	take_snapshot(f);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA + 1, HOLE_SIZE), PT_E_ALIGN);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA, 0), PT_E_ALIGN);
	/* Across a 2 MiB boundary: two last-level tables. */
	assert_int_equal(pt_copy_hole(&f->pt, &dst, 2 * MIB - PAGE, 2 * PAGE), PT_E_RANGE);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, (1ull << IA_39) - PAGE, 2 * PAGE),
			 PT_E_RANGE);
	assert_int_equal(pt_copy_hole(&f->pt, &dst, UINT64_MAX - PAGE + 1, PAGE * 2),
			 PT_E_RANGE);
	assert_int_equal(pt_copy_hole(NULL, &dst, HOLE_VA, HOLE_SIZE), PT_E_RANGE);
	/* Leave two free pages: the copy needs three. */
	f->pool.count = f->pool.used + 2u;
	assert_int_equal(pt_copy_hole(&f->pt, &dst, HOLE_VA, HOLE_SIZE), PT_E_NOMEM);
	f->pool.count = POOL_PAGES;
	assert_unchanged(f);
}

#define T39(fn) cmocka_unit_test_setup_teardown(fn, setup_39, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T39(test_init_takes_a_zeroed_root_from_the_pool),
		T39(test_init_rejects_unsupported_sizes),
		T39(test_init_fails_on_an_empty_pool),
		T39(test_maps_exactly_the_requested_range),
		T39(test_uses_2mib_blocks_when_aligned),
		T39(test_uses_1gib_blocks_when_aligned),
		T39(test_uses_pages_when_pa_alignment_differs_from_va),
		T39(test_mixed_alignment_uses_pages_then_blocks_then_pages),
		T39(test_writes_architectural_descriptor_encodings),
		T39(test_stage2_attributes_are_preserved),
		T39(test_stage1_attributes_are_preserved),
		T39(test_bits_outside_the_attribute_mask_are_ignored),
		T39(test_overlap_is_refused_and_tables_unchanged),
		T39(test_overlap_inside_a_block_is_refused),
		T39(test_adjacent_ranges_do_not_overlap),
		T39(test_unmap_then_remap_takes_no_pool_page),
		T39(test_unmap_leaves_the_neighbours),
		T39(test_unmap_of_part_of_a_block_is_refused),
		T39(test_misaligned_requests_are_refused),
		T39(test_range_beyond_input_size_is_refused),
		T39(test_range_beyond_output_limit_is_refused),
		T39(test_address_overflow_is_refused),
		cmocka_unit_test_setup_teardown(
			test_pool_exhaustion_changes_nothing,
			setup_small_pool, teardown),
		cmocka_unit_test_setup_teardown(
			test_48bit_input_starts_at_level_0, setup_48, teardown),
		T39(test_lookup_outside_input_range_is_unmapped),
		T39(test_tables_outside_the_pool_are_not_followed),
		cmocka_unit_test_setup_teardown(
			test_random_mappings_match_a_reference_model,
			setup_model, teardown),
		T39(test_copy_hole_unmaps_only_the_range),
		T39(test_copy_hole_shares_other_subtrees),
		T39(test_copy_hole_splits_blocks_on_the_path),
		T39(test_copy_hole_of_unmapped_range),
		T39(test_copy_hole_refusals_change_nothing),
	};

	return cmocka_run_group_tests_name("pgtable", tests, NULL, NULL);
}
