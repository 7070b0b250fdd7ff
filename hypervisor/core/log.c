/* SPDX-License-Identifier: MIT */
#include "core/log.h"

#include <stdarg.h>

#include "core/console.h"
#include "lib/fmt.h"

void log_line(const char *fmt, ...)
{
	char buf[CONSOLE_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sk_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1;
	console_write_line("shikiri", buf, (size_t)n);
}
