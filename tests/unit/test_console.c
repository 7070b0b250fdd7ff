/* SPDX-License-Identifier: MIT */
/*
 * The console multiplexer (hypervisor/core/console.c) over a fake PL011
 * that records every character written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/console.h"
#include "stubs/fake_uart.h"

static struct console_line line_a;
static struct console_line line_b;

static int setup(void **state)
{
	char drain[CONSOLE_INPUT_MAX];

	/* The input queue is static: empty it so tests stay independent. */
	while (console_read(drain, sizeof(drain)) > 0)
		;
	(void)state;
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	memset(&line_a, 0, sizeof(line_a));
	memset(&line_b, 0, sizeof(line_b));
	return 0;
}

static void feed_a(const char *s)
{
	console_feed(&line_a, "alpha", s, strlen(s));
}

/* n copies of c, NUL-terminated, in a static buffer. */
static const char *repeat(char c, size_t n)
{
	static char buf[4 * CONSOLE_LINE_MAX + 1];

	assert_true(n < sizeof(buf));
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

/* Appends what the console prints for n copies of ASCII c from a
 * partition labelled label: rows of at most 79 columns, label included,
 * each starting with the label (console.c CONSOLE_ROW_COLUMNS). */
#define ROW_COLUMNS 79u

static void append_rows(char *out, const char *label, char c, size_t n)
{
	size_t per_row = ROW_COLUMNS - (strlen(label) + 3u);

	do {
		size_t k = n < per_row ? n : per_row;

		strcat(out, "[");
		strcat(out, label);
		strcat(out, "] ");
		strcat(out, repeat(c, k));
		n -= k;
		/* The console's wrap is LF CR, a line's end CR LF. */
		strcat(out, n > 0 ? "\n\r" : "\r\n");
	} while (n > 0);
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

static void line_longer_than_the_maximum_is_split(void **state)
{
	char expected[4 * (CONSOLE_LINE_MAX + 16)] = "";

	(void)state;
	feed_a(repeat('x', CONSOLE_LINE_MAX + 5));
	/* The first CONSOLE_LINE_MAX characters go out as their own line
	 * (in rows of 79 columns)... */
	append_rows(expected, "alpha", 'x', CONSOLE_LINE_MAX);
	assert_string_equal(fake_uart_output(), expected);
	/* ...the rest waits for the newline. */
	assert_int_equal(line_a.len, 5);
	feed_a("\n");
	strcat(expected, "[alpha] xxxxx\r\n");
	assert_string_equal(fake_uart_output(), expected);
}

/* A line of exactly the maximum length ends at its own newline: no extra
 * empty line after it. */
static void line_of_exactly_the_maximum_is_one_line(void **state)
{
	char expected[4 * (CONSOLE_LINE_MAX + 16)] = "";

	(void)state;
	feed_a(repeat('y', CONSOLE_LINE_MAX));
	feed_a("\n");
	append_rows(expected, "alpha", 'y', CONSOLE_LINE_MAX);
	assert_string_equal(fake_uart_output(), expected);
	assert_int_equal(line_a.len, 0);
}

static void line_buffer_never_exceeds_the_maximum(void **state)
{
	char one_line[4 * (CONSOLE_LINE_MAX + 16)] = "";

	(void)state;
	for (size_t i = 0; i < 4; i++) {
		feed_a(repeat('z', CONSOLE_LINE_MAX - 1u));
		assert_true(line_a.len <= CONSOLE_LINE_MAX);
	}
	/* 4 * (MAX - 1) characters: three full lines out, the rest held. */
	append_rows(one_line, "alpha", 'z', CONSOLE_LINE_MAX);
	assert_int_equal(fake_uart_output_len(), 3 * strlen(one_line));
}

/* Issue 15 review: a terminal that wraps a long row itself starts the
 * next row with the partition's text ("[shikiri] ..."). The console wraps
 * first, at 79 columns, label included, and labels the new row. */
static void buffered_line_wraps_before_80_columns_with_the_label(void **state)
{
	char expected[256] = "[alpha] ";

	(void)state;
	feed_a(repeat(' ', 71));
	feed_a("[shikiri] x\n");
	strcat(expected, repeat(' ', 71));
	strcat(expected, "\n\r[alpha] [shikiri] x\r\n");
	assert_string_equal(fake_uart_output(), expected);
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

static void line_cutting_into_live_line_reprints_it_whole(void **state)
{
	(void)state;
	feed_live("root# ec");
	console_write_line("beta", "heartbeat 5", 11);
	feed_live("ho\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] root# ec\r\n"
			    "[beta] heartbeat 5\r\n"
			    "[linux] root# echo\r\n");
}

static void buffered_partition_line_cuts_in_the_same_way(void **state)
{
	(void)state;
	feed_live("$ ");
	feed_a("one\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] $ \r\n[alpha] one\r\n[linux] $ ");
	feed_live("\n"); /* the console is static: leave no line open */
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

/* Cut by another line, the open line is printed again; what the guest
 * erases next is still its own. */
static void live_backspace_after_a_cut_in_erases_from_the_reprint(void **state)
{
	(void)state;
	feed_live("ab");
	console_write_line("beta", "hi", 2);
	feed_live("\b\b\b\n");
	assert_string_equal(fake_uart_output(),
			    "[linux] ab\r\n[beta] hi\r\n[linux] ab\b \b\b \b\r\n");
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

/* A line that cuts in: the open line's current row is printed again, and
 * its redraw after an erase starts from that row. */
static void live_wrapped_line_cut_in_reprints_its_current_row(void **state)
{
	char expected[256] = "[linux] ";

	(void)state;
	feed_live(repeat('a', 72));
	console_write_line("beta", "hi", 2);
	feed_live("\n");
	strcat(expected, repeat('a', 71));
	strcat(expected, "\n\r[linux] a\r\n[beta] hi\r\n[linux] a\r\n");
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

static void live_line_longer_than_a_line_wraps_with_a_new_label(void **state)
{
	(void)state;
	feed_live(repeat('x', CONSOLE_LINE_MAX + 3));
	assert_int_equal(strncmp(fake_uart_output(), "[linux] ", 8), 0);
	assert_non_null(strstr(fake_uart_output(), "\r\n[linux] xxx"));
	feed_live("\n");
}

#define CON_TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
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
		CON_TEST(line_longer_than_the_maximum_is_split),
		CON_TEST(line_of_exactly_the_maximum_is_one_line),
		CON_TEST(line_buffer_never_exceeds_the_maximum),
		CON_TEST(buffered_line_wraps_before_80_columns_with_the_label),
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
		CON_TEST(line_cutting_into_live_line_reprints_it_whole),
		CON_TEST(buffered_partition_line_cuts_in_the_same_way),
		CON_TEST(live_control_characters_are_neutralised),
		CON_TEST(live_backspace_never_reaches_the_label),
		CON_TEST(live_backspace_erases_only_its_own_characters),
		CON_TEST(live_backspace_never_reaches_the_previous_line),
		CON_TEST(live_backspace_after_a_cut_in_erases_from_the_reprint),
		CON_TEST(live_backspace_erases_a_whole_utf8_character),
		CON_TEST(live_backspace_over_zero_width_characters_redraws_the_row),
		CON_TEST(live_backspace_over_ascii_after_a_wide_character_moves_one_column),
		CON_TEST(live_line_wraps_before_80_columns_with_the_label),
		CON_TEST(live_line_counts_non_ascii_as_two_columns),
		CON_TEST(live_backspace_at_the_start_of_a_wrapped_row_erases_nothing),
		CON_TEST(live_wrapped_line_cut_in_reprints_its_current_row),
		CON_TEST(live_tab_becomes_spaces),
		CON_TEST(c1_controls_become_dots),
		CON_TEST(malformed_utf8_becomes_dots),
		CON_TEST(live_c1_control_becomes_a_dot),
		CON_TEST(drop_empties_the_queue_and_says_how_much),
		CON_TEST(consume_after_a_drop_takes_nothing),
		CON_TEST(keys_after_a_command_wait_for_it),
		CON_TEST(live_line_longer_than_a_line_wraps_with_a_new_label),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
