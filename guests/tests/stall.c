// SPDX-License-Identifier: MIT
/*
 * stall: a neighbour that stalls another CPU's partition at chosen
 * instants, under QEMU's -icount (tests/system/test_rtos.py, issue 15
 * item 8).
 *
 * QEMU 7.2 runs every CPU of an -icount machine on one host thread, and a
 * CPU that computes keeps that thread (docs/rtos.md, "a busy neighbour
 * starves it"): while this guest spins, the other CPUs do not advance at
 * all, while virtual time does. So each turn below freezes the other CPU
 * for STALL_HOG_TICKS (more than the RTOS demo's 1 ms period, so at least
 * one of its timer deadlines passes meanwhile) exactly where it was at the
 * moment this guest woke up: `x` ticks after this guest last went to
 * sleep, which is where the other CPU started running again, less `pad`
 * turns of a 4-instruction loop between arming the timer and sleeping (a
 * tick is 16 instructions under -icount shift=0). Sweeping both puts the
 * freeze, 4 ns apart, at every point of the other partition's path from
 * "I run again" through its timer interrupt to its tasks — the
 * way a loaded host deschedules a vCPU thread without -icount, on purpose
 * and repeatably. A real-time partition must measure its own time
 * correctly through any such stall: it may report being late, never early.
 *
 * Prints "stall: sweep <n> done" after each sweep.
 */
#include "guest.h"
#include "console.h"
#include "guest_time.h"
#include "irq.h"

/* Wake-up offsets tried, in counter ticks (16 ns at 62.5 MHz): up to
 * 1.6 us, the other partition's whole way from its interrupt to a task
 * (in the RTOS demo, the release is measured about 640 ns in). */
#define STALL_SWEEP_TICKS 100u
/* Sub-tick steps: a tick is four turns of the padding loop. */
#define STALL_PADS 4u
/* 1.2 ms: more than one 1 ms period of the RTOS demo. */
#define STALL_HOG_TICKS 75000u
/* Turns between looks at the counter: reading it ends QEMU's translation
 * block (the ISB), a plain turn does not, so the hog runs fast. */
#define STALL_BATCH 64u
#define STALL_START_MS 300u

static void hog_until(uint64_t end)
{
	while (guest_counter() < end) {
		for (uint32_t i = 0; i < STALL_BATCH; i++)
			__asm__ volatile("" ::: "memory");
	}
}

/* Sleeps until the counter reaches deadline, `pad` loop turns after
 * arming the timer: the other CPU runs from the WFI on, so it gets that
 * much less time before this guest wakes. */
static void sleep_padded(uint64_t deadline, uint32_t pad)
{
	guest_timer_arm(deadline);
	for (uint32_t i = 0; i < pad; i++)
		__asm__ volatile("nop" ::: "memory");
	guest_sleep_until(deadline);
}

int main(uint64_t dtb)
{
	guest_hello(dtb);
	(void)guest_irq_init();
	/* Let the other partition start. */
	guest_sleep_until(guest_counter() + guest_ms_to_ticks(STALL_START_MS));
	for (uint32_t sweep = 1;; sweep++) {
		for (uint32_t x = 1; x <= STALL_SWEEP_TICKS; x++) {
			for (uint32_t pad = 0; pad < STALL_PADS; pad++) {
				sleep_padded(guest_counter() + x, pad);
				hog_until(guest_counter() + STALL_HOG_TICKS);
			}
		}
		guest_printf("stall: sweep %u done\n", sweep);
	}
}
