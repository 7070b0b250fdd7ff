/* SPDX-License-Identifier: MIT */
/*
 * Partition management (hypervisor/core/manage.c) with the fault policy
 * and the watchdog (core/lifecycle_fail.c, lifecycle_watchdog.c):
 * statistics and the management hypercalls, linked with the real
 * guest-memory checks, log and console over a fake UART, a fake clock, a
 * fake partition table and fake lifecycle functions (tests/unit/stubs/).
 *
 * Three partitions: boss (id 0) is the configured manager; alpha (id 1)
 * and beta (id 2) are not. Each has its own RAM at the same guest address,
 * so a buffer written "in the caller's memory" can be told apart from one
 * written in the target's. Every management call is made through
 * manage_table, the table the dispatcher searches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/hypercall.h"
#include "core/lifecycle.h"
#include "core/manage.h"
#include "core/partition.h"
#include "lib/array.h"
#include "shikiri/hypercall.h"
#include "stubs/fake_cache.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_partition.h"
#include "core/console.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vcpu.h"

/* Guest-physical layout, the same in every partition. */
#define RAM_GUEST  0x40000000ull
#define RAM_SIZE   0x1000u
#define RO_GUEST   0x50000000ull
#define RO_SIZE    0x1000u
#define UNMAPPED_GUEST 0x30000000ull
/* Mapped in alpha only. */
#define ALPHA_ONLY_GUEST 0x60000000ull
#define GUARD_SIZE 64u
#define GUARD_BYTE 0xa5
#define FILL_BYTE  0x5a

#define BOSS_ID  0u
#define ALPHA_ID 1u
#define BETA_ID  2u
#define PARTITIONS 3u
#define BOSS_VCPUS  1u
#define ALPHA_VCPUS 2u
#define BETA_VCPUS  4u

#define ALPHA_WATCHDOG_MS 500u
/* A counter value well away from 0, where nothing is ever armed. */
#define NOW 0x123456789ull
/* ALPHA_WATCHDOG_MS at the fake clock's default 62.5 MHz. */
#define ALPHA_PERIOD_TICKS (62500ull * ALPHA_WATCHDOG_MS)

/* Status codes written out from include/shikiri/hypercall.h's contract. */
#define E_INVALID_PARAMETER (-3)
#define E_DENIED            (-4)
#define E_BAD_ADDRESS       (-5)
#define STATS_VERSION       2u
#define STATE_STOPPED       0u
#define STATE_RUNNING       1u


struct guarded_mem {
	uint8_t before[GUARD_SIZE];
	uint8_t mem[RAM_SIZE];
	uint8_t after[GUARD_SIZE];
};

static struct guarded_mem ram[PARTITIONS];
static struct guarded_mem ro[PARTITIONS];
static struct guarded_mem alpha_only;

static struct sk_cfg_partition cfgs[PARTITIONS];
static struct partition boss;
static struct partition alpha;
static struct partition beta;
static struct partition *const all[PARTITIONS] = { &boss, &alpha, &beta };
static struct vcpu *boss_vcpu;
static struct vcpu *alpha_vcpu; /* alpha's vCPU 1 */
static struct vcpu *beta_vcpu;

static const uint32_t manage_ids[] = {
	SK_HC_PARTITION_STATUS, SK_HC_PARTITION_STOP, SK_HC_PARTITION_RESTART,
	SK_HC_PARTITION_STATS, SK_HC_WATCHDOG_KICK, SK_HC_SCHED_STATS,
};

/* The calls that name a target partition in x1. */
static const uint32_t targeted_ids[] = {
	SK_HC_PARTITION_STATUS, SK_HC_PARTITION_STOP, SK_HC_PARTITION_RESTART,
	SK_HC_PARTITION_STATS,
};

static void set_region(struct sk_cfg_region *r, uint8_t *mem, uint64_t guest,
		       uint64_t size, uint32_t access)
{
	r->phys = (uint64_t)(uintptr_t)mem;
	r->guest = guest;
	r->size = size;
	r->access = access;
}

static void mem_init(struct guarded_mem *m)
{
	memset(m->before, GUARD_BYTE, sizeof(m->before));
	memset(m->mem, FILL_BYTE, sizeof(m->mem));
	memset(m->after, GUARD_BYTE, sizeof(m->after));
}

static void partition_init(struct partition *p, uint32_t id, const char *name,
			   uint32_t vcpus)
{
	struct sk_cfg_partition *c = &cfgs[id];

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->console = SK_CONSOLE_NONE;
	c->fault_policy = SK_FAULT_STOP;
	c->region_count = 2;
	set_region(&c->regions[0], ram[id].mem, RAM_GUEST, RAM_SIZE,
		   SK_ACCESS_READ | SK_ACCESS_WRITE);
	set_region(&c->regions[1], ro[id].mem, RO_GUEST, RO_SIZE,
		   SK_ACCESS_READ);
	mem_init(&ram[id]);
	mem_init(&ro[id]);
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->cfg = c;
	p->vcpu_count = vcpus;
	p->state = PARTITION_RUNNING;
	for (uint32_t i = 0; i < vcpus; i++) {
		p->vcpus[i].partition = p;
		p->vcpus[i].index = vcpu_index_of(i);
		p->vcpus[i].pcpu = pcpu_of(i);
		p->vcpus[i].state = VCPU_ON;
	}
}

static int setup(void **state)
{
	(void)state;
	partition_init(&boss, BOSS_ID, "boss", BOSS_VCPUS);
	partition_init(&alpha, ALPHA_ID, "alpha", ALPHA_VCPUS);
	partition_init(&beta, BETA_ID, "beta", BETA_VCPUS);
	cfgs[BOSS_ID].manager = 1;
	cfgs[ALPHA_ID].watchdog_ms = ALPHA_WATCHDOG_MS;
	mem_init(&alpha_only);
	cfgs[ALPHA_ID].region_count = 3;
	set_region(&cfgs[ALPHA_ID].regions[2], alpha_only.mem,
		   ALPHA_ONLY_GUEST, RAM_SIZE,
		   SK_ACCESS_READ | SK_ACCESS_WRITE);
	boss_vcpu = &boss.vcpus[0];
	alpha_vcpu = &alpha.vcpus[1];
	beta_vcpu = &beta.vcpus[0];
	fake_partition_set_table(all, PARTITIONS);
	fake_counter_reset();
	fake_counter_set(NOW);
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	fake_cache_reset();
	fake_vcpu_reset();
	return 0;
}

