// SPDX-License-Identifier: MIT
/*
 * VMSAv8-64 translation table builder, 4 KiB granule (Arm ARM D8.3).
 *
 * Level n of a walk resolves VA bits [PT_SHIFT(n) + 8 : PT_SHIFT(n)]:
 * level 0 -> bits 47:39, level 1 -> 38:30, level 2 -> 29:21, level 3 ->
 * 20:12. A level-1 entry may be a 1 GiB block, a level-2 entry a 2 MiB
 * block, a level-3 entry a 4 KiB page; level 0 holds tables only (without
 * FEAT_LPA2, Arm ARM D8.3.1).
 *
 * pt_map decodes before it acts: one walk over the range checks it and
 * counts the tables it would have to create (walking not-yet-existing tables
 * as if they were empty), and only when that finds no overlap and enough
 * free pool pages does a second, identical walk write the entries. So every
 * failure leaves the tables exactly as they were.
 *
 * No barriers or TLB maintenance here: tables are plain memory to this file.
 * The caller must issue a DSB (e.g. DSB ISHST) after pt_map and before the
 * MMU may walk the new entries, and invalidate TLBs where it replaces
 * anything the MMU may have cached.
 */
#include "arch/pgtable.h"

#include <stddef.h>

#define PT_LAST_LEVEL     3u
#define PT_PAGE_SHIFT     12u
#define PT_LEVEL_BITS     9u  /* log2(PT_ENTRIES) */
/* Input address bits resolved below `level` plus the page offset. */
#define PT_SHIFT(level) \
	(PT_PAGE_SHIFT + PT_LEVEL_BITS * (PT_LAST_LEVEL - (level)))

/*
 * Input sizes the two start levels serve with one 512-entry root
 * (Arm ARM D8.2.x, translation granule 4 KiB): start level 1 for 31..39
 * bits, level 0 for 40..48 bits. Smaller spaces would start at level 2.
 */
#define PT_MIN_IA_BITS        31u
#define PT_L1_START_MAX_BITS  39u
#define PT_MAX_IA_BITS        48u
/* Output addresses are 48 bits without FEAT_LPA/LPA2. */
#define PT_MAX_OA_LIMIT       (1ull << 48)

/* Descriptor type encodings, Arm ARM D8.3.1: bit 1 set = table/page. */
#define PT_TYPE_MASK      (PT_DESC_VALID | PT_DESC_TABLE)
#define PT_TYPE_TABLE     (PT_DESC_VALID | PT_DESC_TABLE)
#define PT_TYPE_PAGE      (PT_DESC_VALID | PT_DESC_TABLE)
#define PT_TYPE_BLOCK     PT_DESC_VALID

/* State shared by the checking walk and the writing walk of one pt_map. */
struct pt_walk {
	struct pt_table *pt;
	uint64_t leaf_bits;     /* attributes | AF, added to every leaf */
	bool write;             /* false: check and count only */
	uint64_t tables_needed; /* check walk: tables the map must create */
	uint64_t tables_free;   /* check walk: pool pages available */
};

static uint64_t pt_span(uint32_t level)
{
	return 1ull << PT_SHIFT(level);
}

static uint32_t pt_index(uint64_t va, uint32_t level)
{
	return (uint32_t)((va >> PT_SHIFT(level)) & (PT_ENTRIES - 1u));
}

static uint64_t pt_pool_free(const struct pt_pool *pool)
{
	return pool->used <= pool->count ? pool->count - pool->used : 0u;
}

/* A zeroed page from the pool, or NULL when it is exhausted. */
static uint64_t *pt_alloc_table(struct pt_pool *pool)
{
	uint64_t *table;
	uint32_t i;

	if (pt_pool_free(pool) == 0u)
		return NULL;
	table = pool->pages[pool->used];
	pool->used++;
	for (i = 0; i < PT_ENTRIES; i++)
		table[i] = 0;
	return table;
}

static uint64_t pt_table_pa(const uint64_t *table)
{
	/* Identity mapped: the pointer value is the physical address. */
	return (uint64_t)(uintptr_t)table;
}

