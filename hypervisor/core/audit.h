/* SPDX-License-Identifier: MIT */
/*
 * The audit log: every request the channel reference monitor refuses
 * (docs/channels.md, "Audit log"), every management request refused to a
 * partition that is no manager, and every stop and restart a manager asks
 * for (docs/management.md). A fixed ring of the newest
 * records, numbered from 0 since boot; the manager partition reads it with
 * SK_HC_AUDIT_READ and the console shows each refusal (within the
 * partition's log budget, core/partition_log.h).
 */
#ifndef SK_CORE_AUDIT_H
#define SK_CORE_AUDIT_H

#include <stdint.h>

struct partition;
struct sk_mgmt_audit;
struct vcpu;

/* Records held; older ones are overwritten (and counted as lost by the
 * reader that comes too late). */
#define AUDIT_RING_SIZE 64u

/* Records that p asked for op on object and was refused for reason
 * (SK_AUDIT_*); counts it in p's statistics as denied. */
void audit_record(struct partition *p, uint32_t op, uint64_t object,
		  int32_t reason);

/* A record of what a manager did (reason SK_AUDIT_DONE) or of a refusal
 * the caller has counted and logged already: the ring only. */
void audit_note(const struct partition *p, uint32_t op, uint64_t object,
		int32_t reason);

/* The records from sequence number first on that the ring still holds,
 * at most SK_MGMT_AUDIT_ENTRIES (MGPCI_CMD_AUDIT_READ). */
void audit_read(uint64_t first, struct sk_mgmt_audit *out);

/* Records made since boot (*records) and held in the ring now (*held):
 * the resource report (core/resources.h). */
void audit_usage(uint64_t *records, uint32_t *held);

/* SK_HC_AUDIT_READ. */
void audit_hc_read(struct vcpu *v, uint64_t regs[4]);

#endif
