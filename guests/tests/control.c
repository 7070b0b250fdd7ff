// SPDX-License-Identifier: MIT
/*
 * A heartbeat guest driven by console keys, for the management, fault
 * policy and watchdog tests. It kicks its watchdog at every beat until
 * told not to.
 *
 *   i        status of partitions 0-3            "status <id>: <rc> ..."
 *   R<id>    restart partition <id>              "restart <id>: <rc>"
 *   S<id>    stop partition <id>                 "stop <id>: <rc>"
 *   x        own statistics                      "stats: ..."
 *   c        CPU 0's scheduler statistics (manager only; docs/scheduling.md)
 *                                                "sched 0: ..."
 *   l        beat lateness and interrupt counts  "lateness: ..."
 *   g        send itself SGI 1, which it never expects: the
 *            "unexpected interrupt" report must follow
 *   h        hog: spin CONTROL_HOG_MS without beating (a stall the beat
 *            loop must report)                   "hogging"
 *   W / w    stop / resume kicking the watchdog
 *   a        wedge: exception vector unmapped, then a stray access
 *   o / b    PSCI SYSTEM_OFF / SYSTEM_RESET
 *   e        SYSTEM_RESET with a timer interrupt acknowledged and not
 *            ended (the restarted guest must still get timer interrupts)
 *                                               "resetting with a timer interrupt in flight"
 *   f        a fault storm: CONTROL_STORM stray reads, each answered by an
 *            external abort its own handler skips   "storm: <n> contained"
 */
#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"
#include "try.h"

#define CONTROL_PARTITIONS 4u
/* Nothing is mapped here in a test partition. */
#define CONTROL_UNMAPPED  0x30000000ul

#define CONTROL_STORM 100000u
/* More than a heartbeat period (GUEST_BEAT_PERIOD_MS) plus one. */
#define CONTROL_HOG_MS 500u

static bool kicking = true;
static struct guest_beat beat;
static int pending_command; /* 'R' or 'S' waiting for its partition id */

static void control_status(void)
{
	for (uint32_t id = 0; id < CONTROL_PARTITIONS; id++) {
		struct sk_hc_result r = sk_hvc(SK_HC_PARTITION_STATUS, id, 0, 0);

		guest_printf("status %u: %d state %llu restarts %llu vcpus %llu\n",
			     id, (int)r.status, (unsigned long long)r.r1,
			     (unsigned long long)r.r2, (unsigned long long)r.r3);
	}
}

static void control_stats(void)
{
	static struct sk_partition_stats st;
	struct sk_hc_result id = sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0);
	struct sk_hc_result r = sk_hvc(SK_HC_PARTITION_STATS, id.r1,
				       (uint64_t)(uintptr_t)&st, sizeof(st));

	guest_printf("stats: %d bytes %llu exits %llu hypercalls %llu faults %llu denied %llu restarts %llu\n",
		     (int)r.status, (unsigned long long)r.r1,
		     (unsigned long long)st.exits,
		     (unsigned long long)st.exits_hypercall,
		     (unsigned long long)st.faults,
		     (unsigned long long)st.denied,
		     (unsigned long long)st.restarts);
}

static void control_sched_stats(void)
{
	static struct sk_sched_stats st;
	struct sk_hc_result r = sk_hvc(SK_HC_SCHED_STATS, 0,
				       (uint64_t)(uintptr_t)&st, sizeof(st));

	guest_printf("sched 0: %d bytes %llu shared %u switches %llu vcpus %u run %llu %llu ns\n",
		     (int)r.status, (unsigned long long)r.r1, st.shared,
		     (unsigned long long)st.switches, st.vcpu_count,
		     (unsigned long long)st.vcpus[0].run_ns,
		     (unsigned long long)st.vcpus[1].run_ns);
}

static void control_wedge(void)
{
	guest_printf("wedging\n");
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(CONTROL_UNMAPPED));
	(void)guest_mmio_read32(CONTROL_UNMAPPED);
	guest_printf("still here?\n");
}

/* Bound on waiting for the timer interrupt to be pending. */
#define CONTROL_IRQ_POLLS 1000000u
#define ISR_EL1_I (1u << 7)

static void control_reset_in_flight(void)
{
	uint64_t isr = 0;
	uint32_t iar;

	guest_timer_arm(guest_counter()); /* due now */
	for (uint32_t i = 0; i < CONTROL_IRQ_POLLS && (isr & ISR_EL1_I) == 0; i++)
		__asm__ volatile("mrs %0, isr_el1" : "=r"(isr));
	iar = guest_irq_ack(); /* active now; never ended */
	guest_printf("resetting with a timer interrupt in flight (INTID %u)\n",
		     iar & 0xffffffu);
	(void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
}

static void control_storm(void)
{
	guest_printf("storm: %u contained\n",
		     guest_fault_storm(CONTROL_UNMAPPED, CONTROL_STORM));
}

static bool control_key(int c)
{
	if (pending_command != 0) {
		uint32_t id = (uint32_t)(c - '0');
		struct sk_hc_result r = sk_hvc(pending_command == 'R'
					       ? SK_HC_PARTITION_RESTART
					       : SK_HC_PARTITION_STOP, id, 0, 0);

		guest_printf("%s %u: %d\n", pending_command == 'R' ? "restart" : "stop",
			     id, (int)r.status);
		pending_command = 0;
		return true;
	}
	switch (c) {
	case 'i': control_status(); return true;
	case 'x': control_stats(); return true;
	case 'c': control_sched_stats(); return true;
	case 'l': guest_beat_report(&beat); return true;
	case 'g': guest_irq_send_sgi_self(1); return true;
	case 'h': guest_printf("hogging\n"); guest_delay_ms(CONTROL_HOG_MS); return true;
	case 'R':
	case 'S': pending_command = c; return true;
	case 'W': kicking = false; guest_printf("watchdog kicking off\n"); return true;
	case 'w': kicking = true; guest_printf("watchdog kicking on\n"); return true;
	case 'a': control_wedge(); return true;
	case 'f': control_storm(); return true;
	case 'o': (void)sk_hvc(PSCI_SYSTEM_OFF, 0, 0, 0); return true;
	case 'b': (void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0); return true;
	case 'e': control_reset_in_flight(); return true;
	default: return false;
	}
}

static void control_beat(void)
{
	if (kicking)
		(void)sk_hvc(SK_HC_WATCHDOG_KICK, 0, 0, 0);
}

int main(uint64_t dtb)
{
	guest_hello(dtb);
	guest_beat_init(&beat);
	beat.on_key = control_key;
	beat.on_beat = control_beat;
	guest_beat_forever(&beat);
}
