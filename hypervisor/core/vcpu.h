/* SPDX-License-Identifier: MIT */
/*
 * vCPU and partition lifecycle: start a vCPU (PSCI CPU_ON), stop one
 * (CPU_OFF), stop or restart a whole partition (SYSTEM_OFF/RESET), and the
 * work every CPU does before it returns to its guest.
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

/* Stops every vCPU of p. If self belongs to p it parks too (no return).
 * When the last running partition stops, the machine powers off. */
void partition_stop(struct partition *p, struct vcpu *self, const char *why);
/* Stops p, reloads its images from the pristine copy, resets its virtual
 * devices and starts vCPU 0 at the kernel entry again. */
void partition_restart(struct partition *p, struct vcpu *self,
		       const char *why);

/* Before every return to the guest: on a shared CPU decide who runs
 * (sched_run, may switch: no return), then vcpu_prepare_entry. */
void vcpu_before_entry(struct vcpu *v);
/* Act on v's requests, then refresh the virtual GIC's list registers. May
 * not return (stop). */
void vcpu_prepare_entry(struct vcpu *v);
enum vcpu_load {
	VCPU_LOAD_DONE,      /* nothing (more) to load: v may be entered */
	VCPU_LOAD_YIELD,     /* go_on said stop: call again later */
	VCPU_LOAD_CANCELLED, /* v is no longer to be started */
};
/* On v's CPU, v to be started (ON_PENDING): when v is vCPU 0 of a
 * restarted partition, clears its memory and copies its images first, in
 * bounded chunks (core/load_plan.h), asking go_on (NULL: never stop)
 * after each whether to do another. */
enum vcpu_load vcpu_load_before_start(struct vcpu *v, bool (*go_on)(void));
/* An idle CPU was kicked: starts its vCPU if that was asked. */
void vcpu_idle_kick(struct vcpu *v);

#endif
