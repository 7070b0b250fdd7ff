/* SPDX-License-Identifier: MIT */
/*
 * Access to a partition's memory on its behalf (hypercall buffers). A
 * guest-physical range is usable only if it lies entirely inside one of the
 * partition's configured memory regions with the needed rights; nothing
 * else — not another partition, not the hypervisor, not a device — is ever
 * reached through a guest-supplied address. Every granule of the range
 * is cleared (and mapped for the guest) before it is handed out
 * (core/partition_mem.h): the hypervisor never shows a partition what was
 * in its RAM before, nor writes where a later first-touch clear would
 * wipe it.
 */
#ifndef SK_CORE_GUEST_MEM_H
#define SK_CORE_GUEST_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config_format.h"
#include "core/types.h"

struct partition;

/* Translates [gpa, gpa+len) of p to a host physical address, its granules
 * cleared; false if the range is not wholly inside one region granting
 * `access` (SK_ACCESS_*). */
bool guest_range_to_host(struct partition *p, gpa_t gpa, uint64_t len,
			 uint32_t access, hpa_t *hpa);
bool guest_copy_from(struct partition *p, void *dst, gpa_t gpa, size_t len);
bool guest_copy_to(struct partition *p, gpa_t gpa, const void *src,
		   size_t len);

#endif
