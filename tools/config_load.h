/* SPDX-License-Identifier: MIT */
/*
 * Loading a configuration as a DTB: a file that starts with the FDT magic is
 * taken as is; anything else is compiled with `dtc -q -I dts -O dtb` (the
 * DTC environment variable names another dtc). dtc's own messages go to our
 * stderr unchanged: they carry the source line.
 */
#ifndef SK_TOOLS_CONFIG_LOAD_H
#define SK_TOOLS_CONFIG_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* 0 and a malloc'ed blob, or -1 after reporting the error to d. */
int config_load_dtb(const char *path, uint8_t **blob, size_t *size,
		    struct diag *d);

#endif /* SK_TOOLS_CONFIG_LOAD_H */
