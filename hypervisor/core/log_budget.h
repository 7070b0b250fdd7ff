/* SPDX-License-Identifier: MIT */
/*
 * A log budget: a token bucket that decides whether one more hypervisor
 * line about a partition may be printed. A burst of LOG_BUDGET_BURST
 * lines, then LOG_BUDGET_PER_SECOND a second; what is refused is counted,
 * and the count is handed to the next line admitted so it can say how many
 * were suppressed. Routine lines (faults, refusals) leave the last
 * LOG_BUDGET_RESERVE lines of credit to events (a restart, a stop), so a
 * partition that faults in a loop still has its restart said. Pure logic
 * on counter values (host-testable): the caller serialises and supplies
 * the time.
 */
#ifndef SK_CORE_LOG_BUDGET_H
#define SK_CORE_LOG_BUDGET_H

#include <stdbool.h>
#include <stdint.h>

#define LOG_BUDGET_BURST 20u
#define LOG_BUDGET_PER_SECOND 4u
#define LOG_BUDGET_RESERVE 4u

enum log_kind {
	LOG_ROUTINE, /* may use the credit down to the reserve */
	LOG_EVENT,   /* may use it all */
};

struct log_budget {
	bool primed;         /* false until the first line: a full burst */
	uint64_t last;       /* counter value credit was last brought up to */
	uint64_t credit;     /* counter ticks; one line costs freq / rate */
	uint32_t suppressed; /* lines refused since the last admitted one */
};

/* Whether a line of this kind may be printed at counter value now (freq
 * ticks a second). When it may, *suppressed is the number of lines refused
 * before it (then reset), for a "suppressed" note; otherwise it is
 * counted. */
bool log_budget_take(struct log_budget *b, enum log_kind kind, uint64_t now,
		     uint64_t freq, uint32_t *suppressed);

/* Whole lines of credit b holds at counter value now (freq ticks a
 * second), without taking any: what the resource report shows (at most
 * LOG_BUDGET_BURST; a budget never used holds a full burst). */
uint32_t log_budget_tokens(const struct log_budget *b, uint64_t now,
			   uint64_t freq);

/* Takes the count of refused lines (a final note: the partition stops). */
uint32_t log_budget_take_suppressed(struct log_budget *b);

#endif
