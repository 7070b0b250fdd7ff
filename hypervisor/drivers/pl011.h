/* SPDX-License-Identifier: MIT */
/* Arm PrimeCell UART (PL011), polled: the hypervisor's physical console. */
#ifndef SK_DRIVERS_PL011_H
#define SK_DRIVERS_PL011_H

#include <stdbool.h>
#include <stdint.h>

void pl011_set_base(uintptr_t base);
/* Waits a bounded time for FIFO space; drops the character if the UART
 * never drains rather than hang the hypervisor. */
void pl011_putc(char c);
/* Returns true and a character if one is waiting. */
bool pl011_getc(char *c);
/* Interrupt on received data (FIFO trigger level or receive timeout). */
void pl011_enable_rx_interrupt(void);

#endif
