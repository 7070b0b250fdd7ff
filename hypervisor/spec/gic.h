/* SPDX-License-Identifier: MIT */
/*
 * Facts of the Arm GIC architecture that several layers need (the packer and
 * the boot-time validator check INTIDs, the board code reads device-tree
 * interrupt specifiers, the GIC drivers and the vGIC emulate them). Numbers
 * only: no code, no includes beyond <stdint.h>, so every folder may include
 * it. GIC Architecture Specification (IHI 0069H), 2.2 "INTIDs", Table 2-1.
 */
#ifndef SK_SPEC_GIC_H
#define SK_SPEC_GIC_H

#include <stdint.h>

#define GIC_INTID_SGI_FIRST     0u    /* software-generated, per CPU */
#define GIC_INTID_PPI_FIRST     16u   /* private peripheral, per CPU */
#define GIC_INTID_SPI_FIRST     32u   /* shared peripheral */
#define GIC_INTID_SPI_LAST      1019u
#define GIC_INTID_SPECIAL_FIRST 1020u /* 1020-1023: special INTIDs */
#define GIC_INTID_SPURIOUS      1023u /* an acknowledge with nothing pending */

#endif
