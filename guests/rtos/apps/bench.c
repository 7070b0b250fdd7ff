// SPDX-License-Identifier: MIT
/*
 * The RTOS benchmark (bootargs "app=bench", run by bench/run.py bare and
 * in shikiri): lines "bench: <name> key=value ..." like the benchmark
 * guest's, times in picoseconds (under -icount shift=0, 1000 ps is one
 * instruction).
 *
 * - irq-to-task: a cyclic handler's due time (the timer interrupt's
 *   deadline) to the first instruction of the task it wakes (wup_tsk):
 *   the interrupt, the kernel's time event, the wake-up, the switch.
 * - task-switch: a task wakes a higher-priority one that goes straight
 *   back to sleep: the cost of one service call plus one switch, per
 *   switch.
 */
#include "apps/apps.h"
#include "console.h"
#include "guest_time.h"
#include "stats.h"
#include "rtos/itron.h"

#define STACK_SIZE 4096u
#define SAMPLES 1000u
#define PERIOD_US 200u
#define SWITCHES 10000u

enum { T_MAIN = 1, T_WOKEN = 2, T_PONG = 3 };
enum { CYC_WAKE = 1 };
enum { FLG_DONE = 1 };

static uint8_t stacks[3][STACK_SIZE] __attribute__((aligned(16)));
static struct guest_fine_clock clock;
static int64_t samples[SAMPLES];

static void woken_task(intptr exinf)
{
	uint64_t period = guest_counter_freq() * PERIOD_US / 1000000u;

	(void)exinf;
	for (uint32_t n = 0; n < SAMPLES;) {
		uint64_t now_ps;
		uint64_t due;

		(void)slp_tsk();
		now_ps = guest_fine_now_ps(&clock);
		if (rtos_cyc_due(CYC_WAKE, &due) != E_OK)
			break;
		samples[n++] = (int64_t)(now_ps - (due - period) * clock.tick_ps);
	}
	(void)stp_cyc(CYC_WAKE);
	(void)set_flg(FLG_DONE, 1);
}

static void pong_task(intptr exinf)
{
	(void)exinf;
	for (;;)
		(void)slp_tsk();
}

static void wake(intptr exinf)
{
	(void)exinf;
	(void)wup_tsk(T_WOKEN);
}

static void main_task(intptr exinf)
{
	FLGPTN ptn;
	uint64_t t0;
	uint64_t t1;

	(void)exinf;
	guest_fine_clock_init(&clock);
	guest_printf("bench: start tick_ps=%lu turn_ps=%lu\n", clock.tick_ps,
		     clock.turn_ps);
	(void)act_tsk(T_WOKEN);
	(void)sta_cyc(CYC_WAKE);
	(void)wai_flg(FLG_DONE, 1, TWF_ORW, &ptn);
	guest_sort_i64(samples, SAMPLES);
	guest_printf("bench: irq-to-task n=%u min=%ld median=%ld p99=%ld max=%ld\n",
		     SAMPLES, samples[0], samples[SAMPLES / 2],
		     samples[SAMPLES * 99u / 100u], samples[SAMPLES - 1]);
	(void)act_tsk(T_PONG); /* runs until it sleeps */
	t0 = guest_counter();
	for (uint32_t i = 0; i < SWITCHES / 2u; i++)
		(void)wup_tsk(T_PONG); /* there and back: two switches */
	t1 = guest_counter();
	guest_printf("bench: task-switch n=%u ps=%lu\n", SWITCHES,
		     (t1 - t0) * clock.tick_ps / SWITCHES);
	guest_puts("bench: done\n");
	(void)slp_tsk();
}

static const struct rtos_task_cfg tasks[] = {
	{ "main", TA_ACT, 0, main_task, 8, stacks[0], STACK_SIZE },
	{ "woken", 0, 0, woken_task, 2, stacks[1], STACK_SIZE },
	{ "pong", 0, 0, pong_task, 3, stacks[2], STACK_SIZE },
};
static const struct rtos_flg_cfg flgs[] = {
	{ TA_NULL, 0 },
};
static const struct rtos_cyc_cfg cycs[] = {
	{ TA_NULL, 0, wake, PERIOD_US },
};

const struct rtos_config rtos_bench_config = {
	.tasks = tasks, .ntasks = RTOS_COUNT(tasks),
	.flgs = flgs, .nflgs = RTOS_COUNT(flgs),
	.cycs = cycs, .ncycs = RTOS_COUNT(cycs),
};
