/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the parts of core/partition.c that hypercall.c uses
 * (partition.c itself needs stage-2 and the boot path).
 */
#ifndef SK_TEST_FAKE_PARTITION_H
#define SK_TEST_FAKE_PARTITION_H

struct partition;

/* The partition partition_has_input_focus() answers true for; NULL: none. */
void fake_partition_set_focus(const struct partition *p);

#endif
