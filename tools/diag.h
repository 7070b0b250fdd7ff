/* SPDX-License-Identifier: MIT */
/*
 * Where the host tool's configuration errors go: one line per error on
 * stderr, "FILE: /node/path: message", and a count for the final summary.
 * The messages are made by config_report() (core/config_check.h), the
 * same for the tool's parser, its checks and the hypervisor at boot.
 */
#ifndef SK_TOOLS_DIAG_H
#define SK_TOOLS_DIAG_H

#include "core/config_check.h"

struct diag {
	const char *file; /* the configuration file being processed */
	unsigned errors;
};

/* An sk_config_report_fn; ctx is a struct diag. */
void diag_report(void *ctx, const char *path, const char *msg);

/* A reporter for config_report() that prints through diag_report, for the
 * tool's own errors (path NULL: about the file as a whole). */
struct sk_config_reporter diag_reporter(struct diag *d);

/* Prints "FILE: N error(s)" when there were any; returns the count. */
unsigned diag_summary(const struct diag *d);

#endif /* SK_TOOLS_DIAG_H */
