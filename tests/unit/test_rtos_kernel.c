/* SPDX-License-Identifier: MIT */
/*
 * The RTOS kernel's logic on the host (guests/rtos/kernel), with the fake
 * architecture of stubs/fake_rtos_arch.c: the test acts as whichever task
 * is running (rtos.runtsk); a call that would block returns RTOS_WAITING,
 * and its real result is the task's wercd once something ends the wait.
 * Times are microseconds (one tick each).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "kernel/kernel.h"
#include "stubs/fake_rtos_arch.h"

#define STACK 1024u

static uint8_t stacks[8][STACK] __attribute__((aligned(16)));
static intptr dtq_buf[4];
static uint32_t cyc_calls;
static uint64_t cyc_times[8];

static void task_fn(intptr exinf)
{
	(void)exinf;
}

static void cyc_fn(intptr exinf)
{
	(void)exinf;
	if (cyc_calls < 8)
		cyc_times[cyc_calls] = rtos_arch_now();
	cyc_calls++;
}

#define TASK(name, atr, pri, n) \
	{ name, atr, n, task_fn, pri, stacks[(n) - 1], STACK }

/* Tasks: 1 high (pri 1), 2 mid (pri 5), 3 mid (pri 5), 4 low (pri 10),
 * all dormant; tests activate what they need. */
static const struct rtos_task_cfg tasks[] = {
	TASK("high", 0, 1, 1),
	TASK("mid-a", 0, 5, 2),
	TASK("mid-b", 0, 5, 3),
	TASK("low", 0, 10, 4),
};
static const struct rtos_sem_cfg sems[] = {
	{ TA_TFIFO, 0, 2 },
	{ TA_TPRI, 0, 1 },
};
static const struct rtos_flg_cfg flgs[] = {
	{ TA_WMUL, 0 },
	{ TA_CLR, 0 },
};
static const struct rtos_dtq_cfg dtqs[] = {
	{ TA_TFIFO, 2, dtq_buf },
	{ TA_TFIFO, 0, NULL },
};
static const struct rtos_mtx_cfg mtxs[] = {
	{ TA_INHERIT },
	{ TA_INHERIT },
};
static const struct rtos_cyc_cfg cycs[] = {
	{ TA_NULL, 0, cyc_fn, 1000 },
};
static const struct rtos_config config = {
	tasks, RTOS_COUNT(tasks), sems, RTOS_COUNT(sems), flgs, RTOS_COUNT(flgs),
	dtqs, RTOS_COUNT(dtqs), mtxs, RTOS_COUNT(mtxs), cycs, RTOS_COUNT(cycs),
};

enum { HIGH = 1, MID_A = 2, MID_B = 3, LOW = 4 };

static struct rtos_tcb *task(ID id)
{
	return &rtos.tcb[id - 1];
}

static ID running(void)
{
	return rtos.runtsk != NULL ? rtos.runtsk->id : 0;
}

/* Starts the kernel with `first` running (activated from nothing). */
static int setup(void **state)
{
	const char *why = NULL;
	uint32_t which = 0;

	(void)state;
	fake_rtos_arch_reset();
	cyc_calls = 0;
	assert_int_equal(rtos_kernel_init(&config, &why, &which), E_OK);
	task_start(task(LOW));
	rtos_kernel_start();
	assert_int_equal(running(), LOW);
	return 0;
}

static void check_balanced(void)
{
	assert_int_equal(fake_arch.irq_depth, 0);
}

/* ---- scheduling ---- */

static void activating_a_higher_priority_task_preempts(void **state)
{
	(void)state;
	assert_int_equal(act_tsk(MID_A), E_OK);
	assert_int_equal(running(), MID_A);
	assert_ptr_equal(fake_arch.last_from, task(LOW));
	assert_int_equal(act_tsk(HIGH), E_OK);
	assert_int_equal(running(), HIGH);
	check_balanced();
}

