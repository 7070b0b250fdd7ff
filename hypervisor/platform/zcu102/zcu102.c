/* SPDX-License-Identifier: MIT */
/*
 * Xilinx ZynqMP ZCU102 (QEMU: -M xlnx-zcu102,virtualization=on,
 * hw/arm/xlnx-zcu102.c), booted with Linux' zynqmp-zcu102-rev1.0.dtb: four
 * Cortex-A53, a GIC-400 (GICv2 with the virtualization extension), the
 * console on UART0 (cdns,uart-r1p12, drivers/cdns_uart.c), PSCI by SMC.
 *
 * The GIC-400's CPU interfaces are 64 KiB-aliased (UG1085, "Interrupts":
 * the GIC's 4 KiB register pages decoded over 64 KiB; QEMU's
 * hw/arm/xlnx-zynqmp.c maps them so), and the device tree's GICC and GICV
 * regions start at the first alias: their second page (GICC_DIR, GICV_DIR)
 * is only contiguous from +0xf000, where Linux moves them too
 * (drivers/irqchip/irq-gic.c, gic_check_eoimode: "Adjusting CPU interface
 * base").
 */
#include "platform/board.h"

#include "lib/array.h"

/* The clock, reset and I/O-configuration registers the PMU firmware owns
 * (UG1087: CRL_APB, CRF_APB, IOU_SLCR; the firmware's calls are refused to
 * partitions, docs/hypercalls.md). */
static const struct board_shared_ctrl zcu102_shared[] = {
	{ "the low-power domain's clocks and resets (CRL_APB)",
	  { 0xff5e0000u, 0x10000u } },
	{ "the full-power domain's clocks and resets (CRF_APB)",
	  { 0xfd1a0000u, 0x10000u } },
	{ "the I/O configuration (IOU_SLCR)", { 0xff180000u, 0x10000u } },
};

const struct board_desc board_zcu102 = {
	.name = "zcu102",
	.compatible = "xlnx,zynqmp-zcu102",
	.quirks = BOARD_QUIRK_GICV2_ALIASED_64K,
	.shared = zcu102_shared,
	.shared_count = ARRAY_SIZE(zcu102_shared),
};
