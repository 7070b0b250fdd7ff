/* SPDX-License-Identifier: MIT */
/* Arm PrimeCell UART (PL011), the console UART of QEMU's virt board. */
#include "drivers/uart.h"

#include "arch/mmio.h"

/* PL011 Technical Reference Manual (DDI 0183), section 3.2 */
#define PL011_DR      0x000u
#define PL011_FR      0x018u
#define PL011_FR_RXFE (1u << 4) /* receive FIFO empty */
#define PL011_FR_TXFF (1u << 5) /* transmit FIFO full */
#define PL011_IMSC    0x038u
#define PL011_IMSC_RX (1u << 4) /* receive */
#define PL011_IMSC_RT (1u << 6) /* receive timeout */

/* QEMU and firmware leave the PL011 enabled; its settings are kept. */
static void pl011_init(uintptr_t base)
{
	(void)base;
}

static void pl011_putc(uintptr_t base, char c)
{
	uart_tx_when_ready(base, PL011_FR, PL011_FR_TXFF, PL011_DR, c);
}

static bool pl011_getc(uintptr_t base, char *c)
{
	if ((mmio_read32(base + PL011_FR) & PL011_FR_RXFE) != 0u)
		return false;
	*c = (char)(mmio_read32(base + PL011_DR) & 0xffu);
	return true;
}

static void pl011_enable_rx_interrupt(uintptr_t base)
{
	mmio_write32(base + PL011_IMSC, PL011_IMSC_RX | PL011_IMSC_RT);
}

static const char *const pl011_compatible[] = { "arm,pl011", NULL };

const struct uart_driver pl011_driver = {
	.name = "PL011",
	.compatible = pl011_compatible,
	.init = pl011_init,
	.putc = pl011_putc,
	.getc = pl011_getc,
	.enable_rx_interrupt = pl011_enable_rx_interrupt,
};
