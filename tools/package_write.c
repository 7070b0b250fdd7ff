/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L

#include "package_write.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file_io.h"
#include "lib/crc32.h"
#include "lib/fdt.h"
#include "pci_dtb.h"

/* The /chosen properties a Linux guest reads its initrd's location from;
 * each holds one 64-bit address (two cells). */
#define INITRD_PROP_START "linux,initrd-start"
#define INITRD_PROP_END   "linux,initrd-end"
#define INITRD_PROP_SIZE  8u
#define CHOSEN_PATH       "/chosen"

uint64_t package_align_up(uint64_t v)
{
	const uint64_t mask = (uint64_t)SK_PACKAGE_ALIGN - 1u;

	return (v + mask) & ~mask;
}

/* True when the two files hold the same size bytes; -1 on a read error. */
static int same_bytes(const char *a, const char *b, uint64_t size, char *err,
		      size_t err_size)
{
	uint8_t *da = NULL, *db = NULL;
	size_t sa = 0, sb = 0;
	int rc = file_read_all(a, &da, &sa);
	int same;

	if (rc == 0)
		rc = file_read_all(b, &db, &sb);
	if (rc != 0) {
		snprintf(err, err_size, "cannot read image %s or %s: %s", a, b,
			 strerror(rc));
		free(da);
		return -1;
	}
	same = sa == size && sb == size && memcmp(da, db, sa) == 0;
	free(da);
	free(db);
	return same;
}

int package_find_shared(const struct config_parsed *parsed,
			struct package_shared *shared, char *err,
			size_t err_size)
{
	const struct sk_config *cfg = &parsed->cfg;

	memset(shared, 0, sizeof(*shared));
	for (uint32_t p = 0; p < cfg->partition_count && p < SK_MAX_PARTITIONS; p++) {
		const struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->image_count && i < SK_MAX_IMAGES; i++) {
			const struct sk_cfg_image *img = &part->images[i];

			if (img->role == SK_IMAGE_DTB)
				continue;
			/* The earliest image with these bytes, itself first
			 * (so a third copy points at the first, not the second). */
			for (uint32_t k = 0; k < p * SK_MAX_IMAGES + i &&
			     shared->first[p][i] == 0u; k++) {
				uint32_t q = k / SK_MAX_IMAGES, j = k % SK_MAX_IMAGES;
				const struct sk_cfg_image *o = &cfg->partitions[q].images[j];
				int same;

				if (j >= cfg->partitions[q].image_count ||
				    o->role == SK_IMAGE_DTB || o->size != img->size ||
				    shared->first[q][j] != 0u)
					continue;
				same = same_bytes(parsed->image_files[q][j],
						  parsed->image_files[p][i], img->size,
						  err, err_size);
				if (same < 0)
					return -1;
				if (same != 0)
					shared->first[p][i] = k + 1u;
			}
		}
	}
	return 0;
}

void package_plan(struct sk_config *cfg, uint64_t hyp_image_size,
		  const struct package_shared *shared,
		  struct package_plan *plan)
{
	uint64_t cursor;

	memset(plan, 0, sizeof(*plan));
	if (shared != NULL)
		plan->shared = *shared;
	plan->package_offset = package_align_up(hyp_image_size);
	plan->config_offset =
		package_align_up(sizeof(struct sk_package_header));
	cursor = package_align_up(plan->config_offset + sizeof(*cfg));
	for (uint32_t p = 0; p < cfg->partition_count; p++) {
		struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->image_count; i++) {
			struct sk_cfg_image *img = &part->images[i];
			uint32_t first = plan->shared.first[p][i];

			plan->image_count++;
			plan->image_bytes += img->size;
			if (first != 0u) {
				/* Laid out already: first - 1 is earlier. */
				img->offset = cfg->partitions[(first - 1u) / SK_MAX_IMAGES]
						      .images[(first - 1u) % SK_MAX_IMAGES]
						      .offset;
				plan->shared_count++;
				plan->shared_bytes += img->size;
				continue;
			}
			img->offset = cursor;
			cursor = package_align_up(cursor + img->size);
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

static void put_be64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < INITRD_PROP_SIZE; i++)
		p[i] = (uint8_t)(v >> (8u * (INITRD_PROP_SIZE - 1u - i)));
}

/* Finds the 8-byte value of /chosen/name: its offset in the blob, or false
 * with a message in err. */
