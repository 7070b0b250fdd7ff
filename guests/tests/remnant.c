// SPDX-License-Identifier: MIT
/*
 * remnant: checks that a partition starts from its images and zeros,
 * never from what an earlier run left in its RAM (docs/security.md,
 * "Memory"). Every start it scans its RAM between the end of its own image
 * and its device tree for the marker an earlier run wrote, reports what it
 * found, fills that RAM with the marker and restarts itself with PSCI
 * SYSTEM_RESET. A hypervisor that does not clear a restarted partition's
 * memory shows the marker on the second start.
 */
#include "console.h"
#include "guest.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

#define REMNANT_MARKER    0x52454d4e414e5421ull /* "REMNANT!" */
/* The device tree sits at RAM + 15 MiB (guest.dts, the configurations). */
#define REMNANT_SCAN_END  (GUEST_RAM_BASE + 0x00f00000ul)

extern char __image_end[];

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

int main(uint64_t dtb)
{
	volatile uint64_t *from = (volatile uint64_t *)(uintptr_t)__image_end;
	volatile uint64_t *to = (volatile uint64_t *)REMNANT_SCAN_END;
	struct remnant_scan s;

	guest_hello(dtb);
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
