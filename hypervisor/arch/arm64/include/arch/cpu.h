/* SPDX-License-Identifier: MIT */
/* Per-CPU EL2 set-up and CPU-level operations. */
#ifndef SK_ARCH_CPU_H
#define SK_ARCH_CPU_H

#include <stdbool.h>
#include <stdint.h>

/* Programs the EL2 controls that make EL1 a guest: traps, stage-2 format,
 * timer and debug access. Same on every CPU. */
void arch_cpu_init_virt(void);
uint64_t arch_cpu_mpidr(void);
/* Masks interrupts and stops this CPU for good. */
__attribute__((noreturn)) void arch_cpu_halt(void);
/* vectors.S: sp = stack_top, interrupts on, WFI forever. */
__attribute__((noreturn)) void cpu_park(uint64_t stack_top);
/* Physical address bits the CPU implements (ID_AA64MMFR0_EL1.PARange). */
uint32_t arch_cpu_pa_bits(void);
/* The physical address bits shikiri's tables can reach: the CPU's, at most
 * 48 (52-bit output needs descriptor formats shikiri does not use). */
uint32_t arch_cpu_oa_bits(void);
/* The 3-bit physical-size field for `bits` as TCR_EL2.PS and VTCR_EL2.PS
 * take it (the ID_AA64MMFR0_EL1.PARange encoding), capped at 48 bits:
 * 52-bit output needs descriptors shikiri does not use. */
uint64_t arch_pa_size_field(uint32_t bits);
/* This CPU is shared by several vCPUs: WFI traps. */
void arch_cpu_set_shared(void);
/* Whether vCPUs can share a CPU of this processor (its registers are all
 * switched); false + reason otherwise. */
bool arch_cpu_shareable(char *err, uint32_t err_size);

#endif

#ifndef SK_ARCH_CPU_COUNTER
#define SK_ARCH_CPU_COUNTER
/* The system counter (CNTPCT_EL0) and its frequency in Hz. */
uint64_t arch_counter(void);
uint64_t arch_counter_freq(void);

/* A span of counter ticks in nanoseconds (0 if the frequency is unknown),
 * without overflowing for spans of centuries. */
static inline uint64_t arch_counter_ticks_to_ns(uint64_t ticks)
{
	const uint64_t ns_per_s = 1000000000ull;
	uint64_t freq = arch_counter_freq();

	if (freq == 0)
		return 0;
	return ticks / freq * ns_per_s + ticks % freq * ns_per_s / freq;
}
/* The EL2 physical timer of this CPU (PPI 26): fire at counter value cval,
 * or never. */
void arch_hyp_timer_set(uint64_t cval);
void arch_hyp_timer_stop(void);
/*
 * A hint that this CPU is busy-waiting, called on every turn of a spin
 * loop (YIELD; host tests link a no-op). It matters on an emulated board:
 * under QEMU's round-robin TCG a waiter that does not yield burns its
 * whole time slice, and under `-icount` that slice is emulated time the
 * CPU it waits for does not get.
 */
void arch_cpu_relax(void);
/* After an index was clamped (arch/nospec.h): the CPU may not predict the
 * clamped value (CSDB; host tests link a no-op). */
void arch_speculation_barrier(void);
/* This CPU is one of those Arm lists as not affected by Spectre variant 2,
 * variant 4 (speculative store bypass) or Spectre-BHB, so it needs none of
 * the SMCCC_ARCH_WORKAROUND_1/2/3 mitigations. */
bool arch_cpu_speculation_safe(void);
#endif
