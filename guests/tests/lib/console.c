// SPDX-License-Identifier: MIT
/* Guest console: shikiri's hypercall console, a bare PL011, or Xen's. */
#include "console.h"

#include <stdarg.h>
#include <stddef.h>

#include "lib/fmt.h"
#include "shikiri/hypercall.h"

/* Bounds the retry loop when the hypervisor accepts fewer bytes than sent. */
#define CONSOLE_WRITE_MAX_CALLS 64u

#define BARE_PL011_BASE   0x09000000ul
#define BARE_PL011_DR     0x00u
#define BARE_PL011_FR     0x18u
#define BARE_PL011_FR_RXFE (1u << 4)
#define BARE_PL011_FR_TXFF (1u << 5)
#define BARE_PL011_DR_DATA 0xffu
#define BARE_PL011_TX_SPINS 1000000u

/* Xen's hypercall ABI on Arm (xen/include/public/arch-arm.h): HVC with
 * immediate 0xEA1, the call number in x16, arguments from x0. */
#define XEN_HYPERCALL_CONSOLE_IO 18u
#define XEN_CONSOLEIO_WRITE      0u

#ifdef GUEST_BARE_CONSOLE
static enum guest_console_kind console_kind = GUEST_CONSOLE_PL011;
#else
static enum guest_console_kind console_kind = GUEST_CONSOLE_SHIKIRI;
#endif

void guest_console_select(enum guest_console_kind kind)
{
	console_kind = kind;
}

static void shikiri_write(const char *buf, size_t len)
{
	size_t done = 0;

	for (uint32_t calls = 0; done < len && calls < CONSOLE_WRITE_MAX_CALLS;
	     calls++) {
		struct sk_hc_result r = sk_hvc(SK_HC_CONSOLE_WRITE,
					       (uint64_t)(uintptr_t)(buf + done),
					       (uint64_t)(len - done), 0);

		/* Nothing more we could do: the console is our only output. */
		if (r.status != SK_OK || r.r1 == 0 || r.r1 > len - done)
			return;
		done += (size_t)r.r1;
	}
}

static int shikiri_getc(void)
{
	/* The guest writes with its MMU off (non-cacheable); the hypervisor
	 * is responsible for coherence of what it copies in. */
	static char c;
	struct sk_hc_result r = sk_hvc(SK_HC_CONSOLE_READ,
				       (uint64_t)(uintptr_t)&c, 1, 0);

	if (r.status != SK_OK || r.r1 == 0)
		return -1;
	return (int)(unsigned char)c;
}

static volatile uint32_t *bare_pl011_reg(uint32_t offset)
{
	return (volatile uint32_t *)(BARE_PL011_BASE + offset);
}

static void bare_putc(char c)
{
	for (uint32_t i = 0; i < BARE_PL011_TX_SPINS; i++) {
		if ((*bare_pl011_reg(BARE_PL011_FR) & BARE_PL011_FR_TXFF) == 0)
			break;
	}
	*bare_pl011_reg(BARE_PL011_DR) = (uint32_t)(unsigned char)c;
}

static void bare_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			bare_putc('\r');
		bare_putc(buf[i]);
	}
}

static int bare_getc(void)
{
	if (*bare_pl011_reg(BARE_PL011_FR) & BARE_PL011_FR_RXFE)
		return -1;
	return (int)(*bare_pl011_reg(BARE_PL011_DR) & BARE_PL011_DR_DATA);
}

/* CONSOLEIO_write: x0 = command, x1 = count, x2 = buffer (a guest virtual
 * address: with the MMU off, the physical one). Returns x0 < 0 on error. */
static void xen_write(const char *buf, size_t len)
{
	register uint64_t x0 __asm__("x0") = XEN_CONSOLEIO_WRITE;
	register uint64_t x1 __asm__("x1") = (uint64_t)len;
	register uint64_t x2 __asm__("x2") = (uint64_t)(uintptr_t)buf;
	register uint64_t x16 __asm__("x16") = XEN_HYPERCALL_CONSOLE_IO;

	__asm__ volatile("hvc #0xea1"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x16)
			 : : "x3", "x4", "memory");
}

static void console_write(const char *buf, size_t len)
{
	switch (console_kind) {
	case GUEST_CONSOLE_PL011:
		bare_write(buf, len);
		break;
	case GUEST_CONSOLE_XEN:
		xen_write(buf, len);
		break;
	case GUEST_CONSOLE_SHIKIRI:
	default:
		shikiri_write(buf, len);
		break;
	}
}

int guest_getc_nonblock(void)
{
	switch (console_kind) {
	case GUEST_CONSOLE_PL011:
		return bare_getc();
	case GUEST_CONSOLE_XEN:
		return -1; /* output only: the benchmark reads nothing */
	case GUEST_CONSOLE_SHIKIRI:
	default:
		return shikiri_getc();
	}
}

void guest_puts(const char *s)
{
	size_t len = 0;

	while (s[len] != '\0')
		len++;
	console_write(s, len);
}

void guest_printf(const char *fmt, ...)
{
	char buf[GUEST_PRINTF_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = sk_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1; /* truncated; buf is NUL-terminated */
	console_write(buf, (size_t)n);
}
