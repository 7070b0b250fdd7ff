/* SPDX-License-Identifier: MIT */
/*
 * What every harness uses to state an invariant. A broken invariant aborts,
 * which libFuzzer reports as a crash and saves the input that caused it.
 */
#ifndef SK_FUZZ_CHECK_H
#define SK_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond)                                                   \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: %s\n",    \
				__FILE__, __LINE__, #cond);                 \
			abort();                                            \
		}                                                           \
	} while (0)

/* True if [p, p + len) lies inside [base, base + size). */
#define FUZZ_INSIDE(p, len, base, size)                                     \
	((const unsigned char *)(p) >= (const unsigned char *)(base) &&     \
	 (size_t)((const unsigned char *)(p) - (const unsigned char *)(base)) \
		 + (size_t)(len) <= (size_t)(size))

#endif /* SK_FUZZ_CHECK_H */
