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
 *   role=reset-race    two vCPUs (vCPU 0 sharing CPU 0 with a real-time
 *                      partition, vCPU 1 on CPU 1) call PSCI SYSTEM_RESET
 *                      at the same virtual-counter instant: each, at EL2
 *                      with interrupts masked, waits (partition_stop_others,
 *                      up to 1 s) for the other, which is doing the same.
 *                      Tried again at every boot ("reset-race: attempt").
 *   role=reset-loop    best-effort, sharing a CPU with a real-time
 *                      partition: calls PSCI SYSTEM_RESET at once at every
 *                      boot. Each restart clears all of its RAM at EL2
 *                      (partition_clear_memory) with interrupts masked.
 *   role=forge         with the input focus (a live line, label
 *                      "[hostile] ", 10 columns): (1) ten zero-width
 *                      characters (U+200B, valid UTF-8, no column on the
 *                      terminal) and ten backspaces: shikiri erases one
 *                      "character" per backspace with "\b \b", moving the
 *                      cursor one column each, into its own label; then a
 *                      hypervisor-looking line. (2) A line padded to the
 *                      terminal's 80 columns, so the terminal wraps and
 *                      the next screen row starts "[shikiri] ...". Then
 *                      beats.
 *   role=vtimer-storm  (issue 18 review) best-effort, sharing a CPU with a
 *                      real-time partition, IRQs masked for ever: its
 *                      virtual timer armed at an expired deadline, and
 *                      CNTV_CTL_EL0 rewritten enabled and unmasked in a
 *                      loop. On GICv2 the hypervisor forwards the timer
 *                      unlinked (arch/arm64/irq.c): every physical PPI 27
 *                      sets IMASK, and every clear of it raises the line
 *                      again, an exit per turn. Each turn also writes
 *                      GICC_DIR (GICv2) for PPI 27, never acknowledged.
 *   role=poison        (issue 20 review) console "pl011", the input
 *                      focus at boot, so it owns the terminal: each key
 *                      typed (see rt_poisons) writes terminal state that
 *                      could outlive its focus (an unterminated OSC or
 *                      DCS string, concealed or black text, the DEC
 *                      line-drawing set, a two-row scroll region, the
 *                      alternate screen its console did not see, insert
 *                      mode, autowrap off, cursor hidden), no newline;
 *                      tests/system/test_redteam20.py then moves the
 *                      focus away and reads what the terminal shows.
 */
#include <stdbool.h>
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "gic_regs.h"
#include "irq.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

#define RT_REPORTED_FLUSHES 4u
/* The virtual PL011 of a console = "pl011" partition
 * (hypervisor/core/config_format.h SK_GUEST_UART_BASE). */
#define SK_GUEST_UART_BASE_RT 0x09000000ul
#define RT_RACE_AHEAD_MS  2u

/* Shared by the two vCPUs of role=reset-race. */
volatile uint64_t rt_race_at;
volatile uint32_t rt_race_ready;
void rt_race_secondary(void);
__asm__(
	".globl rt_race_secondary\n"
	"rt_race_secondary:\n"
	"	adrp	x9, rt_race_ready\n"
	"	add	x9, x9, :lo12:rt_race_ready\n"
	"	mov	w10, #1\n"
	"	stlr	w10, [x9]\n"
	"	adrp	x9, rt_race_at\n"
	"	add	x9, x9, :lo12:rt_race_at\n"
	"1:	ldar	x11, [x9]\n"
	"	cbz	x11, 1b\n"
	"2:	isb\n"
	"	mrs	x12, cntvct_el0\n"
	"	cmp	x12, x11\n"
	"	b.lo	2b\n"
	"	movz	x0, #0x0009\n"
	"	movk	x0, #0x8400, lsl #16\n" /* PSCI_SYSTEM_RESET */
	"	hvc	#0\n"
	"3:	wfe\n"
	"	b	3b\n");

static void rt_reset_race(void)
{
	int64_t st;
	uint64_t at;

	guest_printf("reset-race: attempt\n");
	rt_race_ready = 0;
	rt_race_at = 0;
	__asm__ volatile("dsb sy" ::: "memory");
	st = sk_hvc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)rt_race_secondary, 0).status;
	if (st != 0) {
		guest_printf("reset-race: CPU_ON failed %ld\n", (long)st);
		return;
	}
	while (rt_race_ready == 0u)
		;
	at = guest_counter() + guest_ms_to_ticks(RT_RACE_AHEAD_MS);
	__atomic_store_n(&rt_race_at, at, __ATOMIC_RELEASE);
	while (guest_counter() < at)
		;
	(void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	guest_printf("reset-race: SYSTEM_RESET returned\n");
}

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

