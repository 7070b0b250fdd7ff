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
	/* The timer fast path (arch/arm64/vectors.S; offsets in
	 * asm_offsets.h): on, the list register content to write, the LRs
	 * the vGIC holds (not to be used), an interrupt the vector already
	 * acknowledged for irq_handle (bit 31: valid), where to count its
	 * injections (the vCPU's fast_irqs). */
	uint32_t vtf_on;
	uint64_t vtf_lr;
	const uint32_t *vtf_held;
	uint32_t preacked;
	uint64_t *vtf_count;
	/* Shared CPUs (docs/scheduling.md): the scheduler runs here, and
	 * something changed since it last decided (atomic; any CPU sets it,
	 * then kicks this one). Read on every exit, so kept here. */
	uint32_t shared;
	uint32_t resched;
};

extern struct percpu percpu[SK_MAX_CPUS];

/* This CPU's entry (arch code keeps the pointer in a register). */
struct percpu *this_cpu(void);
void percpu_set_current(struct percpu *pc);

#endif
