/* SPDX-License-Identifier: MIT */
/*
 * The MMIO register-table walker (hypervisor/core/mmio.c): which register
 * an access reaches, with which index and byte offset, and which accesses
 * are refused before any handler runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/mmio.h"
#include "lib/array.h"

/* Sentinel a refused or RAZ read must not leave behind. */
#define JUNK 0xdeadbeefcafef00dull
/* Read handlers answer this plus where they were reached. */
#define READ_TAG 0x5a000000ull

struct recorded {
	unsigned calls;
	bool write;
	struct vcpu *v;
	void *dev;
	uint32_t reg; /* which table row (handler id) */
	uint32_t index;
	uint32_t byte;
	uint32_t size;
	uint64_t val;
};

static struct recorded rec;
/* Stand-ins for the vCPU and device pointers, passed through untouched. */
static int vcpu_token;
static int dev_token;

static uint64_t read_as(uint32_t reg, struct vcpu *v, void *dev,
			uint32_t index, uint32_t byte, uint32_t size)
{
	rec.calls++;
	rec.write = false;
	rec.v = v;
	rec.dev = dev;
	rec.reg = reg;
	rec.index = index;
	rec.byte = byte;
	rec.size = size;
	return READ_TAG | (uint64_t)reg << 16 | (uint64_t)index << 8 | byte;
}

static void write_as(uint32_t reg, struct vcpu *v, void *dev, uint32_t index,
		     uint32_t byte, uint32_t size, uint64_t val)
{
	rec.calls++;
	rec.write = true;
	rec.v = v;
	rec.dev = dev;
	rec.reg = reg;
	rec.index = index;
	rec.byte = byte;
	rec.size = size;
	rec.val = val;
}

#define HANDLERS(n)                                                           \
	static uint64_t read_##n(struct vcpu *v, void *dev, uint32_t index,     \
				 uint32_t byte, uint32_t size)                \
	{                                                                     \
		return read_as(n, v, dev, index, byte, size);                 \
	}                                                                     \
	static void write_##n(struct vcpu *v, void *dev, uint32_t index,        \
			      uint32_t byte, uint32_t size, uint64_t val)     \
	{                                                                     \
		write_as(n, v, dev, index, byte, size, val);                  \
	}

HANDLERS(0)
HANDLERS(1)
HANDLERS(2)
HANDLERS(3)
HANDLERS(4)

/* Rows: a single word, a word/byte array, a 64-bit register with 32-bit
 * halves, a RAZ/WI pair, an odd stride, halfwords. Gaps between them. */
#define CTRL   0x000u
#define ARRAY  0x010u /* 8 x 4 bytes: 0x10..0x2f */
#define WIDE   0x040u /* 8 bytes */
#define RAZWI  0x050u /* 2 x 4 bytes */
#define ODD    0x060u /* 2 x 12 bytes: 0x60..0x77 */
#define HALVES 0x080u /* 4 x 2 bytes: 0x80..0x87 */
#define TABLE_END 0x088u

static const struct mmio_reg table[] = {
	{ CTRL, 1, 4, MMIO_W32, read_0, write_0 },
	{ ARRAY, 8, 4, MMIO_W8 | MMIO_W32, read_1, write_1 },
	{ WIDE, 1, 8, MMIO_W32 | MMIO_W64, read_2, write_2 },
	{ RAZWI, 2, 4, MMIO_W32, NULL, NULL },
	{ ODD, 2, 12, MMIO_W32 | MMIO_W64, read_3, write_3 },
	{ HALVES, 4, 2, MMIO_W16, read_4, write_4 },
};

#define TABLE_LEN ((uint32_t)(ARRAY_SIZE(table)))

static int setup(void **state)
{
	(void)state;
	memset(&rec, 0, sizeof(rec));
	return 0;
}

static bool rd(uint64_t offset, uint32_t size, uint64_t *val)
{
	struct mmio_access a = {
		.addr = 0x9000000u + offset, .size = size, .write = false,
		.value = JUNK,
	};
	bool ok = mmio_table_access(table, TABLE_LEN, (struct vcpu *)&vcpu_token,
				    &dev_token, offset, &a);

	*val = a.value;
	return ok;
}

