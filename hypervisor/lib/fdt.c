// SPDX-License-Identifier: MIT
/*
 * Flattened device tree reader (Devicetree Specification v0.4, chapter 5).
 *
 * Trust nothing in the blob: every word is read byte-wise (the blob need
 * not be aligned), every offset is checked against the block it points
 * into before it is used, and every walk is bounded both by nesting depth
 * (FDT_MAX_DEPTH) and by the number of tokens the structure block can hold.
 * fdt_open additionally walks the whole structure block once, so a blob
 * that opens cleanly is well formed; the accessors still check every
 * offset they are given because callers pass offsets back in.
 */
#include "lib/fdt.h"

/* Header layout (DT spec 5.2): ten big-endian 32-bit fields. */
#define FDT_HDR_MAGIC            0u
#define FDT_HDR_TOTALSIZE        4u
#define FDT_HDR_OFF_DT_STRUCT    8u
#define FDT_HDR_OFF_DT_STRINGS   12u
#define FDT_HDR_OFF_MEM_RSVMAP   16u
#define FDT_HDR_VERSION          20u
#define FDT_HDR_LAST_COMP        24u
#define FDT_HDR_SIZE_DT_STRINGS  32u
#define FDT_HDR_SIZE_DT_STRUCT   36u
#define FDT_HDR_LEN_V16          36u /* size_dt_struct arrived in v17 */
#define FDT_HDR_LEN_V17          40u

#define FDT_FIRST_VERSION        16u
#define FDT_LAST_VERSION         17u

/* Structure block tokens (DT spec 5.4.1). */
#define FDT_TOKEN_BEGIN_NODE     1u
#define FDT_TOKEN_END_NODE       2u
#define FDT_TOKEN_PROP           3u
#define FDT_TOKEN_NOP            4u
#define FDT_TOKEN_END            9u

#define FDT_TOKEN_SIZE           4u
#define FDT_PROP_HDR_SIZE        12u /* token, len, nameoff */
#define FDT_ALIGN                4u
#define FDT_RSVMAP_ALIGN         8u  /* DT spec 5.3.2 */
#define FDT_RSVMAP_ENTRY_SIZE    16u /* at least the terminating entry */

/* Offsets are returned as int, so a structure block must fit in one. */
#define FDT_MAX_OFFSET           0x7fffffffu

#define FDT_CELL_SIZE            4u
#define FDT_DEFAULT_ADDR_CELLS   2u  /* DT spec 2.3.5 */
#define FDT_DEFAULT_SIZE_CELLS   1u

/* One decoded token of the structure block. */
struct fdt_token {
	uint32_t tag;
	uint32_t next; /* offset of the following token */
};

/* Inlined where every token decode reads a word (fdt_token_at,
 * fdt_prop_name_at): there the call cost as much as the read. */
