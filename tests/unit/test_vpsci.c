/* SPDX-License-Identifier: MIT */
/*
 * Virtual PSCI and the SMCCC architecture calls (hypervisor/core/vpsci.c),
 * linked with the real guest-memory checks and fault policy (core/lifecycle_fail.c,
 * which SYSTEM_OFF goes through) over fake vCPU lifecycle functions and a
 * fake UART. Every call is made through vpsci_table, the table the
 * dispatcher searches, so a call missing from it fails here.
 *
 * The function ids, return codes and AFFINITY_INFO answers come from
 * spec/psci.h, written from Arm DEN0022 (PSCI 1.0) and DEN0028 (SMCCC 1.1),
 * the one definition the implementation and its tests share.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/hypercall.h"
#include "core/partition.h"
#include "lib/array.h"
#include "stubs/fake_cache.h"
#include "core/console.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vcpu.h"
#include "spec/psci.h"

/* MPIDR affinity fields (Arm ARM D19.2.86 MPIDR_EL1). */
#define MPIDR_AFF1(x) ((uint64_t)(x) << 8)
#define MPIDR_AFF2(x) ((uint64_t)(x) << 16)
#define MPIDR_AFF3(x) ((uint64_t)(x) << 32)

/* Guest-physical layout of the partition under test. */
#define CODE_GUEST   0x40000000ull /* read, write, execute */
#define DATA_GUEST   0x48000000ull /* read, write */
#define RODATA_GUEST 0x50000000ull /* read only */
#define UNMAPPED_GUEST 0x30000000ull
#define REGION_SIZE  0x1000u
#define INSN_SIZE    4u

#define ALPHA_VCPUS 3u
#define BETA_VCPUS  4u
#define CONTEXT_ID  0x0123456789abcdefull


static uint8_t code_mem[REGION_SIZE];
static uint8_t data_mem[REGION_SIZE];
static uint8_t rodata_mem[REGION_SIZE];

static struct sk_cfg_partition alpha_cfg;
static struct sk_cfg_partition beta_cfg;
static struct partition alpha;
static struct partition beta;
/* The caller: alpha's vCPU 1, so "self" and "vCPU 0" differ. */
static struct vcpu *caller;

static const uint32_t implemented[] = {
	PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF,
	PSCI_CPU_ON_32, PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32,
	PSCI_AFFINITY_INFO_64, PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF,
	PSCI_SYSTEM_RESET, PSCI_FEATURES, SMCCC_VERSION, SMCCC_ARCH_FEATURES,
};

/* Ids a caller may ask about that are not provided. */
static const uint32_t not_implemented[] = {
	SMCCC_ARCH_WORKAROUND_1,
	SMCCC_ARCH_WORKAROUND_2,
	SMCCC_ARCH_WORKAROUND_3,
	SMCCC_ARCH_SOC_ID,
	PSCI_MIGRATE,
	PSCI_MIGRATE_INFO_UP_CPU,
	PSCI_CPU_FREEZE,
	PSCI_CPU_DEFAULT_SUSPEND_32,
	PSCI_SYSTEM_SUSPEND_32,
	PSCI_SYSTEM_RESET2,
	0xc4000000u, /* PSCI_VERSION has no SMC64 id */
	0xc6000000u, /* a vendor hypervisor call, not PSCI */
	0x00000000u,
	0xffffffffu,
};

static void set_region(struct sk_cfg_region *r, uint8_t *mem, uint64_t guest,
		       uint32_t access)
{
	r->phys = (uint64_t)(uintptr_t)mem;
	r->guest = guest;
	r->size = REGION_SIZE;
	r->access = access;
}

