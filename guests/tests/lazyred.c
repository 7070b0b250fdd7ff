// SPDX-License-Identifier: MIT
/*
 * lazyred: a hostile guest against first-touch clearing (core/partition_mem.h,
 * docs/security.md "Memory"). Each start it first touches its fresh 2 MiB
 * granules in every awkward way it knows, each in its own granule (the
 * test puts junk in them before the boot, and the previous run left its
 * marker there), and reports what it read: every value must be zero.
 *
 * MMU off (Device memory): an LDP pair (no ISV), an STP pair read back, a
 * read-only region's first read and first write (the write must still be
 * a fault), reads past its regions, a hypercall name buffer across two
 * fresh granules and one across its RAM's end. MMU on (identity, Normal
 * write-back): DC ZVA, DC CIVAC and DC IVAC as first touches, LDXR/STXR, a
 * SIMD LD1 of four registers, an unaligned load and an unaligned store
 * across two fresh granules, an instruction fetch from a fresh granule
 * (zeros: UDF, an undefined instruction, nothing else) and from code it
 * copied there.
 *
 * Then it writes its marker all over its fresh granules, starts vCPU 1
 * writing the marker over them in a loop and, while vCPU 1 is at it,
 * restarts itself with PSCI SYSTEM_RESET: the next start must read zeros.
 */
#include <stdbool.h>
#include <stdint.h>

#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

#define MIB            0x100000ul
#define RAM            0x40000000ul
#define RAM_END        (RAM + 40u * MIB)
#define G(n)           (RAM + (uint64_t)(n) * 2u * MIB)
#define ROM            RAM_END /* access "r", 6 MiB, right after */
#define ROM_END        (ROM + 6u * MIB)
#define LAZY_MARKER    0x4c415a5952454421ull /* "LAZYRED!" */
#define NAME_LEN       48u
#define RACE_WAIT_MS   2000u

/* --- exceptions: record, and resume past the attempt --- */
static volatile uint32_t exc_count;
static volatile uint64_t exc_esr;

static bool lazy_hook(struct guest_frame *frame, unsigned kind)
{
	uint32_t ec = guest_esr_ec(frame->esr);

	if ((kind & GUEST_KIND_TYPE_MASK) != GUEST_KIND_SYNC)
		return false;
	exc_count++;
	exc_esr = frame->esr;
	/* A fetch (abort or undefined instruction in fresh memory) came by
	 * BLR: back to the caller. A data access: past it. */
	if (ec == GUEST_EC_IABT_CUR || ec == GUEST_EC_UNKNOWN)
		frame->elr = frame->x[30];
	else
		frame->elr += GUEST_INSN_SIZE;
	return true;
}

static void try_begin(void)
{
	exc_count = 0;
	exc_esr = 0;
	guest_set_exception_hook(lazy_hook);
}

static uint32_t try_end(void)
{
	guest_set_exception_hook(NULL);
	return exc_count;
}

static void report(const char *what, uint64_t value, uint32_t exc)
{
	guest_printf("lazyred: %s = 0x%lx exc %u esr 0x%lx\n", what,
		     (unsigned long)value, exc, (unsigned long)exc_esr);
}

/* --- MMU off --- */
static void probe_ldp(void)
{
	uint64_t a;
	uint64_t b;

	try_begin();
	__asm__ volatile("ldp %0, %1, [%2]" : "=&r"(a), "=&r"(b) : "r"(G(1) + 0x40)
			 : "memory");
	report("ldp", a | b, try_end());
}

static void probe_stp(void)
{
	const volatile uint64_t *p = (const volatile uint64_t *)(G(2) + 0x80);
	uint64_t x = 0x1111111111111111ull;
	uint64_t y = 0x2222222222222222ull;
	uint64_t wrong;

	try_begin();
	__asm__ volatile("stp %0, %1, [%2]" : : "r"(x), "r"(y), "r"(G(2) + 0x80)
			 : "memory");
	wrong = (p[0] ^ x) | (p[1] ^ y) | p[2] | p[-1] | p[0x1000];
	report("stp kept, rest", wrong, try_end());
}