static inline __attribute__((always_inline)) uint32_t
fdt_be32_inline(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static uint32_t fdt_be32(const uint8_t *p)
{
	return fdt_be32_inline(p);
}

static uint32_t fdt_align4(uint32_t v)
{
	return (v + (FDT_ALIGN - 1u)) & ~(FDT_ALIGN - 1u);
}

static bool fdt_streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	/* Bounded by the first NUL of either; both are NUL-terminated. */
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/*
 * Length of the NUL-terminated string at p, looking at most max bytes.
 * Returns max if no NUL was found there (caller treats that as malformed).
 */
static uint32_t fdt_strnlen(const uint8_t *p, uint32_t max)
{
	uint32_t n = 0;

	while (n < max && p[n] != 0u)
		n++;
	return n;
}

static const uint8_t *fdt_struct_base(const struct fdt *fdt)
{
	return fdt->blob + fdt->struct_off;
}

/* Upper bound on the tokens in the structure block: bounds every walk. */
static uint32_t fdt_max_tokens(const struct fdt *fdt)
{
	if (fdt == NULL || fdt->blob == NULL)
		return 0; /* not opened: no walk at all */
	return fdt->struct_size / FDT_TOKEN_SIZE + 1u;
}

/* True if [off, off+len) lies inside a block of block_size bytes. */
static bool fdt_in_block(uint32_t off, uint32_t len, uint32_t block_size)
{
	return off <= block_size && len <= block_size - off;
}

/* Name of the property whose header starts at off (already bounds-checked). */
static const char *fdt_prop_name_at(const struct fdt *fdt, uint32_t off)
{
	uint32_t nameoff = fdt_be32_inline(fdt_struct_base(fdt) + off + 8u);
	const uint8_t *s;

	if (nameoff >= fdt->strings_size)
		return NULL;
	s = fdt->blob + fdt->strings_off + nameoff;
	if (!fdt->strings_end_nul &&
	    fdt_strnlen(s, fdt->strings_size - nameoff) ==
	    fdt->strings_size - nameoff)
		return NULL; /* runs off the end of the strings block */
	return (const char *)s;
}

/*
 * Decodes the token at structure offset off and finds where the next one
 * starts, checking everything the token claims against the block bounds.
 * A property's name is not checked here: walks that only step over a
 * property need not, fdt_open checks every name once, and whatever reads a
 * name checks it (fdt_prop_name_at). 0 or FDT_E_*.
 */
static int fdt_token_at(const struct fdt *fdt, uint32_t off,
			struct fdt_token *tok)
{
	const uint8_t *base = fdt_struct_base(fdt);
	uint32_t avail;
	uint32_t len;

	if ((off % FDT_ALIGN) != 0u ||
	    !fdt_in_block(off, FDT_TOKEN_SIZE, fdt->struct_size))
		return FDT_E_BAD_STRUCTURE;
	tok->tag = fdt_be32_inline(base + off);
	avail = fdt->struct_size - off - FDT_TOKEN_SIZE;

	switch (tok->tag) {
	case FDT_TOKEN_BEGIN_NODE:
		len = fdt_strnlen(base + off + FDT_TOKEN_SIZE, avail);
		if (len == avail)
			return FDT_E_BAD_STRUCTURE; /* name not terminated */
		tok->next = fdt_align4(off + FDT_TOKEN_SIZE + len + 1u);
		break;
	case FDT_TOKEN_PROP:
		if (!fdt_in_block(off, FDT_PROP_HDR_SIZE, fdt->struct_size))
			return FDT_E_BAD_STRUCTURE;
		len = fdt_be32_inline(base + off + FDT_TOKEN_SIZE);
		if (!fdt_in_block(off + FDT_PROP_HDR_SIZE, len,
				  fdt->struct_size))
			return FDT_E_BAD_STRUCTURE;
		tok->next = fdt_align4(off + FDT_PROP_HDR_SIZE + len);
		break;
	case FDT_TOKEN_END_NODE:
	case FDT_TOKEN_NOP:
	case FDT_TOKEN_END:
		tok->next = off + FDT_TOKEN_SIZE;
		break;
	default:
		return FDT_E_BAD_STRUCTURE;
	}
	/* Padding may reach exactly the end; beyond it is malformed. */
	if (tok->next > fdt->struct_size)
		return FDT_E_BAD_STRUCTURE;
	return 0;
}

/* The first token at or after off that is not a NOP. 0 or FDT_E_*. */
static int fdt_skip_nops(const struct fdt *fdt, uint32_t off, uint32_t *at,
			 struct fdt_token *tok)
{
	uint32_t budget = fdt_max_tokens(fdt);

	while (budget-- > 0u) {
		int err = fdt_token_at(fdt, off, tok);

		if (err != 0)
			return err;
		if (tok->tag != FDT_TOKEN_NOP) {
			*at = off;
			return 0;
		}
		off = tok->next;
	}
	return FDT_E_BAD_STRUCTURE;
}

/* Checks that node names a BEGIN_NODE token; 0 or FDT_E_*. */
static int fdt_check_node(const struct fdt *fdt, int node,
			  struct fdt_token *tok)
{
	int err;

	if (fdt == NULL || fdt->blob == NULL || node < 0)
		return FDT_E_NOT_FOUND;
	err = fdt_token_at(fdt, (uint32_t)node, tok);
	if (err != 0)
		return err;
	return tok->tag == FDT_TOKEN_BEGIN_NODE ? 0 : FDT_E_NOT_FOUND;
}

/*
 * The first node at or after structure offset *off, in document order; *off
 * then points past its BEGIN_NODE token (at its first property or child).
 * *depth is adjusted by the nesting change: -1 per END_NODE passed, +1 for
 * the node found. One decode per token, so callers that go on from *off
 * never decode a token twice. Returns the node offset, FDT_E_NOT_FOUND at
 * the end of the tree, or another FDT_E_*.
 */
static int fdt_node_from(const struct fdt *fdt, uint32_t *off, int *depth)
{
	struct fdt_token tok;
	uint32_t budget;

	for (budget = fdt_max_tokens(fdt); budget > 0u; budget--) {
		uint32_t at = *off;
		int err = fdt_token_at(fdt, at, &tok);

		if (err != 0)
			return err;
		*off = tok.next;
		switch (tok.tag) {
		case FDT_TOKEN_BEGIN_NODE:
			(*depth)++;
			return (int)at;
		case FDT_TOKEN_END_NODE:
			(*depth)--;
			break;
		case FDT_TOKEN_END:
			return FDT_E_NOT_FOUND;
		default:
			break; /* a property or a NOP (fdt_token_at knows no other) */
		}
	}
	return FDT_E_BAD_STRUCTURE;
}

/* Where the node at `node` has its first property or child, in *off;
 * 0 or FDT_E_*. */
static int fdt_node_body(const struct fdt *fdt, int node, uint32_t *off)
{
	struct fdt_token tok;
	int err = fdt_check_node(fdt, node, &tok);

	if (err == 0)
		*off = tok.next;
	return err;
}

/* The first child of the node whose body starts at *off (fdt_node_body). */
static int fdt_child_from(const struct fdt *fdt, uint32_t *off)
{
	int depth = 0;
	int next = fdt_node_from(fdt, off, &depth);

	if (next < 0)
		return next;
	return depth == 1 ? next : FDT_E_NOT_FOUND;
}

/* The next sibling of the node whose body starts at *off: its descendants
 * are skipped (a walk that stops at depth 0, a sibling, or above). */
static int fdt_sibling_from(const struct fdt *fdt, uint32_t *off)
{
	uint32_t budget = fdt_max_tokens(fdt);
	int depth = 0;

	while (budget-- > 0u) {
		int cur = fdt_node_from(fdt, off, &depth);

		if (cur < 0)
			return cur;
		if (depth <= 0)
			return depth == 0 ? cur : FDT_E_NOT_FOUND;
		if (depth > (int)FDT_MAX_DEPTH)
			return FDT_E_TOO_DEEP;
	}
	return FDT_E_BAD_STRUCTURE;
}

/*
 * Offsets of the nodes from the root down to `node`, inclusive.
 * Returns the number of entries in chain[] (>= 1) or FDT_E_*.
 */
static int fdt_chain_to(const struct fdt *fdt, int node,
			int chain[FDT_MAX_DEPTH])
{
	uint32_t budget = fdt_max_tokens(fdt);
	int root = fdt_root(fdt);
	uint32_t off;
	int depth = -1;

	if (root < 0)
		return root;
	off = (uint32_t)root; /* the walk's first node is the root, depth 0 */
	while (budget-- > 0u) {
		int cur = fdt_node_from(fdt, &off, &depth);

		if (cur < 0)
			return cur;
		if (depth < 0)
			return FDT_E_NOT_FOUND; /* left the root */
		if (depth >= (int)FDT_MAX_DEPTH)
			return FDT_E_TOO_DEEP;
		chain[depth] = cur;
		if (cur == node)
			return depth + 1;
		if (cur > node)
			return FDT_E_NOT_FOUND; /* not a node's offset */
	}
	return FDT_E_BAD_STRUCTURE;
}

/*
 * A node below the root needs a name that can be a path component: not
 * empty and without '/' (DT spec 2.2.1), or two nodes could share a path
 * and a lookup would silently answer with the wrong one. The name was
 * proved terminated by fdt_token_at.
 */
static bool fdt_child_name_ok(const struct fdt *fdt, uint32_t off)
{
	const char *name = (const char *)fdt_struct_base(fdt) + off +
			   FDT_TOKEN_SIZE;

	if (name[0] == '\0')
		return false;
	for (; *name != '\0'; name++) {
		if (*name == '/')
			return false;
	}
	return true;
}

/* Where fdt_check_structure's walk is. */
struct fdt_walk {
	uint32_t prev; /* last token that was not a NOP */
	bool root_seen;
	int depth;
};

/* fdt_check_token's answer when the walk goes on to the next token. */
#define FDT_WALK_MORE 1

/* The token at off, in the walk so far: FDT_WALK_MORE to go on, 0 at a
 * well-formed end, or an FDT_E_* error. */
static int fdt_check_token(const struct fdt *fdt, uint32_t off,
			   const struct fdt_token *tok, struct fdt_walk *w)
{
	switch (tok->tag) {
	case FDT_TOKEN_BEGIN_NODE:
		if (w->depth == 0 && w->root_seen)
			return FDT_E_BAD_STRUCTURE; /* second root */
		if (w->depth >= (int)FDT_MAX_DEPTH)
			return FDT_E_TOO_DEEP;
		if (w->depth > 0 && !fdt_child_name_ok(fdt, off))
			return FDT_E_BAD_STRUCTURE;
		w->root_seen = true;
		w->depth++;
		return FDT_WALK_MORE;
	case FDT_TOKEN_END_NODE:
		if (w->depth == 0)
			return FDT_E_BAD_STRUCTURE;
		w->depth--;
		return FDT_WALK_MORE;
	case FDT_TOKEN_PROP:
		if ((w->prev != FDT_TOKEN_BEGIN_NODE &&
		     w->prev != FDT_TOKEN_PROP) ||
		    fdt_prop_name_at(fdt, off) == NULL)
			return FDT_E_BAD_STRUCTURE;
		return FDT_WALK_MORE;
	case FDT_TOKEN_NOP:
		return FDT_WALK_MORE;
	case FDT_TOKEN_END:
		return (w->depth == 0 && w->root_seen) ?
			0 : FDT_E_BAD_STRUCTURE;
	default:
		return FDT_E_BAD_STRUCTURE;
	}
}

/*
 * Walks the whole structure block once; 0 if it is well formed: exactly one
 * root, balanced nesting no deeper than FDT_MAX_DEPTH, child names usable
 * in a path, a node's properties before its children (DT spec 5.4.2), and
 * an END token after the root.
 */
static int fdt_check_structure(const struct fdt *fdt)
{
	struct fdt_token tok;
	struct fdt_walk w = { .prev = FDT_TOKEN_NOP, .root_seen = false, .depth = 0 };
	uint32_t budget;
	uint32_t off = 0;

	for (budget = fdt_max_tokens(fdt); budget > 0u; budget--) {
		int err = fdt_token_at(fdt, off, &tok);

		if (err != 0)
			return err;
		err = fdt_check_token(fdt, off, &tok, &w);
		if (err != FDT_WALK_MORE)
			return err;
		if (tok.tag != FDT_TOKEN_NOP)
			w.prev = tok.tag;
		off = tok.next;
	}
	return FDT_E_BAD_STRUCTURE;
}

const char *fdt_strerror(int err)
{
	switch (err) {
	case FDT_E_NOT_FOUND:
		return "no such node or property";
	case FDT_E_BAD_MAGIC:
		return "bad magic";
	case FDT_E_BAD_VERSION:
		return "unsupported version";
	case FDT_E_TRUNCATED:
		return "truncated";
	case FDT_E_BAD_STRUCTURE:
		return "malformed structure block";
	case FDT_E_TOO_DEEP:
		return "nested too deeply";
	case FDT_E_NO_SPACE:
		return "buffer too small";
	default:
		return "unknown error";
	}
}

uint32_t fdt_header_size(const void *blob)
{
	const uint8_t *p = blob;

	if (p == NULL || fdt_be32(p + FDT_HDR_MAGIC) != FDT_MAGIC)
		return 0;
	return fdt_be32(p + FDT_HDR_TOTALSIZE);
}

/* Version and block placement checks; fdt->total_size is already known
 * to be within the caller's buffer. */
static int fdt_open_blocks(struct fdt *fdt, const uint8_t *p)
{
	uint32_t version = fdt_be32(p + FDT_HDR_VERSION);
	uint32_t last_comp = fdt_be32(p + FDT_HDR_LAST_COMP);
	uint32_t rsvmap = fdt_be32(p + FDT_HDR_OFF_MEM_RSVMAP);
	uint32_t hdr_len;

	/* A newer blob is readable if it says it is compatible with ours. */
	if (version < FDT_FIRST_VERSION || last_comp > FDT_LAST_VERSION)
		return FDT_E_BAD_VERSION;
	hdr_len = version >= FDT_LAST_VERSION ? FDT_HDR_LEN_V17 :
						FDT_HDR_LEN_V16;
	if (fdt->total_size < hdr_len)
		return FDT_E_TRUNCATED;
	fdt->struct_off = fdt_be32(p + FDT_HDR_OFF_DT_STRUCT);
	fdt->strings_off = fdt_be32(p + FDT_HDR_OFF_DT_STRINGS);
	fdt->strings_size = fdt_be32(p + FDT_HDR_SIZE_DT_STRINGS);
	if (fdt->struct_off > fdt->total_size)
		return FDT_E_TRUNCATED;
	/* v16 has no struct size: the block may run to the end of the blob. */
	fdt->struct_size = version >= FDT_LAST_VERSION ?
		fdt_be32(p + FDT_HDR_SIZE_DT_STRUCT) :
		fdt->total_size - fdt->struct_off;
	if (!fdt_in_block(fdt->struct_off, fdt->struct_size, fdt->total_size) ||
	    !fdt_in_block(fdt->strings_off, fdt->strings_size,
			  fdt->total_size) ||
	    !fdt_in_block(rsvmap, FDT_RSVMAP_ENTRY_SIZE, fdt->total_size))
		return FDT_E_TRUNCATED;
	if (fdt->struct_off < hdr_len || fdt->strings_off < hdr_len ||
	    rsvmap < hdr_len || (fdt->struct_off % FDT_ALIGN) != 0u ||
	    (rsvmap % FDT_RSVMAP_ALIGN) != 0u ||
	    fdt->struct_size > FDT_MAX_OFFSET)
		return FDT_E_BAD_STRUCTURE;
	return 0;
}

int fdt_open(struct fdt *fdt, const void *blob, size_t max_size)
{
	const uint8_t *p = blob;
	int err;

	if (fdt == NULL)
		return FDT_E_NOT_FOUND;
	fdt->blob = NULL;
	fdt->strings_end_nul = false;
	if (p == NULL || max_size < FDT_HDR_LEN_V16)
		return FDT_E_TRUNCATED;
	if (fdt_be32(p + FDT_HDR_MAGIC) != FDT_MAGIC)
		return FDT_E_BAD_MAGIC;
	fdt->total_size = fdt_be32(p + FDT_HDR_TOTALSIZE);
	if (fdt->total_size > max_size)
		return FDT_E_TRUNCATED;
	err = fdt_open_blocks(fdt, p);
	if (err != 0)
		return err;
	fdt->strings_end_nul = fdt->strings_size > 0u &&
		p[fdt->strings_off + fdt->strings_size - 1u] == 0u;
	fdt->blob = p;
	err = fdt_check_structure(fdt);
	if (err != 0)
		fdt->blob = NULL; /* a failed open leaves nothing usable */
	return err;
}

int fdt_root(const struct fdt *fdt)
{
	struct fdt_token tok;
	uint32_t at;
	int err;

	if (fdt == NULL || fdt->blob == NULL)
		return FDT_E_NOT_FOUND;
	err = fdt_skip_nops(fdt, 0, &at, &tok);
	if (err != 0)
		return err;
	return tok.tag == FDT_TOKEN_BEGIN_NODE ? (int)at : FDT_E_BAD_STRUCTURE;
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	uint32_t off;
	int err = fdt_node_body(fdt, node, &off);

	return err != 0 ? err : fdt_child_from(fdt, &off);
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	uint32_t off;
	int err = fdt_node_body(fdt, node, &off);

	return err != 0 ? err : fdt_sibling_from(fdt, &off);
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int chain[FDT_MAX_DEPTH];
	int n;

	if (fdt == NULL || fdt->blob == NULL)
		return FDT_E_NOT_FOUND;
	n = fdt_chain_to(fdt, node, chain);
	if (n < 0)
		return n;
	return n >= 2 ? chain[n - 2] : FDT_E_NOT_FOUND;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	struct fdt_token tok;

	if (fdt_check_node(fdt, node, &tok) != 0)
		return NULL;
	/* fdt_token_at proved the name is terminated inside the block. */
	return (const char *)(fdt_struct_base(fdt) + (uint32_t)node +
			      FDT_TOKEN_SIZE);
}

/* How a node's name matches a path component (fdt_name_matches). */
#define FDT_MATCH_EXACT 2
#define FDT_MATCH_UNIT  1

/*
 * Does node name `name` match path component [comp, comp+len)? A component
 * without a unit address also matches "comp@anything" (DT spec 2.2.1; a
 * unit address cannot itself contain '@').
 * Returns FDT_MATCH_EXACT, FDT_MATCH_UNIT or 0 (no match).
 */
static int fdt_name_matches(const char *name, const char *comp, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len; i++) {
		if (name[i] != comp[i])
			return 0; /* also stops at name's NUL */
	}
	if (name[len] == '\0')
		return FDT_MATCH_EXACT;
	return name[len] == '@' ? FDT_MATCH_UNIT : 0;
}

