// SPDX-License-Identifier: MIT
/*
 * The demo: a 1 kHz control task released by a cyclic handler measures
 * how late it starts (its release jitter) and prints min / mean / max
 * every second; a lower-priority load task computes in bursts; a
 * mid-priority task waits for a semaphore its "sensor" interrupt handler
 * signals (here the kernel's own 100 ms cyclic handler stands in for the
 * device), so interrupt-to-task hand-over is exercised too. When the
 * partition has a channel called "link" (the default system gives it one to
 * Linux), an echo task sends back every message that arrives on it
 * (docs/channels.md): the far end of Linux's `skchan exchange` and
 * `skchan send`; text messages are also printed.
 */
#include <stdbool.h>
#include <stdint.h>

#include "apps/apps.h"
#include "console.h"
#include "guest_time.h"
#include "rtos/channel.h"
#include "rtos/itron.h"
#include "shikiri/ring.h"

#define STACK_SIZE 4096u
#define PERIOD_US 1000u
#define REPORT_EVERY 1000u     /* periods: one second */
#define SENSOR_PERIOD_US 100000u
#define LOAD_BURST_TICKS 12500u /* 200 us at 62.5 MHz */
#define LOAD_REST_US 800u

#define ECHO_QUIET_US 1000000 /* report the count after this long idle */

enum { TASK_CONTROL = 1, TASK_SENSOR = 2, TASK_LOAD = 3, TASK_ECHO = 4 };
enum { CYC_CONTROL = 1, CYC_SENSOR = 2 };
enum { SEM_SENSOR = 1, SEM_LINK = 2 };

static uint8_t stacks[4][STACK_SIZE] __attribute__((aligned(16)));
static volatile uint32_t sensor_events;
static volatile uint64_t load_bursts;

/* One report's release lateness, in counter ticks. Signed: a release the
 * task measured before it happened is a bug (issue 15), printed negative
 * and counted apart as "early", never wrapped into a huge maximum. */
struct jitter {
	int64_t min;
	int64_t max;
	int64_t sum;
	uint32_t n;
	uint32_t early;
	uint32_t overruns;
};

static void jitter_reset(struct jitter *j)
{
	*j = (struct jitter){ .min = INT64_MAX, .max = INT64_MIN };
}

static void jitter_add(struct jitter *j, int64_t late)
{
	if (late < 0)
		j->early++;
	if (late < j->min)
		j->min = late;
	if (late > j->max)
		j->max = late;
	j->sum += late;
	j->n++;
}

static int64_t ticks_to_ns_signed(int64_t ticks)
{
	if (ticks < 0)
		return -(int64_t)guest_ticks_to_ns((uint64_t)-ticks);
	return (int64_t)guest_ticks_to_ns((uint64_t)ticks);
}

static void jitter_print(const struct jitter *j)
{
	guest_printf("control: %u periods of %u us, release jitter "
		     "min %ld ns mean %ld ns max %ld ns, early %u, overruns %u; "
		     "sensor events %u, load bursts %lu\n", j->n, PERIOD_US,
		     ticks_to_ns_signed(j->min),
		     ticks_to_ns_signed(j->sum / (int64_t)j->n),
		     ticks_to_ns_signed(j->max), j->early, j->overruns,
		     sensor_events, load_bursts);
}

/* Released every period by its cyclic handler; its release point is the
 * handler's last due time, known exactly (rtos_cyc_due gives the next one).
 * A release that came while the task was still busy (or the CPU starved)
 * is an overrun: the wake-up is not queued twice, so it is counted, not
 * measured; a queued wake-up for a release already measured is skipped,
 * so each release is measured once. */
static void control_task(intptr exinf)
{
	uint64_t period = guest_counter_freq() * PERIOD_US / 1000000u;
	uint64_t last = 0;
	struct jitter j;

	(void)exinf;
	jitter_reset(&j);
	for (;;) {
		uint64_t now;
		uint64_t release;
		ER ercd;

		(void)slp_tsk();
		/* Now and the due time in one critical section. Read apart, a
		 * release could fire in between (an interrupt, or this vCPU
		 * stalled past the next period): the task would measure that
		 * later release against an earlier `now` and count itself
		 * early (issue 15). With the CPU locked, the release read is
		 * one that fired before `now`. */
		(void)loc_cpu();
		now = guest_counter();
		ercd = rtos_cyc_due(CYC_CONTROL, &release);
		(void)unl_cpu();
		/* The handler already waits for the next period. */
		if (ercd != E_OK)
			continue;
		release -= period;
		if (release == last)
			continue;
		if (last != 0 && (int64_t)(release - last) > (int64_t)period)
			j.overruns += (uint32_t)((release - last) / period - 1u);
		last = release;
		jitter_add(&j, (int64_t)(now - release));
		if (j.n == REPORT_EVERY) {
			jitter_print(&j);
			jitter_reset(&j);
		}
	}
}