/* ---- helpers ---- */

/* Makes the call through manage_table; an id missing from it fails. */
static int64_t hc(struct vcpu *v, uint64_t r[4], uint32_t id, uint64_t x1,
		  uint64_t x2, uint64_t x3)
{
	r[0] = id;
	r[1] = x1;
	r[2] = x2;
	r[3] = x3;
	for (size_t i = 0; i < manage_table_len; i++) {
		if (manage_table[i].id == id) {
			manage_table[i].handler(v, r);
			return (int64_t)r[0];
		}
	}
	fail_msg("0x%08x is not in manage_table", id);
	return 0;
}

static const struct fake_vcpu_call *only_call(enum fake_vcpu_call_kind kind)
{
	const struct fake_vcpu_call *c;

	assert_int_equal(fake_vcpu_calls(), 1);
	c = fake_vcpu_call(0);
	assert_non_null(c);
	assert_int_equal(c->kind, kind);
	return c;
}

static void assert_mem_unchanged(const struct guarded_mem *m)
{
	for (size_t i = 0; i < GUARD_SIZE; i++) {
		assert_int_equal(m->before[i], GUARD_BYTE);
		assert_int_equal(m->after[i], GUARD_BYTE);
	}
	for (size_t i = 0; i < RAM_SIZE; i++) {
		if (m->mem[i] != FILL_BYTE)
			fail_msg("byte %zu changed to 0x%02x", i, m->mem[i]);
	}
}

static void assert_no_memory_written(void)
{
	for (uint32_t i = 0; i < PARTITIONS; i++) {
		assert_mem_unchanged(&ram[i]);
		assert_mem_unchanged(&ro[i]);
	}
	assert_mem_unchanged(&alpha_only);
}

static size_t count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* Distinct counter values, so a field copied to the wrong place shows.
 * Exits are counted per vCPU: here all on the first. */
static void fill_stats(struct partition *p, uint64_t base)
{
	struct vcpu_exit_stats *e = &p->vcpus[0].exit_stats;

	e->exits = base + 1;
	e->exits_hypercall = base + 2;
	e->exits_mmio = base + 3;
	e->exits_sysreg = base + 4;
	e->exits_irq = base + 5;
	p->stats.faults = base + 6;
	p->stats.irqs_injected = base + 7;
	p->stats.restarts = base + 8;
	p->stats.denied = base + 9;
	p->stats.dma_faults = base + 10;
}

static void assert_stats_of(const struct sk_partition_stats *st,
			    uint64_t base)
{
	assert_int_equal(st->version, STATS_VERSION);
	assert_int_equal(st->size, sizeof(struct sk_partition_stats));
	assert_int_equal(st->exits, base + 1);
	assert_int_equal(st->exits_hypercall, base + 2);
	assert_int_equal(st->exits_mmio, base + 3);
	assert_int_equal(st->exits_sysreg, base + 4);
	assert_int_equal(st->exits_irq, base + 5);
	assert_int_equal(st->faults, base + 6);
	assert_int_equal(st->irqs_injected, base + 7);
	assert_int_equal(st->restarts, base + 8);
	assert_int_equal(st->denied, base + 9);
	assert_int_equal(st->dma_faults, base + 10);
}

/* The caller's refusal: status, count, nothing acted on or written, one
 * log line naming the caller. */
static void assert_denied(const struct partition *caller, int64_t st,
			  uint64_t denied_before)
{
	char want[80];

	assert_int_equal(st, E_DENIED);
	assert_int_equal(caller->stats.denied, denied_before + 1u);
	assert_int_equal(fake_vcpu_calls(), 0);
	snprintf(want, sizeof(want), "[shikiri] partition '%s' denied ",
		 caller->cfg->name);
	assert_int_equal(count_lines(fake_uart_output()), 1);
	assert_memory_equal(fake_uart_output(), want, strlen(want));
	assert_non_null(strstr(fake_uart_output(), "not a manager"));
}

/* ---- the table ---- */

static void table_holds_exactly_the_management_calls(void **state)
{
	(void)state;
	assert_int_equal(manage_table_len, ARRAY_SIZE(manage_ids));
	for (size_t i = 0; i < ARRAY_SIZE(manage_ids); i++) {
		bool found = false;

		for (size_t j = 0; j < manage_table_len; j++) {
			found = found || manage_table[j].id == manage_ids[i];
			assert_non_null(manage_table[j].handler);
		}
		if (!found)
			fail_msg("0x%08x missing", manage_ids[i]);
	}
}

/* The ids are the SMCCC fast SMC64 vendor-hypervisor calls 5 to 9
 * (DEN0028 2.5: bit 31 fast, bit 30 SMC64, OEN 6 in bits 29:24). */
static void management_ids_follow_smccc(void **state)
{
	(void)state;
	assert_int_equal(SK_HC_PARTITION_STATUS, 0xc6000005u);
	assert_int_equal(SK_HC_PARTITION_STOP, 0xc6000006u);
	assert_int_equal(SK_HC_PARTITION_RESTART, 0xc6000007u);
	assert_int_equal(SK_HC_PARTITION_STATS, 0xc6000008u);
	assert_int_equal(SK_HC_WATCHDOG_KICK, 0xc6000009u);
}

/* ---- a non-manager ---- */

static void non_manager_gets_its_own_status(void **state)
{
	uint64_t r[4];

	(void)state;
	alpha.restarts = 3;
	assert_int_equal(hc(alpha_vcpu, r, SK_HC_PARTITION_STATUS, ALPHA_ID,
			    0x77, 0x88), SK_OK);
	assert_int_equal(r[1], STATE_RUNNING);
	assert_int_equal(r[2], 3);
	assert_int_equal(r[3], ALPHA_VCPUS);
	assert_int_equal(alpha.stats.denied, 0);
	assert_int_equal(fake_uart_output_len(), 0);
}

