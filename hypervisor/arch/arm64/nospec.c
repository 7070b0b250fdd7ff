/* SPDX-License-Identifier: MIT */
#include "arch/nospec.h"

#include "arch/cpu.h" /* arch_speculation_barrier */

uint64_t index_mask_nospec(uint64_t idx, uint64_t size)
{
	/* idx < size exactly when neither idx nor size - 1 - idx has the
	 * top bit set (both are below 2^63 then; otherwise the subtraction
	 * wraps). Turn that bit into 0 - 1 = all ones or 0 - 0 = 0. */
	return 0u - (~(idx | (size - 1u - idx)) >> 63);
}

uint64_t index_nospec(uint64_t idx, uint64_t size)
{
	uint64_t safe = idx & index_mask_nospec(idx, size);

	arch_speculation_barrier();
	return safe;
}
