/* SPDX-License-Identifier: MIT */
#include "core/console.h"

#include <stdbool.h>

#include "arch/cpu.h"
#include "arch/spinlock.h"
#include "drivers/uart.h"

/* How long the panic path waits for the console lock before writing
 * anyway. */
#define CONSOLE_FORCE_SPINS 1000000u

static struct spinlock console_lock;
static bool console_locking;
/* The hypercall console's live line (a focused partition whose console is
 * not a terminal), while a row of it is open on the UART: its label (NULL
 * if none) and its text, kept so that a backspace can redraw the row. */
static const char *console_open_label;
static char console_open_text[CONSOLE_GUEST_LINE_MAX];
static uint32_t console_open_len;
/* Where the open line's current screen row starts in its text (after the
 * hypervisor wrapped it), and the columns that row takes, label included,
 * counted as console_byte_columns does. */
static uint32_t console_open_row;
static uint32_t console_open_cols;

/* The focused partition's console line once it has written: it owns the
 * terminal (see console.h) until the focus moves. */
static struct console_line *console_owner;

/* Other sources' lines held back while the owner is in the middle of a
 * line or has the whole screen, written out (in order) when it ends that
 * line, asks for the cursor position at a prompt or leaves the screen;
 * each ends with '\n'. Full, they are written above the owner's line. */
static char console_held[CONSOLE_HOLD_MAX];
static uint32_t console_held_len;
static bool console_holding; /* console_putc appends to console_held */
/* When what is held for the owner's open line goes above it anyway
 * (system counter; 0: no time bound running). */