static void non_manager_gets_its_own_stats(void **state)
{
	uint64_t r[4];
	struct sk_partition_stats st;

	(void)state;
	fill_stats(&alpha, 100);
	assert_int_equal(hc(alpha_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
			    RAM_GUEST, sizeof(st)), SK_OK);
	assert_int_equal(r[1], sizeof(st));
	memcpy(&st, ram[ALPHA_ID].mem, sizeof(st));
	assert_stats_of(&st, 100);
	assert_int_equal(fake_uart_output_len(), 0);
}

/* Exits are counted per vCPU without atomics (the exit path) and summed
 * into the partition's statistics, the timer fast path's deliveries as
 * exits, interrupt exits and injections. */
static void per_vcpu_exit_counters_are_summed(void **state)
{
	uint64_t r[4];
	struct sk_partition_stats st;

	(void)state;
	fill_stats(&alpha, 100);
	alpha.vcpu_count = 3;
	alpha.vcpus[1].exit_stats = (struct vcpu_exit_stats){
		.exits = 10, .exits_hypercall = 1, .exits_mmio = 2,
		.exits_sysreg = 3, .exits_irq = 4, .fast_irqs = 5,
	};
	alpha.vcpus[2].exit_stats = (struct vcpu_exit_stats){
		.exits = 20, .exits_hypercall = 10, .exits_mmio = 20,
		.exits_sysreg = 30, .exits_irq = 40, .fast_irqs = 50,
	};
	assert_int_equal(hc(alpha_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
			    RAM_GUEST, sizeof(st)), SK_OK);
	memcpy(&st, ram[ALPHA_ID].mem, sizeof(st));
	assert_int_equal(st.exits, 101 + 10 + 5 + 20 + 50);
	assert_int_equal(st.exits_hypercall, 102 + 1 + 10);
	assert_int_equal(st.exits_mmio, 103 + 2 + 20);
	assert_int_equal(st.exits_sysreg, 104 + 3 + 30);
	assert_int_equal(st.exits_irq, 105 + 4 + 5 + 40 + 50);
	assert_int_equal(st.irqs_injected, 107 + 5 + 50);
	assert_int_equal(st.faults, 106);
}

static void non_manager_status_of_another_is_denied(void **state)
{
	static const uint32_t others[] = { BOSS_ID, BETA_ID };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
		uint64_t r[4];
		uint64_t before = alpha.stats.denied;
		int64_t st;

		fake_uart_clear_output();
		st = hc(alpha_vcpu, r, SK_HC_PARTITION_STATUS, others[i],
			0x77, 0x88);
		assert_denied(&alpha, st, before);
		/* Nothing about the other partition leaks into x1..x3. */
		assert_int_equal(r[1], others[i]);
		assert_int_equal(r[2], 0x77);
		assert_int_equal(r[3], 0x88);
	}
	assert_int_equal(beta.stats.denied, 0);
	assert_int_equal(boss.stats.denied, 0);
}

static void non_manager_stats_of_another_is_denied_and_writes_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	fill_stats(&beta, 200);
	assert_denied(&alpha, hc(alpha_vcpu, r, SK_HC_PARTITION_STATS, BETA_ID,
				 RAM_GUEST, sizeof(struct sk_partition_stats)),
		      0);
	assert_no_memory_written();
	assert_int_equal(fake_cache_dcache_calls(), 0);
}

/* Stopping or restarting is a manager's right, even for oneself. */
static void non_manager_stop_is_denied_even_of_itself(void **state)
{
	(void)state;
	for (uint32_t t = 0; t < PARTITIONS; t++) {
		uint64_t r[4];
		uint64_t before = alpha.stats.denied;

		fake_uart_clear_output();
		assert_denied(&alpha, hc(alpha_vcpu, r, SK_HC_PARTITION_STOP,
					 t, 0, 0), before);
		assert_int_equal(all[t]->state, PARTITION_RUNNING);
	}
	assert_int_equal(alpha.stats.denied, PARTITIONS);
}

static void non_manager_restart_is_denied_even_of_itself(void **state)
{
	(void)state;
	for (uint32_t t = 0; t < PARTITIONS; t++) {
		uint64_t r[4];
		uint64_t before = beta.stats.denied;

		fake_uart_clear_output();
		assert_denied(&beta, hc(beta_vcpu, r, SK_HC_PARTITION_RESTART,
					t, 0, 0), before);
		assert_int_equal(all[t]->state, PARTITION_RUNNING);
		assert_int_equal(all[t]->restarts, 0);
	}
	assert_int_equal(beta.stats.denied, PARTITIONS);
	assert_int_equal(alpha.stats.denied, 0);
}

static void denial_log_names_caller_call_and_target(void **state)
{
	uint64_t r[4];

	(void)state;
	(void)hc(alpha_vcpu, r, SK_HC_PARTITION_STOP, BETA_ID, 0, 0);
	assert_string_equal(fake_uart_output(),
		"[shikiri] partition 'alpha' denied a stop of partition 2: not a manager\r\n");
}

/* Refusals show in the refused partition's own statistics. */
static void denials_are_counted_in_the_callers_stats(void **state)
{
	uint64_t r[4];
	struct sk_partition_stats st;

	(void)state;
	(void)hc(alpha_vcpu, r, SK_HC_PARTITION_STOP, BETA_ID, 0, 0);
	(void)hc(alpha_vcpu, r, SK_HC_PARTITION_STATUS, BOSS_ID, 0, 0);
	assert_int_equal(hc(alpha_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
			    RAM_GUEST, sizeof(st)), SK_OK);
	memcpy(&st, ram[ALPHA_ID].mem, sizeof(st));
	assert_int_equal(st.denied, 2);
}

/* ---- the manager ---- */

static void manager_gets_the_status_of_any_partition(void **state)
{
	uint64_t r[4];

	(void)state;
	alpha.restarts = 2;
	beta.restarts = 7;
	beta.state = PARTITION_STOPPED;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATUS, ALPHA_ID, 0, 0),
			 SK_OK);
	assert_int_equal(r[1], STATE_RUNNING);
	assert_int_equal(r[2], 2);
	assert_int_equal(r[3], ALPHA_VCPUS);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATUS, BETA_ID, 0, 0),
			 SK_OK);
	assert_int_equal(r[1], STATE_STOPPED);
	assert_int_equal(r[2], 7);
	assert_int_equal(r[3], BETA_VCPUS);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATUS, BOSS_ID, 0, 0),
			 SK_OK);
	assert_int_equal(r[3], BOSS_VCPUS);
	assert_int_equal(boss.stats.denied, 0);
	assert_int_equal(fake_uart_output_len(), 0);
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void manager_stops_a_running_partition(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STOP, BETA_ID, 0, 0),
			 SK_OK);
	c = only_call(FAKE_PARTITION_STOP);
	assert_ptr_equal(c->partition, &beta);
	assert_ptr_equal(c->vcpu, boss_vcpu);
	assert_non_null(c->why);
}

