/* SPDX-License-Identifier: MIT */
#include "drivers/uart.h"

#include <stddef.h>

#include "arch/mmio.h"
#include "lib/fmt.h"
#include "lib/string.h"

#define UART_DRIVER_COUNT 3u

static const struct uart_driver *const uart_drivers[UART_DRIVER_COUNT] = {
	&pl011_driver,
	&imx_uart_driver,
	&cdns_uart_driver,
};

static const struct uart_driver *uart_console;
static uintptr_t uart_console_base;

static const struct uart_driver *uart_driver_for(const char *compatible)
{
	for (size_t d = 0; d < UART_DRIVER_COUNT; d++) {
		for (const char *const *c = uart_drivers[d]->compatible;
		     *c != NULL; c++) {
			if (sk_strcmp(compatible, *c) == 0)
				return uart_drivers[d];
		}
	}
	return NULL;
}

const struct uart_driver *uart_driver_find(const char *compat, uint32_t len)
{
	uint32_t i = 0;

	if (compat == NULL)
		return NULL;
	/* The node's own order wins: its first string is the most specific. */
	while (i < len) {
		const struct uart_driver *d;
		size_t n = sk_strnlen(compat + i, len - i);

		if (n == len - i)
			return NULL; /* not NUL-terminated: malformed */
		d = uart_driver_for(compat + i);
		if (d != NULL)
			return d;
		i += (uint32_t)n + 1u;
	}
	return NULL;
}

void uart_driver_names(char *buf, uint32_t size)
{
	uint32_t used = 0;

	if (size == 0u)
		return;
	buf[0] = '\0';
	for (size_t d = 0; d < UART_DRIVER_COUNT; d++) {
		for (const char *const *c = uart_drivers[d]->compatible;
		     *c != NULL && used < size; c++) {
			int n = sk_snprintf(buf + used, size - used, "%s%s",
					    used == 0u ? "" : ", ", *c);

			if (n > 0)
				used += (uint32_t)n;
		}
	}
}

void uart_select(const struct uart_driver *d, uintptr_t base)
{
	uart_console = NULL;
	uart_console_base = base;
	if (d != NULL && base != 0u) {
		d->init(base);
		uart_console = d;
	}
}

void uart_putc(char c)
{
	if (uart_console != NULL)
		uart_console->putc(uart_console_base, c);
}

bool uart_getc(char *c)
{
	if (uart_console == NULL)
		return false;
	return uart_console->getc(uart_console_base, c);
}

void uart_enable_rx_interrupt(void)
{
	if (uart_console != NULL)
		uart_console->enable_rx_interrupt(uart_console_base);
}

void uart_tx_when_ready(uintptr_t base, uint32_t status, uint32_t full_mask,
			uint32_t data, char c)
{
	for (uint32_t i = 0; i < UART_TX_SPIN_LIMIT; i++) {
		if ((mmio_read32(base + status) & full_mask) == 0u) {
			mmio_write32(base + data, (uint8_t)c);
			return;
		}
	}
}