/*
 * The next-level table a table descriptor points to. Only pages handed out
 * by our pool can be tables, so anything else means the tables were
 * corrupted and is reported as NULL rather than followed.
 */
static uint64_t *pt_child_table(const struct pt_table *pt, uint64_t desc)
{
	uint64_t addr = desc & PT_ADDR_MASK;
	uint64_t first = pt_table_pa(pt->pool->pages[0]);
	uint64_t index;

	if (addr < first || ((addr - first) % PT_PAGE_SIZE) != 0u)
		return NULL;
	index = (addr - first) / PT_PAGE_SIZE;
	if (index >= pt->pool->used || index >= pt->pool->count)
		return NULL;
	return pt->pool->pages[index];
}

static bool pt_is_table(uint64_t desc, uint32_t level)
{
	return level < PT_LAST_LEVEL && (desc & PT_TYPE_MASK) == PT_TYPE_TABLE;
}

/*
 * Can [va, va+size) -> pa be one leaf at this level? Pages always can at
 * level 3; 2 MiB and 1 GiB blocks need va, pa and the size to fill the
 * whole entry.
 */
static bool pt_leaf_fits(uint32_t level, uint64_t va, uint64_t pa,
			 uint64_t size)
{
	uint64_t span = pt_span(level);

	if (level == PT_LAST_LEVEL)
		return true;
	if (level == 0u)
		return false;
	return size == span && (va & (span - 1u)) == 0u &&
	       (pa & (span - 1u)) == 0u;
}

static uint64_t pt_leaf_desc(uint32_t level, uint64_t pa, uint64_t bits)
{
	uint64_t type = level == PT_LAST_LEVEL ? PT_TYPE_PAGE : PT_TYPE_BLOCK;

	return (pa & PT_ADDR_MASK) | bits | type;
}

static enum pt_result pt_walk_range(struct pt_walk *w, uint64_t *table,
				    uint32_t level, uint64_t va, uint64_t pa,
				    uint64_t size);

/*
 * One entry that must point to a next-level table covering
 * [va, va+size). table is NULL in the check walk when the parent table
 * does not exist yet.
 */
static enum pt_result pt_walk_table_entry(struct pt_walk *w, uint64_t *table,
					  uint32_t level, uint64_t va,
					  uint64_t pa, uint64_t size)
{
	uint32_t idx = pt_index(va, level);
	uint64_t desc = table != NULL ? table[idx] : 0u;
	uint64_t *child;
	enum pt_result res;

	if (pt_is_table(desc, level)) {
		child = pt_child_table(w->pt, desc);
		if (child == NULL)
			return PT_E_OVERLAP; /* not ours: never write through it */
		return pt_walk_range(w, child, level + 1u, va, pa, size);
	}
	if ((desc & PT_DESC_VALID) != 0u)
		return PT_E_OVERLAP; /* a block covers part of the range */

	if (!w->write) {
		w->tables_needed++;
		/* A table still to be created holds nothing that could
		 * overlap; once the pool is known to be too small there is
		 * no need to count further inside it. */
		if (w->tables_needed > w->tables_free)
			return PT_OK;
		return pt_walk_range(w, NULL, level + 1u, va, pa, size);
	}
	child = pt_alloc_table(w->pt->pool);
	if (child == NULL)
		return PT_E_NOMEM; /* unreachable: the check walk counted */
	/* Fill the new table before publishing it in its parent. */
	res = pt_walk_range(w, child, level + 1u, va, pa, size);
	table[idx] = pt_table_pa(child) | PT_TYPE_TABLE;
	return res;
}

/*
 * Visits every entry of `table` (at `level`) that [va, va+size) touches;
 * the range lies within the table's coverage. At most PT_ENTRIES entries
 * per table and PT_LAST_LEVEL + 1 levels of recursion.
 */
