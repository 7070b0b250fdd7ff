/* SPDX-License-Identifier: MIT */
/*
 * Guest console. By default through shikiri's hypercall console
 * (SK_HC_CONSOLE_WRITE / SK_HC_CONSOLE_READ); buffers are passed by
 * pointer: with the MMU off a pointer is the guest-physical address.
 *
 * The benchmark guest runs on three setups and picks at start-up: the QEMU
 * virt board's PL011 (bare metal at EL1) or Xen's console_io hypercall
 * (as Xen's dom0, output only). TEST AID: built with -DGUEST_BARE_CONSOLE
 * the PL011 is the default, so the runtime can be smoke-tested on bare
 * QEMU at EL1 (no hypervisor).
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdint.h>

enum guest_console_kind {
	GUEST_CONSOLE_SHIKIRI,
	GUEST_CONSOLE_PL011,
	GUEST_CONSOLE_XEN,
};

void guest_console_select(enum guest_console_kind kind);

/* Writes s as is (no newline is added). */
void guest_puts(const char *s);

/* Formats with sk_vsnprintf; output longer than GUEST_PRINTF_MAX is cut. */
#define GUEST_PRINTF_MAX 256u
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One received byte (0..255), or -1 when none is waiting. Never blocks. */
int guest_getc_nonblock(void);

#endif /* GUEST_CONSOLE_H */
