/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for arch/mmio.h (the include path puts this folder first
 * for the UART driver tests, tests/unit/drivers.mk): every device access
 * goes to the test's fake register file, tests/unit/test_uart_drivers.c.
 */
#ifndef SK_TEST_FAKE_MMIO_H
#define SK_TEST_FAKE_MMIO_H

#include <stdint.h>

uint32_t fake_mmio_read32(uintptr_t addr);
void fake_mmio_write32(uintptr_t addr, uint32_t v);

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return fake_mmio_read32(addr);
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	fake_mmio_write32(addr, v);
}

#endif
