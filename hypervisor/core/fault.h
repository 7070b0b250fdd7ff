/* SPDX-License-Identifier: MIT */
/*
 * Guest faults: a partition touched something it does not own, or ran an
 * instruction shikiri does not let it run. The hypervisor reports one line
 * and the arch code injects the matching exception into the guest, whose
 * own handler runs; the hypervisor and the other partitions carry on.
 */
#ifndef SK_CORE_FAULT_H
#define SK_CORE_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct partition;
struct vcpu;

enum fault_kind {
	FAULT_DATA_READ,
	FAULT_DATA_WRITE,
	FAULT_INSTRUCTION_FETCH,
	FAULT_UNDEFINED,   /* trapped instruction or register access */
	FAULT_SERROR,
};

/* Counts the fault and reports it through the partition's log budget
 * (core/partition_log.h). */
void fault_report(const struct vcpu *v, enum fault_kind kind, uint64_t addr,
		  uint64_t esr, uint64_t pc);

#endif
