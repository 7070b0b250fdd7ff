/* SPDX-License-Identifier: MIT */
/*
 * The i.MX UART (i.MX 8M Plus Applications Processor Reference Manual,
 * chapter "Universal Asynchronous Receiver/Transmitter (UART)", register
 * map and field descriptions; the same block since the i.MX6Q, hence the
 * "fsl,imx6q-uart" compatible).
 */
#include "drivers/uart.h"

#include "arch/mmio.h"

#define IMX_URXD          0x00u
#define IMX_URXD_DATA     0xffu        /* RX_DATA, bits 7:0 */
#define IMX_UTXD          0x40u
#define IMX_UCR1          0x80u
#define IMX_UCR1_UARTEN   (1u << 0)    /* UART enable */
#define IMX_UCR2          0x84u
#define IMX_UCR2_SRST     (1u << 0)    /* software reset, active low */
#define IMX_UCR2_RXEN     (1u << 1)    /* receiver enable */
#define IMX_UCR2_TXEN     (1u << 2)    /* transmitter enable */
#define IMX_UCR4          0x8cu
#define IMX_UCR4_DREN     (1u << 0)    /* receive data ready interrupt */
#define IMX_UTS           0xb4u
#define IMX_UTS_TXFULL    (1u << 4)    /* transmitter FIFO full */
#define IMX_UTS_RXEMPTY   (1u << 5)    /* receiver FIFO empty */

/* Enables the block, its transmitter and receiver; the baud rate and
 * framing a boot loader set (UBIR/UBMR, UCR2 WS/STPB/PREN) are kept.
 * QEMU's model (hw/char/imx_serial.c) drops characters until UCR2.TXEN is
 * set, which nothing before the hypervisor does under -kernel. SRST is
 * written 1: writing 0 would reset the UART. */
static void imx_uart_init(uintptr_t base)
{
	mmio_write32(base + IMX_UCR1,
		     mmio_read32(base + IMX_UCR1) | IMX_UCR1_UARTEN);
	mmio_write32(base + IMX_UCR2,
		     mmio_read32(base + IMX_UCR2) | IMX_UCR2_SRST |
		     IMX_UCR2_RXEN | IMX_UCR2_TXEN);
}

static void imx_uart_putc(uintptr_t base, char c)
{
	uart_tx_when_ready(base, IMX_UTS, IMX_UTS_TXFULL, IMX_UTXD, c);
}

static bool imx_uart_getc(uintptr_t base, char *c)
{
	if ((mmio_read32(base + IMX_UTS) & IMX_UTS_RXEMPTY) != 0u)
		return false;
	uint32_t data = mmio_read32(base + IMX_URXD) & IMX_URXD_DATA;

	*c = (char)data;
	return true;
}

/* DREN: the interrupt is asserted while USR2.RDR says at least one
 * character waits, and falls when the FIFO has been read empty. */
static void imx_uart_enable_rx_interrupt(uintptr_t base)
{
	mmio_write32(base + IMX_UCR4,
		     mmio_read32(base + IMX_UCR4) | IMX_UCR4_DREN);
}

static const char *const imx_uart_compatible[] = {
	"fsl,imx8mp-uart", "fsl,imx6q-uart", "fsl,imx21-uart", NULL
};

const struct uart_driver imx_uart_driver = {
	.name = "i.MX UART",
	.compatible = imx_uart_compatible,
	.init = imx_uart_init,
	.putc = imx_uart_putc,
	.getc = imx_uart_getc,
	.enable_rx_interrupt = imx_uart_enable_rx_interrupt,
};
