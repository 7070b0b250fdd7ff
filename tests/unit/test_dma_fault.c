/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of a partition's SMMU streams and of the SMMU's fault reports
 * (hypervisor/core/partition_streams.c, dma_fault.c) over a fake SMMUv3
 * driver (the functions of drivers/smmuv3.h, recorded here), with the real
 * log, log budget and fault policy, and the lifecycle fakes of
 * tests/unit/stubs/.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arch/stage2.h"
#include "core/console.h"
#include "core/dma_fault.h"
#include "core/partition.h"
#include "core/partition_streams.h"
#include "drivers/pcie_ecam.h"
#include "drivers/smmuv3.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_partition.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vcpu.h"

#define EVENTQ_INTID 106u
#define GERROR_INTID 109u
#define VTCR 0x80023559ull

/* ---- the fake SMMUv3 driver ---- */

#define MAX_EVENTS 300u
#define MAX_OPS 64u

static struct {
	struct smmuv3_event ev[MAX_EVENTS];
	uint32_t n, next;
	bool overflow;
	uint32_t gerror;
	/* assign (vmid != 0) and abort (vmid 0), in order */
	struct { uint32_t sid, vmid; uint64_t root, vtcr; } op[MAX_OPS];
	uint32_t nop;
	uint32_t refuse_sid; /* assign of this one fails (0: none) */
	/* pcie_ecam_quiesce: the streams asked, in order; which have a
	 * function, and which one's bus mastering stays on */
	uint32_t quiesced[MAX_OPS];
	uint32_t nquiesce;
	uint64_t functions; /* bit sid (sid < 64) */
	uint32_t stuck_sid; /* 0: none */
} smmu;

uint64_t stage2_vtcr(void)
{
	return VTCR;
}

bool smmuv3_stream_assign(uint32_t sid, const struct smmuv3_s2 *s2, char *err,
			  uint32_t err_size)
{
	if (sid == smmu.refuse_sid && sid != 0u) {
		snprintf(err, err_size, "refused");
		return false;
	}
	if (smmu.nop < MAX_OPS) {
		smmu.op[smmu.nop].sid = sid;
		smmu.op[smmu.nop].vmid = s2->vmid;
		smmu.op[smmu.nop].root = s2->root;
		smmu.op[smmu.nop].vtcr = s2->vtcr;
	}
	smmu.nop++;
	return true;
}

bool smmuv3_stream_abort(uint32_t sid, char *err, uint32_t err_size)
{
	(void)err;
	(void)err_size;
	if (smmu.nop < MAX_OPS) {
		smmu.op[smmu.nop].sid = sid;
		smmu.op[smmu.nop].vmid = 0;
	}
	smmu.nop++;
	return true;
}

enum pcie_quiesce pcie_ecam_quiesce(uint32_t sid, uint32_t *rid)
{
	if (smmu.nquiesce < MAX_OPS)
		smmu.quiesced[smmu.nquiesce] = sid;
	smmu.nquiesce++;
	*rid = sid;
	if (sid >= 64u || (smmu.functions & (1ull << sid)) == 0u)
		return PCIE_QUIESCE_NO_FUNCTION;
	return sid == smmu.stuck_sid ? PCIE_QUIESCE_STUCK : PCIE_QUIESCE_DONE;
}

bool smmuv3_event_next(struct smmuv3_event *ev)
{
	if (smmu.next >= smmu.n)
		return false;
	*ev = smmu.ev[smmu.next++];
	return true;
}

bool smmuv3_event_overflowed(void)
{
	bool o = smmu.overflow;

	smmu.overflow = false;
	return o;
}

uint32_t smmuv3_gerror_take(void)
{
	uint32_t g = smmu.gerror;

	smmu.gerror = 0;
	return g;
}

const char *smmuv3_event_name(uint32_t type)
{
	return type == 0x10u ? "F_TRANSLATION" : type == 0x02u ? "C_BAD_STREAMID" : "unknown";
}

static void push(uint32_t type, uint32_t sid, uint64_t addr, uint32_t access)
{
	assert_true(smmu.n < MAX_EVENTS);
	smmu.ev[smmu.n].type = type;
	smmu.ev[smmu.n].sid = sid;
	smmu.ev[smmu.n].addr = addr;
	smmu.ev[smmu.n].access = access;
	smmu.n++;
}