static enum pt_result pt_walk_range(struct pt_walk *w, uint64_t *table,
				    uint32_t level, uint64_t va, uint64_t pa,
				    uint64_t size)
{
	uint64_t span = pt_span(level);
	uint64_t end = va + size; /* the caller checked it does not wrap */
	uint32_t n;

	/* Only the checking walk visits tables that do not exist yet. */
	if (w->write && table == NULL)
		return PT_E_NOMEM;
	for (n = 0; n < PT_ENTRIES && va < end; n++) {
		uint32_t idx = pt_index(va, level);
		uint64_t desc = table != NULL ? table[idx] : 0u;
		/* From va to the end of this entry or of the range. */
		uint64_t chunk = ((va & ~(span - 1u)) + span) - va;

		if (chunk > end - va)
			chunk = end - va;
		if (!pt_is_table(desc, level) &&
		    pt_leaf_fits(level, va, pa, chunk)) {
			if ((desc & PT_DESC_VALID) != 0u)
				return PT_E_OVERLAP;
			if (w->write)
				table[idx] = pt_leaf_desc(level, pa,
							  w->leaf_bits);
		} else {
			enum pt_result res = pt_walk_table_entry(w, table,
								 level, va, pa,
								 chunk);
			if (res != PT_OK)
				return res;
		}
		va += chunk;
		pa += chunk;
	}
	return PT_OK;
}

enum pt_result pt_init(struct pt_table *pt, struct pt_pool *pool,
		       uint32_t ia_bits, uint64_t oa_limit)
{
	if (pt == NULL || pool == NULL || pool->pages == NULL)
		return PT_E_NOMEM;
	pt->root = NULL;
	if (ia_bits < PT_MIN_IA_BITS || ia_bits > PT_MAX_IA_BITS ||
	    oa_limit == 0u || oa_limit > PT_MAX_OA_LIMIT)
		return PT_E_RANGE;
	/* Table addresses go into descriptors: page aligned, 48-bit. */
	if ((pt_table_pa(pool->pages[0]) & (PT_PAGE_SIZE - 1u)) != 0u)
		return PT_E_ALIGN;
	if (pt_table_pa(pool->pages[0]) >
	    PT_MAX_OA_LIMIT - (uint64_t)pool->count * PT_PAGE_SIZE)
		return PT_E_RANGE;
	pt->root = pt_alloc_table(pool);
	if (pt->root == NULL)
		return PT_E_NOMEM;
	pt->start_level = ia_bits <= PT_L1_START_MAX_BITS ? 1u : 0u;
	pt->ia_bits = ia_bits;
	pt->oa_limit = oa_limit;
	pt->pool = pool;
	return PT_OK;
}

/* Alignment and range checks of pt_map's arguments. */
static enum pt_result pt_check_args(const struct pt_table *pt, uint64_t va,
				    uint64_t pa, uint64_t size)
{
	if (size == 0u || ((va | pa | size) & (PT_PAGE_SIZE - 1u)) != 0u)
		return PT_E_ALIGN;
	if (size > UINT64_MAX - va || size > UINT64_MAX - pa)
		return PT_E_RANGE; /* the range wraps around */
	if (va + size > (1ull << pt->ia_bits) || pa + size > pt->oa_limit)
		return PT_E_RANGE;
	return PT_OK;
}

enum pt_result pt_map(struct pt_table *pt, uint64_t va, uint64_t pa,
		      uint64_t size, uint64_t attrs)
{
	struct pt_walk w;
	enum pt_result res;

	if (pt == NULL || pt->root == NULL || pt->pool == NULL ||
	    pt->ia_bits > PT_MAX_IA_BITS)
		return PT_E_RANGE; /* not set up by pt_init */
	res = pt_check_args(pt, va, pa, size);
	if (res != PT_OK)
		return res;

	w.pt = pt;
	w.leaf_bits = (attrs & PT_ATTR_MASK) | PT_DESC_AF;
	w.write = false;
	w.tables_needed = 0;
	w.tables_free = pt_pool_free(pt->pool);
	res = pt_walk_range(&w, pt->root, pt->start_level, va, pa, size);
	if (res != PT_OK)
		return res;
	if (w.tables_needed > w.tables_free)
		return PT_E_NOMEM;

	/* Decoded: from here on nothing can fail. */
	w.write = true;
	return pt_walk_range(&w, pt->root, pt->start_level, va, pa, size);
}

