/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's requests and power: start one (PSCI CPU_ON), kick its CPU,
 * turn it off (CPU_OFF), and the one path every CPU takes before it
 * returns to its guest. Whole partitions (stop, restart, fault policy,
 * watchdog) are core/lifecycle.h's.
 *
 * Cross-CPU requests are flags in the target vCPU plus a kick SGI; the CPU
 * that owns the vCPU acts on them itself. Nothing here waits without a
 * bound.
 */
#ifndef SK_CORE_VCPU_H
#define SK_CORE_VCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "core/panic.h"

struct vcpu;
struct partition;

/* Makes the CPU that owns v look at v's requests and interrupts (an SGI);
 * nothing when that is the calling CPU, which looks before it returns to
 * its guest anyway. */
void vcpu_kick(const struct vcpu *v);
/* An interrupt was made pending for v (the vGIC's kick): nothing while v
 * is off or not yet started (vcpu_arch_enter looks at its interrupts);
 * otherwise v's CPU decides again at its next chance, and is sent the SGI
 * only when that could change what runs there (sched_irq_needs_kick). */
void vcpu_kick_irq(const struct vcpu *v);
/* Asks target's CPU to enter target at pc with x0 = ctx. Returns false if
 * it is not off. */
bool vcpu_request_start(struct vcpu *target, uint64_t pc, uint64_t ctx);
/* The calling vCPU turns itself off. */
SK_NORETURN void vcpu_off_self(struct vcpu *self);

/* Where a return to the guest comes from. */
enum vcpu_entry {
	VCPU_ENTRY_AFTER_EXIT,  /* v exited (trap, interrupt): on a shared CPU
				 * the scheduler decides first */
	VCPU_ENTRY_SWITCHED_IN, /* the scheduler just switched v in */
};
/* Before every return to v: on a shared CPU after an exit the scheduler
 * decides (sched_run; may switch: no return); then v's requests are acted
 * on (a stop: no return), console input is delivered, and the virtual
 * GIC's list registers refreshed. */
void vcpu_before_entry(struct vcpu *v, enum vcpu_entry from);

#endif
