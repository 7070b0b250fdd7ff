/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L

#include "file_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define TMP_SUFFIX ".tmp"

int file_read_all(const char *path, uint8_t **data, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	uint8_t *buf;
	size_t len;

	if (f == NULL)
		return errno;
	if (fstat(fileno(f), &st) != 0) {
		int err = errno;

		fclose(f);
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		fclose(f);
		return EINVAL;
	}
	len = (size_t)st.st_size;
	/* One spare byte so an empty file still gets a valid pointer. */
	buf = malloc(len + 1u);
	if (buf == NULL) {
		fclose(f);
		return ENOMEM;
	}
	if (len != 0u && fread(buf, 1, len, f) != len) {
		int err = ferror(f) ? EIO : ENODATA;

		free(buf);
		fclose(f);
		return err;
	}
	fclose(f);
	*data = buf;
	*size = len;
	return 0;
}

int file_write_atomic(const char *path, const uint8_t *data, size_t size)
{
	size_t tmp_len = strlen(path) + sizeof(TMP_SUFFIX);
	char *tmp = malloc(tmp_len);
	FILE *f;
	int err = 0;

	if (tmp == NULL)
		return ENOMEM;
	snprintf(tmp, tmp_len, "%s%s", path, TMP_SUFFIX);
	f = fopen(tmp, "wb");
	if (f == NULL) {
		err = errno;
		free(tmp);
		return err;
	}
	if (fwrite(data, 1, size, f) != size)
		err = errno != 0 ? errno : EIO;
	if (fclose(f) != 0 && err == 0)
		err = errno;
	if (err == 0 && rename(tmp, path) != 0)
		err = errno;
	if (err != 0)
		remove(tmp);
	free(tmp);
	return err;
}