static void partition_init(struct partition *p, struct sk_cfg_partition *c,
			   uint32_t id, uint32_t vcpus)
{
	memset(c, 0, sizeof(*c));
	c->region_count = 3;
	set_region(&c->regions[0], code_mem, CODE_GUEST,
		   SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC);
	set_region(&c->regions[1], data_mem, DATA_GUEST,
		   SK_ACCESS_READ | SK_ACCESS_WRITE);
	set_region(&c->regions[2], rodata_mem, RODATA_GUEST, SK_ACCESS_READ);
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->cfg = c;
	p->vcpu_count = vcpus;
	for (uint32_t i = 0; i < vcpus; i++) {
		p->vcpus[i].partition = p;
		p->vcpus[i].index = vcpu_index_of(i);
		p->vcpus[i].state = VCPU_OFF;
	}
}

static int setup(void **state)
{
	(void)state;
	partition_init(&alpha, &alpha_cfg, 1, ALPHA_VCPUS);
	partition_init(&beta, &beta_cfg, 2, BETA_VCPUS);
	caller = &alpha.vcpus[1];
	caller->state = VCPU_ON;
	fake_vcpu_reset();
	fake_cache_reset();
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	return 0;
}

/* Makes the call through vpsci_table; a missing id fails the test. */
static int64_t psci(struct vcpu *v, uint64_t r[4], uint32_t id, uint64_t x1,
		    uint64_t x2, uint64_t x3)
{
	r[0] = id;
	r[1] = x1;
	r[2] = x2;
	r[3] = x3;
	for (size_t i = 0; i < vpsci_table_len; i++) {
		if (vpsci_table[i].id == id) {
			vpsci_table[i].handler(v, r);
			return (int64_t)r[0];
		}
	}
	fail_msg("0x%08x is not in vpsci_table", id);
	return 0;
}

static const struct fake_vcpu_call *only_call(enum fake_vcpu_call_kind kind)
{
	const struct fake_vcpu_call *c;

	assert_int_equal(fake_vcpu_calls(), 1);
	c = fake_vcpu_call(0);
	assert_non_null(c);
	assert_int_equal(c->kind, kind);
	return c;
}

/* ---- versions and features ---- */

static void psci_version_is_1_0(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_VERSION, 0, 0, 0), PSCI_VERSION_1_0);
}

static void smccc_version_is_1_1(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(psci(caller, r, SMCCC_VERSION, 0, 0, 0), SMCCC_VERSION_1_1);
}

static void table_holds_exactly_the_implemented_calls(void **state)
{
	(void)state;
	assert_int_equal(vpsci_table_len, ARRAY_SIZE(implemented));
	for (size_t i = 0; i < vpsci_table_len; i++) {
		bool listed = false;

		assert_non_null(vpsci_table[i].handler);
		for (size_t j = 0; j < ARRAY_SIZE(implemented); j++)
			listed = listed || implemented[j] == vpsci_table[i].id;
		if (!listed)
			fail_msg("unexpected id 0x%08x", vpsci_table[i].id);
	}
}

static void features_report_every_implemented_call(void **state)
{
	static const uint32_t queries[] = { PSCI_FEATURES, SMCCC_ARCH_FEATURES };

	(void)state;
	for (size_t q = 0; q < ARRAY_SIZE(queries); q++) {
		for (size_t i = 0; i < ARRAY_SIZE(implemented); i++) {
			uint64_t r[4];

			if (psci(caller, r, queries[q], implemented[i], 0, 0) !=
			    PSCI_RET_SUCCESS)
				fail_msg("0x%08x(0x%08x) = %lld", queries[q],
					 implemented[i], (long long)r[0]);
		}
	}
}

/* SMCCC_ARCH_WORKAROUND_1 included: the firmware is never called on a
 * guest's behalf, so no erratum workaround is offered (on a CPU that
 * needs them: fake_cpu_speculation_safe is false). */
static void features_refuse_every_other_id(void **state)
{
	static const uint32_t queries[] = { PSCI_FEATURES, SMCCC_ARCH_FEATURES };

	(void)state;
	for (size_t q = 0; q < ARRAY_SIZE(queries); q++) {
		for (size_t i = 0; i < ARRAY_SIZE(not_implemented); i++) {
			uint64_t r[4];

			if (psci(caller, r, queries[q], not_implemented[i], 0, 0) !=
			    PSCI_RET_NOT_SUPPORTED)
				fail_msg("0x%08x(0x%08x) = %lld", queries[q],
					 not_implemented[i], (long long)r[0]);
		}
	}
	assert_int_equal(fake_vcpu_calls(), 0);
}

