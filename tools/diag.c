/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>

#define DIAG_MSG_MAX 1024u

void diag_report(void *ctx, const char *path, const char *msg)
{
	struct diag *d = ctx;

	d->errors++;
	if (path != NULL)
		fprintf(stderr, "%s: %s: %s\n", d->file, path, msg);
	else
		fprintf(stderr, "%s: %s\n", d->file, msg);
}

void diag_error(struct diag *d, const char *path, const char *fmt, ...)
{
	char msg[DIAG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_report(d, path, msg);
}

unsigned diag_summary(const struct diag *d)
{
	if (d->errors != 0u)
		fprintf(stderr, "%s: %u error(s)\n", d->file, d->errors);
	return d->errors;
}
