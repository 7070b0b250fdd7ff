/* SPDX-License-Identifier: MIT */
/*
 * The schema walker: reads a configuration DTB node by node against the
 * tables in config_schema.c. It knows property encodings and the shape of
 * the tree; what each node means is in the tables and their hooks.
 * Every error is reported and the walk goes on, so one run shows them all.
 */
#define _POSIX_C_SOURCE 200809L

#include "config_parse.h"

#include <stdio.h>
#include <string.h>

#include "config_schema.h"

#define CELL_BYTES        4u
#define ADDRESS_CELLS_MAX 2u
/* (base, size) with two cells each. */
#define RANGE_BYTES       (CELL_BYTES << 2) /* base and size, 2 cells each */
/* Bounds on the walk, so a hostile blob cannot keep us busy. */
#define PARSE_MAX_PROPS_PER_NODE 256u
#define PARSE_MAX_CHILDREN       256u
/* Schema nodes have at most this many properties / child kinds. */
#define PARSE_MAX_DESCS          32u

/* ---- property values --------------------------------------------------- */

static void *field_at(void *target, size_t offset)
{
	return (uint8_t *)target + offset;
}

static void store_u32(void *target, size_t offset, uint32_t v)
{
	memcpy(field_at(target, offset), &v, sizeof(v));
}

static void store_u64(void *target, size_t offset, uint64_t v)
{
	memcpy(field_at(target, offset), &v, sizeof(v));
}

/* Exactly one NUL-terminated string. */
static bool value_is_string(const char *v, uint32_t len)
{
	return len >= 1u && v[len - 1u] == '\0' && strlen(v) == len - 1u;
}

static void read_exact_string(struct parse_ctx *ctx,
			      const struct schema_prop *d, const char *v,
			      uint32_t len, const char *path)
{
	if (!value_is_string(v, len))
		PARSE_ERROR(ctx, path, "property '%s' must be the string \"%s\"",
			    d->name, d->exact);
	else if (strcmp(v, d->exact) != 0)
		PARSE_ERROR(ctx, path, "property '%s' is \"%s\", expected \"%s\"",
			    d->name, v, d->exact);
}

static void read_u32(struct parse_ctx *ctx, const struct schema_prop *d,
		     const void *v, uint32_t len, void *target,
		     const char *path)
{
	if (len != CELL_BYTES) {
		PARSE_ERROR(ctx, path,
			    "property '%s' must be one cell (4 bytes), not %u bytes",
			    d->name, len);
		return;
	}
	store_u32(target, d->offset, (uint32_t)fdt_read_cells(v, 1));
}

static void read_flag(struct parse_ctx *ctx, const struct schema_prop *d,
		      uint32_t len, void *target, const char *path)
{
	if (len != 0) {
		PARSE_ERROR(ctx, path,
			    "property '%s' takes no value (write just '%s;')",
			    d->name, d->name);
		return;
	}
	store_u32(target, d->offset, 1u);
}

static void read_u32_list(struct parse_ctx *ctx, const struct schema_prop *d,
			  const uint8_t *v, uint32_t len, void *target,
			  const char *path)
{
	uint32_t n = len / CELL_BYTES;

	if (len % CELL_BYTES != 0u) {
		PARSE_ERROR(ctx, path,
			    "property '%s' must be a list of cells (a multiple of 4 bytes), not %u bytes",
			    d->name, len);
		return;
	}
	if (n > d->max) {
		PARSE_ERROR(ctx, path,
			    "property '%s' has too many elements: %u, at most %u",
			    d->name, n, d->max);
		return;
	}
	for (uint32_t i = 0; i < n; i++)
		store_u32(target, d->offset + i * sizeof(uint32_t),
			  (uint32_t)fdt_read_cells(v + (size_t)i * CELL_BYTES, 1));
	store_u32(target, d->count_offset, n);
}

static struct sk_cfg_range decode_range(const uint8_t *v)
{
	struct sk_cfg_range r;

	r.base = fdt_read_cells(v, ADDRESS_CELLS_MAX);
	r.size = fdt_read_cells(v + (size_t)ADDRESS_CELLS_MAX * CELL_BYTES,
				ADDRESS_CELLS_MAX);
	return r;
}

