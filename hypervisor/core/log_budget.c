/* SPDX-License-Identifier: MIT */
#include "core/log_budget.h"

/* The credit earned by now, capped at a full burst. A counter that went
 * backwards (it never should) earns nothing. */
static void log_budget_refill(struct log_budget *b, uint64_t now,
			      uint64_t cost)
{
	uint64_t cap = cost * LOG_BUDGET_BURST;
	uint64_t earned = now > b->last ? now - b->last : 0;

	if (!b->primed) {
		b->primed = true;
		b->credit = cap;
	} else if (earned >= cap - b->credit) {
		b->credit = cap;
	} else {
		b->credit += earned;
	}
	b->last = now;
}

static uint64_t log_budget_cost(uint64_t freq)
{
	uint64_t cost = freq / LOG_BUDGET_PER_SECOND;

	return cost == 0 ? 1 : cost;
}

uint32_t log_budget_tokens(const struct log_budget *b, uint64_t now,
			   uint64_t freq)
{
	struct log_budget copy = *b;
	uint64_t cost = log_budget_cost(freq);

	log_budget_refill(&copy, now, cost);
	return (uint32_t)(copy.credit / cost);
}

bool log_budget_take(struct log_budget *b, enum log_kind kind, uint64_t now,
		     uint64_t freq, uint32_t *suppressed)
{
	uint64_t cost = log_budget_cost(freq);
	uint64_t need = kind == LOG_EVENT ? cost : cost * (LOG_BUDGET_RESERVE + 1u);

	log_budget_refill(b, now, cost);
	*suppressed = 0;
	if (b->credit < need) {
		if (b->suppressed != UINT32_MAX)
			b->suppressed++;
		return false;
	}
	b->credit -= cost;
	*suppressed = log_budget_take_suppressed(b);
	return true;
}

uint32_t log_budget_take_suppressed(struct log_budget *b)
{
	uint32_t n = b->suppressed;

	b->suppressed = 0;
	return n;
}
