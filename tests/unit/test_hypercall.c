/* SPDX-License-Identifier: MIT */
/*
 * The SMCCC dispatcher (hypervisor/core/hypercall.c), linked with the real
 * console and guest-memory code over a fake UART and fake cache
 * maintenance. Guest memory is host buffers: each region's phys is a host
 * address.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/hypercall.h"
#include "core/partition.h"
#include "core/test_hooks.h"
#include "shikiri/hypercall.h"
#include "stubs/fake_cache.h"
#include "stubs/fake_partition.h"
#include "stubs/fake_uart.h"

/* Guest-physical layout of the test partitions. */
#define RAM_GUEST 0x40000000ull
#define RAM_SIZE  0x2000u /* more than SK_CONSOLE_WRITE_MAX */
#define RO_GUEST  0x50000000ull
#define RO_SIZE   0x1000u
#define UNMAPPED_GUEST 0x30000000ull
/* Bytes around each region that no call may ever touch. */
#define GUARD_SIZE 64u
#define GUARD_BYTE 0xa5
#define FILL_BYTE  0x5a

#define ALPHA_ID 1u
#define ALPHA_VCPUS 2u
#define MUTE_ID 2u

#define FUZZ_DEFAULT_CALLS 100000ul
#define FUZZ_SEED 0x5eed5eed12345678ull
#define FUZZ_INPUT_CHUNK 8u

/* Guest memory with guard bytes on both sides. */
struct guarded_mem {
	uint8_t before[GUARD_SIZE];
	uint8_t mem[RAM_SIZE];
	uint8_t after[GUARD_SIZE];
};

static struct guarded_mem ram;
static struct guarded_mem ro;

static struct sk_cfg_partition alpha_cfg;
static struct sk_cfg_partition mute_cfg;
static struct partition alpha;
static struct partition mute;
/* The calling vCPU: alpha's second one, so index and count differ. */
static struct vcpu *alpha_vcpu;
static struct vcpu *mute_vcpu;

static const uint32_t known_ids[] = {
	SK_HC_ABI_VERSION, SK_HC_CONSOLE_WRITE, SK_HC_CONSOLE_READ,
	SK_HC_PARTITION_ID, SK_HC_PARTITION_NAME, SK_HC_CALL_UID,
};

static void set_region(struct sk_cfg_region *r, uint8_t *mem, uint64_t guest,
		       uint64_t size, uint32_t access)
{
	r->phys = (uint64_t)(uintptr_t)mem;
	r->guest = guest;
	r->size = size;
	r->access = access;
}

static void cfg_init(struct sk_cfg_partition *c, const char *name,
		     uint32_t console)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->name, name);
	c->console = console;
	c->region_count = 2;
	set_region(&c->regions[0], ram.mem, RAM_GUEST, RAM_SIZE,
		   SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC);
	set_region(&c->regions[1], ro.mem, RO_GUEST, RO_SIZE, SK_ACCESS_READ);
}

static void partition_init(struct partition *p, uint32_t id,
			   const struct sk_cfg_partition *c, uint32_t vcpus)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->cfg = c;
	p->vcpu_count = vcpus;
	for (uint32_t i = 0; i < vcpus; i++) {
		p->vcpus[i].partition = p;
		p->vcpus[i].index = i;
		p->vcpus[i].pcpu = i;
	}
}

static void mem_init(struct guarded_mem *m)
{
	memset(m->before, GUARD_BYTE, sizeof(m->before));
	memset(m->mem, FILL_BYTE, sizeof(m->mem));
	memset(m->after, GUARD_BYTE, sizeof(m->after));
}

static void assert_guards_intact(const struct guarded_mem *m)
{
	for (size_t i = 0; i < GUARD_SIZE; i++) {
		assert_int_equal(m->before[i], GUARD_BYTE);
		assert_int_equal(m->after[i], GUARD_BYTE);
	}
}

