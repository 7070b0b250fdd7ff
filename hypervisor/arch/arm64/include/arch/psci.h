/* SPDX-License-Identifier: MIT */
/* Calls from the hypervisor to the firmware's PSCI (DEN0022). */
#ifndef SK_ARCH_PSCI_H
#define SK_ARCH_PSCI_H

#include <stdint.h>

#define PSCI_CPU_ON_64    0xc4000003u
#define PSCI_SYSTEM_OFF   0x84000008u

#define PSCI_SUCCESS           0
#define PSCI_NOT_SUPPORTED    (-1)
#define PSCI_INVALID_PARAMS   (-2)
#define PSCI_DENIED           (-3)
#define PSCI_ALREADY_ON       (-4)
#define PSCI_ON_PENDING       (-5)
#define PSCI_INTERNAL_FAILURE (-6)

/* target_mpidr holds affinity fields only (bit 31 clear). */
int64_t psci_cpu_on(uint64_t target_mpidr, uint64_t entry, uint64_t context);
const char *psci_error_name(int64_t rc);
/* Powers the whole machine off; returns only if the firmware refuses. */
void psci_system_off(void);

#endif
