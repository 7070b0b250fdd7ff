/* SPDX-License-Identifier: MIT */
/*
 * Building the bootable output: the hypervisor binary, zero padding up to
 * P = align_up(its image_size, SK_PACKAGE_ALIGN), then the package
 * (core/config_format.h): header, struct sk_config, image blobs, each at a
 * SK_PACKAGE_ALIGN-aligned offset from the package start. The output's
 * Image header image_size becomes P + package size, so a boot loader
 * reserves all of it.
 *
 * A partition with both a dtb and an initrd image gets the initrd's
 * guest-physical range written into the packed copy of its dtb (the size is
 * only known here; the hypervisor writes no device trees).
 */
#ifndef SK_TOOLS_PACKAGE_WRITE_H
#define SK_TOOLS_PACKAGE_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "config_parse.h"
#include "hyp_image.h"

struct package_plan {
	uint64_t package_offset; /* P: where the package starts in the output */
	uint64_t config_offset;  /* from the package start */
	uint64_t package_size;   /* header to the end of the last blob, aligned */
	uint64_t output_size;    /* P + package_size */
	uint32_t image_count;
	uint64_t image_bytes;    /* sum of the blob sizes */
};

uint64_t package_align_up(uint64_t v);

/* Lays the package out after a hypervisor of hyp_image_size bytes and
 * records every image's offset in cfg. */
void package_plan(struct sk_config *cfg, uint64_t hyp_image_size,
		  struct package_plan *plan);

/*
 * Assembles the output in a malloc'ed buffer of plan->output_size bytes.
 * The configuration must have been planned. 0, or -1 with a message in err
 * (an image file unreadable or changed since it was parsed).
 */
int package_assemble(const struct hyp_image *hyp,
		     const struct config_parsed *parsed,
		     const struct package_plan *plan, uint8_t **out,
		     char *err, size_t err_size);

/*
 * Tells a Linux guest where its initrd is (Documentation/devicetree/
 * bindings/chosen.txt): writes initrd->load and initrd->load + initrd->size
 * (the end, exclusive) into /chosen linux,initrd-start and linux,initrd-end
 * of dtb, the packed copy of the partition's dtb image (dtb_size bytes),
 * big-endian, in place. The device tree must already hold both properties
 * with 8-byte values (<0x0 0x0>): nothing is added or resized. Both are
 * checked before either is written. 0, or -1 with a message starting with
 * the dtb image's node path in err.
 */
int package_patch_initrd(uint8_t *dtb, size_t dtb_size,
			 const struct sk_cfg_image *dtb_img,
			 const struct sk_cfg_image *initrd, char *err,
			 size_t err_size);

#endif /* SK_TOOLS_PACKAGE_WRITE_H */
