/* SPDX-License-Identifier: MIT */
/*
 * NXP i.MX 8M Plus EVK (QEMU: -M imx8mp-evk, hw/arm/imx8mp-evk.c), booted
 * with the imx8mp-evk.dtb of Linux: four Cortex-A53, GICv3 (GIC-600), the
 * console on UART2 (fsl,imx8mp-uart, drivers/imx_uart.c), PSCI by SMC.
 *
 * QEMU 10.0.2's model connects each CPU's IRQ and FIQ inputs to the GIC but
 * not the GIC's virtual IRQ and FIQ outputs (hw/arm/fsl-imx8mp.c; wired
 * later upstream by "hw/arm/fsl-imx8mp: Wire VIRQ and VFIQ"): list
 * registers fill, yet a guest is never interrupted. Its maintenance
 * interrupt and timers are wired, so the hypervisor raises the virtual IRQ
 * itself (BOARD_QUIRK_GIC_VIRQ_UNWIRED). The device tree cannot tell the
 * model from the silicon, which has the wire: there the workaround only
 * costs a few exits (the hardware's signal and HCR_EL2.VI are ORed).
 */
#include "platform/board.h"

#include "lib/array.h"

/* The controllers every device's clocks, resets, pins and power domains go
 * through (i.MX 8M Plus RM, "System Memory Map": AIPS-1), 64 KiB each. */
#define IMX8MP_AIPS1_BLOCK 0x10000u
static const struct board_shared_ctrl imx8mp_evk_shared[] = {
	{ "the pin controller (IOMUXC)", { 0x30330000u, IMX8MP_AIPS1_BLOCK } },
	{ "the pin controller's general registers (IOMUXC_GPR)",
	  { 0x30340000u, IMX8MP_AIPS1_BLOCK } },
	{ "the PLLs (ANATOP)", { 0x30360000u, IMX8MP_AIPS1_BLOCK } },
	{ "the clock controller (CCM)", { 0x30380000u, IMX8MP_AIPS1_BLOCK } },
	{ "the reset controller (SRC)", { 0x30390000u, IMX8MP_AIPS1_BLOCK } },
	{ "the power controller (GPC)", { 0x303a0000u, IMX8MP_AIPS1_BLOCK } },
};

const struct board_desc board_imx8mp_evk = {
	.name = "imx8mp-evk",
	.compatible = "fsl,imx8mp-evk",
	.quirks = BOARD_QUIRK_GIC_VIRQ_UNWIRED,
	.shared = imx8mp_evk_shared,
	.shared_count = ARRAY_SIZE(imx8mp_evk_shared),
};
