/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer (hypervisor/core/console.c) over a fake PL011
 * that records every character written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/console.h"
#include "stubs/fake_console_hold.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_uart.h"

static struct console_line line_a;
static struct console_line line_b;
static struct console_line line_t; /* a terminal (the virtual PL011) */

/* hypervisor/core/console.c's terminal controls. */
#define AUTOWRAP_OFF "\x1b[?7l"
#define AUTOWRAP_ON  "\x1b[?7h"
#define ABOVE_START  "\n\x1b[A\x1b" "7\x1b[L\x1b[m\r"
#define ABOVE_END    "\x1b" "8\x1b[B"

static int setup(void **state)
{
	char drain[CONSOLE_INPUT_MAX];

	/* The input queue is static: empty it so tests stay independent. */
	while (console_read(drain, sizeof(drain)) > 0)
		;
	(void)state;
	/* Nor does a terminal owner or a held line: the console's output
	 * state is static too. */
	console_end_live_line();
	fake_counter_reset();
	fake_console_hold_reset();
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	memset(&line_a, 0, sizeof(line_a));
	memset(&line_b, 0, sizeof(line_b));
	memset(&line_t, 0, sizeof(line_t));
	return 0;
}

static void feed_a(const char *s)
{
	console_feed(&line_a, "alpha", s, strlen(s));
}

