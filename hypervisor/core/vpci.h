/* SPDX-License-Identifier: MIT */
/*
 * The virtual PCI host bridge through which a partition (stock Linux)
 * reaches its "pci" channel endpoints: ECAM configuration space for bus 0
 * with one device per endpoint, and each device's register BAR. The shared
 * memory BAR is plain stage-2 memory (core/channel.c maps it); what is
 * emulated here is configuration space, the doorbell registers and the
 * INTx line (include/shikiri/channel_pci.h, docs/channels.md).
 *
 * A manager partition has one more device after its channel devices,
 * the management function (core/manage_pci.c,
 * include/shikiri/manage_pci.h): a register BAR, no memory, no INTx.
 *
 * BARs are fixed (the guest's device tree asks Linux for
 * "linux,pci-probe-only"): sizing them works, moving them is ignored.
 */
#ifndef SK_CORE_VPCI_H
#define SK_CORE_VPCI_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/spinlock.h"
#include "core/config_format.h"
#include "core/mmio.h"

struct partition;

/* A device per pci channel endpoint, and a manager's management function. */
#define VPCI_MAX_DEVICES (SK_MAX_CHANNELS + 1u)

struct vpci_dev {
	bool manager;        /* the management function, not a channel */
	uint32_t channel_id;
	uint32_t own_id;
	uint32_t peer_id;
	uint32_t rights;     /* SK_RIGHT_* */
	uint32_t doorbell;   /* INTID INTx A is routed to (its interrupt-map) */
	uint64_t bar2;       /* the shared memory's guest address */
	uint64_t size;
	const char *name;    /* the channel's (SK_NAME_MAX bytes) */
	/* Guest-visible state, under the host's lock. */
	uint16_t command;
	uint8_t int_line;
	uint8_t sizing;      /* bit n: BARn was written all-ones */
	uint32_t int_status; /* CHPCI_INT_* */
	uint32_t int_mask;
	bool line;           /* what INTx drives now */
};

struct vpci_host {
	struct partition *partition;
	struct spinlock lock;
	uint64_t ecam;       /* guest-physical, from core/vpci_map.h */
	uint64_t regs;       /* the register BARs' */
	uint32_t count;      /* devices 0..count-1 on bus 0 */
	struct vpci_dev dev[VPCI_MAX_DEVICES];
};

/* Adds the device of a pci endpoint (at creation); its slot is its index.
 * The host sits where p's configuration puts it (core/vpci_map.h). */
struct vpci_dev *vpci_add(struct vpci_host *h, struct partition *p);
/* Adds p's management function when p is a manager (after its channel
 * devices), then registers the ECAM and register windows with p (if it
 * has devices). */
void vpci_register(struct vpci_host *h, struct partition *p);
/* Whether d's doorbell status is set (rung, not yet acknowledged). */
bool vpci_doorbell_pending(struct vpci_host *h, const struct vpci_dev *d);
/* The peer rang: sets the doorbell status, raises INTx if unmasked. */
void vpci_doorbell(struct vpci_host *h, struct vpci_dev *d);
/* Back to reset state (partition restart). */
void vpci_reset(struct vpci_host *h);

/* The emulated windows (public for unit tests). */
bool vpci_ecam_mmio(struct vcpu *v, void *dev, uint64_t offset,
		    struct mmio_access *a);
bool vpci_regs_mmio(struct vcpu *v, void *dev, uint64_t offset,
		    struct mmio_access *a);

#endif