/*
 * The next child of parent, after `after` (-1: from the first), that
 * matches the path component as *pass says; when the exact names are used
 * up, *pass moves on to the unit-address matches, from the first child
 * again. Every sibling step costs one unit of *budget. FDT_E_NOT_FOUND when
 * there is no further candidate.
 */
static int fdt_next_match(const struct fdt *fdt, int parent, int after,
			  const char *comp, uint32_t len, int *pass,
			  uint32_t *budget)
{
	uint32_t off;
	int child = fdt_node_body(fdt, after < 0 ? parent : after, &off);

	if (child == 0)
		child = after < 0 ? fdt_child_from(fdt, &off) :
				    fdt_sibling_from(fdt, &off);
	for (;;) {
		for (; child >= 0; child = fdt_sibling_from(fdt, &off)) {
			/* The walk decoded the node: its name is terminated. */
			const char *name = (const char *)fdt_struct_base(fdt) +
					   (uint32_t)child + FDT_TOKEN_SIZE;

			if (*budget == 0u)
				return FDT_E_BAD_STRUCTURE;
			(*budget)--;
			if (fdt_name_matches(name, comp, len) == *pass)
				return child;
		}
		if (child != FDT_E_NOT_FOUND)
			return child; /* a structure error, not just the end */
		if (*pass != FDT_MATCH_EXACT)
			return FDT_E_NOT_FOUND;
		*pass = FDT_MATCH_UNIT;
		child = fdt_node_body(fdt, parent, &off);
		if (child == 0)
			child = fdt_child_from(fdt, &off);
	}
}