static void a_lower_priority_task_waits_its_turn(void **state)
{
	STAT st;

	(void)state;
	assert_int_equal(act_tsk(MID_A), E_OK);      /* runs */
	assert_int_equal(act_tsk(LOW), E_OK);        /* active: queued */
	assert_int_equal(ref_tsk_stat(LOW, &st), E_OK);
	assert_int_equal(st, TTS_RDY);
	assert_int_equal(ref_tsk_stat(MID_A, &st), E_OK);
	assert_int_equal(st, TTS_RUN);
}

static void equal_priorities_run_in_the_order_they_became_ready(void **state)
{
	(void)state;
	act_tsk(HIGH);
	act_tsk(MID_B);                   /* ready behind HIGH */
	act_tsk(MID_A);
	assert_int_equal(running(), HIGH);
	kernel_task_exit();               /* HIGH ends */
	assert_int_equal(running(), MID_B);
	kernel_task_exit();
	assert_int_equal(running(), MID_A);
	kernel_task_exit();
	assert_int_equal(running(), LOW);
}

static void three_priorities_preempt_in_order(void **state)
{
	(void)state;
	/* LOW activates MID_A (runs), MID_A activates HIGH (runs): HIGH
	 * sleeps, MID_A runs again; MID_A sleeps, LOW runs. */
	act_tsk(MID_A);
	act_tsk(HIGH);
	assert_int_equal(running(), HIGH);
	assert_int_equal(slp_tsk(), RTOS_WAITING);
	assert_int_equal(running(), MID_A);
	assert_int_equal(slp_tsk(), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	/* Waking HIGH from LOW preempts LOW at once. */
	assert_int_equal(wup_tsk(HIGH), E_OK);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->wercd, E_OK);
	check_balanced();
}

static void rot_rdq_moves_the_running_task_behind_its_equals(void **state)
{
	(void)state;
	act_tsk(MID_A);
	act_tsk(MID_B);
	assert_int_equal(running(), MID_A);
	assert_int_equal(rot_rdq(TPRI_SELF), E_OK);
	assert_int_equal(running(), MID_B);
	assert_int_equal(rot_rdq(0 - 1), E_PAR);
	assert_int_equal(rot_rdq(RTOS_TMAX_TPRI + 1), E_PAR);
}

static void chg_pri_reorders_and_may_preempt(void **state)
{
	PRI p = 0;

	(void)state;
	act_tsk(MID_A);
	assert_int_equal(chg_pri(LOW, 2), E_OK);     /* LOW above MID_A now */
	assert_int_equal(running(), LOW);
	assert_int_equal(get_pri(TSK_SELF, &p), E_OK);
	assert_int_equal(p, 2);
	assert_int_equal(chg_pri(TSK_SELF, TPRI_INI), E_OK);
	assert_int_equal(running(), MID_A);
	assert_int_equal(chg_pri(LOW, 33), E_PAR);
	assert_int_equal(chg_pri(HIGH, 3), E_OBJ);   /* dormant */
	assert_int_equal(chg_pri(9, 3), E_ID);
}

static void activations_are_queued_once_and_restart_the_task(void **state)
{
	(void)state;
	act_tsk(MID_A);
	assert_int_equal(act_tsk(MID_A), E_OK);      /* queued */
	assert_int_equal(act_tsk(MID_A), E_QOVR);
	fake_arch.inits = 0;
	kernel_task_exit();                          /* restarts at once */
	assert_int_equal(running(), MID_A);
	assert_int_equal(fake_arch.inits, 1);
	assert_int_equal(can_act(MID_A), 0);
	kernel_task_exit();
	assert_int_equal(running(), LOW);
}

static void ter_tsk_ends_another_task_but_not_itself(void **state)
{
	STAT st;

	(void)state;
	act_tsk(MID_A);
	assert_int_equal(slp_tsk(), RTOS_WAITING);   /* MID_A waits */
	assert_int_equal(ter_tsk(MID_A), E_OK);
	assert_int_equal(ref_tsk_stat(MID_A, &st), E_OK);
	assert_int_equal(st, TTS_DMT);
	assert_int_equal(ter_tsk(MID_A), E_OBJ);
	assert_int_equal(ter_tsk(LOW), E_ILUSE);     /* itself */
	assert_int_equal(ter_tsk(0x7f), E_ID);
}