static void read_range_list(struct parse_ctx *ctx, const struct schema_prop *d,
			    const uint8_t *v, uint32_t len, void *target,
			    const char *path)
{
	uint32_t n = len / RANGE_BYTES;

	if (len == 0u || len % RANGE_BYTES != 0u) {
		PARSE_ERROR(ctx, path,
			    "property '%s' must be (base, size) pairs of 2+2 cells (16 bytes each), not %u bytes",
			    d->name, len);
		return;
	}
	if (n > d->max) {
		PARSE_ERROR(ctx, path,
			    "property '%s' has too many elements: %u (base, size) pairs, at most %u",
			    d->name, n, d->max);
		return;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct sk_cfg_range r = decode_range(v + (size_t)i * RANGE_BYTES);

		memcpy(field_at(target, d->offset + i * sizeof(r)), &r,
		       sizeof(r));
	}
	store_u32(target, d->count_offset, n);
}

static void read_range(struct parse_ctx *ctx, const struct schema_prop *d,
		       const uint8_t *v, uint32_t len, void *target,
		       const char *path)
{
	struct sk_cfg_range r;

	if (len != RANGE_BYTES) {
		PARSE_ERROR(ctx, path,
			    "property '%s' must be one (base, size) pair of 2+2 cells (16 bytes), not %u bytes",
			    d->name, len);
		return;
	}
	r = decode_range(v);
	memcpy(field_at(target, d->offset), &r, sizeof(r));
}

/* 1 cell (32-bit) or 2 cells / "/bits/ 64" (64-bit), big-endian. */
static void read_address(struct parse_ctx *ctx, const struct schema_prop *d,
			 const void *v, uint32_t len, void *target,
			 const char *path)
{
	if (len != CELL_BYTES && len != ADDRESS_CELLS_MAX * CELL_BYTES) {
		PARSE_ERROR(ctx, path,
			    "property '%s' must be 1 or 2 cells (4 or 8 bytes), not %u bytes",
			    d->name, len);
		return;
	}
	store_u64(target, d->offset, fdt_read_cells(v, len / CELL_BYTES));
}

