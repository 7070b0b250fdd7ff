/* SPDX-License-Identifier: MIT */
#include "lib/fmt.h"

#include <stdbool.h>
#include <stdint.h>

/* Widths beyond this are treated as this: no field is that wide. */
#define FMT_WIDTH_MAX 1000u

/* Output cursor: counts every character, stores those that fit. */
struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

struct fmt_spec {
	bool left;      /* '-' flag */
	bool zero;      /* '0' flag */
	unsigned width;
	unsigned length; /* 0: int, 1: long, 2: long long, 3: size_t */
};

static void fmt_putc(struct fmt_out *out, char c)
{
	if (out->len + 1 < out->size)
		out->buf[out->len] = c;
	out->len++;
}

static void fmt_pad(struct fmt_out *out, char c, unsigned count)
{
	for (unsigned i = 0; i < count; i++)
		fmt_putc(out, c);
}

static size_t fmt_strnlen(const char *s, size_t max)
{
	size_t n = 0;

	/* cppcheck-suppress arrayIndexOutOfBoundsCond ; stops at the NUL */
	while (n < max && s[n] != '\0')
		n++;
	return n;
}

static bool fmt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void fmt_string(struct fmt_out *out, const struct fmt_spec *spec,
		       const char *s)
{
	size_t n;

	if (s == NULL)
		s = "(null)";
	n = fmt_strnlen(s, 4096);
	if (!spec->left && spec->width > n)
		fmt_pad(out, ' ', spec->width - (unsigned)n);
	for (size_t i = 0; i < n; i++)
		fmt_putc(out, s[i]);
	if (spec->left && spec->width > n)
		fmt_pad(out, ' ', spec->width - (unsigned)n);
}

static void fmt_number(struct fmt_out *out, const struct fmt_spec *spec,
		       uint64_t value, bool negative, unsigned base,
		       bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned n = 0;
	unsigned total;

	do {
		tmp[n++] = digits[value % base];
		value /= base;
	} while (value != 0 && n < sizeof(tmp));

	total = n + (negative ? 1u : 0u);
	if (!spec->left && spec->width > total) {
		if (spec->zero) {
			if (negative)
				fmt_putc(out, '-');
			negative = false;
			fmt_pad(out, '0', spec->width - total);
		} else {
			fmt_pad(out, ' ', spec->width - total);
		}
	}
	if (negative)
		fmt_putc(out, '-');
	while (n > 0)
		fmt_putc(out, tmp[--n]);
	if (spec->left && spec->width > total)
		fmt_pad(out, ' ', spec->width - total);
}

static uint64_t fmt_arg_unsigned(va_list *ap, unsigned length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	case 3:
		return va_arg(*ap, size_t);
	default:
		return 0;
	}
}

static int64_t fmt_arg_signed(va_list *ap, unsigned length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return 0;
	}
}

/* Parses flags, width and length of one conversion; returns the pointer to
 * the conversion character. */
static const char *fmt_parse_spec(const char *p, struct fmt_spec *spec)
{
	*spec = (struct fmt_spec){ 0 };
	for (;; p++) {
		if (*p == '-')
			spec->left = true;
		else if (*p == '0')
			spec->zero = true;
		else
			break;
	}
	/* Every digit is consumed; the width saturates at FMT_WIDTH_MAX. */
	for (; fmt_is_digit(*p); p++) {
		if (spec->width < FMT_WIDTH_MAX)
			spec->width = spec->width * 10 + (unsigned)(*p - '0');
	}
	if (*p == 'l') {
		spec->length = 1;
		if (*++p == 'l') {
			spec->length = 2;
			p++;
		}
	} else if (*p == 'z') {
		spec->length = 3;
		p++;
	}
	return p;
}

static void fmt_convert(struct fmt_out *out, const struct fmt_spec *spec,
			char conv, va_list *ap)
{
	switch (conv) {
	case 's':
		fmt_string(out, spec, va_arg(*ap, const char *));
		break;
	case 'c':
		fmt_putc(out, (char)va_arg(*ap, int));
		break;
	case 'd':
	case 'i': {
		int64_t v = fmt_arg_signed(ap, spec->length);
		uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

		fmt_number(out, spec, mag, v < 0, 10, false);
		break;
	}
	case 'u':
		fmt_number(out, spec, fmt_arg_unsigned(ap, spec->length), false,
			   10, false);
		break;
	case 'x':
	case 'X':
		fmt_number(out, spec, fmt_arg_unsigned(ap, spec->length), false,
			   16, conv == 'X');
		break;
	case 'p':
		fmt_putc(out, '0');
		fmt_putc(out, 'x');
		fmt_number(out, spec, (uint64_t)(uintptr_t)va_arg(*ap, void *),
			   false, 16, false);
		break;
	case '%':
		fmt_putc(out, '%');
		break;
	default:
		/* Unknown conversion: show it rather than guess at arguments. */
		fmt_putc(out, '%');
		fmt_putc(out, conv);
		break;
	}
}

int sk_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out out = { .buf = buf, .size = size, .len = 0 };
	struct fmt_spec spec;
	va_list args;

	va_copy(args, ap);
	for (const char *p = fmt; *p != '\0'; p++) {
		if (*p != '%') {
			fmt_putc(&out, *p);
			continue;
		}
		p = fmt_parse_spec(p + 1, &spec);
		if (*p == '\0')
			break;
		fmt_convert(&out, &spec, *p, &args);
	}
	va_end(args);
	if (size > 0)
		buf[out.len < size ? out.len : size - 1] = '\0';
	return out.len > 0x7fffffff ? 0x7fffffff : (int)out.len;
}

int sk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sk_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
