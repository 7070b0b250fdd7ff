/* SPDX-License-Identifier: MIT */
/*
 * The check of pci_dtb.h. The interrupt-map walk follows the devicetree
 * specification (v0.4, 2.4.3 "Interrupt Nexus Properties"): each entry is
 * the child unit address (the nexus's #address-cells), the child interrupt
 * specifier (its #interrupt-cells), the parent's phandle, the parent unit
 * address (the parent's #address-cells, 0 if absent) and the parent
 * interrupt specifier (the parent's #interrupt-cells). For a GIC parent the
 * specifier is <type number flags>, type 0 being an SPI numbered from 32.
 */
#define _POSIX_C_SOURCE 200809L

#include "pci_dtb.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/vpci_map.h"
#include "dtb_walk.h"
#include "lib/fdt.h"
#include "spec/gic.h"
#include "spec/gic_dt.h"

#define ECAM_COMPATIBLE   "pci-host-ecam-generic"
#define PROBE_ONLY        "linux,pci-probe-only"
#define PCI_ADDR_CELLS    3u
#define PCI_DEV_SHIFT     11u   /* device number in phys.hi (PCI binding) */
#define PCI_PIN_INTA      1u
#define MAX_SPEC_CELLS    4u
/* A parent's unit address: 0 for a GIC, at most 3 cells (PCI's) in any
 * binding; more is a damaged tree, and would make an entry's length
 * wrap. */
#define MAX_PARENT_ADDR_CELLS 3u
#define MAX_WALK          DTB_WALK_MAX
#define CELL              4u

struct pci_slot {
	uint32_t doorbell;
	const char *path;     /* the endpoint's node path */
};

static uint32_t cell_at(const uint8_t *p, uint32_t i)
{
	return (uint32_t)fdt_read_cells(p + (size_t)i * CELL, 1);
}

static uint32_t u32_or(const struct fdt *fdt, int node, const char *name,
		       uint32_t dflt)
{
	uint32_t v;

	return fdt_get_u32(fdt, node, name, &v) ? v : dflt;
}

/*
 * The INTID (GIC_INTID_SPI_FIRST + n) the SPI INTA of device `slot` is
 * routed to, or 0 when no entry matches or the entry is not a GIC SPI; -1
 * for a malformed map.
 */
static int64_t routed_intid(const struct fdt *fdt, int host, uint32_t slot)
{
	uint32_t len = 0, mask_len = 0;
	const uint8_t *map = fdt_get_prop(fdt, host, "interrupt-map", &len);
	const uint8_t *mask = fdt_get_prop(fdt, host, "interrupt-map-mask",
					   &mask_len);
	const uint32_t want[PCI_ADDR_CELLS + 1u] = { slot << PCI_DEV_SHIFT, 0, 0,
					       PCI_PIN_INTA };
	uint32_t m[PCI_ADDR_CELLS + 1u] = { ~0u, ~0u, ~0u, ~0u };
	uint32_t child = PCI_ADDR_CELLS + 1u;
	uint32_t at = 0, total = len / CELL;

	if (map == NULL || len % CELL != 0u ||
	    fdt_address_cells(fdt, host) != PCI_ADDR_CELLS ||
	    u32_or(fdt, host, "#interrupt-cells", 0) != 1u)
		return -1;
	if (mask != NULL) {
		if (mask_len != child * CELL)
			return -1;
		for (uint32_t i = 0; i < child; i++)
			m[i] = cell_at(mask, i);
	}
	while (at + child + 1u <= total) {
		bool match = true;
		int parent = dtb_node_by_phandle(fdt, cell_at(map, at + child));
		uint32_t paddr, pspec;

		if (parent < 0)
			return -1;
		paddr = u32_or(fdt, parent, "#address-cells", 0);
		pspec = u32_or(fdt, parent, "#interrupt-cells", 0);
		/* The loop's condition leaves total - at >= child + 1, and
		 * the cells are bounded, so nothing here wraps. */
		if (pspec == 0u || pspec > MAX_SPEC_CELLS ||
		    paddr > MAX_PARENT_ADDR_CELLS ||
		    paddr + pspec > total - at - child - 1u)
			return -1;
		for (uint32_t i = 0; i < child; i++)
			match = match && ((cell_at(map, at + i) ^ want[i]) & m[i]) == 0u;
		if (match) {
			uint32_t spec = at + child + 1u + paddr;

			if (pspec != GIC_DT_INTR_CELLS ||
			    cell_at(map, spec) != GIC_DT_INTR_SPI)
				return 0;
			return (int64_t)cell_at(map, spec + 1u) + GIC_INTID_SPI_FIRST;
		}
		at += child + 1u + paddr + pspec;
	}
	return 0;
}