/* Splits path into at most max components; false if it has more. */
static bool fdt_split_path(const char *path, const char **comp, uint32_t *len,
			   uint32_t max, uint32_t *count)
{
	uint32_t n = 0;

	for (;;) {
		uint32_t l = 0;

		while (*path == '/')
			path++;
		if (*path == '\0')
			break;
		if (n == max)
			return false;
		while (path[l] != '\0' && path[l] != '/')
			l++;
		comp[n] = path;
		len[n] = l;
		n++;
		path += l;
	}
	*count = n;
	return true;
}

/*
 * Depth-first over the candidates of each component, exact names first,
 * then unit-address matches in document order; when a candidate's subtree
 * lacks the rest of the path, the next candidate is tried (so /a/y is found
 * under the second of a@1 and a@2). Each node is a candidate at most once
 * and each sibling list is walked at most twice per candidate parent; with
 * one unit per step back up, three times the blob's token bound bounds the
 * whole search.
 */
int fdt_find_node(const struct fdt *fdt, const char *path)
{
	const char *comp[FDT_MAX_DEPTH];
	uint32_t len[FDT_MAX_DEPTH];
	int parent[FDT_MAX_DEPTH];
	int cur[FDT_MAX_DEPTH];
	int pass[FDT_MAX_DEPTH];
	uint32_t budget = 3u * fdt_max_tokens(fdt);
	uint32_t n = 0;
	uint32_t d = 0;
	int root;

	if (path == NULL || path[0] != '/')
		return FDT_E_NOT_FOUND; /* aliases are not supported */
	/* The root is one level of FDT_MAX_DEPTH, so deeper paths miss. */
	if (!fdt_split_path(path, comp, len, FDT_MAX_DEPTH - 1, &n))
		return FDT_E_NOT_FOUND;
	root = fdt_root(fdt);
	if (root < 0 || n == 0u)
		return root;
	parent[0] = root;
	cur[0] = -1;
	pass[0] = FDT_MATCH_EXACT;
	while (budget > 0u) {
		int node = fdt_next_match(fdt, parent[d], cur[d], comp[d],
					  len[d], &pass[d], &budget);

		if (node == FDT_E_NOT_FOUND && d > 0u) {
			d--; /* the next candidate one level up */
			if (budget > 0u)
				budget--;
			continue;
		}
		if (node < 0 || d + 1u == n)
			return node;
		cur[d] = node;
		d++;
		parent[d] = node;
		cur[d] = -1;
		pass[d] = FDT_MATCH_EXACT;
	}
	return FDT_E_BAD_STRUCTURE;
}

