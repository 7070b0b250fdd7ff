// SPDX-License-Identifier: MIT
/*
 * redteam: hostile guests from the red-team review of the issue 15 fixes.
 * Its role comes from /chosen/bootargs:
 *
 *   role=setway-storm  best-effort, sharing a CPU with a real-time
 *                      partition: DC ISW at set/way 0, then a trapped PMU
 *                      read (an exit that breaks the set/way "run"), for
 *                      ever. Every DC ISW is then the first of a run and
 *                      shikiri cleans and invalidates the whole of this
 *                      partition's RAM by VA, at EL2, interrupts masked.
 *                      Prints the virtual time of its first flushes:
 *                      "setway-storm: flush <i> took <n> us".
 *   role=spin          the control: a best-effort loop with the same
 *                      trapped PMU read and no set/way operation.
 */
#include <stdbool.h>
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"

#define RT_REPORTED_FLUSHES 4u

static inline void rt_dc_isw(void)
{
	__asm__ volatile("dc isw, %0" : : "r"(0ull) : "memory");
}

static inline void rt_trapped_read(void)
{
	uint64_t v;

	/* PMCR_EL0: trapped on every CPU since the fixes, read as zero. */
	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(v) : : "memory");
}

static void rt_setway_storm(void)
{
	guest_printf("setway-storm: start\n");
	for (uint32_t i = 0; i < RT_REPORTED_FLUSHES; i++) {
		uint64_t t0 = guest_counter();

		rt_dc_isw();
		t0 = guest_ticks_to_ns(guest_counter() - t0) / 1000u;
		rt_trapped_read();
		guest_printf("setway-storm: flush %u took %lu us\n", i, t0);
	}
	guest_printf("setway-storm: storming\n");
	for (;;) { /* deliberately forever */
		rt_dc_isw();
		rt_trapped_read();
	}
}

static void rt_spin(void)
{
	guest_printf("spin: storming\n");
	for (;;) /* deliberately forever */
		rt_trapped_read();
}

int main(uint64_t dtb)
{
	guest_hello(dtb);
	if (guest_bootargs_has(dtb, "role=setway-storm"))
		rt_setway_storm();
	else if (guest_bootargs_has(dtb, "role=spin"))
		rt_spin();
	guest_printf("redteam: no role in bootargs\n");
	for (;;)
		;
}
