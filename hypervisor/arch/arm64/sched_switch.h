/* SPDX-License-Identifier: MIT */
/* Running core/sched.c's decisions on a shared CPU (docs/scheduling.md). */
#ifndef SK_ARCH_ARM64_SCHED_SWITCH_H
#define SK_ARCH_ARM64_SCHED_SWITCH_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* This CPU is shared (its scheduler runs). */
bool sched_cpu_is_shared(void);
/* Makes shared CPU cpu decide again at its next chance (callers kick it
 * when it is another CPU). Nothing for a dedicated CPU. */
void sched_poke(uint32_t cpu);
/* This CPU was poked since it last decided. */
bool sched_wanted(void);
/* Decides, and switches when another vCPU (or idle) wins: then no return.
 * self: the vCPU whose exit this is (NULL when idle); keep: false when
 * self is off, so nothing of it is saved. */
void sched_run(struct vcpu *self, bool keep);
/* The running vCPU executed WFI: it blocks unless it would wake at once. */
void sched_wfi(struct vcpu *v);
/* The scheduler's timer (PPI 30) fired. */
void sched_timer_fired(void);
/* v is on this shared CPU but switched out: turns it off at once (a stop
 * request nobody else would act on). False if that is not the case. */
bool sched_stop_switched_out(struct vcpu *v);

#endif