extern bool fake_cpu_speculation_safe;

/* A Cortex-A53 needs no Spectre workaround: SMCCC_ARCH_FEATURES says "not
 * required" (1) for all three, PSCI_FEATURES still knows none of them. */
static void workarounds_are_not_required_on_an_unaffected_cpu(void **state)
{
	static const uint32_t workarounds[] = { 0x80008000u, 0x80007fffu,
						0x80003fffu };

	(void)state;
	fake_cpu_speculation_safe = true;
	for (size_t i = 0; i < ARRAY_SIZE(workarounds); i++) {
		uint64_t r[4];

		assert_int_equal(psci(caller, r, SMCCC_ARCH_FEATURES,
				      workarounds[i], 0, 0), 1);
		assert_int_equal(psci(caller, r, PSCI_FEATURES, workarounds[i],
				      0, 0), PSCI_RET_NOT_SUPPORTED);
	}
	fake_cpu_speculation_safe = false;
}

static void migrate_info_type_says_no_trusted_os(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
}

/* Standby: returning at once is a valid suspend; nothing stops. */
static void cpu_suspend_returns_success_at_once(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_CPU_SUSPEND_32, 0, 0, 0), 0);
	assert_int_equal(psci(caller, r, PSCI_CPU_SUSPEND_64, 0, CODE_GUEST,
			      CONTEXT_ID), 0);
	assert_int_equal(fake_vcpu_calls(), 0);
}

/* ---- CPU_ON ---- */

static void cpu_on_64_starts_the_named_vcpu(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_64, 2, CODE_GUEST + 0x100,
			      CONTEXT_ID), PSCI_RET_SUCCESS);
	c = only_call(FAKE_VCPU_REQUEST_START);
	assert_ptr_equal(c->vcpu, &alpha.vcpus[2]);
	assert_int_equal(c->pc, CODE_GUEST + 0x100);
	assert_int_equal(c->ctx, CONTEXT_ID);
}

static void cpu_on_32_starts_the_named_vcpu(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_32, 0, CODE_GUEST, 0x55),
			 PSCI_RET_SUCCESS);
	c = only_call(FAKE_VCPU_REQUEST_START);
	assert_ptr_equal(c->vcpu, &alpha.vcpus[0]);
	assert_int_equal(c->pc, CODE_GUEST);
	assert_int_equal(c->ctx, 0x55);
}

/* SMC32/HVC32 calls pass their arguments in W1-W3; the upper halves of
 * X1-X3 are not part of the call (SMCCC, DEN0028) and are ignored, as by
 * TF-A and KVM: the target, entry point and context id are 32 bits. */
static void cpu_on_32_ignores_the_upper_halves_of_its_arguments(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_32, 0xdeadbeef00000002ull,
			      0xffffffff00000000ull | CODE_GUEST,
			      0x1234567800000055ull), PSCI_RET_SUCCESS);
	c = only_call(FAKE_VCPU_REQUEST_START);
	assert_ptr_equal(c->vcpu, &alpha.vcpus[2]);
	assert_int_equal(c->pc, CODE_GUEST);
	assert_int_equal(c->ctx, 0x55);
}

static void affinity_info_32_ignores_the_upper_halves_of_its_arguments(void **state)
{
	uint64_t r[4];

	(void)state;
	alpha.vcpus[2].state = VCPU_OFF;
	assert_int_equal(psci(caller, r, PSCI_AFFINITY_INFO_32,
			      0x0000000100000001ull, 0xffffffff00000000ull, 0),
			 PSCI_AFF_ON);
	assert_int_equal(psci(caller, r, PSCI_AFFINITY_INFO_32,
			      0xff00000000000002ull, 0, 0), PSCI_AFF_OFF);
	/* The SMC64 calls take all 64 bits: Aff3 names no vCPU. */
	assert_int_equal(psci(caller, r, PSCI_AFFINITY_INFO_64,
			      0x0000000100000001ull, 0, 0),
			 PSCI_RET_INVALID_PARAMS);
}

