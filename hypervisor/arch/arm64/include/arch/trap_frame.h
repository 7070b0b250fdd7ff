/* SPDX-License-Identifier: MIT */
/* The register frame vectors.S saves on every exception taken to EL2. */
#ifndef SK_ARCH_TRAP_FRAME_H
#define SK_ARCH_TRAP_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "arch/asm_offsets.h"

struct trap_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad; /* keeps sp 16-byte aligned */
};

_Static_assert(offsetof(struct trap_frame, elr) == FRAME_ELR, "frame");
_Static_assert(offsetof(struct trap_frame, spsr) == FRAME_SPSR, "frame");
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "frame");

/* vectors.S: loads *frame into a fresh frame at stack_top and erets. */
void guest_enter(const struct trap_frame *frame, uint64_t stack_top)
	__attribute__((noreturn));

#endif
