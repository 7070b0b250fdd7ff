// SPDX-License-Identifier: MIT
/* The heartbeat loop shared by the test guests: beats and key reports. */
#include "guest.h"

#include "console.h"
#include "guest_time.h"
#include "irq.h"

#define TICKS_PER_US_DIVISOR 1000000u

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
	beat->max_late = 0;
	beat->stalls = 0;
	beat->unexpected_seen = 0;
	(void)guest_irq_init();
}

static uint64_t ticks_to_us(uint64_t ticks)
{
	return ticks * TICKS_PER_US_DIVISOR / guest_counter_freq();
}

void guest_beat_report(const struct guest_beat *beat)
{
	struct guest_irq_stats st;

	guest_irq_stats(&st);
	guest_printf("lateness: max %lu us over %u beats, stalls %u; gic v%u, "
		     "timer irqs %u, unexpected irqs %u\n",
		     ticks_to_us(beat->max_late), beat->count, beat->stalls,
		     guest_gic_version(), st.timer, st.unexpected);
}

/* An interrupt this guest never enabled for anything is a leak from
 * outside the partition: say so at once. */
static void report_unexpected_irqs(struct guest_beat *beat)
{
	struct guest_irq_stats st;

	guest_irq_stats(&st);
	if (st.unexpected == beat->unexpected_seen)
		return;
	beat->unexpected_seen = st.unexpected;
	guest_printf("unexpected interrupt %u (%u so far)\n",
		     st.last_unexpected, st.unexpected);
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

/*
 * A beat more than a whole period after its deadline means this vCPU was
 * held up (a stalled CPU, an interrupt storm...) for longer than a
 * period: reported as a stall, which system tests look for.
 */
static void beat_once(struct guest_beat *beat, uint64_t now)
{
	uint64_t late = now - beat->next_tick;

	beat->count++;
	if (late > beat->max_late)
		beat->max_late = late;
	guest_printf("heartbeat %u\n", beat->count);
	if (late >= beat->period) {
		beat->stalls++;
		guest_printf("stall: beat %u late by %lu us\n", beat->count,
			     ticks_to_us(late));
	}
	report_unexpected_irqs(beat);
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
		guest_sleep_until((int64_t)(now + poll - beat->next_tick) < 0
				  ? now + poll : beat->next_tick);
	}
}

void guest_beat_forever(struct guest_beat *beat)
{
	for (;;) /* deliberately forever: beating is what these guests do */
		guest_beat_until(beat, beat->count + 1u);
}
