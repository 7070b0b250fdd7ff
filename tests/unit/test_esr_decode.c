/* SPDX-License-Identifier: MIT */
/*
 * The ESR_EL2 decoder (hypervisor/arch/arm64/esr_decode.c) that trap.c acts
 * on. Syndromes are built here from the field positions of Arm ARM DDI
 * 0487 D19.2.40 (ESR_EL2), written out so the test does not share the
 * implementation's constants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "arch/arm64/esr_decode.h"
#include "lib/array.h"

#define EC(ec)    ((uint64_t)(ec) << 26)
#define IL        (1ull << 25)
/* Data abort ISS */
#define ISV       (1ull << 24)
#define SAS(s)    ((uint64_t)(s) << 22)
#define SSE       (1ull << 21)
#define SRT(r)    ((uint64_t)(r) << 16)
#define SF        (1ull << 15)
#define WNR       (1ull << 6)
#define DFSC_TRANSLATION_L3 0x07ull
/* MSR/MRS/SYS ISS */
#define SYS(op0, op1, crn, crm, op2) \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | \
	 ((uint64_t)(op1) << 14) | ((uint64_t)(crn) << 10) | ((uint64_t)(crm) << 1))
#define RT(r)     ((uint64_t)(r) << 5)
#define READ      1ull

#define EC_UNKNOWN 0x00u
#define EC_WFX     0x01u
#define EC_FP      0x07u
#define EC_SVC64   0x15u
#define EC_HVC64   0x16u
#define EC_SMC64   0x17u
#define EC_SYSREG  0x18u
#define EC_IABT_LOW 0x20u
#define EC_DABT_LOW 0x24u
#define EC_DABT_CUR 0x25u
#define EC_SERROR  0x2fu
#define EC_BRK64   0x3cu

#define DABT(iss) (EC(EC_DABT_LOW) | IL | (iss) | DFSC_TRANSLATION_L3)
#define MSR(enc, rt) (EC(EC_SYSREG) | IL | (enc) | RT(rt))
#define MRS(enc, rt) (MSR(enc, rt) | READ)

/* ---- which exit ---- */

static void exits_are_told_apart_by_their_class(void **state)
{
	(void)state;
	assert_int_equal(esr_exit_kind(EC(EC_HVC64) | IL), ESR_EXIT_HVC);
	assert_int_equal(esr_exit_kind(EC(EC_SMC64) | IL), ESR_EXIT_SMC);
	assert_int_equal(esr_exit_kind(EC(EC_DABT_LOW) | IL), ESR_EXIT_DATA_ABORT);
	assert_int_equal(esr_exit_kind(EC(EC_IABT_LOW) | IL), ESR_EXIT_INSN_ABORT);
	assert_int_equal(esr_exit_kind(EC(EC_WFX) | IL), ESR_EXIT_WFX);
	assert_int_equal(esr_exit_kind(EC(EC_SYSREG) | IL), ESR_EXIT_SYSREG);
	assert_true(esr_exit_handled(ESR_EXIT_HVC));
	assert_true(esr_exit_handled(ESR_EXIT_DATA_ABORT));
	assert_true(esr_exit_handled(ESR_EXIT_SYSREG));
}

static void any_other_class_is_undefined_for_the_guest(void **state)
{
	static const uint32_t others[] = {
		EC_UNKNOWN, EC_FP, EC_SVC64, EC_DABT_CUR, EC_SERROR, EC_BRK64, 0x3fu,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(others); i++)
		assert_false(esr_exit_handled(esr_exit_kind(EC(others[i]) | IL |
							     0x1ffffffull)));
	assert_int_equal(esr_exit_kind(EC(EC_UNKNOWN)), ESR_EXIT_UNDEFINED);
}

/* ---- data aborts ---- */

static void a_word_load_is_decoded(void **state)
{
	struct esr_dabt d;

	(void)state;
	/* LDR W3, [Xn] */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(2) | SRT(3)), &d));
	assert_int_equal(d.size, 4);
	assert_int_equal(d.reg, 3);
	assert_false(d.write);
	assert_false(d.sign_extend);
	assert_false(d.reg64);
}

