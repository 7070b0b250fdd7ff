/* SPDX-License-Identifier: MIT */
/*
 * Guest console through shikiri's hypercall console (SK_HC_CONSOLE_WRITE /
 * SK_HC_CONSOLE_READ). Buffers are passed by pointer: with the MMU off a
 * pointer is the guest-physical address.
 *
 * TEST AID: built with -DGUEST_BARE_CONSOLE, the console drives the QEMU virt
 * board's PL011 directly instead, so the runtime can be smoke-tested on bare
 * QEMU at EL1 (no hypervisor). Never used for shikiri partitions.
 */
#ifndef GUEST_CONSOLE_H
#define GUEST_CONSOLE_H

#include <stdint.h>

/* Writes s as is (no newline is added). */
void guest_puts(const char *s);

/* Formats with sk_vsnprintf; output longer than GUEST_PRINTF_MAX is cut. */
#define GUEST_PRINTF_MAX 256u
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One received byte (0..255), or -1 when none is waiting. Never blocks. */
int guest_getc_nonblock(void);

#endif /* GUEST_CONSOLE_H */
