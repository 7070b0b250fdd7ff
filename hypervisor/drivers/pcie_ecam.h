/* SPDX-License-Identifier: MIT */
/*
 * The physical PCIe host in front of the SMMU, as far as the hypervisor
 * needs it: to quiesce a partition's PCI functions when the partition
 * stops or restarts. A stopped partition's streams abort, but a function
 * whose driver left bus mastering on keeps issuing DMA (faults that flood
 * the shared event queue), and after a restart it would DMA into the
 * freshly loaded image as soon as its streams translate again, before the
 * new run's driver resets it. Clearing the Command register's Bus Master
 * Enable stops a function from issuing memory requests, MSIs included
 * (PCI Local Bus 3.0 6.2.2; PCIe Base 7.5.1.1.3).
 */
#ifndef SK_DRIVERS_PCIE_ECAM_H
#define SK_DRIVERS_PCIE_ECAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/fdt.h"

/* iommu-map entries kept (QEMU virt's host has one). */
#define PCIE_ECAM_MAPS 4u

/* ECAM (PCIe Base 7.2.2): 4 KiB of configuration space per function,
 * 8 functions per device, 32 devices per bus: 1 MiB per bus. */
#define PCIE_ECAM_FN_SHIFT  12u
#define PCIE_ECAM_BUS_SHIFT 20u
/* The type 0/1 header (PCI Local Bus 3.0 6.1, 6.2.2). */
#define PCI_CFG_VENDOR         0x00u
#define PCI_CFG_COMMAND        0x04u
#define PCI_VENDOR_NONE        0xffffu
#define PCI_COMMAND_IO         (1u << 0)
#define PCI_COMMAND_MEMORY     (1u << 1)
#define PCI_COMMAND_MASTER     (1u << 2)
#define PCI_COMMAND_INTX_OFF   (1u << 10)

struct pcie_ecam_map {
	uint32_t rid_base; /* requester IDs rid_base.. */
	uint32_t sid_base; /* ..are streams sid_base.. */
	uint32_t len;      /* ..for len IDs */
};

/* The first pci-host-ecam-generic node whose iommu-map sends requester
 * IDs to the SMMU of phandle smmu_phandle. */
struct pcie_ecam_dt {
	uint64_t base;     /* ECAM of bus bus_first */
	uint64_t size;
	uint32_t bus_first;
	uint32_t bus_last;
	uint32_t map_count;
	struct pcie_ecam_map map[PCIE_ECAM_MAPS];
};

/* 1 with *out filled, 0 if no such host, -1 with a reason in err if its
 * node is malformed (no ECAM, a bus range the ECAM does not hold). */
int pcie_ecam_find(const struct fdt *fdt, uint32_t smmu_phandle,
		   struct pcie_ecam_dt *out, char *err, uint32_t err_size);

/* The host pcie_ecam_quiesce uses from now on (its ECAM in the EL2 map). */
void pcie_ecam_use(const struct pcie_ecam_dt *dt);

enum pcie_quiesce {
	PCIE_QUIESCE_NO_FUNCTION, /* no host, no requester ID, or nothing there */
	PCIE_QUIESCE_DONE,        /* Command now has Bus Master Enable clear */
	PCIE_QUIESCE_STUCK        /* it still reads as set */
};

/* The function whose requests carry stream sid: its Command register
 * written to INTx disabled with bus mastering, memory and I/O decoding
 * off (what a reset leaves but INTx, which a partition no longer running
 * must not assert either). *rid is its requester ID when one maps. */
enum pcie_quiesce pcie_ecam_quiesce(uint32_t sid, uint32_t *rid);

#endif
