/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the shared-CPU scheduler's decisions (hypervisor/core/
 * sched.c): who runs, when to decide again, and the statistics. Whether a
 * vCPU could run and when its timer wakes it are set by each test.
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

static struct partition parts[3];
static bool runnable[3];
static uint64_t wake[3];
static struct sched_cpu cpu;

bool sched_vcpu_runnable(const struct sched_cpu *c, struct vcpu *v,
			 uint64_t now)
{
	(void)c;
	(void)now;
	return runnable[v->partition->id];
}

uint64_t sched_vcpu_wake_time(const struct vcpu *v)
{
	return wake[v->partition->id];
}

/* rtos (realtime 50), linux (best-effort), spare (best-effort), all on
 * one CPU, all runnable. */
static int setup(void **state)
{
	static const char *const names[] = { "rtos", "linux", "spare" };
	static struct sk_cfg_partition cfgs[3];

	(void)state;
	memset(parts, 0, sizeof(parts));
	sched_cpu_init(&cpu, FREQ);
	for (uint32_t i = 0; i < 3; i++) {
		snprintf(cfgs[i].name, SK_NAME_MAX, "%s", names[i]);
		parts[i].id = i;
		parts[i].cfg = &cfgs[i];
		parts[i].vcpus[0].partition = &parts[i];
		runnable[i] = true;
		wake[i] = SCHED_NEVER;
		assert_true(sched_cpu_add(&cpu, &parts[i].vcpus[0]));
	}
	parts[0].vcpus[0].sched.rank = 50;
	return 0;
}

#define RTOS  (&parts[0].vcpus[0])
#define LINUX (&parts[1].vcpus[0])
#define SPARE (&parts[2].vcpus[0])

static struct vcpu *run(uint64_t now)
{
	struct vcpu *v = sched_pick(&cpu, now);

	sched_account(&cpu, v, now);
	return v;
}

static void realtime_runs_first(void **state)
{
	(void)state;
	assert_true(cpu.shared);
	assert_ptr_equal(run(100), RTOS);
}

static void best_effort_runs_when_realtime_idles(void **state)
{
	(void)state;
	runnable[0] = false;
	assert_ptr_equal(run(100), LINUX);
}

static void realtime_preempts_best_effort_at_once(void **state)
{
	(void)state;
	runnable[0] = false;
	assert_ptr_equal(run(100), LINUX);
	runnable[0] = true; /* its interrupt arrived */
	assert_ptr_equal(run(150), RTOS);
	assert_int_equal(cpu.stats.rt_wakeups, 1);
	assert_int_equal(LINUX->sched.run_ticks, 50);
}

static void best_effort_take_turns_by_slice(void **state)
{
	(void)state;
	runnable[0] = false;
	assert_ptr_equal(run(0), LINUX);
	assert_int_equal(cpu.slice_end, SCHED_SLICE_US);
	/* Before the slice ends Linux keeps the CPU... */
	assert_ptr_equal(run(SCHED_SLICE_US - 1u), LINUX);
	/* ...and the next decision point is the slice's end. */
	assert_int_equal(sched_next_event(&cpu, LINUX, SCHED_SLICE_US - 1u),
			 SCHED_SLICE_US);
	assert_ptr_equal(run(SCHED_SLICE_US), SPARE);
	assert_ptr_equal(run(2u * SCHED_SLICE_US), LINUX);
}

static void nothing_runnable_idles(void **state)
{
	(void)state;
	runnable[0] = runnable[1] = runnable[2] = false;
	assert_null(run(10));
	assert_null(cpu.current);
	run(30);
	/* Idle from the start (counter 0) until now. */
	assert_int_equal(cpu.stats.idle_ticks, 30);
}

static void blocked_realtime_timer_is_the_next_event(void **state)
{
	(void)state;
	/* While the real-time vCPU runs, no best-effort timer interrupts it. */
	runnable[1] = runnable[2] = false;
	wake[1] = 300;
	assert_ptr_equal(run(50), RTOS);
	assert_int_equal(sched_next_event(&cpu, RTOS, 50), SCHED_NEVER);
	runnable[1] = true;
	wake[1] = SCHED_NEVER;
	runnable[0] = false;
	wake[0] = 700;
	runnable[2] = false;
	wake[2] = 800;
	assert_ptr_equal(run(100), LINUX);
	/* A real-time vCPU is switched in SCHED_LEAD_NS ahead of its timer. */
	assert_int_equal(cpu.lead, SCHED_LEAD_NS / 1000u);
	assert_int_equal(sched_next_event(&cpu, LINUX, 100), 700 - cpu.lead);
	/* A best-effort vCPU waking first matters too: it wants its turn. */
	wake[2] = 500;
	assert_int_equal(sched_next_event(&cpu, LINUX, 100), 500);
}

static void wake_latency_counts_from_the_timer(void **state)
{
	(void)state;
	runnable[0] = false;
	assert_ptr_equal(run(100), LINUX);
	runnable[0] = true;
	wake[0] = 690; /* expired at 690, the scheduler ran at 700 */
	assert_ptr_equal(run(700), RTOS);
	assert_int_equal(cpu.stats.worst_rt_latency, 10);
}

