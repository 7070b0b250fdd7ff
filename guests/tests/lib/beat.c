// SPDX-License-Identifier: MIT
/* The heartbeat loop shared by the test guests: beats and key reports. */
#include "guest.h"

#include "console.h"
#include "guest_time.h"

/* How often the console is polled for input between beats. */
#define BEAT_POLL_MS 10u
/* At most this many keys are reported per poll, so beats stay on time. */
#define BEAT_KEYS_PER_POLL 16u
#define ASCII_PRINTABLE_FIRST 0x20
#define ASCII_PRINTABLE_LAST  0x7e

void guest_beat_init(struct guest_beat *beat)
{
	beat->period = guest_ms_to_ticks(GUEST_BEAT_PERIOD_MS);
	beat->next_tick = guest_counter() + beat->period;
	beat->count = 0;
	beat->on_key = NULL;
	beat->on_beat = NULL;
}

static void report_keys(const struct guest_beat *beat)
{
	for (uint32_t i = 0; i < BEAT_KEYS_PER_POLL; i++) {
		int c = guest_getc_nonblock();

		if (c < 0)
			return;
		if (beat->on_key != NULL && beat->on_key(c))
			continue;
		if (c >= ASCII_PRINTABLE_FIRST && c <= ASCII_PRINTABLE_LAST)
			guest_printf("got key '%c'\n", c);
		else
			guest_printf("got key '\\x%02x'\n", (unsigned)c);
	}
}

static void beat_once(struct guest_beat *beat, uint64_t now)
{
	beat->count++;
	guest_printf("heartbeat %u\n", beat->count);
	if (beat->on_beat != NULL)
		beat->on_beat();
	beat->next_tick += beat->period;
	/* If we were held up (say, descheduled) for more than a period, start
	 * afresh rather than print a burst of catch-up beats. */
	if ((int64_t)(now - beat->next_tick) >= 0)
		beat->next_tick = now + beat->period;
}

void guest_beat_until(struct guest_beat *beat, uint32_t last)
{
	uint64_t poll = guest_ms_to_ticks(BEAT_POLL_MS);

	while (beat->count < last) {
		uint64_t now;

		report_keys(beat);
		now = guest_counter();
		if ((int64_t)(now - beat->next_tick) >= 0) {
			beat_once(beat, now);
			continue;
		}
		/* Sleep until the next poll or beat, whichever comes first. */
		while (guest_counter() - now < poll &&
		       (int64_t)(guest_counter() - beat->next_tick) < 0)
			;
	}
}

void guest_beat_forever(struct guest_beat *beat)
{
	for (;;) /* deliberately forever: beating is what these guests do */
		guest_beat_until(beat, beat->count + 1u);
}
