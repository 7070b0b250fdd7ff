/* SPDX-License-Identifier: MIT */
#include "stubs/fake_partition.h"

#include <stddef.h>

#include "core/partition.h"

static const struct partition *focused;
static struct partition *const *partition_table;
static uint32_t partition_table_count;

void fake_partition_set_focus(const struct partition *p)
{
	focused = p;
}

bool partition_has_input_focus(const struct partition *p)
{
	return p != NULL && p == focused;
}

void fake_partition_set_table(struct partition *const *table, uint32_t count)
{
	partition_table = table;
	partition_table_count = table != NULL ? count : 0;
}

uint32_t partition_total(void)
{
	return partition_table_count;
}

struct partition *partition_get(uint32_t id)
{
	return id < partition_table_count ? partition_table[id] : NULL;
}