static int setup(void **state)
{
	(void)state;
	mem_init(&ram);
	mem_init(&ro);
	cfg_init(&alpha_cfg, "alpha", SK_CONSOLE_HYPERCALL);
	cfg_init(&mute_cfg, "mute", SK_CONSOLE_NONE);
	partition_init(&alpha, ALPHA_ID, &alpha_cfg, ALPHA_VCPUS);
	partition_init(&mute, MUTE_ID, &mute_cfg, 1);
	alpha_vcpu = &alpha.vcpus[1];
	mute_vcpu = &mute.vcpus[0];
	fake_uart_reset();
	fake_cache_reset();
	fake_partition_set_focus(&alpha);
	return 0;
}

static void call(struct vcpu *v, uint64_t regs[4], uint64_t x0, uint64_t x1,
		 uint64_t x2, uint64_t x3)
{
	regs[0] = x0;
	regs[1] = x1;
	regs[2] = x2;
	regs[3] = x3;
	hypercall_dispatch(v, regs);
}

static int64_t status(const uint64_t regs[4])
{
	return (int64_t)regs[0];
}

/* Places bytes in alpha's RAM at a guest address. */
static void guest_put(uint64_t gpa, const void *data, size_t len)
{
	assert_true(gpa >= RAM_GUEST && gpa - RAM_GUEST + len <= RAM_SIZE);
	memcpy(&ram.mem[gpa - RAM_GUEST], data, len);
}

static const uint8_t *guest_at(uint64_t gpa)
{
	return &ram.mem[gpa - RAM_GUEST];
}

static void assert_ram_unchanged(void)
{
	for (size_t i = 0; i < RAM_SIZE; i++)
		assert_int_equal(ram.mem[i], FILL_BYTE);
}

static size_t count_char(const char *s, char c)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == c;
	return n;
}

/* ---- ABI_VERSION, CALL_UID, unknown ids ---- */

static void abi_version_is_1_0(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_ABI_VERSION, 7, 8, 9);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 0);
}

static void call_uid_returns_the_shikiri_uid(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_CALL_UID, 0, 0, 0);
	assert_int_equal(r[0], SK_UID_0);
	assert_int_equal(r[1], SK_UID_1);
	assert_int_equal(r[2], SK_UID_2);
	assert_int_equal(r[3], SK_UID_3);
}

/* Function ids from every SMCCC service range, none of them ours. */
static const uint32_t unknown_ids[] = {
	0x80000000u, /* SMCCC_VERSION (Arm architecture service) */
	0x84000000u, /* PSCI_VERSION (standard secure service) */
	0xc4000003u, /* PSCI CPU_ON, SMC64 */
	0x86000001u, /* console write as SMC32: not the SMC64 id */
	0xc6000005u, /* our range, just past the last call */
	0xc600ff00u, /* test hook, answered only by SK_TEST_HOOKS builds */
	0xc600ff01u, /* CALL_UID is SMC32 only */
	0x8600ff00u, /* CALL_COUNT: not implemented */
	0x00000000u,
	0xffffffffu,
};

static void unknown_ids_are_not_supported_and_change_nothing(void **state)
{
	(void)state;
	fake_uart_push_input("q", 1);
	for (size_t i = 0; i < sizeof(unknown_ids) / sizeof(unknown_ids[0]); i++) {
		uint64_t r[4];

		call(alpha_vcpu, r, unknown_ids[i], RAM_GUEST, 16, 0x3333);
		if (status(r) != SK_E_NOT_SUPPORTED)
			fail_msg("id 0x%08x: status %lld", unknown_ids[i],
				 (long long)status(r));
		assert_int_equal(r[1], RAM_GUEST);
		assert_int_equal(r[2], 16);
		assert_int_equal(r[3], 0x3333);
	}
	assert_int_equal(fake_uart_output_len(), 0);
	assert_int_equal(fake_uart_input_pending(), 1);
	assert_int_equal(fake_cache_dcache_calls(), 0);
	assert_ram_unchanged();
}

static bool id_is_known(uint32_t id);

