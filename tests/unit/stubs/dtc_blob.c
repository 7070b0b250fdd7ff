/* SPDX-License-Identifier: MIT */
#define _DEFAULT_SOURCE /* mkstemp */
#include "stubs/dtc_blob.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

void *dtc_blob(const char *dts)
{
	char src[] = "/tmp/dtc_blob_XXXXXX";
	char out[sizeof(src) + 4];
	char cmd[256];
	int fd = mkstemp(src);
	FILE *f;
	long size;
	void *blob;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, dts, strlen(dts)), (ssize_t)strlen(dts));
	close(fd);
	snprintf(out, sizeof(out), "%s.dtb", src);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o '%s' '%s'", out, src);
	if (system(cmd) != 0)
		fail_msg("dtc failed: %s", cmd);
	f = fopen(out, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	blob = malloc((size_t)size);
	assert_non_null(blob);
	assert_int_equal(fread(blob, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	unlink(src);
	unlink(out);
	return blob;
}