static uint64_t console_hold_deadline;

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
	if (console_holding) {
		if (console_held_len < CONSOLE_HOLD_MAX)
			console_held[console_held_len++] = c;
	} else if (console_uart_set) {
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

static char console_guest_byte(struct console_utf8 *u, unsigned char c)
{
	if (c < UTF8_CONT_FIRST) {
		u->need = 0;
		return console_visible(c);
	}
	if (c <= UTF8_CONT_LAST) {
		if (u->need == 0 ||
		    (u->c1 && c < UTF8_C1_CONT_END)) {
			u->need = 0;
			return '.';
		}
		u->need--;
		u->c1 = false;
		return (char)c;
	}
	u->c1 = c == UTF8_C1_LEAD;
	if (c >= UTF8_LEAD2_FIRST && c < UTF8_LEAD3_FIRST)
		u->need = 1;
	else if (c >= UTF8_LEAD3_FIRST && c < UTF8_LEAD4_FIRST)
		u->need = 2;
	else if (c >= UTF8_LEAD4_FIRST && c <= UTF8_LEAD4_LAST)
		u->need = 3;
	else
		u->need = 0;
	if (u->need == 0)
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

/* Where the console wraps a live line of a hypercall console: LF CR, a new
 * row on a terminal like a line's end, that a program reading the
 * console's output recognises to join the rows back into the line (the
 * system tests do). */
static void console_emit_row_break(void)
{
	console_putc('\n');
	console_putc('\r');
}

static void console_puts(const char *s)
{
	for (const char *p = s; *p != '\0'; p++)
		console_putc(*p);
}

/* Terminal controls the console writes itself (ECMA-48 / VT100, as xterm
 * and every terminal emulator in use implement them). A string, not a
 * "\x1b7": a hex escape takes every hex digit after it. */
#define TERM_ESC              "\x1b"
/* DECAWM reset and set: with autowrap off, text that reaches the right
 * margin overwrites the last column instead of starting a new row. */
#define TERM_AUTOWRAP_OFF     TERM_ESC "[?7l"
#define TERM_AUTOWRAP_ON      TERM_ESC "[?7h"
/* Leaves the alternate screen (xterm private mode 1049). */
#define TERM_ALT_SCREEN_OFF   TERM_ESC "[?1049l"
/* Gives the terminal back from a partition that owned it (its focus
 * moved, or it restarted): what it may have left set is put back, so that
 * nothing it wrote outlives its focus and hides, garbles or forges the
 * lines written after (the console tracks only what it needs to place
 * lines; a partition can leave far more, test_redteam20.py). In order:
 * CAN cancels a control sequence or an OSC/DCS/SOS/PM/APC string left
 * unterminated (DEC STD 070 and xterm: in any state; ECMA-48 8.3.6), and
 * ST ends such a string on a terminal that ignores CAN there; the main
 * screen (xterm mode 47: switches, no cursor restore, nothing if on it
 * already); DECSC, DECOM off, DECSTBM the whole screen, DECRC (DECSTBM and
 * DECOM move the cursor home; DECRC puts it back, DECOM as it was, which
 * with the whole screen as the region moves nothing); SI and G0, G1 ASCII
 * (no DEC line drawing); SGR 0 (no concealed or invisible colours); IRM
 * off (replace); DECCKM, mouse reports and bracketed paste off (the next
 * partition's keys arrive plain); DECKPNM; DECAWM and DECTCEM on (autowrap,
 * the cursor shown). Each control is the terminal's own reset value. */
#define TERM_HANDBACK \
	"\x18" TERM_ESC "\\" TERM_ESC "[?47l" \
	TERM_ESC "7" TERM_ESC "[?6l" TERM_ESC "[r" TERM_ESC "8" \
	"\x0f" TERM_ESC "(B" TERM_ESC ")B" TERM_ESC "[m" TERM_ESC "[4l" \
	TERM_ESC "[?1;1000;1002;1003;1006;2004l" TERM_ESC ">" \
	TERM_ESC "[?7;25h"
/* A line written above the owner's current row, in the n rows it takes
 * (n = 1 shown): LF (a new row below, the screen scrolls if the row was
 * the last), CUU 1 (back to the row, same column), DECSC (save the cursor
 * and attributes), IL 1 (a blank row here, the owner's row moves down
 * into the new one), SGR 0, CR; then the line and its CR LF; then DECRC
 * (the saved row and column) and CUD 1 (down to where the owner's row is
 * now). The owner's text stays on the screen and is never written again.
 * For n rows: n LFs, CUU n, IL n, CUD n (console_above_start), so that a
 * hypervisor's line the terminal wraps never overwrites the owner's row. */
#define TERM_ABOVE_START      "\n" TERM_ESC "[A" TERM_ESC "7" TERM_ESC "[L" TERM_ESC "[m\r"
#define TERM_ABOVE_END        TERM_ESC "8" TERM_ESC "[B"

/* A line's marks where CONSOLE_GUEST_LINE_MAX cut it. */
#define CONSOLE_CUT_BEFORE 1u
#define CONSOLE_CUT_AFTER  2u
#define CONSOLE_CUT_MARK   "[...]"
#define CONSOLE_CUT_COLS   6u /* the mark and its space */

/* How a byte of a line shows: a partition's (guest) as console_guest_byte
 * says, the hypervisor's as console_visible does. */
static char console_shown(struct console_utf8 *u, unsigned char c, bool guest)
{
	if (guest)
		return console_guest_byte(u, c);
	return console_visible(c);
}

/* Columns a line takes, counted high as console_byte_columns does. */
static uint32_t console_line_columns(const char *label, const char *text,
				     size_t len, uint32_t cuts, bool guest)
{
	struct console_utf8 u = { 0 };
	uint32_t cols = 3; /* '[', ']' and ' ' */

	for (const char *p = label; *p != '\0'; p++)
		cols++;
	if ((cuts & CONSOLE_CUT_BEFORE) != 0u)
		cols += CONSOLE_CUT_COLS;
	if ((cuts & CONSOLE_CUT_AFTER) != 0u)
		cols += CONSOLE_CUT_COLS;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		cols += console_byte_columns(console_shown(&u, c, guest));
	}
	return cols;
}

/* "[label] text" and its CR LF, never written in parts: text is a
 * partition's (guest: its bytes as it wrote them, shown as
 * console_guest_byte says) or the hypervisor's. A partition's line that
 * may not fit on an 80-column row goes out with the terminal's autowrap
 * off, so that no row the terminal starts can begin with its text (a
 * partition could otherwise pad a line to make its text look like a line
 * of the hypervisor's); the terminal shows the row cut at its width, the
 * captured output has the whole line. The hypervisor's own text (numbers,
 * names from the configuration) is never chosen by a partition. */
static void console_emit_line(const char *label, const char *text,
			      size_t len, uint32_t cuts, bool guest)
{
	struct console_utf8 u = { 0 };
	bool nowrap = guest && console_line_columns(label, text, len, cuts,
						      guest) > CONSOLE_ROW_COLUMNS;

	if (nowrap)
		console_puts(TERM_AUTOWRAP_OFF);
	(void)console_emit_label(label);
	if ((cuts & CONSOLE_CUT_BEFORE) != 0u)
		console_puts(CONSOLE_CUT_MARK " ");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		console_putc(console_shown(&u, c, guest));
	}
	if ((cuts & CONSOLE_CUT_AFTER) != 0u)
		console_puts(" " CONSOLE_CUT_MARK);
	console_putc('\r');
	if (nowrap)
		console_puts(TERM_AUTOWRAP_ON);
	console_putc('\n');
}