static bool wr(uint64_t offset, uint32_t size, uint64_t val)
{
	struct mmio_access a = {
		.addr = 0x9000000u + offset, .size = size, .write = true,
		.value = val,
	};

	return mmio_table_access(table, TABLE_LEN, (struct vcpu *)&vcpu_token,
				 &dev_token, offset, &a);
}

static void assert_reached(uint32_t reg, uint32_t index, uint32_t byte,
			   uint32_t size)
{
	assert_int_equal(rec.calls, 1);
	assert_int_equal(rec.reg, reg);
	assert_int_equal(rec.index, index);
	assert_int_equal(rec.byte, byte);
	assert_int_equal(rec.size, size);
	assert_ptr_equal(rec.v, &vcpu_token);
	assert_ptr_equal(rec.dev, &dev_token);
}

static void read_of_a_single_register_reaches_its_handler(void **state)
{
	uint64_t val;

	(void)state;
	assert_true(rd(CTRL, 4, &val));
	assert_reached(0, 0, 0, 4);
	assert_false(rec.write);
	assert_int_equal(val, READ_TAG);
}

static void array_access_gets_the_register_index(void **state)
{
	uint64_t val;

	(void)state;
	assert_true(rd(ARRAY + 3u * 4u, 4, &val));
	assert_reached(1, 3, 0, 4);
	assert_int_equal(val, READ_TAG | 1u << 16 | 3u << 8);
	memset(&rec, 0, sizeof(rec));
	assert_true(rd(ARRAY + 7u * 4u, 4, &val));
	assert_reached(1, 7, 0, 4);
}

static void byte_access_gets_index_and_byte_offset(void **state)
{
	uint64_t val;

	(void)state;
	assert_true(rd(ARRAY + 4u + 3u, 1, &val));
	assert_reached(1, 1, 3, 1);
	assert_int_equal(val, READ_TAG | 1u << 16 | 1u << 8 | 3u);
}

static void write_passes_the_value(void **state)
{
	(void)state;
	assert_true(wr(ARRAY + 2u * 4u, 4, 0x12345678u));
	assert_reached(1, 2, 0, 4);
	assert_true(rec.write);
	assert_int_equal(rec.val, 0x12345678u);
}

static void sizes_not_accepted_by_the_register_are_refused(void **state)
{
	static const struct { uint64_t offset; uint32_t size; } bad[] = {
		{ CTRL, 1 }, { CTRL, 2 }, { CTRL, 8 },
		{ ARRAY, 2 }, { ARRAY, 8 },
		{ WIDE, 1 }, { WIDE, 2 },
		{ HALVES, 1 }, { HALVES, 4 },
		/* not an access size at all */
		{ CTRL, 0 }, { CTRL, 3 }, { WIDE, 16 },
	};
	uint64_t val;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_false(rd(bad[i].offset, bad[i].size, &val));
		assert_false(wr(bad[i].offset, bad[i].size, 1));
	}
	assert_int_equal(rec.calls, 0);
}

static void misaligned_accesses_are_refused(void **state)
{
	static const struct { uint64_t offset; uint32_t size; } bad[] = {
		{ CTRL + 2u, 4 }, { ARRAY + 1u, 4 }, { ARRAY + 6u, 4 },
		{ WIDE + 4u, 8 }, { WIDE + 2u, 4 }, { HALVES + 1u, 2 },
	};
	uint64_t val;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_false(rd(bad[i].offset, bad[i].size, &val));
		assert_false(wr(bad[i].offset, bad[i].size, 1));
	}
	assert_int_equal(rec.calls, 0);
}

/* Aligned within a 12-byte register, but the last 4 bytes belong to the
 * next one: refused rather than split. */
static void access_straddling_two_registers_is_refused(void **state)
{
	uint64_t val;

	(void)state;
	assert_false(rd(ODD + 8u, 8, &val));
	assert_false(wr(ODD + 8u, 8, 1));
	assert_int_equal(rec.calls, 0);
	/* The same register takes an access that fits. */
	assert_true(rd(ODD + 12u + 8u, 4, &val));
	assert_reached(3, 1, 8, 4);
}

