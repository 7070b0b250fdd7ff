/* SPDX-License-Identifier: MIT */
/*
 * The one path back into a guest: every exit (trap.c, irq.c) and every
 * switch to a vCPU on a shared CPU (sched_switch.c) ends in
 * vcpu_before_entry. Inline: it is on every exit's path, and the
 * caller's constant 'from' folds the scheduler's step away where it does
 * not apply (an out-of-line call with the argument cost each exit 3
 * instructions, bench/run.py --only micro).
 */
#ifndef SK_CORE_VCPU_ENTRY_H
#define SK_CORE_VCPU_ENTRY_H

#include "core/sched_arch.h"

struct vcpu;

/* Where a return to the guest comes from. */
enum vcpu_entry {
	VCPU_ENTRY_AFTER_EXIT,  /* v exited (trap, interrupt): on a shared CPU
				 * the scheduler decides first */
	VCPU_ENTRY_SWITCHED_IN, /* the scheduler just switched v in (it has
				 * decided) */
};

/* The steps after the scheduler's (core/vcpu.c): v's requests (a stop: no
 * return), console input for the partition with the focus, the virtual
 * GIC's list registers. Only through vcpu_before_entry. */
void vcpu_entry_work(struct vcpu *v);

/* Before every return to v: step 1, after an exit on a shared CPU that
 * was poked, the scheduler decides (sched_run; a switch does not return);
 * step 2, vcpu_entry_work. */
static inline __attribute__((always_inline)) void
vcpu_before_entry(struct vcpu *v, enum vcpu_entry from)
{
	if (from == VCPU_ENTRY_AFTER_EXIT && sched_wanted())
		sched_run(v, true);
	vcpu_entry_work(v);
}

#endif
