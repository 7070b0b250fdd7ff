/* SPDX-License-Identifier: MIT */
#define _POSIX_C_SOURCE 200809L

#include "pack_cli.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_load.h"
#include "config_parse.h"
#include "core/config_check.h"
#include "diag.h"
#include "file_io.h"
#include "guest_dt.h"
#include "hyp_image.h"
#include "pci_dtb.h"
#include "package_write.h"

#define PACK_ERR_MAX 1024u
/*
 * What a boot loader leaves below the image in /hypervisor memory: arm64
 * Images are placed at a 2 MiB boundary plus their text_offset (Linux
 * Documentation/arch/arm64/booting.rst), and QEMU's -kernel, which keeps
 * the first pages of RAM for its own boot stub, puts an Image whose
 * text_offset is below 4 KiB 2 MiB above the start of RAM
 * (hw/arm/boot.c, load_aarch64_image); U-Boot's booti moves it up to the
 * next 2 MiB boundary. The packer counts that 2 MiB in what it needs.
 */
#define LOADER_SLACK 0x200000ull

struct pack_args {
	bool check_only;
	const char *hypervisor;
	const char *output;
	const char *config;
	const char **dirs;
	size_t dir_count;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: shikiri-pack --check CONFIG [-I DIR]...\n"
		"       shikiri-pack --hypervisor HYP.bin -o OUT.img [-I DIR]... CONFIG\n"
		"CONFIG is a .dts (compiled with dtc) or a .dtb. Image files are\n"
		"looked up in each -I DIR in order, then in CONFIG's directory.\n");
}

/* The value of an option given as "-I DIR", "-IDIR" or "--opt=VALUE". */
static const char *option_value(int argc, char **argv, int *i,
				const char *inline_value)
{
	if (inline_value != NULL && inline_value[0] != '\0')
		return inline_value;
	if (*i + 1 >= argc)
		return NULL;
	(*i)++;
	return argv[*i];
}

static int parse_one(int argc, char **argv, int *i, struct pack_args *a)
{
	const char *arg = argv[*i];
	const char *v;

	if (strcmp(arg, "--check") == 0) {
		a->check_only = true;
	} else if (strncmp(arg, "--hypervisor", 12) == 0 &&
		   (arg[12] == '\0' || arg[12] == '=')) {
		v = option_value(argc, argv, i, arg[12] == '=' ? arg + 13 : NULL);
		if (v == NULL)
			return -1;
		a->hypervisor = v;
	} else if (strncmp(arg, "-o", 2) == 0) {
		v = option_value(argc, argv, i, arg + 2);
		if (v == NULL)
			return -1;
		a->output = v;
	} else if (strncmp(arg, "-I", 2) == 0) {
		v = option_value(argc, argv, i, arg + 2);
		if (v == NULL)
			return -1;
		a->dirs[a->dir_count++] = v;
	} else if (arg[0] == '-' && arg[1] != '\0') {
		fprintf(stderr, "shikiri-pack: unknown option %s\n", arg);
		return -1;
	} else if (a->config == NULL) {
		a->config = arg;
	} else {
		fprintf(stderr, "shikiri-pack: more than one configuration\n");
		return -1;
	}
	return 0;
}

static int parse_args(int argc, char **argv, struct pack_args *a)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 1;
		}
		if (parse_one(argc, argv, &i, a) != 0)
			return -1;
	}
	if (a->config == NULL)
		return -1;
	if (a->check_only)
		return a->hypervisor == NULL && a->output == NULL ? 0 : -1;
	return a->hypervisor != NULL && a->output != NULL ? 0 : -1;
}

static bool host_is_little_endian(void)
{
	const uint16_t probe = 1u;
	uint8_t first;

	memcpy(&first, &probe, 1);
	return first == 1u;
}

/* The directory part of path ("." when there is none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *dir;

	if (slash == NULL)
		return strdup(".");
	len = slash == path ? 1u : (size_t)(slash - path);
	dir = malloc(len + 1u);
	if (dir != NULL) {
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	return dir;
}

/* Each partition's dtb image against the partition (guest_dt.h) and its
 * channels' PCI host (pci_dtb.h): the same with --check as when packing. */
