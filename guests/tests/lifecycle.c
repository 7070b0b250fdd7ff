// SPDX-License-Identifier: MIT
/*
 * lifecycle: a hostile test guest for what a vCPU leaves behind when it
 * turns off and what it finds when it starts (issue 15 items 1 and 2;
 * tests/system/test_lifecycle.py). Its role comes from /chosen/bootargs:
 *
 *   role=victim         the neighbour: fills every EL1/EL0 register with
 *                       recognisable values at every beat, then beats like
 *                       any test guest; key 'l' reports its lateness and
 *                       timer interrupts ("lateness: ..."), key 'z' resets
 *                       the lateness ("lateness: reset").
 *   role=probe-shared   vCPU 0 starts vCPU 1 (on another partition's CPU)
 *                       LC_ROUNDS times; vCPU 1 records every register it
 *                       finds at entry and calls CPU_OFF; vCPU 0 compares
 *                       them with their reset values:
 *                       "el1-probe: <n> rounds, <m> leaked registers".
 *   role=probe-restart  at every boot compares what it finds with the reset
 *                       values (the same line), then dirties every register,
 *                       leaves its timer fired and unanswered and armed
 *                       again 5 ms ahead and calls SYSTEM_RESET, until it
 *                       has restarted LC_RESTARTS times; then beats.
 *   role=timer-masked   lets its virtual timer fire with IRQs masked (the
 *                       interrupt forwarded, never taken), then SYSTEM_OFF.
 *   role=timer-armed    arms its virtual timer 5 ms ahead, then SYSTEM_OFF.
 *   role=timer-hang     lets its virtual timer fire with IRQs masked, then
 *                       spins without kicking its watchdog: the watchdog
 *                       turns it off, running or switched out.
 *   role=kick-storm     (GICv3) enables SGI 1 of its vCPU 1, which it never
 *                       starts and which is placed on another partition's
 *                       CPU, waits LC_STORM_MS, then sends it SGI 1 as fast
 *                       as it can for LC_STORM_MS ("kick-storm: start",
 *                       "kick-storm: done, <n> SGIs").
 *   role=matrix         the hostile cell of the lifecycle matrix
 *                       (tests/system/lifecycle_matrix.py). At every boot
 *                       it reports what it found (the probe-restart line),
 *                       then beats, kicking its watchdog, and takes two
 *                       keys: what to leave behind, then how to stop:
 *                         leftover  T timer due (armed 5 ms ahead),
 *                                   M timer fired with IRQs masked,
 *                                   D the PL031's level interrupt asserted,
 *                                   G SGI 1 pending, E every register dirty
 *                         way       o SYSTEM_OFF, b SYSTEM_RESET,
 *                                   h spin without kicking the watchdog,
 *                                   a abort loop at its vector,
 *                                   p spin kicking the watchdog (for the
 *                                     manager to stop or restart it),
 *                                   c vCPU 1 (on the CPU under test) does
 *                                     the leftover and calls CPU_OFF; then
 *                                     a probe started on vCPU 1 reports
 *                                     "el1-probe: cpu-off, <m> leaked
 *                                     registers".
 *                       It says "matrix: leaving <k>, then <w>" first.
 *   role=keep-a / keep-b  (GICv3) two of them share a CPU under time windows
 *                       (configs/tests/keep.dts): each writes a pattern of
 *                       its own into every register above, x9-x15 (held
 *                       across a spin), its virtual timer (enabled, far
 *                       away) and leaves SGI 1 pending with its interrupts
 *                       masked; after every turn of the other (a gap in
 *                       its clock) it compares all of it with what it
 *                       wrote: "keep: <n> switches, registers kept, timer
 *                       kept (<cval>), interrupt pending", or the first
 *                       difference ("keep: after <n> switches ...").
 */
#include <stdbool.h>
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

#define LC_ROUNDS          5u
#define LC_RESTARTS        3u
#define LC_WAIT_MS         2000u
#define LC_POLL_MS         1u
#define LC_TIMER_AHEAD_MS  5u
#define LC_PATTERN         0x5ec7e75ec7e7a5a5ull
#define LC_STORM_MS        1000u

/* The record lifecycle_regs.S fills: 25 system registers, V0-V31, FPSR,
 * FPCR (offsets fixed there). */