static void probe_rom(void)
{
	const volatile uint32_t *r0 = (const volatile uint32_t *)(ROM + 0x100);
	volatile uint32_t *r1 = (volatile uint32_t *)(ROM + 2u * MIB + 0x100);
	uint64_t v;
	uint32_t exc;

	try_begin();
	v = r0[0];
	report("rom first read", v, try_end());
	/* A first touch that is a write to read-only memory: a fault. */
	try_begin();
	r1[0] = 0x77777777u;
	exc = try_end();
	report("rom first write", exc_esr & 0x3fu, exc);
	try_begin();
	v = r1[0];
	report("rom read after write", v, try_end());
	try_begin();
	v = *(volatile uint32_t *)(ROM_END + 0x100);
	report("past rom", v, try_end());
	try_begin();
	v = *(volatile uint32_t *)(ROM_END - 4u); /* last word: fine */
	report("rom last word", v, try_end());
}

/* Its own name, asked once into its image's granule: "lazydog" waits for
 * its watchdog to restart it instead of calling SYSTEM_RESET. */
static char self_name[NAME_LEN];

static void probe_names(void)
{
	const char *want = self_name;
	/* Across the end of G(3) into G(4), both fresh. */
	volatile char *name = (volatile char *)(G(4) - 4u);
	struct sk_hc_result r;
	uint64_t wrong = 0;

	r = sk_hvc(SK_HC_PARTITION_NAME, (uint64_t)(uintptr_t)name, NAME_LEN, 0);
	for (uint32_t i = 0; i < NAME_LEN; i++) {
		char c = want[i];

		if (name[i] != c)
			wrong++;
	}
	guest_printf("lazyred: name across granules status %ld wrong %lu\n",
		     (long)r.status, (unsigned long)wrong);
	/* Across the end of its RAM (into the read-only region): refused,
	 * and nothing written either side. */
	r = sk_hvc(SK_HC_PARTITION_NAME, RAM_END - 4u, NAME_LEN, 0);
	guest_printf("lazyred: name across ram end status %ld\n", (long)r.status);
	r = sk_hvc(SK_HC_CONSOLE_WRITE, G(15) + 0x10000, 0, 0);
	guest_printf("lazyred: console write len 0 status %ld\n", (long)r.status);
	r = sk_hvc(SK_HC_CONSOLE_WRITE, RAM_END - 16u, 64u, 0);
	guest_printf("lazyred: console write across ram end status %ld\n",
		     (long)r.status);
}

static void probe_outside(void)
{
	uint64_t v;
	uint32_t exc;

	try_begin();
	v = *(volatile uint32_t *)(RAM_END + 8u * MIB);
	exc = try_end();
	report("past ram", v, exc);
}

/* --- MMU on: identity, 1 GiB blocks; 0-1 GiB Device, 1-2 GiB Normal --- */
static uint64_t lazy_tt[512] __attribute__((aligned(4096)));

static void mmu_on(void)
{
	uint64_t tcr = 32u /* T0SZ: 4 GiB */ | (1u << 8) | (1u << 10) |
		       (3u << 12) | (1ull << 23) /* EPD1 */;
	uint64_t scratch;

	/* Block, AF, AttrIndx 1 (Device), PXN, UXN; then AttrIndx 0, Inner
	 * Shareable. */
	lazy_tt[0] = (1u << 10) | (1u << 2) | 1u | (1ull << 53) | (1ull << 54);
	lazy_tt[1] = 0x40000000ull | (1u << 10) | (3u << 8) | 1u;
	__asm__ volatile(
		"msr mair_el1, %1\n"
		"msr tcr_el1, %2\n"
		"msr ttbr0_el1, %3\n"
		"dsb sy\n"
		"isb\n"
		"tlbi vmalle1\n"
		"dsb sy\n"
		"isb\n"
		"mrs %0, cpacr_el1\n"
		"orr %0, %0, #(3 << 20)\n"
		"msr cpacr_el1, %0\n"
		"mrs %0, sctlr_el1\n"
		"orr %0, %0, #(1 << 0)\n"
		"orr %0, %0, #(1 << 2)\n"
		"orr %0, %0, #(1 << 12)\n"
		"bic %0, %0, #(1 << 1)\n"
		"msr sctlr_el1, %0\n"
		"isb\n"
		: "=&r"(scratch)
		: "r"(0x00ffull /* attr0 Normal WB, attr1 Device */),
		  "r"(tcr), "r"((uint64_t)(uintptr_t)lazy_tt)
		: "memory");
}