/* The last instruction slot of an executable region is a valid entry. */
static void cpu_on_accepts_the_last_word_of_executable_memory(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_64, 0,
			      CODE_GUEST + REGION_SIZE - INSN_SIZE, 0),
			 PSCI_RET_SUCCESS);
	assert_int_equal(only_call(FAKE_VCPU_REQUEST_START)->pc,
			 CODE_GUEST + REGION_SIZE - INSN_SIZE);
}

/* MPIDRs that name no vCPU of the caller's partition. Beta has a vCPU 3,
 * alpha has not: a partition's MPIDR space is its own, so no value can
 * reach another partition's vCPUs. */
static const uint64_t bad_targets[] = {
	ALPHA_VCPUS,             /* one past the last vCPU */
	BETA_VCPUS - 1u,         /* exists in beta only */
	SK_MAX_CPUS,
	0xff,                    /* largest Aff0 */
	MPIDR_AFF1(1),           /* 0.0.1.0 */
	MPIDR_AFF1(1) | 1u,      /* 0.0.1.1 */
	MPIDR_AFF2(1),
	MPIDR_AFF3(1),
	MPIDR_AFF3(0xff) | MPIDR_AFF2(0xff) | MPIDR_AFF1(0xff) | 0xffu,
};

static void cpu_on_of_a_vcpu_not_in_the_partition_is_invalid(void **state)
{
	static const uint32_t ids[] = { PSCI_CPU_ON_32, PSCI_CPU_ON_64 };

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(ids); k++) {
		for (size_t i = 0; i < ARRAY_SIZE(bad_targets); i++) {
			uint64_t r[4];

			/* CPU_ON_32 sees only W1: Aff3 is not part of its
			 * MPIDR (cpu_on_32_ignores_the_upper_halves...). */
			if (ids[k] == PSCI_CPU_ON_32 &&
			    (uint32_t)bad_targets[i] < ALPHA_VCPUS)
				continue;
			if (psci(caller, r, ids[k], bad_targets[i], CODE_GUEST, 0) !=
			    PSCI_RET_INVALID_PARAMS)
				fail_msg("0x%08x target 0x%llx = %lld", ids[k],
					 (unsigned long long)bad_targets[i],
					 (long long)r[0]);
		}
	}
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void cpu_on_outside_executable_memory_is_an_invalid_address(void **state)
{
	static const uint64_t entries[] = {
		DATA_GUEST,          /* writable, not executable */
		RODATA_GUEST,        /* read only */
		UNMAPPED_GUEST,
		CODE_GUEST - INSN_SIZE,
		CODE_GUEST + REGION_SIZE,
		CODE_GUEST + REGION_SIZE - 2u, /* instruction runs off the end */
		UINT64_MAX - 1u,     /* wraps around */
		0,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(entries); i++) {
		uint64_t r[4];

		if (psci(caller, r, PSCI_CPU_ON_64, 0, entries[i], 0) !=
		    PSCI_RET_INVALID_ADDRESS)
			fail_msg("entry 0x%llx = %lld",
				 (unsigned long long)entries[i], (long long)r[0]);
	}
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void cpu_on_of_a_running_vcpu_is_already_on(void **state)
{
	uint64_t r[4];

	(void)state;
	alpha.vcpus[0].state = VCPU_ON;
	fake_vcpu_set_start_result(false);
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_64, 0, CODE_GUEST, 0),
			 PSCI_RET_ALREADY_ON);
	/* The caller itself is on, too. */
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_64, 1, CODE_GUEST, 0),
			 PSCI_RET_ALREADY_ON);
}