/* All 2 x 65536 ids of the vendor hypervisor range (SMC32 and SMC64) are
 * swept: any id but ours answers NOT_SUPPORTED. */
static void every_other_id_in_our_range_is_not_supported(void **state)
{
	static const uint32_t bases[] = {
		SK_SMCCC_FAST_CALL | (SK_SMCCC_OEN_VENDOR_HYP << SK_SMCCC_OEN_SHIFT),
		SK_HC_ID(0),
	};

	(void)state;
	for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		for (uint32_t fn = 0; fn <= SK_SMCCC_FUNC_MASK; fn++) {
			uint32_t id = bases[b] | fn;
			uint64_t r[4];

			if (id_is_known(id))
				continue;
			call(alpha_vcpu, r, id, 0, 0, 0);
			if (status(r) != SK_E_NOT_SUPPORTED)
				fail_msg("id 0x%08x answered %lld", id,
					 (long long)status(r));
		}
	}
}

/* The first functions of every owning entity, both conventions, fast and
 * yielding: none but ours is answered. */
static void ids_of_other_services_are_not_supported(void **state)
{
	static const uint32_t kinds[] = {
		0, SK_SMCCC_SMC64, SK_SMCCC_FAST_CALL,
		SK_SMCCC_FAST_CALL | SK_SMCCC_SMC64,
	};
	const uint32_t functions = 32;

	(void)state;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (uint32_t oen = 0; oen <= SK_SMCCC_OEN_MASK; oen++) {
			for (uint32_t fn = 0; fn < functions; fn++) {
				uint32_t id = kinds[k] |
					      (oen << SK_SMCCC_OEN_SHIFT) | fn;
				uint64_t r[4];

				if (id_is_known(id))
					continue;
				call(alpha_vcpu, r, id, 0, 0, 0);
				if (status(r) != SK_E_NOT_SUPPORTED)
					fail_msg("id 0x%08x answered %lld", id,
						 (long long)status(r));
			}
		}
	}
}

static void test_hook_id_is_not_supported_without_test_hooks(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_TEST_EL2_FAULT, 0, 0, 0);
	assert_int_equal(status(r), SK_E_NOT_SUPPORTED);
}

static void upper_half_of_x0_is_ignored(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, 0xdeadbeef00000000ull | SK_HC_PARTITION_ID, 0, 0, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], ALPHA_ID);
	call(alpha_vcpu, r, 0xffffffff00000000ull | SK_HC_CALL_UID, 0, 0, 0);
	assert_int_equal(r[0], SK_UID_0);
}

/* An unknown low half stays unknown whatever the high half says. */
static void upper_half_of_x0_cannot_make_an_id_known(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, ((uint64_t)SK_HC_PARTITION_ID << 32) | 0xc6000005u,
	     0, 0, 0);
	assert_int_equal(status(r), SK_E_NOT_SUPPORTED);
}

/* ---- CONSOLE_WRITE ---- */

static void console_write_prints_the_buffer_labelled(void **state)
{
	uint64_t r[4];

	(void)state;
	guest_put(RAM_GUEST + 0x100, "hello\n", 6);
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST + 0x100, 6, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 6);
	assert_string_equal(fake_uart_output(), "[alpha] hello\r\n");
}

static void console_write_keeps_a_partial_line_for_the_next_call(void **state)
{
	uint64_t r[4];

	(void)state;
	guest_put(RAM_GUEST, "ab", 2);
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST, 2, 0);
	assert_int_equal(fake_uart_output_len(), 0);
	guest_put(RAM_GUEST, "c\n", 2);
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST, 2, 0);
	assert_string_equal(fake_uart_output(), "[alpha] abc\r\n");
}

static void console_write_from_a_read_only_region_works(void **state)
{
	uint64_t r[4];

	(void)state;
	memcpy(ro.mem, "ro\n", 3);
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RO_GUEST, 3, 0);
	assert_int_equal(status(r), SK_OK);
	assert_string_equal(fake_uart_output(), "[alpha] ro\r\n");
}

