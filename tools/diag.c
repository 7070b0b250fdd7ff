/* SPDX-License-Identifier: MIT */
#include "diag.h"

#include <stdio.h>

/* Names in a damaged DTB may hold any byte: keep the terminal sane. */
static void put_printable(const char *s)
{
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		fputc(ch >= 0x20u && ch < 0x7fu ? ch : '?', stderr);
	}
}

void diag_report(void *ctx, const char *path, const char *msg)
{
	struct diag *d = ctx;

	d->errors++;
	fprintf(stderr, "%s: ", d->file);
	if (path != NULL) {
		put_printable(path);
		fputs(": ", stderr);
	}
	put_printable(msg);
	fputc('\n', stderr);
}

struct sk_config_reporter diag_reporter(struct diag *d)
{
	struct sk_config_reporter r = { diag_report, d, 0 };

	return r;
}

unsigned diag_summary(const struct diag *d)
{
	if (d->errors != 0u)
		fprintf(stderr, "%s: %u error(s)\n", d->file, d->errors);
	return d->errors;
}
