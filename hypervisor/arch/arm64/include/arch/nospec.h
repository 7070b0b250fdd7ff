/* SPDX-License-Identifier: MIT */
/*
 * Indices a guest chooses, safe under speculation (Spectre variant 1).
 * After `if (i < n) x = a[i];` a CPU may run the load speculatively, with
 * any i, before the comparison resolves: a guest that passes an index out
 * of range could make the hypervisor load, and leave traces in the cache
 * of, memory the check was there to keep it from. Every array access with
 * a guest-chosen index goes through index_nospec() after its bounds check:
 *
 *   if (id >= count) return error;
 *   id = index_nospec(id, count);
 *   ... a[id] ...
 *
 * The index is clamped with arithmetic only, no branch to predict (the
 * technique of Linux's array_index_nospec), then an arch barrier keeps the
 * CPU from predicting the result (Arm: CSDB, Arm ARM C6.2.55). Out of line
 * on purpose: at an inlined call the compiler would know i < n from the
 * check just above and fold the mask away.
 */
#ifndef SK_ARCH_NOSPEC_H
#define SK_ARCH_NOSPEC_H

#include <stdint.h>

/* All ones when idx < size, else 0; for idx, size below 2^63. */
uint64_t index_mask_nospec(uint64_t idx, uint64_t size);
/* idx when idx < size, else 0, even under speculation. */
uint64_t index_nospec(uint64_t idx, uint64_t size);

#endif /* SK_ARCH_NOSPEC_H */
