/* SPDX-License-Identifier: MIT */
/* Per-physical-CPU state. */
#ifndef SK_CORE_PERCPU_H
#define SK_CORE_PERCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/percpu.h"
#include "core/config_format.h"

struct vcpu;

struct percpu {
	uint32_t id;          /* logical index: order of /cpus in the DT */
	uint64_t mpidr;
	uint64_t stack_top;   /* EL2 stack; guest exits build frames here */
	struct vcpu *vcpu;    /* the vCPU this CPU runs, or NULL */
	uint32_t online;      /* set by the CPU itself once initialised */
	/* Its arch half: the timer fast path's fields, which
	 * arch/arm64/vectors.S reads (arch/percpu.h, arch/asm_offsets.h). */
	struct percpu_arch arch;
	/* Shared CPUs (docs/scheduling.md): the scheduler runs here, and
	 * something changed since it last decided (atomic; any CPU sets it,
	 * then kicks this one). Read on every exit, so kept here. */
	uint32_t shared;
	uint32_t resched;
	/* Its EL2 timer also fires here for the console's hold
	 * (console_hold_timer_arm; 0: not armed). */
	uint64_t console_hold_deadline;
};

extern struct percpu percpu[SK_MAX_CPUS];

/* This CPU's entry (arch code keeps the pointer in a register). */
struct percpu *this_cpu(void);
void percpu_set_current(struct percpu *pc);

#endif
