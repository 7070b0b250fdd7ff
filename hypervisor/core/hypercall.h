/* SPDX-License-Identifier: MIT */
/*
 * The SMCCC dispatcher: every HVC and SMC a guest issues lands here.
 * regs[0..3] are the caller's x0..x3 on entry and the results on return.
 * Each handler validates all arguments before acting (decode, then act):
 * a rejected call has no side effect.
 */
#ifndef SK_CORE_HYPERCALL_H
#define SK_CORE_HYPERCALL_H

#include <stdint.h>

struct vcpu;

void hypercall_dispatch(struct vcpu *v, uint64_t regs[4]);

#endif
