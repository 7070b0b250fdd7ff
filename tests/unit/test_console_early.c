/* SPDX-License-Identifier: MIT */
/*
 * What the console prints before it knows its UART (hypervisor/core/
 * console.c): kept and written out, in order, when the UART is set; what
 * does not fit is reported as lost, never dropped silently. A binary of its
 * own: the console's "UART set" state cannot be undone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/console.h"
#include "stubs/fake_uart.h"

static void early_lines_wait_for_the_uart_then_come_out_in_order(void **state)
{
	uint32_t len;
	char filler[CONSOLE_LINE_MAX];

	(void)state;
	fake_uart_reset();
	console_write_line("shikiri", "first", 5);
	console_write_line("shikiri", "second", 6);
	assert_int_equal(fake_uart_output_len(), 0);
	assert_memory_equal(console_early_text(&len), "[shikiri] first\r\n", 17);
	/* Fill the early buffer past its end: the rest is counted. */
	memset(filler, 'x', 70);
	for (uint32_t i = 0; i < CONSOLE_EARLY_MAX / 70u; i++)
		console_write_line("shikiri", filler, 70);
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	assert_int_equal(fake_uart_base(), FAKE_UART_BASE);
	assert_memory_equal(fake_uart_output(),
			    "[shikiri] first\r\n[shikiri] second\r\n", 35);
	assert_non_null(strstr(fake_uart_output(),
				"[shikiri] (more was printed before the console was found; it was lost)\r\n"));
	/* From now on straight to the UART. */
	fake_uart_clear_output();
	console_write_line("shikiri", "after", 5);
	assert_string_equal(fake_uart_output(), "[shikiri] after\r\n");
	(void)console_early_text(&len);
	assert_int_equal(len, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(early_lines_wait_for_the_uart_then_come_out_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
