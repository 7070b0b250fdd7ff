// SPDX-License-Identifier: MIT
/*
 * The restart soak's guest (make soak, tests/system/test_soak.py). Its
 * role is a word of /chosen/bootargs:
 *
 *   role=target   says it is up: writes SOAK_UP into the first word of
 *                 channel "up", then beats like any test guest.
 *   role=manager  once the target is up and the key 'g' arrives on its
 *                 console (the test takes its "before" report first),
 *                 restarts partition soak-target=<id> soak-restarts=<n>
 *                 times: clears the word, restarts the target, waits until
 *                 the target's fresh run has written SOAK_UP again, and
 *                 checks the status call counts the restart; a progress
 *                 line every SOAK_PROGRESS restarts, a summary line at the
 *                 end, then it beats.
 *
 * Channel memory is not cleared by a restart (only at boot,
 * docs/channels.md), so the word is how a fresh run of the target is seen
 * from outside: the manager clears it, only the target sets it.
 */
#include <stdbool.h>
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "core/config_format.h"
#include "shikiri/hypercall.h"

#define SOAK_UP           0x55505550u /* "UPUP" */
#define SOAK_PROGRESS     100u
#define SOAK_UP_TIMEOUT_MS 10000u     /* longest wait for one restart */
#define SOAK_POLL_MS      1u
#define SOAK_GO_KEY       'g'

/* The first word of this partition's channel "up", or NULL. */
static volatile uint32_t *soak_up_word(void)
{
	static char name[SK_CHANNEL_NAME_MAX];
	struct sk_hc_result r;

	if (!sk_channel_find("up", name, &r)) {
		guest_printf("soak: channel 'up' not found\n");
		return NULL;
	}
	return (volatile uint32_t *)(uintptr_t)r.r2;
}

static void soak_target(void)
{
	volatile uint32_t *up = soak_up_word();

	if (up != NULL) {
		*up = SOAK_UP;
		__asm__ volatile("dsb sy" ::: "memory");
	}
}

/* One restart, number n: true once the target is up again and counted;
 * false after printing what went wrong. */
static bool soak_restart_once(volatile uint32_t *up, uint64_t target,
			      uint32_t n, uint64_t restarts_before,
			      uint64_t *up_ns)
{
	uint64_t start, deadline;
	struct sk_hc_result r;

	*up = 0;
	__asm__ volatile("dsb sy" ::: "memory");
	start = guest_counter();
	r = sk_hvc(SK_HC_PARTITION_RESTART, target, 0, 0);
	if (r.status != SK_OK) {
		guest_printf("soak: restart %u refused: %ld\n", n, r.status);
		return false;
	}
	deadline = start + guest_ms_to_ticks(SOAK_UP_TIMEOUT_MS);
	while (*up != SOAK_UP && guest_counter() < deadline)
		guest_delay_ms(SOAK_POLL_MS);
	if (*up != SOAK_UP) {
		guest_printf("soak: restart %u: target not up within %u ms\n", n,
			     SOAK_UP_TIMEOUT_MS);
		return false;
	}
	*up_ns = guest_ticks_to_ns(guest_counter() - start);
	r = sk_hvc(SK_HC_PARTITION_STATUS, target, 0, 0);
	if (r.status != SK_OK || r.r1 != SK_PARTITION_RUNNING ||
	    r.r2 != restarts_before + n) {
		guest_printf("soak: restart %u: status %ld state %lu restarts %lu, expected %lu\n",
			     n, r.status, r.r1, r.r2, restarts_before + n);
		return false;
	}
	return true;
}

static void soak_manager(uint64_t target, uint32_t count)
{
	volatile uint32_t *up = soak_up_word();
	uint64_t worst_ns = 0, total_ns = 0, start;
	uint32_t done = 0;
	struct sk_hc_result st;

	if (up == NULL)
		return;
	/* The target's first boot says up too: wait for it. */
	for (uint32_t i = 0; i < SOAK_UP_TIMEOUT_MS && *up != SOAK_UP; i++)
		guest_delay_ms(SOAK_POLL_MS);
	guest_printf("soak: target up, waiting for '%c'\n", SOAK_GO_KEY);
	while (guest_getc_nonblock() != SOAK_GO_KEY)
		guest_delay_ms(SOAK_POLL_MS);
	start = guest_counter();
	st = sk_hvc(SK_HC_PARTITION_STATUS, target, 0, 0);
	guest_printf("soak: restarting partition %lu %u times (restarts so far %lu)\n",
		     target, count, st.r2);
	while (done < count) {
		uint64_t up_ns = 0;

		if (!soak_restart_once(up, target, done + 1u, st.r2, &up_ns))
			break;
		done++;
		total_ns += up_ns;
		worst_ns = up_ns > worst_ns ? up_ns : worst_ns;
		if (done % SOAK_PROGRESS == 0u || done == count)
			guest_printf("soak: restart %u/%u, up after %lu us\n", done,
				     count, up_ns / 1000u);
	}
	guest_printf("soak: %u/%u restarts done in %lu ms, up after %lu us on average, %lu us at worst\n",
		     done, count, guest_ticks_to_ns(guest_counter() - start) / 1000000u,
		     done != 0u ? total_ns / done / 1000u : 0u, worst_ns / 1000u);
}

int main(uint64_t dtb)
{
	struct guest_beat beat;

	guest_hello(dtb);
	if (guest_bootargs_has(dtb, "role=target"))
		soak_target();
	else if (guest_bootargs_has(dtb, "role=manager"))
		soak_manager(guest_bootargs_number(dtb, "soak-target=", 1),
			     (uint32_t)guest_bootargs_number(dtb, "soak-restarts=", 0));
	else
		guest_printf("soak: no role in bootargs\n");
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
