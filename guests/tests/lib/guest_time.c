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
