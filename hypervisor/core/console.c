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
/* The live line left open on the UART: its label (NULL if none) and the
 * text printed on it so far, reprinted after another source's line cuts
 * in, so the live line always ends up whole on one screen line. */
static const char *console_open_label;
static char console_open_text[CONSOLE_LINE_MAX];
static uint32_t console_open_len;

static struct {
	char buf[CONSOLE_INPUT_MAX];
	uint32_t head; /* next to take */
	uint32_t count;
	bool escape;   /* Ctrl-] seen, the next key is a command */
	char command;  /* a command key waiting for its handler, or 0 */
	uint32_t epoch; /* counts console_input_drop calls */
} console_input;

static console_command_fn console_command_handler;

void console_set_uart(uintptr_t base)
{
	pl011_set_base(base);
}

void console_enable_locking(void)
{
	console_locking = true;
}

static void console_emit_label(const char *label)
{
	pl011_putc('[');
	for (const char *p = label; *p != '\0'; p++)
		pl011_putc(*p);
	pl011_putc(']');
	pl011_putc(' ');
}

/* Keep the label discipline: nothing on a line moves the cursor back or
 * off it, so C0 controls other than tab (backspace, CR, ESC...) and DEL
 * show as '.'. Compared as unsigned: plain char is signed on some hosts
 * and bytes from 0x80 (UTF-8, checked by console_guest_byte) must pass the
 * same everywhere. */
static char console_visible(unsigned char c)
{
	if ((c < ' ' && c != '\t') || c == CONSOLE_DEL)
		return '.';
	return (char)c;
}

/* UTF-8 (RFC 3629, table in section 4) as far as the terminal's safety
 * needs: a byte from 0x80 passes only inside a well-formed sequence, and
 * never as a C1 control (U+0080..U+009F, "C2 80".."C2 9F"; and a lone
 * 0x9b is CSI to a terminal in 8-bit mode, ECMA-48 section 5.3), which
 * could move the cursor like ESC. Anything else shows as '.'. A sequence
 * cut short only shows as a replacement character. */
#define UTF8_CONT_FIRST  0x80u
#define UTF8_CONT_LAST   0xbfu
#define UTF8_C1_LEAD     0xc2u /* C2 80..C2 9F are U+0080..U+009F */
#define UTF8_C1_CONT_END 0xa0u
#define UTF8_LEAD2_FIRST 0xc2u /* C0, C1 would be overlong */
#define UTF8_LEAD3_FIRST 0xe0u
#define UTF8_LEAD4_FIRST 0xf0u
#define UTF8_LEAD4_LAST  0xf4u /* above U+10FFFF from F5 */

static char console_guest_byte(struct console_line *line, unsigned char c)
{
	if (c < UTF8_CONT_FIRST) {
		line->utf8_need = 0;
		return console_visible(c);
	}
	if (c <= UTF8_CONT_LAST) {
		if (line->utf8_need == 0 ||
		    (line->utf8_c1 && c < UTF8_C1_CONT_END)) {
			line->utf8_need = 0;
			return '.';
		}
		line->utf8_need--;
		line->utf8_c1 = false;
		return (char)c;
	}
	line->utf8_c1 = c == UTF8_C1_LEAD;
	if (c >= UTF8_LEAD2_FIRST && c < UTF8_LEAD3_FIRST)
		line->utf8_need = 1;
	else if (c >= UTF8_LEAD3_FIRST && c < UTF8_LEAD4_FIRST)
		line->utf8_need = 2;
	else if (c >= UTF8_LEAD4_FIRST && c <= UTF8_LEAD4_LAST)
		line->utf8_need = 3;
	else
		line->utf8_need = 0;
	if (line->utf8_need == 0)
		return '.';
	return (char)c;
}

static void console_emit(const char *label, const char *text, size_t len)
{
	console_emit_label(label);
	for (size_t i = 0; i < len; i++)
		pl011_putc(console_visible((unsigned char)text[i]));
	pl011_putc('\r');
	pl011_putc('\n');
}

