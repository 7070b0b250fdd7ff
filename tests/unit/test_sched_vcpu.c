/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the scheduler's view of one vCPU and of a shared CPU's
 * decision (hypervisor/core/sched_vcpu.c, sched_decide.c), with the real
 * sched_pick over them: whether a vCPU could run (its lifecycle state, its
 * requests, its partition's state, blocked or woken), whether it was
 * switched in ahead of its timer, and the stop of a switched-out vCPU.
 * Each test sets what the vCPU's saved registers say (its virtual timer,
 * an interrupt waiting for a list register) in the real structures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition.h"
#include "core/percpu.h"
#include "core/sched.h"
#include "core/vcpu_arch.h"
#include "spec/timer.h"
#include "stubs/fake_counter.h"

#define FREQ 1000000u /* 1 tick = 1 us */
#define LEAD_TICKS (SCHED_LEAD_NS / 1000u) /* SCHED_LEAD_NS at 1 MHz, rounded down */
#define CNTVOFF 1000u /* the partitions' guest time began here */

static struct partition parts[2];
static struct sched_cpu *cpu;
static struct percpu cpu0;
static uint32_t retired;

struct percpu *this_cpu(void)
{
	return &cpu0;
}

void vcpu_arch_retire(struct vcpu *v)
{
	(void)v;
	retired++;
}

/* v's saved virtual timer fires at physical counter value at. */
static void timer_at(struct vcpu *v, uint64_t at)
{
	v->arch.cntv_ctl = CNT_CTL_ENABLE;
	v->arch.cntv_cval = at - CNTVOFF;
}

/* An interrupt waits for a list register of v (or not). */
static void irq_waiting(struct vcpu *v, bool waiting)
{
	v->partition->arch.vgic.cpu[v->index.index].scan_needed = waiting;
}

/* rtos (real-time 50) and linux (best-effort) on CPU 0, both on, running
 * partitions, CPU 0 shared. */
static int setup(void **state)
{
	static const char *const names[] = { "rtos", "linux" };
	static struct sk_cfg_partition cfgs[2];

	(void)state;
	memset(parts, 0, sizeof(parts));
	memset(&cpu0, 0, sizeof(cpu0));
	retired = 0;
	fake_counter_reset();
	cpu = sched_cpu_get(0);
	sched_cpu_init(cpu, FREQ);
	for (uint32_t i = 0; i < 2; i++) {
		snprintf(cfgs[i].name, SK_NAME_MAX, "%s", names[i]);
		parts[i].id = i;
		parts[i].cfg = &cfgs[i];
		parts[i].state = PARTITION_RUNNING;
		parts[i].arch.cntvoff = CNTVOFF;
		parts[i].arch.vgic.nr_vcpus = 1;
		parts[i].vcpus[0].partition = &parts[i];
		parts[i].vcpus[0].state = VCPU_ON;
		assert_true(sched_cpu_add(cpu, &parts[i].vcpus[0]));
	}
	parts[0].vcpus[0].sched.rank = 50;
	assert_true(cpu->shared);
	assert_int_equal(cpu->lead, LEAD_TICKS);
	return 0;
}

#define RTOS  (&parts[0].vcpus[0])
#define LINUX (&parts[1].vcpus[0])

static void an_on_vcpu_that_is_not_blocked_runs(void **state)
{
	(void)state;
	assert_true(sched_vcpu_runnable(cpu, LINUX, 100));
	assert_ptr_equal(sched_pick(cpu, 100), RTOS);
}

static void an_off_vcpu_does_not_run(void **state)
{
	(void)state;
	RTOS->state = VCPU_OFF;
	assert_false(sched_vcpu_runnable(cpu, RTOS, 100));
	assert_ptr_equal(sched_pick(cpu, 100), LINUX);
}

static void a_vcpu_to_be_started_runs_only_when_asked_and_running(void **state)
{
	(void)state;
	RTOS->state = VCPU_ON_PENDING; /* no start request yet */
	assert_false(sched_vcpu_runnable(cpu, RTOS, 100));
	RTOS->requests = VCPU_REQ_START;
	assert_true(sched_vcpu_runnable(cpu, RTOS, 100));
	parts[0].state = PARTITION_STOPPED; /* a restart under way */
	assert_false(sched_vcpu_runnable(cpu, RTOS, 100));
}

