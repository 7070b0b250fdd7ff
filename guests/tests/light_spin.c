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
 *
 * With "sgi=<n>" in /chosen/bootargs it also sends itself SGI n between
 * its light exits, half of the time with its interrupts masked over a few
 * more light exits (the SGI waits in its list register), and counts what
 * it takes: every SGI it sent exactly once and nothing else but its own
 * timer. Each second it adds
 *   "light-spin: sgi <n>: sent <s>, taken <t>, foreign <f> (last <intid>)"
 * (two of them with different SGIs share a CPU: the list registers the
 * vGIC keeps across a switch, released lazily once ended, must show
 * neither the other's interrupt nor lose one of its own).
 */
#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"

uint64_t light_spin_call(uint64_t kind, uint64_t seed, uint64_t *answer);

#define BATCH 64u
/* Light exits an SGI waits in its LR, masked, every other turn. */
#define SGI_HELD_CALLS 48u
#define PSCI_VERSION_1_0 0x10000u
#define SMCCC_VERSION_1_1 0x10001u

static volatile uint32_t sgi_mine;
static volatile uint64_t sgi_taken;
static volatile uint64_t sgi_foreign;
static volatile uint32_t sgi_last_foreign;

static void sgi_irq(uint32_t intid)
{
	if (intid == sgi_mine) {
		sgi_taken = sgi_taken + 1u;
	} else if (intid != GUEST_INTID_VTIMER) {
		sgi_foreign = sgi_foreign + 1u;
		sgi_last_foreign = intid;
	}
}

/* One SGI to itself: taken at once, or (masked) after a few light exits,
 * while it waits in an LR. */
static void sgi_turn(uint64_t turn, uint64_t seed)
{
	uint64_t answer;

	/* Open first: an interrupt of the other partition's left in an LR
	 * over the switch is taken here, before this one's own SGI would
	 * make the vGIC rewrite that LR. */
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
	if ((turn & 1u) != 0u) {
		guest_irq_send_sgi_self(sgi_mine);
		__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
		return;
	}
	guest_irq_send_sgi_self(sgi_mine);
	for (uint32_t i = 0; i < SGI_HELD_CALLS; i++)
		(void)light_spin_call(i % 3u, seed & ~0xffull, &answer);
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

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

	uint64_t sgis = 0;
	uint64_t n = guest_bootargs_number(dtb, "sgi=", GUEST_INTID_SGI_COUNT);

	guest_hello(dtb);
	if (n < GUEST_INTID_SGI_COUNT) {
		(void)guest_irq_init();
		sgi_mine = (uint32_t)n;
		guest_irq_set_owner(sgi_irq, NULL);
	} else {
		sgi_mine = GUEST_INTID_SPURIOUS;
	}
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
			if (sgi_mine != GUEST_INTID_SPURIOUS && (calls & 7u) == 0u) {
				sgi_turn(sgis, seed);
				sgis++;
			}
		}
		if (guest_counter() >= next) {
			s++;
			next += second;
			guest_printf("light-spin: %llu calls by %u s, regs %s 0x%llx, answers wrong %llu\n",
				     (unsigned long long)calls, s,
				     changed == 0u ? "kept" : "CHANGED",
				     (unsigned long long)changed,
				     (unsigned long long)wrong);
			if (sgi_mine != GUEST_INTID_SPURIOUS)
				guest_printf("light-spin: sgi %u: sent %llu, taken %llu, foreign %llu (last %u)\n",
					     sgi_mine, (unsigned long long)sgis,
					     (unsigned long long)sgi_taken,
					     (unsigned long long)sgi_foreign,
					     sgi_last_foreign);
		}
	}
}