static void console_lock_take(void)
{
	if (console_locking)
		spin_lock(&console_lock);
}

static void console_lock_give(void)
{
	if (console_locking)
		spin_unlock(&console_lock);
}


/* Ends the open live line on the screen (its text is kept). */
static const char *console_suspend_open_line(void)
{
	const char *label = console_open_label;

	if (label != NULL) {
		pl011_putc('\r');
		pl011_putc('\n');
		console_open_label = NULL;
	}
	return label;
}

/* Prints the suspended live line again, still open. */
static void console_resume_open_line(const char *label)
{
	if (label == NULL)
		return;
	console_emit_label(label);
	for (uint32_t i = 0; i < console_open_len; i++)
		pl011_putc(console_open_text[i]);
	console_open_label = label;
}

void console_write_line(const char *label, const char *text, size_t len)
{
	const char *open;

	console_lock_take();
	open = console_suspend_open_line();
	console_emit(label, text, len);
	console_resume_open_line(open);
	console_lock_give();
}

/* A live character: c is already sanitised, '\n' ends the line. The
 * cursor is always at the end of the open line's text. */
static void console_live_putc(const char *label, char c)
{
	if (console_open_label != label) {
		/* Another live source's partial line is finished off. */
		(void)console_suspend_open_line();
		console_open_len = 0;
		console_emit_label(label);
		console_open_label = label;
	}
	if (c == '\n' || console_open_len == CONSOLE_LINE_MAX) {
		(void)console_suspend_open_line();
		console_open_len = 0;
		if (c == '\n')
			return;
		console_emit_label(label);
		console_open_label = label;
	}
	console_open_text[console_open_len++] = c;
	pl011_putc(c);
}

/* A backspace erases the last character the partition wrote on its open
 * line ("\b \b"), a whole UTF-8 sequence at a time, and nothing when the
 * line holds none of its own: the cursor never moves into the label or a
 * line above, so a guest cannot write over them. */
static void console_live_erase(const char *label)
{
	if (console_open_label != label || console_open_len == 0)
		return;
	do {
		console_open_len--;
	} while (console_open_len > 0 &&
		 (unsigned char)console_open_text[console_open_len] >= UTF8_CONT_FIRST &&
		 (unsigned char)console_open_text[console_open_len] <= UTF8_CONT_LAST);
	pl011_putc('\b');
	pl011_putc(' ');
	pl011_putc('\b');
}

/* A tab is spaces up to the next tab stop, counted from the start of the
 * partition's text (where its own idea of column 0 is), so that the
 * backspaces a guest sends to erase it erase exactly those spaces. */
#define CONSOLE_TAB_WIDTH 8u

static void console_live_tab(const char *label)
{
	uint32_t col = console_open_label == label ? console_open_len : 0;
	uint32_t spaces = CONSOLE_TAB_WIDTH - col % CONSOLE_TAB_WIDTH;

	for (uint32_t i = 0; i < spaces; i++)
		console_live_putc(label, ' ');
}

static void console_feed_live(struct console_line *line, const char *label,
			      const char *data, size_t len)
{
	console_lock_take();
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		switch (c) {
		case '\r':
			break;
		case '\n':
			line->utf8_need = 0;
			console_live_putc(label, '\n');
			break;
		case '\b':
			line->utf8_need = 0;
			console_live_erase(label);
			break;
		case '\t':
			line->utf8_need = 0;
			console_live_tab(label);
			break;
		default:
			console_live_putc(label, console_guest_byte(line, c));
			break;
		}
	}
	console_lock_give();
}

void console_force_line(const char *label, const char *text, size_t len)
{
	bool locked = console_locking &&
		      spin_lock_bounded(&console_lock, CONSOLE_FORCE_SPINS);

	(void)console_suspend_open_line();
	console_emit(label, text, len);
	if (locked)
		spin_unlock(&console_lock);
}

