/* SPDX-License-Identifier: MIT */
/* The hypervisor's own messages: one formatted line each, "[shikiri] ...". */
#ifndef SK_CORE_LOG_H
#define SK_CORE_LOG_H

void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