static void offsets_outside_every_register_are_refused(void **state)
{
	static const uint64_t holes[] = {
		CTRL + 4u, ARRAY - 1u, ARRAY + 32u, WIDE - 4u, WIDE + 8u,
		RAZWI + 8u, ODD - 4u, ODD + 24u, TABLE_END, 0xfffcu,
		0xfffffffcull,
		/* would alias CTRL if the offset were cut to 32 bits */
		0x100000000ull,
		UINT64_MAX - 3u,
	};
	uint64_t val;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(holes); i++) {
		assert_false(rd(holes[i], 4, &val));
		assert_int_equal(val, JUNK);
		assert_false(wr(holes[i], 4, 1));
	}
	assert_int_equal(rec.calls, 0);
}

static void registers_without_handlers_read_zero_and_ignore_writes(void **state)
{
	uint64_t val;

	(void)state;
	assert_true(rd(RAZWI, 4, &val));
	assert_int_equal(val, 0);
	assert_true(rd(RAZWI + 4u, 4, &val));
	assert_int_equal(val, 0);
	assert_true(wr(RAZWI + 4u, 4, 0xffffffffu));
	assert_int_equal(rec.calls, 0);
	/* RAZ/WI still checks size and alignment. */
	assert_false(rd(RAZWI, 1, &val));
	assert_false(rd(RAZWI + 2u, 4, &val));
}

static void wide_register_takes_64_bit_and_both_32_bit_halves(void **state)
{
	uint64_t val;

	(void)state;
	assert_true(rd(WIDE, 8, &val));
	assert_reached(2, 0, 0, 8);
	memset(&rec, 0, sizeof(rec));
	assert_true(rd(WIDE, 4, &val));
	assert_reached(2, 0, 0, 4);
	memset(&rec, 0, sizeof(rec));
	assert_true(rd(WIDE + 4u, 4, &val));
	assert_reached(2, 0, 4, 4);
	assert_int_equal(val, READ_TAG | 2u << 16 | 4u);
	memset(&rec, 0, sizeof(rec));
	assert_true(wr(WIDE + 4u, 4, 0xabcd));
	assert_reached(2, 0, 4, 4);
	assert_int_equal(rec.val, 0xabcd);
	memset(&rec, 0, sizeof(rec));
	assert_true(wr(WIDE, 8, 0x1122334455667788ull));
	assert_reached(2, 0, 0, 8);
	assert_int_equal(rec.val, 0x1122334455667788ull);
}

static void halfword_registers_are_indexed_by_their_stride(void **state)
{
	uint64_t val;

	(void)state;
	assert_true(rd(HALVES + 6u, 2, &val));
	assert_reached(4, 3, 0, 2);
}

static void empty_table_refuses_everything(void **state)
{
	struct mmio_access a = { .size = 4, .value = JUNK };

	(void)state;
	assert_false(mmio_table_access(table, 0, NULL, NULL, CTRL, &a));
	assert_int_equal(a.value, JUNK);
	assert_int_equal(rec.calls, 0);
}

#define MMIO_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		MMIO_TEST(read_of_a_single_register_reaches_its_handler),
		MMIO_TEST(array_access_gets_the_register_index),
		MMIO_TEST(byte_access_gets_index_and_byte_offset),
		MMIO_TEST(write_passes_the_value),
		MMIO_TEST(sizes_not_accepted_by_the_register_are_refused),
		MMIO_TEST(misaligned_accesses_are_refused),
		MMIO_TEST(access_straddling_two_registers_is_refused),
		MMIO_TEST(offsets_outside_every_register_are_refused),
		MMIO_TEST(registers_without_handlers_read_zero_and_ignore_writes),
		MMIO_TEST(wide_register_takes_64_bit_and_both_32_bit_halves),
		MMIO_TEST(halfword_registers_are_indexed_by_their_stride),
		MMIO_TEST(empty_table_refuses_everything),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
