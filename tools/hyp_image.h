/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor binary as the packer sees it: a raw image that starts with
 * the Linux arm64 Image header (Documentation/arch/arm64/booting.rst), so
 * QEMU's -kernel and U-Boot's booti load it. All header fields are
 * little-endian.
 */
#ifndef SK_TOOLS_HYP_IMAGE_H
#define SK_TOOLS_HYP_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define ARM64_IMAGE_HEADER_SIZE   64u
#define ARM64_IMAGE_TEXT_OFFSET   8u  /* u64: load offset from a 2 MiB base */
#define ARM64_IMAGE_SIZE          16u /* u64: memory footprint, bss included */
#define ARM64_IMAGE_FLAGS         24u /* u64 */
#define ARM64_IMAGE_MAGIC_OFFSET  56u /* u32: "ARM\x64" */
#define ARM64_IMAGE_MAGIC         0x644d5241u

struct hyp_image {
	const uint8_t *data;
	size_t size;          /* file size */
	uint64_t text_offset;
	uint64_t image_size;  /* the header's image_size */
};

/* Checks the header; 0, or -1 with a message in err. */
int hyp_image_parse(const uint8_t *data, size_t size, struct hyp_image *img,
		    char *err, size_t err_size);

/* Rewrites the image_size field of a header at data. */
void hyp_image_set_size(uint8_t *data, uint64_t image_size);

uint64_t le64_read(const uint8_t *p);
void le64_write(uint8_t *p, uint64_t v);

#endif /* SK_TOOLS_HYP_IMAGE_H */