/* ---- two partitions: alpha (streams 0x8..0x9 and 0x20), beta (0x10) ---- */

static struct sk_cfg_partition cfgs[2];
static struct partition alpha;
static struct partition beta;
static struct partition *const all[2] = { &alpha, &beta };
static uint64_t root_alpha[512] __attribute__((aligned(4096)));

static void set_streams(struct sk_cfg_device *d, uint32_t first, uint32_t n)
{
	d->dma = SK_DMA_CAPABLE;
	d->stream_cells = SK_STREAM_CELLS;
	d->streams[0] = first;
	d->streams[1] = n;
}

static void make(struct partition *p, uint32_t id, const char *name)
{
	struct sk_cfg_partition *c = &cfgs[id];

	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->cfg = c;
	p->vcpu_count = 1;
	p->state = PARTITION_RUNNING;
	p->arch.vmid = id + 1u;
	p->vcpus[0].partition = p;
	p->vcpus[0].state = VCPU_ON;
}

static int setup(void **state)
{
	(void)state;
	memset(&smmu, 0, sizeof(smmu));
	make(&alpha, 0, "alpha");
	make(&beta, 1, "beta");
	alpha.arch.stage2.root = root_alpha;
	cfgs[0].device_count = 3;
	set_streams(&cfgs[0].devices[0], 0x8, 2);
	cfgs[0].devices[1].dma = SK_DMA_NONE; /* a UART: no streams */
	set_streams(&cfgs[0].devices[2], 0x20, 1);
	cfgs[1].device_count = 1;
	set_streams(&cfgs[1].devices[0], 0x10, 1);
	fake_partition_set_table(all, 2);
	fake_counter_reset();
	fake_counter_set(0x100000000ull);
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	fake_vcpu_reset();
	dma_fault_set_interrupts(EVENTQ_INTID, GERROR_INTID);
	return 0;
}

static bool output_has(const char *s)
{
	return strstr(fake_uart_output(), s) != NULL;
}

/* ---- partition_streams.c ---- */

static void assign_gives_every_stream_the_partition_stage2(void **state)
{
	char err[128];

	(void)state;
	assert_true(partition_streams_assign(&alpha, true, err, sizeof(err)));
	assert_int_equal(smmu.nop, 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(smmu.op[i].sid, i < 2u ? 0x8u + i : 0x20u);
		assert_int_equal(smmu.op[i].vmid, 1);
		assert_int_equal(smmu.op[i].root, (uint64_t)(uintptr_t)root_alpha);
		assert_int_equal(smmu.op[i].vtcr, VTCR);
	}
	assert_true(output_has("[shikiri] SMMUv3: partition 'alpha' streams 0x8..0x9\r\n"));
	assert_true(output_has("[shikiri] SMMUv3: partition 'alpha' streams 0x20..0x20\r\n"));
}