static void console_write_of_zero_bytes_prints_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST, 0, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 0);
	assert_int_equal(fake_uart_output_len(), 0);
}

/* 5000 bytes asked, SK_CONSOLE_WRITE_MAX consumed: every one of them
 * reaches the UART, not one more. */
static void console_write_is_capped_at_the_maximum(void **state)
{
	uint64_t r[4];
	uint8_t text[5000];

	(void)state;
	memset(text, 'x', sizeof(text));
	guest_put(RAM_GUEST, text, sizeof(text));
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST, sizeof(text), 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], SK_CONSOLE_WRITE_MAX);
	/* Flush the partial last line. */
	guest_put(RAM_GUEST + 0x1800, "\n", 1);
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST + 0x1800, 1, 0);
	assert_int_equal(count_char(fake_uart_output(), 'x'),
			 SK_CONSOLE_WRITE_MAX);
}

/* Only the bytes that will be read must lie inside the region. */
static void console_write_checks_only_the_capped_length(void **state)
{
	uint64_t r[4];
	uint64_t gpa = RAM_GUEST + RAM_SIZE - SK_CONSOLE_WRITE_MAX;

	(void)state;
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, gpa, UINT64_MAX, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], SK_CONSOLE_WRITE_MAX);
}

static void console_write_outside_the_partition_is_a_bad_address(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, UNMAPPED_GUEST, 4, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_int_equal(fake_uart_output_len(), 0);
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

/* Decode, then act: no prefix of a bad buffer gets printed. */
static void console_write_running_off_the_region_prints_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	memset(ram.mem, '\n', RAM_SIZE);
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST + RAM_SIZE - 4u, 8, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_int_equal(fake_uart_output_len(), 0);
}

static void console_write_wrapping_around_is_a_bad_address(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_CONSOLE_WRITE, UINT64_MAX - 1u, 16, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_int_equal(fake_uart_output_len(), 0);
}

static void console_write_without_a_console_is_denied(void **state)
{
	uint64_t r[4];

	(void)state;
	guest_put(RAM_GUEST, "hi\n", 3);
	call(mute_vcpu, r, SK_HC_CONSOLE_WRITE, RAM_GUEST, 3, 0);
	assert_int_equal(status(r), SK_E_DENIED);
	assert_int_equal(fake_uart_output_len(), 0);
}

/* ---- CONSOLE_READ ---- */

static void console_read_gives_input_to_the_focused_partition(void **state)
{
	uint64_t r[4];

	(void)state;
	fake_uart_push_input("hi", 2);
	call(alpha_vcpu, r, SK_HC_CONSOLE_READ, RAM_GUEST + 0x10, 16, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 2);
	assert_memory_equal(guest_at(RAM_GUEST + 0x10), "hi", 2);
	/* Only the characters read are written. */
	assert_int_equal(*guest_at(RAM_GUEST + 0x12), FILL_BYTE);
}

static void console_read_without_focus_returns_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	fake_partition_set_focus(&mute);
	fake_uart_push_input("hi", 2);
	call(alpha_vcpu, r, SK_HC_CONSOLE_READ, RAM_GUEST, 16, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 0);
	/* The input stays for the partition that has the focus. */
	assert_int_equal(fake_uart_input_pending(), 2);
	assert_ram_unchanged();
}

static void console_read_stops_at_the_capacity(void **state)
{
	uint64_t r[4];

	(void)state;
	fake_uart_push_input("abcdef", 6);
	call(alpha_vcpu, r, SK_HC_CONSOLE_READ, RAM_GUEST, 3, 0);
	assert_int_equal(r[1], 3);
	assert_memory_equal(guest_at(RAM_GUEST), "abc", 3);
	assert_int_equal(*guest_at(RAM_GUEST + 3), FILL_BYTE);
	assert_int_equal(fake_uart_input_pending(), 3);
}