/* ---- sleeping and time ---- */

static void tslp_tsk_times_out_at_exactly_its_time(void **state)
{
	(void)state;
	act_tsk(HIGH);
	fake_arch.now = 1000;
	assert_int_equal(tslp_tsk(250), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	fake_rtos_advance_to(1249);
	assert_int_equal(running(), LOW);
	fake_rtos_advance_to(1250);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->wercd, E_TMOUT);
}

static void dly_tsk_ends_with_e_ok(void **state)
{
	(void)state;
	act_tsk(HIGH);
	assert_int_equal(dly_tsk(100), RTOS_WAITING);
	fake_rtos_advance_to(100);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->wercd, E_OK);
}

static void wakeups_are_queued_and_polled(void **state)
{
	(void)state;
	assert_int_equal(wup_tsk(TSK_SELF), E_OK);
	assert_int_equal(wup_tsk(TSK_SELF), E_QOVR);
	assert_int_equal(slp_tsk(), E_OK);            /* consumed, no wait */
	assert_int_equal(tslp_tsk(TMO_POL), E_TMOUT);
	assert_int_equal(wup_tsk(HIGH), E_OBJ);       /* dormant */
	assert_int_equal(tslp_tsk(-2), E_PAR);
}

static void rel_wai_ends_a_wait_with_e_rlwai(void **state)
{
	(void)state;
	act_tsk(HIGH);
	assert_int_equal(wai_sem(1), RTOS_WAITING);
	assert_int_equal(rel_wai(HIGH), E_OK);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->wercd, E_RLWAI);
	assert_int_equal(rel_wai(LOW), E_OBJ);
	assert_int_equal(rel_wai(TSK_SELF), E_ID);
}

static void get_tim_counts_from_the_start(void **state)
{
	SYSTIM t = 0;

	(void)state;
	fake_arch.now = 12345;
	assert_int_equal(get_tim(&t), E_OK);
	assert_int_equal(t, 12345);
	assert_int_equal(get_tim(NULL), E_PAR);
}

/* ---- semaphores ---- */

static void semaphore_counts_and_overflows(void **state)
{
	(void)state;
	assert_int_equal(pol_sem(1), E_TMOUT);
	assert_int_equal(sig_sem(1), E_OK);
	assert_int_equal(sig_sem(1), E_OK);
	assert_int_equal(sig_sem(1), E_QOVR);        /* maxsem 2 */
	assert_int_equal(wai_sem(1), E_OK);
	assert_int_equal(pol_sem(1), E_OK);
	assert_int_equal(pol_sem(1), E_TMOUT);
	assert_int_equal(sig_sem(3), E_ID);
	assert_int_equal(twai_sem(1, -5), E_PAR);
}

static void fifo_semaphore_serves_in_arrival_order(void **state)
{
	(void)state;
	/* LOW runs; MID_A then HIGH wait on semaphore 1 (TA_TFIFO). */
	act_tsk(MID_A);
	assert_int_equal(wai_sem(1), RTOS_WAITING);
	act_tsk(HIGH);
	assert_int_equal(running(), HIGH);
	assert_int_equal(wai_sem(1), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	assert_int_equal(sig_sem(1), E_OK);
	assert_int_equal(running(), MID_A);          /* first come */
	assert_int_equal(task(MID_A)->wercd, E_OK);
	assert_int_equal(task(HIGH)->state, RTOS_WAITING_STATE);
}

/* A waiter's priority change does not move it in a FIFO queue. */
static void fifo_waiter_keeps_its_place_when_its_priority_changes(void **state)
{
	(void)state;
	act_tsk(MID_A);
	assert_int_equal(wai_sem(1), RTOS_WAITING);   /* first */
	act_tsk(MID_B);
	assert_int_equal(wai_sem(1), RTOS_WAITING);   /* second */
	assert_int_equal(chg_pri(MID_A, 6), E_OK);
	assert_int_equal(sig_sem(1), E_OK);
	assert_int_equal(task(MID_A)->wercd, E_OK);   /* still first */
	assert_int_equal(task(MID_B)->state, RTOS_WAITING_STATE);
}

static void priority_semaphore_serves_the_best_waiter(void **state)
{
	(void)state;
	act_tsk(MID_A);
	assert_int_equal(wai_sem(2), RTOS_WAITING);
	act_tsk(HIGH);
	assert_int_equal(wai_sem(2), RTOS_WAITING);
	assert_int_equal(sig_sem(2), E_OK);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(MID_A)->state, RTOS_WAITING_STATE);
}