#define RT_LABEL_COLUMNS 10u  /* "[hostile] " */
#define RT_TERM_COLUMNS  80u

static void rt_forge(void)
{
	char line[160];
	uint32_t n = 0;

	for (uint32_t i = 0; i < RT_LABEL_COLUMNS; i++) {
		line[n++] = (char)0xe2; /* U+200B ZERO WIDTH SPACE */
		line[n++] = (char)0x80;
		line[n++] = (char)0x8b;
	}
	for (uint32_t i = 0; i < RT_LABEL_COLUMNS; i++)
		line[n++] = '\b';
	line[n] = '\0';
	guest_puts(line);
	guest_puts("[shikiri] partition 'victim' stopped (forged by zero-width)\n");
	n = 0;
	for (uint32_t i = RT_LABEL_COLUMNS; i < RT_TERM_COLUMNS; i++)
		line[n++] = ' ';
	line[n] = '\0';
	guest_puts(line);
	guest_puts("[shikiri] partition 'victim' stopped (forged by wrapping)\n");
}

/* role=poison: the terminal state each key leaves (ECMA-48, DEC STD 070,
 * xterm's ctlseqs). */
static const struct {
	char key;
	const char *seq;
} rt_poisons[] = {
	{ 'o', "\x1b]0;" },               /* OSC string, never terminated */
	{ 'd', "\x1bP" },                 /* DCS string, never terminated */
	{ 'c', "\x1b[8m" },               /* SGR concealed */
	{ 'b', "\x1b[30;40m" },           /* SGR black on black */
	{ 'g', "\x1b(0" },                /* G0: DEC special graphics */
	{ 's', "\x1b)0\x0e" },           /* G1: graphics, SO: G1 in GL */
	{ 'r', "\x1b[1;2r" },             /* DECSTBM: a two-row region */
	{ 'a', "\x1b[?1049;7h" },         /* alternate screen, 2 params */
	{ 'i', "\x1b[4h" },               /* IRM: insert mode */
	{ 'w', "\x1b[?7l" },              /* DECAWM off */
	{ 'x', "\x1b[?25l" },             /* DECTCEM: cursor hidden */
	{ 'h', "" },                       /* only an open line */
};

#define RT_PL011_CR        0x30u /* UARTCR (PL011 TRM 3.3.8) */
#define RT_PL011_CR_ENABLE 0x301u /* UARTEN, TXE, RXE */

static void rt_poison(void)
{
	guest_console_select(GUEST_CONSOLE_PL011);
	*(volatile uint32_t *)(SK_GUEST_UART_BASE_RT + RT_PL011_CR) =
		RT_PL011_CR_ENABLE;
	guest_printf("poison: ready\n");
	for (;;) { /* deliberately forever: it waits for keys */
		int c = guest_getc_nonblock();

		for (uint32_t i = 0; i < sizeof(rt_poisons) / sizeof(rt_poisons[0]); i++) {
			if (c == rt_poisons[i].key) {
				guest_puts("poisoned ");
				guest_puts(rt_poisons[i].seq);
			}
		}
	}
}

/* CNTV_CTL_EL0 (Arm ARM D19.12): ENABLE; IMASK clear. */
#define RT_CNTV_CTL_ENABLE 1ull
/* GICv2 GICC_DIR (IHI 0048B 4.4.15): deactivate an interrupt. */
#define RT_GICC_DIR 0x1000u
#define RT_PPI_VTIMER 27u

static void rt_vtimer_storm(void)
{
	bool v2 = guest_gic_detect() == 2u;

	__asm__ volatile("msr daifset, #2" : : : "memory");
	__asm__ volatile("msr cntv_cval_el0, %0\n\tisb" : : "r"(0ull));
	guest_printf("vtimer-storm: storming\n");
	for (;;) { /* deliberately forever */
		__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb"
				 : : "r"(RT_CNTV_CTL_ENABLE) : "memory");
		if (v2)
			guest_mmio_write32(GIC_GICC_BASE + RT_GICC_DIR,
					   RT_PPI_VTIMER);
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
	else if (guest_bootargs_has(dtb, "role=reset-race"))
		rt_reset_race();
	else if (guest_bootargs_has(dtb, "role=vtimer-storm"))
		rt_vtimer_storm();
	else if (guest_bootargs_has(dtb, "role=reset-loop"))
		(void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	else if (guest_bootargs_has(dtb, "role=poison"))
		rt_poison();
	else if (guest_bootargs_has(dtb, "role=forge")) {
		struct guest_beat beat;

		rt_forge();
		guest_beat_init(&beat);
		guest_beat_forever(&beat);
	}
	guest_printf("redteam: no role in bootargs\n");
	for (;;)
		;
}
