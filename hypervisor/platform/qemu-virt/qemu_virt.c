/* SPDX-License-Identifier: MIT */
/*
 * QEMU's virt machine (hw/arm/virt.c): everything shikiri needs is in the
 * device tree QEMU generates (PL011 console, GICv2 or GICv3, PSCI by SMC
 * with virtualization=on).
 */
#include "platform/board.h"

const struct board_desc board_qemu_virt = {
	.name = "qemu-virt",
	.compatible = "linux,dummy-virt",
	.quirks = 0,
};
