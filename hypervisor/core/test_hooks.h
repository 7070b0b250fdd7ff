/* SPDX-License-Identifier: MIT */
/*
 * Test-only hypercalls. They are not part of the public ABI in
 * include/shikiri/hypercall.h and never will be: a hypervisor built without
 * SK_TEST_HOOKS=1 answers them SK_E_NOT_SUPPORTED like any unknown id.
 */
#ifndef SK_CORE_TEST_HOOKS_H
#define SK_CORE_TEST_HOOKS_H

#include "shikiri/hypercall.h"

/*
 * Ask the hypervisor to take a data abort at EL2 on purpose, so system tests
 * can check the panic path (what it prints, that it stops every CPU).
 * Only answered by hypervisors built with SK_TEST_HOOKS=1; the function number
 * sits at the top of the vendor range, away from real calls.
 */
#define SK_HC_TEST_EL2_FAULT SK_HC_ID(0xff00u)

#ifdef SK_TEST_HOOKS
#include <stdint.h>
struct vcpu;
/* Handler of SK_HC_TEST_EL2_FAULT (core/test_hooks.c). */
void test_hook_el2_fault(struct vcpu *v, uint64_t regs[4]);
#endif

#endif /* SK_CORE_TEST_HOOKS_H */
