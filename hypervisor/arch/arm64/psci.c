/* SPDX-License-Identifier: MIT */
#include "arch/psci.h"

/*
 * The firmware conduit is SMC: the HVC conduit cannot work from EL2 (it
 * would trap to ourselves), and boot refuses a board whose device tree asks
 * for it.
 */
static int64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

int64_t psci_cpu_on(uint64_t target_mpidr, uint64_t entry, uint64_t context)
{
	return psci_smc(PSCI_CPU_ON_64, target_mpidr, entry, context);
}

const char *psci_error_name(int64_t rc)
{
	switch (rc) {
	case PSCI_RET_SUCCESS: return "SUCCESS";
	case PSCI_RET_NOT_SUPPORTED: return "NOT_SUPPORTED";
	case PSCI_RET_INVALID_PARAMS: return "INVALID_PARAMETERS";
	case PSCI_RET_DENIED: return "DENIED";
	case PSCI_RET_ALREADY_ON: return "ALREADY_ON";
	case PSCI_RET_ON_PENDING: return "ON_PENDING";
	case PSCI_RET_INTERNAL_FAILURE: return "INTERNAL_FAILURE";
	default: return "unknown error";
	}
}

void psci_system_off(void)
{
	(void)psci_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
}
