/* SPDX-License-Identifier: MIT */
/* Time for the test guests: the generic timer's virtual counter. */
#ifndef GUEST_TIME_H
#define GUEST_TIME_H

#include <stdint.h>

#define GUEST_MS_PER_S 1000u

/* Counter frequency in Hz (CNTFRQ_EL0). */
static inline uint64_t guest_counter_freq(void)
{
	uint64_t freq;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq;
}

/* Virtual count (CNTVCT_EL0). The ISB keeps the read from being taken
 * early, out of program order (Arm ARM D11.2.2). */
static inline uint64_t guest_counter(void)
{
	uint64_t count;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(count) : : "memory");
	return count;
}

static inline uint64_t guest_ms_to_ticks(uint32_t ms)
{
	return guest_counter_freq() * ms / GUEST_MS_PER_S;
}

#define GUEST_NS_PER_S 1000000000ull

/* Counter ticks as nanoseconds (spans of up to some minutes: the product
 * stays below 2^64). */
static inline uint64_t guest_ticks_to_ns(uint64_t ticks)
{
	return ticks * GUEST_NS_PER_S / guest_counter_freq();
}

/* Busy-waits ms milliseconds of virtual counter time. */
void guest_delay_ms(uint32_t ms);

/* Physical count (CNTPCT_EL0) at the guest's first instruction (start.S):
 * how long the board ran before this guest did. */
extern uint64_t guest_boot_count;

/*
 * Set by the IRQ vector before anything else (start.S): the counter tick
 * after the one the interrupt arrived in, and the spin turns it took to
 * get there. Entry time = tick * tick length - turns * turn cost, where
 * guest_spins_to_tick() measures the turn cost: finer than one tick.
 */
struct guest_irq_stamp {
	uint64_t tick;
	uint64_t turns;
};
extern volatile struct guest_irq_stamp guest_irq_stamp;

/* Spin turns (the IRQ stamp's loop) until the virtual counter reaches tick. */
uint64_t guest_spins_to_tick(uint64_t tick);

/*
 * Time finer than a counter tick, for measurements: a tick's length and a
 * spin turn's, in picoseconds (under QEMU -icount shift=0: 16000 and 4000,
 * one instruction being 1000 ps).
 */
struct guest_fine_clock {
	uint64_t tick_ps;
	uint64_t turn_ps;
};

/* Measures the turn over many ticks. */
void guest_fine_clock_init(struct guest_fine_clock *c);
/* The moment `turns` turns before the counter reached `tick` (as the IRQ
 * stamp records it), in ps. Refined by at most one tick: more means the
 * spin was disturbed (plain TCG), and the tick is all we know. */
uint64_t guest_fine_time_ps(const struct guest_fine_clock *c, uint64_t tick,
			    uint64_t turns);
/* Now, to a turn: reads the counter and spins to the next tick, so it
 * costs up to a tick of time. */
uint64_t guest_fine_now_ps(const struct guest_fine_clock *c);

#endif /* GUEST_TIME_H */
