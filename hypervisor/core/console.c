/* SPDX-License-Identifier: MIT */
#include "core/console.h"

#include <stdbool.h>

#include "arch/spinlock.h"
#include "drivers/uart.h"

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
/* Where the open line's current screen row starts in its text (after the
 * hypervisor wrapped it), and the columns that row takes, label included,
 * counted as console_byte_columns does. */
static uint32_t console_open_row;
static uint32_t console_open_cols;

static struct {
	char buf[CONSOLE_INPUT_MAX];
	uint32_t head; /* next to take */
	uint32_t count;
	bool escape;   /* Ctrl-] seen, the next key is a command */
	char command;  /* a command key waiting for its handler, or 0 */
	uint32_t epoch; /* counts console_input_drop calls */
} console_input;

static console_command_fn console_command_handler;

/* What is printed before the console UART is known (the boot device tree
 * names it): kept here and written out when it is set, so the first lines
 * of a boot are never lost; what does not fit is counted and reported. */
static char console_early[CONSOLE_EARLY_MAX];
static uint32_t console_early_len;
static uint32_t console_early_lost;
static bool console_uart_set;

static void console_putc(char c)
{
	if (console_uart_set) {
		uart_putc(c);
	} else if (console_early_len < CONSOLE_EARLY_MAX) {
		console_early[console_early_len++] = c;
	} else {
		console_early_lost++;
	}
}

void console_set_uart(const struct uart_driver *d, uintptr_t base)
{
	uart_select(d, base);
	if (console_uart_set || d == NULL || base == 0u)
		return;
	console_uart_set = true;
	for (uint32_t i = 0; i < console_early_len; i++)
		uart_putc(console_early[i]);
	if (console_early_lost != 0u) {
		static const char note[] =
			"(more was printed before the console was found; it was lost)";

		console_write_line("shikiri", note, sizeof(note) - 1u);
	}
	console_early_len = 0;
	console_early_lost = 0;
}

const char *console_early_text(uint32_t *len)
{
	*len = console_early_len;
	return console_early;
}

void console_enable_locking(void)
{
	console_locking = true;
}

/* Prints "[label] " and returns the columns it took. */
static uint32_t console_emit_label(const char *label)
{
	uint32_t cols = 3; /* '[', ']' and ' ' */

	console_putc('[');
	for (const char *p = label; *p != '\0'; p++) {
		console_putc(*p);
		cols++;
	}
	console_putc(']');
	console_putc(' ');
	return cols;
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

/* Screen rows of partition text: the hypervisor ends a row itself before
 * the terminal would wrap it, and starts the next with the label again, so
 * every row a partition's text starts begins with that partition's label
 * (a terminal that wraps on its own starts a row with whatever comes next).
 * 80 columns is the smallest terminal supported; a row takes at most 79 so
 * that the cursor never reaches the last column, where terminals differ
 * (xterm's pending wrap, VT100 "last column flag", ECMA-48 leaves it open).
 * Widths are not known without the terminal's wcwidth table, so they are
 * counted high: every character from U+0080 as 2 columns (the most any
 * takes: East Asian wide, UAX #11), a tab as a whole tab stop. Rows wrap
 * early, never late. */
#define CONSOLE_SCREEN_COLUMNS 80u
#define CONSOLE_ROW_COLUMNS    (CONSOLE_SCREEN_COLUMNS - 1u)
#define CONSOLE_WIDE_COLUMNS   2u
#define CONSOLE_TAB_WIDTH      8u

/* The most columns a sanitised byte can take: a UTF-8 sequence counts at
 * its lead byte, its continuation bytes take none. */
static uint32_t console_byte_columns(char ch)
{
	unsigned char c = (unsigned char)ch;

	if (c == '\t')
		return CONSOLE_TAB_WIDTH;
	if (c < UTF8_CONT_FIRST)
		return 1;
	if (c <= UTF8_CONT_LAST)
		return 0;
	return CONSOLE_WIDE_COLUMNS;
}

static bool console_is_continuation(char ch)
{
	unsigned char c = (unsigned char)ch;

	return c >= UTF8_CONT_FIRST && c <= UTF8_CONT_LAST;
}

/* Where the console wraps a line: LF CR, a new row on a terminal like a
 * line's end, that a program reading the console's output recognises to
 * join the rows back into the line (the system tests do). Nothing else
 * sends an LF without a CR before it: lines end with CR LF, a partition
 * cannot send CR or LF itself. */
static void console_emit_row_break(void)
{
	console_putc('\n');
	console_putc('\r');
}

/* A partition's buffered line, wrapped into labelled rows. */
static void console_emit_rows(const char *label, const char *text, size_t len)
{
	uint32_t cols = console_emit_label(label);

	for (size_t i = 0; i < len; i++) {
		char c = console_visible((unsigned char)text[i]);
		uint32_t w = console_byte_columns(c);

		if (cols + w > CONSOLE_ROW_COLUMNS) {
			console_emit_row_break();
			cols = console_emit_label(label);
		}
		console_putc(c);
		cols += w;
	}
	console_putc('\r');
	console_putc('\n');
}

/* The hypervisor's own line: not wrapped. Its text is the hypervisor's
 * (numbers, names from the configuration), never bytes a partition chose,
 * so a row the terminal starts in it cannot be made to look like anything. */
static void console_emit(const char *label, const char *text, size_t len)
{
	(void)console_emit_label(label);
	for (size_t i = 0; i < len; i++)
		console_putc(console_visible((unsigned char)text[i]));
	console_putc('\r');
	console_putc('\n');
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
		console_putc('\r');
		console_putc('\n');
		console_open_label = NULL;
	}
	return label;
}

