/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L

#include "package_write.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_io.h"
#include "lib/crc32.h"

uint64_t package_align_up(uint64_t v)
{
	const uint64_t mask = (uint64_t)SK_PACKAGE_ALIGN - 1u;

	return (v + mask) & ~mask;
}

void package_plan(struct sk_config *cfg, uint64_t hyp_image_size,
		  struct package_plan *plan)
{
	uint64_t cursor;

	memset(plan, 0, sizeof(*plan));
	plan->package_offset = package_align_up(hyp_image_size);
	plan->config_offset =
		package_align_up(sizeof(struct sk_package_header));
	cursor = package_align_up(plan->config_offset + sizeof(*cfg));
	for (uint32_t p = 0; p < cfg->partition_count; p++) {
		struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->image_count; i++) {
			struct sk_cfg_image *img = &part->images[i];

			img->offset = cursor;
			cursor = package_align_up(cursor + img->size);
			plan->image_count++;
			plan->image_bytes += img->size;
		}
	}
	plan->package_size = cursor;
	plan->output_size = plan->package_offset + plan->package_size;
}

/* Copies one image file into its slot; its size must still be as parsed. */
static int copy_image(uint8_t *pkg, const struct sk_cfg_image *img,
		      const char *host_path, char *err, size_t err_size)
{
	uint8_t *data = NULL;
	size_t size = 0;
	int rc = file_read_all(host_path, &data, &size);

	if (rc != 0) {
		snprintf(err, err_size, "%s: cannot read image %s: %s",
			 img->path, host_path, strerror(rc));
		return -1;
	}
	if (size != img->size) {
		snprintf(err, err_size,
			 "%s: image %s changed size while packing (%zu bytes, was %llu)",
			 img->path, host_path, size,
			 (unsigned long long)img->size);
		free(data);
		return -1;
	}
	memcpy(pkg + img->offset, data, size);
	free(data);
	return 0;
}

static void write_header(uint8_t *pkg, const struct sk_config *cfg,
			 const struct package_plan *plan)
{
	struct sk_package_header hdr;

	memset(&hdr, 0, sizeof(hdr));
	hdr.magic = SK_PACKAGE_MAGIC;
	hdr.version = SK_CONFIG_VERSION;
	hdr.size = plan->package_size;
	hdr.config_offset = plan->config_offset;
	hdr.config_size = sizeof(*cfg);
	hdr.config_crc32 = crc32_ieee(cfg, sizeof(*cfg));
	/* The host is little-endian (checked at start-up), as is the format. */
	memcpy(pkg, &hdr, sizeof(hdr));
}

int package_assemble(const struct hyp_image *hyp,
		     const struct config_parsed *parsed,
		     const struct package_plan *plan, uint8_t **out,
		     char *err, size_t err_size)
{
	const struct sk_config *cfg = &parsed->cfg;
	uint8_t *buf;
	uint8_t *pkg;

	if (plan->output_size > SIZE_MAX || hyp->size > plan->package_offset) {
		snprintf(err, err_size, "output too large for this host");
		return -1;
	}
	buf = calloc(1, (size_t)plan->output_size);
	if (buf == NULL) {
		snprintf(err, err_size, "out of memory (%llu bytes)",
			 (unsigned long long)plan->output_size);
		return -1;
	}
	memcpy(buf, hyp->data, hyp->size);
	hyp_image_set_size(buf, plan->output_size);
	pkg = buf + plan->package_offset;
	write_header(pkg, cfg, plan);
	memcpy(pkg + plan->config_offset, cfg, sizeof(*cfg));
	for (uint32_t p = 0; p < cfg->partition_count; p++) {
		const struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->image_count; i++) {
			if (copy_image(pkg, &part->images[i],
				       parsed->image_files[p][i], err,
				       err_size) != 0) {
				free(buf);
				return -1;
			}
		}
	}
	*out = buf;
	return 0;
}
