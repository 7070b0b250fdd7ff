/* SPDX-License-Identifier: MIT */
/*
 * NXP i.MX 8M Plus EVK (QEMU: -M imx8mp-evk, hw/arm/imx8mp-evk.c), booted
 * with the imx8mp-evk.dtb of Linux: four Cortex-A53, GICv3 (GIC-600), the
 * console on UART2 (fsl,imx8mp-uart, drivers/imx_uart.c), PSCI by SMC.
 * Nothing the device tree does not say.
 */
#include "platform/board.h"

const struct board_desc board_imx8mp_evk = {
	.name = "imx8mp-evk",
	.compatible = "fsl,imx8mp-evk",
	.quirks = 0,
};