static void a_blocked_vcpu_asked_to_stop_runs_to_stop(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	assert_false(sched_vcpu_runnable(cpu, LINUX, 100));
	LINUX->requests = VCPU_REQ_STOP;
	assert_true(sched_vcpu_runnable(cpu, LINUX, 100));
}

static void a_blocked_vcpu_wakes_for_an_interrupt(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	irq_waiting(LINUX, true);
	assert_true(sched_vcpu_runnable(cpu, LINUX, 100));
}

static void the_running_vcpu_that_blocked_just_now_does_not_run(void **state)
{
	(void)state;
	sched_account(cpu, LINUX, 100);
	LINUX->sched.blocked = true;
	irq_waiting(LINUX, true); /* it looked before it blocked (sched_wfi) */
	assert_false(sched_vcpu_runnable(cpu, LINUX, 101));
}

static void a_blocked_best_effort_vcpu_wakes_at_its_timer(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	timer_at(LINUX, 2000);
	assert_int_equal(sched_vcpu_wake_time(LINUX), 2000);
	assert_false(sched_vcpu_runnable(cpu, LINUX, 1999));
	assert_true(sched_vcpu_runnable(cpu, LINUX, 2000));
}

/* A disabled or masked timer (CNTV_CTL_EL0, Arm ARM D13.8) wakes nobody,
 * nor does the timer of a vCPU that is not blocked. */
static void only_an_enabled_unmasked_timer_of_a_blocked_vcpu_wakes(void **state)
{
	(void)state;
	timer_at(LINUX, 2000);
	assert_int_equal(sched_vcpu_wake_time(LINUX), SCHED_NEVER);
	LINUX->sched.blocked = true;
	LINUX->arch.cntv_ctl = CNT_CTL_ENABLE | CNT_CTL_IMASK;
	assert_int_equal(sched_vcpu_wake_time(LINUX), SCHED_NEVER);
	LINUX->arch.cntv_ctl = 0;
	assert_int_equal(sched_vcpu_wake_time(LINUX), SCHED_NEVER);
	/* A compare value past the counter's end never fires. */
	LINUX->arch.cntv_ctl = CNT_CTL_ENABLE;
	LINUX->arch.cntv_cval = UINT64_MAX - 1u;
	assert_int_equal(sched_vcpu_wake_time(LINUX), SCHED_NEVER);
}

static void a_blocked_realtime_vcpu_wakes_its_lead_early(void **state)
{
	(void)state;
	RTOS->sched.blocked = true;
	timer_at(RTOS, 2000);
	assert_false(sched_vcpu_runnable(cpu, RTOS, 2000 - LEAD_TICKS - 1));
	assert_true(sched_vcpu_runnable(cpu, RTOS, 2000 - LEAD_TICKS));
	assert_ptr_equal(sched_pick(cpu, 2000 - LEAD_TICKS), RTOS);
}

static void a_realtime_vcpu_switched_in_early_waits_for_its_timer(void **state)
{
	(void)state;
	RTOS->sched.blocked = true;
	timer_at(RTOS, 2000);
	assert_int_equal(sched_early_wake(cpu, RTOS, 2000 - LEAD_TICKS), 2000);
	assert_int_equal(sched_early_wake(cpu, RTOS, 2000), 0); /* due now */
	assert_int_equal(sched_early_wake(cpu, RTOS, 2000 - LEAD_TICKS - 1), 0);
	irq_waiting(RTOS, true); /* woken by an interrupt: no wait */
	assert_int_equal(sched_early_wake(cpu, RTOS, 2000 - LEAD_TICKS), 0);
}

static void a_best_effort_vcpu_never_waits_for_its_timer(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	timer_at(LINUX, 2000);
	assert_int_equal(sched_early_wake(cpu, LINUX, 1999), 0);
}

/* ---- the decision (core/sched_decide.c) ---- */

