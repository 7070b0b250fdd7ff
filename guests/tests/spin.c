// SPDX-License-Identifier: MIT
/*
 * spin: a guest that always wants the CPU (it never waits). It counts loop
 * turns and, each time its virtual clock passes a whole second, prints
 * "spin: <turns> turns by <s> s". Two of them sharing a CPU under time
 * windows (docs/scheduling.md) show each one's share of the processor as
 * the ratio of their turns: under -icount every turn costs the same.
 */
#include "guest.h"
#include "console.h"
#include "guest_time.h"

/* Turns between looks at the clock: cheap, and under a millisecond. */
#define SPIN_BATCH 256u

int main(uint64_t dtb)
{
	uint64_t second = guest_ms_to_ticks(GUEST_MS_PER_S);
	uint64_t next = guest_counter() + second;
	uint64_t turns = 0;
	uint32_t s = 0;

	guest_hello(dtb);
	for (;;) {
		for (uint32_t i = 0; i < SPIN_BATCH; i++) {
			turns++;
			__asm__ volatile("" : "+r"(turns)); /* one real add */
		}
		if (guest_counter() >= next) {
			s++;
			next += second;
			guest_printf("spin: %llu turns by %u s\n",
				     (unsigned long long)turns, s);
		}
	}
}