static void manager_stop_of_a_stopped_partition_is_ok_and_does_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	beta.state = PARTITION_STOPPED;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STOP, BETA_ID, 0, 0),
			 SK_OK);
	assert_int_equal(fake_vcpu_calls(), 0);
	assert_int_equal(fake_uart_output_len(), 0);
}

/* With itself as self: the real partition_stop then parks the caller. */
static void manager_may_stop_itself(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STOP, BOSS_ID, 0, 0),
			 SK_OK);
	c = only_call(FAKE_PARTITION_STOP);
	assert_ptr_equal(c->partition, &boss);
	assert_ptr_equal(c->vcpu, boss_vcpu);
}

static void manager_restarts_a_running_partition(void **state)
{
	uint64_t r[4];
	const struct fake_vcpu_call *c;

	(void)state;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_RESTART, ALPHA_ID, 0, 0),
			 SK_OK);
	c = only_call(FAKE_PARTITION_RESTART);
	assert_ptr_equal(c->partition, &alpha);
	assert_ptr_equal(c->vcpu, boss_vcpu);
	assert_non_null(c->why);
}

/* A stopped partition can be brought back. */
static void manager_restarts_a_stopped_partition(void **state)
{
	uint64_t r[4];

	(void)state;
	beta.state = PARTITION_STOPPED;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_RESTART, BETA_ID, 0, 0),
			 SK_OK);
	assert_ptr_equal(only_call(FAKE_PARTITION_RESTART)->partition, &beta);
}

/* Ids that name no partition, including ones whose low 32 bits do. */
static const uint64_t invalid_ids[] = {
	PARTITIONS,
	PARTITIONS + 1u,
	UINT32_MAX,
	(uint64_t)UINT32_MAX + 1u,
	(1ull << 32) | ALPHA_ID,
	UINT64_MAX,
};

static void invalid_partition_id_is_an_invalid_parameter(void **state)
{
	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(targeted_ids); k++) {
		for (size_t i = 0; i < ARRAY_SIZE(invalid_ids); i++) {
			uint64_t r[4];
			int64_t st = hc(boss_vcpu, r, targeted_ids[k],
					invalid_ids[i], RAM_GUEST,
					sizeof(struct sk_partition_stats));

			if (st != E_INVALID_PARAMETER)
				fail_msg("0x%08x(0x%llx) = %lld", targeted_ids[k],
					 (unsigned long long)invalid_ids[i],
					 (long long)st);
		}
	}
	assert_int_equal(fake_vcpu_calls(), 0);
	assert_int_equal(boss.stats.denied, 0);
	assert_int_equal(fake_uart_output_len(), 0);
	assert_no_memory_written();
}

/* ---- statistics ---- */

static void manager_reads_a_shared_cpus_scheduler_statistics(void **state)
{
	uint64_t r[4];
	struct sk_sched_stats st;
	const uint64_t at = 0x20;

	(void)state;
	assert_int_equal(SK_HC_SCHED_STATS, 0xc600000eu);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_SCHED_STATS, 1, RAM_GUEST + at,
			    RAM_SIZE), SK_OK);
	assert_int_equal(r[1], sizeof(st));
	memcpy(&st, &ram[BOSS_ID].mem[at], sizeof(st));
	assert_int_equal(st.version, SK_SCHED_STATS_VERSION);
	assert_int_equal(st.size, sizeof(st));
	assert_int_equal(st.cpu, 1);
	assert_int_equal(st.shared, 1);
	assert_int_equal(st.switches, 1001);
	assert_int_equal(st.vcpus[0].partition, 2);
	assert_int_equal(st.vcpus[0].run_ns, 5000);
	assert_int_equal(ram[BOSS_ID].mem[at + sizeof(st)], FILL_BYTE);
	/* A shorter buffer gets the start only. */
	assert_int_equal(hc(boss_vcpu, r, SK_HC_SCHED_STATS, 0, RAM_GUEST, 8), SK_OK);
	assert_int_equal(r[1], 8);
}

static void scheduler_statistics_need_a_manager_a_cpu_and_memory(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_denied(&alpha, hc(alpha_vcpu, r, SK_HC_SCHED_STATS, 1, RAM_GUEST,
				 sizeof(struct sk_sched_stats)), 0);
	assert_no_memory_written();
	assert_int_equal(hc(boss_vcpu, r, SK_HC_SCHED_STATS, SK_MAX_CPUS, RAM_GUEST,
			    64), E_INVALID_PARAMETER);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_SCHED_STATS, 3, RAM_GUEST, 64),
			 E_INVALID_PARAMETER);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_SCHED_STATS, 1, 0x1000, 64),
			 E_BAD_ADDRESS);
	assert_no_memory_written();
}

static void manager_stats_copy_a_snapshot_into_its_own_memory(void **state)
{
	uint64_t r[4];
	struct sk_partition_stats st;
	const uint64_t at = 0x10;

	(void)state;
	fill_stats(&beta, 1000);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATS, BETA_ID,
			    RAM_GUEST + at, RAM_SIZE), SK_OK);
	assert_int_equal(r[1], sizeof(st));
	memcpy(&st, &ram[BOSS_ID].mem[at], sizeof(st));
	assert_stats_of(&st, 1000);
	/* Not a byte more, and nothing in the target's memory. */
	assert_int_equal(ram[BOSS_ID].mem[at + sizeof(st)], FILL_BYTE);
	assert_int_equal(ram[BOSS_ID].mem[at - 1u], FILL_BYTE);
	assert_mem_unchanged(&ram[BETA_ID]);
	/* Written back past the cache (guest_copy_to's maintenance). */
	assert_int_equal(fake_cache_dcache_calls(), 1);
}

/* The snapshot carries the struct's version and size (the partition
 * keeps only counters). */