uint64_t lazy_simd_load(uint64_t addr);
__asm__(
	".globl lazy_simd_load\n"
	"lazy_simd_load:\n"
	"	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x0]\n"
	"	orr	v0.16b, v0.16b, v1.16b\n"
	"	orr	v0.16b, v0.16b, v2.16b\n"
	"	orr	v0.16b, v0.16b, v3.16b\n"
	"	umov	x0, v0.d[0]\n"
	"	umov	x1, v0.d[1]\n"
	"	orr	x0, x0, x1\n"
	"	ret\n");

static void probe_mmu_on(void)
{
	uint64_t v;
	uint64_t w;
	uint32_t st;
	uint32_t exc;

	/* DC ZVA as the first touch: the block it zeroes, and the rest. */
	try_begin();
	__asm__ volatile("dc zva, %0" : : "r"(G(5) + 0x1000) : "memory");
	v = *(volatile uint64_t *)(G(5) + 0x1000) |
	    *(volatile uint64_t *)(G(5) + 0x40) |
	    *(volatile uint64_t *)(G(5) + 0x1fff8);
	report("dc zva", v, try_end());
	/* Cache maintenance as the first touch: nothing older comes back. */
	try_begin();
	__asm__ volatile("dc civac, %0\n dsb sy" : : "r"(G(6) + 0x2000) : "memory");
	v = *(volatile uint64_t *)(G(6) + 0x2000);
	report("dc civac", v, try_end());
	try_begin();
	__asm__ volatile("dc ivac, %0\n dsb sy" : : "r"(G(8) + 0x2000) : "memory");
	v = *(volatile uint64_t *)(G(8) + 0x2000);
	report("dc ivac", v, try_end());
	/* Exclusives as the first touch. */
	try_begin();
	for (uint32_t i = 0; i < 16u; i++) {
		__asm__ volatile("ldxr %0, [%2]\n"
				 "stxr %w1, %3, [%2]\n"
				 : "=&r"(v), "=&r"(st)
				 : "r"(G(9) + 0x300), "r"(0x5a5aull)
				 : "memory");
		if (st == 0u)
			break;
	}
	w = *(volatile uint64_t *)(G(9) + 0x300);
	exc = try_end();
	guest_printf("lazyred: ldxr = 0x%lx stxr %u kept 0x%lx exc %u\n",
		     (unsigned long)v, st, (unsigned long)w, exc);
	/* SIMD, four registers. */
	try_begin();
	v = lazy_simd_load(G(10) + 0x400);
	report("ld1 x4", v, try_end());
	/* Unaligned, across two fresh granules. */
	try_begin();
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(G(12) - 4u) : "memory");
	report("ldr across granules", v, try_end());
	try_begin();
	__asm__ volatile("str %0, [%1]" : : "r"(0x8877665544332211ull),
			 "r"(G(14) - 4u) : "memory");
	v = *(volatile uint32_t *)(G(14) - 4u);
	w = *(volatile uint32_t *)G(14);
	v = (v ^ 0x44332211u) | (w ^ 0x88776655u) |
	    *(volatile uint32_t *)(G(14) - 8u) | *(volatile uint32_t *)(G(14) + 4u);
	report("str across granules, wrong", v, try_end());
	/* A fetch from a fresh granule: zeros, UDF #0 (EC 0). */
	try_begin();
	__asm__ volatile("blr %0" : : "r"(G(15))
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			   "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
			   "x17", "x30", "cc", "memory");
	exc = try_end();
	report("fetch fresh, ec", guest_esr_ec(exc_esr), exc);
	/* Code copied into a fresh granule runs: mov x0, #0x2a; ret. */
	*(volatile uint32_t *)(G(13) + 0x1000) = 0xd2800540u;
	*(volatile uint32_t *)(G(13) + 0x1004) = 0xd65f03c0u;
	__asm__ volatile("dc cvau, %0\n dsb ish\n ic ivau, %0\n dsb ish\n isb"
			 : : "r"(G(13) + 0x1000) : "memory");
	try_begin();
	__asm__ volatile("blr %1\n mov %0, x0" : "=r"(v) : "r"(G(13) + 0x1000)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			   "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
			   "x17", "x30", "cc", "memory");
	report("copied code returned", v, try_end());
}