static void enum_choices(const struct schema_enum *e, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; e[i].name != NULL && used < size; i++) {
		int n = snprintf(buf + used, size - used, "%s\"%s\"",
				 i == 0 ? "" : ", ", e[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void read_enum(struct parse_ctx *ctx, const struct schema_prop *d,
		      const char *v, uint32_t len, void *target,
		      const char *path)
{
	char choices[SK_CONFIG_MSG_MAX / 2];

	enum_choices(d->enums, choices, sizeof(choices));
	if (!value_is_string(v, len)) {
		PARSE_ERROR(ctx, path, "property '%s' must be one string: %s",
			    d->name, choices);
		return;
	}
	for (size_t i = 0; d->enums[i].name != NULL; i++) {
		if (strcmp(v, d->enums[i].name) == 0) {
			store_u32(target, d->offset, d->enums[i].value);
			return;
		}
	}
	PARSE_ERROR(ctx, path, "property '%s' is \"%s\"; expected one of %s",
		    d->name, v, choices);
}

static void read_string(struct parse_ctx *ctx, const struct schema_prop *d,
			const char *v, uint32_t len, void *target,
			const char *path)
{
	if (!value_is_string(v, len)) {
		PARSE_ERROR(ctx, path, "property '%s' must be one string",
			    d->name);
		return;
	}
	if (len == 1u) {
		PARSE_ERROR(ctx, path, "property '%s' is empty", d->name);
		return;
	}
	if (len > d->max) {
		PARSE_ERROR(ctx, path,
			    "property '%s' is too long: %u characters, at most %u",
			    d->name, len - 1u, d->max - 1u);
		return;
	}
	memcpy(field_at(target, d->offset), v, len);
}

/*
 * A string list ("a", "b"): calls fn for each string; false when the value
 * is not one (empty, an empty string, no terminating NUL).
 */
static bool for_each_string(struct parse_ctx *ctx, const struct schema_prop *d,
			    const char *v, uint32_t len, const char *path,
			    bool (*fn)(struct parse_ctx *, const struct schema_prop *,
				       const char *, uint32_t, void *, const char *),
			    void *target)
{
	uint32_t at = 0;
	uint32_t index = 0;

	if (len == 0u || v[len - 1u] != '\0') {
		PARSE_ERROR(ctx, path,
			    "property '%s' must be a list of strings (\"a\", \"b\")",
			    d->name);
		return false;
	}
	while (at < len) {
		const char *str = v + at;
		size_t n = strlen(str);

		if (n == 0u) {
			PARSE_ERROR(ctx, path,
				    "property '%s' has an empty string (element %u)",
				    d->name, index);
			return false;
		}
		if (!fn(ctx, d, str, index, target, path))
			return false;
		at += (uint32_t)n + 1u;
		index++;
	}
	return true;
}

static bool store_name(struct parse_ctx *ctx, const struct schema_prop *d,
		       const char *str, uint32_t index, void *target,
		       const char *path)
{
	struct sk_cfg_label label;

	if (index >= d->max) {
		PARSE_ERROR(ctx, path,
			    "property '%s' has too many elements: at most %u",
			    d->name, d->max);
		return false;
	}
	if (strlen(str) >= sizeof(label.name)) {
		PARSE_ERROR(ctx, path,
			    "property '%s': \"%s\" is too long: at most %zu characters",
			    d->name, str, sizeof(label.name) - 1u);
		return false;
	}
	memset(&label, 0, sizeof(label));
	memcpy(label.name, str, strlen(str));
	memcpy(field_at(target, d->offset + index * sizeof(label)), &label,
	       sizeof(label));
	store_u32(target, d->count_offset, index + 1u);
	return true;
}

static void read_name_list(struct parse_ctx *ctx, const struct schema_prop *d,
			   const char *v, uint32_t len, void *target,
			   const char *path)
{
	(void)for_each_string(ctx, d, v, len, path, store_name, target);
}

static bool add_enum_bit(struct parse_ctx *ctx, const struct schema_prop *d,
			 const char *str, uint32_t index, void *target,
			 const char *path)
{
	char choices[SK_CONFIG_MSG_MAX / 2];
	uint32_t have;

	(void)index;
	memcpy(&have, field_at(target, d->offset), sizeof(have));
	for (size_t i = 0; d->enums[i].name != NULL; i++) {
		if (strcmp(str, d->enums[i].name) != 0)
			continue;
		if ((have & d->enums[i].value) != 0u) {
			PARSE_ERROR(ctx, path, "property '%s' lists \"%s\" twice",
				    d->name, str);
			return false;
		}
		store_u32(target, d->offset, have | d->enums[i].value);
		return true;
	}
	enum_choices(d->enums, choices, sizeof(choices));
	PARSE_ERROR(ctx, path, "property '%s' has \"%s\"; each must be one of %s",
		    d->name, str, choices);
	return false;
}

static void read_enum_set(struct parse_ctx *ctx, const struct schema_prop *d,
			  const char *v, uint32_t len, void *target,
			  const char *path)
{
	store_u32(target, d->offset, 0u);
	(void)for_each_string(ctx, d, v, len, path, add_enum_bit, target);
}

static void read_prop(struct parse_ctx *ctx, const struct schema_prop *d,
		      const void *v, uint32_t len, void *target,
		      const char *path)
{
	switch (d->kind) {
	case PROP_EXACT_STRING:
		read_exact_string(ctx, d, v, len, path);
		break;
	case PROP_U32:
		read_u32(ctx, d, v, len, target, path);
		break;
	case PROP_U32_LIST:
		read_u32_list(ctx, d, v, len, target, path);
		break;
	case PROP_RANGE_LIST:
		read_range_list(ctx, d, v, len, target, path);
		break;
	case PROP_RANGE:
		read_range(ctx, d, v, len, target, path);
		break;
	case PROP_ADDRESS:
		read_address(ctx, d, v, len, target, path);
		break;
	case PROP_ENUM:
		read_enum(ctx, d, v, len, target, path);
		break;
	case PROP_STRING:
		read_string(ctx, d, v, len, target, path);
		break;
	case PROP_FLAG:
		read_flag(ctx, d, len, target, path);
		break;
	case PROP_NAME_LIST:
		read_name_list(ctx, d, v, len, target, path);
		break;
	case PROP_ENUM_SET:
		read_enum_set(ctx, d, v, len, target, path);
		break;
	default:
		PARSE_ERROR(ctx, path, "property '%s': no decoder (schema bug)",
			    d->name);
		break;
	}
}

/* ---- nodes ------------------------------------------------------------- */

static void prop_names(const struct schema_node *s, char *buf, size_t size)
{
	size_t used = 0;

	snprintf(buf, size, "%s", s->prop_count == 0u ? "none" : "");
	for (size_t i = 0; i < s->prop_count && used < size; i++) {
		int n = snprintf(buf + used, size - used, "%s%s",
				 i == 0 ? "" : ", ", s->props[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void child_names(const struct schema_node *s, char *buf, size_t size)
{
	size_t used = 0;

	snprintf(buf, size, "%s", s->child_count == 0u ? "none" : "");
	for (size_t i = 0; i < s->child_count && used < size; i++) {
		int n = snprintf(buf + used, size - used, "%s%s",
				 i == 0 ? "" : ", ", s->children[i].name);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static const struct schema_prop *find_prop(const struct schema_node *s,
					   const char *name, size_t *index)
{
	for (size_t i = 0; i < s->prop_count; i++) {
		if (strcmp(s->props[i].name, name) == 0) {
			*index = i;
			return &s->props[i];
		}
	}
	return NULL;
}

static void parse_props(struct parse_ctx *ctx, int node,
			const struct schema_node *s, void *target,
			const char *path)
{
	bool seen[PARSE_MAX_DESCS] = { false };
	char allowed[SK_CONFIG_MSG_MAX / 2];
	uint32_t count = 0;
	int prop;

	for (prop = fdt_first_prop(ctx->fdt, node);
	     prop >= 0 && count < PARSE_MAX_PROPS_PER_NODE;
	     prop = fdt_next_prop(ctx->fdt, prop), count++) {
		const char *name = NULL;
		uint32_t len = 0;
		const void *v = fdt_prop_at(ctx->fdt, prop, &name, &len);
		const struct schema_prop *d;
		size_t index = 0;

		if (v == NULL || name == NULL) {
			PARSE_ERROR(ctx, path, "malformed property");
			return;
		}
		d = find_prop(s, name, &index);
		if (d == NULL) {
			prop_names(s, allowed, sizeof(allowed));
			PARSE_ERROR(ctx, path,
				    "unknown property '%s' (allowed here: %s)",
				    name, allowed);
			continue;
		}
		if (seen[index]) {
			/* Readers that take the first (fdtget, Linux,
			 * fdt_get_prop) and this walker, which would keep
			 * the last over the first's remains, would not
			 * agree on what the configuration says. */
			PARSE_ERROR(ctx, path,
				    "property '%s' is given twice", name);
			continue;
		}
		seen[index] = true;
		read_prop(ctx, d, v, len, target, path);
	}
	if (prop >= 0)
		PARSE_ERROR(ctx, path, "more than %u properties",
			    PARSE_MAX_PROPS_PER_NODE);
	else if (prop != FDT_E_NOT_FOUND)
		PARSE_ERROR(ctx, path, "malformed device tree: %s",
			    fdt_strerror(prop));
	for (size_t i = 0; i < s->prop_count; i++) {
		const struct schema_prop *d = &s->props[i];

		if (seen[i])
			continue;
		if (d->required)
			PARSE_ERROR(ctx, path, "missing required property '%s'",
				    d->name);
		else if (d->kind == PROP_ENUM)
			store_u32(target, d->offset, d->default_value);
	}
}

static const struct schema_child *find_child(const struct schema_node *s,
					     const char *name, size_t *index)
{
	for (size_t i = 0; i < s->child_count; i++) {
		const char *want = s->children[i].name;

		if (want == NULL || strcmp(want, name) == 0) {
			*index = i;
			return &s->children[i];
		}
	}
	return NULL;
}

static void join_path(char *out, const char *parent, const char *name)
{
	snprintf(out, SCHEMA_PATH_MAX, "%s%s%s", parent,
		 strcmp(parent, "/") == 0 ? "" : "/", name);
}

static void parse_node(struct parse_ctx *ctx, int node,
		       const struct schema_node *s, void *target,
		       const char *path);

/* One child node: is it allowed here, is there room, then walk it. */
static void parse_child(struct parse_ctx *ctx, int child,
			const struct schema_node *s, void *target,
			const char *path, uint32_t counts[PARSE_MAX_DESCS])
{
	const char *name = fdt_node_name(ctx->fdt, child);
	char child_path[SCHEMA_PATH_MAX];
	const struct schema_child *c;
	size_t index = 0;
	void *child_target = target;

	if (name == NULL) {
		PARSE_ERROR(ctx, path, "malformed child node");
		return;
	}
	join_path(child_path, path, name);
	c = find_child(s, name, &index);
	if (c == NULL) {
		char allowed[SK_CONFIG_MSG_MAX / 2];

		child_names(s, allowed, sizeof(allowed));
		PARSE_ERROR(ctx, child_path,
			    "unknown node '%s' (allowed here: %s)", name,
			    allowed);
		return;
	}
	if (counts[index] >= c->max) {
		/* Once per kind: the first child beyond the limit. */
		if (counts[index]++ == c->max)
			PARSE_ERROR(ctx, path,
				    "too many %s nodes: at most %u (at %s)",
				    c->what, c->max, child_path);
		return;
	}
	counts[index]++;
	if (c->schema->enter != NULL)
		child_target = c->schema->enter(ctx, target, c->tag, name,
						child_path);
	if (child_target != NULL)
		parse_node(ctx, child, c->schema, child_target, child_path);
}

static void parse_children(struct parse_ctx *ctx, int node,
			   const struct schema_node *s, void *target,
			   const char *path)
{
	uint32_t counts[PARSE_MAX_DESCS] = { 0 };
	uint32_t seen = 0;
	int child;

	for (child = fdt_first_child(ctx->fdt, node);
	     child >= 0 && seen < PARSE_MAX_CHILDREN;
	     child = fdt_next_sibling(ctx->fdt, child), seen++)
		parse_child(ctx, child, s, target, path, counts);
	if (child >= 0)
		PARSE_ERROR(ctx, path, "more than %u child nodes",
			    PARSE_MAX_CHILDREN);
	else if (child != FDT_E_NOT_FOUND)
		PARSE_ERROR(ctx, path, "malformed device tree: %s",
			    fdt_strerror(child));
	for (size_t i = 0; i < s->child_count; i++) {
		const struct schema_child *c = &s->children[i];

		if (!c->required || counts[i] != 0u)
			continue;
		if (c->name != NULL)
			PARSE_ERROR(ctx, path, "missing required node '%s'",
				    c->name);
		else
			PARSE_ERROR(ctx, path,
				    "missing required node: at least one %s",
				    c->what);
	}
}

static void parse_node(struct parse_ctx *ctx, int node,
		       const struct schema_node *s, void *target,
		       const char *path)
{
	if (s->prop_count > PARSE_MAX_DESCS || s->child_count > PARSE_MAX_DESCS) {
		PARSE_ERROR(ctx, path, "schema table too large (schema bug)");
		return;
	}
	parse_props(ctx, node, s, target, path);
	parse_children(ctx, node, s, target, path);
	if (s->finish != NULL)
		s->finish(ctx, target, path);
}

unsigned config_parse(const void *dtb, size_t dtb_size,
		      const struct config_search *search,
		      struct config_parsed *out, sk_config_report_fn report,
		      void *report_ctx)
{
	struct fdt fdt;
	struct parse_ctx ctx;
	int root;
	int rc;

	memset(out, 0, sizeof(*out));
	out->cfg.magic = SK_CONFIG_MAGIC;
	out->cfg.version = SK_CONFIG_VERSION;
	out->cfg.size = (uint32_t)sizeof(out->cfg);
	memset(&ctx, 0, sizeof(ctx));
	ctx.fdt = &fdt;
	ctx.search = search;
	ctx.out = out;
	ctx.rep.report = report;
	ctx.rep.ctx = report_ctx;

	rc = fdt_open(&fdt, dtb, dtb_size);
	if (rc != 0) {
		PARSE_ERROR(&ctx, "/", "not a valid device tree blob: %s",
			    fdt_strerror(rc));
		return ctx.rep.errors;
	}
	root = fdt_root(&fdt);
	if (root < 0) {
		PARSE_ERROR(&ctx, "/", "device tree has no root node: %s",
			    fdt_strerror(root));
		return ctx.rep.errors;
	}
	parse_node(&ctx, root, &schema_root, &out->cfg, "/");
	return ctx.rep.errors;
}
