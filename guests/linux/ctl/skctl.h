/* SPDX-License-Identifier: MIT */
/*
 * libshikiri-ctl: the manager interface from Linux user space
 * (docs/management.md), through the management function of a manager
 * partition (include/shikiri/manage_pci.h), a PCI device bound to the
 * kernel's own uio_pci_generic. Only a partition the configuration marks
 * `manager` has that device; elsewhere skctl_open fails with
 * SKCTL_E_NOT_MANAGER.
 *
 *   struct skctl c;
 *   struct sk_mgmt_partition p;
 *   if (skctl_open(&c) != 0) { puts(skctl_error()); ... }
 *   if (skctl_find(&c, "rtos", &p) == 0) skctl_restart(&c, p.id);
 *   skctl_close(&c);
 *
 * Each call runs one command of the function's mailbox, under an flock
 * of the device's config file: processes of one partition take turns.
 * Every call returns 0 or a negative SKCTL_E_* / MGPCI_E_* code, with
 * skctl_error() saying what went wrong in one line.
 */
#ifndef SKCTL_H
#define SKCTL_H

#include <stdint.h>

#include "shikiri/manage_pci.h"

#define SKCTL_E_SYSTEM       (-100) /* a sysfs or mapping failure */
#define SKCTL_E_NOT_MANAGER  (-101) /* no management function here */
#define SKCTL_E_UNKNOWN_NAME (-102) /* no partition of that name */

struct skctl {
	char pci[32];                /* its sysfs name, e.g. 0000:00:01.0 */
	volatile uint32_t *regs;     /* BAR0 */
	int lock_fd;
	uint32_t self;               /* the manager's partition id */
	uint32_t partitions;         /* ids 0..partitions-1 */
	uint32_t cpus;               /* physical CPUs 0..cpus-1 */
};

int skctl_open(struct skctl *c);
void skctl_close(struct skctl *c);
const char *skctl_error(void);

int skctl_partition(struct skctl *c, uint32_t id, struct sk_mgmt_partition *out);
/* The partition called name; SKCTL_E_UNKNOWN_NAME lists the names. */
int skctl_find(struct skctl *c, const char *name, struct sk_mgmt_partition *out);
int skctl_stats(struct skctl *c, uint32_t id, struct sk_partition_stats *out);
int skctl_sched(struct skctl *c, uint32_t cpu, struct sk_sched_stats *out);
/* MGPCI_E_STOPPED when it is stopped already. */
int skctl_stop(struct skctl *c, uint32_t id);
int skctl_restart(struct skctl *c, uint32_t id);
/* The audit records from sequence number first on (at most
 * SK_MGMT_AUDIT_ENTRIES; out->next to ask for next). */
int skctl_audit(struct skctl *c, uint64_t first, struct sk_mgmt_audit *out);
int skctl_faults(struct skctl *c, uint32_t id, struct sk_mgmt_faults *out);

#endif