#define LC_SYSREGS   25u
#define LC_FP_FIRST  26u  /* 8-byte slot of V0 (byte offset 208) */
#define LC_VREG_SLOTS 64u
#define LC_SLOTS     (LC_FP_FIRST + LC_VREG_SLOTS + 2u)

/* Indices of the registers the test guests' start-up (lib/start.S) sets
 * before main runs. */
#define LC_CPACR   1u
#define LC_VBAR    10u
#define LC_SP_EL1  16u

/* SCTLR_EL1 as shikiri starts every vCPU (hypervisor/arch/arm64/sysreg.h:
 * MMU and caches off, RES1 bits set); everything else starts at 0. */
#define LC_SCTLR_RESET 0x30d00800ull

static const char *const lc_names[LC_SYSREGS] = {
	"SCTLR_EL1", "CPACR_EL1", "TTBR0_EL1", "TTBR1_EL1", "TCR_EL1",
	"ESR_EL1", "AFSR0_EL1", "AFSR1_EL1", "FAR_EL1", "MAIR_EL1",
	"VBAR_EL1", "CONTEXTIDR_EL1", "AMAIR_EL1", "CNTKCTL_EL1", "PAR_EL1",
	"TPIDR_EL1", "SP_EL1", "ELR_EL1", "SPSR_EL1", "TPIDR_EL0",
	"TPIDRRO_EL0", "SP_EL0", "CSSELR_EL1", "CNTV_CTL_EL0", "CNTV_CVAL_EL0",
};

uint64_t lifecycle_record[LC_SLOTS] __attribute__((aligned(16)));
volatile uint32_t lifecycle_secondary_done;

void lifecycle_read_el1(uint64_t *record);
void lifecycle_dirty_el1(uint64_t pattern);
void lifecycle_secondary(void);

static struct guest_beat beat;

static uint64_t lc_reset_value(uint32_t i)
{
	return i == 0u ? LC_SCTLR_RESET : 0u;
}

/* Reports every register of the record that is not at its reset value
 * (skip: a mask of indices the caller's own start-up set); returns how
 * many. */
static uint32_t lc_check(const uint64_t *rec, uint32_t skip, uint32_t round)
{
	uint32_t leaks = 0;

	for (uint32_t i = 0; i < LC_SYSREGS; i++) {
		if ((skip & (1u << i)) != 0u || rec[i] == lc_reset_value(i))
			continue;
		leaks++;
		guest_printf("el1-probe: round %u: %s = 0x%lx (reset 0x%lx)\n",
			     round, lc_names[i], rec[i], lc_reset_value(i));
	}
	for (uint32_t i = LC_FP_FIRST; i < LC_SLOTS; i++) {
		if (rec[i] == 0u)
			continue;
		leaks++;
		if (i < LC_FP_FIRST + LC_VREG_SLOTS)
			guest_printf("el1-probe: round %u: V%u[%u] = 0x%lx (reset 0)\n",
				     round, (i - LC_FP_FIRST) / 2u,
				     (i - LC_FP_FIRST) % 2u, rec[i]);
		else
			guest_printf("el1-probe: round %u: %s = 0x%lx (reset 0)\n",
				     round, i == LC_SLOTS - 2u ? "FPSR" : "FPCR",
				     rec[i]);
	}
	return leaks;
}

static int64_t lc_affinity(uint64_t mpidr)
{
	return sk_hvc(PSCI_AFFINITY_INFO_64, mpidr, 0, 0).status;
}

/* vCPU 1 ran, recorded and is off again (sleeping between polls, so the
 * other vCPUs of the machine get the emulator). */
static bool lc_wait_secondary(void)
{
	uint64_t end = guest_counter() + guest_ms_to_ticks(LC_WAIT_MS);

	while ((int64_t)(guest_counter() - end) < 0) {
		if (lifecycle_secondary_done != 0u &&
		    lc_affinity(1) == PSCI_AFF_OFF)
			return true;
		guest_sleep_until(guest_counter() + guest_ms_to_ticks(LC_POLL_MS));
	}
	return false;
}

