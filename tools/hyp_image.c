/* SPDX-License-Identifier: MIT */
#include "hyp_image.h"

#include <stdio.h>

#define BITS_PER_BYTE 8u

uint64_t le64_read(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < sizeof(v); i++)
		v |= (uint64_t)p[i] << (i * BITS_PER_BYTE);
	return v;
}

void le64_write(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < sizeof(v); i++)
		p[i] = (uint8_t)(v >> (i * BITS_PER_BYTE));
}

static uint32_t le32_read(const uint8_t *p)
{
	return (uint32_t)le64_read(p) & 0xffffffffu;
}

int hyp_image_parse(const uint8_t *data, size_t size, struct hyp_image *img,
		    char *err, size_t err_size)
{
	uint32_t magic;

	if (size < ARM64_IMAGE_HEADER_SIZE) {
		snprintf(err, err_size,
			 "too small for an arm64 Image header (%zu bytes)", size);
		return -1;
	}
	magic = le32_read(data + ARM64_IMAGE_MAGIC_OFFSET);
	if (magic != ARM64_IMAGE_MAGIC) {
		snprintf(err, err_size,
			 "not an arm64 Image: magic at byte %u is 0x%08x, expected 0x%08x (\"ARM\\x64\")",
			 ARM64_IMAGE_MAGIC_OFFSET, magic, ARM64_IMAGE_MAGIC);
		return -1;
	}
	img->data = data;
	img->size = size;
	img->text_offset = le64_read(data + ARM64_IMAGE_TEXT_OFFSET);
	img->image_size = le64_read(data + ARM64_IMAGE_SIZE);
	/* image_size covers bss and the rest of the footprint, so it can
	 * never be smaller than the file; the package goes right after it. */
	if (img->image_size < size) {
		snprintf(err, err_size,
			 "header image_size 0x%llx is smaller than the file (0x%zx bytes)",
			 (unsigned long long)img->image_size, size);
		return -1;
	}
	return 0;
}

void hyp_image_set_size(uint8_t *data, uint64_t image_size)
{
	le64_write(data + ARM64_IMAGE_SIZE, image_size);
}