static void stats_version_and_size_are_set_by_the_snapshot(void **state)
{
	uint64_t r[4];
	struct sk_partition_stats st;

	(void)state;
	fill_stats(&alpha, 0);
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
			    RAM_GUEST, sizeof(st)), SK_OK);
	memcpy(&st, ram[BOSS_ID].mem, sizeof(st));
	assert_stats_of(&st, 0);
}

/* An older guest's smaller struct: only its capacity is written. */
static void stats_copy_at_most_the_capacity(void **state)
{
	static const uint64_t caps[] = { 0, 1, 8, 12, 16, 40 };

	(void)state;
	fill_stats(&beta, 5000);
	for (size_t i = 0; i < ARRAY_SIZE(caps); i++) {
		uint64_t r[4];
		struct sk_partition_stats want;
		uint8_t *buf = ram[BOSS_ID].mem;

		mem_init(&ram[BOSS_ID]);
		assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATS, BETA_ID,
				    RAM_GUEST, caps[i]), SK_OK);
		assert_int_equal(r[1], caps[i]);
		memset(&want, 0, sizeof(want));
		want.version = STATS_VERSION;
		want.size = sizeof(want);
		want.exits = 5001;
		want.exits_hypercall = 5002;
		want.exits_mmio = 5003;
		want.exits_sysreg = 5004;
		if (caps[i] > 0)
			assert_memory_equal(buf, &want, caps[i]);
		assert_int_equal(buf[caps[i]], FILL_BYTE);
	}
}

/* A capacity larger than the struct, even absurdly so, is fine: the size
 * of the struct is what is checked and written. */
static void stats_capacity_beyond_the_struct_checks_only_the_struct(void **state)
{
	uint64_t r[4];
	const uint64_t at = RAM_SIZE - sizeof(struct sk_partition_stats);

	(void)state;
	assert_int_equal(hc(boss_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
			    RAM_GUEST + at, UINT64_MAX), SK_OK);
	assert_int_equal(r[1], sizeof(struct sk_partition_stats));
	assert_int_equal(ram[BOSS_ID].mem[at], STATS_VERSION);
}

static void stats_outside_the_callers_memory_is_a_bad_address(void **state)
{
	const uint64_t size = sizeof(struct sk_partition_stats);
	const uint64_t buffers[] = {
		UNMAPPED_GUEST,
		RO_GUEST,                       /* read only */
		RAM_GUEST - 8u,                 /* starts before the region */
		RAM_GUEST + RAM_SIZE - size + 1u, /* runs off its end */
		RAM_GUEST + RAM_SIZE,
		ALPHA_ONLY_GUEST,               /* the target's, not the caller's */
		UINT64_MAX - 8u,                /* wraps around */
	};

	(void)state;
	fill_stats(&alpha, 1);
	for (size_t i = 0; i < ARRAY_SIZE(buffers); i++) {
		uint64_t r[4];
		int64_t st = hc(boss_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
				buffers[i], size);

		if (st != E_BAD_ADDRESS)
			fail_msg("buffer 0x%llx = %lld",
				 (unsigned long long)buffers[i], (long long)st);
	}
	assert_no_memory_written();
	assert_int_equal(fake_cache_dcache_calls(), 0);
	assert_int_equal(boss.stats.denied, 0);
}

/* The region only alpha maps is good for alpha itself. */
static void stats_into_a_region_of_the_caller_other_than_ram(void **state)
{
	uint64_t r[4];
	struct sk_partition_stats st;

	(void)state;
	fill_stats(&alpha, 40);
	assert_int_equal(hc(alpha_vcpu, r, SK_HC_PARTITION_STATS, ALPHA_ID,
			    ALPHA_ONLY_GUEST, sizeof(st)), SK_OK);
	memcpy(&st, alpha_only.mem, sizeof(st));
	assert_stats_of(&st, 40);
}

/* ---- watchdog ---- */

static void watchdog_kick_returns_the_period_and_rearms(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(hc(alpha_vcpu, r, SK_HC_WATCHDOG_KICK, 0, 0, 0), SK_OK);
	assert_int_equal(r[1], ALPHA_WATCHDOG_MS);
	assert_int_equal(alpha.watchdog_deadline, NOW + ALPHA_PERIOD_TICKS);
	/* A later kick moves the deadline with the clock. */
	fake_counter_advance(1000);
	(void)hc(alpha_vcpu, r, SK_HC_WATCHDOG_KICK, 0, 0, 0);
	assert_int_equal(alpha.watchdog_deadline, NOW + 1000 + ALPHA_PERIOD_TICKS);
	assert_int_equal(fake_vcpu_calls(), 0);
}

/* The period follows the counter's frequency, whatever it is. */
static void watchdog_period_follows_the_counter_frequency(void **state)
{
	uint64_t r[4];

	(void)state;
	fake_counter_set_freq(1000000); /* 1 MHz: 1000 ticks a millisecond */
	(void)hc(alpha_vcpu, r, SK_HC_WATCHDOG_KICK, 0, 0, 0);
	assert_int_equal(alpha.watchdog_deadline,
			 NOW + 1000ull * ALPHA_WATCHDOG_MS);
}

static void watchdog_kick_without_a_watchdog_returns_0_and_arms_nothing(void **state)
{
	uint64_t r[4];

	(void)state;
	assert_int_equal(hc(beta_vcpu, r, SK_HC_WATCHDOG_KICK, 0, 0, 0), SK_OK);
	assert_int_equal(r[1], 0);
	assert_int_equal(beta.watchdog_deadline, 0);
	assert_int_equal(watchdog_check(&beta, beta_vcpu), 0);
}

/* Only the caller's own watchdog: x1 names nothing. */
static void watchdog_kick_rearms_only_the_callers_watchdog(void **state)
{
	uint64_t r[4];

	(void)state;
	cfgs[BETA_ID].watchdog_ms = 100;
	beta.watchdog_deadline = 5;
	(void)hc(alpha_vcpu, r, SK_HC_WATCHDOG_KICK, BETA_ID, 0, 0);
	assert_int_equal(beta.watchdog_deadline, 5);
	assert_int_equal(alpha.watchdog_deadline, NOW + ALPHA_PERIOD_TICKS);
}

