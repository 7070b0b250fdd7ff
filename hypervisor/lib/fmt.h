/* SPDX-License-Identifier: MIT */
/*
 * Formatted printing into a buffer, freestanding: no libc, no floating
 * point. Shared by the hypervisor and the host tools so that both word their
 * messages the same way.
 * Conversions: %s %c %d %i %u %x %X %p %% with the l/ll/z length modifiers,
 * the '0' and '-' flags and a field width. Output is always NUL-terminated
 * when size > 0; the return value is the length the full output would have.
 */
#ifndef SK_LIB_FMT_H
#define SK_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

int sk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int sk_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* SK_LIB_FMT_H */
