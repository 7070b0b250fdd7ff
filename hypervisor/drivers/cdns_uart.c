/* SPDX-License-Identifier: MIT */
/*
 * The Cadence UART of the Zynq UltraScale+ MPSoC (UG1085, Zynq UltraScale+
 * Device Technical Reference Manual, chapter "UART Controller", and its
 * register reference; Linux drivers/tty/serial/xilinx_uartps.c names the
 * same fields).
 */
#include "drivers/uart.h"

#include "arch/mmio.h"

#define CDNS_CR            0x00u
#define CDNS_CR_RX_EN      (1u << 2)
#define CDNS_CR_RX_DIS     (1u << 3)
#define CDNS_CR_TX_EN      (1u << 4)
#define CDNS_CR_TX_DIS     (1u << 5)
#define CDNS_IER           0x08u
#define CDNS_ISR           0x14u       /* sticky, write 1 to clear */
#define CDNS_IXR_RXTRIG    (1u << 0)   /* RX FIFO reached RXWM */
#define CDNS_IXR_TOUT      (1u << 8)   /* receiver timeout */
#define CDNS_RXWM          0x20u
#define CDNS_SR            0x2cu
#define CDNS_SR_RXEMPTY    (1u << 1)
#define CDNS_SR_TXFULL     (1u << 4)
#define CDNS_FIFO          0x30u
#define CDNS_FIFO_DATA     0xffu

/* An interrupt for every received character: the console reads what is
 * typed as it comes. */
#define CDNS_RXWM_ONE      1u

/* Enables the transmitter and receiver (CR: an *_EN bit works only with
 * its *_DIS bit clear); the mode and baud rate a boot loader set are kept.
 * QEMU's model (hw/char/cadence_uart.c) resets with both disabled. */
static void cdns_uart_init(uintptr_t base)
{
	uint32_t cr = mmio_read32(base + CDNS_CR);

	cr &= ~(CDNS_CR_RX_DIS | CDNS_CR_TX_DIS);
	mmio_write32(base + CDNS_CR, cr | CDNS_CR_RX_EN | CDNS_CR_TX_EN);
}

static void cdns_uart_putc(uintptr_t base, char c)
{
	uart_tx_when_ready(base, CDNS_SR, CDNS_SR_TXFULL, CDNS_FIFO, c);
}

/* The interrupt status is sticky: once the FIFO is read empty the
 * receive conditions are cleared, so the line falls until the next
 * character (a character arriving after the clear sets them again). */
static bool cdns_uart_getc(uintptr_t base, char *c)
{
	if ((mmio_read32(base + CDNS_SR) & CDNS_SR_RXEMPTY) != 0u) {
		mmio_write32(base + CDNS_ISR, CDNS_IXR_RXTRIG | CDNS_IXR_TOUT);
		return false;
	}
	uint32_t data = mmio_read32(base + CDNS_FIFO) & CDNS_FIFO_DATA;

	*c = (char)data;
	return true;
}

static void cdns_uart_enable_rx_interrupt(uintptr_t base)
{
	mmio_write32(base + CDNS_RXWM, CDNS_RXWM_ONE);
	mmio_write32(base + CDNS_ISR, CDNS_IXR_RXTRIG | CDNS_IXR_TOUT);
	mmio_write32(base + CDNS_IER, CDNS_IXR_RXTRIG);
}

static const char *const cdns_uart_compatible[] = {
	"cdns,uart-r1p12", "xlnx,xuartps", "cdns,uart-r1p8", NULL
};

const struct uart_driver cdns_uart_driver = {
	.name = "Cadence UART",
	.compatible = cdns_uart_compatible,
	.init = cdns_uart_init,
	.putc = cdns_uart_putc,
	.getc = cdns_uart_getc,
	.enable_rx_interrupt = cdns_uart_enable_rx_interrupt,
};
