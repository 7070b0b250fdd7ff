/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the configuration path end to end: a compiled configuration
 * (DTB) through the schema parser (tools/config_parse.c,
 * tools/config_schema.c) into struct sk_config, the semantic check
 * (hypervisor/core/config_check*.c), the packer (tools/package_write.c)
 * and back through the boot's reader (hypervisor/core/package.c).
 * Invariants:
 *  - parsing and checking are deterministic (same count, same messages,
 *    same struct);
 *  - every error names a node path ("/...") and says something, and the
 *    count returned is the count reported;
 *  - an accepted configuration is whole: counts within the limits, names
 *    and paths terminated and non-empty, every partition has a kernel,
 *    every image the size of its file, and nothing beyond a count (a
 *    packed configuration is a canonical struct);
 *  - one that also passes the check and is packed opens at boot as the
 *    very same struct, passes the check there too, and carries each
 *    image's bytes at its offset.
 * Image files come from a directory the harness fills at start-up with the
 * names the seed configurations use (tests/fuzz/corpus/config).
 */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_parse.h"
#include "core/config_check.h"
#include "core/package.h"
#include "fuzz_check.h"
#include "fuzz_report.h"
#include "hyp_image.h"
#include "package_write.h"
#include "lib/array.h"

#define ERR_SIZE 1024u
#define KERNEL_BYTES 64u
#define KERNEL_FILL 'K'
/* The dummy hypervisor's Image header: the package starts right after. */
#define HYP_IMAGE_SIZE 4096u

/* Every image name the seeds use; a kernel unless it ends in ".dtb". */
static const char *const image_names[] = {
	"thumb.bin", "spin.bin", "channel.bin", "hostile.bin", "control.bin",
	"heartbeat.bin", "probe.bin", "Image", "initramfs.cpio.gz",
	"guest.dtb", "channel-producer.dtb", "channel-consumer.dtb",
	"channel-stranger.dtb", "channel-echo.dtb", "linux.dtb",
	"linux-channel.dtb",
};

/*
 * A guest device tree that a partition with an initrd can be packed with:
 *   / { chosen { linux,initrd-start = <0x0 0x0>;
 *                linux,initrd-end = <0x0 0x0>; }; };
 * (dtc -O dtb of that source).
 */
static const uint8_t guest_dtb[] = {
	0xd0, 0x0d, 0xfe, 0xed, 0x00, 0x00, 0x00, 0xa4, 0x00, 0x00, 0x00, 0x38,
	0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00, 0x11,
	0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24,
	0x00, 0x00, 0x00, 0x48, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x63, 0x68, 0x6f, 0x73,
	0x65, 0x6e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x08,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x13,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x09, 0x6c, 0x69, 0x6e, 0x75,
	0x78, 0x2c, 0x69, 0x6e, 0x69, 0x74, 0x72, 0x64, 0x2d, 0x73, 0x74, 0x61,
	0x72, 0x74, 0x00, 0x6c, 0x69, 0x6e, 0x75, 0x78, 0x2c, 0x69, 0x6e, 0x69,
	0x74, 0x72, 0x64, 0x2d, 0x65, 0x6e, 0x64, 0x00,
};

static char image_dir[] = "/tmp/shikiri-fuzz-config-XXXXXX";
static uint8_t kernel_bytes[KERNEL_BYTES];
static uint8_t hyp_bytes[ARM64_IMAGE_HEADER_SIZE];
/* Too big for the stack; one per run of the parser. */
static struct config_parsed parsed, parsed_again;

/* An sk_config_report_fn: every error names a node and says something. */
static void record_report(void *ctx, const char *path, const char *msg)
{
	FUZZ_ASSERT(path != NULL && path[0] == '/');
	report_log_add(ctx, path, msg);
}

static bool image_is_dtb(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && strcmp(name + n - 4, ".dtb") == 0;
}

