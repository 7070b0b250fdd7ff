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

const struct board_desc board_zcu102 = {
	.name = "zcu102",
	.compatible = "xlnx,zynqmp-zcu102",
	.quirks = BOARD_QUIRK_GICV2_ALIASED_64K,
};