static void sensor_task(intptr exinf)
{
	(void)exinf;
	for (;;) {
		if (wai_sem(SEM_SENSOR) == E_OK)
			sensor_events++;
	}
}

static void load_task(intptr exinf)
{
	(void)exinf;
	for (;;) {
		uint64_t end = guest_counter() + LOAD_BURST_TICKS;
		uint32_t x = 1;

		while (guest_counter() < end)
			x = x * 1103515245u + 12345u;
		load_bursts++;
		(void)dly_tsk(LOAD_REST_US + (x & 1u));
	}
}

/* Printable ASCII only: a message someone typed. */
static bool is_text(const char *m, int len)
{
	for (int i = 0; i < len; i++) {
		if (m[i] < ' ' || m[i] > '~')
			return false;
	}
	return len > 0;
}

static void echo_task(intptr exinf)
{
	struct rtos_chn ch;
	struct sk_ring tx, rx;
	char msg[SK_RING_PAYLOAD + 1];
	int len = 0;
	bool holding = false;
	uint32_t echoed = 0, reported = 0;
	unsigned half;
	ER ercd = rtos_chn_map(&ch, "link", SEM_LINK);

	(void)exinf;
	if (ercd != E_OK) {
		guest_printf("echo: no channel 'link' (%d): not echoing\n", (int)ercd);
		(void)ext_tsk();
	}
	half = sk_ring_tx_half(ch.own_id, ch.peer_id);
	if (sk_ring_attach(&tx, sk_ring_half(ch.mem, ch.size, half), ch.size / 2u) != 0 ||
	    sk_ring_attach(&rx, sk_ring_half(ch.mem, ch.size, 1u - half), ch.size / 2u) != 0) {
		guest_printf("echo: channel 'link' is too small for two rings\n");
		(void)ext_tsk();
	}
	guest_printf("echo: channel 'link' (id %u) to partition %u, %u bytes: echoing\n",
		     ch.id, ch.peer_id, (unsigned)ch.size);
	for (;;) {
		bool progress = false;

		for (;;) {
			if (!holding) {
				len = sk_ring_recv(&rx, msg, SK_RING_PAYLOAD);
				if (len == -1)
					break;
				holding = len >= 0;
				progress = true;
				if (holding && is_text(msg, len)) {
					msg[len] = '\0';
					guest_printf("echo: '%s'\n", msg);
				}
			}
			if (holding && sk_ring_send(&tx, msg, (uint32_t)len) != 0)
				break; /* full: the peer rings when it took some */
			if (holding)
				echoed++;
			holding = false;
		}
		/* Echoes to read, or room again: the peer may wait for either. */
		if (progress) {
			(void)rtos_chn_notify(&ch);
			continue;
		}
		if (rtos_chn_wait(&ch, ECHO_QUIET_US) == E_TMOUT && echoed != reported) {
			guest_printf("echo: %u message(s) echoed so far\n", echoed);
			reported = echoed;
		}
	}
}

static void control_release(intptr exinf)
{
	(void)exinf;
	(void)wup_tsk(TASK_CONTROL);
}

static void sensor_interrupt(intptr exinf)
{
	(void)exinf;
	(void)sig_sem(SEM_SENSOR);
}

static const struct rtos_task_cfg tasks[] = {
	{ "control", TA_ACT, 0, control_task, 2, stacks[0], STACK_SIZE },
	{ "sensor", TA_ACT, 0, sensor_task, 4, stacks[1], STACK_SIZE },
	{ "load", TA_ACT, 0, load_task, 12, stacks[2], STACK_SIZE },
	{ "echo", TA_ACT, 0, echo_task, 8, stacks[3], STACK_SIZE },
};
static const struct rtos_sem_cfg sems[] = {
	{ TA_TFIFO, 0, 1 },
	{ TA_TFIFO, 0, 1 },     /* SEM_LINK: the channel's doorbell */
};
static const struct rtos_cyc_cfg cycs[] = {
	{ TA_STA, 0, control_release, PERIOD_US },
	{ TA_STA, 0, sensor_interrupt, SENSOR_PERIOD_US },
};

const struct rtos_config rtos_demo_config = {
	.tasks = tasks, .ntasks = RTOS_COUNT(tasks),
	.sems = sems, .nsems = RTOS_COUNT(sems),
	.cycs = cycs, .ncycs = RTOS_COUNT(cycs),
};