static void write_file(const char *name, const void *data, size_t size)
{
	char path[CONFIG_HOST_PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", image_dir, name);
	f = fopen(path, "wb");
	FUZZ_ASSERT(f != NULL);
	FUZZ_ASSERT(fwrite(data, 1, size, f) == size);
	FUZZ_ASSERT(fclose(f) == 0);
}

static void remove_image_dir(void)
{
	char path[CONFIG_HOST_PATH_MAX];

	for (size_t i = 0; i < ARRAY_SIZE(image_names); i++) {
		snprintf(path, sizeof(path), "%s/%s", image_dir, image_names[i]);
		(void)unlink(path);
	}
	(void)rmdir(image_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	FUZZ_ASSERT(mkdtemp(image_dir) != NULL);
	atexit(remove_image_dir);
	memset(kernel_bytes, KERNEL_FILL, sizeof(kernel_bytes));
	for (size_t i = 0; i < ARRAY_SIZE(image_names); i++) {
		if (image_is_dtb(image_names[i]))
			write_file(image_names[i], guest_dtb, sizeof(guest_dtb));
		else
			write_file(image_names[i], kernel_bytes, sizeof(kernel_bytes));
	}
	le64_write(hyp_bytes + ARM64_IMAGE_SIZE, HYP_IMAGE_SIZE);
	hyp_bytes[ARM64_IMAGE_MAGIC_OFFSET] = 'A';
	hyp_bytes[ARM64_IMAGE_MAGIC_OFFSET + 1] = 'R';
	hyp_bytes[ARM64_IMAGE_MAGIC_OFFSET + 2] = 'M';
	hyp_bytes[ARM64_IMAGE_MAGIC_OFFSET + 3] = 'd';
	return 0;
}

/* ---- an accepted configuration is whole -------------------------------- */

static bool zero(const void *p, size_t size)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < size; i++) {
		if (b[i] != 0)
			return false;
	}
	return true;
}

/* A name or path field: terminated, not empty. */
static bool filled(const char *s, size_t max)
{
	return s[0] != '\0' && memchr(s, '\0', max) != NULL;
}

/* Elements [count, max) of an array are all zero. */
#define TAIL_ZERO(arr, count)                                                \
	zero(&(arr)[(count)],                                                \
	     sizeof(arr) - (size_t)(count) * sizeof((arr)[0]))

static void check_image(const struct sk_cfg_image *img, const char *host)
{
	FUZZ_ASSERT(img->role <= SK_IMAGE_INITRD);
	FUZZ_ASSERT(filled(img->file, SK_FILE_MAX));
	FUZZ_ASSERT(filled(img->path, SK_PATH_MAX) && img->path[0] == '/');
	FUZZ_ASSERT(host[0] != '\0');
	FUZZ_ASSERT(img->size > 0 && img->offset == 0);
}

static void check_partition_whole(const struct sk_cfg_partition *p,
				  uint32_t index)
{
	bool kernel = false;

	FUZZ_ASSERT(filled(p->name, SK_NAME_MAX) && filled(p->path, SK_PATH_MAX));
	FUZZ_ASSERT(p->label_count <= SK_MAX_PARTITION_LABELS);
	FUZZ_ASSERT(TAIL_ZERO(p->labels, p->label_count));
	FUZZ_ASSERT(p->cpu_count >= 1 && p->cpu_count <= SK_MAX_CPUS);
	FUZZ_ASSERT(TAIL_ZERO(p->cpus, p->cpu_count));
	FUZZ_ASSERT(p->region_count >= 1 && p->region_count <= SK_MAX_REGIONS);
	FUZZ_ASSERT(TAIL_ZERO(p->regions, p->region_count));
	FUZZ_ASSERT(p->device_count <= SK_MAX_DEVICES);
	FUZZ_ASSERT(TAIL_ZERO(p->devices, p->device_count));
	for (uint32_t d = 0; d < p->device_count; d++) {
		const struct sk_cfg_device *dev = &p->devices[d];

		FUZZ_ASSERT(dev->irq_count <= SK_MAX_DEVICE_IRQS);
		FUZZ_ASSERT(TAIL_ZERO(dev->irqs, dev->irq_count));
	}
	FUZZ_ASSERT(p->image_count >= 1 && p->image_count <= SK_MAX_IMAGES);
	FUZZ_ASSERT(TAIL_ZERO(p->images, p->image_count));
	for (uint32_t i = 0; i < p->image_count; i++) {
		check_image(&p->images[i], parsed.image_files[index][i]);
		kernel = kernel || p->images[i].role == SK_IMAGE_KERNEL;
	}
	FUZZ_ASSERT(kernel);
}