static void watchdog_arm_sets_the_deadline_one_period_ahead(void **state)
{
	(void)state;
	watchdog_arm(&alpha);
	assert_int_equal(alpha.watchdog_deadline, NOW + ALPHA_PERIOD_TICKS);
	beta.watchdog_deadline = 77;
	watchdog_arm(&beta); /* no watchdog: disarmed */
	assert_int_equal(beta.watchdog_deadline, 0);
}

static void watchdog_check_not_armed_returns_0(void **state)
{
	(void)state;
	fake_counter_set(UINT64_MAX);
	assert_int_equal(watchdog_check(&alpha, &alpha.vcpus[0]), 0);
	assert_int_equal(fake_vcpu_calls(), 0);
	assert_int_equal(fake_uart_output_len(), 0);
}

static void watchdog_check_before_the_deadline_returns_it(void **state)
{
	(void)state;
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS - 1u);
	assert_int_equal(watchdog_check(&alpha, &alpha.vcpus[0]),
			 NOW + ALPHA_PERIOD_TICKS);
	assert_int_equal(alpha.watchdog_deadline, NOW + ALPHA_PERIOD_TICKS);
	assert_int_equal(fake_vcpu_calls(), 0);
	assert_int_equal(fake_uart_output_len(), 0);
}

/* A stopped partition's watchdog does not bite. */
static void watchdog_check_of_a_stopped_partition_returns_0(void **state)
{
	(void)state;
	watchdog_arm(&alpha);
	alpha.state = PARTITION_STOPPED;
	fake_counter_advance(ALPHA_PERIOD_TICKS * 10u);
	assert_int_equal(watchdog_check(&alpha, &alpha.vcpus[0]), 0);
	assert_int_equal(fake_vcpu_calls(), 0);
}

/* Nor does it stay armed: its CPU's EL2 timer is set from the deadlines
 * (watchdog_arch_timer_update), and one left in the past fires again at once,
 * forever (the lifecycle matrix: a partition stopped with its watchdog
 * armed wedged its CPU one period later). */
static void watchdog_check_of_a_stopped_partition_disarms_it(void **state)
{
	(void)state;
	watchdog_arm(&alpha);
	alpha.state = PARTITION_STOPPED;
	fake_counter_advance(ALPHA_PERIOD_TICKS * 10u);
	(void)watchdog_check(&alpha, &alpha.vcpus[0]);
	assert_int_equal(alpha.watchdog_deadline, 0);
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void watchdog_disarm_clears_the_deadline(void **state)
{
	(void)state;
	watchdog_arm(&alpha);
	watchdog_disarm(&alpha);
	assert_int_equal(alpha.watchdog_deadline, 0);
	assert_int_equal(watchdog_check(&alpha, &alpha.vcpus[0]), 0);
}

static void watchdog_expiry_with_stop_policy_stops_and_logs(void **state)
{
	const struct fake_vcpu_call *c;

	(void)state;
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS); /* exactly the deadline */
	assert_int_equal(watchdog_check(&alpha, &alpha.vcpus[0]), 0);
	c = only_call(FAKE_PARTITION_STOP);
	assert_ptr_equal(c->partition, &alpha);
	assert_ptr_equal(c->vcpu, &alpha.vcpus[0]);
	assert_non_null(strstr(c->why, "watchdog"));
	assert_int_equal(alpha.watchdog_deadline, 0);
	assert_string_equal(fake_uart_output(),
		"[shikiri] partition 'alpha': watchdog of 500 ms not kicked\r\n");
}

static void watchdog_expiry_with_restart_policy_restarts(void **state)
{
	const struct fake_vcpu_call *c;

	(void)state;
	cfgs[ALPHA_ID].fault_policy = SK_FAULT_RESTART;
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS + 12345u);
	(void)watchdog_check(&alpha, &alpha.vcpus[0]);
	c = only_call(FAKE_PARTITION_RESTART);
	assert_ptr_equal(c->partition, &alpha);
	assert_ptr_equal(c->vcpu, &alpha.vcpus[0]);
	assert_non_null(strstr(c->why, "watchdog"));
	assert_non_null(strstr(fake_uart_output(), "watchdog of 500 ms"));
}

static void watchdog_expiry_with_halt_system_policy_halts(void **state)
{
	(void)state;
	cfgs[ALPHA_ID].fault_policy = SK_FAULT_HALT_SYSTEM;
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS);
	if (setjmp(fake_vcpu_off_escape) == 0) {
		fake_vcpu_arm_off_escape();
		(void)watchdog_check(&alpha, &alpha.vcpus[0]);
		fail_msg("watchdog_check returned under halt-system");
	}
	assert_non_null(strstr(only_call(FAKE_SYSTEM_HALT)->why, "watchdog"));
	assert_string_equal(fake_uart_output(),
		"[shikiri] partition 'alpha': watchdog of 500 ms not kicked\r\n"
		"[shikiri] partition 'alpha': watchdog expired; its fault policy halts the system\r\n");
}

/* A kick just before the deadline keeps the partition alive one more
 * period. */
static void watchdog_kicked_in_time_does_not_fire(void **state)
{
	uint64_t r[4];

	(void)state;
	watchdog_arm(&alpha);
	for (unsigned i = 0; i < 5; i++) {
		fake_counter_advance(ALPHA_PERIOD_TICKS - 1u);
		(void)hc(alpha_vcpu, r, SK_HC_WATCHDOG_KICK, 0, 0, 0);
		assert_int_not_equal(watchdog_check(&alpha, &alpha.vcpus[0]), 0);
	}
	assert_int_equal(fake_vcpu_calls(), 0);
	fake_counter_advance(ALPHA_PERIOD_TICKS);
	(void)watchdog_check(&alpha, &alpha.vcpus[0]);
	assert_ptr_equal(only_call(FAKE_PARTITION_STOP)->partition, &alpha);
}

/* ---- the watchdogs of a CPU (core/lifecycle_watchdog.c) ---- */

/* Every partition's vCPU 0 is on CPU 0 here: the earliest armed deadline
 * there is the EL2 timer's (watchdog_arch_timer_update); CPU 1 has none. */