static void console_read_hands_out_at_most_64_per_call(void **state)
{
	uint64_t r[4];
	char input[100];

	(void)state;
	memset(input, 'k', sizeof(input));
	fake_uart_push_input(input, sizeof(input));
	call(alpha_vcpu, r, SK_HC_CONSOLE_READ, RAM_GUEST, sizeof(input), 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 64);
	assert_int_equal(*guest_at(RAM_GUEST + 64), FILL_BYTE);
	assert_int_equal(fake_uart_input_pending(), sizeof(input) - 64u);
}

static void console_read_into_read_only_memory_is_a_bad_address(void **state)
{
	uint64_t r[4];

	(void)state;
	fake_uart_push_input("hi", 2);
	call(alpha_vcpu, r, SK_HC_CONSOLE_READ, RO_GUEST, 16, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_int_equal(fake_uart_input_pending(), 2);
	assert_int_equal(ro.mem[0], FILL_BYTE);
}

static void console_read_outside_the_partition_is_a_bad_address(void **state)
{
	uint64_t r[4];

	(void)state;
	fake_uart_push_input("hi", 2);
	call(alpha_vcpu, r, SK_HC_CONSOLE_READ, UNMAPPED_GUEST, 16, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_int_equal(fake_uart_input_pending(), 2);
}

/* ---- PARTITION_ID, PARTITION_NAME ---- */

static void partition_id_returns_id_vcpu_and_count(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_ID, 0, 0, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], ALPHA_ID);
	assert_int_equal(r[2], 1);
	assert_int_equal(r[3], ALPHA_VCPUS);
}

static void partition_name_copies_the_terminated_name(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RAM_GUEST + 0x20, 16, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], 5);
	assert_memory_equal(guest_at(RAM_GUEST + 0x20), "alpha", 6);
	/* Nothing beyond the terminator is written. */
	assert_int_equal(*guest_at(RAM_GUEST + 0x26), FILL_BYTE);
}

static void partition_name_fits_a_capacity_of_length_plus_one(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RAM_GUEST, 6, 0);
	assert_int_equal(status(r), SK_OK);
	assert_memory_equal(guest_at(RAM_GUEST), "alpha", 6);
}

static void partition_name_of_maximum_length_is_terminated(void **state)
{
	static const char longest[] = "abcdefghijklmno";
	uint64_t r[4];

	(void)state;
	_Static_assert(sizeof(longest) == SK_PARTITION_NAME_MAX, "max name");
	strcpy(alpha_cfg.name, longest);
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RAM_GUEST, SK_PARTITION_NAME_MAX, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], SK_PARTITION_NAME_MAX - 1u);
	assert_memory_equal(guest_at(RAM_GUEST), longest, sizeof(longest));
}

/* Defence in depth: a configured name without its NUL (package_open
 * refuses those) still reaches the guest cut to the maximum, terminated. */
static void partition_name_without_terminator_is_cut_to_the_maximum(void **state)
{
	uint64_t r[4];

	(void)state;
	memset(alpha_cfg.name, 'n', sizeof(alpha_cfg.name));
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RAM_GUEST, 64, 0);
	assert_int_equal(status(r), SK_OK);
	assert_int_equal(r[1], SK_PARTITION_NAME_MAX - 1u);
	assert_int_equal(*guest_at(RAM_GUEST + SK_PARTITION_NAME_MAX - 1u), '\0');
	assert_int_equal(*guest_at(RAM_GUEST + SK_PARTITION_NAME_MAX), FILL_BYTE);
}

static void partition_name_too_small_capacity_is_invalid(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RAM_GUEST, 5, 0);
	assert_int_equal(status(r), SK_E_INVALID_PARAMETER);
	assert_ram_unchanged();
}

static void partition_name_to_a_bad_address_writes_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, UNMAPPED_GUEST, 16, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_ram_unchanged();
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

/* The name would fit only partly before the region end: none is written. */
static void partition_name_running_off_the_region_writes_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RAM_GUEST + RAM_SIZE - 3u, 16, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_ram_unchanged();
}

