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

/* A partition's line is kept until its newline and written whole, up to
 * this many bytes; a longer line is written in parts of this size, the
 * first ending in " [...]", the next starting with "[...] ". The
 * hypervisor's own lines are at most CONSOLE_LINE_MAX. */
#define CONSOLE_GUEST_LINE_MAX 1024u

/* Other sources' lines held back while the focused partition is in the
 * middle of a line or has the whole screen (console.c). */
#define CONSOLE_HOLD_MAX 4096u
/* How long lines wait for the owner to end its line (not a full-screen
 * program's hold): then they go above its row. Long enough for a line
 * written in parts with short pauses to stay whole in a log; short
 * enough that an operator's Ctrl-] answer behind a half-written line
 * that never ends (a program's question without a prompt) comes soon. */
#define CONSOLE_HOLD_MS 1000u

/* Where a UTF-8 sequence stands (console.c console_guest_byte). */
struct console_utf8 {
	uint8_t need; /* continuation bytes the sequence still needs */
	bool c1;      /* its lead was C2: next byte from A0, or a C1 */
};

enum console_esc {
	CONSOLE_ESC_NONE = 0,
	CONSOLE_ESC_SEEN, /* ESC */
	CONSOLE_ESC_CSI,  /* ESC [ and parameters */
};

/*
 * A partition's console output. Two kinds of writer share the terminal:
 *  - the partition with the input focus (`live`) owns it. If its console
 *    is a terminal device (`terminal`: the virtual PL011, where Linux's
 *    tty is), its bytes pass unchanged (escape sequences, CR, backspace,
 *    UTF-8), so its line editor, vi, top and less work, and the terminal's
 *    answers (the cursor position for ESC [6n) arrive as input, which is
 *    its. Its label starts each of its lines, except while a full-screen
 *    program runs (the alternate screen, or the cursor placed by row and
 *    column, until the line editor asks for the cursor position again).
 *    What it shows is its own: the operator gave it the keyboard. A
 *    hypercall console's live line is still a line of sanitised text
 *    written as it comes (see below).
 *  - everyone else (the hypervisor, the other partitions) writes whole
 *    labelled lines, never a part, never twice. While the owner is in the
 *    middle of a line, or runs a full-screen program, they are held back
 *    (up to CONSOLE_HOLD_MAX) and written when it ends its line, reaches a
 *    prompt (asks for the cursor position) or leaves the screen, or after
 *    CONSOLE_HOLD_MS (above its row) if it does none of that; while it
 *    waits at a prompt they are written above its row with terminal
 *    controls, its row moving down (console.c TERM_ABOVE_START); the
 *    hypervisor's lines are not held from a full-screen program, they go
 *    above its cursor row.
 * What a partition writes when it is not the owner never moves the cursor:
 * control characters and DEL show as '.', bytes from 0x80 pass only as
 * well-formed UTF-8 that is no C1 control, and a line that may be wider
 * than 79 columns goes out with the terminal's autowrap off, so no screen
 * row starts with its text unlabelled (the captured output has it whole).
 * A hypercall console's live line is wrapped by the console into rows of
 * at most 79 columns (non-ASCII counted as 2), each starting with the
 * label; a backspace erases the last character of the current row (none
 * left: nothing), redrawing the row when that character is not ASCII, and
 * a tab becomes spaces.
 */
struct console_line {
	char text[CONSOLE_GUEST_LINE_MAX]; /* as written, CR dropped */
	uint32_t len;
	bool live;
	bool terminal;
	bool cut;              /* text continues a line cut before it */
	struct console_utf8 utf8; /* the hypercall console's live line */
	/* The terminal owner's state (console.c). */
	bool open;             /* wrote since its last line end */
	bool prompt;           /* asked for the cursor position on this line */
	bool alt_screen;
	bool addressed;        /* placed the cursor by row and column */
	bool cr;               /* its last byte was CR */
	uint8_t esc;           /* enum console_esc */
	bool csi_private;      /* the control sequence has a '?' */
	uint16_t csi_param;    /* its last numeric parameter */
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
/* Console commands: Ctrl-] followed by a key (core/console_commands.c has
 * the keys). Ctrl-] Ctrl-] sends a literal Ctrl-]. The handler runs without
 * the console lock held. */
#define CONSOLE_ESCAPE 0x1d /* Ctrl-] */
typedef void (*console_command_fn)(char key);
void console_set_command_handler(console_command_fn fn);
/* The focused partition gives the terminal up (it loses the input focus):
 * a line it left open is ended, the alternate screen left, the terminal's
 * modes put back (console.c TERM_HANDBACK), held lines written. */
void console_end_live_line(void);
/* The partition's terminal device was reset (a restart): what its old
 * run left (an open line, the alternate screen, a half escape sequence)
 * is ended, so the new run starts on a fresh line. */
void console_terminal_reset(struct console_line *line);
/* The UART's receive interrupt is intid (0: none, input is polled). */
void console_set_rx_interrupt(uint32_t intid);
uint32_t console_rx_interrupt(void);
/* True if queued input waits (no UART access: cheap on every exit). */
bool console_input_waiting(void);
/* Panic path: takes the console even if its holder never comes back. */
void console_force_line(const char *label, const char *text, size_t len);
/* The time bound of a hold: called by the CPU whose timer
 * console_hold_timer_arm set, at or after that deadline. Lines held for
 * the owner's open line longer than CONSOLE_HOLD_MS go above its row. */
void console_hold_expire(void);
/* Provided by the arch code: this CPU's EL2 timer also fires at deadline
 * (a system counter value; 0: not for the console), to call
 * console_hold_expire. */
void console_hold_timer_arm(uint64_t deadline);

#endif
