/* SPDX-License-Identifier: MIT */
/*
 * The management function's registers (include/shikiri/manage_pci.h,
 * docs/management.md): a manager partition's command mailbox. Its PCI
 * configuration header is core/vpci.c's; each manager has one mailbox.
 */
#ifndef SK_CORE_MANAGE_PCI_H
#define SK_CORE_MANAGE_PCI_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mmio.h"

struct partition;
struct vcpu;

/* An access by v to register reg of its partition's management function:
 * false (an external abort) for a width other than 32 bits or an offset
 * that is no register. */
bool manage_pci_mmio(struct vcpu *v, uint32_t reg, struct mmio_access *a);
/* p's mailbox back to its reset state (p restarts). */
void manage_pci_reset(const struct partition *p);

#endif