/* The partition's pci endpoints, in the order their devices are numbered. */
static uint32_t pci_slots(const struct sk_config *cfg, uint32_t p,
			  struct pci_slot *out, uint32_t max)
{
	const char *name = cfg->partitions[p].name;
	uint32_t n = 0;

	for (uint32_t c = 0; c < cfg->channel_count && c < SK_MAX_CHANNELS; c++) {
		for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
			const struct sk_cfg_endpoint *ep = &cfg->channels[c].endpoints[e];

			if (ep->interface != SK_ENDPOINT_PCI ||
			    strncmp(ep->partition, name, SK_NAME_MAX) != 0 || n >= max)
				continue;
			out[n].doorbell = ep->doorbell;
			out[n].path = ep->path;
			n++;
		}
	}
	return n;
}

/* The pci-host-ecam-generic node whose first reg is at ecam, or -1. */
static int ecam_host_at(const struct fdt *fdt, uint64_t ecam)
{
	int host = fdt_find_compatible(fdt, -1, ECAM_COMPATIBLE);

	for (int seen = 0; host >= 0 && seen < MAX_WALK; seen++) {
		uint64_t base = 0, size = 0;

		if (fdt_get_reg(fdt, host, 0, &base, &size) && base == ecam)
			return host;
		host = fdt_find_compatible(fdt, host, ECAM_COMPATIBLE);
	}
	return -1;
}

int pci_dtb_check(const uint8_t *dtb, size_t dtb_size,
		  const struct sk_config *cfg, uint32_t p,
		  const struct sk_cfg_image *dtb_img, char *err,
		  size_t err_size)
{
	struct pci_slot slots[SK_MAX_CHANNELS];
	uint32_t n = pci_slots(cfg, p, slots, SK_MAX_CHANNELS);
	struct fdt fdt;
	uint64_t ecam = vpci_map_ecam(&cfg->partitions[p]);
	uint32_t probe_only = 0;
	int host, chosen;
	int rc;

	if (n == 0u)
		return 0;
	rc = fdt_open(&fdt, dtb, dtb_size);
	if (rc != 0) {
		snprintf(err, err_size, "%s: %s is not a valid device tree: %s",
			 dtb_img->path, dtb_img->file, fdt_strerror(rc));
		return -1;
	}
	/* The partition may own a physical PCI host too (another
	 * pci-host-ecam-generic node): the virtual one is at its ECAM. */
	host = ecam_host_at(&fdt, ecam);
	if (host < 0) {
		snprintf(err, err_size,
			 "%s: %s has no \"" ECAM_COMPATIBLE "\" node with reg at 0x%llx, so the guest cannot find its channel devices (%s is one; guests/linux/linux-channel.dtsi shows the node)",
			 dtb_img->path, dtb_img->file,
			 (unsigned long long)ecam, slots[0].path);
		return -1;
	}
	chosen = fdt_find_node(&fdt, "/chosen");
	if (chosen < 0 || !fdt_get_u32(&fdt, chosen, PROBE_ONLY, &probe_only) ||
	    probe_only != 1u) {
		snprintf(err, err_size,
			 "%s: %s needs /chosen " PROBE_ONLY " = <1>: shikiri keeps the channel devices' BARs where the configuration puts them, and a guest that moves them loses the memory",
			 dtb_img->path, dtb_img->file);
		return -1;
	}
	for (uint32_t i = 0; i < n; i++) {
		int64_t intid = routed_intid(&fdt, host, i);

		if (intid < 0) {
			snprintf(err, err_size,
				 "%s: %s: the PCI host's interrupt-map is missing or malformed (for %s)",
				 dtb_img->path, dtb_img->file, slots[i].path);
			return -1;
		}
		if (intid == 0) {
			snprintf(err, err_size,
				 "%s: %s: the PCI host's interrupt-map routes device %u INTA to no GIC SPI, but its endpoint %s has doorbell %u: the doorbell would never reach the guest",
				 dtb_img->path, dtb_img->file, i, slots[i].path,
				 slots[i].doorbell);
			return -1;
		}
		if (intid != (int64_t)slots[i].doorbell) {
			snprintf(err, err_size,
				 "%s: %s: the PCI host's interrupt-map routes device %u INTA to INTID %lld, but its endpoint %s has doorbell %u: the doorbell would never reach the guest",
				 dtb_img->path, dtb_img->file, i, (long long)intid,
				 slots[i].path, slots[i].doorbell);
			return -1;
		}
	}
	return 0;
}
