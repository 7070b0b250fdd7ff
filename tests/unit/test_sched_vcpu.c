/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the scheduler's decisions about one vCPU (hypervisor/core/
 * sched_vcpu.c), with the real sched_pick over them: whether a vCPU could
 * run (its lifecycle state, its requests, its partition's state, blocked
 * or woken) and whether it was switched in ahead of its timer. What its
 * registers say (its timer, a waiting interrupt) is set by each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition.h"
#include "core/sched.h"

#define FREQ 1000000u /* 1 tick = 1 us */
#define LEAD_TICKS 3u /* SCHED_LEAD_NS at 1 MHz, rounded down */

static struct partition parts[2];
static uint64_t wake[2];
static bool irq_waiting[2];
static struct sched_cpu *cpu;

uint64_t sched_vcpu_wake_time(const struct vcpu *v)
{
	return wake[v->partition->id];
}

bool sched_vcpu_irq_waiting(const struct vcpu *v)
{
	return irq_waiting[v->partition->id];
}

/* rtos (real-time 50) and linux (best-effort) on CPU 0, both on, running
 * partitions. */
static int setup(void **state)
{
	static const char *const names[] = { "rtos", "linux" };
	static struct sk_cfg_partition cfgs[2];

	(void)state;
	memset(parts, 0, sizeof(parts));
	cpu = sched_cpu_get(0);
	sched_cpu_init(cpu, FREQ);
	for (uint32_t i = 0; i < 2; i++) {
		snprintf(cfgs[i].name, SK_NAME_MAX, "%s", names[i]);
		parts[i].id = i;
		parts[i].cfg = &cfgs[i];
		parts[i].state = PARTITION_RUNNING;
		parts[i].vcpus[0].partition = &parts[i];
		parts[i].vcpus[0].state = VCPU_ON;
		wake[i] = SCHED_NEVER;
		irq_waiting[i] = false;
		assert_true(sched_cpu_add(cpu, &parts[i].vcpus[0]));
	}
	parts[0].vcpus[0].sched.rank = 50;
	assert_int_equal(cpu->lead, LEAD_TICKS);
	return 0;
}

#define RTOS  (&parts[0].vcpus[0])
#define LINUX (&parts[1].vcpus[0])

static void an_on_vcpu_that_is_not_blocked_runs(void **state)
{
	(void)state;
	assert_true(sched_vcpu_runnable(LINUX, 100));
	assert_ptr_equal(sched_pick(cpu, 100), RTOS);
}

static void an_off_vcpu_does_not_run(void **state)
{
	(void)state;
	RTOS->state = VCPU_OFF;
	assert_false(sched_vcpu_runnable(RTOS, 100));
	assert_ptr_equal(sched_pick(cpu, 100), LINUX);
}

static void a_vcpu_to_be_started_runs_only_when_asked_and_running(void **state)
{
	(void)state;
	RTOS->state = VCPU_ON_PENDING;
	assert_false(sched_vcpu_runnable(RTOS, 100)); /* no start request */
	RTOS->requests = VCPU_REQ_START;
	assert_true(sched_vcpu_runnable(RTOS, 100));
	parts[0].state = PARTITION_STOPPED; /* a restart under way */
	assert_false(sched_vcpu_runnable(RTOS, 100));
}

static void a_blocked_vcpu_asked_to_stop_runs_to_stop(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	assert_false(sched_vcpu_runnable(LINUX, 100));
	LINUX->requests = VCPU_REQ_STOP;
	assert_true(sched_vcpu_runnable(LINUX, 100));
}

static void a_blocked_vcpu_wakes_for_an_interrupt(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	irq_waiting[1] = true;
	assert_true(sched_vcpu_runnable(LINUX, 100));
}

static void the_running_vcpu_that_blocked_just_now_does_not_run(void **state)
{
	(void)state;
	sched_account(cpu, LINUX, 100);
	LINUX->sched.blocked = true;
	irq_waiting[1] = true; /* it looked before it blocked (sched_wfi) */
	assert_false(sched_vcpu_runnable(LINUX, 101));
}

static void a_blocked_best_effort_vcpu_wakes_at_its_timer(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	wake[1] = 200;
	assert_false(sched_vcpu_runnable(LINUX, 199));
	assert_true(sched_vcpu_runnable(LINUX, 200));
}

static void a_blocked_realtime_vcpu_wakes_its_lead_early(void **state)
{
	(void)state;
	RTOS->sched.blocked = true;
	wake[0] = 200;
	assert_false(sched_vcpu_runnable(RTOS, 200 - LEAD_TICKS - 1));
	assert_true(sched_vcpu_runnable(RTOS, 200 - LEAD_TICKS));
	assert_ptr_equal(sched_pick(cpu, 200 - LEAD_TICKS), RTOS);
}

static void a_realtime_vcpu_switched_in_early_waits_for_its_timer(void **state)
{
	(void)state;
	RTOS->sched.blocked = true;
	wake[0] = 200;
	assert_int_equal(sched_early_wake(RTOS, 200 - LEAD_TICKS), 200);
	assert_int_equal(sched_early_wake(RTOS, 200), 0);      /* due now */
	assert_int_equal(sched_early_wake(RTOS, 200 - LEAD_TICKS - 1), 0);
	irq_waiting[0] = true; /* woken by an interrupt: no wait */
	assert_int_equal(sched_early_wake(RTOS, 200 - LEAD_TICKS), 0);
}

static void a_best_effort_vcpu_never_waits_for_its_timer(void **state)
{
	(void)state;
	LINUX->sched.blocked = true;
	wake[1] = 200;
	assert_int_equal(sched_early_wake(LINUX, 199), 0);
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
		T(a_blocked_realtime_vcpu_wakes_its_lead_early),
		T(a_realtime_vcpu_switched_in_early_waits_for_its_timer),
		T(a_best_effort_vcpu_never_waits_for_its_timer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
