/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the system counter (arch_counter, arch_counter_freq in
 * arch/arm64): a clock that stands still until the test moves it.
 */
#ifndef SK_TEST_FAKE_COUNTER_H
#define SK_TEST_FAKE_COUNTER_H

#include <stdint.h>

/* QEMU virt's CNTFRQ_EL0: 62.5 MHz. */
#define FAKE_COUNTER_DEFAULT_FREQ 62500000ull

/* Counter back to 0, frequency back to the default. */
void fake_counter_reset(void);
/* What arch_counter() returns from now on. */
void fake_counter_set(uint64_t now);
void fake_counter_advance(uint64_t ticks);
/* What arch_counter_freq() returns from now on (Hz). */
void fake_counter_set_freq(uint64_t hz);

#endif
