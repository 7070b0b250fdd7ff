/* SPDX-License-Identifier: MIT */
#include "stubs/fake_partition.h"

#include <stddef.h>

#include "core/partition.h"

static const struct partition *focused;

void fake_partition_set_focus(const struct partition *p)
{
	focused = p;
}

bool partition_has_input_focus(const struct partition *p)
{
	return p != NULL && p == focused;
}
