/* SPDX-License-Identifier: MIT */
/* Compiled only into test builds (SK_TEST_HOOKS=1): see test_hooks.h. */
#include "core/test_hooks.h"

#include "core/log.h"

/* Unmapped in the EL2 address space on every board (below RAM and all
 * devices shikiri maps), so the load takes a data abort at EL2. */
#define TEST_HOOK_UNMAPPED_ADDR 0x10ull

/* Through a volatile object, so the compiler cannot see the address. */
static volatile uintptr_t test_hook_target = TEST_HOOK_UNMAPPED_ADDR;

void test_hook_el2_fault(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	log_line("test hook: taking a data abort at EL2 on purpose");
	regs[1] = *(volatile const uint64_t *)test_hook_target;
}
