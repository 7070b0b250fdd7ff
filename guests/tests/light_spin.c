// SPDX-License-Identifier: MIT
/*
 * light-spin: a guest that does nothing but exits the hypervisor's light
 * path answers (hypervisor/arch/arm64/trap.c, trap_light): PSCI_VERSION by
 * HVC, SMCCC_VERSION by SMC and a read of GICD_TYPER, in turn, with x4-x30
 * set to values of its own (its seed: the counter at start, so two
 * copies differ) around each (light_spin_regs.S). Each time its virtual
 * clock passes a whole second it prints
 *   "light-spin: <calls> calls by <s> s, regs <kept|CHANGED> 0x<mask>, answers wrong <n>"
 * (tests/system/test_redteam21.py: two of them share a CPU under time
 * windows; a manager stops and restarts one while it spins).
 */
#include "console.h"
#include "guest.h"
#include "guest_time.h"

uint64_t light_spin_call(uint64_t kind, uint64_t seed, uint64_t *answer);

#define BATCH 64u
#define PSCI_VERSION_1_0 0x10000u
#define SMCCC_VERSION_1_1 0x10001u

int main(uint64_t dtb)
{
	uint64_t second = guest_ms_to_ticks(GUEST_MS_PER_S);
	uint64_t next;
	uint64_t seed = guest_counter() << 12;
	uint64_t calls = 0;
	uint64_t changed = 0;
	uint64_t typer = 0;
	uint64_t wrong = 0;
	uint32_t s = 0;

	guest_hello(dtb);
	(void)light_spin_call(2u, seed, &typer);
	next = guest_counter() + second;
	for (;;) {
		for (uint32_t i = 0; i < BATCH; i++) {
			uint64_t kind = calls % 3u;
			uint64_t answer = 0;
			uint64_t want = kind == 0u ? PSCI_VERSION_1_0 :
					kind == 1u ? SMCCC_VERSION_1_1 : typer;

			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			/* Room for seed + 30 without a carry into the pattern's top. */
			changed |= light_spin_call(kind, seed & ~0xffull, &answer);
			wrong += answer != want;
			calls++;
		}
		if (guest_counter() >= next) {
			s++;
			next += second;
			guest_printf("light-spin: %llu calls by %u s, regs %s 0x%llx, answers wrong %llu\n",
				     (unsigned long long)calls, s,
				     changed == 0u ? "kept" : "CHANGED",
				     (unsigned long long)changed,
				     (unsigned long long)wrong);
		}
	}
}
