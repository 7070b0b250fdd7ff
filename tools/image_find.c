/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L

#include "image_find.h"

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

/* A regular file at path: its size. Directories and the like do not count. */
static bool regular_file(const char *path, uint64_t *size)
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	*size = (uint64_t)st.st_size;
	return true;
}

static enum image_find_result try_dir(const char *dir, const char *file,
				      char *out, size_t out_size,
				      uint64_t *size)
{
	int n = snprintf(out, out_size, "%s/%s",
			 dir[0] == '\0' ? "." : dir, file);

	if (n < 0 || (size_t)n >= out_size)
		return IMAGE_FIND_TOO_LONG;
	return regular_file(out, size) ? IMAGE_FIND_OK : IMAGE_FIND_NOT_FOUND;
}

enum image_find_result image_find(const struct config_search *search,
				  const char *file, char *out, size_t out_size,
				  uint64_t *size)
{
	bool too_long = false;

	if (file[0] == '/') {
		int n = snprintf(out, out_size, "%s", file);

		if (n < 0 || (size_t)n >= out_size)
			return IMAGE_FIND_TOO_LONG;
		return regular_file(out, size) ? IMAGE_FIND_OK :
						 IMAGE_FIND_NOT_FOUND;
	}
	/* Index dir_count stands for the configuration's own directory. */
	for (size_t i = 0; i <= search->dir_count; i++) {
		const char *dir = i < search->dir_count ? search->dirs[i] :
							  search->config_dir;
		enum image_find_result r = try_dir(dir, file, out, out_size,
						   size);

		if (r == IMAGE_FIND_OK)
			return r;
		too_long = too_long || r == IMAGE_FIND_TOO_LONG;
	}
	out[0] = '\0';
	return too_long ? IMAGE_FIND_TOO_LONG : IMAGE_FIND_NOT_FOUND;
}
