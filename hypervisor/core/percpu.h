/* SPDX-License-Identifier: MIT */
/* Per-physical-CPU state. */
#ifndef SK_CORE_PERCPU_H
#define SK_CORE_PERCPU_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"

struct vcpu;

struct percpu {
	uint32_t id;          /* logical index: order of /cpus in the DT */
	uint64_t mpidr;
	uint64_t stack_top;   /* EL2 stack; guest exits build frames here */
	struct vcpu *vcpu;    /* the vCPU this CPU runs, or NULL */
	uint32_t online;      /* set by the CPU itself once initialised */
};

extern struct percpu percpu[SK_MAX_CPUS];

/* This CPU's entry (arch code keeps the pointer in a register). */
struct percpu *this_cpu(void);
void percpu_set_current(struct percpu *pc);

#endif