/* Appends '/' and name at *pos, leaving room for the final NUL. */
static bool fdt_path_append(char *buf, size_t size, size_t *pos,
			    const char *name)
{
	if (*pos + 1u >= size)
		return false;
	buf[(*pos)++] = '/';
	for (; *name != '\0'; name++) {
		if (*pos + 1u >= size)
			return false;
		buf[(*pos)++] = *name;
	}
	return true;
}

int fdt_node_path(const struct fdt *fdt, int node, char *buf, size_t size)
{
	int chain[FDT_MAX_DEPTH];
	size_t pos = 0;
	int n;
	int i;

	if (buf == NULL || size == 0u)
		return FDT_E_NO_SPACE;
	buf[0] = '\0';
	if (fdt == NULL || fdt->blob == NULL)
		return FDT_E_NOT_FOUND;
	n = fdt_chain_to(fdt, node, chain);
	if (n < 0)
		return n;
	/* chain[0] is the root, which contributes only the leading '/'. */
	for (i = (n == 1) ? 0 : 1; i < n; i++) {
		const char *name = (i == 0) ? "" :
				   fdt_node_name(fdt, chain[i]);

		if (name == NULL)
			return FDT_E_BAD_STRUCTURE;
		if (!fdt_path_append(buf, size, &pos, name)) {
			buf[0] = '\0';
			return FDT_E_NO_SPACE;
		}
	}
	buf[pos] = '\0';
	return 0;
}

