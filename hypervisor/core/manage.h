/* SPDX-License-Identifier: MIT */
/*
 * Partition management: what happens when a partition fails (its fault
 * policy), the watchdog, statistics, and the management hypercalls a
 * configured manager partition may use on the others.
 */
#ifndef SK_CORE_MANAGE_H
#define SK_CORE_MANAGE_H

#include <stdint.h>

#include "core/hypercall.h"

struct partition;
struct sk_partition_stats;
struct vcpu;

/* Events that end a partition's run; its fault-policy decides the rest. */
enum partition_event {
	PARTITION_EVENT_GUEST_OFF,   /* PSCI SYSTEM_OFF */
	PARTITION_EVENT_ABORT_LOOP,  /* faults at the vector it was sent to */
	PARTITION_EVENT_WATCHDOG,    /* not kicked within its period */
};

/* Applies p's fault policy to event: stop, restart or halt the system.
 * self is the calling vCPU (NULL from outside p); may not return. */
void partition_fail(struct partition *p, struct vcpu *self,
		    enum partition_event event);

/* Watchdog: armed when vCPU 0 starts, checked by the EL2 timer of that
 * CPU. watchdog_check returns the counter value to check again at (0: the
 * partition has no armed watchdog). */
void watchdog_arm(struct partition *p);
/* p has no watchdog until it is armed again (p stopped). */
void watchdog_disarm(struct partition *p);
uint64_t watchdog_check(struct partition *p, struct vcpu *self);

/* p's counters as SK_HC_PARTITION_STATS returns them (exits summed over
 * its vCPUs). */
void manage_stats_snapshot(const struct partition *p,
			   struct sk_partition_stats *out);
/* Prints every partition's state and counters (console key). */
void manage_print_stats(void);

/* The management hypercalls (hypercall.c dispatches to them). */
extern const struct hc_desc manage_table[];
extern const size_t manage_table_len;

#endif
