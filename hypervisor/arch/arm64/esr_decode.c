/* SPDX-License-Identifier: MIT */
#include "arch/arm64/esr_decode.h"

#define BITS_PER_BYTE 8u

static uint32_t esr_ec(uint64_t esr)
{
	return (uint32_t)((esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
}

/* ---- data aborts ---- */

bool esr_dabt_decode(uint64_t esr, struct esr_dabt *d)
{
	if (esr_ec(esr) != ESR_EC_DABT_LOW || (esr & ESR_DABT_ISV) == 0)
		return false;
	d->size = 1u << ((esr >> ESR_DABT_SAS_SHIFT) & ESR_DABT_SAS_MASK);
	d->reg = (uint32_t)((esr >> ESR_DABT_SRT_SHIFT) & ESR_DABT_SRT_MASK);
	d->write = (esr & ESR_ABT_WNR) != 0;
	d->sign_extend = (esr & ESR_DABT_SSE) != 0;
	d->reg64 = (esr & ESR_DABT_SF) != 0;
	return true;
}

uint64_t esr_dabt_encode(const struct esr_dabt *d)
{
	uint64_t sas = 0; /* SAS is log2 of the access size */

	while (sas < 3u && (2u << sas) <= d->size)
		sas++;

	return ((uint64_t)ESR_EC_DABT_LOW << ESR_EC_SHIFT) | ESR_IL |
	       ESR_DABT_ISV | (sas << ESR_DABT_SAS_SHIFT) |
	       ((uint64_t)(d->reg & ESR_DABT_SRT_MASK) << ESR_DABT_SRT_SHIFT) |
	       (d->write ? ESR_ABT_WNR : 0u) |
	       (d->sign_extend ? ESR_DABT_SSE : 0u) |
	       (d->reg64 ? ESR_DABT_SF : 0u);
}

/* The bits an access of `size` bytes covers. */
static uint64_t esr_size_mask(uint32_t size)
{
	return size >= 8u ? ~0ull : (1ull << (BITS_PER_BYTE * size)) - 1u;
}

uint64_t esr_dabt_store_value(const struct esr_dabt *d, uint64_t reg)
{
	return reg & esr_size_mask(d->size);
}

uint64_t esr_dabt_load_value(const struct esr_dabt *d, uint64_t loaded)
{
	/* Only the accessed bytes: a handler that answers more must not
	 * hand the guest hypervisor data, nor pick the sign bit. */
	uint64_t val = loaded & esr_size_mask(d->size);

	if (d->sign_extend && d->size < 8u) {
		uint64_t sign = 1ull << (BITS_PER_BYTE * d->size - 1u);

		val = (val ^ sign) - sign;
	}
	if (!d->reg64)
		val &= 0xffffffffull;
	return val;
}

/* ---- system instructions ---- */

/* Trapped MSR/MRS/SYS ISS fields (D19.2.40 "ISS encoding for an exception
 * from MSR, MRS, or System instruction execution in AArch64 state"). */
#define ESR_SYS_READ        (1ull << 0)
#define ESR_SYS_CRM_SHIFT   1
#define ESR_SYS_RT_SHIFT    5
#define ESR_SYS_CRN_SHIFT   10
#define ESR_SYS_OP1_SHIFT   14
#define ESR_SYS_OP2_SHIFT   17
#define ESR_SYS_OP0_SHIFT   20
#define ESR_SYS_OP0_MASK    0x3u
#define ESR_SYS_OP_MASK     0x7u  /* Op1, Op2 */
#define ESR_SYS_CR_MASK     0xfu  /* CRn, CRm */
#define ESR_SYS_RT_MASK     0x1fu

static uint32_t esr_field(uint64_t esr, unsigned int shift, uint32_t mask)
{
	return (uint32_t)(esr >> shift) & mask;
}

/* The registers by (Op0, Op1, CRn, CRm, Op2). */
#define SYS_IS(s, o0, o1, n, m, o2) \
	((s)->op0 == (o0) && (s)->op1 == (o1) && (s)->crn == (n) && \
	 (s)->crm == (m) && (s)->op2 == (o2))

/* Debug registers (Op0 2, except Op1 1: the trace unit's, which trap by
 * CPTR_EL2.TTA and stay UNDEFINED) and PMU registers (Op0 3: CRn 9 with
 * CRm 12-14, and Op1 3, CRn 14, CRm 8-15: the event counters and types),
 * Arm ARM D12.3 / D13.4. They trap on every CPU (cpu.c cpu_mdcr_value). */
static bool esr_sys_is_debug_or_pmu(const struct esr_sysreg *s)
{
	return (s->op0 == 2u && s->op1 != 1u) ||
	       (s->op0 == 3u && s->crn == 9u && s->crm >= 12u && s->crm <= 14u) ||
	       (s->op0 == 3u && s->op1 == 3u && s->crn == 14u && s->crm >= 8u);
}

/* RAS error record registers (Op0 3, Op1 0, CRn 5, CRm 3-5: ERRIDR_EL1,
 * ERRSELR_EL1, ERX*_EL1; Arm ARM D19.8), trapped by HCR_EL2.TERR where the
 * CPU has RAS. A guest sees no error records (ERRIDR_EL1.NUM = 0), so the
 * ERX* registers it may still touch are RAZ/WI, as under KVM. */
static bool esr_sys_is_error_record(const struct esr_sysreg *s)
{
	return s->op0 == 3u && s->op1 == 0u && s->crn == 5u &&
	       s->crm >= 3u && s->crm <= 5u;
}

/* LORegion registers (LORSA/LOREA/LORN/LORC_EL1, Op2 0-3, and LORID_EL1,
 * Op2 7, at Op0 3, Op1 0, CRn 10, CRm 4; Arm ARM D19.2), trapped by
 * HCR_EL2.TLOR where the CPU has them: a guest sees zero LORegions
 * (LORID_EL1 reads 0) and the others RAZ/WI, as under KVM. */
static bool esr_sys_is_loregion(const struct esr_sysreg *s)
{
	return s->op0 == 3u && s->op1 == 0u && s->crn == 10u && s->crm == 4u &&
	       (s->op2 <= 3u || s->op2 == 7u);
}

/* Data cache maintenance by set/way (Arm ARM C5.3), trapped by
 * HCR_EL2.TSW: DC ISW, DC CSW, DC CISW. */
static bool esr_sys_is_set_way(const struct esr_sysreg *s)
{
	return SYS_IS(s, 1u, 0u, 7u, 6u, 2u) || SYS_IS(s, 1u, 0u, 7u, 10u, 2u) ||
	       SYS_IS(s, 1u, 0u, 7u, 14u, 2u);
}

static enum esr_sysreg_action esr_sys_action(const struct esr_sysreg *s)
{
	/* Debug, PMU, error-record and LORegion state is the physical
	 * CPU's: a vCPU sees it as zero and its writes are ignored. LORID_EL1
	 * is read-only: writing it is UNDEFINED. */
	if (esr_sys_is_loregion(s) && s->op2 == 7u && !s->read)
		return ESR_SYSREG_UNDEFINED;
	if (esr_sys_is_debug_or_pmu(s) || esr_sys_is_error_record(s) ||
	    esr_sys_is_loregion(s))
		return ESR_SYSREG_RAZ_WI;
	if (s->read)
		return ESR_SYSREG_UNDEFINED;
	if (esr_sys_is_set_way(s))
		return ESR_SYSREG_SET_WAY;
	/* GICv3 SGI generation registers trap when HCR_EL2.IMO/FMO are set
	 * (IHI 0069 12.2.21-23). Group 0 and alternate-group SGIs have no
	 * meaning for a guest that sees one security state: accepted and
	 * dropped. */
	if (SYS_IS(s, 3u, 0u, 12u, 11u, 5u))
		return ESR_SYSREG_SGI1R;
	if (SYS_IS(s, 3u, 0u, 12u, 11u, 6u) || SYS_IS(s, 3u, 0u, 12u, 11u, 7u))
		return ESR_SYSREG_SGI_IGNORED;
	return ESR_SYSREG_UNDEFINED;
}

bool esr_sysreg_decode(uint64_t esr, struct esr_sysreg *s)
{
	if (esr_ec(esr) != ESR_EC_SYSREG)
		return false;
	s->op0 = esr_field(esr, ESR_SYS_OP0_SHIFT, ESR_SYS_OP0_MASK);
	s->op1 = esr_field(esr, ESR_SYS_OP1_SHIFT, ESR_SYS_OP_MASK);
	s->crn = esr_field(esr, ESR_SYS_CRN_SHIFT, ESR_SYS_CR_MASK);
	s->crm = esr_field(esr, ESR_SYS_CRM_SHIFT, ESR_SYS_CR_MASK);
	s->op2 = esr_field(esr, ESR_SYS_OP2_SHIFT, ESR_SYS_OP_MASK);
	s->reg = esr_field(esr, ESR_SYS_RT_SHIFT, ESR_SYS_RT_MASK);
	s->read = (esr & ESR_SYS_READ) != 0;
	s->action = esr_sys_action(s);
	return true;
}

uint64_t esr_sysreg_encode(const struct esr_sysreg *s)
{
	return ((uint64_t)ESR_EC_SYSREG << ESR_EC_SHIFT) | ESR_IL |
	       ((uint64_t)(s->op0 & ESR_SYS_OP0_MASK) << ESR_SYS_OP0_SHIFT) |
	       ((uint64_t)(s->op2 & ESR_SYS_OP_MASK) << ESR_SYS_OP2_SHIFT) |
	       ((uint64_t)(s->op1 & ESR_SYS_OP_MASK) << ESR_SYS_OP1_SHIFT) |
	       ((uint64_t)(s->crn & ESR_SYS_CR_MASK) << ESR_SYS_CRN_SHIFT) |
	       ((uint64_t)(s->reg & ESR_SYS_RT_MASK) << ESR_SYS_RT_SHIFT) |
	       ((uint64_t)(s->crm & ESR_SYS_CR_MASK) << ESR_SYS_CRM_SHIFT) |
	       (s->read ? ESR_SYS_READ : 0u);
}