static void refused_assign_leaves_none_translating(void **state)
{
	char err[128];

	(void)state;
	smmu.refuse_sid = 0x20;
	assert_false(partition_streams_assign(&alpha, true, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3: partition 'alpha' stream 0x20: refused");
	/* 0x8, 0x9 given, then taken back with the refused 0x20. */
	assert_int_equal(smmu.nop, 5);
	assert_int_equal(smmu.op[4].sid, 0x20);
	assert_int_equal(smmu.op[4].vmid, 0);
	assert_int_equal(smmu.op[2].sid, 0x8);
	assert_int_equal(smmu.op[2].vmid, 0);
	assert_int_equal(smmu.op[3].sid, 0x9);
	assert_int_equal(smmu.op[3].vmid, 0);
}

static void abort_takes_every_stream_back(void **state)
{
	(void)state;
	partition_streams_abort(&alpha, &alpha);
	assert_int_equal(smmu.nop, 3);
	for (uint32_t i = 0; i < 3; i++)
		assert_int_equal(smmu.op[i].vmid, 0);
	assert_true(output_has("SMMUv3: partition 'alpha' streams 0x8..0x9 abort\r\n"));
}

/* Every stream of every device is asked; one line per device that had
 * a function, with the count; a device with none says nothing. */
static void quiesce_asks_every_stream_and_counts_functions(void **state)
{
	(void)state;
	smmu.functions = (1ull << 0x8) | (1ull << 0x9);
	partition_streams_quiesce(&alpha, &alpha);
	assert_int_equal(smmu.nquiesce, 3);
	assert_int_equal(smmu.quiesced[0], 0x8);
	assert_int_equal(smmu.quiesced[1], 0x9);
	assert_int_equal(smmu.quiesced[2], 0x20);
	assert_true(output_has("[shikiri] SMMUv3: partition 'alpha' streams 0x8..0x9: 2 PCI functions quiesced\r\n"));
	assert_false(output_has("0x20..0x20"));
	/* beta's are not alpha's business */
	assert_false(output_has("0x10"));
}

static void quiesce_names_a_function_that_keeps_mastering(void **state)
{
	(void)state;
	smmu.functions = 1ull << 0x20;
	smmu.stuck_sid = 0x20;
	partition_streams_quiesce(&alpha, &beta);
	assert_true(output_has("[shikiri] SMMUv3: partition 'alpha' stream 0x20: its PCI function still masters the bus"));
	assert_false(output_has("quiesced"));
}

static void owner_of_stream(void **state)
{
	(void)state;
	assert_ptr_equal(partition_owner_of_stream(0x8), &alpha);
	assert_ptr_equal(partition_owner_of_stream(0x9), &alpha);
	assert_ptr_equal(partition_owner_of_stream(0x20), &alpha);
	assert_ptr_equal(partition_owner_of_stream(0x10), &beta);
	assert_null(partition_owner_of_stream(0x7));
	assert_null(partition_owner_of_stream(0xa));
	assert_null(partition_owner_of_stream(0x11));
	/* A malformed range (never past the validator) owns nothing. */
	cfgs[1].devices[0].streams[1] = 0;
	assert_null(partition_owner_of_stream(0x10));
}

static void unowned_streams_are_fenced_not_owned_ones(void **state)
{
	char err[128];
	bool ok;

	(void)state;
	assert_int_equal(partition_streams_fence_unowned(0x30, err, sizeof(err),
							 &ok), 0x30 - 4);
	assert_true(ok);
	assert_int_equal(smmu.nop, 0x30 - 4);
	for (uint32_t i = 0; i < smmu.nop; i++) {
		uint32_t sid = smmu.op[i].sid;

		assert_true(sid < 0x30u && sid != 0x8u && sid != 0x9u &&
			    sid != 0x10u && sid != 0x20u);
		assert_int_equal(smmu.op[i].vmid, STREAMS_UNOWNED_VMID);
		assert_int_not_equal(smmu.op[i].root, 0);
		assert_int_equal(smmu.op[i].root % 4096u, 0);
	}
	/* A refusal stops there, saying why. */
	smmu.nop = 0;
	smmu.refuse_sid = 0x3;
	assert_int_equal(partition_streams_fence_unowned(0x30, err, sizeof(err),
							 &ok), 3);
	assert_false(ok);
	assert_string_equal(err, "refused");
}

/* ---- dma_fault.c ---- */

static void other_interrupts_are_not_ours(void **state)
{
	(void)state;
	push(0x10, 0x8, 0x1000, SMMUV3_ACCESS_WRITE);
	assert_false(dma_fault_irq(33, NULL));
	assert_false(dma_fault_irq(0, NULL));
	assert_int_equal(smmu.next, 0);
}

static void fault_is_reported_counted_and_the_partition_runs_on(void **state)
{
	(void)state;
	push(0x10, 0x9, 0x7ff00000, SMMUV3_ACCESS_WRITE);
	push(0x10, 0x10, 0x40001000, SMMUV3_ACCESS_READ);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_true(output_has("[shikiri] DMA fault: partition 'alpha' stream 0x9: F_TRANSLATION write at IPA 0x7ff00000\r\n"));
	assert_true(output_has("[shikiri] DMA fault: partition 'beta' stream 0x10: F_TRANSLATION read at IPA 0x40001000\r\n"));
	assert_int_equal(alpha.stats.dma_faults, 1);
	assert_int_equal(beta.stats.dma_faults, 1);
	assert_int_equal(fake_vcpu_calls(), 0); /* dma-fault "report" */
}

static void unowned_stream_is_reported_boundedly(void **state)
{
	const char *out;
	size_t lines = 0;

	(void)state;
	for (uint32_t i = 0; i < 40u; i++)
		push(0x02, 0x300, 0, SMMUV3_ACCESS_UNKNOWN);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, 40);
	out = fake_uart_output();
	for (const char *s = out; (s = strstr(s, "a device no partition owns (stream 0x300): C_BAD_STREAMID at 0x0\r\n")) != NULL; s++)
		lines++;
	/* Static count across tests: at most 16 since boot. */
	assert_true(lines >= 1u && lines <= 16u);
}

static void drain_is_bounded(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < 200u; i++)
		push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, DMA_FAULT_DRAIN_MAX);
	assert_int_equal(beta.stats.dma_faults, DMA_FAULT_DRAIN_MAX);
	/* The log budget let a burst through, then suppressed the rest. */
	assert_true(output_has("DMA fault: partition 'beta' stream 0x10"));
	assert_true(strlen(fake_uart_output()) < 64u * 100u);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, 200);
}

