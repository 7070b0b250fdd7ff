/* SPDX-License-Identifier: MIT */
/* Entering a vCPU at EL1 as a boot loader would (Linux arm64 boot protocol). */
#ifndef SK_ARCH_ARM64_VCPU_ARCH_H
#define SK_ARCH_ARM64_VCPU_ARCH_H

#include <stdint.h>

#include "core/panic.h"

struct vcpu;

/* Resets the EL1 state, activates the partition's stage-2 and enters the
 * guest at its entry point with x0 = its device tree, MMU off. */
SK_NORETURN void vcpu_arch_enter(struct vcpu *v, uint64_t stack_top);

#endif
