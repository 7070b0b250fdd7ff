/* SPDX-License-Identifier: MIT */
#include "lib/string.h"

#include <stdint.h>

size_t sk_strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0')
		n++;
	return n;
}

size_t sk_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n] != '\0')
		n++;
	return n;
}

int sk_strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

int sk_strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (a[i] != b[i] || a[i] == '\0')
			return (int)(unsigned char)a[i] -
			       (int)(unsigned char)b[i];
	}
	return 0;
}

size_t sk_strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = sk_strlen(src);

	if (size > 0) {
		size_t n = len < size - 1 ? len : size - 1;

		(void)sk_memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

void *sk_memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	/* Word copies when both sides are aligned: image loading copies
	 * megabytes at boot, and every vCPU switch a trap frame twice (four
	 * words a turn: a third of the instructions of one, as -Os does not
	 * unroll). */
	if ((((uintptr_t)d | (uintptr_t)s) & 7u) == 0) {
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			const uint64_t *sw = (const uint64_t *)(const void *)s;
			uint64_t *dw = (uint64_t *)(void *)d;
			uint64_t a = sw[0];
			uint64_t b = sw[1];
			uint64_t c = sw[2];
			uint64_t e = sw[3];

			dw[0] = a;
			dw[1] = b;
			dw[2] = c;
			dw[3] = e;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
	}
	while (n-- > 0)
		*d++ = *s++;
	return dst;
}

void *sk_memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	while (n-- > 0)
		*d++ = (uint8_t)c;
	return dst;
}

int sk_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a;
	const uint8_t *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i])
			return (int)x[i] - (int)y[i];
	}
	return 0;
}

#ifdef SK_HYPERVISOR
/* GCC may call these even in freestanding code (struct copies and
 * initialisers; GCC manual, "C Language Standards"), more so at -Os. Not
 * built for the host, where the C library has them. used: with -flto the
 * calls appear only after link-time optimisation has dropped what no
 * code referred to yet. */
void *memcpy(void *dst, const void *src, size_t n) __attribute__((used));
void *memset(void *dst, int c, size_t n) __attribute__((used));

void *memcpy(void *dst, const void *src, size_t n)
{
	return sk_memcpy(dst, src, n);
}

void *memset(void *dst, int c, size_t n)
{
	return sk_memset(dst, c, n);
}
#endif