static void fault_policy_ends_the_run_once_after_the_drain(void **state)
{
	(void)state;
	cfgs[1].dma_fault = SK_DMA_FAULT_FAULT_POLICY;
	cfgs[1].fault_policy = SK_FAULT_RESTART;
	push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
	push(0x10, 0x10, 0x2000, SMMUV3_ACCESS_WRITE);
	push(0x10, 0x8, 0x3000, SMMUV3_ACCESS_WRITE); /* alpha: "report" */
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, 3);
	assert_int_equal(fake_vcpu_calls(), 1);
	assert_int_equal(fake_vcpu_call(0)->kind, FAKE_PARTITION_RESTART);
	assert_ptr_equal(fake_vcpu_call(0)->partition, &beta);
	assert_null(fake_vcpu_call(0)->vcpu);
	assert_string_equal(fake_vcpu_call(0)->why, "DMA fault");
}

static void own_partition_fails_last_with_self(void **state)
{
	(void)state;
	cfgs[0].dma_fault = SK_DMA_FAULT_FAULT_POLICY;
	cfgs[1].dma_fault = SK_DMA_FAULT_FAULT_POLICY;
	push(0x10, 0x8, 0x1000, SMMUV3_ACCESS_WRITE);  /* alpha, interrupted */
	push(0x10, 0x10, 0x2000, SMMUV3_ACCESS_WRITE); /* beta */
	assert_true(dma_fault_irq(EVENTQ_INTID, &alpha.vcpus[0]));
	assert_int_equal(fake_vcpu_calls(), 2);
	assert_ptr_equal(fake_vcpu_call(0)->partition, &beta);
	assert_null(fake_vcpu_call(0)->vcpu);
	assert_ptr_equal(fake_vcpu_call(1)->partition, &alpha);
	assert_ptr_equal(fake_vcpu_call(1)->vcpu, &alpha.vcpus[0]);
}

static void stopped_partition_is_not_failed_again(void **state)
{
	(void)state;
	cfgs[1].dma_fault = SK_DMA_FAULT_FAULT_POLICY;
	beta.state = PARTITION_STOPPED;
	push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(beta.stats.dma_faults, 1);
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void overflow_and_global_error_said_once(void **state)
{
	const char *o;

	(void)state;
	smmu.overflow = true;
	smmu.gerror = 0x1;
	assert_true(dma_fault_irq(GERROR_INTID, NULL));
	smmu.overflow = true;
	smmu.gerror = 0x1;
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	o = fake_uart_output();
	assert_non_null(strstr(o, "[shikiri] SMMUv3: event queue overflowed: events were lost\r\n"));
	assert_null(strstr(strstr(o, "overflowed") + 1, "overflowed"));
	assert_non_null(strstr(o, "[shikiri] SMMUv3: global error 0x1 (GERROR)\r\n"));
	assert_null(strstr(strstr(o, "GERROR") + 1, "GERROR"));
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(assign_gives_every_stream_the_partition_stage2),
		T(refused_assign_leaves_none_translating),
		T(abort_takes_every_stream_back),
		T(quiesce_asks_every_stream_and_counts_functions),
		T(quiesce_names_a_function_that_keeps_mastering),
		T(owner_of_stream),
		T(unowned_streams_are_fenced_not_owned_ones),
		T(other_interrupts_are_not_ours),
		T(fault_is_reported_counted_and_the_partition_runs_on),
		T(unowned_stream_is_reported_boundedly),
		T(drain_is_bounded),
		T(fault_policy_ends_the_run_once_after_the_drain),
		T(own_partition_fails_last_with_self),
		T(stopped_partition_is_not_failed_again),
		T(overflow_and_global_error_said_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
