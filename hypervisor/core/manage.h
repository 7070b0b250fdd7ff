/* SPDX-License-Identifier: MIT */
/*
 * Partition management: statistics, and the management hypercalls a
 * configured manager partition may use on the others (they stop, restart
 * and kick through core/lifecycle.h).
 */
#ifndef SK_CORE_MANAGE_H
#define SK_CORE_MANAGE_H

#include <stdint.h>

#include "core/hypercall.h"

struct partition;
struct sk_partition_stats;
struct vcpu;

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
