/* SPDX-License-Identifier: MIT */
/*
 * Locating a guest image file named in a configuration: an absolute name is
 * used as is; a relative one is tried against each -I directory in order,
 * then against the configuration file's own directory.
 */
#ifndef SK_TOOLS_IMAGE_FIND_H
#define SK_TOOLS_IMAGE_FIND_H

#include <stddef.h>
#include <stdint.h>

#include "config_parse.h"

enum image_find_result {
	IMAGE_FIND_OK = 0,
	IMAGE_FIND_NOT_FOUND = 1,
	IMAGE_FIND_TOO_LONG = 2, /* a candidate path does not fit in out */
};

/* On IMAGE_FIND_OK, out holds the host path and *size the file size. */
enum image_find_result image_find(const struct config_search *search,
				  const char *file, char *out, size_t out_size,
				  uint64_t *size);

#endif /* SK_TOOLS_IMAGE_FIND_H */
