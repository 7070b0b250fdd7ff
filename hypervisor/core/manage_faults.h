/* SPDX-License-Identifier: MIT */
/*
 * Every partition's last faults, kept across its restarts for its manager
 * (MGPCI_CMD_FAULTS, include/shikiri/manage_pci.h): the first question
 * when a guest does not come up is what it hit before. A ring of the
 * newest SK_MGMT_FAULTS_KEPT per partition; the console line of each
 * fault stays core/fault.c's.
 */
#ifndef SK_CORE_MANAGE_FAULTS_H
#define SK_CORE_MANAGE_FAULTS_H

#include <stdint.h>

#include "core/fault.h"
#include "core/lifecycle.h"

struct partition;
struct sk_mgmt_faults;
struct vcpu;

/* A fault fault_report reported (before the exception is injected). */
void manage_faults_record(const struct vcpu *v, enum fault_kind kind,
			  uint64_t addr, uint64_t esr, uint64_t pc);
/* An event that ends p's run, and what its fault policy (enum
 * sk_fault_policy) does about it. */
void manage_faults_event(const struct partition *p,
			 enum partition_event event, uint32_t policy);
/* p's kept faults, oldest first. */
void manage_faults_read(const struct partition *p, struct sk_mgmt_faults *out);

#endif
