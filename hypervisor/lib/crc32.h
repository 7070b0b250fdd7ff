/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 as used by IEEE 802.3, zlib and PNG: reflected, polynomial
 * 0x04C11DB7 (0xEDB88320 reflected), initial value and final XOR
 * 0xFFFFFFFF. The check value of "123456789" is 0xCBF43926.
 * Freestanding: the host tool checksums the packed configuration with it and
 * the hypervisor verifies the checksum at boot with the same code.
 */
#ifndef SK_LIB_CRC32_H
#define SK_LIB_CRC32_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

/* The one entry point: the CRC-32 of [data, data+len). */
uint32_t crc32_ieee(const void *data, size_t len);

/* crc32_ieee's hook for the CPU's CRC instructions, not for callers: folds
 * [data, data+len) into the running *crc (no initial value or final XOR
 * here). False, *crc untouched, where there are none; crc32_ieee then uses
 * its table. The hypervisor's is arch/arm64/crc32.c (CRC32B/CRC32X, Arm
 * ARM C6.2); host builds (the packer, unit tests, fuzzers, test guests)
 * get lib/crc32.c's, which always says false. */
bool arch_crc32_update(uint32_t *crc, const void *data, size_t len);

#endif /* SK_LIB_CRC32_H */