/*
 * pt_unmap's walk of the entries of `table` (at `level`) that [va, end)
 * touches: with write false it only checks that every leaf there lies
 * wholly inside the range; with write true it clears them. At most
 * PT_ENTRIES entries per table and PT_LAST_LEVEL + 1 levels of recursion.
 */
static enum pt_result pt_unmap_range(const struct pt_table *pt,
				     uint64_t *table, uint32_t level,
				     uint64_t va, uint64_t end, bool write)
{
	uint64_t span = pt_span(level);
	uint32_t n;

	for (n = 0; n < PT_ENTRIES && va < end; n++) {
		uint32_t idx = pt_index(va, level);
		uint64_t desc = table[idx];
		uint64_t next = (va & ~(span - 1u)) + span;
		uint64_t stop = next < end ? next : end;

		if (pt_is_table(desc, level)) {
			uint64_t *child = pt_child_table(pt, desc);
			enum pt_result res;

			if (child == NULL)
				return PT_E_OVERLAP; /* not ours */
			res = pt_unmap_range(pt, child, level + 1u, va, stop,
					     write);
			if (res != PT_OK)
				return res;
		} else if ((desc & PT_DESC_VALID) != 0u) {
			/* A leaf only partly inside would need a split. */
			if ((va & (span - 1u)) != 0u || end - va < span)
				return PT_E_RANGE;
			if (write)
				table[idx] = 0u;
		}
		va = stop;
	}
	return PT_OK;
}

enum pt_result pt_unmap(struct pt_table *pt, uint64_t va, uint64_t size)
{
	enum pt_result res;

	if (pt == NULL || pt->root == NULL || pt->pool == NULL ||
	    pt->ia_bits > PT_MAX_IA_BITS)
		return PT_E_RANGE; /* not set up by pt_init */
	if (size == 0u || ((va | size) & (PT_PAGE_SIZE - 1u)) != 0u)
		return PT_E_ALIGN;
	if (size > UINT64_MAX - va || va + size > (1ull << pt->ia_bits))
		return PT_E_RANGE;
	/* Decoded first: a refusal leaves the tables as they were. */
	res = pt_unmap_range(pt, pt->root, pt->start_level, va, va + size,
			     false);
	if (res != PT_OK)
		return res;
	return pt_unmap_range(pt, pt->root, pt->start_level, va, va + size,
			      true);
}

/* Fills pt_lookup's outputs from a leaf descriptor at level lvl. */
static void pt_leaf_report(uint64_t desc, uint32_t lvl, uint64_t va,
			   uint64_t *pa, uint64_t *attrs, uint32_t *level)
{
	uint64_t offset_mask = pt_span(lvl) - 1u;

	if (pa != NULL)
		*pa = (desc & PT_ADDR_MASK & ~offset_mask) | (va & offset_mask);
	if (attrs != NULL)
		*attrs = desc & PT_ATTR_MASK;
	if (level != NULL)
		*level = lvl;
}

bool pt_lookup(const struct pt_table *pt, uint64_t va, uint64_t *pa,
	       uint64_t *attrs, uint32_t *level)
{
	const uint64_t *table;
	uint32_t lvl;

	if (pt == NULL || pt->root == NULL || pt->pool == NULL ||
	    pt->ia_bits > PT_MAX_IA_BITS || (va >> pt->ia_bits) != 0u)
		return false;
	table = pt->root;
	for (lvl = pt->start_level; lvl <= PT_LAST_LEVEL; lvl++) {
		uint64_t desc = table[pt_index(va, lvl)];

		if ((desc & PT_DESC_VALID) == 0u)
			return false;
		if (pt_is_table(desc, lvl)) {
			table = pt_child_table(pt, desc);
			if (table == NULL)
				return false;
			continue;
		}
		/* Level 0 blocks and level 3 "blocks" (0b01) are reserved
		 * encodings, Arm ARM D8.3.1. */
		if (lvl == 0u || (lvl == PT_LAST_LEVEL &&
				  (desc & PT_TYPE_MASK) != PT_TYPE_PAGE))
			return false;
		pt_leaf_report(desc, lvl, va, pa, attrs, level);
		return true;
	}
	return false;
}

