/* SPDX-License-Identifier: MIT */
/*
 * The partition and vCPU lifecycle, in one place: a partition is started
 * (vCPU 0 loads its images and enters the kernel), stopped, restarted, or
 * failed (its fault policy decides which); a watchdog fails it when it is
 * not kicked in time.
 *
 *   lifecycle_partition.c  stop and restart a whole partition
 *   lifecycle_start.c      vCPU 0's load before it starts; an idle CPU's kick
 *   lifecycle_fail.c       the fault policy (stop, restart or halt)
 *   lifecycle_watchdog.c   arm, disarm and check the watchdogs
 *
 * Requests to a single vCPU (start, stop, kick) are core/vcpu.h's; the
 * registers of a vCPU that starts or turns off are set by the hooks of
 * core/vcpu_arch.h (arch/arm64/vcpu_arch.c).
 * Nothing here waits without a bound.
 */
#ifndef SK_CORE_LIFECYCLE_H
#define SK_CORE_LIFECYCLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/types.h"

struct partition;
struct vcpu;

/* ---- stop and restart (lifecycle_partition.c) ---- */

/* Stops every vCPU of p. If self belongs to p it parks too (no return).
 * When the last running partition stops, the machine powers off. */
void partition_stop(struct partition *p, struct vcpu *self, const char *why);
/* Stops p, reloads its images from the pristine copy, resets its virtual
 * devices and starts vCPU 0 at the kernel entry again. */
void partition_restart(struct partition *p, struct vcpu *self,
		       const char *why);

/* ---- start (lifecycle_start.c) ---- */

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
/* On v's own (dedicated) CPU: loads, then enters v if it is still to be
 * started (no return then). */
void vcpu_start_requested(struct vcpu *v);
/* An idle CPU was kicked: starts its vCPU if that was asked. */
void vcpu_idle_kick(struct vcpu *v);

/* ---- the fault policy (lifecycle_fail.c) ---- */

/* Events that end a partition's run; its fault-policy decides the rest. */
enum partition_event {
	PARTITION_EVENT_GUEST_OFF,   /* PSCI SYSTEM_OFF */
	PARTITION_EVENT_ABORT_LOOP,  /* faults at the vector it was sent to */
	PARTITION_EVENT_WATCHDOG,    /* not kicked within its period */
	PARTITION_EVENT_DMA_FAULT,   /* the SMMU blocked its DMA (dma-fault
					"fault-policy") */
};

/* Applies p's fault policy to event: stop, restart or halt the system.
 * self is the calling vCPU (NULL from outside p); may not return. */
void partition_fail(struct partition *p, struct vcpu *self,
		    enum partition_event event);

/* ---- the watchdog (lifecycle_watchdog.c) ---- */

/* Armed when vCPU 0 starts, checked by the EL2 timer of that CPU
 * (watchdog_arch_timer_update programs it). */
void watchdog_arm(struct partition *p);
/* p has no watchdog until it is armed again (p stopped). */
void watchdog_disarm(struct partition *p);
/* Fails p (partition_fail) when its deadline has passed. Returns the
 * counter value to check again at (0: p has no armed watchdog). */
uint64_t watchdog_check(struct partition *p, struct vcpu *self);
/* watchdog_check for every partition whose vCPU 0 is on CPU cpu. running:
 * the vCPU that was running there (NULL: idle); on a shared CPU that may
 * be another partition's, which is then not 'self' to p. */
void watchdog_check_cpu(pcpu_t cpu, struct vcpu *running);
/* The earliest armed deadline of the partitions whose vCPU 0 is on CPU
 * cpu (on a shared CPU several partitions' at once), or 0: none. */
uint64_t watchdog_cpu_deadline(pcpu_t cpu);

#endif
