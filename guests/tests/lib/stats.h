/* SPDX-License-Identifier: MIT */
/* Small statistics for guests that measure (the benchmark guest, the RTOS
 * benchmark): sorting samples for their percentiles. */
#ifndef GUEST_STATS_H
#define GUEST_STATS_H

#include <stdint.h>

/* Sorts v[0..n) ascending (insertion sort: n is some thousands at most). */
void guest_sort_i64(int64_t *v, uint32_t n);

#endif