/* The property token at or after off, or FDT_E_NOT_FOUND if the node's
 * property list ends there. */
static int fdt_prop_from(const struct fdt *fdt, uint32_t off)
{
	struct fdt_token tok;
	uint32_t at;
	int err = fdt_skip_nops(fdt, off, &at, &tok);

	if (err != 0)
		return err;
	switch (tok.tag) {
	case FDT_TOKEN_PROP:
		return (int)at;
	case FDT_TOKEN_BEGIN_NODE:
	case FDT_TOKEN_END_NODE:
		return FDT_E_NOT_FOUND;
	default:
		return FDT_E_BAD_STRUCTURE; /* END inside a node */
	}
}

int fdt_first_prop(const struct fdt *fdt, int node)
{
	struct fdt_token tok;
	int err = fdt_check_node(fdt, node, &tok);

	if (err != 0)
		return err;
	return fdt_prop_from(fdt, tok.next);
}

int fdt_next_prop(const struct fdt *fdt, int prop)
{
	struct fdt_token tok;
	int err;

	if (fdt == NULL || fdt->blob == NULL || prop < 0)
		return FDT_E_NOT_FOUND;
	err = fdt_token_at(fdt, (uint32_t)prop, &tok);
	if (err != 0)
		return err;
	if (tok.tag != FDT_TOKEN_PROP)
		return FDT_E_NOT_FOUND;
	return fdt_prop_from(fdt, tok.next);
}