static void twai_sem_times_out(void **state)
{
	(void)state;
	act_tsk(HIGH);
	assert_int_equal(twai_sem(1, 500), RTOS_WAITING);
	fake_rtos_advance_to(500);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->wercd, E_TMOUT);
	assert_true(queue_empty(&rtos.sem[0].wq));
}

static void waiting_from_a_handler_is_refused(void **state)
{
	FLGPTN p;
	intptr d;

	(void)state;
	rtos.handler_depth = 1;
	assert_int_equal(wai_sem(1), E_CTX);
	assert_int_equal(slp_tsk(), E_CTX);
	assert_int_equal(dly_tsk(10), E_CTX);
	assert_int_equal(wai_flg(1, 1, TWF_ORW, &p), E_CTX);
	assert_int_equal(rcv_dtq(1, &d), E_CTX);
	assert_int_equal(loc_mtx(1), E_CTX);
	/* Non-blocking calls are fine from a handler. */
	assert_int_equal(sig_sem(1), E_OK);
	assert_int_equal(pol_sem(1), E_OK);
	assert_true(sns_ctx());
	rtos.handler_depth = 0;
	/* And waiting with dispatching disabled or the CPU locked too. */
	assert_int_equal(dis_dsp(), E_OK);
	assert_int_equal(wai_sem(1), E_CTX);
	assert_int_equal(ena_dsp(), E_OK);
	assert_int_equal(loc_cpu(), E_OK);
	assert_int_equal(wai_sem(1), E_CTX);
	assert_int_equal(dis_dsp(), E_CTX);
	assert_int_equal(unl_cpu(), E_OK);
	check_balanced();
}

static void a_handler_readies_a_task_that_runs_when_it_returns(void **state)
{
	(void)state;
	act_tsk(HIGH);
	assert_int_equal(wai_sem(1), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	rtos.handler_depth = 1;
	assert_int_equal(sig_sem(1), E_OK);
	assert_int_equal(running(), LOW);            /* not inside the handler */
	rtos.handler_depth = 0;
	kernel_handler_exit();
	assert_int_equal(running(), HIGH);
}

static void dispatching_waits_for_ena_dsp_and_unl_cpu(void **state)
{
	(void)state;
	assert_int_equal(dis_dsp(), E_OK);
	act_tsk(HIGH);
	assert_int_equal(running(), LOW);
	assert_int_equal(ena_dsp(), E_OK);
	assert_int_equal(running(), HIGH);
	kernel_task_exit();
	assert_int_equal(loc_cpu(), E_OK);
	act_tsk(HIGH);
	assert_int_equal(running(), LOW);
	assert_int_equal(unl_cpu(), E_OK);
	assert_int_equal(running(), HIGH);
}

/* ---- event flags ---- */

static void event_flag_and_or_waits(void **state)
{
	FLGPTN p = 0;

	(void)state;
	act_tsk(HIGH);
	assert_int_equal(wai_flg(1, 0x3, TWF_ANDW, &p), RTOS_WAITING);
	assert_int_equal(set_flg(1, 0x1), E_OK);
	assert_int_equal(running(), LOW);            /* not both yet */
	assert_int_equal(set_flg(1, 0x2), E_OK);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->winfo.flg.flgptn, 0x3);
	assert_int_equal(pol_flg(1, 0x4, TWF_ORW, &p), E_TMOUT);
	assert_int_equal(pol_flg(1, 0x6, TWF_ORW, &p), E_OK);
	assert_int_equal(p, 0x3);
	assert_int_equal(clr_flg(1, ~0x1u), E_OK);
	assert_int_equal(pol_flg(1, 0x1, TWF_ANDW, &p), E_TMOUT);
	assert_int_equal(pol_flg(1, 0, TWF_ORW, &p), E_PAR);
	assert_int_equal(pol_flg(1, 1, 7, &p), E_PAR);
}

