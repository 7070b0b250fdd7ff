/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the timer the console's hold arms
 * (console_hold_timer_arm, arch/arm64/vcpu_arch.c): it only remembers the
 * deadline; a test calls console_hold_expire itself.
 */
#ifndef SK_TEST_FAKE_CONSOLE_HOLD_H
#define SK_TEST_FAKE_CONSOLE_HOLD_H

#include <stdint.h>

/* The last deadline armed (0: none since fake_console_hold_reset). */
uint64_t fake_console_hold_armed(void);
void fake_console_hold_reset(void);

#endif
