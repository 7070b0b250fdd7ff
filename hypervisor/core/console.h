/* SPDX-License-Identifier: MIT */
/*
 * The physical console: one UART shared by the hypervisor and every
 * partition. Output is written a whole line at a time under one lock, each
 * line labelled with its source ("[shikiri]", "[alpha]"), so lines from
 * different CPUs never interleave mid-line.
 */
#ifndef SK_CORE_CONSOLE_H
#define SK_CORE_CONSOLE_H

#include <stddef.h>
#include <stdint.h>

#define CONSOLE_LINE_MAX 160u

/* A partition's partial output line, flushed at '\n', or when full and
 * more text follows. */
struct console_line {
	char text[CONSOLE_LINE_MAX];
	uint32_t len;
};

void console_set_uart(uintptr_t base);
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
/* Panic path: takes the console even if its holder never comes back. */
void console_force_line(const char *label, const char *text, size_t len);

#endif
