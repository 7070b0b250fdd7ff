/* SPDX-License-Identifier: MIT */
/* The hypervisor's own messages: one formatted line each, "[shikiri] ...". */
#ifndef SK_CORE_LOG_H
#define SK_CORE_LOG_H

#include <stdarg.h>
#include <stdbool.h>

void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* force: write even if the console lock is never released (panic path). */
void log_vline(bool force, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#endif
