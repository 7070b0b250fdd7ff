/* SPDX-License-Identifier: MIT */
/*
 * The CPU's CRC-32 instructions (Arm ARM C6.2 "CRC32B, CRC32H, CRC32W,
 * CRC32X"): the polynomial 0x04C11DB7, bit-reflected, the CRC of
 * lib/crc32.h. lib/crc32.c calls this and uses its table where it
 * returns false; callers use crc32_ieee(), never this.
 */
#ifndef SK_ARCH_CRC32_H
#define SK_ARCH_CRC32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Folds [data, data+len) into the running CRC *crc (no initial value or
 * final XOR applied here). False, *crc untouched, when the CPU has no
 * CRC32 instructions or they failed the self-check. */
bool arch_crc32_update(uint32_t *crc, const void *data, size_t len);

#endif