/* A copy of table in a new pool page, or NULL when the pool is empty. */
static uint64_t *pt_copy_table(struct pt_pool *pool, const uint64_t *table)
{
	uint64_t *copy = pt_alloc_table(pool);

	if (copy != NULL) {
		for (uint32_t i = 0; i < PT_ENTRIES; i++)
			copy[i] = table[i];
	}
	return copy;
}

/* A new next-level table that maps what the block desc at level maps, with
 * the same attributes (Arm ARM D8.3.1: blocks at level 2, pages at 3). */
static uint64_t *pt_split_block(struct pt_pool *pool, uint64_t desc,
				uint32_t level)
{
	uint64_t *table = pt_alloc_table(pool);
	uint64_t base = desc & PT_ADDR_MASK & ~(pt_span(level) - 1u);
	uint64_t bits = desc & ~PT_ADDR_MASK & ~PT_TYPE_MASK;
	uint64_t type = level + 1u == PT_LAST_LEVEL ? PT_TYPE_PAGE
						    : PT_TYPE_BLOCK;

	if (table != NULL) {
		for (uint32_t i = 0; i < PT_ENTRIES; i++)
			table[i] = (base + (uint64_t)i * pt_span(level + 1u)) |
				   bits | type;
	}
	return table;
}

enum pt_result pt_copy_hole(struct pt_table *src, struct pt_table *dst,
			    uint64_t va, uint64_t size)
{
	uint64_t *table;
	uint64_t last;

	if (src == NULL || dst == NULL || src->root == NULL ||
	    src->pool == NULL || src->ia_bits > PT_MAX_IA_BITS ||
	    src->start_level > 1u)
		return PT_E_RANGE; /* not set up by pt_init */
	if (size == 0u || ((va | size) & (PT_PAGE_SIZE - 1u)) != 0u)
		return PT_E_ALIGN;
	if (size > UINT64_MAX - va || va + size > (1ull << src->ia_bits))
		return PT_E_RANGE;
	last = va + size - 1u;
	if ((va >> PT_SHIFT(2u)) != (last >> PT_SHIFT(2u)))
		return PT_E_RANGE; /* more than one last-level table */
	/* One page per level from the root down to level 3. */
	if (pt_pool_free(src->pool) < (uint64_t)(PT_LAST_LEVEL + 1u - src->start_level))
		return PT_E_NOMEM;

	*dst = *src;
	dst->root = pt_copy_table(src->pool, src->root);
	table = dst->root;
	for (uint32_t lvl = src->start_level; lvl < PT_LAST_LEVEL; lvl++) {
		uint32_t idx = pt_index(va, lvl);
		uint64_t desc = table[idx];
		uint64_t *child;

		if ((desc & PT_DESC_VALID) == 0u)
			return PT_OK; /* nothing mapped there: already a hole */
		if (pt_is_table(desc, lvl)) {
			const uint64_t *orig = pt_child_table(src, desc);

			if (orig == NULL)
				return PT_E_OVERLAP; /* not ours */
			child = pt_copy_table(src->pool, orig);
		} else if (lvl == 0u) {
			return PT_E_OVERLAP; /* reserved: no level-0 blocks */
		} else {
			child = pt_split_block(src->pool, desc, lvl);
		}
		if (child == NULL)
			return PT_E_NOMEM; /* unreachable: counted above */
		table[idx] = pt_table_pa(child) | PT_TYPE_TABLE;
		table = child;
	}
	for (uint64_t a = va; a <= last; a += PT_PAGE_SIZE)
		table[pt_index(a, PT_LAST_LEVEL)] = 0u;
	return PT_OK;
}
