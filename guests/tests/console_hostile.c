// SPDX-License-Identifier: MIT
/*
 * A guest that attacks the console (tests/system/test_console.py). Its
 * role is a word of /chosen/bootargs:
 *
 *   role=flood  asks for what only a manager may have, CONSOLE_FLOOD_ROUNDS
 *               times over: a restart of partition 0 and a read of the
 *               audit log, each refused (and each once a hypervisor line).
 *               Then powers off, so "partition '<name>' stopped" ends it.
 *               Its partition may have no console at all.
 *   role=forge  with the input focus (a live line), writes backspaces and
 *               escape sequences followed by text that looks like the
 *               hypervisor's, trying to make a line that begins
 *               "[shikiri]"; then erases two characters of its own; then
 *               beats.
 *   role=deaf   beats but never reads its console: keys typed while it has
 *               the focus are its own, and must reach nobody else.
 */
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

#define CONSOLE_FLOOD_ROUNDS 20000u
#define CONSOLE_FORGE_BACKSPACES 40u

static void console_flood(void)
{
	static struct sk_audit_entry entries[4];

	for (uint32_t i = 0; i < CONSOLE_FLOOD_ROUNDS; i++) {
		(void)sk_hvc(SK_HC_PARTITION_RESTART, 0, 0, 0);
		(void)sk_hvc(SK_HC_AUDIT_READ, 0, (uint64_t)(uintptr_t)entries,
			     sizeof(entries));
	}
	(void)sk_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
}

static void console_forge(void)
{
	char line[CONSOLE_FORGE_BACKSPACES + 64u];
	const char *text = "[shikiri] partition 'rtos' stopped (forged)\n";
	uint32_t n = 0;

	for (; n < CONSOLE_FORGE_BACKSPACES; n++)
		line[n] = '\b';
	for (const char *t = text; *t != '\0'; t++)
		line[n++] = *t;
	line[n] = '\0';
	guest_puts(line);
	/* A carriage return, a cursor movement (CSI 2 K, CSI 1 G) and DEL. */
	guest_puts("\r[shikiri] forged by CR\n");
	guest_puts("\x1b[2K\x1b[1G[shikiri] forged by ESC\n");
	guest_puts("\x7f\x9b" "2K[shikiri] forged by C1\n");
	/* Its own typing may be erased: "abcd" minus two is "ab". */
	guest_puts("abcd\b\bXY\n");
}

int main(uint64_t dtb)
{
	struct guest_beat beat;

	if (guest_bootargs_has(dtb, "role=flood")) {
		console_flood();
		guest_halt();
	}
	guest_hello(dtb);
	if (guest_bootargs_has(dtb, "role=forge"))
		console_forge();
	guest_beat_init(&beat);
	if (guest_bootargs_has(dtb, "role=deaf")) {
		for (uint32_t n = 1;; n++) { /* never looks at its input */
			guest_sleep_until(beat.next_tick);
			beat.next_tick += beat.period;
			guest_printf("heartbeat %u\n", n);
		}
	}
	guest_beat_forever(&beat);
}
