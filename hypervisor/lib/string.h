/* SPDX-License-Identifier: MIT */
/*
 * The few string and memory routines the hypervisor needs, freestanding.
 * Named sk_* so host builds never confuse them with libc's.
 */
#ifndef SK_LIB_STRING_H
#define SK_LIB_STRING_H

#include <stddef.h>

size_t sk_strlen(const char *s);
size_t sk_strnlen(const char *s, size_t max);
int sk_strcmp(const char *a, const char *b);
int sk_strncmp(const char *a, const char *b, size_t n);
/* Copies at most size-1 characters and always terminates (size > 0).
 * Returns strlen(src), so truncation shows as a result >= size. */
size_t sk_strlcpy(char *dst, const char *src, size_t size);
void *sk_memcpy(void *dst, const void *src, size_t n);
void *sk_memset(void *dst, int c, size_t n);
int sk_memcmp(const void *a, const void *b, size_t n);

#endif /* SK_LIB_STRING_H */
