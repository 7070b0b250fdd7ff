/* SPDX-License-Identifier: MIT */
/*
 * The fault policy (core/lifecycle.h): what becomes of a partition whose
 * run ended by an event (PSCI SYSTEM_OFF, an abort loop, its watchdog) is
 * its configuration's choice: stop it, restart it, or halt the system.
 */
#include "core/lifecycle.h"

#include "core/log.h"
#include "core/manage_faults.h"
#include "core/panic.h"
#include "core/partition.h"

static const char *partition_event_name(enum partition_event event)
{
	switch (event) {
	case PARTITION_EVENT_GUEST_OFF: return "guest called PSCI SYSTEM_OFF";
	case PARTITION_EVENT_ABORT_LOOP: return "guest wedged in an abort loop";
	case PARTITION_EVENT_WATCHDOG: return "watchdog expired";
	case PARTITION_EVENT_DMA_FAULT: return "DMA fault";
	default: return "failure";
	}
}

void partition_fail(struct partition *p, struct vcpu *self,
		    enum partition_event event)
{
	const char *why = partition_event_name(event);

	manage_faults_event(p, event, p->cfg->fault_policy);
	switch (p->cfg->fault_policy) {
	case SK_FAULT_RESTART:
		partition_restart(p, self, why);
		break;
	case SK_FAULT_HALT_SYSTEM:
		log_line("partition '%s': %s; its fault policy halts the system",
			 p->cfg->name, why);
		system_halt(why);
	case SK_FAULT_STOP:
	default:
		partition_stop(p, self, why);
		break;
	}
}
