/* SPDX-License-Identifier: MIT */
/*
 * The console UART: the one physical UART the hypervisor drives, polled
 * for output and interrupt-driven (or polled) for input. Which driver runs
 * is chosen at boot from the compatible strings of the device-tree node
 * /chosen/stdout-path names (uart_driver_find), so one hypervisor image
 * serves every board.
 */
#ifndef SK_DRIVERS_UART_H
#define SK_DRIVERS_UART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart_driver {
	const char *name;
	/* The device-tree compatible strings it drives, NULL-terminated. */
	const char *const *compatible;
	/* Makes the UART able to send and receive, keeping the line
	 * settings (baud rate, framing) a boot loader chose. */
	void (*init)(uintptr_t base);
	/* Waits a bounded time for FIFO space; drops the character if the
	 * UART never drains rather than hang the hypervisor. */
	void (*putc)(uintptr_t base, char c);
	/* Returns true and a character if one is waiting. */
	bool (*getc)(uintptr_t base, char *c);
	/* Interrupt when received data waits. */
	void (*enable_rx_interrupt)(uintptr_t base);
};

extern const struct uart_driver pl011_driver;
extern const struct uart_driver imx_uart_driver;
extern const struct uart_driver cdns_uart_driver;

/* At 115200 baud one character takes ~87 us; this bound on a transmit
 * FIFO poll is far above any real drain time and still finite. */
#define UART_TX_SPIN_LIMIT 1000000u

/* The drivers' putc: waits at most UART_TX_SPIN_LIMIT polls for the bits
 * full_mask of the status register to clear, then writes c to the data
 * register; drops c if they never do. */
void uart_tx_when_ready(uintptr_t base, uint32_t status, uint32_t full_mask,
			uint32_t data, char c);

/* The driver for a node whose "compatible" property is the stringlist
 * compat (len bytes, NUL-separated); NULL if none drives it. */
const struct uart_driver *uart_driver_find(const char *compat, uint32_t len);
/* Writes the compatible strings the drivers know, comma-separated, into
 * buf (an error message names them); truncated to size. */
void uart_driver_names(char *buf, uint32_t size);

/* The console UART, once chosen (before: output is dropped by these and
 * kept by the console, core/console.c). */
void uart_select(const struct uart_driver *d, uintptr_t base);
void uart_putc(char c);
bool uart_getc(char *c);
void uart_enable_rx_interrupt(void);

#endif
