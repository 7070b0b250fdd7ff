/* SPDX-License-Identifier: MIT */
#include "drivers/pcie_ecam.h"

#include "lib/fdt.h"
#include "lib/fmt.h"
#include "lib/string.h"

#include "arch/mmio.h"

/* Buses in the "bus-range" default (PCI bus binding): all 256. */
#define PCIE_BUS_MAX 255u

static struct pcie_ecam_dt host;
static bool host_used;

/* Keeps the iommu-map entries naming smmu_phandle; true if any does. */
static bool dt_maps(const struct fdt *fdt, int node, uint32_t smmu_phandle,
		    struct pcie_ecam_dt *out)
{
	uint32_t len = 0;
	const uint8_t *m = fdt_get_prop(fdt, node, "iommu-map", &len);

	out->map_count = 0;
	for (uint32_t at = 0; m != NULL && at + 16u <= len &&
			      out->map_count < PCIE_ECAM_MAPS; at += 16u) {
		struct pcie_ecam_map *e = &out->map[out->map_count];

		if ((uint32_t)fdt_read_cells(m + at + 4u, 1) != smmu_phandle)
			continue;
		e->rid_base = (uint32_t)fdt_read_cells(m + at, 1);
		e->sid_base = (uint32_t)fdt_read_cells(m + at + 8u, 1);
		e->len = (uint32_t)fdt_read_cells(m + at + 12u, 1);
		out->map_count++;
	}
	return out->map_count != 0u;
}

int pcie_ecam_find(const struct fdt *fdt, uint32_t smmu_phandle,
		   struct pcie_ecam_dt *out, char *err, uint32_t err_size)
{
	(void)sk_memset(out, 0, sizeof(*out));
	if (smmu_phandle == 0u)
		return 0;
	for (int n = fdt_find_compatible(fdt, -1, "pci-host-ecam-generic");
	     n >= 0; n = fdt_find_compatible(fdt, n, "pci-host-ecam-generic")) {
		uint32_t len = 0;
		const uint8_t *r;
		uint64_t buses;

		if (!dt_maps(fdt, n, smmu_phandle, out))
			continue;
		out->bus_first = 0;
		out->bus_last = PCIE_BUS_MAX;
		r = fdt_get_prop(fdt, n, "bus-range", &len);
		if (r != NULL && len == 8u) {
			out->bus_first = (uint32_t)fdt_read_cells(r, 1);
			out->bus_last = (uint32_t)fdt_read_cells(r + 4u, 1);
		}
		buses = (uint64_t)out->bus_last - out->bus_first + 1u;
		if (!fdt_get_reg(fdt, n, 0, &out->base, &out->size) ||
		    out->bus_last < out->bus_first || out->bus_last > PCIE_BUS_MAX ||
		    out->size < (buses << PCIE_ECAM_BUS_SHIFT)) {
			(void)sk_snprintf(err, err_size,
					  "PCIe host %s: its ECAM (\"reg\" 0x%llx bytes) does not hold buses %u..%u",
					  fdt_node_name(fdt, n),
					  (unsigned long long)out->size,
					  out->bus_first, out->bus_last);
			return -1;
		}
		return 1;
	}
	return 0;
}

void pcie_ecam_use(const struct pcie_ecam_dt *dt)
{
	host = *dt;
	host_used = true;
}

/* The requester ID whose requests the map turns into stream sid. */
static bool rid_of(uint32_t sid, uint32_t *rid)
{
	for (uint32_t i = 0; i < host.map_count && i < PCIE_ECAM_MAPS; i++) {
		const struct pcie_ecam_map *e = &host.map[i];

		if (sid >= e->sid_base && sid - e->sid_base < e->len) {
			*rid = e->rid_base + (sid - e->sid_base);
			return true;
		}
	}
	return false;
}

enum pcie_quiesce pcie_ecam_quiesce(uint32_t sid, uint32_t *rid)
{
	uint32_t bus;
	uintptr_t cfg;

	if (!host_used || !rid_of(sid, rid))
		return PCIE_QUIESCE_NO_FUNCTION;
	bus = (*rid >> 8) & 0xffu;
	if (*rid > 0xffffu || bus < host.bus_first || bus > host.bus_last)
		return PCIE_QUIESCE_NO_FUNCTION;
	cfg = (uintptr_t)(host.base +
			  ((uint64_t)(bus - host.bus_first) << PCIE_ECAM_BUS_SHIFT) +
			  ((uint64_t)(*rid & 0xffu) << PCIE_ECAM_FN_SHIFT));
	/* No function answers with all ones (PCIe Base 2.3.2). */
	if ((mmio_read32(cfg + PCI_CFG_VENDOR) & 0xffffu) == PCI_VENDOR_NONE)
		return PCIE_QUIESCE_NO_FUNCTION;
	/* 32 bits: the Status half's bits are RW1C, and zeros leave them. */
	mmio_write32(cfg + PCI_CFG_COMMAND, PCI_COMMAND_INTX_OFF);
	if ((mmio_read32(cfg + PCI_CFG_COMMAND) & PCI_COMMAND_MASTER) != 0u)
		return PCIE_QUIESCE_STUCK;
	return PCIE_QUIESCE_DONE;
}
