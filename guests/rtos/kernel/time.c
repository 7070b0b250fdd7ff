// SPDX-License-Identifier: MIT
/* Time: the queue of time events, and the arch timer that serves it. */
#include "kernel/kernel.h"

#define US_PER_S 1000000u

uint64_t time_from_us(uint64_t us)
{
	uint64_t freq = rtos_arch_freq();

	/* At least `us`: rounded up to the next tick. */
	return (us / US_PER_S) * freq + ((us % US_PER_S) * freq + US_PER_S - 1u) / US_PER_S;
}

uint64_t time_to_us(uint64_t ticks)
{
	uint64_t freq = rtos_arch_freq();

	return (ticks / freq) * US_PER_S + (ticks % freq) * US_PER_S / freq;
}

static void time_program(void)
{
	if (queue_empty(&rtos.timeq)) {
		rtos_arch_set_timer(RTOS_NEVER);
		return;
	}
	rtos_arch_set_timer(RTOS_CONTAINER_OF(rtos.timeq.next, struct rtos_tmevt,
					      node)->at);
}

void time_event_add(struct rtos_tmevt *ev, uint64_t at)
{
	struct rtos_queue *pos;

	time_event_remove(ev);
	ev->at = at;
	/* After every event due at the same time: they fire in order. */
	for (pos = rtos.timeq.next; pos != &rtos.timeq; pos = pos->next) {
		if (RTOS_CONTAINER_OF(pos, struct rtos_tmevt, node)->at > at)
			break;
	}
	queue_insert_before(pos, &ev->node);
	ev->queued = true;
	if (rtos.timeq.next == &ev->node)
		time_program();
}

void time_event_remove(struct rtos_tmevt *ev)
{
	bool first;

	if (!ev->queued)
		return;
	first = rtos.timeq.next == &ev->node;
	queue_remove(&ev->node);
	ev->queued = false;
	if (first)
		time_program();
}

void rtos_time_event(void)
{
	uint64_t now = rtos_arch_now();

	rtos.handler_depth++;
	while (!queue_empty(&rtos.timeq)) {
		struct rtos_tmevt *ev =
			RTOS_CONTAINER_OF(rtos.timeq.next, struct rtos_tmevt, node);

		if (ev->at > now)
			break;
		queue_remove(&ev->node);
		ev->queued = false;
		ev->fire(ev);
	}
	time_program();
	rtos.handler_depth--;
}