static void a_byte_store_of_xzr_is_decoded(void **state)
{
	struct esr_dabt d;

	(void)state;
	/* STRB WZR, [Xn] */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(0) | SRT(31) | WNR), &d));
	assert_int_equal(d.size, 1);
	assert_int_equal(d.reg, ESR_REG_XZR);
	assert_true(d.write);
	assert_int_equal(esr_dabt_store_value(&d, 0x1234), 0x34);
}

static void every_access_size_is_decoded(void **state)
{
	struct esr_dabt d;

	(void)state;
	for (uint32_t sas = 0; sas < 4; sas++) {
		assert_true(esr_dabt_decode(DABT(ISV | SAS(sas) | SF), &d));
		assert_int_equal(d.size, 1u << sas);
	}
}

static void an_abort_without_syndrome_is_not_emulated(void **state)
{
	struct esr_dabt d;

	(void)state;
	/* ISV = 0: e.g. LDP, or a load with writeback. */
	assert_false(esr_dabt_decode(DABT(SAS(2) | SRT(3)), &d));
}

static void only_a_lower_el_data_abort_is_decoded(void **state)
{
	struct esr_dabt d;

	(void)state;
	assert_false(esr_dabt_decode(EC(EC_DABT_CUR) | IL | ISV | SAS(2), &d));
	assert_false(esr_dabt_decode(EC(EC_IABT_LOW) | IL | ISV | SAS(2), &d));
	assert_false(esr_dabt_decode(EC(EC_SYSREG) | IL | ISV | SAS(2), &d));
}

static void a_store_writes_only_the_accessed_bytes(void **state)
{
	struct esr_dabt d = { .size = 2, .reg = 1, .write = true };

	(void)state;
	assert_int_equal(esr_dabt_store_value(&d, 0x1122334455667788ull), 0x7788);
	d.size = 8;
	assert_int_equal(esr_dabt_store_value(&d, 0x1122334455667788ull),
			 0x1122334455667788ull);
}

static void a_signed_load_is_sign_extended_to_the_register(void **state)
{
	struct esr_dabt d;

	(void)state;
	/* LDRSB W0 */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(0) | SSE), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0x80), 0xffffff80ull);
	assert_int_equal(esr_dabt_load_value(&d, 0x7f), 0x7full);
	/* LDRSH X0 */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(1) | SSE | SF), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0x8000), 0xffffffffffff8000ull);
	/* LDRSW X0 */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(2) | SSE | SF), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0x80000000u),
			 0xffffffff80000000ull);
}

static void an_unsigned_load_is_zero_extended(void **state)
{
	struct esr_dabt d;

	(void)state;
	/* LDRH W0; LDR X0 */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(1)), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0x8000), 0x8000);
	assert_true(esr_dabt_decode(DABT(ISV | SAS(3) | SF), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0x8000000000000000ull),
			 0x8000000000000000ull);
}

/* Found by tests/fuzz/fuzz_esr.c: bits a device handler returned beyond
 * the access (struct mmio_access says it zero-extends, nothing enforced
 * it) reached the guest's register, sign extension included. */
static void a_load_gets_only_the_accessed_bytes_whatever_the_device_returns(void **state)
{
	struct esr_dabt d;

	(void)state;
	/* LDRB W0 */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(0)), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0xdeadbeefcafe0041ull), 0x41);
	/* LDRSH X0: the sign comes from bit 15, not from above it. */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(1) | SSE | SF), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0xffff00007fffull), 0x7fff);
	/* LDR W0 */
	assert_true(esr_dabt_decode(DABT(ISV | SAS(2) | SF), &d));
	assert_int_equal(esr_dabt_load_value(&d, 0x1122334455667788ull),
			 0x55667788ull);
}

static void a_data_abort_encodes_back_to_its_syndrome(void **state)
{
	uint64_t esr = DABT(ISV | SAS(1) | SSE | SRT(17) | SF | WNR) &
		       ~DFSC_TRANSLATION_L3;
	struct esr_dabt d;

	(void)state;
	assert_true(esr_dabt_decode(esr, &d));
	assert_int_equal(esr_dabt_encode(&d), esr);
}

/* ---- system instructions ---- */

