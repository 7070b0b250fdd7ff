/* SPDX-License-Identifier: MIT */
/*
 * A partition's RAM cleared on first touch (docs/security.md, "Memory").
 *
 * Its memory regions are cut into granules (core/granule.h). At each load
 * (boot, restart) every granule is "not cleared" and unmapped in stage 2,
 * except those its images overlap, which the load clears, maps and fills
 * (core/load_plan.h). A granule is cleared and mapped when the guest
 * first touches it (a stage-2 translation fault, partition_mem_fault) or
 * when the hypervisor first reads or writes it on the guest's behalf
 * (guest_range_to_host): a partition never sees what was in its RAM
 * before, and nothing the hypervisor wrote for it is wiped later.
 *
 * A partition with DMA-capable devices is cleared whole at each load and
 * always mapped, as is one the granule pool cannot hold: a device must
 * never read uncleared memory and takes no stage-2 fault the CPU's way.
 * So is one with a vCPU on a shared CPU: a first-touch clear (2 MiB, not
 * preemptible) would delay a real-time vCPU there.
 */
#ifndef SK_CORE_PARTITION_MEM_H
#define SK_CORE_PARTITION_MEM_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"
#include "core/types.h"

struct partition;

/* At boot, before p's stage 2 is built: whether p's RAM is cleared on
 * first touch, and its bitmap from the static pool (cfg: the whole
 * configuration, for the CPUs p shares). */
void partition_mem_init(struct partition *p, const struct sk_config *cfg);
/* True if p's RAM is cleared on first touch. */
bool partition_mem_lazy(const struct partition *p);
/* Maps p's regions in stage 2 at boot: granule by granule when lazy, so
 * that unmapping a granule never splits a block and every table a
 * granule needs exists from boot on. */
bool partition_mem_map(struct partition *p, char *err, uint32_t err_size);
/* At the start of each load, no vCPU of p running: every granule not
 * cleared, unmapped, p's TLB entries invalidated. False (err says why)
 * if the tables refused. Nothing to do when not lazy. */
bool partition_mem_reset(struct partition *p, char *err, uint32_t err_size);
/* The load zeroed the granule holding gpa: it is mapped and marked. */
bool partition_mem_loaded(struct partition *p, gpa_t gpa);
/* True if the granule holding gpa is marked cleared (or p not lazy). */
bool partition_mem_is_cleared(const struct partition *p, gpa_t gpa);
/* A stage-2 translation fault of p's guest at ipa: true if ipa lies in a
 * granule of p's regions that is now cleared and mapped (the guest
 * retries the access); false for anything else. */
bool partition_mem_fault(struct partition *p, gpa_t ipa);
/* Every granule of [gpa, gpa+len) (inside one of p's regions) cleared and
 * mapped, before the hypervisor touches it for p. */
bool partition_mem_prepare(struct partition *p, gpa_t gpa, uint64_t len);

#endif
