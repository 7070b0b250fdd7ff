/* SPDX-License-Identifier: MIT */
#define SK_HYPERVISOR 1
#include "core/audit.h"

#include "arch/cpu.h"
#include "arch/spinlock.h"
#include "core/guest_mem.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"
#include "shikiri/manage_pci.h"
#include "spec/psci.h"

static struct spinlock audit_lock;
static struct sk_audit_entry audit_ring[AUDIT_RING_SIZE];
static uint64_t audit_next; /* sequence number of the next record */

void audit_usage(uint64_t *records, uint32_t *held)
{
	spin_lock(&audit_lock);
	*records = audit_next;
	*held = audit_next < AUDIT_RING_SIZE ? (uint32_t)audit_next
					     : AUDIT_RING_SIZE;
	spin_unlock(&audit_lock);
}

static const char *audit_reason_name(int32_t reason)
{
	switch (reason) {
	case SK_AUDIT_NOT_ENDPOINT: return "not an endpoint of such a channel";
	case SK_AUDIT_NO_RIGHT: return "endpoint without the notify right";
	case SK_AUDIT_NOT_FORWARDED: return "not forwarded to the firmware";
	default: return "refused";
	}
}

/* The service a firmware call's function ID names (DEN0028 6.1, Table
 * 6-1), for the log line. */
static const char *audit_smccc_service(uint64_t id)
{
	uint32_t owner = (uint32_t)(id >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK;

	if (owner >= SMCCC_OWNER_TRUSTED_OS_FIRST)
		return "trusted OS";
	if (owner >= SMCCC_OWNER_TRUSTED_APP_FIRST)
		return "trusted application";
	switch (owner) {
	case SMCCC_OWNER_ARCH: return "Arm architecture";
	case SMCCC_OWNER_CPU: return "CPU";
	case SMCCC_OWNER_SIP: return "SiP";
	case SMCCC_OWNER_OEM: return "OEM";
	case SMCCC_OWNER_STD_SECURE: return "standard secure";
	default: return "reserved";
	}
}

static void audit_log(struct partition *p, uint64_t seq, uint32_t op,
		      uint64_t object, int32_t reason)
{
	if (op == SK_AUDIT_OP_FIRMWARE)
		partition_log(p, "audit #%llu: partition '%s' denied firmware call 0x%08llx (%s service): %s",
			      (unsigned long long)seq, p->cfg->name,
			      (unsigned long long)object,
			      audit_smccc_service(object),
			      audit_reason_name(reason));
	else
		partition_log(p, "audit #%llu: partition '%s' denied notify on channel %llu: %s",
			      (unsigned long long)seq, p->cfg->name,
			      (unsigned long long)object,
			      audit_reason_name(reason));
}

static uint64_t audit_append(const struct partition *p, uint32_t op,
			     uint64_t object, int32_t reason)
{
	struct sk_audit_entry e = {
		.time_ns = arch_counter_ticks_to_ns(arch_counter()),
		.partition = p->id,
		.op = op,
		.object = object,
		.reason = reason,
	};

	spin_lock(&audit_lock);
	e.seq = audit_next++;
	audit_ring[e.seq % AUDIT_RING_SIZE] = e;
	spin_unlock(&audit_lock);
	return e.seq;
}

void audit_record(struct partition *p, uint32_t op, uint64_t object,
		  int32_t reason)
{
	uint64_t seq;

	PARTITION_STAT_INC(p, denied);
	seq = audit_append(p, op, object, reason);
	audit_log(p, seq, op, object, reason);
}

void audit_note(const struct partition *p, uint32_t op, uint64_t object,
		int32_t reason)
{
	(void)audit_append(p, op, object, reason);
}

/* From sequence number first on, what the ring still holds (at most
 * count); *next and *lost as SK_HC_AUDIT_READ returns them. Caller holds
 * audit_lock. */
static uint64_t audit_window(uint64_t *first, uint64_t *lost)
{
	uint64_t next = audit_next;
	uint64_t oldest = next > AUDIT_RING_SIZE ? next - AUDIT_RING_SIZE : 0;

	if (*first > next)
		*first = next;
	*lost = *first < oldest ? oldest - *first : 0;
	if (*first < oldest)
		*first = oldest;
	return next;
}

void audit_read(uint64_t first, struct sk_mgmt_audit *out)
{
	uint64_t next;

	(void)sk_memset(out, 0, sizeof(*out));
	spin_lock(&audit_lock);
	next = audit_window(&first, &out->lost);
	for (; out->count < SK_MGMT_AUDIT_ENTRIES && first + out->count < next;
	     out->count++)
		out->entries[out->count] =
			audit_ring[(first + out->count) % AUDIT_RING_SIZE];
	spin_unlock(&audit_lock);
	out->next = first + out->count;
}

void audit_hc_read(struct vcpu *v, uint64_t regs[4])
{
	struct partition *self = v->partition;
	uint64_t first = regs[1];
	gpa_t gpa = gpa_of(regs[2]);
	uint64_t max = regs[3] / sizeof(struct sk_audit_entry);
	uint64_t next, lost, n = 0;
	hpa_t hpa;

	if (!self->cfg->manager) {
		PARTITION_STAT_INC(self, denied);
		audit_note(self, SK_AUDIT_OP_QUERY, first, SK_AUDIT_NOT_MANAGER);
		partition_log(self, "partition '%s' denied reading the audit log: not a manager",
			      self->cfg->name);
		regs[0] = (uint64_t)(int64_t)SK_E_DENIED;
		return;
	}
	if (max > AUDIT_RING_SIZE)
		max = AUDIT_RING_SIZE;
	if (!guest_range_to_host(self, gpa, max * sizeof(struct sk_audit_entry),
				 SK_ACCESS_WRITE, &hpa)) {
		regs[0] = (uint64_t)(int64_t)SK_E_BAD_ADDRESS;
		return;
	}
	spin_lock(&audit_lock);
	next = audit_window(&first, &lost);
	for (; n < max && first + n < next; n++)
		(void)guest_copy_to(self,
				    gpa_add(gpa, n * sizeof(audit_ring[0])),
				    &audit_ring[(first + n) % AUDIT_RING_SIZE],
				    sizeof(struct sk_audit_entry));
	spin_unlock(&audit_lock);
	regs[0] = SK_OK;
	regs[1] = n;
	regs[2] = first + n;
	regs[3] = lost;
}
