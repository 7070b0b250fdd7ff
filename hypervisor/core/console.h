/* SPDX-License-Identifier: MIT */
/*
 * The physical console: one UART shared by the hypervisor and every
 * partition. Output is written a whole line at a time under one lock, each
 * line labelled with its source ("[shikiri]", "[alpha]"), so lines from
 * different CPUs never interleave mid-line.
 */
#ifndef SK_CORE_CONSOLE_H
#define SK_CORE_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LINE_MAX 160u

/* ASCII DEL: shown as '.', like the C0 controls. */
#define CONSOLE_DEL 0x7fu

/* Characters typed on the physical console and not yet taken. */
#define CONSOLE_INPUT_MAX 256u

/* A partition's partial output line, flushed at '\n', or when full and
 * more text follows. A `live` partition (the one with the input focus)
 * writes characters as they come instead, so a shell prompt and the echo
 * of typed keys appear at once; its open line is closed with a newline
 * before anyone else's line is printed.
 * What a guest writes never moves the cursor out of its own text: control
 * characters and DEL show as '.', bytes from 0x80 pass only as well-formed
 * UTF-8 that is no C1 control; a long line is wrapped by the console into
 * rows of at most 79 columns (non-ASCII counted as 2), each starting with
 * the label, so no terminal wraps it; on a live line a backspace erases the
 * last character of the current row (none left: nothing), redrawing the row
 * when that character is not ASCII, and a tab becomes spaces. */
struct console_line {
	char text[CONSOLE_LINE_MAX];
	uint32_t len;
	bool live;
	uint8_t utf8_need; /* continuation bytes the UTF-8 sequence still needs */
	bool utf8_c1;      /* its lead was C2: next byte from A0, or a C1 */
};

/* What the console keeps before its UART is set (console_set_uart). */
#define CONSOLE_EARLY_MAX 2048u

struct uart_driver;
/* The console UART: driver d at base. Output printed before the first
 * call is kept (up to CONSOLE_EARLY_MAX characters) and written then. */
void console_set_uart(const struct uart_driver *d, uintptr_t base);
/* The output kept while no UART is set (a debugger reads it too). */
const char *console_early_text(uint32_t *len);
/* Called once the MMU is on; before that only the boot CPU prints. */
void console_enable_locking(void);
/* Writes "[label] text\n" atomically. */
void console_write_line(const char *label, const char *text, size_t len);
/* Appends guest output to *line, emitting every completed line. Caller
 * serialises access to *line. */
void console_feed(struct console_line *line, const char *label,
		  const char *data, size_t len);
/* Reads up to cap waiting input characters; returns how many (0: none). */
size_t console_read(char *buf, size_t cap);
/* Moves what the UART received into the input queue (its interrupt, or a
 * poll). */
void console_input_poll(void);
/* Looks at up to cap queued characters without taking them; then
 * console_input_consume(n, epoch) takes the first n, unless the queue was
 * dropped in between (epoch: as the peek returned it). */
size_t console_input_peek(char *buf, size_t cap, uint32_t *epoch);
void console_input_consume(size_t n, uint32_t epoch);
/* Empties the input queue, returning how many characters it held: input
 * typed for one partition is never handed to another (the input focus
 * moved). */
size_t console_input_drop(void);
/* Console commands: Ctrl-] followed by a key. A digit moves the input
 * focus to that partition, 's' prints statistics, Ctrl-] sends a literal
 * Ctrl-]. The handler runs without the console lock held. */
#define CONSOLE_ESCAPE 0x1d /* Ctrl-] */
typedef void (*console_command_fn)(char key);
void console_set_command_handler(console_command_fn fn);
/* Ends a live line left open (its partition loses the input focus). */
void console_end_live_line(void);
/* The UART's receive interrupt is intid (0: none, input is polled). */
void console_set_rx_interrupt(uint32_t intid);
uint32_t console_rx_interrupt(void);
/* True if queued input waits (no UART access: cheap on every exit). */
bool console_input_waiting(void);
/* Panic path: takes the console even if its holder never comes back. */
void console_force_line(const char *label, const char *text, size_t len);

#endif
