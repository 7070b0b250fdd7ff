/* SPDX-License-Identifier: MIT */
/*
 * Walking a guest's device tree in the packer: every node in document
 * order, a node by its phandle, and a node's "reg" as the CPU sees it
 * (translated through the "ranges" of the buses above it, devicetree
 * specification v0.4, 2.3.8). All walks are bounded, since the tree is
 * whatever file the configuration names.
 */
#ifndef SK_TOOLS_DTB_WALK_H
#define SK_TOOLS_DTB_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/fdt.h"

/* Nodes looked at by one walk: far more than any guest tree holds. */
#define DTB_WALK_MAX 4096

/* The node after node in document order (depth first), or -1. */
int dtb_next_node(const struct fdt *fdt, int node);

/* The node whose phandle (or linux,phandle) is ph, or -1. */
int dtb_node_by_phandle(const struct fdt *fdt, uint32_t ph);

/*
 * Entry i of node's "reg" translated to a CPU (root) address. false when
 * there is no such entry or the node is not memory-mapped: a bus above it
 * has no "ranges" (an I2C bus, /cpus), a cell count other than 1 or 2
 * (PCI's 3), or no range of a bus holds the address.
 */
bool dtb_reg_cpu(const struct fdt *fdt, int node, uint32_t i, uint64_t *base,
		 uint64_t *size);

/* The interrupt parent of node (its own or an ancestor's
 * "interrupt-parent"), or -1. */
int dtb_interrupt_parent(const struct fdt *fdt, int node);

#endif /* SK_TOOLS_DTB_WALK_H */
