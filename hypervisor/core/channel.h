/* SPDX-License-Identifier: MIT */
/*
 * Inter-partition channels (docs/channels.md): the reference monitor for
 * the channels the configuration declares. Each channel's memory is mapped
 * into both endpoints' stage-2 with exactly their rights; a notify from an
 * endpoint with the right rings the other endpoint's doorbell; anything
 * else is refused and audited (core/audit.c).
 */
#ifndef SK_CORE_CHANNEL_H
#define SK_CORE_CHANNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config_format.h"
#include "core/hypercall.h"

struct partition;

/* Maps every channel into its endpoints, clears its memory and creates the
 * virtual PCI devices of "pci" endpoints. After all partitions exist. */
bool channels_create(const struct sk_config *cfg, char *err,
		     uint32_t err_size);
/* caller rings the doorbell of its peer on channel id. Returns SK_OK, or
 * SK_E_DENIED after recording the refusal. */
int64_t channel_notify(struct partition *caller, uint64_t id);
/* Channels declared, and doorbells rung but not yet taken by the
 * endpoint they ring (the resource report, core/resources.h). */
uint32_t channel_declared(void);
uint32_t channel_doorbells_pending(void);
/* The channel hypercalls (hypercall.c dispatches to them). */
extern const struct hc_desc channel_table[];
extern const size_t channel_table_len;

#endif
