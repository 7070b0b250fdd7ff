/* SPDX-License-Identifier: MIT */
/* What the AArch64 port offers an application besides the ITRON API. */
#ifndef RTOS_ARM64_H
#define RTOS_ARM64_H

#include <stdbool.h>
#include <stdint.h>

#include "rtos/config.h"

/* INTIDs an application may attach a handler to (SGIs, PPIs, SPIs). */
#define RTOS_MAX_INTID 256u

/* Runs in handler context (non-blocking service calls only). */
typedef void (*rtos_isr_fn)(uint32_t intid);

/* Attaches isr to intid (the GIC enables every SGI and SPI up to 255);
 * E_PAR for the kernel's own timer or an INTID out of range. */
ER rtos_attach_isr(uint32_t intid, rtos_isr_fn isr);
/* Interrupts that arrived with no handler attached. */
uint32_t rtos_stray_irqs(void);

/* Whether the image runs in a shikiri partition (main.c decides from the
 * bootargs): only there are hypercalls, and so channels, available. */
void rtos_arch_set_partition(bool in_partition);
bool rtos_arch_in_partition(void);

/* Checks the configuration and runs its tasks; returns only on error
 * (after saying what is wrong on the console). */
ER rtos_arch_start(const struct rtos_config *cfg);

#endif