static enum esr_sysreg_action action_of(uint64_t esr)
{
	struct esr_sysreg s;

	assert_true(esr_sysreg_decode(esr, &s));
	return s.action;
}

#define ICC_SGI1R_EL1  SYS(3, 0, 12, 11, 5)
#define ICC_ASGI1R_EL1 SYS(3, 0, 12, 11, 6)
#define ICC_SGI0R_EL1  SYS(3, 0, 12, 11, 7)
#define DC_ISW         SYS(1, 0, 7, 6, 2)
#define DC_CSW         SYS(1, 0, 7, 10, 2)
#define DC_CISW        SYS(1, 0, 7, 14, 2)
#define DC_CIVAC       SYS(1, 3, 7, 14, 1)
#define MDSCR_EL1      SYS(2, 0, 0, 2, 2)
#define TRCPRGCTLR     SYS(2, 1, 0, 1, 0)
#define PMCR_EL0       SYS(3, 3, 9, 12, 0)
#define PMINTENSET_EL1 SYS(3, 0, 9, 14, 1)
#define PMEVCNTR5_EL0  SYS(3, 3, 14, 8, 5)
#define ERXSTATUS_EL1  SYS(3, 0, 5, 4, 2)
#define LORC_EL1       SYS(3, 0, 10, 4, 3)
#define LORID_EL1      SYS(3, 0, 10, 4, 7)
#define SCTLR_EL1      SYS(3, 0, 1, 0, 0)

static void a_system_instruction_is_decoded_field_by_field(void **state)
{
	struct esr_sysreg s;

	(void)state;
	assert_true(esr_sysreg_decode(MRS(SYS(3, 5, 14, 9, 6), 29), &s));
	assert_int_equal(s.op0, 3);
	assert_int_equal(s.op1, 5);
	assert_int_equal(s.crn, 14);
	assert_int_equal(s.crm, 9);
	assert_int_equal(s.op2, 6);
	assert_int_equal(s.reg, 29);
	assert_true(s.read);
	assert_int_equal(esr_sysreg_encode(&s), MRS(SYS(3, 5, 14, 9, 6), 29));
	assert_false(esr_sysreg_decode(DABT(ISV), &s));
}

static void sgi_registers_are_emulated_for_writes_only(void **state)
{
	(void)state;
	assert_int_equal(action_of(MSR(ICC_SGI1R_EL1, 4)), ESR_SYSREG_SGI1R);
	assert_int_equal(action_of(MSR(ICC_ASGI1R_EL1, 4)), ESR_SYSREG_SGI_IGNORED);
	assert_int_equal(action_of(MSR(ICC_SGI0R_EL1, 4)), ESR_SYSREG_SGI_IGNORED);
	/* Write-only registers: reading them is UNDEFINED. */
	assert_int_equal(action_of(MRS(ICC_SGI1R_EL1, 4)), ESR_SYSREG_UNDEFINED);
	assert_int_equal(action_of(MRS(ICC_SGI0R_EL1, 4)), ESR_SYSREG_UNDEFINED);
}

static void set_way_maintenance_is_emulated(void **state)
{
	(void)state;
	assert_int_equal(action_of(MSR(DC_ISW, 0)), ESR_SYSREG_SET_WAY);
	assert_int_equal(action_of(MSR(DC_CSW, 0)), ESR_SYSREG_SET_WAY);
	assert_int_equal(action_of(MSR(DC_CISW, 0)), ESR_SYSREG_SET_WAY);
	/* By VA it does not trap; if it did, it would not be a set/way. */
	assert_int_equal(action_of(MSR(DC_CIVAC, 0)), ESR_SYSREG_UNDEFINED);
	assert_int_equal(action_of(MRS(DC_CISW, 0)), ESR_SYSREG_UNDEFINED);
}

static void debug_pmu_ras_and_lor_registers_are_raz_wi(void **state)
{
	static const uint64_t regs[] = {
		MDSCR_EL1, PMCR_EL0, PMINTENSET_EL1, PMEVCNTR5_EL0,
		ERXSTATUS_EL1, LORC_EL1,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(regs); i++) {
		assert_int_equal(action_of(MRS(regs[i], 1)), ESR_SYSREG_RAZ_WI);
		assert_int_equal(action_of(MSR(regs[i], 1)), ESR_SYSREG_RAZ_WI);
	}
}

