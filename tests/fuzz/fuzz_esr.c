/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the ESR_EL2 decoder that trap.c acts on for every guest exit
 * (hypervisor/arch/arm64/esr_decode.c).
 *
 * Input: 24 bytes per case, repeated: a syndrome (any 64-bit value), the
 * content of the register a store would write, the value a device
 * returns for a load.
 *
 * Invariants (field positions written out from Arm ARM DDI 0487 D19.2.40):
 * - the exit kind follows EC alone, and every EC but HVC64, SMC64, data
 *   and instruction aborts from a lower EL, WFx and MSR/MRS/SYS is
 *   UNDEFINED for the guest;
 * - a data abort is emulated only with EC = 0x24 and ISV = 1; its size is
 *   1, 2, 4 or 8, its register 0-31, and it encodes back to the same ISS
 *   fields and decodes again to the same access;
 * - a store writes only the accessed bytes; a load leaves in the register
 *   exactly the accessed bytes, sign- or zero-extended, within Wn for a
 *   32-bit register, whatever else the device handed back;
 * - a system instruction decodes only for EC = 0x18, every field in range,
 *   round trip as above; an emulated one is one of the registers
 *   trap.c emulates (set/way and SGI writes by their exact encodings, no
 *   SYS instruction and nothing outside the debug/PMU/RAS/LOR spaces as
 *   RAZ/WI), reads of write-only registers are UNDEFINED.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arch/arm64/esr_decode.h"
#include "fuzz_check.h"

#define EC_OF(esr)   ((uint32_t)((esr) >> 26) & 0x3fu)
#define ISV          (1ull << 24)
/* EC, ISV, SAS, SSE, SRT, SF, WnR: what esr_dabt_encode reproduces. */
#define DABT_FIELDS  ((0x3full << 26) | ISV | (3ull << 22) | (1ull << 21) | \
		      (0x1full << 16) | (1ull << 15) | (1ull << 6))
/* EC, Op0, Op2, Op1, CRn, Rt, CRm, direction. */
#define SYS_FIELDS   ((0x3full << 26) | 0x3ffffeull | 1ull)

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < 8u; i++)
		v |= (uint64_t)p[i] << (8u * i);
	return v;
}

static void check_kind(uint64_t esr)
{
	enum esr_exit want;

	switch (EC_OF(esr)) {
	case 0x16: want = ESR_EXIT_HVC; break;
	case 0x17: want = ESR_EXIT_SMC; break;
	case 0x24: want = ESR_EXIT_DATA_ABORT; break;
	case 0x20: want = ESR_EXIT_INSN_ABORT; break;
	case 0x01: want = ESR_EXIT_WFX; break;
	case 0x18: want = ESR_EXIT_SYSREG; break;
	default: want = ESR_EXIT_UNDEFINED; break;
	}
	/* Anything else falls into trap.c's default: UNDEFINED. */
	FUZZ_ASSERT(esr_exit_handled(esr_exit_kind(esr)) ==
		    (want != ESR_EXIT_UNDEFINED));
	if (want != ESR_EXIT_UNDEFINED)
		FUZZ_ASSERT(esr_exit_kind(esr) == want);
}

static uint64_t size_mask(uint32_t size)
{
	return size == 8u ? ~0ull : (1ull << (8u * size)) - 1u;
}

static void check_dabt(uint64_t esr, uint64_t reg, uint64_t loaded)
{
	struct esr_dabt d, again;

	memset(&d, 0, sizeof(d));
	bool ok = esr_dabt_decode(esr, &d);

	FUZZ_ASSERT(ok == (EC_OF(esr) == 0x24u && (esr & ISV) != 0));
	if (!ok)
		return;
	FUZZ_ASSERT(d.size == 1u || d.size == 2u || d.size == 4u || d.size == 8u);
	FUZZ_ASSERT(d.reg <= 31u);
	FUZZ_ASSERT((esr_dabt_encode(&d) & DABT_FIELDS) == (esr & DABT_FIELDS));
	memset(&again, 0, sizeof(again));
	FUZZ_ASSERT(esr_dabt_decode(esr_dabt_encode(&d), &again));
	FUZZ_ASSERT(memcmp(&d, &again, sizeof(d)) == 0);

	FUZZ_ASSERT(esr_dabt_store_value(&d, reg) == (reg & size_mask(d.size)));

	/* The register gets the accessed bytes, extended, and nothing of
	 * whatever else the device's answer held. */
	uint64_t bytes = loaded & size_mask(d.size);
	uint64_t want = bytes;

	if (d.sign_extend && d.size < 8u &&
	    (bytes >> (8u * d.size - 1u)) != 0)
		want |= ~size_mask(d.size);
	if (!d.reg64)
		want &= 0xffffffffull;
	FUZZ_ASSERT(esr_dabt_load_value(&d, bytes) == want);
	FUZZ_ASSERT(esr_dabt_load_value(&d, loaded) == want);
}

