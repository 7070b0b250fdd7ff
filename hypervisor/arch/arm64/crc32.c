/* SPDX-License-Identifier: MIT */
/*
 * CRC-32 with CRC32B/CRC32X (Arm ARM C6.2): about 1.5 instructions a
 * byte against the table's 5, over the configuration checked at every
 * boot. The hypervisor is built for plain armv8-a, where the CRC32
 * instructions are optional (mandatory from Armv8.1); .arch_extension
 * enables them for these instructions only, and they run only when
 * ID_AA64ISAR0_EL1.CRC32 says they exist.
 */
#include "lib/crc32.h"

#include "arch/arm64/sysreg.h"
#include "core/log.h"

#define CRC32_FIELD_MASK 0xfull
#define CRC32_WORD       8u
/* Its first byte only puts the rest off 8-byte alignment. */
#define CRC32_CHECK      "_123456789ABCDEFGHIJ"

enum crc32_hw { CRC32_HW_UNKNOWN = 0, CRC32_HW_YES, CRC32_HW_NO };

static enum crc32_hw crc32_hw;

static uint32_t crc32_hw_byte(uint32_t crc, uint8_t b)
{
	uint32_t c = crc;

	__asm__(".arch_extension crc\n\t"
		"crc32b %w0, %w0, %w1\n\t"
		".arch_extension nocrc"
		: "+r"(c) : "r"((uint32_t)b));
	return c;
}

/* Eight bytes from an 8-aligned address: the load is in the asm, so no
 * C access through a pointer of another type (-mstrict-align needs the
 * alignment, the caller provides it). */
static uint32_t crc32_hw_word(uint32_t crc, const uint8_t *p)
{
	uint32_t c = crc;
	uint64_t v;

	__asm__(".arch_extension crc\n\t"
		"ldr %x1, [%2]\n\t"
		"crc32x %w0, %w0, %x1\n\t"
		".arch_extension nocrc"
		: "+r"(c), "=&r"(v) : "r"(p) : "memory");
	return c;
}

static uint32_t crc32_hw_update(uint32_t crc, const uint8_t *p, size_t len)
{
	uint32_t c = crc;
	size_t i = 0;

	/* Bytewise up to the first 8-aligned address, 8 at a time while 8
	 * are left, bytewise the rest: every loop bounded by len. */
	while (i < len && ((uintptr_t)&p[i] % CRC32_WORD) != 0u) {
		c = crc32_hw_byte(c, p[i]);
		i++;
	}
	while (len - i >= CRC32_WORD) {
		c = crc32_hw_word(c, &p[i]);
		i += CRC32_WORD;
	}
	while (i < len) {
		c = crc32_hw_byte(c, p[i]);
		i++;
	}
	return c;
}

/* A fixed vector through the head, word and tail paths against its
 * CRC-32 (zlib.crc32(b"123456789ABCDEFGHIJ"), also asserted of the
 * table by tests/unit/test_crc32.c): tens of instructions, once. */
static bool crc32_hw_self_check(void)
{
	static const uint8_t vec[sizeof(CRC32_CHECK)]
		__attribute__((aligned(8))) = CRC32_CHECK;
	const uint32_t want = 0x47F4B9DAu;

	/* Past the leading byte and short of the NUL. */
	uint32_t got = crc32_hw_update(0xFFFFFFFFu, &vec[1],
				       sizeof(vec) - 2u) ^ 0xFFFFFFFFu;

	return got == want;
}

static enum crc32_hw crc32_hw_probe(void)
{
	if (((sysreg_read(id_aa64isar0_el1) >> ID_AA64ISAR0_CRC32_SHIFT) &
	     CRC32_FIELD_MASK) == 0u)
		return CRC32_HW_NO;
	if (!crc32_hw_self_check()) {
		log_line("CRC32 instructions give a wrong CRC: using the table");
		return CRC32_HW_NO;
	}
	return CRC32_HW_YES;
}

bool arch_crc32_update(uint32_t *crc, const void *data, size_t len)
{
	if (crc32_hw == CRC32_HW_UNKNOWN)
		crc32_hw = crc32_hw_probe();
	if (crc32_hw != CRC32_HW_YES)
		return false;
	*crc = crc32_hw_update(*crc, data, len);
	return true;
}