static void lc_probe_shared(void)
{
	uint32_t leaks = 0;
	uint32_t rounds = 0;

	for (uint32_t r = 1; r <= LC_ROUNDS; r++) {
		lifecycle_secondary_done = 0;
		for (uint32_t i = 0; i < LC_SLOTS; i++)
			lifecycle_record[i] = 0;
		if (sk_hvc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)lifecycle_secondary,
			   0).status != PSCI_RET_SUCCESS || !lc_wait_secondary()) {
			guest_printf("el1-probe: round %u: vCPU 1 did not run and stop\n", r);
			break;
		}
		rounds++;
		leaks += lc_check(lifecycle_record, 0u, r);
	}
	guest_printf("el1-probe: %u rounds, %u leaked registers\n", rounds, leaks);
}

/* Its timer fired while it had IRQs masked: forwarded by the hypervisor,
 * pending in the virtual CPU interface, the physical PPI active. */
#define LC_CNTV_CTL_ISTATUS 4u /* Arm ARM D19.12: the timer condition is met */

static uint64_t lc_timer_ctl(void)
{
	uint64_t ctl;

	__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(ctl));
	return ctl;
}

static void lc_timer_fired_masked(void)
{
	guest_timer_arm(guest_counter() + guest_ms_to_ticks(1));
	while ((lc_timer_ctl() & LC_CNTV_CTL_ISTATUS) == 0u)
		;
	/* Long enough for the hypervisor to take and forward it. */
	guest_delay_ms(2);
}

static void lc_probe_restart(void)
{
	struct sk_hc_result id = sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0);
	struct sk_hc_result st = sk_hvc(SK_HC_PARTITION_STATUS, id.r1, 0, 0);
	uint32_t leaks;

	/* What start-up set is its own doing, not a leak. */
	leaks = lc_check(lifecycle_record,
			 (1u << LC_CPACR) | (1u << LC_VBAR) | (1u << LC_SP_EL1),
			 (uint32_t)st.r2);
	guest_printf("el1-probe: boot after %lu restarts, %u leaked registers\n",
		     st.r2, leaks);
	if (st.status != SK_OK || st.r2 >= LC_RESTARTS)
		return;
	(void)guest_irq_init();
	lifecycle_dirty_el1(LC_PATTERN + st.r2);
	lc_timer_fired_masked();
	guest_timer_arm(guest_counter() + guest_ms_to_ticks(LC_TIMER_AHEAD_MS));
	guest_printf("resetting with every register dirty and the timer due\n");
	(void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
}

/* ICC_SGI1R_EL1 (IHI 0069 12.2.23): INTID, and the target list of
 * affinity-0 values in the caller's cluster. */
#define LC_SGI1R_INTID_SHIFT 24u
#define LC_SGI_STORM         1u
#define LC_STORM_TARGET      1u /* vCPU 1 */

static void lc_kick_storm(void)
{
	uint64_t sgi_base = GIC_GICR_BASE + LC_STORM_TARGET * GIC_GICR_STRIDE +
			    GIC_GICR_SGI;
	uint64_t sgi = ((uint64_t)LC_SGI_STORM << LC_SGI1R_INTID_SHIFT) |
		       (1u << LC_STORM_TARGET);
	uint64_t end;
	uint32_t sent = 0;

	if (guest_gic_version() != 3u) {
		guest_printf("kick-storm: needs GICv3\n");
		return;
	}
	/* Its vCPU 1's SGI 1: group 1, enabled: deliverable once pending. */
	guest_mmio_write32(sgi_base + GICR_IGROUPR0, 1u << LC_SGI_STORM);
	guest_mmio_write32(sgi_base + GICR_ISENABLER0, 1u << LC_SGI_STORM);
	guest_sleep_until(guest_counter() + guest_ms_to_ticks(LC_STORM_MS));
	guest_printf("kick-storm: start\n");
	end = guest_counter() + guest_ms_to_ticks(LC_STORM_MS);
	while ((int64_t)(guest_counter() - end) < 0) {
		__asm__ volatile("msr s3_0_c12_c11_5, %0\n\tisb" : : "r"(sgi));
		sent++;
	}
	guest_printf("kick-storm: done, %u SGIs\n", sent);

}

/* ---- role=matrix (tests/system/lifecycle_matrix.py) ---- */

/* PL031 RTC of QEMU virt (ARM DDI 0224C 3.2), owned by the hostile
 * partition of every matrix configuration (SPI 2 = INTID 34). */
