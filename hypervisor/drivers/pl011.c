/* SPDX-License-Identifier: MIT */
#include "drivers/pl011.h"

#include "arch/mmio.h"

/* PL011 Technical Reference Manual (DDI 0183), section 3.2 */
#define PL011_DR      0x000u
#define PL011_FR      0x018u
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_IMSC    0x038u
#define PL011_IMSC_RX (1u << 4) /* receive */
#define PL011_IMSC_RT (1u << 6) /* receive timeout */

/* At 115200 baud one character takes ~87 us; this bound is far above any
 * real drain time and still finite. */
#define PL011_TX_SPIN_LIMIT 1000000u

static uintptr_t pl011_base;

void pl011_set_base(uintptr_t base)
{
	pl011_base = base;
}

void pl011_putc(char c)
{
	if (pl011_base == 0)
		return;
	for (uint32_t i = 0; i < PL011_TX_SPIN_LIMIT; i++) {
		if ((mmio_read32(pl011_base + PL011_FR) & PL011_FR_TXFF) == 0) {
			mmio_write32(pl011_base + PL011_DR, (uint8_t)c);
			return;
		}
	}
}

bool pl011_getc(char *c)
{
	if (pl011_base == 0)
		return false;
	if ((mmio_read32(pl011_base + PL011_FR) & PL011_FR_RXFE) != 0)
		return false;
	*c = (char)(mmio_read32(pl011_base + PL011_DR) & 0xffu);
	return true;
}

void pl011_enable_rx_interrupt(void)
{
	if (pl011_base != 0)
		mmio_write32(pl011_base + PL011_IMSC, PL011_IMSC_RX | PL011_IMSC_RT);
}