void console_feed(struct console_line *line, const char *label,
		  const char *data, size_t len)
{
	if (line->live) {
		console_feed_live(line, label, data, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			line->utf8_need = 0;
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
		line->text[line->len++] =
			console_guest_byte(line, (unsigned char)c);
	}
}

void console_set_command_handler(console_command_fn fn)
{
	console_command_handler = fn;
}

void console_end_live_line(void)
{
	console_lock_take();
	(void)console_suspend_open_line();
	console_open_len = 0;
	console_lock_give();
}

/* Caller holds the console lock. */
static void console_input_queue(char c)
{
	if (console_input.count < CONSOLE_INPUT_MAX) {
		uint32_t tail = (console_input.head + console_input.count) %
				CONSOLE_INPUT_MAX;

		console_input.buf[tail] = c;
		console_input.count++;
	}
}

/* Caller holds the console lock. */
static void console_input_drain_uart(void)
{
	char c;

	/* Bounded by the UART's FIFO; a full queue drops what is typed
	 * faster than the focused partition reads it. Nothing is taken while
	 * a command waits: what was typed after it is for whoever has the
	 * input focus once the command has run (Ctrl-] <digit> moves it). */
	for (uint32_t i = 0; i < CONSOLE_INPUT_MAX && console_input.command == 0 &&
			     pl011_getc(&c); i++) {
		if (console_input.escape) {
			console_input.escape = false;
			if (c == CONSOLE_ESCAPE)
				console_input_queue(c);
			else
				console_input.command = c;
		} else if (c == CONSOLE_ESCAPE) {
			console_input.escape = true;
		} else {
			console_input_queue(c);
		}
	}
}

/* Runs a command key taken from the UART, outside the console lock. */
static void console_run_command(void)
{
	char key;

	console_lock_take();
	key = console_input.command;
	console_input.command = 0;
	console_lock_give();
	if (key != 0 && console_command_handler != NULL)
		console_command_handler(key);
}

void console_input_poll(void)
{
	console_lock_take();
	console_input_drain_uart();
	console_lock_give();
	console_run_command();
}

size_t console_input_peek(char *buf, size_t cap, uint32_t *epoch)
{
	size_t n = 0;

	console_lock_take();
	console_input_drain_uart();
	*epoch = console_input.epoch;
	for (; n < cap && n < console_input.count; n++)
		buf[n] = console_input.buf[(console_input.head + n) %
					   CONSOLE_INPUT_MAX];
	console_lock_give();
	console_run_command();
	return n;
}

void console_input_consume(size_t n, uint32_t epoch)
{
	console_lock_take();
	if (epoch != console_input.epoch)
		n = 0; /* dropped since the peek: what is queued now is newer */
	if (n > console_input.count)
		n = console_input.count;
	console_input.head = (uint32_t)((console_input.head + n) % CONSOLE_INPUT_MAX);
	console_input.count -= (uint32_t)n;
	console_lock_give();
}

size_t console_input_drop(void)
{
	size_t n;

	console_lock_take();
	n = console_input.count;
	console_input.head = 0;
	console_input.count = 0;
	console_input.epoch++;
	console_lock_give();
	return n;
}

static uint32_t console_rx_intid;

void console_set_rx_interrupt(uint32_t intid)
{
	console_rx_intid = intid;
	if (intid != 0)
		pl011_enable_rx_interrupt();
}

uint32_t console_rx_interrupt(void)
{
	return console_rx_intid;
}

bool console_input_waiting(void)
{
	return __atomic_load_n(&console_input.count, __ATOMIC_RELAXED) != 0;
}

size_t console_read(char *buf, size_t cap)
{
	size_t n = 0;

	/* One lock hold: two vCPUs reading at once never get the same key. */
	console_lock_take();
	console_input_drain_uart();
	for (; n < cap && console_input.count > 0; n++) {
		buf[n] = console_input.buf[console_input.head];
		console_input.head = (console_input.head + 1u) % CONSOLE_INPUT_MAX;
		console_input.count--;
	}
	console_lock_give();
	console_run_command();
	return n;
}
