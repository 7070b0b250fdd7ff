/* SPDX-License-Identifier: MIT */
/*
 * What the kernel needs from the architecture (arch/arm64/, or the host
 * unit tests' fake). Times are counter ticks (CNTVCT on arm64).
 */
#ifndef RTOS_ARCH_H
#define RTOS_ARCH_H

#include <stdint.h>

struct rtos_tcb;

#define RTOS_NEVER UINT64_MAX

uint64_t rtos_arch_now(void);
uint64_t rtos_arch_freq(void);              /* ticks per second */
/* The kernel's next time event: call rtos_time_event() at `at` (or at
 * once if it has passed); RTOS_NEVER: none. */
void rtos_arch_set_timer(uint64_t at);
/* Masks interrupts; returns what rtos_arch_irq_restore() puts back. */
uint64_t rtos_arch_irq_save(void);
void rtos_arch_irq_restore(uint64_t saved);
/* Makes `t` start afresh at its entry point when next switched to. */
void rtos_arch_task_init(struct rtos_tcb *t);
/* Saves the running context in `from` (NULL: the caller is gone for good)
 * and resumes `to`; returns when `from` runs again. Interrupts masked. */
void rtos_arch_switch(struct rtos_tcb *from, struct rtos_tcb *to);
/* Nothing to run: wait for an interrupt (returns after one was taken). */
void rtos_arch_idle(void);
/* The kernel cannot go on (a broken invariant, a call that cannot return
 * an error): say why on the console and stop. */
void rtos_arch_fatal(const char *why) __attribute__((noreturn));

#endif /* RTOS_ARCH_H */