static void check_guest_dtbs(const struct config_parsed *parsed, struct diag *d)
{
	const struct sk_config *cfg = &parsed->cfg;
	struct sk_config_reporter rep = diag_reporter(d);
	struct guest_dt_seen seen = { 0, NULL };
	char err[PACK_ERR_MAX];

	for (uint32_t p = 0; p < cfg->partition_count; p++) {
		const struct sk_cfg_partition *part = &cfg->partitions[p];

		for (uint32_t i = 0; i < part->image_count; i++) {
			const struct sk_cfg_image *img = &part->images[i];
			uint8_t *data = NULL;
			size_t size = 0;
			int rc;

			if (img->role != SK_IMAGE_DTB)
				continue;
			rc = file_read_all(parsed->image_files[p][i], &data, &size);
			if (rc != 0) {
				config_report(&rep, img->path, SK_PATH_MAX,
					      "cannot read %s: %s",
					      parsed->image_files[p][i], strerror(rc));
				continue;
			}
			if (guest_dt_check(data, size, cfg, p, img, &seen, &rep) == 0u &&
			    pci_dtb_check(data, size, cfg, p, img, err, sizeof(err)) != 0)
				config_report(&rep, NULL, 0, "%s", err);
			free(data);
		}
	}
}

/* Parse + semantic check; 0 when the configuration is valid. */
static unsigned validate(const struct pack_args *a, struct config_parsed *parsed,
			 struct diag *d)
{
	struct config_search search;
	struct sk_platform_facts facts;
	uint8_t *blob = NULL;
	size_t blob_size = 0;
	char *config_dir;

	if (config_load_dtb(a->config, &blob, &blob_size, d) != 0)
		return d->errors;
	config_dir = dir_of(a->config);
	if (config_dir == NULL) {
		struct sk_config_reporter rep = diag_reporter(d);

		free(blob);
		config_report(&rep, NULL, 0, "out of memory");
		return d->errors;
	}
	search.dirs = a->dirs;
	search.dir_count = a->dir_count;
	search.config_dir = config_dir;
	config_parse(blob, blob_size, &search, parsed, diag_report, d);
	free(blob);
	free(config_dir);
	/* Semantic checks on a half-parsed configuration would only echo
	 * the schema errors. */
	if (d->errors != 0u)
		return d->errors;
	config_platform_from_config(&parsed->cfg, &facts);
	config_check(&parsed->cfg, &facts, diag_report, d);
	if (d->errors == 0u)
		check_guest_dtbs(parsed, d);
	return d->errors;
}

static void print_summary(const char *what, const struct sk_config *cfg,
			  const struct package_plan *plan)
{
	printf("%s: %u partitions, %u images, %llu bytes of images", what,
	       cfg->partition_count, plan->image_count,
	       (unsigned long long)plan->image_bytes);
	if (plan->shared_count != 0u)
		printf(" (%u identical to another, stored once: %llu bytes saved)",
		       plan->shared_count, (unsigned long long)plan->shared_bytes);
	printf("\n");
}

/* The loader's 2 MiB, text_offset, the hypervisor and its package must
 * fit the /hypervisor memory. */
static bool package_fits(const struct sk_config *cfg,
			 const struct hyp_image *hyp,
			 const struct package_plan *plan, struct diag *d)
{
	uint64_t below = LOADER_SLACK + hyp->text_offset;
	uint64_t need = below + plan->output_size;
	struct sk_config_reporter rep = diag_reporter(d);

	if (below >= LOADER_SLACK && need >= below &&
	    need <= cfg->hypervisor.size)
		return true;
	config_report(&rep, "/hypervisor", SK_PATH_MAX,
		      "memory is too small: 0x%llx bytes, but the hypervisor and its package need 0x%llx (the 2 MiB a loader leaves below the image 0x200000 + text_offset 0x%llx + hypervisor 0x%llx + package 0x%llx): make its size at least 0x%llx",
		      (unsigned long long)cfg->hypervisor.size,
		      (unsigned long long)need,
		      (unsigned long long)hyp->text_offset,
		      (unsigned long long)plan->package_offset,
		      (unsigned long long)plan->package_size,
		      (unsigned long long)package_align_up(need));
	return false;
}

