/* SPDX-License-Identifier: MIT */
#include "stubs/fake_counter.h"

#include "arch/cpu.h"

static uint64_t counter_now;
static uint64_t counter_freq = FAKE_COUNTER_DEFAULT_FREQ;

void fake_counter_reset(void)
{
	counter_now = 0;
	counter_freq = FAKE_COUNTER_DEFAULT_FREQ;
}

void fake_counter_set(uint64_t now)
{
	counter_now = now;
}

void fake_counter_advance(uint64_t ticks)
{
	counter_now += ticks;
}

void fake_counter_set_freq(uint64_t hz)
{
	counter_freq = hz;
}

uint64_t arch_counter(void)
{
	return counter_now;
}

uint64_t arch_counter_freq(void)
{
	return counter_freq;
}
