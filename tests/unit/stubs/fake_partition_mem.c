/* SPDX-License-Identifier: MIT */
/*
 * core/partition_mem.h for host tests of the code that reads and writes
 * guest memory: every granule counts as cleared; the calls are counted.
 */
#include "stubs/fake_partition_mem.h"

#include "core/partition_mem.h"

static uint32_t prepare_calls;

uint32_t fake_partition_mem_prepare_calls(void)
{
	return prepare_calls;
}

bool partition_mem_prepare(struct partition *p, gpa_t gpa, uint64_t len)
{
	(void)p;
	(void)gpa;
	(void)len;
	prepare_calls++;
	return true;
}
