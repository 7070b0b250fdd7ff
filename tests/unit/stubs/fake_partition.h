/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the parts of core/partition.c that hypercall.c and
 * manage.c use (partition.c itself needs stage-2 and the boot path): the
 * input focus, and the table of partitions partition_get() walks, which
 * the test owns.
 */
#ifndef SK_TEST_FAKE_PARTITION_H
#define SK_TEST_FAKE_PARTITION_H

#include <stdint.h>

struct partition;

/* The partition partition_has_input_focus() answers true for; NULL: none. */
void fake_partition_set_focus(const struct partition *p);

/* From now on partition_total() is count and partition_get(i) is table[i]
 * (NULL for i >= count). The table must outlive its use; NULL, 0: no
 * partitions. */
void fake_partition_set_table(struct partition *const *table, uint32_t count);

#endif
