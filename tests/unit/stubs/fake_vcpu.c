/* SPDX-License-Identifier: MIT */
#include "stubs/fake_vcpu.h"

#include <stdlib.h>
#include <string.h>

#include "core/panic.h"
#include "core/sched.h"
#include "core/lifecycle.h"
#include "core/vcpu.h"
#include "shikiri/hypercall.h"

jmp_buf fake_vcpu_off_escape;

static struct fake_vcpu_call vcpu_calls[FAKE_VCPU_CALLS_MAX];
static size_t vcpu_call_count;
static bool vcpu_start_result = true;
static bool vcpu_escape_armed;

void fake_vcpu_reset(void)
{
	memset(vcpu_calls, 0, sizeof(vcpu_calls));
	vcpu_call_count = 0;
	vcpu_start_result = true;
	vcpu_escape_armed = false;
}

void fake_vcpu_set_start_result(bool ok)
{
	vcpu_start_result = ok;
}

void fake_vcpu_arm_off_escape(void)
{
	vcpu_escape_armed = true;
}

size_t fake_vcpu_calls(void)
{
	return vcpu_call_count;
}

const struct fake_vcpu_call *fake_vcpu_call(size_t i)
{
	return i < FAKE_VCPU_CALLS_MAX && i < vcpu_call_count ?
		&vcpu_calls[i] : NULL;
}

static void record(const struct fake_vcpu_call *c)
{
	if (vcpu_call_count < FAKE_VCPU_CALLS_MAX)
		vcpu_calls[vcpu_call_count] = *c;
	vcpu_call_count++;
}

bool vcpu_request_start(struct vcpu *target, uint64_t pc, uint64_t ctx)
{
	struct fake_vcpu_call c = {
		.kind = FAKE_VCPU_REQUEST_START, .vcpu = target,
		.pc = pc, .ctx = ctx,
	};

	record(&c);
	return vcpu_start_result;
}

/* The end of a call that does not return: back to the test, or abort. */
SK_NORETURN static void escape(void)
{
	if (!vcpu_escape_armed)
		abort();
	vcpu_escape_armed = false;
	longjmp(fake_vcpu_off_escape, 1);
}

SK_NORETURN void vcpu_off_self(struct vcpu *self)
{
	struct fake_vcpu_call c = { .kind = FAKE_VCPU_OFF_SELF, .vcpu = self };

	record(&c);
	escape();
}

SK_NORETURN void system_halt(const char *why)
{
	struct fake_vcpu_call c = { .kind = FAKE_SYSTEM_HALT, .why = why };

	record(&c);
	escape();
}

void partition_stop(struct partition *p, struct vcpu *self, const char *why)
{
	struct fake_vcpu_call c = {
		.kind = FAKE_PARTITION_STOP, .vcpu = self, .partition = p,
		.why = why,
	};

	record(&c);
}

void partition_restart(struct partition *p, struct vcpu *self,
		       const char *why)
{
	struct fake_vcpu_call c = {
		.kind = FAKE_PARTITION_RESTART, .vcpu = self, .partition = p,
		.why = why,
	};

	record(&c);
}

/* The schedulers' statistics (core/sched_stats.c): nothing to print here. */
void sched_print_stats(void)
{
}

/* The scheduler's snapshot (core/sched_stats.c): CPU 1 is shared, with
 * switches 1000 + cpu and one vCPU of partition 2; CPU 3 does not exist
 * here. */
bool sched_snapshot(uint32_t cpu, struct sk_sched_stats *st)
{
	if (cpu == 3u)
		return false;
	memset(st, 0, sizeof(*st));
	st->version = SK_SCHED_STATS_VERSION;
	st->size = (uint32_t)sizeof(*st);
	st->cpu = cpu;
	if (cpu != 1u)
		return true;
	st->shared = 1;
	st->switches = 1000u + cpu;
	st->vcpu_count = 1;
	st->vcpus[0].partition = 2;
	st->vcpus[0].run_ns = 5000;
	return true;
}
