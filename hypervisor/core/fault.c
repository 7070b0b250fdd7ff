/* SPDX-License-Identifier: MIT */
#include "core/fault.h"

#include "core/manage_faults.h"
#include "core/partition.h"
#include "core/partition_log.h"

static const char *fault_kind_name(enum fault_kind kind)
{
	switch (kind) {
	case FAULT_DATA_READ: return "data read";
	case FAULT_DATA_WRITE: return "data write";
	case FAULT_INSTRUCTION_FETCH: return "instruction fetch";
	case FAULT_UNDEFINED: return "trapped instruction";
	case FAULT_SERROR: return "SError";
	default: return "fault";
	}
}

void fault_report(const struct vcpu *v, enum fault_kind kind, uint64_t addr,
		  uint64_t esr, uint64_t pc)
{
	const char *consequence;

	PARTITION_STAT_INC(v->partition, faults);
	manage_faults_record(v, kind, addr, esr, pc);
	consequence = kind == FAULT_UNDEFINED
		? "undefined instruction injected"
		: kind == FAULT_SERROR ? "ignored" : "external abort injected";

	partition_log(v->partition, "fault: partition '%s' vCPU%u: %s at 0x%llx (ESR 0x%llx, PC 0x%llx): %s",
		 v->partition->cfg->name, v->index.index, fault_kind_name(kind),
		 (unsigned long long)addr, (unsigned long long)esr,
		 (unsigned long long)pc, consequence);
}