static void watchdog_cpu_deadline_is_the_earliest_on_that_cpu(void **state)
{
	(void)state;
	assert_int_equal(watchdog_cpu_deadline(pcpu_of(0)), 0);
	watchdog_arm(&alpha);
	assert_int_equal(watchdog_cpu_deadline(pcpu_of(0)), NOW + ALPHA_PERIOD_TICKS);
	beta.watchdog_deadline = NOW + 1;
	assert_int_equal(watchdog_cpu_deadline(pcpu_of(0)), NOW + 1);
	assert_int_equal(watchdog_cpu_deadline(pcpu_of(1)), 0);
	beta.vcpus[0].pcpu = pcpu_of(1);
	assert_int_equal(watchdog_cpu_deadline(pcpu_of(1)), NOW + 1);
	assert_int_equal(watchdog_cpu_deadline(pcpu_of(0)), NOW + ALPHA_PERIOD_TICKS);
}

/* The vCPU running on the CPU is 'self' only to its own partition: an
 * expired watchdog of another fails it from outside (self NULL). */
static void watchdog_check_cpu_passes_self_only_to_its_own_partition(void **state)
{
	const struct fake_vcpu_call *c;

	(void)state;
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS);
	watchdog_check_cpu(pcpu_of(0), beta_vcpu);
	c = only_call(FAKE_PARTITION_STOP);
	assert_ptr_equal(c->partition, &alpha);
	assert_null(c->vcpu);
	fake_vcpu_reset();
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS);
	watchdog_check_cpu(pcpu_of(0), &alpha.vcpus[0]);
	c = only_call(FAKE_PARTITION_STOP);
	assert_ptr_equal(c->vcpu, &alpha.vcpus[0]);
}

/* Only the partitions whose vCPU 0 is on that CPU are checked. */
static void watchdog_check_cpu_leaves_other_cpus_watchdogs(void **state)
{
	(void)state;
	watchdog_arm(&alpha);
	fake_counter_advance(ALPHA_PERIOD_TICKS);
	watchdog_check_cpu(pcpu_of(1), NULL);
	assert_int_equal(fake_vcpu_calls(), 0);
	assert_int_equal(alpha.watchdog_deadline, NOW + ALPHA_PERIOD_TICKS);
}

/* ---- partition_fail ---- */

struct fail_case {
	enum partition_event event;
	const char *why; /* a phrase of the reason given */
};

static const struct fail_case fail_cases[] = {
	{ PARTITION_EVENT_GUEST_OFF, "PSCI SYSTEM_OFF" },
	{ PARTITION_EVENT_ABORT_LOOP, "abort loop" },
	{ PARTITION_EVENT_WATCHDOG, "watchdog" },
};

static void partition_fail_with_stop_policy_stops(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(fail_cases); i++) {
		const struct fake_vcpu_call *c;

		fake_vcpu_reset();
		partition_fail(&beta, beta_vcpu, fail_cases[i].event);
		c = only_call(FAKE_PARTITION_STOP);
		assert_ptr_equal(c->partition, &beta);
		assert_ptr_equal(c->vcpu, beta_vcpu);
		assert_non_null(strstr(c->why, fail_cases[i].why));
	}
}

static void partition_fail_with_restart_policy_restarts(void **state)
{
	(void)state;
	cfgs[BETA_ID].fault_policy = SK_FAULT_RESTART;
	for (size_t i = 0; i < ARRAY_SIZE(fail_cases); i++) {
		const struct fake_vcpu_call *c;

		fake_vcpu_reset();
		partition_fail(&beta, beta_vcpu, fail_cases[i].event);
		c = only_call(FAKE_PARTITION_RESTART);
		assert_ptr_equal(c->partition, &beta);
		assert_ptr_equal(c->vcpu, beta_vcpu);
		assert_non_null(strstr(c->why, fail_cases[i].why));
	}
}

/* partition_fail under halt-system does not return: the fake's system_halt
 * longjmps back here. setjmp lives in a function of its own so that no
 * caller's loop variable is live across the longjmp (C11 7.13.2.1). */
static void partition_fail_expecting_halt(enum partition_event event)
{
	if (setjmp(fake_vcpu_off_escape) == 0) {
		fake_vcpu_arm_off_escape();
		partition_fail(&beta, beta_vcpu, event);
		fail_msg("partition_fail returned under halt-system");
	}
}

static void partition_fail_with_halt_system_policy_halts(void **state)
{
	(void)state;
	cfgs[BETA_ID].fault_policy = SK_FAULT_HALT_SYSTEM;
	for (size_t i = 0; i < ARRAY_SIZE(fail_cases); i++) {
		char want[160];

		fake_vcpu_reset();
		fake_uart_clear_output();
		partition_fail_expecting_halt(fail_cases[i].event);
		assert_non_null(strstr(only_call(FAKE_SYSTEM_HALT)->why,
				       fail_cases[i].why));
		snprintf(want, sizeof(want), "[shikiri] partition 'beta': ");
		assert_memory_equal(fake_uart_output(), want, strlen(want));
		assert_non_null(strstr(fake_uart_output(), fail_cases[i].why));
		assert_non_null(strstr(fake_uart_output(),
				       "its fault policy halts the system"));
		assert_int_equal(count_lines(fake_uart_output()), 1);
	}
}

/* From outside the partition (the watchdog on another CPU, a manager):
 * self is passed on as given. */
static void partition_fail_passes_self_on(void **state)
{
	(void)state;
	partition_fail(&beta, NULL, PARTITION_EVENT_WATCHDOG);
	assert_null(only_call(FAKE_PARTITION_STOP)->vcpu);
}

/* A policy value the validator would refuse still ends in a stop, the
 * least drastic choice. */
static void partition_fail_with_unknown_policy_stops(void **state)
{
	(void)state;
	cfgs[BETA_ID].fault_policy = 77;
	partition_fail(&beta, beta_vcpu, PARTITION_EVENT_ABORT_LOOP);
	assert_ptr_equal(only_call(FAKE_PARTITION_STOP)->partition, &beta);
}

/* ---- manage_print_stats ---- */

