/* SPDX-License-Identifier: MIT */
#include "stubs/fake_console_hold.h"

#include "core/console.h"

static uint64_t armed;

uint64_t fake_console_hold_armed(void)
{
	return armed;
}

void fake_console_hold_reset(void)
{
	armed = 0;
}

void console_hold_timer_arm(uint64_t deadline)
{
	armed = deadline;
}