/* LSE atomics (if the CPU has them) as first touches, and an LDP pair
 * across two fresh granules. */
static uint64_t lazy_has_lse(void)
{
	uint64_t isar0;

	__asm__ volatile("mrs %0, id_aa64isar0_el1" : "=r"(isar0));
	return (isar0 >> 20) & 0xfu;
}

static void probe_atomics(void)
{
	uint64_t v = 0;
	uint64_t w = 0;

	if (lazy_has_lse() >= 2u) {
		uint64_t expect = 0;

		try_begin();
		__asm__ volatile(".arch_extension lse\n"
				 "casal %0, %2, [%1]\n"
				 : "+r"(expect) : "r"(G(16) + 0x600), "r"(0x77ull)
				 : "memory");
		v = expect | (*(volatile uint64_t *)(G(16) + 0x600) ^ 0x77u) |
		    *(volatile uint64_t *)(G(16) + 0x608);
		report("lse cas, old or wrong", v, try_end());
		try_begin();
		__asm__ volatile(".arch_extension lse\n"
				 "ldaddal %2, %0, [%1]\n"
				 : "=&r"(w) : "r"(G(17) + 0x700), "r"(5ull) : "memory");
		v = w | (*(volatile uint64_t *)(G(17) + 0x700) ^ 5u);
		report("lse ldadd, old or wrong", v, try_end());
	} else {
		guest_printf("lazyred: no lse\n");
	}
	try_begin();
	__asm__ volatile("ldp %0, %1, [%2]" : "=&r"(v), "=&r"(w) : "r"(G(19) - 8u)
			 : "memory");
	report("ldp across granules", v | w, try_end());
}

/* Its stage-1 tables for the upper half (TTBR1) in the read-only region's
 * fresh granule: AT S1E1R walks them, a stage-2 fault of the walk
 * (S1PTW) that the hypervisor must take as a first touch. Zeros there: a
 * stage-1 translation fault at level 1 in PAR_EL1 (F, FST 0b000101); junk
 * would be a block descriptor and a translation. */
static void probe_at(void)
{
	uint64_t tcr;
	uint64_t par;

	__asm__ volatile("mrs %0, tcr_el1" : "=r"(tcr));
	tcr &= ~((0x3full << 16) | (1ull << 23) | (3ull << 30));
	tcr |= (32ull << 16) | (2ull << 30) /* TG1 4 KiB */;
	try_begin();
	__asm__ volatile("msr ttbr1_el1, %1\n"
			 "msr tcr_el1, %2\n"
			 "isb\n"
			 "tlbi vmalle1\n"
			 "dsb sy\n"
			 "isb\n"
			 "at s1e1r, %3\n"
			 "isb\n"
			 "mrs %0, par_el1\n"
			 : "=r"(par)
			 : "r"(ROM + 4u * MIB), "r"(tcr), "r"(0xffffffff40000000ull)
			 : "memory");
	report("at s1e1r par", par & 0xfffu, try_end());
}

/* After the fetch from G(15): the refused name across its RAM's end left
 * nothing there. */
static void probe_end_check(void)
{
	uint64_t v;

	try_begin();
	v = *(volatile uint32_t *)(RAM_END - 4u) | *(volatile uint32_t *)ROM;
	report("name across ram end, bytes there", v, try_end());
}

/* --- the marker everywhere, and vCPU 1 at it during the reset --- */
static const uint32_t fresh[] = { 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15,
				  16, 17, 18, 19 };

static void fill_marker(void)
{
	for (uint32_t g = 0; g < sizeof(fresh) / sizeof(fresh[0]); g++) {
		volatile uint64_t *p = (volatile uint64_t *)G(fresh[g]);

		for (uint64_t o = 0; o < 2u * MIB / 8u; o += 8u)
			p[o] = LAZY_MARKER;
		/* The probes' exact words too. */
		for (uint64_t o = 0; o < 0x2000u / 8u; o++)
			p[o] = LAZY_MARKER;
		p[0x1fff8 / 8] = LAZY_MARKER;
		p[(2u * MIB - 8u) / 8u] = LAZY_MARKER;
	}
}

