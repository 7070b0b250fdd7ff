/* SPDX-License-Identifier: MIT */
/*
 * VGIC_ASSERT: the vGIC's invariants (vgic.h, enum vgic_lr_state) checked
 * next to the code that keeps them. Compiled into the host unit tests and
 * the fuzzers (SK_HOST_TEST) and into the test build of the hypervisor
 * (SK_TEST_HOOKS=1, build/hypervisor-test); compiled out of the shipped
 * build, which pays nothing for them. A failed one calls vgic_assert_fail
 * with the file, the line and two values that say what was found: the
 * hypervisor panics (vgic_arch.c), a unit test ends in cmocka's
 * mock_assert (expect_assert_failure), a fuzzer aborts.
 */
#ifndef SK_ARCH_ARM64_GIC_VGIC_ASSERT_H
#define SK_ARCH_ARM64_GIC_VGIC_ASSERT_H

#include <stdint.h>

#if defined(SK_HOST_TEST) || defined(SK_TEST_HOOKS)
#define VGIC_ASSERTS 1
#define VGIC_ASSERT(cond, a, b)                                               \
	do {                                                                  \
		if (!(cond))                                                  \
			vgic_assert_fail(__FILE__, __LINE__, (uint64_t)(a),   \
					 (uint64_t)(b));                      \
	} while (0)
#else
#define VGIC_ASSERTS 0
#define VGIC_ASSERT(cond, a, b) do { } while (0)
#endif

void vgic_assert_fail(const char *file, int line, uint64_t a, uint64_t b);

#endif
