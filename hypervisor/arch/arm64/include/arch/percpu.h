/* SPDX-License-Identifier: MIT */
/*
 * The arm64 half of a physical CPU's entry (struct percpu's `arch`,
 * core/percpu.h): the timer fast path's fields, which the IRQ vector reads
 * (arch/arm64/vectors.S) at the offsets in arch/asm_offsets.h, checked
 * against this layout at compile time (arch/arm64/irq.c).
 */
#ifndef SK_ARCH_PERCPU_H
#define SK_ARCH_PERCPU_H

#include <stdint.h>

/*
 * vtf_on: the path is armed; vtf_lr: the list register content to write;
 * vtf_held: the LRs the vGIC holds (not to be used); preacked: an interrupt
 * the vector already acknowledged for irq_handle (bit 31, PREACKED_VALID:
 * valid); vtf_count: where to count its injections (the vCPU's fast_irqs).
 */
struct percpu_arch {
	uint32_t vtf_on;
	uint64_t vtf_lr;
	const uint32_t *vtf_held;
	uint32_t preacked;
	uint64_t *vtf_count;
};

#endif
