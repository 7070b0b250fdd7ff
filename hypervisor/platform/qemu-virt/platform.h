/* SPDX-License-Identifier: MIT */
/*
 * Board facts for QEMU's "virt" machine that are needed before the device
 * tree is read. Everything else comes from the device tree.
 */
#ifndef SK_PLATFORM_QEMU_VIRT_H
#define SK_PLATFORM_QEMU_VIRT_H

#define PLATFORM_NAME "qemu-virt"
/* PL011 used for messages printed before the device tree is parsed
 * (hw/arm/virt.c: VIRT_UART). */
#define PLATFORM_EARLY_UART_BASE 0x09000000u

#endif
