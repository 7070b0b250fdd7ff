/* SPDX-License-Identifier: MIT */
#include "core/package.h"

#include "lib/crc32.h"
#include "lib/fmt.h"
#include "lib/string.h"

static bool pkg_fail(char *err, uint32_t size, const char *what)
{
	(void)sk_snprintf(err, size, "package: %s", what);
	return false;
}

static bool pkg_terminated(const char *s, size_t max)
{
	return sk_strnlen(s, max) < max;
}

/* Returns why a partition entry cannot be trusted, or NULL if it can. */
static const char *pkg_partition_problem(const struct sk_cfg_partition *p,
					 uint64_t size)
{
	if (p->cpu_count > SK_MAX_CPUS)
		return "cpu_count exceeds the limit";
	if (p->region_count > SK_MAX_REGIONS)
		return "region_count exceeds the limit";
	if (p->device_count > SK_MAX_DEVICES)
		return "device_count exceeds the limit";
	if (p->image_count > SK_MAX_IMAGES)
		return "image_count exceeds the limit";
	if (!pkg_terminated(p->name, SK_NAME_MAX))
		return "name is not NUL-terminated";
	if (!pkg_terminated(p->path, SK_PATH_MAX))
		return "path is not NUL-terminated";
	for (uint32_t i = 0; i < p->region_count; i++) {
		if (!pkg_terminated(p->regions[i].path, SK_PATH_MAX))
			return "a region path is not NUL-terminated";
	}
	for (uint32_t i = 0; i < p->device_count; i++) {
		if (!pkg_terminated(p->devices[i].path, SK_PATH_MAX))
			return "a device path is not NUL-terminated";
		if (p->devices[i].irq_count > SK_MAX_DEVICE_IRQS)
			return "a device's irq_count exceeds the limit";
	}
	for (uint32_t i = 0; i < p->image_count; i++) {
		const struct sk_cfg_image *img = &p->images[i];

		if (!pkg_terminated(img->path, SK_PATH_MAX) ||
		    !pkg_terminated(img->file, SK_FILE_MAX))
			return "an image path or file name is not NUL-terminated";
		/* Written so that offset + size cannot wrap. */
		if (img->offset > size || img->size > size - img->offset)
			return "an image blob lies outside the package";
	}
	return NULL;
}

/* The package header: ours, this version, within what was loaded, and
 * its configuration block where and as large as this hypervisor expects. */
static bool pkg_check_header(const struct sk_package_header *h, uint64_t avail,
			     char *err, uint32_t err_size)
{
	if (avail < sizeof(*h) || h->magic != SK_PACKAGE_MAGIC)
		return pkg_fail(err, err_size,
				"none found after the hypervisor: pack a configuration with tools/shikiri-pack");
	if (h->version != SK_CONFIG_VERSION) {
		(void)sk_snprintf(err, err_size,
				  "package: version %u, this hypervisor reads version %u",
				  h->version, SK_CONFIG_VERSION);
		return false;
	}
	if (h->size > avail || h->size < sizeof(*h))
		return pkg_fail(err, err_size,
				"size in the header exceeds the loaded image (truncated file?)");
	if (h->config_size != sizeof(struct sk_config) ||
	    h->config_offset % SK_PACKAGE_ALIGN != 0 ||
	    h->config_offset > h->size ||
	    h->config_size > h->size - h->config_offset)
		return pkg_fail(err, err_size,
				"configuration block has a wrong size or place (tool and hypervisor versions differ?)");
	return true;
}

/* The configuration block: intact, its own header valid, its counts
 * within the limits the fixed-size tables allow. */
static bool pkg_check_config(const struct sk_config *cfg,
			     const struct sk_package_header *h, char *err,
			     uint32_t err_size)
{
	uint32_t crc = crc32_ieee(cfg, sizeof(*cfg));

	if (crc != h->config_crc32)
		return pkg_fail(err, err_size,
				"configuration checksum mismatch (corrupted image)");
	/* The boot checks only what depends on the board: the rest is
	 * what the packer's full check proved of this configuration. */
	if (h->checked == 0u)
		return pkg_fail(err, err_size,
				"not checked by tools/shikiri-pack (no check mark): pack it with shikiri-pack");
	if (h->checked != (SK_PACKAGE_CHECKED ^ crc))
		return pkg_fail(err, err_size,
				"its check mark is not its configuration's (changed after packing?): pack it again");
	if (cfg->magic != SK_CONFIG_MAGIC || cfg->version != SK_CONFIG_VERSION ||
	    cfg->size != sizeof(*cfg))
		return pkg_fail(err, err_size, "configuration header is invalid");
	if (cfg->partition_count > SK_MAX_PARTITIONS ||
	    cfg->ram_bank_count > SK_MAX_RAM_BANKS) {
		(void)sk_snprintf(err, err_size,
				  "package: configuration counts exceed the limits (partition_count %u, max %u; ram_bank_count %u, max %u)",
				  cfg->partition_count, SK_MAX_PARTITIONS,
				  cfg->ram_bank_count, SK_MAX_RAM_BANKS);
		return false;
	}
	return true;
}

/* Every partition entry, against the package's size. */
static bool pkg_check_partitions(const struct sk_config *cfg, uint64_t size,
				 char *err, uint32_t err_size)
{
	for (uint32_t i = 0; i < cfg->partition_count; i++) {
		const char *why = pkg_partition_problem(&cfg->partitions[i],
							size);

		if (why != NULL) {
			(void)sk_snprintf(err, err_size,
					  "package: partition %u is malformed: %s", i,
					  why);
			return false;
		}
	}
	return true;
}

bool package_open(const uint8_t *pkg, uint64_t avail, struct package_view *pv,
		  char *err, uint32_t err_size)
{
	const struct sk_package_header *h = (const void *)pkg;
	const struct sk_config *cfg;

	if (!pkg_check_header(h, avail, err, err_size))
		return false;
	cfg = (const void *)(pkg + h->config_offset);
	if (!pkg_check_config(cfg, h, err, err_size) ||
	    !pkg_check_partitions(cfg, h->size, err, err_size))
		return false;
	pv->base = pkg;
	pv->size = h->size;
	pv->config = cfg;
	return true;
}
