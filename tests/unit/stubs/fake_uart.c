/* SPDX-License-Identifier: MIT */
#include "stubs/fake_uart.h"

#include <string.h>

#include "drivers/uart.h"

static char uart_out[FAKE_UART_OUT_MAX + 1];
static size_t uart_out_len;
static char uart_in[FAKE_UART_IN_MAX];
static size_t uart_in_head;
static size_t uart_in_tail;
static uintptr_t uart_base;

void fake_uart_reset(void)
{
	fake_uart_clear_output();
	uart_in_head = 0;
	uart_in_tail = 0;
	uart_base = 0;
}

void fake_uart_clear_output(void)
{
	uart_out_len = 0;
	uart_out[0] = '\0';
}

const char *fake_uart_output(void)
{
	return uart_out;
}

size_t fake_uart_output_len(void)
{
	return uart_out_len;
}

void fake_uart_push_input(const char *s, size_t len)
{
	for (size_t i = 0; i < len && uart_in_tail < FAKE_UART_IN_MAX; i++)
		uart_in[uart_in_tail++] = s[i];
}

size_t fake_uart_input_pending(void)
{
	return uart_in_tail - uart_in_head;
}

uintptr_t fake_uart_base(void)
{
	return uart_base;
}

const struct uart_driver fake_uart_driver = { .name = "fake UART" };

void uart_select(const struct uart_driver *d, uintptr_t base)
{
	(void)d;
	uart_base = base;
}

void uart_putc(char c)
{
	if (uart_out_len < FAKE_UART_OUT_MAX) {
		uart_out[uart_out_len] = c;
		uart_out[uart_out_len + 1] = '\0';
	}
	uart_out_len++;
}

bool uart_getc(char *c)
{
	if (uart_in_head == uart_in_tail)
		return false;
	*c = uart_in[uart_in_head++];
	return true;
}

/* Records that the console asked for receive interrupts. */
int fake_uart_rx_irq_enabled;

void uart_enable_rx_interrupt(void)
{
	fake_uart_rx_irq_enabled = 1;
}