static void event_flag_ta_clr_clears_on_release(void **state)
{
	FLGPTN p = 0;

	(void)state;
	act_tsk(HIGH);
	assert_int_equal(wai_flg(2, 0x1, TWF_ORW, &p), RTOS_WAITING);
	act_tsk(MID_A);
	assert_int_equal(running(), MID_A);
	/* Without TA_WMUL a second waiter is refused. */
	assert_int_equal(wai_flg(2, 0x1, TWF_ORW, &p), E_ILUSE);
	assert_int_equal(set_flg(2, 0x5), E_OK);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->winfo.flg.flgptn, 0x5);
	assert_int_equal(rtos.flg[1].ptn, 0);
}

static void event_flag_releases_every_satisfied_waiter(void **state)
{
	FLGPTN p = 0;

	(void)state;
	act_tsk(HIGH);
	assert_int_equal(wai_flg(1, 0x1, TWF_ORW, &p), RTOS_WAITING);
	act_tsk(MID_A);
	assert_int_equal(wai_flg(1, 0x2, TWF_ORW, &p), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	assert_int_equal(set_flg(1, 0x3), E_OK);
	assert_int_equal(task(HIGH)->wercd, E_OK);
	assert_int_equal(task(MID_A)->wercd, E_OK);
	assert_int_equal(running(), HIGH);
}

/* ---- data queues ---- */

static void data_queue_buffers_and_blocks_when_full(void **state)
{
	intptr d = 0;

	(void)state;
	assert_int_equal(psnd_dtq(1, 10), E_OK);
	assert_int_equal(psnd_dtq(1, 11), E_OK);
	assert_int_equal(psnd_dtq(1, 12), E_TMOUT);  /* full */
	act_tsk(HIGH);
	assert_int_equal(snd_dtq(1, 12), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	assert_int_equal(rcv_dtq(1, &d), E_OK);
	assert_int_equal(d, 10);
	assert_int_equal(running(), HIGH);           /* its element went in */
	kernel_task_exit();
	assert_int_equal(prcv_dtq(1, &d), E_OK);
	assert_int_equal(d, 11);
	assert_int_equal(prcv_dtq(1, &d), E_OK);
	assert_int_equal(d, 12);
	assert_int_equal(prcv_dtq(1, &d), E_TMOUT);
}

static void data_queue_hands_over_to_a_waiting_receiver(void **state)
{
	intptr d = 0;

	(void)state;
	act_tsk(HIGH);
	assert_int_equal(rcv_dtq(2, &d), RTOS_WAITING);
	assert_int_equal(snd_dtq(2, 42), E_OK);      /* capacity 0 */
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->winfo.data, 42);
	/* Capacity 0 and no receiver: a sender waits for one. */
	assert_int_equal(psnd_dtq(2, 1), E_TMOUT);
	assert_int_equal(snd_dtq(2, 7), RTOS_WAITING);
	assert_int_equal(running(), LOW);
	assert_int_equal(prcv_dtq(2, &d), E_OK);
	assert_int_equal(d, 7);
}

/* ---- mutexes and priority inheritance ---- */

static void mutex_owner_inherits_its_waiters_priority(void **state)
{
	PRI p = 0;

	(void)state;
	assert_int_equal(loc_mtx(1), E_OK);          /* LOW owns it */
	assert_int_equal(loc_mtx(1), E_ILUSE);       /* not recursive */
	act_tsk(HIGH);
	assert_int_equal(loc_mtx(1), RTOS_WAITING);
	assert_int_equal(running(), LOW);            /* LOW now at 1 */
	assert_int_equal(get_pri(LOW, &p), E_OK);
	assert_int_equal(p, 1);
	act_tsk(MID_A);                              /* cannot preempt LOW */
	assert_int_equal(running(), LOW);
	assert_int_equal(unl_mtx(1), E_OK);
	assert_int_equal(running(), HIGH);           /* owns it now */
	assert_ptr_equal(rtos.mtx[0].owner, task(HIGH));
	assert_int_equal(get_pri(LOW, &p), E_OK);
	assert_int_equal(p, 10);
	assert_int_equal(unl_mtx(1), E_OK);
	assert_int_equal(unl_mtx(1), E_ILUSE);
}

static void inheritance_passes_along_a_chain_of_owners(void **state)
{
	PRI p = 0;

	(void)state;
	assert_int_equal(loc_mtx(1), E_OK);          /* LOW holds 1 */
	act_tsk(MID_A);
	assert_int_equal(loc_mtx(2), E_OK);          /* MID_A holds 2 */
	assert_int_equal(loc_mtx(1), RTOS_WAITING);  /* ...waits for 1 */
	assert_int_equal(get_pri(LOW, &p), E_OK);
	assert_int_equal(p, 5);
	act_tsk(HIGH);
	assert_int_equal(loc_mtx(2), RTOS_WAITING);  /* HIGH waits for 2 */
	assert_int_equal(get_pri(MID_A, &p), E_OK);
	assert_int_equal(p, 1);
	assert_int_equal(get_pri(LOW, &p), E_OK);
	assert_int_equal(p, 1);                      /* through MID_A */
	assert_int_equal(running(), LOW);
}

static void a_waiter_that_times_out_takes_its_priority_back(void **state)
{
	PRI p = 0;

	(void)state;
	assert_int_equal(loc_mtx(1), E_OK);
	act_tsk(HIGH);
	assert_int_equal(tloc_mtx(1, 300), RTOS_WAITING);
	assert_int_equal(get_pri(LOW, &p), E_OK);
	assert_int_equal(p, 1);
	fake_rtos_advance_to(300);
	assert_int_equal(running(), HIGH);
	assert_int_equal(task(HIGH)->wercd, E_TMOUT);
	assert_int_equal(get_pri(LOW, &p), E_OK);
	assert_int_equal(p, 10);
}

static void an_ending_task_gives_up_its_mutexes(void **state)
{
	(void)state;
	act_tsk(MID_A);
	assert_int_equal(loc_mtx(1), E_OK);
	act_tsk(HIGH);
	assert_int_equal(loc_mtx(1), RTOS_WAITING);
	assert_int_equal(running(), MID_A);
	kernel_task_exit();
	assert_int_equal(running(), HIGH);
	assert_ptr_equal(rtos.mtx[0].owner, task(HIGH));
	assert_int_equal(task(HIGH)->wercd, E_OK);
}

/* ---- cyclic handlers ---- */

static void cyclic_handler_keeps_an_exact_period(void **state)
{
	(void)state;
	fake_arch.now = 100;
	assert_int_equal(sta_cyc(1), E_OK);
	for (uint64_t t = 100; t < 100 + 1000 * 1000; t += 333)
		fake_rtos_advance_to(t);
	fake_rtos_advance_to(100 + 1000 * 1000);
	/* Called every 1000 us from its start, however late we looked. */
	assert_int_equal(cyc_calls, 1000);
	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(cyc_times[i] <= 100 + 1000 * (i + 1) + 333, true);
	assert_int_equal(fake_arch.timer, 100 + 1000 * 1001);
	assert_int_equal(stp_cyc(1), E_OK);
	assert_int_equal(fake_arch.timer, RTOS_NEVER);
	assert_int_equal(sta_cyc(2), E_ID);
}

static void idle_sleeps_until_the_next_time_event(void **state)
{
	(void)state;
	/* Only LOW exists; it sleeps 50 us: the kernel idles and the timer
	 * brings it back, so here the call returns, timed out. */
	fake_arch.idles = 0;
	assert_int_equal(tslp_tsk(50), E_TMOUT);
	assert_int_equal(fake_arch.idles, 1);
	assert_int_equal(fake_arch.now, 50);
	assert_int_equal(running(), LOW);
}

/* ---- the configuration check ---- */

static void a_bad_table_is_refused_with_the_object_and_why(void **state)
{
	static const struct rtos_task_cfg bad_pri[] = { TASK("t", 0, 40, 1) };
	static const struct rtos_task_cfg bad_stack[] = {
		{ "t", 0, 0, task_fn, 3, stacks[0], 100 },
	};
	static const struct rtos_sem_cfg bad_sem[] = { { 0, 3, 2 } };
	static const struct rtos_cyc_cfg bad_cyc[] = { { 0, 0, cyc_fn, 0 } };
	struct rtos_config c = { 0 };
	const char *why = NULL;
	uint32_t which = 0;

	(void)state;
	c.tasks = bad_pri;
	c.ntasks = 1;
	assert_int_equal(rtos_kernel_init(&c, &why, &which), E_PAR);
	assert_string_equal(why, "task: priority out of 1..32");
	assert_int_equal(which, 1);
	c.tasks = bad_stack;
	assert_int_equal(rtos_kernel_init(&c, &why, &which), E_PAR);
	c.ntasks = 0;
	c.sems = bad_sem;
	c.nsems = 1;
	assert_int_equal(rtos_kernel_init(&c, &why, &which), E_PAR);
	c.nsems = 0;
	c.cycs = bad_cyc;
	c.ncycs = 1;
	assert_int_equal(rtos_kernel_init(&c, &why, &which), E_PAR);
	c.ncycs = 0;
	c.ntasks = RTOS_MAX_TASKS + 1;
	assert_int_equal(rtos_kernel_init(&c, &why, &which), E_PAR);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(activating_a_higher_priority_task_preempts),
		T(a_lower_priority_task_waits_its_turn),
		T(equal_priorities_run_in_the_order_they_became_ready),
		T(three_priorities_preempt_in_order),
		T(rot_rdq_moves_the_running_task_behind_its_equals),
		T(chg_pri_reorders_and_may_preempt),
		T(activations_are_queued_once_and_restart_the_task),
		T(ter_tsk_ends_another_task_but_not_itself),
		T(tslp_tsk_times_out_at_exactly_its_time),
		T(dly_tsk_ends_with_e_ok),
		T(wakeups_are_queued_and_polled),
		T(rel_wai_ends_a_wait_with_e_rlwai),
		T(get_tim_counts_from_the_start),
		T(semaphore_counts_and_overflows),
		T(fifo_semaphore_serves_in_arrival_order),
		T(fifo_waiter_keeps_its_place_when_its_priority_changes),
		T(priority_semaphore_serves_the_best_waiter),
		T(twai_sem_times_out),
		T(waiting_from_a_handler_is_refused),
		T(a_handler_readies_a_task_that_runs_when_it_returns),
		T(dispatching_waits_for_ena_dsp_and_unl_cpu),
		T(event_flag_and_or_waits),
		T(event_flag_ta_clr_clears_on_release),
		T(event_flag_releases_every_satisfied_waiter),
		T(data_queue_buffers_and_blocks_when_full),
		T(data_queue_hands_over_to_a_waiting_receiver),
		T(mutex_owner_inherits_its_waiters_priority),
		T(inheritance_passes_along_a_chain_of_owners),
		T(a_waiter_that_times_out_takes_its_priority_back),
		T(an_ending_task_gives_up_its_mutexes),
		T(cyclic_handler_keeps_an_exact_period),
		T(idle_sleeps_until_the_next_time_event),
		T(a_bad_table_is_refused_with_the_object_and_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
