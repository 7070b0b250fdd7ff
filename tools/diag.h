/* SPDX-License-Identifier: MIT */
/*
 * Error reporting for the host tool: one line per error on stderr,
 * "FILE: /node/path: message", and a count for the final summary.
 */
#ifndef SK_TOOLS_DIAG_H
#define SK_TOOLS_DIAG_H

struct diag {
	const char *file; /* the configuration file being processed */
	unsigned errors;
};

/* An sk_config_report_fn; ctx is a struct diag. */
void diag_report(void *ctx, const char *path, const char *msg);

/* A formatted error at a node path (path may be NULL: no node). */
void diag_error(struct diag *d, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prints "FILE: N error(s)" when there were any; returns the count. */
unsigned diag_summary(const struct diag *d);

#endif /* SK_TOOLS_DIAG_H */