static void cpu_on_of_a_starting_vcpu_is_on_pending(void **state)
{
	uint64_t r[4];

	(void)state;
	alpha.vcpus[2].state = VCPU_ON_PENDING;
	fake_vcpu_set_start_result(false);
	assert_int_equal(psci(caller, r, PSCI_CPU_ON_32, 2, CODE_GUEST, 0),
			 PSCI_RET_ON_PENDING);
}

/* ---- AFFINITY_INFO ---- */

static void affinity_info_reports_each_vcpu_state(void **state)
{
	static const uint32_t ids[] = {
		PSCI_AFFINITY_INFO_32, PSCI_AFFINITY_INFO_64,
	};

	(void)state;
	alpha.vcpus[0].state = VCPU_ON_PENDING;
	alpha.vcpus[2].state = VCPU_OFF;
	for (size_t k = 0; k < ARRAY_SIZE(ids); k++) {
		uint64_t r[4];

		assert_int_equal(psci(caller, r, ids[k], 0, 0, 0),
				 PSCI_AFF_ON_PENDING);
		assert_int_equal(psci(caller, r, ids[k], 1, 0, 0), PSCI_AFF_ON);
		assert_int_equal(psci(caller, r, ids[k], 2, 0, 0), PSCI_AFF_OFF);
	}
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void affinity_info_of_a_vcpu_not_in_the_partition_is_invalid(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_targets); i++) {
		uint64_t r[4];

		assert_int_equal(psci(caller, r, PSCI_AFFINITY_INFO_64,
				      bad_targets[i], 0, 0),
				 PSCI_RET_INVALID_PARAMS);
	}
}

static void affinity_info_above_level_0_is_invalid(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(psci(caller, r, PSCI_AFFINITY_INFO_64, 1, 1, 0),
			 PSCI_RET_INVALID_PARAMS);
	assert_int_equal(psci(caller, r, PSCI_AFFINITY_INFO_32, 0, 3, 0),
			 PSCI_RET_INVALID_PARAMS);
}

/* ---- CPU_OFF, SYSTEM_OFF, SYSTEM_RESET ---- */

static void cpu_off_turns_the_caller_off(void **state)
{
	(void)state;
	if (setjmp(fake_vcpu_off_escape) == 0) {
		uint64_t r[4];

		fake_vcpu_arm_off_escape();
		(void)psci(caller, r, PSCI_CPU_OFF, 0, 0, 0);
		fail_msg("CPU_OFF returned to the caller");
	}
	assert_ptr_equal(only_call(FAKE_VCPU_OFF_SELF)->vcpu, caller);
}

/* SYSTEM_OFF ends the caller's partition as its fault policy says. */
static void system_off_with_stop_policy_stops_the_callers_partition(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	beta_cfg.fault_policy = SK_FAULT_STOP;
	(void)psci(&beta.vcpus[3], r, PSCI_SYSTEM_OFF, 0, 0, 0);
	c = only_call(FAKE_PARTITION_STOP);
	assert_ptr_equal(c->partition, &beta);
	assert_ptr_equal(c->vcpu, &beta.vcpus[3]);
	assert_non_null(c->why);
	assert_non_null(strstr(c->why, "SYSTEM_OFF"));
}

static void system_off_with_restart_policy_restarts_the_callers_partition(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	beta_cfg.fault_policy = SK_FAULT_RESTART;
	(void)psci(&beta.vcpus[3], r, PSCI_SYSTEM_OFF, 0, 0, 0);
	c = only_call(FAKE_PARTITION_RESTART);
	assert_ptr_equal(c->partition, &beta);
	assert_ptr_equal(c->vcpu, &beta.vcpus[3]);
	assert_non_null(strstr(c->why, "SYSTEM_OFF"));
}

/* halt-system: the whole machine, after one line saying which partition
 * and why; nothing of the partition's own is stopped first. */
