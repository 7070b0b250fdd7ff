// SPDX-License-Identifier: MIT
/* The scheduler: ready queue by priority, and when to switch tasks. */
#include "kernel/kernel.h"

struct rtos_kernel rtos;

uint64_t kernel_enter(void)
{
	return rtos_arch_irq_save();
}

void kernel_leave(uint64_t saved)
{
	rtos_arch_irq_restore(saved);
}

bool kernel_cannot_wait(void)
{
	return rtos.handler_depth > 0 || rtos.cpu_locked || rtos.dsp_disabled ||
	       rtos.runtsk == NULL;
}

static uint32_t pri_bit(PRI pri)
{
	return 1u << (uint32_t)(pri - 1);
}

/* Tasks of one priority run in the order they became ready (μITRON
 * 4.0, 3.2.2); a preempted task stays at the head of its priority. */
void kernel_make_ready(struct rtos_tcb *t)
{
	t->state = RTOS_READY;
	queue_insert_before(&rtos.ready[t->pri - 1], &t->node);
	rtos.ready_map |= pri_bit(t->pri);
}

void kernel_make_unready(struct rtos_tcb *t)
{
	queue_remove(&t->node);
	if (queue_empty(&rtos.ready[t->pri - 1]))
		rtos.ready_map &= ~pri_bit(t->pri);
}

void kernel_change_priority(struct rtos_tcb *t, PRI pri)
{
	if (t->state == RTOS_READY) {
		kernel_make_unready(t);
		t->pri = pri;
		kernel_make_ready(t);
		return;
	}
	t->pri = pri;
	wait_reorder(t);
}

static struct rtos_tcb *highest_ready(void)
{
	uint32_t p;

	if (rtos.ready_map == 0)
		return NULL;
	p = (uint32_t)__builtin_ctz(rtos.ready_map);
	return RTOS_CONTAINER_OF(rtos.ready[p].next, struct rtos_tcb, node);
}

/*
 * Runs the highest-priority ready task. Called in task context (a
 * service call, or the tail of an interrupt that interrupted a task),
 * interrupts masked. `save`: the caller goes on later (false: it exited).
 * With nothing ready the CPU sleeps here, on the caller's stack; interrupt
 * handlers taken meanwhile do not switch (rtos.idling), this loop does.
 */
static void dispatch(bool save)
{
	struct rtos_tcb *self = rtos.runtsk;

	rtos.schedtsk = highest_ready();
	if (!rtos.started || rtos.handler_depth > 0 || rtos.cpu_locked ||
	    rtos.dsp_disabled || rtos.idling)
		return; /* kernel_handler_exit / unl_cpu / ena_dsp switch later */
	if (rtos.schedtsk == NULL) {
		rtos.idling = true;
		rtos.runtsk = NULL;
		do {
			rtos_arch_idle();
			rtos.schedtsk = highest_ready();
		} while (rtos.schedtsk == NULL);
		rtos.idling = false;
		rtos.runtsk = self;
	}
	if (save && rtos.schedtsk == self)
		return;
	rtos.runtsk = rtos.schedtsk;
	rtos_arch_switch(save ? self : NULL, rtos.runtsk);
}

void kernel_dispatch(void)
{
	dispatch(true);
}

void kernel_exit_dispatch(void)
{
	dispatch(false);
}

void rtos_kernel_start(void)
{
	rtos.started = true;
	rtos.runtsk = NULL;
	dispatch(false);
}

void kernel_handler_exit(void)
{
	if (rtos.handler_depth == 0 && !rtos.idling)
		dispatch(true);
}
