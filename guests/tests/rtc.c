// SPDX-License-Identifier: MIT
/*
 * rtc: a partition that owns the board's PL031 RTC (QEMU virt: MMIO at
 * 0x09010000, SPI 2 = INTID 34) on a CPU other than 0, and uses its alarm
 * interrupt the hostile way (tests/system/test_device_irqs.py).
 *
 * 1. A burst of RTC_BURST alarms, each raised at once (match register =
 *    the current count) and waited for: the interrupt must reach this
 *    partition, and on this partition's CPU — the victim partition 0 on
 *    CPU 0 must not see an IRQ exit per alarm. Reports
 *    "rtc run <r>: gic v<g>, <n> of <N> alarms interrupted, victim irq
 *    exits +<v>, stray irqs <s>".
 * 2. Then, by /chosen/bootargs:
 *    end=off    raises the alarm again with interrupts masked, so the
 *               level interrupt stays asserted and is never ended, and
 *               calls PSCI SYSTEM_OFF;
 *    end=reset  the same with SYSTEM_RESET on the first run; the
 *               restarted run does the burst again and beats;
 *    otherwise  beats like heartbeat.
 * The guest is a manager only to read the victim's statistics.
 */
#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

/* PL031 registers (ARM DDI 0224C, 3.2). */
#define RTC_BASE      0x09010000ul
#define RTC_DR        0x000u /* data: the count in seconds */
#define RTC_MR        0x004u /* match: the alarm */
#define RTC_IMSC      0x010u /* interrupt mask set/clear: 1 = enabled */
#define RTC_RIS       0x014u /* raw interrupt status */
#define RTC_ICR       0x01cu /* interrupt clear */
#define RTC_INT       1u     /* the one interrupt bit of IMSC/RIS/ICR */
#define RTC_INTID     34u
/* Writing MR = DR raises the alarm at once, unless the count ticked
 * between the read and the write: try again. */
#define RTC_RAISE_TRIES 4u

#define RTC_BURST     20u
#define RTC_WAIT_MS   50u    /* per alarm, virtual time */
#define RTC_VICTIM    0u     /* partition id of the victim on CPU 0 */

/* CNTV_CTL_EL0 (Arm ARM D17.8.16): enabled and masked. */
#define CNTV_CTL_ENABLE_IMASK 3ul

static volatile uint32_t rtc_irqs;
static volatile uint32_t stray_irqs;

static void rtc_write(uint32_t reg, uint32_t val)
{
	guest_mmio_write32(RTC_BASE + reg, val);
}

static uint32_t rtc_read(uint32_t reg)
{
	return guest_mmio_read32(RTC_BASE + reg);
}

/* Every interrupt, acknowledged and afterwards ended by the runtime. */
static void rtc_guest_irq(uint32_t intid)
{
	if (intid == RTC_INTID) {
		rtc_irqs++;
		rtc_write(RTC_ICR, RTC_INT); /* level: quiet it before EOI */
	} else if (intid == GUEST_INTID_VTIMER) {
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb"
				 : : "r"(CNTV_CTL_ENABLE_IMASK));
	} else {
		stray_irqs++;
	}
}

/* The alarm's interrupt asserted now; false if the RTC never raised it. */
static bool rtc_raise(void)
{
	rtc_write(RTC_IMSC, RTC_INT);
	for (uint32_t i = 0; i < RTC_RAISE_TRIES; i++) {
		rtc_write(RTC_MR, rtc_read(RTC_DR));
		if ((rtc_read(RTC_RIS) & RTC_INT) != 0u)
			return true;
	}
	return false;
}

/* Sleeps until an RTC interrupt after `seen` was taken, or the deadline. */
static void rtc_wait(uint32_t seen, uint64_t deadline)
{
	guest_timer_arm(deadline);
	while (rtc_irqs == seen && (int64_t)(guest_counter() - deadline) < 0)
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2"
				 ::: "memory");
	guest_timer_disarm();
}

static struct sk_partition_stats stats_buf;

/* Partition id's IRQ exits so far (0 if the call is refused). */
static uint64_t irq_exits_of(uint64_t id)
{
	struct sk_hc_result r = sk_hvc(SK_HC_PARTITION_STATS, id,
				       (uint64_t)(uintptr_t)&stats_buf,
				       sizeof(stats_buf));

	return r.status == SK_OK ? stats_buf.exits_irq : 0u;
}

static uint64_t own_restarts(void)
{
	struct sk_hc_result id = sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0);
	struct sk_hc_result r = sk_hvc(SK_HC_PARTITION_STATS, id.r1,
				       (uint64_t)(uintptr_t)&stats_buf,
				       sizeof(stats_buf));

	return r.status == SK_OK ? stats_buf.restarts : 0u;
}

static void rtc_burst(uint64_t run)
{
	uint64_t victim_before = irq_exits_of(RTC_VICTIM);
	uint32_t raised = 0;
	uint32_t got = 0;

	for (uint32_t n = 0; n < RTC_BURST; n++) {
		uint32_t seen = rtc_irqs;

		if (!rtc_raise())
			continue;
		raised++;
		rtc_wait(seen, guest_counter() + guest_ms_to_ticks(RTC_WAIT_MS));
		if (rtc_irqs != seen)
			got++;
	}
	rtc_write(RTC_IMSC, 0u);
	rtc_write(RTC_ICR, RTC_INT);
	guest_printf("rtc run %lu: gic v%u, %u of %u alarms interrupted (%u raised), victim irq exits +%lu, stray irqs %u\n",
		     run, guest_gic_version(), got, RTC_BURST, raised,
		     irq_exits_of(RTC_VICTIM) - victim_before, stray_irqs);
}

/* Leaves the alarm asserted, never taken nor ended, and ends the run. */
static void rtc_leave_raised(uint32_t psci_fn, const char *what)
{
	bool up = rtc_raise();

	guest_printf("rtc: alarm left raised (%s), %s\n", up ? "asserted" : "NOT asserted",
		     what);
	(void)sk_hvc(psci_fn, 0, 0, 0);
	guest_printf("rtc: %s returned\n", what);
	guest_halt();
}

int main(uint64_t dtb)
{
	struct guest_beat beat;
	uint64_t run;

	/* A restarted run finds the alarm of the last one still raised. */
	rtc_write(RTC_IMSC, 0u);
	rtc_write(RTC_ICR, RTC_INT);
	guest_hello(dtb);
	guest_irq_set_owner(rtc_guest_irq, NULL);
	guest_beat_init(&beat);
	run = own_restarts();
	rtc_burst(run);
	if (guest_bootargs_has(dtb, "end=off"))
		rtc_leave_raised(PSCI_SYSTEM_OFF, "SYSTEM_OFF");
	if (guest_bootargs_has(dtb, "end=reset") && run == 0u)
		rtc_leave_raised(PSCI_SYSTEM_RESET, "SYSTEM_RESET");
	guest_beat_forever(&beat);
}
