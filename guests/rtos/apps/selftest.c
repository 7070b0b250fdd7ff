// SPDX-License-Identifier: MIT
/*
 * The system tests' application (bootargs "app=selftest"): each check
 * prints one "selftest <name>: ..." line with what it saw, for
 * tests/system/test_rtos.py to hold against what the kernel promises.
 * Under -icount shift=0,sleep=off the times are exact.
 */
#include "apps/apps.h"
#include "console.h"
#include "guest_time.h"
#include "rtos/itron.h"

#define STACK_SIZE 4096u
#define TIMEOUT_US 1500u
#define CYC_PERIOD_US 1000u
#define CYC_CALLS 1000u

enum { T_MAIN = 1, T_HI = 2, T_MID = 3, T_LO = 4 };
enum { SEM_EMPTY = 1 };
enum { CYC_COUNT = 1, CYC_PROBE = 2 };

static uint8_t stacks[4][STACK_SIZE] __attribute__((aligned(16)));
static char order[16];
static volatile uint32_t order_len;
static volatile uint32_t cyc_calls;
static volatile uint64_t cyc_first_due;
static volatile uint64_t cyc_max_late;
static volatile uint64_t cyc_last_due;
static volatile ER handler_wai_sem = 1;

static void note(char c)
{
	if (order_len < sizeof(order) - 1u)
		order[order_len++] = c;
}

static void hi_task(intptr exinf)
{
	(void)exinf;
	note('H');
}

static void mid_task(intptr exinf)
{
	(void)exinf;
	note('M');
	(void)act_tsk(T_HI); /* preempts at once */
	note('m');
}

static void lo_task(intptr exinf)
{
	(void)exinf;
	note('L');
}

/* Counts its calls and how late each came after its due time. */
static void count_handler(intptr exinf)
{
	uint64_t now = guest_counter();
	uint64_t due;

	(void)exinf;
	if (rtos_cyc_due(CYC_COUNT, &due) != E_OK)
		return;
	due -= guest_counter_freq() * CYC_PERIOD_US / 1000000u; /* this call's */
	if (cyc_calls == 0)
		cyc_first_due = due;
	if (now - due > cyc_max_late)
		cyc_max_late = now - due;
	cyc_last_due = due;
	if (++cyc_calls == CYC_CALLS)
		(void)stp_cyc(CYC_COUNT);
}

/* Tries to wait in a handler: must be refused. */
static void probe_handler(intptr exinf)
{
	(void)exinf;
	handler_wai_sem = wai_sem(SEM_EMPTY);
	(void)stp_cyc(CYC_PROBE);
}

static void check_preemption(void)
{
	/* main (8) activates lo (9): lo waits; mid (5) runs at once and
	 * activates hi (2), which preempts mid; then main; then lo once main
	 * sleeps. */
	(void)act_tsk(T_LO);
	(void)act_tsk(T_MID);
	note('x');
	(void)dly_tsk(100);
	order[order_len] = '\0';
	guest_printf("selftest preemption: %s\n", order);
}

static void check_timeout(void)
{
	uint64_t t0 = guest_counter();
	ER ercd = tslp_tsk(TIMEOUT_US);
	uint64_t t1 = guest_counter();

	guest_printf("selftest timeout: tslp_tsk(%u us) = %d after %lu ns\n",
		     TIMEOUT_US, (int)ercd, guest_ticks_to_ns(t1 - t0));
}

static void check_cyclic(void)
{
	uint64_t period = guest_counter_freq() * CYC_PERIOD_US / 1000000u;

	(void)sta_cyc(CYC_COUNT);
	while (cyc_calls < CYC_CALLS)
		(void)dly_tsk(10 * CYC_PERIOD_US);
	guest_printf("selftest cyclic: %u calls, period %lu ns, last due - first "
		     "due %lu ns, max lateness %lu ns\n", cyc_calls,
		     guest_ticks_to_ns(period), guest_ticks_to_ns(cyc_last_due - cyc_first_due),
		     guest_ticks_to_ns(cyc_max_late));
}

static void check_errors(void)
{
	ER pol = pol_sem(SEM_EMPTY);
	ER par = tslp_tsk(-5);
	ER id = act_tsk(99);
	ER twai = twai_sem(SEM_EMPTY, 300);

	(void)sta_cyc(CYC_PROBE);
	while (handler_wai_sem == 1)
		(void)dly_tsk(CYC_PERIOD_US);
	guest_printf("selftest errors: pol_sem %d, tslp_tsk(-5) %d, act_tsk(99) "
		     "%d, twai_sem(300 us) %d, wai_sem in a handler %d\n",
		     (int)pol, (int)par, (int)id, (int)twai, (int)handler_wai_sem);
}

static void main_task(intptr exinf)
{
	(void)exinf;
	check_preemption();
	check_timeout();
	check_cyclic();
	check_errors();
	guest_puts("selftest done\n");
	(void)slp_tsk();
}

static const struct rtos_task_cfg tasks[] = {
	{ "main", TA_ACT, 0, main_task, 8, stacks[0], STACK_SIZE },
	{ "hi", 0, 0, hi_task, 2, stacks[1], STACK_SIZE },
	{ "mid", 0, 0, mid_task, 5, stacks[2], STACK_SIZE },
	{ "lo", 0, 0, lo_task, 9, stacks[3], STACK_SIZE },
};
static const struct rtos_sem_cfg sems[] = {
	{ TA_TFIFO, 0, 1 },
};
static const struct rtos_cyc_cfg cycs[] = {
	{ TA_NULL, 0, count_handler, CYC_PERIOD_US },
	{ TA_NULL, 0, probe_handler, CYC_PERIOD_US },
};

const struct rtos_config rtos_selftest_config = {
	.tasks = tasks, .ntasks = RTOS_COUNT(tasks),
	.sems = sems, .nsems = RTOS_COUNT(sems),
	.cycs = cycs, .ncycs = RTOS_COUNT(cycs),
};
