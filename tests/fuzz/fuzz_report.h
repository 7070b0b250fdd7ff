/* SPDX-License-Identifier: MIT */
/*
 * What the configuration checks reported, kept small enough to compare two
 * runs: the count and a digest (FNV-1a) of every path and message in
 * order. Used by the harnesses that drive config_check and the parser.
 */
#ifndef SK_FUZZ_REPORT_H
#define SK_FUZZ_REPORT_H

#include <stdint.h>

#include "fuzz_check.h"

#define FUZZ_MAX_REPORTS 4096u
#define REPORT_DIGEST_SEED 2166136261u /* FNV-1a offset basis */
#define REPORT_DIGEST_PRIME 16777619u

struct report_log {
	unsigned count;
	uint32_t digest; /* of every path and message, in order */
};

#define REPORT_LOG_INIT { 0, REPORT_DIGEST_SEED }

static inline uint32_t report_digest_str(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (uint8_t)*s) * REPORT_DIGEST_PRIME;
	return (h ^ 0xffu) * REPORT_DIGEST_PRIME;
}

/* One report: it says something, and there are not endlessly many. The
 * caller checks what its path must look like. */
static inline void report_log_add(struct report_log *log, const char *path,
				  const char *msg)
{
	FUZZ_ASSERT(path != NULL);
	FUZZ_ASSERT(msg != NULL && msg[0] != '\0');
	FUZZ_ASSERT(++log->count < FUZZ_MAX_REPORTS);
	log->digest = report_digest_str(report_digest_str(log->digest, path), msg);
}

#endif /* SK_FUZZ_REPORT_H */
