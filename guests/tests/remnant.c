// SPDX-License-Identifier: MIT
/*
 * remnant: checks that a partition starts from its images and zeros,
 * never from what an earlier run left in its RAM (docs/security.md,
 * "Memory"). Every start it scans its RAM between the end of its own image
 * and its device tree for the marker an earlier run wrote, reports what it
 * found, fills that RAM with the marker and restarts itself with PSCI
 * SYSTEM_RESET. A hypervisor that does not clear a restarted partition's
 * memory shows the marker on the second start.
 *
 * Before that, each start hands the hypervisor two buffers in 2 MiB
 * granules it has not touched (the hypervisor clears a granule on first
 * touch, docs/security.md): one it writes (the partition's name), one it
 * reads (a console write). The test fills both with junk before the boot;
 * a restart finds the marker there. Neither may reach the console, and
 * the name must survive the guest's own first touch. Then its two vCPUs
 * store at once into one more untouched granule: both stores must stay
 * (one clear of the granule, before either).
 */
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

/* RAM + 12 MiB: a granule no image overlaps, where both vCPUs store first
 * (vCPU 0 at +0x100, vCPU 1 at +0x200). */
#define REMNANT_RACE_BUF 0x40c00000ul
#define REMNANT_RACE_A   0x5ec0a11ull
#define REMNANT_RACE_B   0x5ec00b22ull
#define REMNANT_RACE_WAIT_MS 2000u

/* vCPU 1 of the race: no stack, MMU off. Says it is ready, waits for go,
 * stores B, says done and waits for the restart. */
volatile uint32_t remnant_race_ready;
volatile uint32_t remnant_race_go;
volatile uint32_t remnant_race_done;
void remnant_race_secondary(void);
__asm__(
	".globl remnant_race_secondary\n"
	"remnant_race_secondary:\n"
	"	adrp	x9, remnant_race_ready\n"
	"	add	x9, x9, :lo12:remnant_race_ready\n"
	"	mov	w10, #1\n"
	"	stlr	w10, [x9]\n"
	"	adrp	x9, remnant_race_go\n"
	"	add	x9, x9, :lo12:remnant_race_go\n"
	"1:	ldar	w10, [x9]\n"
	"	cbz	w10, 1b\n"
	"	movz	x11, #0x40c0, lsl #16\n" /* REMNANT_RACE_BUF */
	"	movz	x12, #0xb22\n"
	"	movk	x12, #0x5ec0, lsl #16\n" /* REMNANT_RACE_B */
	"	str	x12, [x11, #0x200]\n"
	"	adrp	x9, remnant_race_done\n"
	"	add	x9, x9, :lo12:remnant_race_done\n"
	"	mov	w10, #1\n"
	"	stlr	w10, [x9]\n"
	"2:	wfe\n"
	"	b	2b\n");

#define REMNANT_MARKER    0x52454d4e414e5421ull /* "REMNANT!" */
/* The device tree sits at RAM + 15 MiB (guest.dts, the configurations). */
#define REMNANT_SCAN_END  (GUEST_RAM_BASE + 0x00f00000ul)

/* In granules no image overlaps (RAM + 6 MiB, + 10 MiB); the test puts
 * its junk there. */
#define REMNANT_NAME_BUF    (GUEST_RAM_BASE + 0x00600100ul)
#define REMNANT_CONSOLE_BUF (GUEST_RAM_BASE + 0x00a00000ul)
#define REMNANT_PROBE_LEN   48u

extern char __image_end[];

/* The hypervisor touches the buffers first; the probes leave them zero
 * again for the scan. */
