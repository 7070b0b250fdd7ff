/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation: the guest-physical address space of each partition
 * (Arm ARM D8.1.2). 4 KiB granule, 39-bit IPA starting at level 1, one
 * VMID per partition so TLB entries never cross partitions.
 */
#ifndef SK_ARCH_STAGE2_H
#define SK_ARCH_STAGE2_H

#include <stdint.h>

#include "arch/pgtable.h"
#include "core/types.h"

#define STAGE2_IPA_BITS 39u

/* Page-table pages shared by all partitions' stage-2 tables. */
#define STAGE2_POOL_PAGES 256u

/* VMIDs: 8 bits, VTCR_EL2.VS left 0 (Arm ARM D8.1.2, "VMID size");
 * VMID 0 is never given to a partition (core/partition.c). */
#define STAGE2_VMID_COUNT 256u

uint64_t stage2_vtcr(void);
/* Pages of the shared pool in use and its size (the resource report). */
void stage2_pool_usage(uint32_t *used, uint32_t *count);
/* Attribute bits for a RAM region with SK_ACCESS_* rights. */
uint64_t stage2_ram_attrs(uint32_t access);
/* Attribute bits for channel memory with SK_RIGHT_* rights. */
uint64_t stage2_channel_attrs(uint32_t rights);
/* Attribute bits for pass-through device MMIO. */
uint64_t stage2_device_attrs(void);
/* Creates an empty stage-2 table from the shared pool. */
enum pt_result stage2_init(struct pt_table *pt);
/* Maps [gpa, gpa+size) of a partition's stage-2 table to [hpa, hpa+size)
 * with attrs (stage2_*_attrs); pt_map's rules and errors. Inline: the
 * host tests link the callers without this file's sysreg code. */
static inline enum pt_result stage2_map(struct pt_table *pt, gpa_t gpa,
					hpa_t hpa, uint64_t size,
					uint64_t attrs)
{
	return pt_map(pt, gpa.addr, hpa.addr, size, attrs);
}
/* Unmaps [gpa, gpa+size) (pt_unmap's rules): the caller invalidates the
 * VMID's TLB entries (stage2_tlb_flush_vmid) before the memory is reused
 * or mapped again. */
static inline enum pt_result stage2_unmap(struct pt_table *pt, gpa_t gpa,
					  uint64_t size)
{
	return pt_unmap(pt, gpa.addr, size);
}
/* Makes entries just written to a stage-2 table visible to the table
 * walks of every CPU (an invalid entry made valid needs no TLB
 * maintenance: translation faults are not cached, Arm ARM D8.13). */
void stage2_tables_sync(void);
/* Invalidates every stage-1&2 TLB entry tagged with vmid on all CPUs,
 * pt being that VMID's tables (break-before-make's "break" after
 * stage2_unmap). Not while a vCPU of that VMID runs on this CPU. */
void stage2_tlb_flush_vmid(const struct pt_table *pt, uint32_t vmid);
/* Makes this CPU translate through pt with the given VMID. */
void stage2_activate(const struct pt_table *pt, uint32_t vmid);
/* Invalidates all stage-1&2 TLB entries of every VMID, on all CPUs. */
void stage2_tlb_flush_all(void);

#endif
