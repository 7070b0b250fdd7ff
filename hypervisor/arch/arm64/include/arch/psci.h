/* SPDX-License-Identifier: MIT */
/* Calls from the hypervisor to the firmware's PSCI (DEN0022). */
#ifndef SK_ARCH_PSCI_H
#define SK_ARCH_PSCI_H

#include <stdint.h>

#include "spec/psci.h"

/* target_mpidr holds affinity fields only (bit 31 clear). */
int64_t psci_cpu_on(uint64_t target_mpidr, uint64_t entry, uint64_t context);
const char *psci_error_name(int64_t rc);
/* Powers the whole machine off; returns only if the firmware refuses. */
void psci_system_off(void);

#endif
