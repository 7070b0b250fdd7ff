/* SPDX-License-Identifier: MIT */
/*
 * Bitwise CRC-32/IEEE. It runs once per boot over a few tens of KiB, so a
 * table (1 KiB of .rodata, or code to build it) buys nothing worth having.
 */
#include "lib/crc32.h"

#define CRC32_POLY_REFLECTED 0xEDB88320u
#define CRC32_INIT           0xFFFFFFFFu
#define CRC32_XOROUT         0xFFFFFFFFu
#define CRC32_BITS_PER_BYTE  8u

uint32_t crc32_ieee(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = CRC32_INIT;

	for (size_t i = 0; i < len; i++) {
		crc ^= p[i];
		for (unsigned bit = 0; bit < CRC32_BITS_PER_BYTE; bit++) {
			/* Reflected form: shift right, fold in the polynomial
			 * when the bit shifted out was set. */
			uint32_t mask = 0u - (crc & 1u);

			crc = (crc >> 1) ^ (CRC32_POLY_REFLECTED & mask);
		}
	}
	return crc ^ CRC32_XOROUT;
}
