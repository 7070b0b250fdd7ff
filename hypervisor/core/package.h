/* SPDX-License-Identifier: MIT */
/*
 * Finding and trusting (only after checking) the package that
 * tools/shikiri-pack appended to the hypervisor image.
 */
#ifndef SK_CORE_PACKAGE_H
#define SK_CORE_PACKAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"

struct package_view {
	const uint8_t *base;        /* start of the package */
	uint64_t size;
	const struct sk_config *config;
};

/*
 * Checks the package at `pkg`, given that `avail` bytes from there belong
 * to the loaded image: header, sizes, CRC of the configuration, the
 * packer's check mark for that configuration, counts within limits,
 * strings terminated, image blobs inside the package. Does not judge the
 * configuration against the board (config_check_board does). On failure
 * writes a one-line reason into err.
 */
bool package_open(const uint8_t *pkg, uint64_t avail, struct package_view *pv,
		  char *err, uint32_t err_size);

#endif
