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

uint32_t crc32_ieee(const void *data, size_t len);

#endif /* SK_LIB_CRC32_H */