static void print_stats_prints_one_labelled_line_per_partition(void **state)
{
	const char *out;

	(void)state;
	fill_stats(&boss, 0);
	fill_stats(&alpha, 10);
	fill_stats(&beta, 20);
	beta.state = PARTITION_STOPPED;
	manage_print_stats();
	out = fake_uart_output();
	assert_string_equal(out,
		"[shikiri] stats 'boss' (running): exits 1 (hypercall 2, mmio 3, sysreg 4, irq 5), faults 6, dma faults 10, irqs injected 7, restarts 8, denied 9\r\n"
		"[shikiri] stats 'alpha' (running): exits 11 (hypercall 12, mmio 13, sysreg 14, irq 15), faults 16, dma faults 20, irqs injected 17, restarts 18, denied 19\r\n"
		"[shikiri] stats 'beta' (stopped): exits 21 (hypercall 22, mmio 23, sysreg 24, irq 25), faults 26, dma faults 30, irqs injected 27, restarts 28, denied 29\r\n");
}

/* 64-bit counters print whole. */
static void print_stats_prints_large_counters_whole(void **state)
{
	(void)state;
	fake_partition_set_table(all, 1);
	fill_stats(&boss, 0);
	boss.vcpus[0].exit_stats.exits = UINT64_MAX;
	manage_print_stats();
	assert_int_equal(count_lines(fake_uart_output()), 1);
	assert_non_null(strstr(fake_uart_output(),
			       "exits 18446744073709551615 (hypercall 2,"));
}

/* The light path's exits (arch/arm64/trap.c) count as exits and as
 * hypercall or MMIO exits, and have a line of their own. */
static void light_exits_count_as_exits_of_their_kind(void **state)
{
	struct sk_partition_stats st;

	(void)state;
	fake_partition_set_table(all, 1);
	fill_stats(&boss, 0);
	boss.vcpus[0].exit_stats.light_hypercalls = 100;
	boss.vcpus[0].exit_stats.light_mmio = 1000;
	manage_stats_snapshot(&boss, &st);
	assert_int_equal(st.exits, 1 + 100 + 1000);
	assert_int_equal(st.exits_hypercall, 2 + 100);
	assert_int_equal(st.exits_mmio, 3 + 1000);
	assert_int_equal(st.exits_irq, 5);
	manage_print_stats();
	assert_int_equal(count_lines(fake_uart_output()), 2);
	assert_non_null(strstr(fake_uart_output(),
			       "[shikiri] stats 'boss' light exits: hypercall 100, mmio 1000\r\n"));
	boss.vcpus[0].exit_stats.light_hypercalls = 0;
	boss.vcpus[0].exit_stats.light_mmio = 0;
}

static void print_stats_with_no_partitions_prints_nothing(void **state)
{
	(void)state;
	fake_partition_set_table(NULL, 0);
	manage_print_stats();
	assert_int_equal(fake_uart_output_len(), 0);
}

#define M_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		M_TEST(table_holds_exactly_the_management_calls),
		M_TEST(management_ids_follow_smccc),
		M_TEST(non_manager_gets_its_own_status),
		M_TEST(non_manager_gets_its_own_stats),
		M_TEST(per_vcpu_exit_counters_are_summed),
		M_TEST(non_manager_status_of_another_is_denied),
		M_TEST(non_manager_stats_of_another_is_denied_and_writes_nothing),
		M_TEST(non_manager_stop_is_denied_even_of_itself),
		M_TEST(non_manager_restart_is_denied_even_of_itself),
		M_TEST(denial_log_names_caller_call_and_target),
		M_TEST(denials_are_counted_in_the_callers_stats),
		M_TEST(manager_gets_the_status_of_any_partition),
		M_TEST(manager_stops_a_running_partition),
		M_TEST(manager_stop_of_a_stopped_partition_is_ok_and_does_nothing),
		M_TEST(manager_may_stop_itself),
		M_TEST(manager_restarts_a_running_partition),
		M_TEST(manager_restarts_a_stopped_partition),
		M_TEST(invalid_partition_id_is_an_invalid_parameter),
		M_TEST(manager_reads_a_shared_cpus_scheduler_statistics),
		M_TEST(scheduler_statistics_need_a_manager_a_cpu_and_memory),
		M_TEST(manager_stats_copy_a_snapshot_into_its_own_memory),
		M_TEST(stats_version_and_size_are_set_by_the_snapshot),
		M_TEST(stats_copy_at_most_the_capacity),
		M_TEST(stats_capacity_beyond_the_struct_checks_only_the_struct),
		M_TEST(stats_outside_the_callers_memory_is_a_bad_address),
		M_TEST(stats_into_a_region_of_the_caller_other_than_ram),
		M_TEST(watchdog_kick_returns_the_period_and_rearms),
		M_TEST(watchdog_period_follows_the_counter_frequency),
		M_TEST(watchdog_kick_without_a_watchdog_returns_0_and_arms_nothing),
		M_TEST(watchdog_kick_rearms_only_the_callers_watchdog),
		M_TEST(watchdog_arm_sets_the_deadline_one_period_ahead),
		M_TEST(watchdog_check_not_armed_returns_0),
		M_TEST(watchdog_check_before_the_deadline_returns_it),
		M_TEST(watchdog_check_of_a_stopped_partition_returns_0),
		M_TEST(watchdog_check_of_a_stopped_partition_disarms_it),
		M_TEST(watchdog_disarm_clears_the_deadline),
		M_TEST(watchdog_expiry_with_stop_policy_stops_and_logs),
		M_TEST(watchdog_expiry_with_restart_policy_restarts),
		M_TEST(watchdog_expiry_with_halt_system_policy_halts),
		M_TEST(watchdog_kicked_in_time_does_not_fire),
		M_TEST(watchdog_cpu_deadline_is_the_earliest_on_that_cpu),
		M_TEST(watchdog_check_cpu_passes_self_only_to_its_own_partition),
		M_TEST(watchdog_check_cpu_leaves_other_cpus_watchdogs),
		M_TEST(partition_fail_with_stop_policy_stops),
		M_TEST(partition_fail_with_restart_policy_restarts),
		M_TEST(partition_fail_with_halt_system_policy_halts),
		M_TEST(partition_fail_passes_self_on),
		M_TEST(partition_fail_with_unknown_policy_stops),
		M_TEST(print_stats_prints_one_labelled_line_per_partition),
		M_TEST(print_stats_prints_large_counters_whole),
		M_TEST(print_stats_with_no_partitions_prints_nothing),
		M_TEST(light_exits_count_as_exits_of_their_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
