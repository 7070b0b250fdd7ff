/* SPDX-License-Identifier: MIT */
/*
 * The Arm GIC device-tree binding's interrupt specifier (Linux
 * Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml and
 * arm,gic-v3.yaml): three cells, <type number flags>; type 0 is an SPI
 * whose INTID is number + 32, type 1 a PPI whose INTID is number + 16
 * (spec/gic.h has the INTID ranges). Read by the boot-time board parser
 * and the packer's PCI interrupt-map check. Numbers only, no code.
 */
#ifndef SK_SPEC_GIC_DT_H
#define SK_SPEC_GIC_DT_H

#define GIC_DT_INTR_CELLS 3u /* #interrupt-cells of a GIC node */
#define GIC_DT_INTR_SPI   0u /* cell 0: an SPI */
#define GIC_DT_INTR_PPI   1u /* cell 0: a PPI */

#endif
