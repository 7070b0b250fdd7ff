/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the vGIC's inputs (vgic_set_level, and vgic_inject for
 * SPIs): records every call so tests can check which line an emulated
 * device drove or which edge a doorbell made pending, and when.
 */
#ifndef SK_TEST_FAKE_VGIC_H
#define SK_TEST_FAKE_VGIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct partition;

#define FAKE_VGIC_CALLS_MAX 64u

struct fake_vgic_call {
	struct partition *partition;
	uint32_t intid;
	bool level;
	bool edge;   /* vgic_inject (level is then true) */
};

/* Forgets every call. */
void fake_vgic_reset(void);
/* Calls so far, including those beyond the record. */
size_t fake_vgic_calls(void);
/* Call i (oldest first), or NULL if not recorded. */
const struct fake_vgic_call *fake_vgic_call(size_t i);
/* The most recent call (kept even beyond the record), or NULL if none. */
const struct fake_vgic_call *fake_vgic_last(void);

#endif