/* n copies of c, NUL-terminated, in a static buffer. */
static const char *repeat(char c, size_t n)
{
	static char buf[4 * CONSOLE_GUEST_LINE_MAX + 1];

	assert_true(n < sizeof(buf));
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* Appends what the console prints for a buffered line of n copies of
 * ASCII c from a partition labelled label, marked where it was cut
 * (before: it continues a cut line; after: it is cut): one line, with the
 * terminal's autowrap off around it if it takes more than 79 columns
 * (console.c CONSOLE_ROW_COLUMNS). */
#define ROW_COLUMNS 79u

static void append_line(char *out, const char *label, char c, size_t n,
			bool before, bool after)
{
	size_t cols = strlen(label) + 3u + n + (before ? 6u : 0u) +
		      (after ? 6u : 0u);
	bool nowrap = cols > ROW_COLUMNS;

	if (nowrap)
		strcat(out, AUTOWRAP_OFF);
	strcat(out, "[");
	strcat(out, label);
	strcat(out, "] ");
	if (before)
		strcat(out, "[...] ");
	strcat(out, repeat(c, n));
	if (after)
		strcat(out, " [...]");
	strcat(out, nowrap ? "\r" AUTOWRAP_ON "\n" : "\r\n");
}

static void set_uart_passes_the_base_to_the_driver(void **state)
{
	(void)state;
	console_set_uart(&fake_uart_driver, 0x30890000u);
	assert_int_equal(fake_uart_base(), 0x30890000u);
}

static void write_line_labels_the_text(void **state)
{
	(void)state;
	console_write_line("shikiri", "booting", 7);
	assert_string_equal(fake_uart_output(), "[shikiri] booting\r\n");
}

static void write_line_uses_only_len_characters(void **state)
{
	(void)state;
	console_write_line("x", "abcdef", 3);
	assert_string_equal(fake_uart_output(), "[x] abc\r\n");
}

static void complete_line_is_written_labelled(void **state)
{
	(void)state;
	feed_a("hello\n");
	assert_string_equal(fake_uart_output(), "[alpha] hello\r\n");
}

static void partial_line_is_held_back(void **state)
{
	(void)state;
	feed_a("hel");
	assert_int_equal(fake_uart_output_len(), 0);
	assert_int_equal(line_a.len, 3);
}

static void partial_line_is_completed_by_a_later_feed(void **state)
{
	(void)state;
	feed_a("hel");
	feed_a("lo");
	feed_a("\n");
	assert_string_equal(fake_uart_output(), "[alpha] hello\r\n");
}

static void several_lines_in_one_feed_are_each_labelled(void **state)
{
	(void)state;
	feed_a("one\ntwo\nthr");
	assert_string_equal(fake_uart_output(), "[alpha] one\r\n[alpha] two\r\n");
	assert_int_equal(line_a.len, 3);
}

static void empty_line_is_written_as_a_label_alone(void **state)
{
	(void)state;
	feed_a("\n");
	assert_string_equal(fake_uart_output(), "[alpha] \r\n");
}

static void carriage_returns_are_dropped(void **state)
{
	(void)state;
	feed_a("a\r\nb\rc\r\n");
	assert_string_equal(fake_uart_output(), "[alpha] a\r\n[alpha] bc\r\n");
}

static void lone_carriage_return_does_not_end_a_line(void **state)
{
	(void)state;
	feed_a("abc\r");
	assert_int_equal(fake_uart_output_len(), 0);
}

/* Issue 20: a line is never split below CONSOLE_GUEST_LINE_MAX; a longer
 * one is cut there, and both parts say so. */
static void line_longer_than_the_maximum_is_cut_and_marked(void **state)
{
	static char expected[4 * (CONSOLE_GUEST_LINE_MAX + 32)];

	(void)state;
	expected[0] = '\0';
	feed_a(repeat('x', CONSOLE_GUEST_LINE_MAX + 5));
	/* The first CONSOLE_GUEST_LINE_MAX characters go out as one line... */
	append_line(expected, "alpha", 'x', CONSOLE_GUEST_LINE_MAX, false, true);
	assert_string_equal(fake_uart_output(), expected);
	/* ...the rest waits for the newline. */
	assert_int_equal(line_a.len, 5);
	feed_a("\n");
	strcat(expected, "[alpha] [...] xxxxx\r\n");
	assert_string_equal(fake_uart_output(), expected);
	/* The next line is whole again. */
	feed_a("next\n");
	strcat(expected, "[alpha] next\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* A line of exactly the maximum length ends at its own newline: no extra
 * empty line after it, no mark. */
static void line_of_exactly_the_maximum_is_one_line(void **state)
{
	static char expected[4 * (CONSOLE_GUEST_LINE_MAX + 32)];

	(void)state;
	expected[0] = '\0';
	feed_a(repeat('y', CONSOLE_GUEST_LINE_MAX));
	feed_a("\n");
	append_line(expected, "alpha", 'y', CONSOLE_GUEST_LINE_MAX, false, false);
	assert_string_equal(fake_uart_output(), expected);
	assert_int_equal(line_a.len, 0);
}

/* The issue 20 report: a 300-character line came out cut in two. */
static void line_of_300_characters_is_one_line(void **state)
{
	static char expected[512];

	(void)state;
	expected[0] = '\0';
	feed_a(repeat('w', 300));
	feed_a("\n");
	append_line(expected, "alpha", 'w', 300, false, false);
	assert_string_equal(fake_uart_output(), expected);
}

static void line_buffer_never_exceeds_the_maximum(void **state)
{
	static char parts[4 * (CONSOLE_GUEST_LINE_MAX + 32)];

	(void)state;
	parts[0] = '\0';
	for (size_t i = 0; i < 4; i++) {
		feed_a(repeat('z', CONSOLE_GUEST_LINE_MAX - 1u));
		assert_true(line_a.len <= CONSOLE_GUEST_LINE_MAX);
	}
	/* 4 * (MAX - 1) characters: three full parts out, the rest held. */
	append_line(parts, "alpha", 'z', CONSOLE_GUEST_LINE_MAX, false, true);
	append_line(parts, "alpha", 'z', CONSOLE_GUEST_LINE_MAX, true, true);
	append_line(parts, "alpha", 'z', CONSOLE_GUEST_LINE_MAX, true, true);
	assert_string_equal(fake_uart_output(), parts);
}

/* Issue 15 review: a terminal that wraps a long row itself starts the
 * next row with the partition's text ("[shikiri] ..."). Issue 20: the
 * line stays one line; the terminal's autowrap is off while it is
 * written, so no row starts with it. */
static void buffered_line_wider_than_a_row_goes_out_with_autowrap_off(void **state)
{
	char expected[256] = AUTOWRAP_OFF "[alpha] ";

	(void)state;
	feed_a(repeat(' ', 71));
	feed_a("[shikiri] x\n");
	strcat(expected, repeat(' ', 71));
	strcat(expected, "[shikiri] x\r" AUTOWRAP_ON "\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* Counted as the terminal may show it: from U+0080 2 columns each. */
static void buffered_line_counts_non_ascii_as_two_columns(void **state)
{
	char text[256] = "";
	char expected[512] = "[alpha] ";

	(void)state;
	for (int i = 0; i < 35; i++)
		strcat(text, "\xc3\xa9");
	feed_a(text);
	feed_a("\n");
	strcat(expected, text);
	strcat(expected, "\r\n");
	/* 8 + 70 columns: fits; one more does not. */
	assert_string_equal(fake_uart_output(), expected);
	fake_uart_reset();
	strcat(text, "\xc3\xa9");
	feed_a(text);
	feed_a("\n");
	assert_int_equal(strncmp(fake_uart_output(), AUTOWRAP_OFF, strlen(AUTOWRAP_OFF)), 0);
}

/* The hypervisor's own lines hold no partition-chosen text: one row. */
static void hypervisor_line_is_not_wrapped(void **state)
{
	char expected[256] = "[shikiri] ";

	(void)state;
	console_write_line("shikiri", repeat('s', 100), 100);
	strcat(expected, repeat('s', 100));
	strcat(expected, "\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

static void control_characters_become_dots(void **state)
{
	(void)state;
	feed_a("a\x01" "b\x07" "c\x08" "d\x7f" "e\n");
	assert_string_equal(fake_uart_output(), "[alpha] a.b.c.d.e\r\n");
}

/* A guest cannot move the cursor, clear the screen or recolour text. */
static void escape_sequences_are_defused(void **state)
{
	(void)state;
	feed_a("\x1b[2J\x1b[31mred\n");
	assert_string_equal(fake_uart_output(), "[alpha] .[2J.[31mred\r\n");
}

static void nul_bytes_become_dots(void **state)
{
	(void)state;
	console_feed(&line_a, "alpha", "a\0b\n", 4);
	assert_string_equal(fake_uart_output(), "[alpha] a.b\r\n");
}

static void tab_is_kept(void **state)
{
	(void)state;
	feed_a("a\tb\n");
	assert_string_equal(fake_uart_output(), "[alpha] a\tb\r\n");
}

/* Bytes from 0x80 up (UTF-8) pass unchanged, whatever the signedness of
 * char on the build machine. */
static void utf8_passes_through(void **state)
{
	(void)state;
	feed_a("caf\xc3\xa9\n");
	assert_string_equal(fake_uart_output(), "[alpha] caf\xc3\xa9\r\n");
}

static void partial_lines_of_two_partitions_never_interleave(void **state)
{
	(void)state;
	feed_a("hel");
	console_feed(&line_b, "beta", "wor", 3);
	feed_a("lo\n");
	console_feed(&line_b, "beta", "ld\n", 3);
	assert_string_equal(fake_uart_output(),
			    "[alpha] hello\r\n[beta] world\r\n");
}

static void hypervisor_line_between_partial_guest_output_stays_whole(void **state)
{
	(void)state;
	feed_a("abc");
	console_write_line("shikiri", "note", 4);
	feed_a("def\n");
	assert_string_equal(fake_uart_output(),
			    "[shikiri] note\r\n[alpha] abcdef\r\n");
}

static void read_returns_waiting_characters(void **state)
{
	char buf[8];

	(void)state;
	fake_uart_push_input("hi", 2);
	assert_int_equal(console_read(buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "hi", 2);
	assert_int_equal(fake_uart_input_pending(), 0);
}

static void read_stops_at_the_capacity(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 0, sizeof(buf));
	fake_uart_push_input("abcde", 5);
	assert_int_equal(console_read(buf, 3), 3);
	assert_memory_equal(buf, "abc\0", 4);
	/* The rest stays queued, in order. */
	assert_int_equal(console_read(buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "de", 2);
}

static void read_with_nothing_waiting_returns_zero(void **state)
{
	char buf[4];

	(void)state;
	assert_int_equal(console_read(buf, sizeof(buf)), 0);
}

static void read_with_zero_capacity_consumes_nothing(void **state)
{
	char buf[1];

	(void)state;
	fake_uart_push_input("x", 1);
	assert_int_equal(console_read(buf, 0), 0);
	/* The character moved to the input queue and is still there. */
	assert_true(console_input_waiting());
	assert_int_equal(console_read(buf, 1), 1);
	assert_int_equal(buf[0], 'x');
	assert_false(console_input_waiting());
}

static void force_line_writes_a_labelled_line(void **state)
{
	(void)state;
	console_force_line("panic", "cpu 1", 5);
	assert_string_equal(fake_uart_output(), "[panic] cpu 1\r\n");
}

/* After console_enable_locking the same output still comes out whole
 * (the lock is taken and released on every line). */
static void locked_console_writes_and_reads_as_before(void **state)
{
	char buf[4];

	(void)state;
	console_enable_locking();
	feed_a("one\n");
	console_write_line("shikiri", "two", 3);
	console_force_line("panic", "three", 5);
	fake_uart_push_input("k", 1);
	assert_int_equal(console_read(buf, sizeof(buf)), 1);
	feed_a("four\n");
	assert_string_equal(fake_uart_output(),
			    "[alpha] one\r\n[shikiri] two\r\n[panic] three\r\n"
			    "[alpha] four\r\n");
}


/* ---- live output (the partition with the input focus) ---- */

static const char live_label[] = "linux";

static void feed_live(const char *s)
{
	line_b.live = true;
	console_feed(&line_b, live_label, s, strlen(s));
}

/* Every live test ends its line: the console's open-line state is static
 * and would carry into the next test. */
static void live_output_appears_before_the_newline(void **state)
{
	(void)state;
	feed_live("root# ");
	assert_string_equal(fake_uart_output(), "[linux] root# ");
	feed_live("ls\n");
	assert_string_equal(fake_uart_output(), "[linux] root# ls\r\n");
}

/* Issue 20: the open line is never printed twice; the other line goes
 * above its row and the live line goes on where it was. */
static void line_cutting_into_live_line_goes_above_it(void **state)
{
	(void)state;
	feed_live("root# ec");
	console_write_line("beta", "heartbeat 5", 11);
	feed_live("ho\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] root# ec"
			    ABOVE_START "[beta] heartbeat 5\r\n" ABOVE_END
			    "ho\r\n");
}

static void buffered_partition_line_goes_above_in_the_same_way(void **state)
{
	(void)state;
	feed_live("$ ");
	feed_a("one\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] $ " ABOVE_START "[alpha] one\r\n" ABOVE_END);
}

static void live_control_characters_are_neutralised(void **state)
{
	(void)state;
	feed_live("a\x1b[2Jb\bc\r\n");
	/* ESC cannot start an escape sequence; a backspace erases the last
	 * character; carriage returns are dropped. */
	assert_string_equal(fake_uart_output(), "[linux] a.[2Jb\b \bc\r\n");
}

/* Issue 15 item 5: backspaces from an empty open line would move the
 * cursor into the label and let the guest print "[shikiri] ..." from the
 * start of the line. They go nowhere. */
static void live_backspace_never_reaches_the_label(void **state)
{
	(void)state;
	feed_live("\b\b\b\b\b\b\b\b[shikiri] partition 'rtos' stopped\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] [shikiri] partition 'rtos' stopped\r\n");
}

static void live_backspace_erases_only_its_own_characters(void **state)
{
	(void)state;
	feed_live("ab\b\b\b\bc\n");
	assert_string_equal(fake_uart_output(), "[linux] ab\b \b\b \bc\r\n");
}

/* After a line has ended, the next line's backspaces cannot climb back. */
static void live_backspace_never_reaches_the_previous_line(void **state)
{
	(void)state;
	feed_live("one\n\b\bx\n");
	assert_string_equal(fake_uart_output(), "[linux] one\r\n[linux] x\r\n");
}

/* A line written above the open line leaves it where it was; what the
 * guest erases next is still its own. */
static void live_backspace_after_a_cut_in_erases_its_own(void **state)
{
	(void)state;
	feed_live("ab");
	console_write_line("beta", "hi", 2);
	feed_live("\b\b\b\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] ab" ABOVE_START "[beta] hi\r\n" ABOVE_END
			    "\b \b\b \b\r\n");
}

/* One backspace erases one character, however many bytes its UTF-8 takes:
 * two backspaces after "\xc3\xa9" must not move two columns. A character
 * from U+0080 has no known width, so the row is redrawn: CR, label, the
 * rest of the row, blanks over the at most 2 columns it took, back over
 * the blanks. */
static void live_backspace_erases_a_whole_utf8_character(void **state)
{
	(void)state;
	feed_live("\xc3\xa9\b\bz\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] \xc3\xa9\r[linux]   \b\bz\r\n");
}

/* Issue 15 review: U+200B takes no column. "\b \b" per erased character
 * walked back over the label; the redraw never moves left of the text. */
#define ZWSP "\xe2\x80\x8b"

static void live_backspace_over_zero_width_characters_redraws_the_row(void **state)
{
	(void)state;
	feed_live("a" ZWSP ZWSP "\b\b\b\b\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] a" ZWSP ZWSP
			    "\r[linux] a" ZWSP "  \b\b"
			    "\r[linux] a  \b\b"
			    "\b \b\r\n");
}

/* An ASCII character is one column wherever it is: "\b \b" erases it even
 * after characters of unknown width. */
static void live_backspace_over_ascii_after_a_wide_character_moves_one_column(void **state)
{
	(void)state;
	feed_live("\xe4\xb8\xad" "a\b\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] \xe4\xb8\xad" "a\b \b\r\n");
}

static void live_line_wraps_before_80_columns_with_the_label(void **state)
{
	char expected[256] = "[linux] ";

	(void)state;
	feed_live(repeat(' ', 71));
	feed_live("[shikiri] x\n");
	strcat(expected, repeat(' ', 71));
	strcat(expected, "\n\r[linux] [shikiri] x\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* Every character from U+0080 counts 2 columns: 35 of them fill 70 of
 * the 71 columns after the label, the 36th starts a new row. */
static void live_line_counts_non_ascii_as_two_columns(void **state)
{
	char expected[512] = "[linux] ";

	(void)state;
	for (int i = 0; i < 36; i++)
		feed_live("\xc3\xa9");
	feed_live("\n");
	for (int i = 0; i < 35; i++)
		strcat(expected, "\xc3\xa9");
	strcat(expected, "\n\r[linux] \xc3\xa9\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* After the console's own wrap, a backspace at the start of the new row
 * erases nothing: the row above and the label are out of reach. */
static void live_backspace_at_the_start_of_a_wrapped_row_erases_nothing(void **state)
{
	char expected[256] = "[linux] ";

	(void)state;
	feed_live(repeat('a', 71));
	feed_live("b\b\b\bc\n");
	strcat(expected, repeat('a', 71));
	strcat(expected, "\n\r[linux] b\b \bc\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* A line that cuts into a wrapped live line goes above its current row;
 * a redraw after an erase still starts from that row. */
static void live_wrapped_line_cut_in_goes_above_its_current_row(void **state)
{
	char expected[256] = "[linux] ";

	(void)state;
	feed_live(repeat('a', 72));
	console_write_line("beta", "hi", 2);
	feed_live("\xc3\xa9\b\n");
	strcat(expected, repeat('a', 71));
	strcat(expected, "\n\r[linux] a" ABOVE_START "[beta] hi\r\n" ABOVE_END
			 "\xc3\xa9\r[linux] a  \b\b\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* A tab is spaces to the next stop of 8, counted from the text's start,
 * so the guest's own erase of it (as many backspaces) stays on its text. */
static void live_tab_becomes_spaces(void **state)
{
	(void)state;
	feed_live("ab\tc\n");
	assert_string_equal(fake_uart_output(), "[linux] ab      c\r\n");
}

/* C1 controls (CSI is 0x9b) move the cursor like ESC on a terminal that
 * takes them: neither as a lone byte nor as UTF-8 (C2 9B) do they pass. */
static void c1_controls_become_dots(void **state)
{
	(void)state;
	feed_a("\x9b" "2J\xc2\x9b" "2Jx\n");
	assert_string_equal(fake_uart_output(), "[alpha] .2J\xc2.2Jx\r\n");
}

static void malformed_utf8_becomes_dots(void **state)
{
	(void)state;
	/* A continuation byte alone, an overlong lead (C0), a lead above
	 * U+10FFFF (F5); then a 3-byte character that is fine. */
	feed_a("\xa9\xc0\xaf\xf5\xe2\x82\xac\n");
	assert_string_equal(fake_uart_output(), "[alpha] ....\xe2\x82\xac\r\n");
}

static void live_c1_control_becomes_a_dot(void **state)
{
	(void)state;
	feed_live("a\x9b" "2K\n");
	assert_string_equal(fake_uart_output(), "[linux] a.2K\r\n");
}

/* ---- input and the focus (issue 15 item 6) ---- */

static void drop_empties_the_queue_and_says_how_much(void **state)
{
	char buf[8];

	(void)state;
	fake_uart_push_input("LEAK", 4);
	console_input_poll();
	assert_int_equal(console_input_drop(), 4);
	assert_false(console_input_waiting());
	assert_int_equal(console_read(buf, sizeof(buf)), 0);
}

/* A consume for characters peeked before a drop takes nothing that came
 * after it. */
static void consume_after_a_drop_takes_nothing(void **state)
{
	char buf[8];
	uint32_t epoch;

	(void)state;
	fake_uart_push_input("old", 3);
	assert_int_equal(console_input_peek(buf, sizeof(buf), &epoch), 3);
	assert_int_equal(console_input_drop(), 3);
	fake_uart_push_input("new", 3);
	console_input_consume(3, epoch);
	assert_int_equal(console_read(buf, sizeof(buf)), 3);
	assert_memory_equal(buf, "new", 3);
}

static size_t queued_at_command;
static char command_seen;

static void record_command(char key)
{
	command_seen = key;
	queued_at_command = console_input_drop();
}

/* Keys typed after Ctrl-] <key> wait in the UART until the command has run:
 * they belong to whoever has the focus after it. */
static void keys_after_a_command_wait_for_it(void **state)
{
	char buf[8];

	(void)state;
	console_set_command_handler(record_command);
	fake_uart_push_input("ab\x1d" "2cd", 6);
	console_input_poll();
	assert_int_equal(command_seen, '2');
	assert_int_equal(queued_at_command, 2); /* "ab" only */
	assert_int_equal(console_read(buf, sizeof(buf)), 2);
	assert_memory_equal(buf, "cd", 2);
	console_set_command_handler(NULL);
}

static void live_line_longer_than_a_line_is_cut_and_marked(void **state)
{
	(void)state;
	feed_live(repeat('x', CONSOLE_GUEST_LINE_MAX + 3));
	assert_int_equal(strncmp(fake_uart_output(), "[linux] ", 8), 0);
	assert_non_null(strstr(fake_uart_output(), "x [...]\r\n[linux] [...] xxx"));
	feed_live("\n");
}

/* ---- a terminal's owner (the focused partition with a virtual PL011) ---- */

static void feed_term(const char *s)
{
	line_t.live = true;
	line_t.terminal = true;
	console_feed(&line_t, "linux", s, strlen(s));
}

/* Issue 20: its escape sequences reach the terminal (busybox's line editor
 * asks for the cursor position after its prompt), after its label. */
static void terminal_bytes_pass_unchanged_after_the_label(void **state)
{
	(void)state;
	feed_term("root# \x1b[6n");
	assert_string_equal(fake_uart_output(), "[linux] root# \x1b[6n");
	feed_term("\x1b[1mbold\x1b[m\b\t\x7f\x9b\r\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] root# \x1b[6n\x1b[1mbold\x1b[m\b\t\x7f\x9b\r\n");
}

/* Its lines end CR LF whether it sends CR LF (a tty) or LF alone; each
 * starts with its label. */
static void terminal_lines_end_with_cr_lf_and_start_with_the_label(void **state)
{
	(void)state;
	feed_term("a\nb\r\n\r\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] a\r\n[linux] b\r\n[linux] \r\n");
}

/* In the middle of its line (no prompt), another source's line waits for
 * the line's end: neither is cut. */
static void other_lines_wait_for_the_end_of_the_terminal_line(void **state)
{
	(void)state;
	feed_term("linux-1-first ");
	feed_a("control: report\n");
	console_write_line("shikiri", "x", 1);
	assert_string_equal(fake_uart_output(), "[linux] linux-1-first ");
	feed_term("second\r\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] linux-1-first second\r\n"
			    "[alpha] control: report\r\n[shikiri] x\r\n");
}

/* At a prompt (it asked for the cursor position) the line waits for keys:
 * other lines go above it, held ones first. */
static void other_lines_go_above_a_prompt(void **state)
{
	(void)state;
	feed_term("$ ");
	feed_a("one\n");
	assert_string_equal(fake_uart_output(), "[linux] $ ");
	feed_term("\x1b[6n");
	assert_string_equal(fake_uart_output(),
			    "[linux] $ \x1b[6n" ABOVE_START "[alpha] one\r\n" ABOVE_END);
	fake_uart_reset();
	console_write_line("shikiri", "x", 1);
	assert_string_equal(fake_uart_output(),
			    ABOVE_START "[shikiri] x\r\n" ABOVE_END);
	/* Typing goes on; its next line is held for again. */
	feed_term("ls\r\nout");
	feed_a("two\n");
	feed_term("put\r\n");
	assert_string_equal(fake_uart_output(),
			    ABOVE_START "[shikiri] x\r\n" ABOVE_END
			    "ls\r\n[linux] output\r\n[alpha] two\r\n");
}

/* A full-screen program (the alternate screen): no label, other
 * partitions' lines held until it is back at its prompt; the hypervisor's
 * own lines show at once, above the cursor's row. */
static void full_screen_program_keeps_the_screen(void **state)
{
	(void)state;
	feed_term("\x1b[?1049h\x1b[1;1Hvi\nrow 2");
	assert_string_equal(fake_uart_output(), "[linux] \x1b[?1049h\x1b[1;1Hvi\nrow 2");
	fake_uart_reset();
	feed_a("one\n");
	assert_string_equal(fake_uart_output(), "");
	console_write_line("shikiri", "x", 1);
	assert_string_equal(fake_uart_output(),
			    ABOVE_START "[shikiri] x\r\n" ABOVE_END);
	fake_uart_reset();
	/* Leaving the alternate screen, the shell's prompt asks again. */
	feed_term("\x1b[?1049l");
	assert_string_equal(fake_uart_output(), "\x1b[?1049l");
	feed_term("$ \x1b[6n");
	assert_string_equal(fake_uart_output(),
			    "\x1b[?1049l$ \x1b[6n" ABOVE_START "[alpha] one\r\n" ABOVE_END);
}

/* `clear`, top: the cursor placed by row and column, without the
 * alternate screen, is a full screen too, until the prompt asks again. */
static void cursor_placed_by_row_and_column_keeps_the_screen(void **state)
{
	(void)state;
	feed_term("\x1b[H\x1b[Jtop\n");
	feed_a("one\n");
	assert_string_equal(fake_uart_output(), "[linux] \x1b[H\x1b[Jtop\n");
	feed_term("$ \x1b[6n");
	assert_string_equal(fake_uart_output(),
			    "[linux] \x1b[H\x1b[Jtop\n$ \x1b[6n"
			    ABOVE_START "[alpha] one\r\n" ABOVE_END);
}

/* console.c TERM_HANDBACK: what a terminal owner may have left set, put
 * back when it gives the terminal up. */
#define HANDBACK "\x18\x1b\\\x1b[?47l\x1b" "7\x1b[?6l\x1b[r\x1b" "8\x0f\x1b(B\x1b)B" \
	"\x1b[m\x1b[4l\x1b[?1;1000;1002;1003;1006;2004l\x1b>\x1b[?7;25h"

/* The focus moves: the line it left open ends, its screen is left, what
 * was held goes out. */
static void losing_the_focus_gives_the_terminal_back(void **state)
{
	(void)state;
	feed_term("\x1b[?1049hvi");
	feed_a("one\n");
	line_t.live = false;
	console_end_live_line();
	assert_string_equal(fake_uart_output(),
			    "[linux] \x1b[?1049hvi\x1b[?1049l" HANDBACK
			    "\r\n[alpha] one\r\n");
	/* Its output is a partition's line like any other now. */
	fake_uart_reset();
	console_feed(&line_t, "linux", "\x1b[6n$ \n", 8);
	assert_string_equal(fake_uart_output(), "[linux] .[6n$ \r\n");
}

/* What it wrote without the focus and has not ended starts its line, as
 * written, when it gets the focus: the prompt's request is not lost. */
static void text_written_before_the_focus_starts_the_terminal_line(void **state)
{
	(void)state;
	console_feed(&line_t, "linux", "$ \x1b[6n", 6);
	assert_string_equal(fake_uart_output(), "");
	feed_term("");
	assert_string_equal(fake_uart_output(), "[linux] $ \x1b[6n");
	feed_term("\n");
}

/* Restarted in the middle of vi: the new run does not inherit the
 * alternate screen (no label, other lines held) from the old. */
static void terminal_reset_ends_the_old_runs_screen(void **state)
{
	(void)state;
	feed_term("\x1b[?1049hvi");
	console_terminal_reset(&line_t);
	assert_string_equal(fake_uart_output(),
			    "[linux] \x1b[?1049hvi\x1b[?1049l" HANDBACK "\r\n");
	fake_uart_reset();
	feed_term("Booting Linux\r\n");
	feed_a("one\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] Booting Linux\r\n[alpha] one\r\n");
}

/* Held lines that do not fit are not lost: they go above the line. */
static void a_full_hold_goes_above_the_line(void **state)
{
	/* Each line takes 8 + 60 + 2 bytes held. */
	size_t held_lines = CONSOLE_HOLD_MAX / 70u + 1u;

	(void)state;
	feed_term("half ");
	for (size_t i = 0; i <= held_lines; i++) {
		feed_a(repeat('h', 60));
		feed_a("\n");
	}
	assert_non_null(strstr(fake_uart_output(),
			       "[linux] half " ABOVE_START "[alpha] hhhh"));
	feed_term("\n");
}

/* The time bound, in counter ticks (fake_counter's frequency). */
#define HOLD_TICKS (FAKE_COUNTER_DEFAULT_FREQ / 1000u * CONSOLE_HOLD_MS)

/* Red team 20: a half-written line that never ends (a question without a
 * prompt) holds the others' lines, the operator's answers too, for at
 * most CONSOLE_HOLD_MS: then they go above its row. */
static void a_hold_for_an_open_line_ends_after_its_time_bound(void **state)
{
	(void)state;
	fake_counter_set(1000);
	feed_term("Continue? ");
	feed_a("one\n");
	assert_int_equal(fake_console_hold_armed(), 1000 + HOLD_TICKS);
	fake_counter_advance(HOLD_TICKS / 2);
	console_write_line("shikiri", "x", 1);
	/* armed once, by the first line held */
	assert_int_equal(fake_console_hold_armed(), 1000 + HOLD_TICKS);
	fake_counter_set(1000 + HOLD_TICKS - 1);
	console_hold_expire();
	assert_string_equal(fake_uart_output(), "[linux] Continue? ");
	fake_counter_set(1000 + HOLD_TICKS);
	console_hold_expire();
	assert_string_equal(fake_uart_output(),
			    "[linux] Continue? "
			    ABOVE_START "[alpha] one\r\n" ABOVE_END
			    ABOVE_START "[shikiri] x\r\n" ABOVE_END);
	/* The owner's row goes on where it was; a new hold, a new bound. */
	fake_uart_reset();
	feed_term("y");
	feed_a("two\n");
	assert_int_equal(fake_console_hold_armed(), 1000 + 2 * HOLD_TICKS);
	feed_term("\r\n");
	assert_string_equal(fake_uart_output(), "y\r\n[alpha] two\r\n");
	/* Ended by the line's end: a late timer finds nothing to do. */
	fake_counter_advance(2 * HOLD_TICKS);
	console_hold_expire();
	assert_string_equal(fake_uart_output(), "y\r\n[alpha] two\r\n");
}

/* Its timer need not have fired: the next line after the bound lets the
 * held ones out, above the row, in order, and goes after them. */
static void a_line_after_the_time_bound_does_not_wait_for_the_timer(void **state)
{
	(void)state;
	feed_term("half ");
	feed_a("one\n");
	fake_counter_advance(HOLD_TICKS);
	feed_a("two\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] half "
			    ABOVE_START "[alpha] one\r\n" ABOVE_END
			    ABOVE_START "[alpha] two\r\n" ABOVE_END);
}

/* A full-screen program's hold has no time bound: lines written into its
 * screen would spoil it (they wait for its shell's prompt). */
static void a_full_screen_hold_has_no_time_bound(void **state)
{
	(void)state;
	feed_term("\x1b[?1049h\x1b[1;1Hvi");
	fake_uart_reset();
	feed_a("one\n");
	assert_int_equal(fake_console_hold_armed(), 0);
	fake_counter_advance(10u * HOLD_TICKS);
	console_hold_expire();
	feed_a("two\n");
	assert_string_equal(fake_uart_output(), "");
	feed_term("\x1b[?1049l$ \x1b[6n");
	assert_string_equal(fake_uart_output(),
			    "\x1b[?1049l$ \x1b[6n"
			    ABOVE_START "[alpha] one\r\n" ABOVE_END
			    ABOVE_START "[alpha] two\r\n" ABOVE_END);
}

/* A bound armed for an open line does not let lines into a full-screen
 * program the owner started since: neither its timer nor a later line. */
static void a_time_bound_armed_before_a_full_screen_program_keeps_its_screen(void **state)
{
	(void)state;
	feed_term("half ");
	feed_a("one\n");
	assert_int_equal(fake_console_hold_armed(), HOLD_TICKS);
	feed_term("\x1b[?1049h");
	fake_uart_reset();
	fake_counter_advance(2u * HOLD_TICKS);
	console_hold_expire();
	feed_a("two\n");
	assert_string_equal(fake_uart_output(), "");
}

/* A hypervisor's line wider than a row, written above the owner's row,
 * gets as many rows as the terminal wraps it into: it never overwrites
 * the owner's row (Ctrl-] l's lines at a prompt are some 100 columns). */
static void a_wide_hypervisor_line_goes_above_in_all_its_rows(void **state)
{
	char text[101];
	char expected[512];

	(void)state;
	memset(text, 'w', 100);
	text[100] = '\0';
	feed_term("$ \x1b[6n");
	fake_uart_reset();
	console_write_line("shikiri", text, 100);
	/* "[shikiri] " and 100 characters: 110 columns, two rows */
	(void)snprintf(expected, sizeof(expected),
		       "\n\n\x1b[2A\x1b" "7\x1b[2L\x1b[m\r[shikiri] %s\r\n\x1b" "8\x1b[2B",
		       text);
	assert_string_equal(fake_uart_output(), expected);
	/* Held, then let out above: the same. */
	fake_uart_reset();
	feed_term("ls\r\nhalf");
	console_write_line("shikiri", text, 100);
	fake_counter_advance(HOLD_TICKS);
	console_hold_expire();
	(void)snprintf(expected, sizeof(expected),
		       "ls\r\n[linux] half"
		       "\n\n\x1b[2A\x1b" "7\x1b[2L\x1b[m\r[shikiri] %s\r\n\x1b" "8\x1b[2B",
		       text);
	assert_string_equal(fake_uart_output(), expected);
}

#define CON_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		CON_TEST(terminal_bytes_pass_unchanged_after_the_label),
		CON_TEST(terminal_lines_end_with_cr_lf_and_start_with_the_label),
		CON_TEST(other_lines_wait_for_the_end_of_the_terminal_line),
		CON_TEST(other_lines_go_above_a_prompt),
		CON_TEST(full_screen_program_keeps_the_screen),
		CON_TEST(cursor_placed_by_row_and_column_keeps_the_screen),
		CON_TEST(losing_the_focus_gives_the_terminal_back),
		CON_TEST(text_written_before_the_focus_starts_the_terminal_line),
		CON_TEST(terminal_reset_ends_the_old_runs_screen),
		CON_TEST(a_full_hold_goes_above_the_line),
		CON_TEST(a_hold_for_an_open_line_ends_after_its_time_bound),
		CON_TEST(a_line_after_the_time_bound_does_not_wait_for_the_timer),
		CON_TEST(a_full_screen_hold_has_no_time_bound),
		CON_TEST(a_wide_hypervisor_line_goes_above_in_all_its_rows),
		CON_TEST(a_time_bound_armed_before_a_full_screen_program_keeps_its_screen),
		CON_TEST(set_uart_passes_the_base_to_the_driver),
		CON_TEST(write_line_labels_the_text),
		CON_TEST(write_line_uses_only_len_characters),
		CON_TEST(complete_line_is_written_labelled),
		CON_TEST(partial_line_is_held_back),
		CON_TEST(partial_line_is_completed_by_a_later_feed),
		CON_TEST(several_lines_in_one_feed_are_each_labelled),
		CON_TEST(empty_line_is_written_as_a_label_alone),
		CON_TEST(carriage_returns_are_dropped),
		CON_TEST(lone_carriage_return_does_not_end_a_line),
		CON_TEST(line_longer_than_the_maximum_is_cut_and_marked),
		CON_TEST(line_of_300_characters_is_one_line),
		CON_TEST(line_of_exactly_the_maximum_is_one_line),
		CON_TEST(line_buffer_never_exceeds_the_maximum),
		CON_TEST(buffered_line_wider_than_a_row_goes_out_with_autowrap_off),
		CON_TEST(buffered_line_counts_non_ascii_as_two_columns),
		CON_TEST(hypervisor_line_is_not_wrapped),
		CON_TEST(control_characters_become_dots),
		CON_TEST(escape_sequences_are_defused),
		CON_TEST(nul_bytes_become_dots),
		CON_TEST(tab_is_kept),
		CON_TEST(utf8_passes_through),
		CON_TEST(partial_lines_of_two_partitions_never_interleave),
		CON_TEST(hypervisor_line_between_partial_guest_output_stays_whole),
		CON_TEST(read_returns_waiting_characters),
		CON_TEST(read_stops_at_the_capacity),
		CON_TEST(read_with_nothing_waiting_returns_zero),
		CON_TEST(read_with_zero_capacity_consumes_nothing),
		CON_TEST(force_line_writes_a_labelled_line),
		/* Last: locking cannot be switched off again. */
		CON_TEST(locked_console_writes_and_reads_as_before),
		CON_TEST(live_output_appears_before_the_newline),
		CON_TEST(line_cutting_into_live_line_goes_above_it),
		CON_TEST(buffered_partition_line_goes_above_in_the_same_way),
		CON_TEST(live_control_characters_are_neutralised),
		CON_TEST(live_backspace_never_reaches_the_label),
		CON_TEST(live_backspace_erases_only_its_own_characters),
		CON_TEST(live_backspace_never_reaches_the_previous_line),
		CON_TEST(live_backspace_after_a_cut_in_erases_its_own),
		CON_TEST(live_backspace_erases_a_whole_utf8_character),
		CON_TEST(live_backspace_over_zero_width_characters_redraws_the_row),
		CON_TEST(live_backspace_over_ascii_after_a_wide_character_moves_one_column),
		CON_TEST(live_line_wraps_before_80_columns_with_the_label),
		CON_TEST(live_line_counts_non_ascii_as_two_columns),
		CON_TEST(live_backspace_at_the_start_of_a_wrapped_row_erases_nothing),
		CON_TEST(live_wrapped_line_cut_in_goes_above_its_current_row),
		CON_TEST(live_tab_becomes_spaces),
		CON_TEST(c1_controls_become_dots),
		CON_TEST(malformed_utf8_becomes_dots),
		CON_TEST(live_c1_control_becomes_a_dot),
		CON_TEST(drop_empties_the_queue_and_says_how_much),
		CON_TEST(consume_after_a_drop_takes_nothing),
		CON_TEST(keys_after_a_command_wait_for_it),
		CON_TEST(live_line_longer_than_a_line_is_cut_and_marked),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