static void system_off_with_halt_system_policy_halts_the_system(void **state)
{
	(void)state;
	beta_cfg.fault_policy = SK_FAULT_HALT_SYSTEM;
	snprintf(beta_cfg.name, sizeof(beta_cfg.name), "beta");
	if (setjmp(fake_vcpu_off_escape) == 0) {
		uint64_t r[4];

		fake_vcpu_arm_off_escape();
		(void)psci(&beta.vcpus[3], r, PSCI_SYSTEM_OFF, 0, 0, 0);
		fail_msg("SYSTEM_OFF returned under halt-system");
	}
	assert_non_null(strstr(only_call(FAKE_SYSTEM_HALT)->why, "SYSTEM_OFF"));
	assert_string_equal(fake_uart_output(),
		"[shikiri] partition 'beta': guest called PSCI SYSTEM_OFF; its fault policy halts the system\r\n");
}

/* SYSTEM_RESET is the guest asking for a restart: it restarts whatever
 * the fault policy. */
static void system_reset_restarts_whatever_the_fault_policy(void **state)
{
	static const uint32_t policies[] = {
		SK_FAULT_STOP, SK_FAULT_RESTART, SK_FAULT_HALT_SYSTEM,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(policies); i++) {
		uint64_t r[4];

		fake_vcpu_reset();
		alpha_cfg.fault_policy = policies[i];
		(void)psci(caller, r, PSCI_SYSTEM_RESET, 0, 0, 0);
		assert_ptr_equal(only_call(FAKE_PARTITION_RESTART)->partition,
				 &alpha);
	}
}

static void system_reset_restarts_the_callers_partition(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	(void)psci(caller, r, PSCI_SYSTEM_RESET, 0, 0, 0);
	c = only_call(FAKE_PARTITION_RESTART);
	assert_ptr_equal(c->partition, &alpha);
	assert_ptr_equal(c->vcpu, caller);
	assert_non_null(c->why);
}

#define PSCI_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		PSCI_TEST(psci_version_is_1_0),
		PSCI_TEST(smccc_version_is_1_1),
		PSCI_TEST(table_holds_exactly_the_implemented_calls),
		PSCI_TEST(features_report_every_implemented_call),
		PSCI_TEST(features_refuse_every_other_id),
		PSCI_TEST(workarounds_are_not_required_on_an_unaffected_cpu),
		PSCI_TEST(migrate_info_type_says_no_trusted_os),
		PSCI_TEST(cpu_suspend_returns_success_at_once),
		PSCI_TEST(cpu_on_64_starts_the_named_vcpu),
		PSCI_TEST(cpu_on_32_starts_the_named_vcpu),
		PSCI_TEST(cpu_on_32_ignores_the_upper_halves_of_its_arguments),
		PSCI_TEST(affinity_info_32_ignores_the_upper_halves_of_its_arguments),
		PSCI_TEST(cpu_on_accepts_the_last_word_of_executable_memory),
		PSCI_TEST(cpu_on_of_a_vcpu_not_in_the_partition_is_invalid),
		PSCI_TEST(cpu_on_outside_executable_memory_is_an_invalid_address),
		PSCI_TEST(cpu_on_of_a_running_vcpu_is_already_on),
		PSCI_TEST(cpu_on_of_a_starting_vcpu_is_on_pending),
		PSCI_TEST(affinity_info_reports_each_vcpu_state),
		PSCI_TEST(affinity_info_of_a_vcpu_not_in_the_partition_is_invalid),
		PSCI_TEST(affinity_info_above_level_0_is_invalid),
		PSCI_TEST(cpu_off_turns_the_caller_off),
		PSCI_TEST(system_off_with_stop_policy_stops_the_callers_partition),
		PSCI_TEST(system_off_with_restart_policy_restarts_the_callers_partition),
		PSCI_TEST(system_off_with_halt_system_policy_halts_the_system),
		PSCI_TEST(system_reset_restarts_whatever_the_fault_policy),
		PSCI_TEST(system_reset_restarts_the_callers_partition),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
