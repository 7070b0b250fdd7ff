/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor lines a partition causes: its faults, its refused calls, its
 * audit records, its restarts and stops. A partition must not be able to
 * drown the console (one lock, one polled UART, shared by every partition
 * and the hypervisor) however fast it traps, so every such line goes
 * through the partition's log budget (core/log_budget.h). Lines the
 * hypervisor prints for itself (boot, the operator's console commands)
 * use log_line and count against nobody.
 */
#ifndef SK_CORE_PARTITION_LOG_H
#define SK_CORE_PARTITION_LOG_H

struct partition;

/* A routine line (a fault, a refused call, an audit record):
 * "[shikiri] <line>" if p's budget admits it; preceded by
 * "partition '<name>': <n> hypervisor line(s) about it suppressed" after
 * a refusal. */
void partition_log(struct partition *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for an event (a restart, a stop, a watchdog expiry), which may
 * use the credit routine lines leave in reserve. */
void partition_log_event(struct partition *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The line that says p stopped: printed whatever the budget (a partition
 * stops once per start), after the note of what was suppressed. */
void partition_log_final(struct partition *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
