/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for the console UART (drivers/uart.h): output characters are appended to a
 * buffer the test can inspect, input characters come from a queue the test
 * fills.
 */
#ifndef SK_TEST_FAKE_UART_H
#define SK_TEST_FAKE_UART_H

#include <stddef.h>
#include <stdint.h>

/* Output kept per test; characters beyond it are counted, not stored. */
#define FAKE_UART_OUT_MAX (64u * 1024u)
#define FAKE_UART_IN_MAX  4096u

struct uart_driver;
/* What tests pass to console_set_uart; the fake ignores its functions. */
extern const struct uart_driver fake_uart_driver;
#define FAKE_UART_BASE 0x9000000u

/* Empties output and input and forgets the base address. */
void fake_uart_reset(void);
/* NUL-terminated copy of what was written so far (truncated to
 * FAKE_UART_OUT_MAX). */
const char *fake_uart_output(void);
/* Every character written, including those beyond FAKE_UART_OUT_MAX. */
size_t fake_uart_output_len(void);
void fake_uart_clear_output(void);
/* Queues input; characters beyond FAKE_UART_IN_MAX are dropped. */
void fake_uart_push_input(const char *s, size_t len);
size_t fake_uart_input_pending(void);
/* The last base passed to uart_select (0 if none). */
uintptr_t fake_uart_base(void);

#endif