static void partition_name_to_read_only_memory_is_a_bad_address(void **state)
{
	uint64_t r[4];

	(void)state;
	call(alpha_vcpu, r, SK_HC_PARTITION_NAME, RO_GUEST, 16, 0);
	assert_int_equal(status(r), SK_E_BAD_ADDRESS);
	assert_int_equal(ro.mem[0], FILL_BYTE);
}

/* ---- Random calls ---- */

/* xorshift64*: small, fixed sequence for a fixed seed. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static bool id_is_known(uint32_t id)
{
	for (size_t i = 0; i < sizeof(known_ids) / sizeof(known_ids[0]); i++) {
		if (known_ids[i] == id)
			return true;
	}
	return false;
}

static unsigned long fuzz_calls(void)
{
	const char *env = getenv("SK_FUZZ_CALLS");

	return env != NULL ? strtoul(env, NULL, 0) : FUZZ_DEFAULT_CALLS;
}

/* x0: half the time one of our ids (random upper half), else anything. */
static uint64_t fuzz_x0(uint64_t *s)
{
	uint64_t r = rng_next(s);

	if ((r & 1u) == 0)
		return r;
	return (r & 0xffffffff00000000ull) |
	       known_ids[(r >> 1) % (sizeof(known_ids) / sizeof(known_ids[0]))];
}

/* Addresses around the regions' edges are where mistakes show. */
static uint64_t fuzz_address(uint64_t *s)
{
	uint64_t r = rng_next(s);

	switch (r % 4u) {
	case 0:
		return RAM_GUEST + (r >> 8) % (RAM_SIZE + 0x100u) - 0x80u;
	case 1:
		return RO_GUEST + (r >> 8) % (RO_SIZE + 0x100u) - 0x80u;
	case 2:
		return UINT64_MAX - (r >> 8) % 0x100u;
	default:
		return r;
	}
}

static uint64_t fuzz_length(uint64_t *s)
{
	uint64_t r = rng_next(s);

	switch (r % 3u) {
	case 0:
		return (r >> 8) % (RAM_SIZE + 0x100u);
	case 1:
		return (r >> 8) % 80u;
	default:
		return r;
	}
}

static void fuzz_feed_input(uint64_t *s)
{
	uint64_t r = rng_next(s);
	char chunk[FUZZ_INPUT_CHUNK];

	if (fake_uart_input_pending() == 0)
		fake_uart_reset();
	for (size_t i = 0; i < sizeof(chunk); i++)
		chunk[i] = (char)(r >> (8 * i));
	if (r % 4u == 0)
		fake_uart_push_input(chunk, sizeof(chunk));
}

/* Every byte a guest can reach the UART with sits in a whole line, after
 * its own label, with no control character but tab. */
static void assert_output_is_labelled_lines(const char *out, size_t len)
{
	static const char label[] = "[alpha] ";
	size_t i = 0;

	while (i < len) {
		assert_true(len - i >= sizeof(label) - 1u + 2u);
		assert_memory_equal(out + i, label, sizeof(label) - 1u);
		i += sizeof(label) - 1u;
		for (; out[i] != '\r'; i++) {
			unsigned char c = (unsigned char)out[i];

			assert_true(i < len);
			assert_true((c >= ' ' && c != 0x7f) || c == '\t');
		}
		assert_int_equal(out[i + 1], '\n');
		i += 2;
	}
}

