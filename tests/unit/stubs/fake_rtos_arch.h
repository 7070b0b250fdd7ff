/* SPDX-License-Identifier: MIT */
/* The RTOS's architecture layer on the host: see fake_rtos_arch.c. */
#ifndef FAKE_RTOS_ARCH_H
#define FAKE_RTOS_ARCH_H

#include <stdint.h>

#include "kernel/kernel.h"

/* One tick a microsecond. */
#define FAKE_RTOS_FREQ 1000000u

struct fake_rtos_arch {
	uint64_t now;
	uint64_t timer;         /* RTOS_NEVER: none */
	uint32_t irq_depth;     /* irq_save without restore */
	uint32_t switches;
	struct rtos_tcb *last_from;
	struct rtos_tcb *last_to;
	uint32_t inits;
	struct rtos_tcb *last_init;
	uint32_t idles;
	uint32_t timer_irqs;
};

extern struct fake_rtos_arch fake_arch;

void fake_rtos_arch_reset(void);
/* Moves time to t, firing the timer for every event due (handler context),
 * then the interrupt's return to task level (dispatch). */
void fake_rtos_advance_to(uint64_t t);

#endif