static int pack(const struct pack_args *a, struct config_parsed *parsed,
		struct diag *d)
{
	struct hyp_image hyp;
	struct package_plan plan;
	struct package_shared shared;
	char err[PACK_ERR_MAX];
	uint8_t *hyp_data = NULL;
	uint8_t *out = NULL;
	size_t hyp_size = 0;
	int rc = file_read_all(a->hypervisor, &hyp_data, &hyp_size);

	if (rc != 0) {
		fprintf(stderr, "%s: cannot read: %s\n", a->hypervisor,
			strerror(rc));
		return PACK_EXIT_ERRORS;
	}
	if (hyp_image_parse(hyp_data, hyp_size, &hyp, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", a->hypervisor, err);
		free(hyp_data);
		return PACK_EXIT_ERRORS;
	}
	if (package_find_shared(parsed, &shared, err, sizeof(err)) != 0) {
		fprintf(stderr, "%s: %s\n", a->config, err);
		free(hyp_data);
		return PACK_EXIT_ERRORS;
	}
	package_plan(&parsed->cfg, hyp.image_size, &shared, &plan);
	if (!package_fits(&parsed->cfg, &hyp, &plan, d)) {
		diag_summary(d);
		free(hyp_data);
		return PACK_EXIT_ERRORS;
	}
	rc = package_assemble(&hyp, parsed, &plan, &out, err, sizeof(err));
	free(hyp_data);
	if (rc != 0) {
		fprintf(stderr, "%s: %s\n", a->config, err);
		return PACK_EXIT_ERRORS;
	}
	rc = file_write_atomic(a->output, out, (size_t)plan.output_size);
	free(out);
	if (rc != 0) {
		fprintf(stderr, "%s: cannot write: %s\n", a->output, strerror(rc));
		return PACK_EXIT_ERRORS;
	}
	print_summary(a->output, &parsed->cfg, &plan);
	return PACK_EXIT_OK;
}

static int run(const struct pack_args *a)
{
	struct diag d = { a->config, 0 };
	struct config_parsed *parsed = calloc(1, sizeof(*parsed));
	struct package_plan plan;
	int status;

	if (parsed == NULL) {
		fprintf(stderr, "shikiri-pack: out of memory\n");
		return PACK_EXIT_ERRORS;
	}
	if (validate(a, parsed, &d) != 0u) {
		diag_summary(&d);
		free(parsed);
		return PACK_EXIT_ERRORS;
	}
	if (a->check_only) {
		package_plan(&parsed->cfg, 0, NULL, &plan);
		print_summary(a->config, &parsed->cfg, &plan);
		status = PACK_EXIT_OK;
	} else {
		status = pack(a, parsed, &d);
	}
	free(parsed);
	return status;
}

int pack_cli_main(int argc, char **argv)
{
	struct pack_args args;
	int status;

	memset(&args, 0, sizeof(args));
	if (!host_is_little_endian()) {
		fprintf(stderr,
			"shikiri-pack: big-endian hosts are not supported: the package format is little-endian\n");
		return PACK_EXIT_ERRORS;
	}
	args.dirs = calloc((size_t)(argc > 0 ? argc : 1), sizeof(*args.dirs));
	if (args.dirs == NULL)
		return PACK_EXIT_ERRORS;
	status = parse_args(argc, argv, &args);
	if (status != 0) {
		if (status < 0)
			usage(stderr);
		free(args.dirs);
		return status < 0 ? PACK_EXIT_USAGE : PACK_EXIT_OK;
	}
	status = run(&args);
	free(args.dirs);
	return status;
}
