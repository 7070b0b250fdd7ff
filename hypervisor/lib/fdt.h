/* SPDX-License-Identifier: MIT */
/*
 * A small, defensive reader for flattened device trees (DTB, devicetree
 * specification v0.4, chapter 5). Used by the hypervisor for the board's
 * device tree and by the host tools for system configurations, so every
 * offset read from a blob is bounds-checked: a malformed or hostile blob
 * yields an error code, never an out-of-bounds read or an endless walk.
 *
 * Nodes and properties are named by their byte offset inside the structure
 * block (always >= 0); negative values are FDT_E_* errors. The blob need
 * not be aligned (words are read byte-wise) and is never written.
 */
#ifndef SK_LIB_FDT_H
#define SK_LIB_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu

enum fdt_error {
	FDT_E_NOT_FOUND = -1,   /* no such node or property */
	FDT_E_BAD_MAGIC = -2,
	FDT_E_BAD_VERSION = -3, /* we read versions 16 and 17 */
	FDT_E_TRUNCATED = -4,   /* a header field points outside the blob */
	FDT_E_BAD_STRUCTURE = -5,
	FDT_E_TOO_DEEP = -6,    /* nesting beyond FDT_MAX_DEPTH */
	FDT_E_NO_SPACE = -7,    /* caller's buffer too small */
};

/* What went wrong, in words ("truncated"), for an FDT_E_* code; "unknown
 * error" for anything else. Shared by the hypervisor's boot path and the
 * host tools so a bad blob reads the same in both. */
const char *fdt_strerror(int err);

/* Most nodes on one path from the root, the root included. */
#define FDT_MAX_DEPTH 16

struct fdt {
	const uint8_t *blob;
	uint32_t total_size;
	uint32_t struct_off;
	uint32_t struct_size;
	uint32_t strings_off;
	uint32_t strings_size;
	/* The strings block ends in a NUL (fdt_open): then every name that
	 * starts inside it ends inside it, and a property's name needs no
	 * scan to prove so (the structure walks check one per property). */
	bool strings_end_nul;
};

/* Validates the header against max_size (the bytes readable at blob) and
 * walks the whole structure block once, so a blob that opens is well
 * formed. Reads version 16 and 17 blobs, and newer ones whose
 * last_comp_version is at most 17. 0 or FDT_E_*; on error fdt is unusable
 * (every accessor then fails). The accessors still check every offset
 * they are given. */
int fdt_open(struct fdt *fdt, const void *blob, size_t max_size);
/* Size the header claims, without opening; 0 if the magic is wrong.
 * Reads the first 8 bytes of blob. */
uint32_t fdt_header_size(const void *blob);

int fdt_root(const struct fdt *fdt);
int fdt_first_child(const struct fdt *fdt, int node);
int fdt_next_sibling(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);
/* Node name including any unit address ("memory@40000000"); NUL-terminated. */
const char *fdt_node_name(const struct fdt *fdt, int node);
/* "/a/b" path lookup; a component without '@' also matches "name@unit".
 * A node named exactly like the component wins, otherwise the first match
 * in document order; if the rest of the path is not under it, the next
 * match is tried (/a/y finds y under the second of a@1 and a@2). Empty
 * components ("//", trailing '/') are skipped; aliases (paths not starting
 * with '/') are not supported. */
int fdt_find_node(const struct fdt *fdt, const char *path);
/* Writes the node's full path ("/" for the root). 0 or FDT_E_*; on
 * FDT_E_NO_SPACE buf holds "" (never a truncated path) if size > 0. */
int fdt_node_path(const struct fdt *fdt, int node, char *buf, size_t size);

/* Property iteration: returns a property offset, FDT_E_NOT_FOUND at the end. */
int fdt_first_prop(const struct fdt *fdt, int node);
int fdt_next_prop(const struct fdt *fdt, int prop);
/* Property contents at offset prop; *name and *len are filled (either may
 * be NULL). NULL if prop is not a property. */
const void *fdt_prop_at(const struct fdt *fdt, int prop, const char **name,
			uint32_t *len);
/* Property by name; NULL if absent. *len may be NULL. */
const void *fdt_get_prop(const struct fdt *fdt, int node, const char *name,
			 uint32_t *len);

/* Big-endian cell access; cells is 1 or 2. */
uint64_t fdt_read_cells(const void *p, uint32_t cells);
/* A one-cell property as a number. false if absent or not 4 bytes. */
bool fdt_get_u32(const struct fdt *fdt, int node, const char *name,
		 uint32_t *out);
/* A property that is exactly one NUL-terminated string (its only NUL is
 * its last byte); NULL otherwise, e.g. for a string list. */
const char *fdt_get_string(const struct fdt *fdt, int node, const char *name);
/* True if the string-list property (e.g. "compatible") contains str. */
bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name,
			 const char *str);
/* Next node after `from` (or from the start if from < 0), in document order,
 * whose "compatible" contains compat. */
int fdt_find_compatible(const struct fdt *fdt, int from, const char *compat);
/* #address-cells / #size-cells that apply to the children of node
 * (defaults 2 and 1 per the specification). */
uint32_t fdt_address_cells(const struct fdt *fdt, int node);
uint32_t fdt_size_cells(const struct fdt *fdt, int node);
/* Entry i of node's "reg", decoded with its parent's cell sizes:
 * #address-cells 1 or 2, #size-cells 0, 1 or 2 (0, as under /cpus, gives
 * size 0). false for other cell sizes, for the root, for a missing entry
 * or a "reg" whose length is not a whole number of entries. */
bool fdt_get_reg(const struct fdt *fdt, int node, uint32_t index,
		 uint64_t *base, uint64_t *size);
/* The same with node's parent given (fdt_parent walks from the root to
 * find it): for callers that read several entries, or several children
 * of one parent. A parent < 0 gives false. */
bool fdt_get_reg_in(const struct fdt *fdt, int parent, int node,
		    uint32_t index, uint64_t *base, uint64_t *size);

#endif /* SK_LIB_FDT_H */
