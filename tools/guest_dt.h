/* SPDX-License-Identifier: MIT */
/*
 * A partition's device tree must describe the machine shikiri gives it
 * (docs/configuration.md, "Guest-physical map"): as many CPU nodes as it
 * has vCPUs, memory only where its RAM is, the virtual GIC of the board's
 * version with shikiri's regions (GICv3: one redistributor of 128 KiB per
 * vCPU), on GICv2 the timer's PPIs wired to its vCPUs, the virtual PL011
 * when its console is "pl011", and devices only where it owns them, with
 * their interrupts. Otherwise the guest fails at boot, far from the cause
 * (a CPU that cannot start, an external abort, a panic in the GIC driver).
 * The packer checks each dtb image here and names the node and what to
 * change. The tree is only read.
 */
#ifndef SK_TOOLS_GUEST_DT_H
#define SK_TOOLS_GUEST_DT_H

#include <stddef.h>
#include <stdint.h>

#include "core/config_check.h"
#include "core/config_format.h"

/* What one partition's tree says that others must agree with. */
struct guest_dt_seen {
	uint32_t gic_version;   /* 2 or 3 as described; 0: none yet */
	const char *gic_file;   /* the first tree that described one */
};

/*
 * Checks partition p's dtb image (dtb_img, its bytes dtb) against the
 * partition and, for the GIC's version, against /platform gic-version or
 * else the trees seen before (*seen, updated). Each problem is reported
 * through rep at the image's node path; returns how many.
 */
unsigned guest_dt_check(const uint8_t *dtb, size_t dtb_size,
			const struct sk_config *cfg, uint32_t p,
			const struct sk_cfg_image *dtb_img,
			struct guest_dt_seen *seen,
			struct sk_config_reporter *rep);

#endif /* SK_TOOLS_GUEST_DT_H */