/* The rows of an 80-column terminal cols columns fill (at least one). */
static uint32_t console_rows_of(uint32_t cols)
{
	return cols == 0 ? 1u : (cols + CONSOLE_SCREEN_COLUMNS - 1u) / CONSOLE_SCREEN_COLUMNS;
}

/* The rows of an 80-column terminal a line takes: a partition's always
 * one (console_emit_line turns autowrap off for a wider one), the
 * hypervisor's as many as its columns fill. */
static uint32_t console_line_rows(const char *label, const char *text,
				  size_t len, uint32_t cuts, bool guest)
{
	uint32_t cols;

	if (guest)
		return 1;
	cols = console_line_columns(label, text, len, cuts, guest);
	return console_rows_of(cols);
}

/* A decimal number of at most four digits (a count of rows). */
static void console_put_count(uint32_t n)
{
	char digits[4];
	uint32_t k = 0;

	do {
		digits[k++] = (char)('0' + n % 10u);
		n /= 10u;
	} while (n != 0 && k < sizeof(digits));
	while (k > 0)
		console_putc(digits[--k]);
}

/* TERM_ABOVE_START for a line of `rows` rows (the same bytes for one). */
static void console_above_start(uint32_t rows)
{
	if (rows <= 1u) {
		console_puts(TERM_ABOVE_START);
		return;
	}
	for (uint32_t i = 0; i < rows; i++)
		console_putc('\n');
	console_puts(TERM_ESC "[");
	console_put_count(rows);
	console_puts("A" TERM_ESC "7" TERM_ESC "[");
	console_put_count(rows);
	console_puts("L" TERM_ESC "[m\r");
}

