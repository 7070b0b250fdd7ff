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

/*
 * Images stored once: first[p][i] is 1 + q * SK_MAX_IMAGES + j when image
 * j of partition q, earlier in the configuration, has the same bytes as
 * image i of partition p (two partitions running the same Linux Image),
 * 0 otherwise. The package then holds one copy, and both images' offsets
 * point at it: the hypervisor only reads the blobs (it copies them into
 * each partition's memory at every start).
 */
struct package_shared {
	uint32_t first[SK_MAX_PARTITIONS][SK_MAX_IMAGES];
};

struct package_plan {
	uint64_t package_offset; /* P: where the package starts in the output */
	uint64_t config_offset;  /* from the package start */
	uint64_t package_size;   /* header to the end of the last blob, aligned */
	uint64_t output_size;    /* P + package_size */
	uint32_t image_count;
	uint64_t image_bytes;    /* sum of the images' sizes */
	uint32_t shared_count;   /* images stored once for two or more */
	uint64_t shared_bytes;   /* what that saved */
	struct package_shared shared;
};

uint64_t package_align_up(uint64_t v);

/*
 * Finds the images whose file holds exactly the bytes of an earlier
 * image's. Device trees are left out: the packer writes each partition's
 * initrd address into its own copy. 0, or -1 with a message in err (a
 * file unreadable).
 */
int package_find_shared(const struct config_parsed *parsed,
			struct package_shared *shared, char *err,
			size_t err_size);

/* Lays the package out after a hypervisor of hyp_image_size bytes and
 * records every image's offset in cfg; images shared (NULL: none) get
 * the offset of the first with their bytes. */
void package_plan(struct sk_config *cfg, uint64_t hyp_image_size,
		  const struct package_shared *shared,
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
