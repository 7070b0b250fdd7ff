/* SPDX-License-Identifier: MIT */
#include "dtb_walk.h"

#define CELL 4u

int dtb_next_node(const struct fdt *fdt, int node)
{
	int next = fdt_first_child(fdt, node);
	int depth = 0;

	/* Else the next sibling of the nearest ancestor that has one. */
	while (next < 0 && node >= 0 && depth++ < DTB_WALK_MAX) {
		next = fdt_next_sibling(fdt, node);
		if (next < 0)
			node = fdt_parent(fdt, node);
	}
	return next;
}

int dtb_node_by_phandle(const struct fdt *fdt, uint32_t ph)
{
	int node = fdt_root(fdt);

	for (int seen = 0; node >= 0 && seen < DTB_WALK_MAX; seen++) {
		uint32_t v;

		if ((fdt_get_u32(fdt, node, "phandle", &v) ||
		     fdt_get_u32(fdt, node, "linux,phandle", &v)) && v == ph)
			return node;
		node = dtb_next_node(fdt, node);
	}
	return -1;
}

/* Moves addr from bus's child address space to its parent's through one
 * "ranges" entry; false when none holds it or the cells are not 1 or 2. */
static bool through_ranges(const struct fdt *fdt, int bus, uint64_t *addr)
{
	uint32_t len = 0;
	const uint8_t *r = fdt_get_prop(fdt, bus, "ranges", &len);
	int up = fdt_parent(fdt, bus);
	uint32_t ca = fdt_address_cells(fdt, bus);
	uint32_t sc = fdt_size_cells(fdt, bus);
	uint32_t pa;
	uint32_t entry;

	if (r == NULL || up < 0)
		return false;
	if (len == 0u)
		return true; /* empty: the same address space */
	pa = fdt_address_cells(fdt, up);
	if (ca < 1u || ca > 2u || pa < 1u || pa > 2u || sc < 1u || sc > 2u)
		return false;
	entry = (ca + pa + sc) * CELL;
	for (uint32_t at = 0; at + entry <= len; at += entry) {
		uint64_t child = fdt_read_cells(r + at, ca);
		uint64_t parent = fdt_read_cells(r + at + (size_t)ca * CELL, pa);
		uint64_t size = fdt_read_cells(r + at + (size_t)(ca + pa) * CELL, sc);

		if (*addr >= child && *addr - child < size) {
			*addr = parent + (*addr - child);
			return true;
		}
	}
	return false;
}

bool dtb_reg_cpu(const struct fdt *fdt, int node, uint32_t i, uint64_t *base,
		 uint64_t *size)
{
	int root = fdt_root(fdt);
	int bus = fdt_parent(fdt, node);

	if (bus < 0 || !fdt_get_reg(fdt, node, i, base, size))
		return false;
	for (int depth = 0; bus != root; depth++) {
		if (bus < 0 || depth >= DTB_WALK_MAX ||
		    !through_ranges(fdt, bus, base))
			return false;
		bus = fdt_parent(fdt, bus);
	}
	return true;
}

int dtb_interrupt_parent(const struct fdt *fdt, int node)
{
	for (int depth = 0; node >= 0 && depth < DTB_WALK_MAX; depth++) {
		uint32_t ph;

		if (fdt_get_u32(fdt, node, "interrupt-parent", &ph))
			return dtb_node_by_phandle(fdt, ph);
		node = fdt_parent(fdt, node);
	}
	return -1;
}