static void check_whole(const struct sk_config *cfg)
{
	FUZZ_ASSERT(cfg->partition_count <= SK_MAX_PARTITIONS);
	FUZZ_ASSERT(TAIL_ZERO(cfg->partitions, cfg->partition_count));
	for (uint32_t p = 0; p < cfg->partition_count; p++)
		check_partition_whole(&cfg->partitions[p], p);
	FUZZ_ASSERT(cfg->ram_bank_count >= 1 &&
		    cfg->ram_bank_count <= SK_MAX_RAM_BANKS);
	FUZZ_ASSERT(TAIL_ZERO(cfg->ram, cfg->ram_bank_count));
	FUZZ_ASSERT(cfg->label_count <= SK_MAX_LABELS);
	FUZZ_ASSERT(TAIL_ZERO(cfg->labels, cfg->label_count));
	FUZZ_ASSERT(cfg->conflict_set_count <= SK_MAX_CONFLICT_SETS);
	FUZZ_ASSERT(TAIL_ZERO(cfg->conflict_sets, cfg->conflict_set_count));
	for (uint32_t s = 0; s < cfg->conflict_set_count; s++)
		FUZZ_ASSERT(TAIL_ZERO(cfg->conflict_sets[s].labels,
				      cfg->conflict_sets[s].label_count));
	FUZZ_ASSERT(cfg->channel_count <= SK_MAX_CHANNELS);
	FUZZ_ASSERT(TAIL_ZERO(cfg->channels, cfg->channel_count));
	for (uint32_t c = 0; c < cfg->channel_count; c++) {
		const struct sk_cfg_channel *ch = &cfg->channels[c];

		FUZZ_ASSERT(filled(ch->name, SK_NAME_MAX));
		FUZZ_ASSERT(ch->endpoint_count <= SK_CHANNEL_ENDPOINTS);
		FUZZ_ASSERT(TAIL_ZERO(ch->endpoints, ch->endpoint_count));
		for (uint32_t e = 0; e < ch->endpoint_count; e++)
			FUZZ_ASSERT(filled(ch->endpoints[e].partition, SK_NAME_MAX));
	}
	FUZZ_ASSERT(cfg->frame_count <= SK_MAX_CPUS);
	FUZZ_ASSERT(TAIL_ZERO(cfg->frames, cfg->frame_count));
	for (uint32_t f = 0; f < cfg->frame_count; f++)
		FUZZ_ASSERT(TAIL_ZERO(cfg->frames[f].windows,
				      cfg->frames[f].window_count));
}

/* ---- check, pack, read back -------------------------------------------- */

/* config_check as shikiri-pack runs it, twice: the same answer. */
static unsigned check_config(const struct sk_config *cfg)
{
	struct sk_platform_facts facts;
	struct report_log first = REPORT_LOG_INIT;
	struct report_log again = REPORT_LOG_INIT;
	unsigned errors;

	config_platform_from_config(cfg, &facts);
	errors = config_check(cfg, &facts, record_report, &first);
	FUZZ_ASSERT(errors == first.count);
	FUZZ_ASSERT(config_check(cfg, &facts, record_report, &again) == errors);
	FUZZ_ASSERT(again.count == first.count && again.digest == first.digest);
	return errors;
}