#define LC_RTC_BASE  0x09010000ul
#define LC_RTC_DR    0x000u
#define LC_RTC_MR    0x004u
#define LC_RTC_IMSC  0x010u
#define LC_RTC_RIS   0x014u
#define LC_RTC_ICR   0x01cu
#define LC_RTC_INT   1u
#define LC_RTC_TRIES 4u /* MR = DR misses when the count ticks between */

/* Nothing is mapped here in a matrix partition: the abort loop's vector. */
#define LC_UNMAPPED      0x30000000ul
/* Turns of the parked spin between watchdog kicks: well inside its
 * 400 ms whatever a turn takes. */
#define LC_KICK_SPINS    (1u << 10)
#define LC_SGI_LEFT      1u

static volatile uint32_t lc_leftover;  /* the key of the next leftover */
volatile uint32_t lifecycle_actor_done; /* vCPU 1 did it and goes off */

void lifecycle_actor_entry(void);

static void lc_rtc_quiet(void)
{
	guest_mmio_write32(LC_RTC_BASE + LC_RTC_IMSC, 0u);
	guest_mmio_write32(LC_RTC_BASE + LC_RTC_ICR, LC_RTC_INT);
}

/* The alarm raised now: its level interrupt stays asserted until cleared. */
static void lc_rtc_raise(void)
{
	guest_mmio_write32(LC_RTC_BASE + LC_RTC_IMSC, LC_RTC_INT);
	for (uint32_t i = 0; i < LC_RTC_TRIES; i++) {
		guest_mmio_write32(LC_RTC_BASE + LC_RTC_MR,
				   guest_mmio_read32(LC_RTC_BASE + LC_RTC_DR));
		if ((guest_mmio_read32(LC_RTC_BASE + LC_RTC_RIS) & LC_RTC_INT) != 0u)
			return;
	}
	guest_printf("matrix: the RTC did not raise its alarm\n");
}

static const char *lc_leftover_name(uint32_t k)
{
	switch (k) {
	case 'T': return "timer-due";
	case 'M': return "timer-masked";
	case 'D': return "device-irq";
	case 'G': return "sgi-pending";
	case 'E': return "dirty-el1";
	default: return "nothing";
	}
}

static bool lc_is_leftover(int c)
{
	return c == 'T' || c == 'M' || c == 'D' || c == 'G' || c == 'E';
}

/* Leaves k behind on the calling vCPU; IRQs stay masked. */
static void lc_leave(uint32_t k)
{
	switch (k) {
	case 'T':
		guest_timer_arm(guest_counter() + guest_ms_to_ticks(LC_TIMER_AHEAD_MS));
		break;
	case 'M':
		lc_timer_fired_masked();
		break;
	case 'D':
		lc_rtc_raise();
		break;
	case 'G':
		guest_irq_send_sgi_self(LC_SGI_LEFT);
		break;
	case 'E':
		lifecycle_dirty_el1(LC_PATTERN);
		break;
	default:
		break;
	}
}

/* vCPU 1's C entry (lifecycle_regs.S gave it a stack and FP/SIMD): its
 * own GIC interface up, the leftover, then CPU_OFF. */
void lifecycle_actor(uint64_t k);
void lifecycle_actor(uint64_t k)
{
	(void)guest_irq_init();
	lc_leave((uint32_t)k);
	lifecycle_actor_done = 1;
	(void)sk_hvc(PSCI_CPU_OFF, 0, 0, 0);
	guest_halt();
}

static bool lc_wait_off(const volatile uint32_t *done)
{
	uint64_t end = guest_counter() + guest_ms_to_ticks(LC_WAIT_MS);

	while ((int64_t)(guest_counter() - end) < 0) {
		if (*done != 0u && lc_affinity(1) == PSCI_AFF_OFF)
			return true;
		guest_delay_ms(LC_POLL_MS);
	}
	return false;
}

/* CPU_OFF of vCPU 1 with k left behind, then a probe started there. */
static void lc_cpu_off(uint32_t k)
{
	lifecycle_actor_done = 0;
	if (sk_hvc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)lifecycle_actor_entry,
		   k).status != PSCI_RET_SUCCESS || !lc_wait_off(&lifecycle_actor_done)) {
		guest_printf("matrix: vCPU 1 did not run and stop\n");
		return;
	}
	lifecycle_secondary_done = 0;
	for (uint32_t i = 0; i < LC_SLOTS; i++)
		lifecycle_record[i] = 0;
	if (sk_hvc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)lifecycle_secondary,
		   0).status != PSCI_RET_SUCCESS || !lc_wait_off(&lifecycle_secondary_done)) {
		guest_printf("matrix: the probe on vCPU 1 did not run and stop\n");
		return;
	}
	guest_printf("el1-probe: cpu-off, %u leaked registers\n",
		     lc_check(lifecycle_record, 0u, 1u));
}

