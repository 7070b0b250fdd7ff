/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the lifecycle functions of core/vcpu.c and
 * core/lifecycle_partition.c that PSCI and the fault policy call (those
 * files need the GIC, the timer and the vCPU entry path), and for
 * system_halt (core/panic.c). Every call is
 * recorded; vcpu_request_start answers what the test asked.
 *
 * vcpu_off_self and system_halt never return. A test that expects one of
 * them arms the escape:
 *
 *	if (setjmp(fake_vcpu_off_escape) == 0) {
 *		fake_vcpu_arm_off_escape();
 *		...call that must end in vcpu_off_self or system_halt...
 *		fail_msg("returned");
 *	}
 *
 * The fake records the call and longjmps there. Unarmed, it aborts: cmocka
 * reports the signal as a failure of the running test.
 */
#ifndef SK_TEST_FAKE_VCPU_H
#define SK_TEST_FAKE_VCPU_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct partition;
struct vcpu;

#define FAKE_VCPU_CALLS_MAX 16u

enum fake_vcpu_call_kind {
	FAKE_VCPU_REQUEST_START,
	FAKE_VCPU_OFF_SELF,
	FAKE_PARTITION_STOP,
	FAKE_PARTITION_RESTART,
	FAKE_SYSTEM_HALT,
};

struct fake_vcpu_call {
	enum fake_vcpu_call_kind kind;
	struct vcpu *vcpu;           /* target (start), self (off, stop,
				      * restart), NULL (halt) */
	struct partition *partition; /* stop/restart only */
	uint64_t pc;                 /* start only */
	uint64_t ctx;                /* start only */
	const char *why;             /* stop/restart/halt only */
};

extern jmp_buf fake_vcpu_off_escape;

/* Forgets every call, disarms the escape, start answers true again. */
void fake_vcpu_reset(void);
/* What vcpu_request_start returns from now on. */
void fake_vcpu_set_start_result(bool ok);
/* The next vcpu_off_self or system_halt longjmps to fake_vcpu_off_escape
 * (once). */
void fake_vcpu_arm_off_escape(void);
/* Calls so far, including those beyond the record. */
size_t fake_vcpu_calls(void);
/* Call i (oldest first), or NULL if not recorded. */
const struct fake_vcpu_call *fake_vcpu_call(size_t i);

#endif