static bool is(const struct esr_sysreg *s, uint32_t op0, uint32_t op1,
	       uint32_t crn, uint32_t crm, uint32_t op2)
{
	return s->op0 == op0 && s->op1 == op1 && s->crn == crn &&
	       s->crm == crm && s->op2 == op2;
}

static void check_sysreg(uint64_t esr)
{
	struct esr_sysreg s, again;

	memset(&s, 0, sizeof(s));
	bool ok = esr_sysreg_decode(esr, &s);

	FUZZ_ASSERT(ok == (EC_OF(esr) == 0x18u));
	if (!ok)
		return;
	FUZZ_ASSERT(s.op0 <= 3u && s.op1 <= 7u && s.op2 <= 7u);
	FUZZ_ASSERT(s.crn <= 15u && s.crm <= 15u && s.reg <= 31u);
	FUZZ_ASSERT((esr_sysreg_encode(&s) & SYS_FIELDS) == (esr & SYS_FIELDS));
	memset(&again, 0, sizeof(again));
	FUZZ_ASSERT(esr_sysreg_decode(esr_sysreg_encode(&s), &again));
	FUZZ_ASSERT(memcmp(&s, &again, sizeof(s)) == 0);

	switch (s.action) {
	case ESR_SYSREG_UNDEFINED:
		break;
	case ESR_SYSREG_SGI1R:
		/* ICC_SGI1R_EL1, written (IHI 0069 12.2.23). */
		FUZZ_ASSERT(!s.read && is(&s, 3, 0, 12, 11, 5));
		break;
	case ESR_SYSREG_SGI_IGNORED:
		FUZZ_ASSERT(!s.read && (is(&s, 3, 0, 12, 11, 6) ||
					is(&s, 3, 0, 12, 11, 7)));
		break;
	case ESR_SYSREG_SET_WAY:
		FUZZ_ASSERT(!s.read && (is(&s, 1, 0, 7, 6, 2) ||
					is(&s, 1, 0, 7, 10, 2) ||
					is(&s, 1, 0, 7, 14, 2)));
		break;
	case ESR_SYSREG_RAZ_WI:
		/* Never a SYS instruction (cache, TLB, address translation):
		 * those must not be silently skipped. Debug (Op0 2, not the
		 * trace unit's Op1 1) or Op0 3 in the RAS (CRn 5), PMU (CRn 9,
		 * 14) or LORegion (CRn 10) spaces. */
		FUZZ_ASSERT(s.op0 == 2u || s.op0 == 3u);
		if (s.op0 == 2u)
			FUZZ_ASSERT(s.op1 != 1u);
		else
			FUZZ_ASSERT(s.crn == 5u || s.crn == 9u || s.crn == 10u ||
				    s.crn == 14u);
		/* LORID_EL1 is read-only. */
		FUZZ_ASSERT(s.read || !is(&s, 3, 0, 10, 4, 7));
		break;
	default:
		FUZZ_ASSERT(s.action <= ESR_SYSREG_SGI_IGNORED);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (size_t at = 0; at + 24u <= size; at += 24u) {
		uint64_t esr = get64(data + at);
		uint64_t reg = get64(data + at + 8u);
		uint64_t loaded = get64(data + at + 16u);

		check_kind(esr);
		check_dabt(esr, reg, loaded);
		check_sysreg(esr);
		/* The same with EC forced to the two decoded classes, so that
		 * every input exercises their ISS decoding. */
		esr &= ~(0x3full << 26);
		check_dabt(esr | (0x24ull << 26), reg, loaded);
		check_sysreg(esr | (0x18ull << 26));
	}
	return 0;
}
