/* SPDX-License-Identifier: MIT */
/* Whole-file reads and all-or-nothing writes for the host tool. */
#ifndef SK_TOOLS_FILE_IO_H
#define SK_TOOLS_FILE_IO_H

#include <stddef.h>
#include <stdint.h>

/* Reads path into a malloc'ed buffer (free() it). 0 or an errno value. */
int file_read_all(const char *path, uint8_t **data, size_t *size);

/*
 * Writes data to PATH.tmp, then renames it to path, so a failed run never
 * leaves a partial file under the final name. 0 or an errno value; on
 * failure the temporary file is removed.
 */
int file_write_atomic(const char *path, const uint8_t *data, size_t size);

#endif /* SK_TOOLS_FILE_IO_H */