const void *fdt_prop_at(const struct fdt *fdt, int prop, const char **name,
			uint32_t *len)
{
	struct fdt_token tok;
	const uint8_t *base;
	const char *pname;

	if (fdt == NULL || fdt->blob == NULL || prop < 0)
		return NULL;
	if (fdt_token_at(fdt, (uint32_t)prop, &tok) != 0 ||
	    tok.tag != FDT_TOKEN_PROP)
		return NULL;
	pname = fdt_prop_name_at(fdt, (uint32_t)prop);
	if (pname == NULL)
		return NULL;
	/* fdt_token_at checked the header and the value. */
	base = fdt_struct_base(fdt) + (uint32_t)prop;
	if (name != NULL)
		*name = pname;
	if (len != NULL)
		*len = fdt_be32(base + FDT_TOKEN_SIZE);
	return base + FDT_PROP_HDR_SIZE;
}

/* Is the property at off (a decoded property token) named name? Its name
 * is checked first (fdt_prop_name_at); false for a bad one. */
static bool fdt_prop_is(const struct fdt *fdt, uint32_t off, const char *name)
{
	return fdt_streq(fdt_prop_name_at(fdt, off), name);
}

/* The first property named name of the node whose body starts at off:
 * its offset, or FDT_E_NOT_FOUND when the node's properties end first.
 * One decode per token. */
static int fdt_find_prop(const struct fdt *fdt, uint32_t off, const char *name)
{
	struct fdt_token tok;
	uint32_t budget;

	for (budget = fdt_max_tokens(fdt); budget > 0u; budget--) {
		int err = fdt_token_at(fdt, off, &tok);

		if (err != 0)
			return err;
		if (tok.tag == FDT_TOKEN_PROP) {
			const char *pname = fdt_prop_name_at(fdt, off);

			if (pname == NULL)
				return FDT_E_BAD_STRUCTURE;
			if (fdt_streq(pname, name))
				return (int)off;
		} else if (tok.tag != FDT_TOKEN_NOP) {
			return FDT_E_NOT_FOUND;
		}
		off = tok.next;
	}
	return FDT_E_BAD_STRUCTURE;
}

const void *fdt_get_prop(const struct fdt *fdt, int node, const char *name,
			 uint32_t *len)
{
	uint32_t off;
	int prop;

	if (fdt_node_body(fdt, node, &off) != 0)
		return NULL;
	prop = fdt_find_prop(fdt, off, name);
	if (prop < 0)
		return NULL;
	/* fdt_token_at proved the header and the value inside the block. */
	if (len != NULL)
		*len = fdt_be32(fdt_struct_base(fdt) + (uint32_t)prop +
				FDT_TOKEN_SIZE);
	return fdt_struct_base(fdt) + (uint32_t)prop + FDT_PROP_HDR_SIZE;
}

uint64_t fdt_read_cells(const void *p, uint32_t cells)
{
	const uint8_t *b = p;

	if (b == NULL)
		return 0;
	switch (cells) {
	case 1:
		return fdt_be32(b);
	case 2:
		return ((uint64_t)fdt_be32(b) << 32) | fdt_be32(b + FDT_CELL_SIZE);
	default:
		return 0;
	}
}

bool fdt_get_u32(const struct fdt *fdt, int node, const char *name,
		 uint32_t *out)
{
	uint32_t len = 0;
	const void *p = fdt_get_prop(fdt, node, name, &len);

	if (p == NULL || len != FDT_CELL_SIZE)
		return false;
	if (out != NULL)
		*out = fdt_be32(p);
	return true;
}

const char *fdt_get_string(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len = 0;
	const uint8_t *p = fdt_get_prop(fdt, node, name, &len);

	/* Exactly one string: the only NUL is the last byte. */
	if (p == NULL || len == 0u || fdt_strnlen(p, len) != len - 1u)
		return NULL;
	return (const char *)p;
}

