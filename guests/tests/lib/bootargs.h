/* SPDX-License-Identifier: MIT */
/* Words of /chosen/bootargs in the device tree a guest was booted with. */
#ifndef GUEST_BOOTARGS_H
#define GUEST_BOOTARGS_H

#include <stdbool.h>
#include <stdint.h>

/* True if `word` is one of the space-separated words of /chosen/bootargs
 * in the device tree at dtb (false without one). */
bool guest_bootargs_has(uint64_t dtb, const char *word);

/* The decimal number of the word `<key>=<number>` of /chosen/bootargs
 * (key includes the '='), or fallback without one. */
uint64_t guest_bootargs_number(uint64_t dtb, const char *key,
			       uint64_t fallback);

#endif
