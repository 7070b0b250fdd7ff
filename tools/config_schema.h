/* SPDX-License-Identifier: MIT */
/*
 * The v1 configuration schema as tables, and the context the table walker
 * (config_parse.c) shares with the per-node hooks (config_schema.c).
 *
 * Each node type is a struct schema_node: its allowed properties (type,
 * required, default, where the value goes in the node's target structure)
 * and its allowed children. Adding a property is one table row.
 */
#ifndef SK_TOOLS_CONFIG_SCHEMA_H
#define SK_TOOLS_CONFIG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config_parse.h"
#include "lib/fdt.h"

/* Paths built while walking; longer than SK_PATH_MAX so an over-long path
 * can still be reported in full. */
#define SCHEMA_PATH_MAX 512u

enum schema_prop_kind {
	PROP_EXACT_STRING, /* must equal .exact; stored nowhere */
	PROP_U32,          /* one cell -> uint32_t */
	PROP_U32_LIST,     /* 0..max cells -> uint32_t[] + uint32_t count */
	PROP_RANGE_LIST,   /* 1..max (base,size) pairs of 2+2 cells ->
			    * struct sk_cfg_range[] + uint32_t count */
	PROP_RANGE,        /* exactly one (base,size) of 2+2 cells */
	PROP_ADDRESS,      /* 1 or 2 cells (or /bits/ 64) -> uint64_t */
	PROP_ENUM,         /* one string of .enums -> uint32_t */
	PROP_STRING,       /* one string -> char[max] */
	PROP_FLAG,         /* empty property; present -> uint32_t 1 */
	PROP_NAME_LIST,    /* 1..max strings -> struct sk_cfg_label[] + count */
	PROP_ENUM_SET,     /* 1+ distinct strings of .enums -> OR of values */
};

struct schema_enum {
	const char *name;
	uint32_t value;
};

struct schema_prop {
	const char *name;
	enum schema_prop_kind kind;
	bool required;
	size_t offset;        /* value field in the target structure */
	size_t count_offset;  /* PROP_*_LIST: uint32_t element count */
	uint32_t max;         /* lists: elements; PROP_STRING: buffer bytes */
	const struct schema_enum *enums; /* PROP_ENUM, ends with name NULL */
	uint32_t default_value;          /* PROP_ENUM when absent */
	const char *exact;               /* PROP_EXACT_STRING */
};

struct parse_ctx;
struct schema_node;

struct schema_child {
	const char *name;  /* NULL: any name */
	const char *what;  /* for messages: "partition", "memory region" */
	const struct schema_node *schema;
	bool required;     /* at least one such child */
	uint32_t max;      /* at most this many */
	uint32_t tag;      /* passed to the child's enter hook */
};

struct schema_node {
	const struct schema_prop *props;
	size_t prop_count;
	const struct schema_child *children;
	size_t child_count;
	/* Returns the node's target structure given its parent's; NULL
	 * skips the node (the hook reported why). Without a hook the node
	 * fills its parent's target (containers like "memory"). */
	void *(*enter)(struct parse_ctx *ctx, void *parent, uint32_t tag,
		       const char *name, const char *path);
	/* Runs after the node's properties and children were read. */
	void (*finish)(struct parse_ctx *ctx, void *target, const char *path);
};

struct parse_ctx {
	const struct fdt *fdt;
	const struct config_search *search;
	struct config_parsed *out;
	struct sk_config_reporter rep;
	/* Host path slot of the image node being read. */
	char *image_file_slot;
};

/* A report at a path the walker built (shorter than SCHEMA_PATH_MAX). */
#define PARSE_ERROR(ctx, path, ...) \
	config_report(&(ctx)->rep, (path), SCHEMA_PATH_MAX, __VA_ARGS__)

/* The root of the schema. */
extern const struct schema_node schema_root;

#endif /* SK_TOOLS_CONFIG_SCHEMA_H */
