/* SPDX-License-Identifier: MIT */
/*
 * VMSAv8-64 translation tables with the 4 KiB granule (Arm ARM D8.3), built
 * from a fixed pool of pages: the one builder used for the hypervisor's EL2
 * stage-1 tables and for every partition's stage-2 tables. Pure C with no
 * system-register access, so host unit tests run it unchanged.
 *
 * Tables hold physical addresses; the hypervisor maps memory 1:1, so a
 * table's pointer value is its physical address (on the host, its address).
 */
#ifndef SK_ARCH_PGTABLE_H
#define SK_ARCH_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>

#define PT_ENTRIES        512u
#define PT_PAGE_SIZE      4096ull
#define PT_L2_BLOCK_SIZE  (2ull << 20) /* 2 MiB */
#define PT_L1_BLOCK_SIZE  (1ull << 30) /* 1 GiB */

/* Descriptor bits common to both stages (Arm ARM D8.3.1, D8.3.2). */
#define PT_DESC_VALID     (1ull << 0)
#define PT_DESC_TABLE     (1ull << 1) /* table at levels 0-2, page at level 3 */
#define PT_DESC_AF        (1ull << 10)
#define PT_DESC_SH_INNER  (3ull << 8)
#define PT_DESC_XN        (1ull << 54)
#define PT_ADDR_MASK      0x0000fffffffff000ull
/* Lower/upper attribute bits a caller may pass to pt_map. */
#define PT_ATTR_MASK      (0xfff0000000000ffcull)

/* Stage-1 (EL2) attributes: AttrIndx selects a MAIR_EL2 byte. */
#define PT_S1_ATTRIDX(n)  ((uint64_t)(n) << 2)
#define PT_S1_AP_RO       (2ull << 6) /* AP[2:1]=0b10: read-only at EL2 */

/* Stage-2 attributes (Arm ARM D8.5.5): MemAttr[3:0] and S2AP. */
#define PT_S2_MEMATTR_NORMAL_WB  (0xfull << 2)
#define PT_S2_MEMATTR_DEVICE_nGnRE (0x1ull << 2)
/* Normal, inner and outer non-cacheable (Arm ARM D8.5.5, MemAttr 0b0101). */
#define PT_S2_MEMATTR_NORMAL_NC  (0x5ull << 2)
#define PT_S2_AP_READ     (1ull << 6)
#define PT_S2_AP_WRITE    (2ull << 6)

enum pt_result {
	PT_OK = 0,
	PT_E_ALIGN = -1,   /* address or size not 4 KiB aligned, or size 0 */
	PT_E_RANGE = -2,   /* beyond the table's input or output range */
	PT_E_OVERLAP = -3, /* some page of the range is already mapped */
	PT_E_NOMEM = -4,   /* the page pool is exhausted */
};

struct pt_pool {
	uint64_t (*pages)[PT_ENTRIES]; /* 4 KiB aligned */
	uint32_t count;
	uint32_t used;
};

struct pt_table {
	uint64_t *root;
	uint32_t start_level; /* 0 or 1 */
	uint32_t ia_bits;     /* input address size, e.g. 39 */
	uint64_t oa_limit;    /* output addresses must be below this */
	struct pt_pool *pool;
};

/* Takes a zeroed root page from the pool. start_level is derived from
 * ia_bits (31..39 bits: level 1; 40..48: level 0). PT_E_RANGE for other
 * ia_bits or an oa_limit not in (0, 2^48]; PT_E_ALIGN if the pool is not
 * 4 KiB aligned; PT_E_NOMEM if the pool is empty. */
enum pt_result pt_init(struct pt_table *pt, struct pt_pool *pool,
		       uint32_t ia_bits, uint64_t oa_limit);

/* Maps [va, va+size) to [pa, pa+size) with the given attribute bits, using
 * 1 GiB and 2 MiB blocks wherever va and pa are both aligned to them.
 * attrs bits outside PT_ATTR_MASK are ignored; the descriptor type, VALID
 * and AF are added. Checks the whole range, and that the pool holds every
 * table the mapping needs, before touching any entry: on any error nothing
 * is changed (PT_E_OVERLAP is reported before PT_E_NOMEM). Existing blocks
 * are never split. The caller must issue a DSB before the MMU may walk the
 * new entries. */
enum pt_result pt_map(struct pt_table *pt, uint64_t va, uint64_t pa,
		      uint64_t size, uint64_t attrs);

/* Removes every leaf inside [va, va+size) (page aligned): the entries
 * become invalid, the tables that held them stay (a later pt_map of the
 * same range reuses them and takes nothing from the pool). Unmapped parts
 * are skipped. PT_E_ALIGN, PT_E_RANGE for a bad range or when a block
 * reaches outside the range (checked first: nothing changed then). The
 * caller does break-before-make: TLB invalidation before the range is
 * mapped again or reused. */
enum pt_result pt_unmap(struct pt_table *pt, uint64_t va, uint64_t size);

/* Walks the tables: true if va is mapped; fills the output address for va,
 * the leaf's attribute bits (masked with PT_ATTR_MASK, so including the AF
 * that pt_map added) and the level of the leaf (1, 2 or 3). Any output
 * pointer may be NULL. */
bool pt_lookup(const struct pt_table *pt, uint64_t va, uint64_t *pa,
	       uint64_t *attrs, uint32_t *level);

/* Makes dst a table that translates exactly as src does except that
 * [va, va+size) is unmapped: the tables on the path from src's root to
 * that range are copied from src's pool (at most one page per level; a
 * block on the path is split into next-level entries of the same output
 * and attributes) and the range's last-level entries cleared; every other
 * subtree is shared with src, so src must not change afterwards (src is
 * not const: its pool gives the copies). The range
 * is page aligned and lies within one 2 MiB-aligned window (one
 * last-level table). PT_E_ALIGN, PT_E_RANGE for a bad range, PT_E_NOMEM
 * if the pool cannot hold the copies (checked first: src, dst and the
 * pool untouched), PT_E_OVERLAP if src points to a table not in its pool
 * (corrupted; pool pages may have been used). */
enum pt_result pt_copy_hole(struct pt_table *src, struct pt_table *dst,
			    uint64_t va, uint64_t size);

#endif /* SK_ARCH_PGTABLE_H */