/* Starts a screen row of the open line at the current end of its text. */
static void console_open_new_row(const char *label)
{
	console_open_cols = console_emit_label(label);
	console_open_row = console_open_len;
	console_open_label = label;
}

/* Prints the current row of a suspended live line again, still open (the
 * rows before it are on the screen above the line that cut in). */
static void console_resume_open_line(const char *label)
{
	if (label == NULL)
		return;
	console_open_cols = console_emit_label(label);
	for (uint32_t i = console_open_row; i < console_open_len; i++) {
		console_putc(console_open_text[i]);
		console_open_cols += console_byte_columns(console_open_text[i]);
	}
	console_open_label = label;
}

/* A line from another source cuts into the open live line, if any. */
static void console_write_between(const char *label, const char *text,
				  size_t len, bool rows)
{
	const char *open;

	console_lock_take();
	open = console_suspend_open_line();
	if (rows)
		console_emit_rows(label, text, len);
	else
		console_emit(label, text, len);
	console_resume_open_line(open);
	console_lock_give();
}

void console_write_line(const char *label, const char *text, size_t len)
{
	console_write_between(label, text, len, false);
}

/* A live character: c is already sanitised, '\n' ends the line. The
 * cursor is always at the end of the open line's text. */
static void console_live_putc(const char *label, char c)
{
	uint32_t w = console_byte_columns(c);

	if (console_open_label != label) {
		/* Another live source's partial line is finished off. */
		(void)console_suspend_open_line();
		console_open_len = 0;
		console_open_new_row(label);
	}
	if (c == '\n' || console_open_len == CONSOLE_LINE_MAX) {
		(void)console_suspend_open_line();
		console_open_len = 0;
		if (c == '\n')
			return;
		console_open_new_row(label);
	}
	if (console_open_cols + w > CONSOLE_ROW_COLUMNS) {
		console_emit_row_break();
		console_open_new_row(label);
	}
	console_open_text[console_open_len++] = c;
	console_open_cols += w;
	console_putc(c);
}

/* Redraws the open line's current row after its last character was
 * dropped: CR, the label, the row's text, then blanks over what the old
 * tail took at most (old_cols counted high) and backspaces over just those
 * blanks, which are ASCII the hypervisor wrote on this row. */
static void console_live_redraw_row(const char *label, uint32_t old_cols)
{
	uint32_t blanks;

	console_putc('\r');
	console_resume_open_line(label);
	blanks = old_cols > console_open_cols ? old_cols - console_open_cols : 0;
	for (uint32_t i = 0; i < blanks; i++)
		console_putc(' ');
	for (uint32_t i = 0; i < blanks; i++)
		console_putc('\b');
}

/* A backspace erases the last character the partition wrote on the open
 * line's current screen row, a whole UTF-8 sequence at a time, and nothing
 * when the row holds none of its own (an empty line, or the start of a row
 * the hypervisor wrapped): the cursor never moves into the label or a row
 * above. "\b \b" only over a 1-column ASCII character; a character from
 * U+0080 may take 0, 1 or 2 columns (UAX #11, combining marks, U+200B),
 * so the row is redrawn instead of guessing how far to move back. */
static void console_live_erase(const char *label)
{
	uint32_t old_cols = console_open_cols;

	if (console_open_label != label || console_open_len == console_open_row)
		return;
	do {
		console_open_len--;
	} while (console_open_len > console_open_row &&
		 console_is_continuation(console_open_text[console_open_len]));
	if ((unsigned char)console_open_text[console_open_len] < UTF8_CONT_FIRST) {
		console_open_cols--;
		console_putc('\b');
		console_putc(' ');
		console_putc('\b');
		return;
	}
	console_live_redraw_row(label, old_cols);
}

/* A tab is spaces up to the next tab stop, counted from the start of the
 * partition's text (where its own idea of column 0 is), so that the
 * backspaces a guest sends to erase it erase exactly those spaces. */
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
			console_write_between(label, line->text, line->len,
					      true);
			line->len = 0;
			continue;
		}
		/* A full line goes out only when more text follows, so a line
		 * of exactly CONSOLE_LINE_MAX ends at its own newline instead
		 * of leaving an empty line behind. */
		if (line->len >= CONSOLE_LINE_MAX) {
			console_write_between(label, line->text,
					      CONSOLE_LINE_MAX, true);
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
			     uart_getc(&c); i++) {
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
		uart_enable_rx_interrupt();
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