static void remnant_probe_hypercalls(void)
{
	static const char want[] = "remnant";
	volatile char *name = (volatile char *)REMNANT_NAME_BUF;
	struct sk_hc_result r;
	unsigned long wrong = 0;

	r = sk_hvc(SK_HC_PARTITION_NAME, REMNANT_NAME_BUF, REMNANT_PROBE_LEN, 0);
	for (uint32_t i = 0; i < REMNANT_PROBE_LEN; i++) {
		char c = i < sizeof(want) ? want[i] : '\0';

		if (name[i] != c)
			wrong++;
		name[i] = '\0';
	}
	guest_printf("remnant: name probe status %ld, %lu bytes wrong\n",
		     (long)r.status, wrong);
	guest_printf("remnant: console probe [");
	r = sk_hvc(SK_HC_CONSOLE_WRITE, REMNANT_CONSOLE_BUF, REMNANT_PROBE_LEN, 0);
	guest_printf("] status %ld\n", (long)r.status);
}

struct remnant_scan {
	uint64_t markers;
	uint64_t other; /* non-zero words that are not the marker */
};

static struct remnant_scan remnant_scan(const volatile uint64_t *from,
					const volatile uint64_t *to)
{
	struct remnant_scan s = { 0, 0 };

	for (const volatile uint64_t *p = from; p < to; p++) {
		uint64_t x = *p;

		if (x == REMNANT_MARKER)
			s.markers++;
		else if (x != 0)
			s.other++;
	}
	return s;
}

/* Both vCPUs store into the same untouched granule at once; the words
 * are zeroed again for the scan. */
static void remnant_race(void)
{
	volatile uint64_t *buf = (volatile uint64_t *)REMNANT_RACE_BUF;
	uint64_t deadline;
	int64_t st;
	bool kept;

	__atomic_store_n(&remnant_race_ready, 0u, __ATOMIC_RELEASE);
	__atomic_store_n(&remnant_race_go, 0u, __ATOMIC_RELEASE);
	__atomic_store_n(&remnant_race_done, 0u, __ATOMIC_RELEASE);
	st = sk_hvc(PSCI_CPU_ON_64, 1, (uint64_t)(uintptr_t)remnant_race_secondary,
		    0).status;
	if (st != 0) {
		guest_printf("remnant: race CPU_ON failed %ld\n", (long)st);
		return;
	}
	deadline = guest_counter() + guest_ms_to_ticks(REMNANT_RACE_WAIT_MS);
	while (__atomic_load_n(&remnant_race_ready, __ATOMIC_ACQUIRE) == 0u &&
	       guest_counter() < deadline)
		;
	__atomic_store_n(&remnant_race_go, 1u, __ATOMIC_RELEASE);
	buf[0x100 / 8] = REMNANT_RACE_A;
	while (__atomic_load_n(&remnant_race_done, __ATOMIC_ACQUIRE) == 0u &&
	       guest_counter() < deadline)
		;
	kept = buf[0x100 / 8] == REMNANT_RACE_A && buf[0x200 / 8] == REMNANT_RACE_B;
	guest_printf("remnant: race %s (vCPU 1 %s, words %lx %lx)\n",
		     kept ? "both stores kept" : "a store lost",
		     remnant_race_done != 0u ? "done" : "not done",
		     (unsigned long)buf[0x100 / 8], (unsigned long)buf[0x200 / 8]);
	buf[0x100 / 8] = 0;
	buf[0x200 / 8] = 0;
}

int main(uint64_t dtb)
{
	volatile uint64_t *from = (volatile uint64_t *)(uintptr_t)__image_end;
	volatile uint64_t *to = (volatile uint64_t *)REMNANT_SCAN_END;
	struct remnant_scan s;

	guest_hello(dtb);
	remnant_probe_hypercalls();
	remnant_race();
	s = remnant_scan(from, to);
	guest_printf("remnant: %lu marker words, %lu other non-zero words in %lu KiB\n",
		     (unsigned long)s.markers, (unsigned long)s.other,
		     (unsigned long)((uintptr_t)to - (uintptr_t)from) / 1024u);
	for (volatile uint64_t *p = from; p < to; p++)
		*p = REMNANT_MARKER;
	/* The scan itself is checked: it must see what was just written. */
	s = remnant_scan(from, to);
	guest_printf("remnant: wrote and found %lu marker words, restarting\n",
		     (unsigned long)s.markers);
	(void)sk_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	guest_printf("remnant: SYSTEM_RESET returned\n");
	guest_halt();
}
