/* SPDX-License-Identifier: MIT */
#include "core/fault.h"

#include "arch/arm64/cpu.h"
#include "core/log.h"
#include "core/partition.h"

/* A partition faulting in a tight loop must not drown the console (and
 * everyone else's output): per partition, this many fault lines per
 * second; the rest are counted and summed up once the window ends. */
#define FAULT_LOG_BURST 16u

bool fault_log_admit(struct partition *p)
{
	uint64_t now = arch_counter();
	uint32_t dropped = 0;
	bool admit;

	spin_lock(&p->fault_log_lock);
	if (now - p->fault_log_window >= arch_counter_freq()) {
		dropped = p->fault_log_dropped;
		p->fault_log_window = now;
		p->fault_log_count = 0;
		p->fault_log_dropped = 0;
	}
	admit = p->fault_log_count < FAULT_LOG_BURST;
	if (admit)
		p->fault_log_count++;
	else
		p->fault_log_dropped++;
	spin_unlock(&p->fault_log_lock);
	if (dropped != 0)
		log_line("fault: partition '%s': %u more fault(s) not shown",
			 p->cfg->name, dropped);
	return admit;
}

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
	if (!fault_log_admit(v->partition))
		return;
	consequence = kind == FAULT_UNDEFINED
		? "undefined instruction injected"
		: kind == FAULT_SERROR ? "ignored" : "external abort injected";

	log_line("fault: partition '%s' vCPU%u: %s at 0x%llx (ESR 0x%llx, PC 0x%llx): %s",
		 v->partition->cfg->name, v->index, fault_kind_name(kind),
		 (unsigned long long)addr, (unsigned long long)esr,
		 (unsigned long long)pc, consequence);
}
