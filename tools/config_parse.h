/* SPDX-License-Identifier: MIT */
/*
 * Configuration parser: reads a compiled system configuration (DTB) into
 * struct sk_config, checking it against the v1 schema (docs/configuration.md)
 * and locating every guest image file on the host. Schema errors are
 * reported with the node path; semantic checks are config_check()'s job.
 */
#ifndef SK_TOOLS_CONFIG_PARSE_H
#define SK_TOOLS_CONFIG_PARSE_H

#include <stddef.h>

#include "core/config_check.h"
#include "core/config_format.h"

/* Longest host path of an image file, NUL included. */
#define CONFIG_HOST_PATH_MAX 1024u

/* Where image files are looked for: each dir in order, then config_dir. */
struct config_search {
	const char *const *dirs;
	size_t dir_count;
	const char *config_dir; /* the configuration file's own directory */
};

struct config_parsed {
	struct sk_config cfg;
	/* Host path of partitions[p].images[i]'s file, as found. */
	char image_files[SK_MAX_PARTITIONS][SK_MAX_IMAGES][CONFIG_HOST_PATH_MAX];
};

/*
 * Parses dtb into *out (which it clears first). Every error goes to report;
 * returns the number of errors, 0 when the configuration matches the schema
 * and every image file was found.
 */
unsigned config_parse(const void *dtb, size_t dtb_size,
		      const struct config_search *search,
		      struct config_parsed *out, sk_config_report_fn report,
		      void *report_ctx);

#endif /* SK_TOOLS_CONFIG_PARSE_H */
