/* SPDX-License-Identifier: MIT */
#include "core/console.h"

#include <stdbool.h>

#include "drivers/pl011.h"
#include "lib/spinlock.h"

/* How long the panic path waits for the console lock before writing
 * anyway. */
#define CONSOLE_FORCE_SPINS 1000000u

static struct spinlock console_lock;
static bool console_locking;

void console_set_uart(uintptr_t base)
{
	pl011_set_base(base);
}

void console_enable_locking(void)
{
	console_locking = true;
}

static void console_emit(const char *label, const char *text, size_t len)
{
	pl011_putc('[');
	for (const char *p = label; *p != '\0'; p++)
		pl011_putc(*p);
	pl011_putc(']');
	pl011_putc(' ');
	for (size_t i = 0; i < len; i++) {
		/* Compared as unsigned: plain char is signed on some hosts and
		 * bytes from 0x80 (UTF-8) must pass the same everywhere. */
		unsigned char c = (unsigned char)text[i];

		/* Keep the label discipline: a guest cannot forge lines of its
		 * own or move the cursor into another partition's line. */
		if ((c < ' ' && c != '\t') || c == 0x7f)
			c = '.';
		pl011_putc((char)c);
	}
	pl011_putc('\r');
	pl011_putc('\n');
}

void console_write_line(const char *label, const char *text, size_t len)
{
	if (console_locking)
		spin_lock(&console_lock);
	console_emit(label, text, len);
	if (console_locking)
		spin_unlock(&console_lock);
}

void console_force_line(const char *label, const char *text, size_t len)
{
	bool locked = console_locking &&
		      spin_lock_bounded(&console_lock, CONSOLE_FORCE_SPINS);

	console_emit(label, text, len);
	if (locked)
		spin_unlock(&console_lock);
}

void console_feed(struct console_line *line, const char *label,
		  const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			console_write_line(label, line->text, line->len);
			line->len = 0;
			continue;
		}
		/* A full line goes out only when more text follows, so a line
		 * of exactly CONSOLE_LINE_MAX ends at its own newline instead
		 * of leaving an empty line behind. */
		if (line->len >= CONSOLE_LINE_MAX) {
			console_write_line(label, line->text, CONSOLE_LINE_MAX);
			line->len = 0;
		}
		line->text[line->len++] = c;
	}
}

size_t console_read(char *buf, size_t cap)
{
	size_t n = 0;

	if (console_locking)
		spin_lock(&console_lock);
	while (n < cap && pl011_getc(&buf[n]))
		n++;
	if (console_locking)
		spin_unlock(&console_lock);
	return n;
}