/*
 * Spins with IRQs masked until the hypervisor ends it. Two shapes, both
 * for QEMU's single-threaded -icount emulation, where virtual time is
 * instructions executed and an idle-free CPU decides how fast it runs:
 *   kick  (for a manager's stop or restart): a WFE loop kicking the
 *         watchdog every LC_KICK_SPINS turns. WFE (not trapped) hands the
 *         emulator to the next CPU at once: a tight loop on a dedicated
 *         CPU kept the manager's CPU, holding the console lock, from
 *         running at all.
 *   hang  (for the watchdog): a tight loop, no kicks. A WFE loop here
 *         makes virtual time crawl (a few ns per emulator round), so the
 *         400 ms watchdog never came within the test's patience.
 */
static void lc_spin(bool kick)
{
	for (uint32_t n = 0;; n++) { /* deliberately forever: the test stops it */
		if (!kick) {
			__asm__ volatile("" ::: "memory");
			continue;
		}
		if ((n & (LC_KICK_SPINS - 1u)) == 0u)
			(void)sk_hvc(SK_HC_WATCHDOG_KICK, 0, 0, 0);
		__asm__ volatile("wfe" ::: "memory");
	}
}

static void lc_abort_loop(void)
{
	__asm__ volatile("msr vbar_el1, %0\n\tisb" : : "r"(LC_UNMAPPED));
	(void)guest_mmio_read32(LC_UNMAPPED);
	guest_printf("matrix: still here after the abort loop\n");
}

static const char *lc_way_name(int c)
{
	switch (c) {
	case 'o': return "SYSTEM_OFF";
	case 'b': return "SYSTEM_RESET";
	case 'h': return "hang";
	case 'a': return "abort loop";
	case 'p': return "park";
	case 'c': return "CPU_OFF";
	default: return NULL;
	}
}

static bool lc_matrix_key(int c)
{
	const char *way = lc_way_name(c);
	uint32_t k = lc_leftover;

	if (c == 'l') {
		guest_beat_report(&beat);
		return true;
	}
	if (way == NULL) {
		if (!lc_is_leftover(c))
			return false;
		lc_leftover = (uint32_t)c;
		return true;
	}
	lc_leftover = 0;
	guest_printf("matrix: leaving %s, then %s\n", lc_leftover_name(k), way);
	if (c == 'c') {
		lc_cpu_off(k);
		return true;
	}
	lc_leave(k);
	switch (c) {
	case 'o': (void)sk_hvc(PSCI_SYSTEM_OFF, 0, 0, 0); break;
	case 'b': (void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0); break;
	case 'h': lc_spin(false); break;
	case 'p': lc_spin(true); break;
	case 'a': lc_abort_loop(); break;
	default: break;
	}
	guest_printf("matrix: %s returned\n", way);
	return true;
}

static void lc_kick(void)
{
	(void)sk_hvc(SK_HC_WATCHDOG_KICK, 0, 0, 0);
}

/* At every boot: the alarm a stopped run left raised is quiet again, and
 * what this vCPU found is reported (the probe-restart line). */
static void lc_matrix_boot(void)
{
	struct sk_hc_result id = sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0);
	struct sk_hc_result st = sk_hvc(SK_HC_PARTITION_STATUS, id.r1, 0, 0);
	uint32_t leaks;

	lc_rtc_quiet();
	leaks = lc_check(lifecycle_record,
			 (1u << LC_CPACR) | (1u << LC_VBAR) | (1u << LC_SP_EL1),
			 (uint32_t)st.r2);
	guest_printf("el1-probe: boot after %lu restarts, %u leaked registers\n",
		     st.r2, leaks);
	beat.on_key = lc_matrix_key;
	beat.on_beat = lc_kick;
}


/* 'l' reports the lateness; 'z' starts a new measurement window (the
 * worst lateness and the stall count back to zero), so a test can leave
 * out the beats its own console commands disturbed. */