static void switches_are_counted(void **state)
{
	(void)state;
	run(0);                 /* idle -> rtos */
	runnable[0] = false;
	run(10);                /* rtos -> linux */
	run(20);                /* linux again: no switch */
	assert_int_equal(cpu.stats.switches, 2);
	assert_int_equal(RTOS->sched.run_ticks, 10);
}

/* A 1000 us frame: linux 0-600, rtos 600-900, free 900-1000. */
static void add_frame(void)
{
	static struct sk_config cfg;
	struct sk_cfg_frame *f = &cfg.frames[0];

	memset(&cfg, 0, sizeof(cfg));
	cfg.partition_count = 3;
	for (uint32_t i = 0; i < 3; i++)
		cfg.partitions[i] = *parts[i].cfg;
	f->period_us = 1000;
	f->window_count = 2;
	snprintf(f->windows[0].partition, SK_NAME_MAX, "linux");
	f->windows[0].length_us = 600;
	snprintf(f->windows[1].partition, SK_NAME_MAX, "rtos");
	f->windows[1].start_us = 600;
	f->windows[1].length_us = 300;
	sched_cpu_set_frame(&cpu, f, &cfg, FREQ, 0);
}

static void window_owner_runs_alone(void **state)
{
	(void)state;
	add_frame();
	/* The real-time partition waits for its window. */
	assert_ptr_equal(run(100), LINUX);
	assert_int_equal(sched_next_event(&cpu, LINUX, 100), 600);
	assert_ptr_equal(run(600), RTOS);
	assert_ptr_equal(run(1100), LINUX); /* the next frame */
}

static void idle_window_owner_leaves_the_cpu_idle(void **state)
{
	(void)state;
	add_frame();
	runnable[1] = false;
	assert_null(run(100));
}

static void free_time_is_scheduled_by_priority(void **state)
{
	(void)state;
	add_frame();
	assert_null(sched_window_at(&cpu, 950));
	assert_ptr_equal(run(950), RTOS);
	runnable[0] = false;
	assert_ptr_equal(run(960), LINUX);
	assert_int_equal(sched_next_event(&cpu, LINUX, 960), 1000);
}

static void windows_repeat_every_frame(void **state)
{
	(void)state;
	add_frame();
	assert_int_equal(sched_window_at(&cpu, 5000 + 650)->partition, 0);
	assert_int_equal(sched_window_at(&cpu, 5000 + 10)->partition, 1);
}

/* ---- kicks: does an interrupt for v need its CPU interrupted? ---- */

static void kick_when_the_vcpu_runs_or_the_cpu_idles(void **state)
{
	(void)state;
	cpu.shared = true;
	cpu.current = NULL;
	LINUX->sched.blocked = true;
	assert_true(sched_irq_needs_kick(&cpu, LINUX));
	cpu.current = LINUX;
	LINUX->sched.blocked = false;
	assert_true(sched_irq_needs_kick(&cpu, LINUX));
}

static void kick_always_on_a_dedicated_cpu(void **state)
{
	(void)state;
	cpu.shared = false;
	cpu.current = RTOS;
	assert_true(sched_irq_needs_kick(&cpu, LINUX));
	assert_true(sched_irq_needs_kick(NULL, LINUX));
}

static void no_kick_for_a_vcpu_the_running_one_outranks(void **state)
{
	(void)state;
	cpu.shared = true;
	cpu.current = RTOS;
	LINUX->sched.blocked = true;
	assert_false(sched_irq_needs_kick(&cpu, LINUX));
}

static void no_kick_for_a_runnable_switched_out_vcpu(void **state)
{
	(void)state;
	cpu.shared = true;
	cpu.current = RTOS;
	LINUX->sched.blocked = false;
	assert_false(sched_irq_needs_kick(&cpu, LINUX));
	cpu.current = LINUX;
	SPARE->sched.blocked = false;
	assert_false(sched_irq_needs_kick(&cpu, SPARE));
}

static void kick_a_blocked_vcpu_that_could_run(void **state)
{
	(void)state;
	cpu.shared = true;
	cpu.current = LINUX;
	RTOS->sched.blocked = true;   /* outranks the running one */
	assert_true(sched_irq_needs_kick(&cpu, RTOS));
	SPARE->sched.blocked = true;  /* same rank: takes turns */
	assert_true(sched_irq_needs_kick(&cpu, SPARE));
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(realtime_runs_first),
		T(best_effort_runs_when_realtime_idles),
		T(realtime_preempts_best_effort_at_once),
		T(best_effort_take_turns_by_slice),
		T(nothing_runnable_idles),
		T(blocked_realtime_timer_is_the_next_event),
		T(wake_latency_counts_from_the_timer),
		T(switches_are_counted),
		T(window_owner_runs_alone),
		T(idle_window_owner_leaves_the_cpu_idle),
		T(free_time_is_scheduled_by_priority),
		T(windows_repeat_every_frame),
		T(kick_when_the_vcpu_runs_or_the_cpu_idles),
		T(kick_always_on_a_dedicated_cpu),
		T(no_kick_for_a_vcpu_the_running_one_outranks),
		T(no_kick_for_a_runnable_switched_out_vcpu),
		T(kick_a_blocked_vcpu_that_could_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
