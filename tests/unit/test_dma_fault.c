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

#define MAX_EVENTS 1000u
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
	/* smmuv3_stream_record calls, in order */
	struct { uint32_t sid; bool on; } rec[MAX_OPS];
	uint32_t nrec;
	uint32_t repends; /* gic_set_pending_spi(EVENTQ_INTID) calls */
} smmu;

bool smmuv3_stream_record(uint32_t sid, bool on, char *err, uint32_t err_size)
{
	(void)err;
	(void)err_size;
	if (smmu.nrec < MAX_OPS) {
		smmu.rec[smmu.nrec].sid = sid;
		smmu.rec[smmu.nrec].on = on;
	}
	smmu.nrec++;
	return true;
}

void gic_set_pending_spi(uint32_t intid)
{
	assert_int_equal(intid, EVENTQ_INTID);
	smmu.repends++;
}

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
	*ev = smmu.ev[smmu.next];
	ev->pos = smmu.next++;
	return true;
}

uint32_t smmuv3_event_end(void)
{
	return smmu.n;
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
	/* More may wait, and no new event would raise the edge: pending
	 * again. */
	assert_int_equal(smmu.repends, 1);
	/* The log budget let a burst through, then suppressed the rest. */
	assert_true(output_has("DMA fault: partition 'beta' stream 0x10"));
	assert_true(strlen(fake_uart_output()) < 64u * 100u);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, 200);
	assert_int_equal(smmu.repends, 1);
}

static uint32_t drain_all(void)
{
	uint32_t irqs = 0;

	do {
		assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
		irqs++;
	} while (smmu.next < smmu.n && irqs < 100u);
	return irqs;
}

static bool floods_said(const char *name)
{
	char want[200];

	snprintf(want, sizeof(want),
		 "[shikiri] DMA faults: partition '%s' floods the event queue (257 queued): not recorded until it drains, still refused\r\n",
		 name);
	return output_has(want);
}

static uint32_t times_said(const char *s)
{
	uint32_t n = 0;

	for (const char *o = fake_uart_output(); (o = strstr(o, s)) != NULL; o++)
		n++;
	return n;
}

/* Past DMA_FAULT_FLOOD_EVENTS since the queue was last empty, the
 * partition's streams (all of them, only its) stop recording; once the
 * queue is found empty they record again. Every event taken is counted. */
static void flood_pauses_recording_until_the_queue_drains(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < 300u; i++)
		push(0x10, i % 2u == 0u ? 0x8 : 0x20, 0x1000, SMMUV3_ACCESS_WRITE);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.nrec, 0); /* 256: not yet */
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, 300);
	assert_int_equal(alpha.stats.dma_faults, 300);
	/* paused (0x8, 0x9, 0x20: all of alpha's), then, the queue empty,
	 * resumed */
	assert_int_equal(smmu.nrec, 6);
	for (uint32_t i = 0; i < 6u; i++) {
		assert_int_equal(smmu.rec[i].sid, i % 3u < 2u ? 0x8u + i % 3u : 0x20u);
		assert_true(smmu.rec[i].on == (i >= 3u));
	}
	assert_true(floods_said("alpha"));
	assert_int_equal(beta.stats.dma_faults, 0);
}

/* Streams no partition owns pause the same way (a partition that owns
 * a host's ECAM can drive a function nobody owns), said once since boot. */
static void unowned_flood_pauses_the_unowned_streams(void **state)
{
	char err[64];
	bool ok;

	(void)state;
	(void)partition_streams_fence_unowned(0x12, err, sizeof(err), &ok);
	for (uint32_t i = 0; i < 300u; i++)
		push(0x10, 0x11, 0x1000, SMMUV3_ACCESS_WRITE);
	(void)drain_all();
	/* 0x0..0x11 but alpha's 0x8, 0x9 and beta's 0x10: off, then on */
	assert_int_equal(smmu.nrec, 2u * (0x12u - 3u));
	for (uint32_t i = 0; i < smmu.nrec; i++) {
		assert_true(smmu.rec[i].sid != 0x8u && smmu.rec[i].sid != 0x9u &&
			    smmu.rec[i].sid != 0x10u);
		assert_true(smmu.rec[i].on == (i >= 0x12u - 3u));
	}
	assert_int_equal(times_said("devices no partition owns flood the event queue (257 queued)"), 1);
	assert_int_equal(alpha.stats.dma_faults + beta.stats.dma_faults, 0);
}

/* The count starts again once the queue is empty: as many faults in two
 * drained bursts is no flood. */
static void drained_bursts_are_no_flood(void **state)
{
	(void)state;
	for (uint32_t i = 0; i < 200u; i++)
		push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
	(void)drain_all();
	for (uint32_t i = 0; i < 200u; i++)
		push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
	(void)drain_all();
	assert_int_equal(beta.stats.dma_faults, 400);
	assert_int_equal(smmu.nrec, 0);
	assert_false(floods_said("beta"));
}

/* Said once per run of the partition; each flood pauses it again. */
static void a_flood_is_said_once_per_run(void **state)
{
	(void)state;
	for (uint32_t round = 0; round < 3u; round++) {
		if (round == 2u)
			beta.restarts = 1;
		for (uint32_t i = 0; i < 300u; i++)
			push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
		(void)drain_all();
		assert_int_equal(smmu.nrec, 2u * (round + 1u));
		assert_int_equal(times_said("partition 'beta' floods the event queue"),
				 round < 2u ? 1u : 2u);
	}
}

/* Events of a run that ended (queued before its streams aborted) are
 * counted, but do not end the next run; the first one after them does. */
static void a_previous_runs_faults_do_not_end_the_next(void **state)
{
	(void)state;
	cfgs[1].dma_fault = SK_DMA_FAULT_FAULT_POLICY;
	cfgs[1].fault_policy = SK_FAULT_RESTART;
	for (uint32_t i = 0; i < 200u; i++)
		push(0x10, 0x10, 0x1000, SMMUV3_ACCESS_WRITE);
	/* the first interrupt ends beta's run; its restart aborts the
	 * streams with 72 of its events still queued */
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(fake_vcpu_calls(), 1);
	partition_streams_abort(&beta, &beta);
	push(0x10, 0x8, 0x1000, SMMUV3_ACCESS_WRITE); /* alpha's, after */
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(smmu.next, 201);
	assert_int_equal(beta.stats.dma_faults, 200);
	assert_int_equal(fake_vcpu_calls(), 1);
	/* the next run's own fault ends it */
	push(0x10, 0x10, 0x2000, SMMUV3_ACCESS_WRITE);
	assert_true(dma_fault_irq(EVENTQ_INTID, NULL));
	assert_int_equal(fake_vcpu_calls(), 2);
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
		T(flood_pauses_recording_until_the_queue_drains),
		T(drained_bursts_are_no_flood),
		T(unowned_flood_pauses_the_unowned_streams),
		T(a_flood_is_said_once_per_run),
		T(fault_policy_ends_the_run_once_after_the_drain),
		T(a_previous_runs_faults_do_not_end_the_next),
		T(own_partition_fails_last_with_self),
		T(stopped_partition_is_not_failed_again),
		T(overflow_and_global_error_said_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
