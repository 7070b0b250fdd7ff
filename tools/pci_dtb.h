/* SPDX-License-Identifier: MIT */
/*
 * A partition with "pci" channel endpoints is useful only if its device
 * tree lets the guest find them: a generic ECAM host bridge at shikiri's
 * address, /chosen linux,pci-probe-only (shikiri keeps the BARs fixed),
 * and an interrupt-map that routes each channel device's INTA to the
 * doorbell its endpoint declares (docs/channels.md, "Linux"). The packer
 * checks the partition's dtb for all three, so a mismatch is an error with
 * the node path at pack time, not a doorbell that silently never rings.
 */
#ifndef SK_TOOLS_PCI_DTB_H
#define SK_TOOLS_PCI_DTB_H

#include <stddef.h>
#include <stdint.h>

#include "core/config_format.h"

/* Checks partition p's device tree blob (its dtb image dtb_img). 0 when it
 * has no pci endpoint or the tree fits; -1 with one sentence in err. */
int pci_dtb_check(const uint8_t *dtb, size_t dtb_size,
		  const struct sk_config *cfg, uint32_t p,
		  const struct sk_cfg_image *dtb_img, char *err,
		  size_t err_size);

#endif /* SK_TOOLS_PCI_DTB_H */