static void console_above_end(uint32_t rows)
{
	if (rows <= 1u) {
		console_puts(TERM_ABOVE_END);
		return;
	}
	console_puts(TERM_ESC "8" TERM_ESC "[");
	console_put_count(rows);
	console_putc('B');
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

/* Ends the open live line of a hypercall console on the screen. */
static void console_suspend_open_line(void)
{
	if (console_open_label != NULL) {
		console_putc('\r');
		console_putc('\n');
		console_open_label = NULL;
	}
}

/* The owner has the whole screen: a full-screen program (the alternate
 * screen, or the cursor placed by row and column since its line editor
 * last asked where the cursor is). */
static bool console_screen_mode(const struct console_line *l)
{
	return l->terminal && (l->alt_screen || l->addressed);
}

/* The owner has text on the row the cursor is on. */
static bool console_owner_open(const struct console_line *o)
{
	return o->terminal ? o->open : console_open_label != NULL;
}

enum console_place {
	CONSOLE_DIRECT, /* at the start of a row: written there */
	CONSOLE_ABOVE,  /* written above the owner's row (TERM_ABOVE_START) */
	CONSOLE_HOLD,   /* held back until the owner is done */
};

/* Where another source's line goes now. guest: it is a partition's (the
 * hypervisor's own lines are not held from a full-screen program: what the
 * operator asked for with a command key, or a fault, shows at once). */
static enum console_place console_place_of(bool guest)
{
	const struct console_line *o = console_owner;

	if (o == NULL)
		return CONSOLE_DIRECT;
	if (console_screen_mode(o))
		return guest ? CONSOLE_HOLD : CONSOLE_ABOVE;
	if (!console_owner_open(o))
		return CONSOLE_DIRECT;
	/* A terminal's line without a prompt is being written: its end comes
	 * soon. A prompt (or a hypercall console's line) waits for keys. */
	if (o->terminal && !o->prompt)
		return CONSOLE_HOLD;
	return CONSOLE_ABOVE;
}

/* The rows the held line at console_held[i] takes (console_line_rows):
 * one if it turns autowrap off, else its characters (UTF-8 continuation
 * bytes not counted: a wider line of a partition's turned autowrap off). */
static uint32_t console_held_rows(uint32_t i)
{
	static const char nowrap[] = TERM_AUTOWRAP_OFF;
	uint32_t cols = 0;
	uint32_t k = 0;

	while (k + 1u < sizeof(nowrap) && i + k < console_held_len &&
	       console_held[i + k] == nowrap[k])
		k++;
	if (k + 1u == sizeof(nowrap))
		return 1;
	for (; i < console_held_len && console_held[i] != '\r' &&
	       console_held[i] != '\n'; i++) {
		if (((unsigned char)console_held[i] & 0xc0u) != 0x80u)
			cols++;
	}
	return console_rows_of(cols);
}

/* Writes the held lines, each above the owner's row or at the cursor. */
static void console_flush_held(bool above)
{
	uint32_t i = 0;

	while (i < console_held_len) {
		uint32_t rows = above ? console_held_rows(i) : 0u;
		char c;

		if (above)
			console_above_start(rows);
		do {
			c = console_held[i++];
			console_putc(c);
		} while (c != '\n' && i < console_held_len);
		if (above)
			console_above_end(rows);
	}
	console_held_len = 0;
	console_hold_deadline = 0;
}

/* What is held for the owner's open line has waited CONSOLE_HOLD_MS: it
 * goes above the owner's row. Never a full-screen program's hold (the
 * owner may have entered one since the bound was armed). Caller holds
 * the console lock. */
static bool console_hold_overdue(void)
{
	return console_hold_deadline != 0 &&
	       console_place_of(true) == CONSOLE_HOLD &&
	       !console_screen_mode(console_owner) &&
	       arch_counter() >= console_hold_deadline;
}

/* The most a line adds to console_held besides its label and text. */
#define CONSOLE_LINE_OVERHEAD 32u

/* A line from another source than the owner, whole, where it belongs. */
static void console_write_other(const char *label, const char *text,
				size_t len, uint32_t cuts, bool guest)
{
	enum console_place where;
	size_t need = len + CONSOLE_LINE_OVERHEAD;
	uint64_t arm = 0;
	uint32_t rows;

	for (const char *p = label; *p != '\0'; p++)
		need++;
	console_lock_take();
	where = console_place_of(guest);
	if (where == CONSOLE_HOLD && console_hold_overdue()) {
		/* Held long enough (its timer may not have fired yet). */
		console_flush_held(true);
		where = CONSOLE_ABOVE;
	}
	if (where == CONSOLE_HOLD && need > CONSOLE_HOLD_MAX - console_held_len) {
		/* No room: what waits goes out above the owner's row. */
		console_flush_held(true);
		where = CONSOLE_ABOVE;
	}
	/* Held partition lines go out first, in order (unless only this
	 * hypervisor line passes a full-screen program). */
	if (where != CONSOLE_HOLD && console_place_of(true) != CONSOLE_HOLD)
		console_flush_held(where == CONSOLE_ABOVE);
	switch (where) {
	case CONSOLE_HOLD:
		/* The first line held for an open line starts the time bound
		 * (a full-screen program's hold has none: lines written into
		 * its screen would spoil it). */
		if (console_hold_deadline == 0 &&
		    !console_screen_mode(console_owner)) {
			console_hold_deadline = arch_counter() +
				arch_counter_freq() / 1000u * CONSOLE_HOLD_MS;
			arm = console_hold_deadline;
		}
		console_holding = true;
		console_emit_line(label, text, len, cuts, guest);
		console_holding = false;
		break;
	case CONSOLE_ABOVE:
		rows = console_line_rows(label, text, len, cuts, guest);
		console_above_start(rows);
		console_emit_line(label, text, len, cuts, guest);
		console_above_end(rows);
		break;
	case CONSOLE_DIRECT:
	default:
		console_emit_line(label, text, len, cuts, guest);
		break;
	}
	console_lock_give();
	if (arm != 0)
		console_hold_timer_arm(arm);
}

void console_hold_expire(void)
{
	console_lock_take();
	if (console_hold_overdue())
		console_flush_held(true);
	console_lock_give();
}

void console_write_line(const char *label, const char *text, size_t len)
{
	console_write_other(label, text, len, 0, false);
}

/* The owner's terminal is given up (its focus moved, or another live line
 * writes): a line it left open is ended, the alternate screen left, what
 * was held written. Caller holds the console lock. */
static void console_end_owner(void)
{
	struct console_line *o = console_owner;

	if (o != NULL && o->terminal) {
		if (o->alt_screen)
			console_puts(TERM_ALT_SCREEN_OFF);
		console_puts(TERM_HANDBACK);
		if (o->open || console_screen_mode(o)) {
			console_putc('\r');
			console_putc('\n');
		}
		o->open = false;
		o->prompt = false;
		o->alt_screen = false;
		o->addressed = false;
		o->cr = false;
		o->esc = CONSOLE_ESC_NONE;
	}
	console_suspend_open_line();
	console_open_len = 0;
	console_owner = NULL;
	console_flush_held(false);
}

/* Caller holds the console lock. */
static void console_take_owner(struct console_line *l)
{
	if (console_owner != l) {
		console_end_owner();
		console_owner = l;
	}
}

/* ---- the hypercall console's live line ---------------------------------- */

/* Starts a screen row of the open line at the current end of its text. */
static void console_open_new_row(const char *label)
{
	console_open_cols = console_emit_label(label);
	console_open_row = console_open_len;
	console_open_label = label;
}

/* Prints the current row of the open line again (a backspace's redraw). */
static void console_reprint_row(const char *label)
{
	console_open_cols = console_emit_label(label);
	for (uint32_t i = console_open_row; i < console_open_len; i++) {
		console_putc(console_open_text[i]);
		console_open_cols += console_byte_columns(console_open_text[i]);
	}
	console_open_label = label;
}

/* A live character: c is already sanitised, '\n' ends the line. The
 * cursor is always at the end of the open line's text. */
static void console_live_putc(const char *label, char c)
{
	uint32_t w = console_byte_columns(c);

	if (console_open_label != label) {
		/* Another live source's partial line is finished off. */
		console_suspend_open_line();
		console_open_len = 0;
		console_open_new_row(label);
	}
	if (c == '\n') {
		console_suspend_open_line();
		console_open_len = 0;
		return;
	}
	if (console_open_len == CONSOLE_GUEST_LINE_MAX) {
		/* Cut, and marked so at both ends. */
		console_puts(" " CONSOLE_CUT_MARK);
		console_suspend_open_line();
		console_open_len = 0;
		console_open_new_row(label);
		console_puts(CONSOLE_CUT_MARK " ");
		console_open_cols += CONSOLE_CUT_COLS;
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
	console_reprint_row(label);
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
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		switch (c) {
		case '\r':
			break;
		case '\n':
			line->utf8.need = 0;
			console_live_putc(label, '\n');
			break;
		case '\b':
			line->utf8.need = 0;
			console_live_erase(label);
			break;
		case '\t':
			line->utf8.need = 0;
			console_live_tab(label);
			break;
		default:
			console_live_putc(label, console_guest_byte(&line->utf8, c));
			break;
		}
	}
}

/* ---- a terminal's owner ------------------------------------------------- */

/* ECMA-48 section 5.4: ESC '[' starts a control sequence, parameter bytes
 * 0x30..0x3F, intermediate bytes 0x20..0x2F, a final byte 0x40..0x7E; CAN
 * and SUB cancel it. */
#define ASCII_ESC          0x1bu
#define ASCII_CAN          0x18u
#define ASCII_SUB          0x1au
#define CSI_FINAL_FIRST    0x40u
#define CSI_FINAL_LAST     0x7eu
#define CSI_PARAM_CAP      10000u /* larger numbers mean nothing here */
/* DSR 6 (ECMA-48 8.3.35): the terminal answers the cursor position. */
#define CSI_DSR_CURSOR     6u
/* xterm's private modes for the alternate screen buffer. */
#define CSI_ALT_SCREEN_OLD 47u
#define CSI_ALT_SCREEN     1047u
#define CSI_ALT_SCREEN_SC  1049u

/* A control sequence the owner sent, seen whole (its bytes went out). */
static void console_term_csi(struct console_line *l, char final)
{
	bool was_screen = console_screen_mode(l);
	bool asked = false;
	uint32_t n = l->csi_param;

	switch (final) {
	case 'n':
		/* A line editor at its prompt asks where the cursor is
		 * (busybox's does): the owner is back to lines. */
		if (!l->csi_private && n == CSI_DSR_CURSOR) {
			l->addressed = false;
			asked = true;
		}
		break;
	case 'h':
	case 'l':
		if (l->csi_private && (n == CSI_ALT_SCREEN_OLD ||
				       n == CSI_ALT_SCREEN || n == CSI_ALT_SCREEN_SC))
			l->alt_screen = final == 'h';
		break;
	case 'H': /* CUP */
	case 'f': /* HVP */
		l->addressed = true;
		break;
	default:
		break;
	}
	if (console_screen_mode(l))
		return;
	if (was_screen) {
		/* Back from the screen: the row may hold text. */
		l->open = true;
		l->prompt = false;
	}
	if (asked) {
		l->prompt = true;
		console_flush_held(true);
	}
}

static void console_term_escape(struct console_line *l, unsigned char c)
{
	switch (l->esc) {
	case CONSOLE_ESC_SEEN:
		l->esc = c == '[' ? CONSOLE_ESC_CSI
				  : (c == ASCII_ESC ? CONSOLE_ESC_SEEN : CONSOLE_ESC_NONE);
		l->csi_private = false;
		l->csi_param = 0;
		break;
	case CONSOLE_ESC_CSI:
		if (c >= '0' && c <= '9') {
			if (l->csi_param < CSI_PARAM_CAP)
				l->csi_param = (uint16_t)(l->csi_param * 10u +
							  (uint32_t)(c - '0'));
		} else if (c == ';') {
			l->csi_param = 0;
		} else if (c == '?') {
			l->csi_private = true;
		} else if (c >= CSI_FINAL_FIRST && c <= CSI_FINAL_LAST) {
			l->esc = CONSOLE_ESC_NONE;
			console_term_csi(l, (char)c);
		} else if (c == ASCII_ESC) {
			l->esc = CONSOLE_ESC_SEEN;
		} else if (c == ASCII_CAN || c == ASCII_SUB) {
			l->esc = CONSOLE_ESC_NONE;
		} else {
			/* intermediates, other parameter bytes, C0 controls */
		}
		break;
	case CONSOLE_ESC_NONE:
	default:
		if (c == ASCII_ESC)
			l->esc = CONSOLE_ESC_SEEN;
		break;
	}
}

/* One byte of the owner's, as it wrote it. On lines (no full-screen
 * program) its label starts each of its lines, and a line's end is CR LF
 * (a bare LF gets its CR). */
static void console_term_byte(struct console_line *l, const char *label,
			      unsigned char c)
{
	bool screen = console_screen_mode(l);

	if (!screen && !l->open) {
		(void)console_emit_label(label);
		l->open = true;
		l->prompt = false;
		l->cr = false;
	}
	if (c == '\n' && !screen) {
		if (!l->cr)
			console_putc('\r');
		console_putc('\n');
		l->open = false;
		l->prompt = false;
		l->cr = false;
		console_flush_held(false);
		return;
	}
	console_putc((char)c);
	l->cr = c == '\r';
	console_term_escape(l, c);
}

void console_force_line(const char *label, const char *text, size_t len)
{
	bool locked = console_locking &&
		      spin_lock_bounded(&console_lock, CONSOLE_FORCE_SPINS);

	console_end_owner();
	console_emit_line(label, text, len, 0, false);
	if (locked)
		spin_unlock(&console_lock);
}

/* The buffered line out, marked where it was cut. */
static void console_flush_line(struct console_line *line, const char *label,
			       bool cut)
{
	uint32_t cuts = (line->cut ? CONSOLE_CUT_BEFORE : 0u) |
			(cut ? CONSOLE_CUT_AFTER : 0u);

	console_write_other(label, line->text, line->len, cuts, true);
	line->len = 0;
	line->cut = cut;
}

void console_feed(struct console_line *line, const char *label,
		  const char *data, size_t len)
{
	console_lock_take();
	/* Read under the lock: partition_set_focus clears `live` before
	 * console_end_live_line gives the terminal up, so a write that comes
	 * after that never takes it back. */
	if (line->live) {
		console_take_owner(line);
		/* What it wrote before it had the focus starts its line. */
		for (uint32_t i = 0; i < line->len; i++) {
			if (line->terminal)
				console_term_byte(line, label,
						  (unsigned char)line->text[i]);
			else
				console_feed_live(line, label, &line->text[i], 1);
		}
		line->len = 0;
		line->cut = false;
		for (size_t i = 0; line->terminal && i < len; i++)
			console_term_byte(line, label, (unsigned char)data[i]);
		if (!line->terminal)
			console_feed_live(line, label, data, len);
		console_lock_give();
		return;
	}
	console_lock_give();
	for (size_t i = 0; i < len; i++) {
		char c = data[i];

		if (c == '\r')
			continue;
		if (c == '\n') {
			console_flush_line(line, label, false);
			continue;
		}
		/* A full line goes out only when more text follows, so a line
		 * of exactly CONSOLE_GUEST_LINE_MAX ends at its own newline. */
		if (line->len >= CONSOLE_GUEST_LINE_MAX)
			console_flush_line(line, label, true);
		line->text[line->len++] = c;
	}
}

void console_set_command_handler(console_command_fn fn)
{
	console_command_handler = fn;
}

void console_terminal_reset(struct console_line *line)
{
	console_lock_take();
	if (console_owner == line) {
		/* Ended as on a focus change; it stays the owner. */
		console_end_owner();
		console_owner = line;
	}
	line->open = false;
	line->prompt = false;
	line->alt_screen = false;
	line->addressed = false;
	line->cr = false;
	line->esc = CONSOLE_ESC_NONE;
	console_lock_give();
}

void console_end_live_line(void)
{
	console_lock_take();
	console_end_owner();
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