static bool lc_on_key(int c)
{
	if (c == 'z') {
		beat.max_late = 0;
		beat.stalls = 0;
		guest_printf("lateness: reset\n");
		return true;
	}
	if (c != 'l')
		return false;
	guest_beat_report(&beat);
	return true;
}

/* role=keep-a/keep-b (lc_keep) */
#define KEEP_SWITCHES   200u
#define KEEP_SGI        1u
#define KEEP_SPIN       2000u /* turns with x9-x15 held (a few us) */
/* A gap in the virtual clock this long is the other partition's turn
 * (its window is 400 us; a turn of the spin takes a few us). */
#define KEEP_GAP_US     100u
#define LC_CVAL_SLOT    24u   /* CNTV_CVAL_EL0 in the record */
#define CNT_CTL_ENABLE  1u
#define GICC_HPPIR      0x0018u

static uint64_t keep_want[LC_SLOTS] __attribute__((aligned(16)));

/* x9-x15 set from p, held over `turns` turns of a loop, then compared:
 * 0 when all seven kept their values. */
static uint64_t keep_gprs(uint64_t p, uint64_t turns)
{
	uint64_t diff;

	__asm__ volatile(
		"mov	x9, %1\n\t"
		"eor	x10, x9, #0xff\n\t"
		"eor	x11, x9, #0xff00\n\t"
		"eor	x12, x9, #0xff0000\n\t"
		"eor	x13, x9, #0xff000000\n\t"
		"eor	x14, x9, #0xff00000000\n\t"
		"eor	x15, x9, #0xff0000000000\n\t"
		"mov	x16, %2\n"
		"1:	subs	x16, x16, #1\n\t"
		"b.ne	1b\n\t"
		"eor	%0, x9, %1\n\t"
		"eor	x16, x10, #0xff\n\t"
		"eor	x16, x16, %1\n\t"
		"orr	%0, %0, x16\n\t"
		"eor	x16, x11, #0xff00\n\t"
		"eor	x16, x16, %1\n\t"
		"orr	%0, %0, x16\n\t"
		"eor	x16, x12, #0xff0000\n\t"
		"eor	x16, x16, %1\n\t"
		"orr	%0, %0, x16\n\t"
		"eor	x16, x13, #0xff000000\n\t"
		"eor	x16, x16, %1\n\t"
		"orr	%0, %0, x16\n\t"
		"eor	x16, x14, #0xff00000000\n\t"
		"eor	x16, x16, %1\n\t"
		"orr	%0, %0, x16\n\t"
		"eor	x16, x15, #0xff0000000000\n\t"
		"eor	x16, x16, %1\n\t"
		"orr	%0, %0, x16\n\t"
		: "=&r"(diff)
		: "r"(p), "r"(turns)
		: "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", "cc");
	return diff;
}

/* The highest-priority pending interrupt the virtual CPU interface shows
 * (ICC_HPPIR1_EL1, or GICC_HPPIR on GICv2). */
static uint32_t keep_hppir(void)
{
	uint64_t v;

	if (guest_gic_version() == 2u)
		return guest_mmio_read32(GIC_GICC_BASE + GICC_HPPIR) & 0x3ffu;
	__asm__ volatile("mrs %0, s3_0_c12_c12_2" : "=r"(v));
	return (uint32_t)(v & 0xffffffu);
}

/* The first slot of the record that differs, or LC_SLOTS. */
static uint32_t keep_first_difference(void)
{
	lifecycle_read_el1(lifecycle_record);
	for (uint32_t i = 0; i < LC_SLOTS; i++) {
		if (lifecycle_record[i] != keep_want[i])
			return i;
	}
	return LC_SLOTS;
}

static void keep_report(uint32_t i, uint32_t switches)
{
	if (i >= LC_SLOTS)
		return;
	if (i < LC_SYSREGS)
		guest_printf("keep: after %u switches %s = 0x%llx, not 0x%llx\n",
			     switches, lc_names[i], (unsigned long long)lifecycle_record[i],
			     (unsigned long long)keep_want[i]);
	else
		guest_printf("keep: after %u switches FP/SIMD slot %u = 0x%llx, not 0x%llx\n",
			     switches, i - LC_FP_FIRST, (unsigned long long)lifecycle_record[i],
			     (unsigned long long)keep_want[i]);
}