/* True if the string list [p, p+len) holds str; one pass, comparing as
 * it goes (an entry counts only once its NUL is seen, so an unterminated
 * tail never matches). */
static bool fdt_list_has(const uint8_t *p, uint32_t len, const char *str)
{
	const char *s = str;
	uint32_t pos;

	if (p == NULL || str == NULL)
		return false;
	for (pos = 0; pos < len; pos++) {
		char c = (char)p[pos];

		if (c == '\0') {
			if (s != NULL && *s == '\0')
				return true;
			s = str; /* the next entry */
		} else if (s != NULL && *s == c) {
			s++;
		} else {
			s = NULL; /* this entry differs: skip to its NUL */
		}
	}
	return false;
}

bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name,
			 const char *str)
{
	uint32_t len = 0;
	const uint8_t *p = fdt_get_prop(fdt, node, name, &len);

	return fdt_list_has(p, len, str);
}

/*
 * One walk from the node after `from` (from the root if from < 0): each
 * token is decoded once, and a node's first "compatible" property (the one
 * fdt_get_prop would find) is tested against compat.
 */
int fdt_find_compatible(const struct fdt *fdt, int from, const char *compat)
{
	uint32_t budget = fdt_max_tokens(fdt);
	const uint8_t *base;
	struct fdt_token tok;
	uint32_t off = 0;
	int node = -1; /* whose properties are being read; -1: none */
	int err;

	if (from < 0) {
		err = fdt_root(fdt);
		off = (uint32_t)err;
	} else {
		err = fdt_node_body(fdt, from, &off);
	}
	if (err < 0)
		return err;
	base = fdt_struct_base(fdt);
	while (budget-- > 0u) {
		err = fdt_token_at(fdt, off, &tok);
		if (err != 0)
			return err;
		switch (tok.tag) {
		case FDT_TOKEN_BEGIN_NODE:
			node = (int)off;
			break;
		case FDT_TOKEN_PROP:
			if (node >= 0 && fdt_prop_is(fdt, off, "compatible")) {
				if (fdt_list_has(base + off + FDT_PROP_HDR_SIZE,
						 fdt_be32(base + off + FDT_TOKEN_SIZE),
						 compat))
					return node;
				node = -1; /* only its first "compatible" */
			}
			break;
		case FDT_TOKEN_END:
			return FDT_E_NOT_FOUND;
		case FDT_TOKEN_NOP:
			break;
		default:
			node = -1; /* END_NODE: no more properties of it */
			break;
		}
		off = tok.next;
	}
	return FDT_E_BAD_STRUCTURE;
}

static uint32_t fdt_u32_or(const struct fdt *fdt, int node, const char *name,
			   uint32_t dflt)
{
	uint32_t v;

	return fdt_get_u32(fdt, node, name, &v) ? v : dflt;
}

uint32_t fdt_address_cells(const struct fdt *fdt, int node)
{
	return fdt_u32_or(fdt, node, "#address-cells", FDT_DEFAULT_ADDR_CELLS);
}

uint32_t fdt_size_cells(const struct fdt *fdt, int node)
{
	return fdt_u32_or(fdt, node, "#size-cells", FDT_DEFAULT_SIZE_CELLS);
}

bool fdt_get_reg(const struct fdt *fdt, int node, uint32_t index,
		 uint64_t *base, uint64_t *size)
{
	return fdt_get_reg_in(fdt, fdt_parent(fdt, node), node, index, base,
			      size);
}

bool fdt_get_reg_in(const struct fdt *fdt, int parent, int node,
		    uint32_t index, uint64_t *base, uint64_t *size)
{
	const uint8_t *p;
	uint32_t addr_cells;
	uint32_t size_cells;
	uint32_t entry;
	uint32_t len = 0;

	if (parent < 0)
		return false;
	addr_cells = fdt_address_cells(fdt, parent);
	size_cells = fdt_size_cells(fdt, parent);
	/* Addresses of 1 or 2 cells; sizes of 0 (e.g. /cpus), 1 or 2. */
	if (addr_cells < 1u || addr_cells > 2u || size_cells > 2u)
		return false;
	entry = (addr_cells + size_cells) * FDT_CELL_SIZE;
	p = fdt_get_prop(fdt, node, "reg", &len);
	if (p == NULL || len % entry != 0u || index >= len / entry)
		return false;
	p += (size_t)index * entry;
	if (base != NULL)
		*base = fdt_read_cells(p, addr_cells);
	if (size != NULL)
		*size = size_cells == 0u ? 0u :
			fdt_read_cells(p + (size_t)addr_cells * FDT_CELL_SIZE,
				       size_cells);
	return true;
}