/* Only files of the harness's own directory are packed: a fuzzed name may
 * point anywhere on the host. */
static bool images_are_ours(void)
{
	size_t dir_len = strlen(image_dir);

	for (uint32_t p = 0; p < parsed.cfg.partition_count; p++) {
		for (uint32_t i = 0; i < parsed.cfg.partitions[p].image_count; i++) {
			const char *host = parsed.image_files[p][i];

			if (strchr(parsed.cfg.partitions[p].images[i].file, '/') != NULL ||
			    strncmp(host, image_dir, dir_len) != 0)
				return false;
		}
	}
	return true;
}

static void check_blobs(const struct package_view *pv)
{
	const struct sk_config *cfg = pv->config;

	for (uint32_t p = 0; p < cfg->partition_count; p++) {
		const struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->image_count; i++) {
			const struct sk_cfg_image *img = &part->images[i];

			FUZZ_ASSERT(img->offset % SK_PACKAGE_ALIGN == 0);
			FUZZ_ASSERT(img->offset <= pv->size &&
				    img->size <= pv->size - img->offset);
			/* Device trees may carry the initrd's place now. */
			if (!image_is_dtb(img->file))
				FUZZ_ASSERT(img->size == KERNEL_BYTES &&
					    memcmp(pv->base + img->offset,
						   kernel_bytes, KERNEL_BYTES) == 0);
		}
	}
}

static void pack_and_read_back(void)
{
	struct hyp_image hyp;
	struct package_plan plan;
	struct package_view pv;
	char err[ERR_SIZE];
	uint8_t *out = NULL;

	if (!images_are_ours())
		return;
	FUZZ_ASSERT(hyp_image_parse(hyp_bytes, sizeof(hyp_bytes), &hyp, err,
				    sizeof(err)) == 0);
	package_plan(&parsed.cfg, hyp.image_size, NULL, &plan);
	err[0] = '\0';
	if (package_assemble(&hyp, &parsed, &plan, &out, err, sizeof(err)) != 0) {
		/* A refusal (a device tree that does not fit) says where. */
		FUZZ_ASSERT(err[0] == '/');
		return;
	}
	FUZZ_ASSERT(plan.package_offset == HYP_IMAGE_SIZE);
	FUZZ_ASSERT(le64_read(out + ARM64_IMAGE_SIZE) == plan.output_size);
	err[0] = '\0';
	if (!package_open(out + plan.package_offset,
			  plan.output_size - plan.package_offset, &pv, err,
			  sizeof(err))) {
		fprintf(stderr, "packed configuration refused at boot: %s\n", err);
		FUZZ_ASSERT(false);
	}
	FUZZ_ASSERT(pv.size == plan.package_size);
	FUZZ_ASSERT(memcmp(pv.config, &parsed.cfg, sizeof(parsed.cfg)) == 0);
	FUZZ_ASSERT(check_config(pv.config) == 0);
	check_blobs(&pv);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dirs[] = { image_dir };
	struct config_search search = { dirs, 1, image_dir };
	struct report_log log = REPORT_LOG_INIT;
	struct report_log log_again = REPORT_LOG_INIT;
	unsigned errors;

	errors = config_parse(data, size, &search, &parsed, record_report, &log);
	FUZZ_ASSERT(errors == log.count);
	FUZZ_ASSERT(config_parse(data, size, &search, &parsed_again,
				 record_report, &log_again) == errors);
	FUZZ_ASSERT(log_again.digest == log.digest);
	FUZZ_ASSERT(memcmp(&parsed, &parsed_again, sizeof(parsed)) == 0);
	if (errors != 0)
		return 0; /* shikiri-pack stops here */
	check_whole(&parsed.cfg);
	if (check_config(&parsed.cfg) != 0)
		return 0;
	pack_and_read_back();
	return 0;
}