volatile uint64_t lazy_writes;
/* vCPU 1: no stack, MMU off; the marker at every 4 KiB of G(1)..G(19)
 * (not the device tree's G(7)), and at each granule's start the
 * hypervisor writes its name at +0x40 (SK_HC_PARTITION_NAME), over and
 * over. x19-x23: its state across the hypercalls. */
void lazy_secondary(void);
__asm__(
	".globl lazy_secondary\n"
	"lazy_secondary:\n"
	"	adrp	x19, lazy_writes\n"
	"	add	x19, x19, :lo12:lazy_writes\n"
	"	movz	x20, #0x4421\n"
	"	movk	x20, #0x5245, lsl #16\n"
	"	movk	x20, #0x5a59, lsl #32\n"
	"	movk	x20, #0x4c41, lsl #48\n"
	"0:	movz	x21, #0x4020, lsl #16\n" /* G(1) */
	"	movz	x22, #0x4280, lsl #16\n" /* RAM_END */
	"1:	lsr	x23, x21, #21\n"
	"	and	x23, x23, #0x1f\n"
	"	cmp	x23, #7\n"              /* G(7): the device tree's */
	"	b.eq	2f\n"
	"	str	x20, [x21]\n"
	"	tst	x21, #0x1fffff\n"
	"	b.ne	3f\n"
	"	movz	x0, #0x0004\n"
	"	movk	x0, #0xc600, lsl #16\n" /* SK_HC_PARTITION_NAME */
	"	add	x1, x21, #0x40\n"
	"	mov	x2, #16\n"
	"	mov	x3, #0\n"
	"	hvc	#0\n"
	"3:	ldr	x10, [x19]\n"
	"	add	x10, x10, #1\n"
	"	str	x10, [x19]\n"
	"2:	add	x21, x21, #0x1000\n"
	"	cmp	x21, x22\n"
	"	b.lo	1b\n"
	"	b	0b\n");

/* The words where vCPU 1's hypercalls wrote the name in the last run,
 * after this run's probes: zero. */
static void probe_names_gone(void)
{
	uint64_t v = 0;

	for (uint32_t g = 0; g < sizeof(fresh) / sizeof(fresh[0]); g++)
		v |= *(volatile uint64_t *)(G(fresh[g]) + 0x40) |
		     *(volatile uint64_t *)(G(fresh[g]) + 0x48);
	report("last run's names", v, 0);
}

int main(uint64_t dtb)
{
	uint64_t deadline;
	int64_t st;

	guest_hello(dtb);
	(void)sk_hvc(SK_HC_PARTITION_NAME, (uint64_t)(uintptr_t)self_name,
		     NAME_LEN - 1u, 0);
	probe_ldp();
	probe_stp();
	probe_rom();
	probe_names();
	probe_outside();
	mmu_on();
	guest_printf("lazyred: mmu on\n");
	probe_mmu_on();
	probe_atomics();
	probe_at();
	probe_end_check();
	probe_names_gone();
	fill_marker();
	/* The scan must see what it wrote (it would miss nothing else). */
	guest_printf("lazyred: marker back 0x%lx\n",
		     (unsigned long)*(volatile uint64_t *)(G(1) + 0x40));
	/* vCPU 1 writes with the MMU off: what vCPU 0 wrote is cleaned to
	 * memory first. */
	for (uint64_t a = G(1); a < RAM_END; a += 64u)
		__asm__ volatile("dc cvac, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb sy" : : : "memory");
	lazy_writes = 0;
	__asm__ volatile("dc civac, %0\n dsb sy" : : "r"(&lazy_writes) : "memory");
	st = sk_hvc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)lazy_secondary, 0).status;
	deadline = guest_counter() + guest_ms_to_ticks(RACE_WAIT_MS);
	while (guest_counter() < deadline) {
		__asm__ volatile("dc civac, %0\n dsb sy" : : "r"(&lazy_writes) : "memory");
		if (*(volatile uint64_t *)&lazy_writes > 3000u)
			break;
	}
	guest_printf("lazyred: CPU_ON %ld, vCPU 1 writing (%s), restarting\n",
		     (long)st, lazy_writes > 3000u ? "yes" : "no");
	if (self_name[4] == 'd') { /* "lazydog": its watchdog restarts it */
		for (;;)
			__asm__ volatile("wfe");
	}
	(void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	guest_printf("lazyred: SYSTEM_RESET returned\n");
	guest_halt();
}
