/* SPDX-License-Identifier: MIT */
/*
 * Decoding of the syndrome of a guest's synchronous exit (ESR_EL2, Arm ARM
 * D19.2.40 "ESR_EL2, Exception Syndrome Register (EL2)"): which exit it is,
 * and for the two the hypervisor emulates, the fields it acts on (a data
 * abort's instruction syndrome, a trapped MSR/MRS/SYS instruction). Pure C,
 * no system-register access: trap.c reads ESR_EL2 and acts on the result,
 * and host unit tests and a fuzzer drive these functions directly.
 */
#ifndef SK_ARCH_ARM64_ESR_DECODE_H
#define SK_ARCH_ARM64_ESR_DECODE_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/sysreg.h"

/* What a synchronous exit from a lower EL is: its ESR_EL2.EC. The
 * enumerators are the classes trap.c handles; EC 0 (unknown reason) and
 * every value not listed are UNDEFINED for the guest (trap.c's default).
 * The kind is the EC itself so that trap.c's switch on it compiles to the
 * same compare chain on EC as before the decoding moved here: every exit,
 * hypercalls too, goes through it. */
enum esr_exit {
	ESR_EXIT_UNDEFINED = ESR_EC_UNKNOWN,
	ESR_EXIT_WFX = ESR_EC_WFX,
	ESR_EXIT_HVC = ESR_EC_HVC64,
	ESR_EXIT_SMC = ESR_EC_SMC64,
	ESR_EXIT_SYSREG = ESR_EC_SYSREG,
	ESR_EXIT_INSN_ABORT = ESR_EC_IABT_LOW,
	ESR_EXIT_DATA_ABORT = ESR_EC_DABT_LOW,
};

static inline enum esr_exit esr_exit_kind(uint64_t esr)
{
	return (enum esr_exit)(uint32_t)((esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
}

/* Whether trap.c handles exits of this kind (else: UNDEFINED). */
static inline bool esr_exit_handled(enum esr_exit kind)
{
	switch (kind) {
	case ESR_EXIT_WFX:
	case ESR_EXIT_HVC:
	case ESR_EXIT_SMC:
	case ESR_EXIT_SYSREG:
	case ESR_EXIT_INSN_ABORT:
	case ESR_EXIT_DATA_ABORT:
		return true;
	case ESR_EXIT_UNDEFINED:
	default:
		return false;
	}
}

/* ---- data aborts: ISS with a valid instruction syndrome ---- */

/* Data-abort ISS fields (D19.2.40 "ISS encoding for an exception from a
 * Data Abort"). */
#define ESR_DABT_ISV        (1ull << 24)
#define ESR_DABT_SAS_SHIFT  22
#define ESR_DABT_SAS_MASK   0x3ull
#define ESR_DABT_SSE        (1ull << 21)
#define ESR_DABT_SRT_SHIFT  16
#define ESR_DABT_SRT_MASK   0x1full
#define ESR_DABT_SF         (1ull << 15)
/* Register number 31 in SRT/Rt is XZR: reads 0, writes are discarded. */
#define ESR_REG_XZR         31u

/* One load or store a data abort describes (ISV = 1). */
struct esr_dabt {
	uint32_t size;    /* 1, 2, 4 or 8 bytes (SAS) */
	uint32_t reg;     /* X0-X30, or ESR_REG_XZR (SRT) */
	bool write;       /* WnR */
	bool sign_extend; /* SSE: a signed load narrower than the register */
	bool reg64;       /* SF: the register is Xn (else Wn) */
};

/* A data abort from a lower EL with a valid instruction syndrome: true
 * and *d filled. False for anything else (another EC, ISV = 0: no
 * syndrome to emulate from), which the guest gets back as an abort. */
bool esr_dabt_decode(uint64_t esr, struct esr_dabt *d);
/* The ISS bits d stands for (ISV set), with EC = data abort from a lower
 * EL and IL set: esr_dabt_decode(esr_dabt_encode(d)) gives d back. */
uint64_t esr_dabt_encode(const struct esr_dabt *d);
/* The value a store writes to the device: the low d->size bytes of the
 * register's content. */
uint64_t esr_dabt_store_value(const struct esr_dabt *d, uint64_t reg);
/* The value a load leaves in the register, from what the device returned:
 * its low d->size bytes (whatever else it returned), sign-extended if SSE,
 * limited to Wn for a 32-bit register (D19.2.40 SSE, SF). */
uint64_t esr_dabt_load_value(const struct esr_dabt *d, uint64_t loaded);

/* The light exit path's one MMIO access (arch/arm64/trap.c): a data abort
 * from a lower EL with a valid syndrome that is a 32-bit load without
 * sign extension, whose loaded value is then the 32 bits read,
 * zero-extended, whatever SF says (D19.2.40 SAS, SSE, SF). One mask and
 * compare instead of esr_dabt_decode's fields; esr_dabt_decode agrees
 * (tests/unit test_esr_decode). */
#define ESR_DABT_LIGHT_MASK \
	((ESR_EC_MASK << ESR_EC_SHIFT) | ESR_DABT_ISV | \
	 (ESR_DABT_SAS_MASK << ESR_DABT_SAS_SHIFT) | ESR_DABT_SSE | ESR_ABT_WNR)
#define ESR_DABT_LIGHT_READ \
	(((uint64_t)ESR_EC_DABT_LOW << ESR_EC_SHIFT) | ESR_DABT_ISV | \
	 (2ull << ESR_DABT_SAS_SHIFT))

static inline bool esr_dabt_is_read32(uint64_t esr)
{
	return (esr & ESR_DABT_LIGHT_MASK) == ESR_DABT_LIGHT_READ;
}

/* ---- trapped MSR, MRS and SYS instructions (EC 0x18) ---- */

/* What the hypervisor does with a trapped system-register access. */
enum esr_sysreg_action {
	ESR_SYSREG_UNDEFINED = 0, /* an UNDEFINED exception for the guest */
	ESR_SYSREG_RAZ_WI,        /* debug, PMU, RAS records, LORegions */
	ESR_SYSREG_SET_WAY,       /* DC ISW / CSW / CISW: emulated flush */
	ESR_SYSREG_SGI1R,         /* ICC_SGI1R_EL1 write: a virtual SGI */
	ESR_SYSREG_SGI_IGNORED,   /* ICC_ASGI1R_EL1 / ICC_SGI0R_EL1 write */
};

struct esr_sysreg {
	uint32_t op0;
	uint32_t op1;
	uint32_t crn;
	uint32_t crm;
	uint32_t op2;
	uint32_t reg;  /* Rt: X0-X30, or ESR_REG_XZR */
	bool read;     /* Direction: MRS (read) rather than MSR/SYS */
	enum esr_sysreg_action action;
};

/* A trapped system instruction: true and *s filled with its fields and
 * what to do. False for another EC. */
bool esr_sysreg_decode(uint64_t esr, struct esr_sysreg *s);
/* The ISS bits of s's fields with EC 0x18 and IL set (action ignored). */
uint64_t esr_sysreg_encode(const struct esr_sysreg *s);

#endif /* SK_ARCH_ARM64_ESR_DECODE_H */
