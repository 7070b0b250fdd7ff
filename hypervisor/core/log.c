/* SPDX-License-Identifier: MIT */
#include "core/log.h"

#include "core/console.h"
#include "lib/fmt.h"

void log_vline(bool force, const char *fmt, va_list ap)
{
	char buf[CONSOLE_LINE_MAX];
	int n = sk_vsnprintf(buf, sizeof(buf), fmt, ap);

	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1; /* truncated: print what fits */
	if (force)
		console_force_line("shikiri", buf, (size_t)n);
	else
		console_write_line("shikiri", buf, (size_t)n);
}

void log_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(false, fmt, ap);
	va_end(ap);
}