/* role=keep-a, role=keep-b: see the top of this file. */
static void lc_keep(bool a)
{
	uint64_t pattern = a ? 0xa1a2a3a4a5a6a7a8ull : 0xb1b2b3b4b5b6b7b8ull;
	uint64_t gap = guest_ms_to_ticks(1u) * KEEP_GAP_US / 1000u;
	uint64_t last, cval;
	uint32_t switches = 0;

	(void)guest_irq_init();
	/* The timer: enabled, far away, each partition its own value. Its
	 * interrupt is masked at the CPU (PSTATE.I), as is SGI 1's. */
	cval = guest_counter() + (a ? 1000000000000ull : 2000000000000ull);
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(cval), "r"((uint64_t)CNT_CTL_ENABLE));
	guest_irq_send_sgi_self(KEEP_SGI);
	lifecycle_dirty_el1(pattern);
	lifecycle_read_el1(keep_want);
	if (keep_hppir() != KEEP_SGI) {
		guest_printf("keep: SGI %u not pending at the start (HPPIR %u)\n",
			     KEEP_SGI, keep_hppir());
		return;
	}
	last = guest_counter();
	while (switches < KEEP_SWITCHES) {
		uint64_t diff = keep_gprs(pattern ^ last, KEEP_SPIN);
		uint64_t t = guest_counter();
		uint32_t i;

		if (diff != 0u) {
			guest_printf("keep: after %u switches x9-x15 changed (0x%llx)\n",
				     switches, (unsigned long long)diff);
			return;
		}
		if (t - last < gap) {
			last = t;
			continue;
		}
		last = t;
		switches++;
		i = keep_first_difference();
		if (i != LC_SLOTS) {
			keep_report(i, switches);
			return;
		}
		if (keep_hppir() != KEEP_SGI) {
			guest_printf("keep: after %u switches SGI %u no longer pending (HPPIR %u)\n",
				     switches, KEEP_SGI, keep_hppir());
			return;
		}
	}
	guest_printf("keep: %u switches, registers kept, timer kept (0x%llx), interrupt pending\n",
		     switches, (unsigned long long)lifecycle_record[LC_CVAL_SLOT]);
	for (;;)
		__asm__ volatile("wfi");
}

static void lc_dirty_again(void)
{
	lifecycle_dirty_el1(LC_PATTERN);
}

int main(uint64_t dtb)
{
	/* Before anything else touches a register. */
	lifecycle_read_el1(lifecycle_record);
	guest_hello(dtb);
	guest_beat_init(&beat);
	beat.on_key = lc_on_key;
	if (guest_bootargs_has(dtb, "role=victim")) {
		beat.on_beat = lc_dirty_again;
		lc_dirty_again();
	} else if (guest_bootargs_has(dtb, "role=probe-shared")) {
		lc_probe_shared();
	} else if (guest_bootargs_has(dtb, "role=probe-restart")) {
		lc_probe_restart();
	} else if (guest_bootargs_has(dtb, "role=timer-masked")) {
		lc_timer_fired_masked();
		guest_printf("timer fired with interrupts masked: powering off\n");
		(void)sk_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	} else if (guest_bootargs_has(dtb, "role=timer-armed")) {
		guest_timer_arm(guest_counter() + guest_ms_to_ticks(LC_TIMER_AHEAD_MS));
		guest_printf("timer armed %u ms ahead: powering off\n",
			     LC_TIMER_AHEAD_MS);
		(void)sk_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	} else if (guest_bootargs_has(dtb, "role=timer-hang")) {
		lc_timer_fired_masked();
		guest_printf("timer fired with interrupts masked: hanging\n");
		for (;;) /* deliberately forever: the watchdog ends it */
			;
	} else if (guest_bootargs_has(dtb, "role=matrix")) {
		lc_matrix_boot();
	} else if (guest_bootargs_has(dtb, "role=kick-storm")) {
		lc_kick_storm();
	} else if (guest_bootargs_has(dtb, "role=keep-a") ||
		   guest_bootargs_has(dtb, "role=keep-b")) {
		lc_keep(guest_bootargs_has(dtb, "role=keep-a"));
	} else {
		guest_printf("lifecycle: no role in bootargs\n");
	}
	guest_beat_forever(&beat);
}
