/* SPDX-License-Identifier: MIT */
/*
 * The fuzz input read as a stream of little-endian numbers. Past the end
 * every byte reads as zero, so a short input is still a whole sequence of
 * operations and the harness decides when to stop (left == 0).
 */
#ifndef SK_FUZZ_INPUT_H
#define SK_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

struct fuzz_input {
	const uint8_t *p;
	size_t left;
};

/* The next `bytes` (at most 8) bytes as a little-endian number. */
static inline uint64_t fuzz_take(struct fuzz_input *in, size_t bytes)
{
	uint64_t v = 0;

	for (size_t i = 0; i < bytes && in->left > 0; i++, in->p++, in->left--)
		v |= (uint64_t)*in->p << (8u * i);
	return v;
}

#endif /* SK_FUZZ_INPUT_H */
