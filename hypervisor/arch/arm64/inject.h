/* SPDX-License-Identifier: MIT */
/*
 * Injecting synchronous exceptions into a guest's EL1, exactly as the
 * hardware would have delivered them (Arm ARM D1.10 "Exception entry").
 */
#ifndef SK_ARCH_ARM64_INJECT_H
#define SK_ARCH_ARM64_INJECT_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/trap_frame.h"

/* Synchronous external abort on a data access (or instruction fetch). */
void inject_external_abort(struct trap_frame *f, bool instruction,
			   uint64_t far, uint64_t esr_el2);
/* UNDEFINED instruction. */
void inject_undefined(struct trap_frame *f);

#endif