static bool initrd_prop_offset(const struct fdt *fdt, int chosen,
			       const char *name, const struct sk_cfg_image *dtb_img,
			       size_t *offset, char *err, size_t err_size)
{
	uint32_t len = 0;
	const uint8_t *value = fdt_get_prop(fdt, chosen, name, &len);

	if (value == NULL) {
		snprintf(err, err_size,
			 "%s: %s has no property " CHOSEN_PATH "/%s: a dtb packed with an initrd must reserve it as %s = <0x0 0x0>; (8 bytes), the packer writes the initrd's address there",
			 dtb_img->path, dtb_img->file, name, name);
		return false;
	}
	if (len != INITRD_PROP_SIZE) {
		snprintf(err, err_size,
			 "%s: %s: property " CHOSEN_PATH "/%s is %u bytes, must be %u (<0x0 0x0>) to hold the initrd's 64-bit address",
			 dtb_img->path, dtb_img->file, name, len,
			 INITRD_PROP_SIZE);
		return false;
	}
	*offset = (size_t)(value - fdt->blob);
	return true;
}

int package_patch_initrd(uint8_t *dtb, size_t dtb_size,
			 const struct sk_cfg_image *dtb_img,
			 const struct sk_cfg_image *initrd, char *err,
			 size_t err_size)
{
	struct fdt fdt;
	uint64_t end = initrd->load + initrd->size;
	size_t start_off = 0;
	size_t end_off = 0;
	int chosen;
	int rc = fdt_open(&fdt, dtb, dtb_size);

	if (rc != 0) {
		snprintf(err, err_size,
			 "%s: %s is not a valid device tree (%s): the initrd's address cannot be written into it",
			 dtb_img->path, dtb_img->file, fdt_strerror(rc));
		return -1;
	}
	if (end < initrd->load) {
		snprintf(err, err_size, "%s: initrd end overflows 64 bits",
			 initrd->path);
		return -1;
	}
	chosen = fdt_find_node(&fdt, CHOSEN_PATH);
	if (chosen < 0) {
		snprintf(err, err_size,
			 "%s: %s has no " CHOSEN_PATH " node: a dtb packed with an initrd must have one with " INITRD_PROP_START " and " INITRD_PROP_END " = <0x0 0x0>; for the packer to fill in",
			 dtb_img->path, dtb_img->file);
		return -1;
	}
	/* Both are checked before either is written. */
	if (!initrd_prop_offset(&fdt, chosen, INITRD_PROP_START, dtb_img,
				&start_off, err, err_size) ||
	    !initrd_prop_offset(&fdt, chosen, INITRD_PROP_END, dtb_img,
				&end_off, err, err_size))
		return -1;
	put_be64(dtb + start_off, initrd->load);
	put_be64(dtb + end_off, end);
	return 0;
}

/* The partition's image of the given role, or NULL. */
static const struct sk_cfg_image *
find_image(const struct sk_cfg_partition *part, uint32_t role)
{
	for (uint32_t i = 0; i < part->image_count; i++) {
		if (part->images[i].role == role)
			return &part->images[i];
	}
	return NULL;
}

/* With both a dtb and an initrd, the packed dtb learns where the initrd is. */
static int patch_partition_dtb(uint8_t *pkg, const struct sk_cfg_partition *part,
			       char *err, size_t err_size)
{
	const struct sk_cfg_image *dtb = find_image(part, SK_IMAGE_DTB);
	const struct sk_cfg_image *initrd = find_image(part, SK_IMAGE_INITRD);

	if (dtb == NULL || initrd == NULL)
		return 0;
	return package_patch_initrd(pkg + dtb->offset, (size_t)dtb->size, dtb,
				    initrd, err, err_size);
}

/* With "pci" channel endpoints, the dtb must describe the PCI host. */
static int check_partition_pci(const uint8_t *pkg, const struct sk_config *cfg,
			       uint32_t p, char *err, size_t err_size)
{
	const struct sk_cfg_image *dtb = find_image(&cfg->partitions[p],
						    SK_IMAGE_DTB);

	if (dtb == NULL)
		return 0;
	return pci_dtb_check(pkg + dtb->offset, (size_t)dtb->size, cfg, p, dtb,
			     err, err_size);
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
	/* Packing follows the full check (pack_cli.c): only a configuration
	 * config_check passed gets here, and the hypervisor trusts the mark
	 * for everything that does not depend on the board. */
	hdr.checked = SK_PACKAGE_CHECKED ^ hdr.config_crc32;
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
			/* A shared image's bytes are there already. */
			if (plan->shared.first[p][i] != 0u)
				continue;
			if (copy_image(pkg, &part->images[i],
				       parsed->image_files[p][i], err,
				       err_size) != 0) {
				free(buf);
				return -1;
			}
		}
		if (patch_partition_dtb(pkg, part, err, err_size) != 0 ||
		    check_partition_pci(pkg, cfg, p, err, err_size) != 0) {
			free(buf);
			return -1;
		}
	}
	*out = buf;
	return 0;
}