static void lorid_el1_is_read_only(void **state)
{
	(void)state;
	assert_int_equal(action_of(MRS(LORID_EL1, 1)), ESR_SYSREG_RAZ_WI);
	assert_int_equal(action_of(MSR(LORID_EL1, 1)), ESR_SYSREG_UNDEFINED);
}

static void trace_and_other_registers_are_undefined(void **state)
{
	(void)state;
	assert_int_equal(action_of(MRS(TRCPRGCTLR, 1)), ESR_SYSREG_UNDEFINED);
	assert_int_equal(action_of(MSR(TRCPRGCTLR, 1)), ESR_SYSREG_UNDEFINED);
	assert_int_equal(action_of(MRS(SCTLR_EL1, 1)), ESR_SYSREG_UNDEFINED);
	assert_int_equal(action_of(MSR(SCTLR_EL1, 1)), ESR_SYSREG_UNDEFINED);
}

/* The light exit path's one-compare check (esr_dabt_is_read32) agrees
 * with esr_dabt_decode: exactly the 32-bit loads without sign extension,
 * whose loaded value is the 32 bits read, zero-extended. */
static void the_light_read32_check_agrees_with_the_decoder(void **state)
{
	static const uint32_t ecs[] = { EC_DABT_LOW, EC_DABT_CUR, EC_HVC64, EC_IABT_LOW };
	uint64_t seed = 77;

	(void)state;
	for (size_t e = 0; e < ARRAY_SIZE(ecs); e++) {
		for (uint32_t bits = 0; bits < 64u; bits++) {
			for (uint32_t srt = 0; srt < 32u; srt += 7u) {
				uint64_t esr = EC(ecs[e]) | IL | SAS(bits & 3u) | SRT(srt) |
					       ((bits & 4u) != 0 ? ISV : 0) |
					       ((bits & 8u) != 0 ? SSE : 0) |
					       ((bits & 16u) != 0 ? SF : 0) |
					       ((bits & 32u) != 0 ? WNR : 0) |
					       DFSC_TRANSLATION_L3;
				struct esr_dabt d;
				bool want = esr_dabt_decode(esr, &d) && d.size == 4u &&
					    !d.write && !d.sign_extend;

				assert_int_equal(esr_dabt_is_read32(esr), want);
				if (!want)
					continue;
				assert_int_equal(d.reg, srt);
				for (int n = 0; n < 8; n++) {
					seed = seed * 6364136223846793005ull + 1442695040888963407ull;
					assert_int_equal(esr_dabt_load_value(&d, seed),
							 (uint32_t)seed);
				}
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_light_read32_check_agrees_with_the_decoder),
		cmocka_unit_test(exits_are_told_apart_by_their_class),
		cmocka_unit_test(any_other_class_is_undefined_for_the_guest),
		cmocka_unit_test(a_word_load_is_decoded),
		cmocka_unit_test(a_byte_store_of_xzr_is_decoded),
		cmocka_unit_test(every_access_size_is_decoded),
		cmocka_unit_test(an_abort_without_syndrome_is_not_emulated),
		cmocka_unit_test(only_a_lower_el_data_abort_is_decoded),
		cmocka_unit_test(a_store_writes_only_the_accessed_bytes),
		cmocka_unit_test(a_signed_load_is_sign_extended_to_the_register),
		cmocka_unit_test(an_unsigned_load_is_zero_extended),
		cmocka_unit_test(a_load_gets_only_the_accessed_bytes_whatever_the_device_returns),
		cmocka_unit_test(a_data_abort_encodes_back_to_its_syndrome),
		cmocka_unit_test(a_system_instruction_is_decoded_field_by_field),
		cmocka_unit_test(sgi_registers_are_emulated_for_writes_only),
		cmocka_unit_test(set_way_maintenance_is_emulated),
		cmocka_unit_test(debug_pmu_ras_and_lor_registers_are_raz_wi),
		cmocka_unit_test(lorid_el1_is_read_only),
		cmocka_unit_test(trace_and_other_registers_are_undefined),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