static void fuzz_one(uint64_t *s)
{
	struct vcpu *v = rng_next(s) % 4u == 0 ? mute_vcpu : alpha_vcpu;
	uint64_t r[4];
	uint64_t in[4];
	size_t pending;

	fuzz_feed_input(s);
	fake_partition_set_focus(rng_next(s) % 2u == 0 ? &alpha : &mute);
	fake_uart_clear_output();
	fake_cache_reset();
	in[0] = fuzz_x0(s);
	in[1] = fuzz_address(s);
	in[2] = fuzz_length(s);
	in[3] = rng_next(s);
	pending = fake_uart_input_pending();
	call(v, r, in[0], in[1], in[2], in[3]);
	if (!id_is_known((uint32_t)in[0])) {
		if (status(r) != SK_E_NOT_SUPPORTED)
			fail_msg("unknown id 0x%llx answered %lld",
				 (unsigned long long)in[0], (long long)status(r));
		assert_memory_equal(&r[1], &in[1], 3 * sizeof(r[0]));
		assert_int_equal(fake_uart_output_len(), 0);
		assert_int_equal(fake_uart_input_pending(), pending);
		assert_int_equal(fake_cache_dcache_calls(), 0);
	} else if ((uint32_t)in[0] != SK_HC_CALL_UID) {
		int64_t st = status(r);

		assert_true(st == SK_OK || st == SK_E_INVALID_PARAMETER ||
			    st == SK_E_DENIED || st == SK_E_BAD_ADDRESS);
	}
	assert_output_is_labelled_lines(fake_uart_output(),
					fake_uart_output_len());
}

static void random_calls_never_misbehave(void **state)
{
	unsigned long calls = fuzz_calls();
	uint64_t seed = FUZZ_SEED;

	(void)state;
	/* Random guest memory: text with newlines and control bytes. */
	for (size_t i = 0; i < RAM_SIZE; i++) {
		ram.mem[i] = (uint8_t)rng_next(&seed);
		ro.mem[i] = (uint8_t)rng_next(&seed);
	}
	for (unsigned long i = 0; i < calls; i++)
		fuzz_one(&seed);
	assert_guards_intact(&ram);
	assert_guards_intact(&ro);
}

#define HC_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		HC_TEST(abi_version_is_1_0),
		HC_TEST(call_uid_returns_the_shikiri_uid),
		HC_TEST(unknown_ids_are_not_supported_and_change_nothing),
		HC_TEST(every_other_id_in_our_range_is_not_supported),
		HC_TEST(ids_of_other_services_are_not_supported),
		HC_TEST(test_hook_id_is_not_supported_without_test_hooks),
		HC_TEST(upper_half_of_x0_is_ignored),
		HC_TEST(upper_half_of_x0_cannot_make_an_id_known),
		HC_TEST(console_write_prints_the_buffer_labelled),
		HC_TEST(console_write_keeps_a_partial_line_for_the_next_call),
		HC_TEST(console_write_from_a_read_only_region_works),
		HC_TEST(console_write_of_zero_bytes_prints_nothing),
		HC_TEST(console_write_is_capped_at_the_maximum),
		HC_TEST(console_write_checks_only_the_capped_length),
		HC_TEST(console_write_outside_the_partition_is_a_bad_address),
		HC_TEST(console_write_running_off_the_region_prints_nothing),
		HC_TEST(console_write_wrapping_around_is_a_bad_address),
		HC_TEST(console_write_without_a_console_is_denied),
		HC_TEST(console_read_gives_input_to_the_focused_partition),
		HC_TEST(console_read_without_focus_returns_nothing),
		HC_TEST(console_read_stops_at_the_capacity),
		HC_TEST(console_read_hands_out_at_most_64_per_call),
		HC_TEST(console_read_into_read_only_memory_is_a_bad_address),
		HC_TEST(console_read_outside_the_partition_is_a_bad_address),
		HC_TEST(partition_id_returns_id_vcpu_and_count),
		HC_TEST(partition_name_copies_the_terminated_name),
		HC_TEST(partition_name_fits_a_capacity_of_length_plus_one),
		HC_TEST(partition_name_of_maximum_length_is_terminated),
		HC_TEST(partition_name_without_terminator_is_cut_to_the_maximum),
		HC_TEST(partition_name_too_small_capacity_is_invalid),
		HC_TEST(partition_name_to_a_bad_address_writes_nothing),
		HC_TEST(partition_name_running_off_the_region_writes_nothing),
		HC_TEST(partition_name_to_read_only_memory_is_a_bad_address),
		HC_TEST(random_calls_never_misbehave),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
