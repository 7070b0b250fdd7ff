/* SPDX-License-Identifier: MIT */
/*
 * A vCPU's requests and power: start one (PSCI CPU_ON), kick its CPU,
 * turn it off (CPU_OFF). The path every CPU takes before it returns to
 * its guest is core/vcpu_entry.h's. Whole partitions (stop, restart, fault policy,
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

#endif