static void a_decision_takes_the_time_and_clears_the_poke(void **state)
{
	uint64_t now = 0;

	(void)state;
	cpu0.resched = 1;
	fake_counter_set(500);
	assert_ptr_equal(sched_decide(cpu, &now), RTOS);
	assert_int_equal(now, 500);
	assert_int_equal(cpu0.resched, 0);
	assert_ptr_equal(cpu->current, RTOS);
}

static void a_switched_out_vcpu_asked_to_stop_is_turned_off(void **state)
{
	uint64_t now = 0;

	(void)state;
	fake_counter_set(500);
	LINUX->requests = VCPU_REQ_STOP | VCPU_REQ_START;
	LINUX->sched.blocked = true;
	assert_ptr_equal(sched_decide(cpu, &now), RTOS);
	assert_int_equal(retired, 1);
	assert_int_equal(LINUX->requests, 0);
	assert_false(LINUX->sched.blocked);
}

/* The running vCPU stops itself when it runs (its next exit). */
static void the_running_vcpu_is_not_stopped_from_here(void **state)
{
	(void)state;
	sched_account(cpu, LINUX, 100);
	LINUX->requests = VCPU_REQ_STOP;
	assert_false(sched_stop_switched_out(LINUX));
	assert_int_equal(retired, 0);
	assert_int_equal(LINUX->requests, VCPU_REQ_STOP);
}

/* Only the CPU the vCPU is on turns it off. */
static void a_vcpu_of_another_cpu_is_not_stopped_from_here(void **state)
{
	(void)state;
	cpu0.id = 1;
	LINUX->requests = VCPU_REQ_STOP;
	assert_false(sched_stop_switched_out(LINUX));
	assert_int_equal(retired, 0);
}

/* A vCPU that turned itself off after another CPU asked it to stop keeps
 * that stale request: the reaper drops it and calls it off, without
 * retiring it again. */
static void an_off_vcpu_with_a_stale_stop_is_left_off(void **state)
{
	(void)state;
	LINUX->state = VCPU_OFF;
	LINUX->requests = VCPU_REQ_STOP;
	assert_true(sched_stop_switched_out(LINUX));
	assert_int_equal(retired, 0);
	assert_int_equal(LINUX->state, VCPU_OFF);
	assert_int_equal(LINUX->requests, 0);
}

/* The restart of its partition (another CPU) asked it to start since it
 * turned off (vcpu_request_start: OFF to ON_PENDING) while the stale stop
 * is still there: the start stays (writing OFF would leave the partition
 * running with no vCPU: test_redteam's SYSTEM_RESET race). */
static void a_start_asked_after_a_stale_stop_is_kept(void **state)
{
	(void)state;
	LINUX->state = VCPU_ON_PENDING;
	LINUX->requests = VCPU_REQ_STOP | VCPU_REQ_START;
	assert_false(sched_stop_switched_out(LINUX));
	assert_int_equal(retired, 0);
	assert_int_equal(LINUX->state, VCPU_ON_PENDING);
	assert_int_equal(LINUX->requests, VCPU_REQ_START);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(an_on_vcpu_that_is_not_blocked_runs),
		T(an_off_vcpu_does_not_run),
		T(a_vcpu_to_be_started_runs_only_when_asked_and_running),
		T(a_blocked_vcpu_asked_to_stop_runs_to_stop),
		T(a_blocked_vcpu_wakes_for_an_interrupt),
		T(the_running_vcpu_that_blocked_just_now_does_not_run),
		T(a_blocked_best_effort_vcpu_wakes_at_its_timer),
		T(only_an_enabled_unmasked_timer_of_a_blocked_vcpu_wakes),
		T(a_blocked_realtime_vcpu_wakes_its_lead_early),
		T(a_realtime_vcpu_switched_in_early_waits_for_its_timer),
		T(a_best_effort_vcpu_never_waits_for_its_timer),
		T(a_decision_takes_the_time_and_clears_the_poke),
		T(a_switched_out_vcpu_asked_to_stop_is_turned_off),
		T(the_running_vcpu_is_not_stopped_from_here),
		T(a_vcpu_of_another_cpu_is_not_stopped_from_here),
		T(an_off_vcpu_with_a_stale_stop_is_left_off),
		T(a_start_asked_after_a_stale_stop_is_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
