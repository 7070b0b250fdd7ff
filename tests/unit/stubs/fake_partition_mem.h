/* SPDX-License-Identifier: MIT */
#ifndef SK_TEST_FAKE_PARTITION_MEM_H
#define SK_TEST_FAKE_PARTITION_MEM_H

#include <stdint.h>

/* How many times partition_mem_prepare was called. */
uint32_t fake_partition_mem_prepare_calls(void);

#endif
