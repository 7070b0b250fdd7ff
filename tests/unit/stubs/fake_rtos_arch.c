/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the RTOS's architecture layer (guests/rtos/kernel/
 * arch.h). Nothing really switches: after a switch the test simply acts
 * as the task now running (rtos.runtsk), and a call that would have
 * blocked returns RTOS_WAITING. Time is a number the test moves; idling
 * jumps it to the next timer event and fires it, like QEMU's
 * -icount sleep=off, and fails the test if there is none (a deadlock).
 */
#include "stubs/fake_rtos_arch.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

struct fake_rtos_arch fake_arch;

void fake_rtos_arch_reset(void)
{
	fake_arch = (struct fake_rtos_arch){ .timer = RTOS_NEVER };
}

uint64_t rtos_arch_now(void)
{
	return fake_arch.now;
}

uint64_t rtos_arch_freq(void)
{
	return FAKE_RTOS_FREQ;
}

void rtos_arch_set_timer(uint64_t at)
{
	fake_arch.timer = at;
}

uint64_t rtos_arch_irq_save(void)
{
	fake_arch.irq_depth++;
	return 0;
}

void rtos_arch_irq_restore(uint64_t saved)
{
	(void)saved;
	assert_true(fake_arch.irq_depth > 0);
	fake_arch.irq_depth--;
}

void rtos_arch_task_init(struct rtos_tcb *t)
{
	fake_arch.inits++;
	fake_arch.last_init = t;
}

void rtos_arch_switch(struct rtos_tcb *from, struct rtos_tcb *to)
{
	fake_arch.switches++;
	fake_arch.last_from = from;
	fake_arch.last_to = to;
}

void fake_rtos_advance_to(uint64_t t)
{
	fake_arch.now = t;
	while (fake_arch.timer != RTOS_NEVER && fake_arch.timer <= fake_arch.now) {
		fake_arch.timer_irqs++;
		rtos_time_event();
	}
	kernel_handler_exit();
}

void rtos_arch_idle(void)
{
	fake_arch.idles++;
	if (fake_arch.timer == RTOS_NEVER)
		fail_msg("nothing ready and no timer set: the kernel would sleep forever");
	if (fake_arch.timer > fake_arch.now)
		fake_arch.now = fake_arch.timer;
	fake_arch.timer_irqs++;
	rtos_time_event();
}

void rtos_arch_fatal(const char *why)
{
	fail_msg("rtos_arch_fatal: %s", why);
	for (;;)
		;
}
