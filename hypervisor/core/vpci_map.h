/* SPDX-License-Identifier: MIT */
/*
 * Where a partition's virtual PCI host (core/vpci.c) sits in its
 * guest-physical map: the configuration's virtual-pci-ecam and
 * virtual-pci-window, or the defaults SK_GUEST_PCI_* (QEMU virt's PCIe
 * host's addresses) when they are absent. The register BARs of the
 * channel devices fill the first SK_GUEST_PCI_REGS_SIZE of the window.
 * The hypervisor (vpci.c), the validator and the host tools (pci_dtb.c)
 * all ask here, so they cannot disagree.
 */
#ifndef SK_CORE_VPCI_MAP_H
#define SK_CORE_VPCI_MAP_H

#include <stdint.h>

#include "core/config_format.h"

static inline uint64_t vpci_map_ecam(const struct sk_cfg_partition *p)
{
	return p->vpci_ecam != 0u ? p->vpci_ecam : SK_GUEST_PCI_ECAM_BASE;
}

static inline struct sk_cfg_range vpci_map_window(const struct sk_cfg_partition *p)
{
	if (p->vpci_window.size != 0u)
		return p->vpci_window;
	return (struct sk_cfg_range){ .base = SK_GUEST_PCI_WINDOW_BASE,
				      .size = SK_GUEST_PCI_WINDOW_SIZE };
}

/* The register BARs: 4 KiB per channel device from the window's start. */
static inline uint64_t vpci_map_regs(const struct sk_cfg_partition *p)
{
	return vpci_map_window(p).base;
}

#endif
