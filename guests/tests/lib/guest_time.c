// SPDX-License-Identifier: MIT
#include "guest_time.h"

uint64_t guest_boot_count;
volatile struct guest_irq_stamp guest_irq_stamp;

void guest_delay_ms(uint32_t ms)
{
	uint64_t start = guest_counter();
	uint64_t ticks = guest_ms_to_ticks(ms);

	/* Unsigned difference: correct across a counter wrap. The loop ends
	 * when the counter has advanced, which the architecture guarantees. */
	while (guest_counter() - start < ticks)
		;
}

#define PS_PER_S 1000000000000ull
/* Counter ticks the spin-turn cost is measured over. */
#define TURN_CAL_TICKS 20000u

void guest_fine_clock_init(struct guest_fine_clock *c)
{
	uint64_t start = guest_counter() + 1u;
	uint64_t turns;

	c->tick_ps = PS_PER_S / guest_counter_freq();
	(void)guest_spins_to_tick(start); /* start on a tick edge */
	turns = guest_spins_to_tick(start + TURN_CAL_TICKS);
	c->turn_ps = turns != 0 ? TURN_CAL_TICKS * c->tick_ps / turns : 0;
}

uint64_t guest_fine_time_ps(const struct guest_fine_clock *c, uint64_t tick,
			    uint64_t turns)
{
	uint64_t refine = turns * c->turn_ps;

	return tick * c->tick_ps - (refine < c->tick_ps ? refine : c->tick_ps);
}

uint64_t guest_fine_now_ps(const struct guest_fine_clock *c)
{
	uint64_t next = guest_counter() + 1u;

	return guest_fine_time_ps(c, next, guest_spins_to_tick(next));
}
