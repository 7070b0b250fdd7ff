/* SPDX-License-Identifier: MIT */
/*
 * Partition management: statistics, and the management hypercalls a
 * configured manager partition may use on the others (they stop, restart
 * and kick through core/lifecycle.h).
 */
#ifndef SK_CORE_MANAGE_H
#define SK_CORE_MANAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/hypercall.h"

struct partition;
struct sk_mgmt_partition;
struct sk_partition_stats;
struct vcpu;

/* The partition with a guest-given id, or NULL. */
struct partition *manage_partition(uint64_t id);
/* v's partition, a manager, stops t (audited); false when t was not
 * running. May not return when t is v's own partition. */
bool manage_stop(struct vcpu *v, struct partition *t);
/* ... restarts t (audited). */
void manage_restart(struct vcpu *v, struct partition *t);
/* t's identity and state for its manager (MGPCI_CMD_PARTITION_INFO). */
void manage_partition_info(const struct partition *t,
			   struct sk_mgmt_partition *out);

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
