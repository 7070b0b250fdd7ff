/* SPDX-License-Identifier: MIT */
/*
 * The packer tells a Linux guest where its initrd is: with a dtb and an
 * initrd image in a partition, the packed copy of the dtb gets the initrd's
 * guest-physical start and end in /chosen linux,initrd-start and
 * linux,initrd-end (tools/package_write.c, docs/configuration.md). Tested
 * directly on package_patch_initrd() and end to end through shikiri-pack.
 * dtc runs at test time.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tools/pack_cli.h"
#include "../../tools/package_write.h"
#include "core/config_format.h"
#include "lib/array.h"
#include "lib/fdt.h"

#define HYP_FILE_SIZE  0x4000u
#define HYP_IMAGE_SIZE 0x10000u
#define HDR_IMAGE_SIZE 16u
#define HDR_MAGIC      56u
#define KERNEL_SIZE    3000u
#define INITRD_SIZE    5000u
/* Above 4 GiB, so both cells of each property carry a part of it. */
#define INITRD_LOAD    0x148100000ull
#define PROP_SIZE      8u
#define ERR_MAX        1024u
#define STDERR_MAX     8192u

/* A guest device tree that reserves the initrd properties. */
static const char guest_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	chosen {\n"
	"		bootargs = \"console=ttyAMA0\";\n"
	"		linux,initrd-start = <0x0 0x0>;\n"
	"		linux,initrd-end = <0x0 0x0>;\n"
	"	};\n"
	"	memory@140000000 { device_type = \"memory\"; reg = <0x1 0x40000000 0x0 0x10000000>; };\n"
	"};\n";

/* The system: one partition, RAM seen at 0x1_4000_0000; INITRD is either
 * an initrd image node or nothing. */
static const char config_head[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	compatible = \"shikiri,system-v1\";\n"
	"	platform { cpus = <2>; memory = <0x0 0x40000000 0x0 0x40000000>; };\n"
	"	hypervisor { memory = <0x0 0x40000000 0x0 0x01000000>; };\n"
	"	partitions {\n"
	"		linux {\n"
	"			cpus = <0 1>;\n"
	"			memory { ram { phys = <0x0 0x48000000>; guest = <0x1 0x40000000>; size = <0x0 0x10000000>; }; };\n"
	"			images {\n"
	"				kernel { file = \"Image\"; load = <0x1 0x40200000>; };\n"
	"				dtb { file = \"linux.dtb\"; load = <0x1 0x48000000>; };\n";
static const char config_initrd[] =
	"				initrd { file = \"initrd.img\"; load = <0x1 0x48100000>; };\n";
static const char config_tail[] =
	"			};\n"
	"		};\n"
	"	};\n"
	"};\n";

static const char dtb_node_path[] = "/partitions/linux/images/dtb";

static struct {
	char dir[64];
	char cfg[96];
	char hyp[96];
	char out[96];
	char out_tmp[104];
	char dtb[96];
	char err[STDERR_MAX];
} g;

/* ---- helpers -------------------------------------------------------------- */

static void path_in(char *dst, size_t size, const char *name)
{
	snprintf(dst, size, "%s/%s", g.dir, name);
}

static void write_bytes(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	fclose(f);
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)len + 1u);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*size = (size_t)len;
	return data;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static uint8_t pattern_byte(unsigned seed, size_t i)
{
	return (uint8_t)((i * 13u + seed) & 0xffu);
}

static void write_pattern(const char *name, unsigned seed, size_t size)
{
	char path[128];
	uint8_t *data = malloc(size);

	assert_non_null(data);
	for (size_t i = 0; i < size; i++)
		data[i] = pattern_byte(seed, i);
	path_in(path, sizeof(path), name);
	write_bytes(path, data, size);
	free(data);
}

/* Compiles dts text into g.dtb with dtc. */
static void compile_guest_dtb(const char *dts)
{
	char src[128];
	char cmd[512];
	const char *dtc = getenv("DTC");

	path_in(src, sizeof(src), "guest.dts");
	write_bytes(src, dts, strlen(dts));
	snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb -o '%s' '%s'",
		 dtc != NULL ? dtc : "dtc", g.dtb, src);
	assert_int_equal(system(cmd), 0);
}

/* guest_dts with one line replaced (or removed when with is ""). */
static void compile_guest_dtb_with(const char *line, const char *with)
{
	char text[sizeof(guest_dts) + 128];
	const char *at = strstr(guest_dts, line);
	int n;

	assert_non_null(at);
	n = snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - guest_dts),
		     guest_dts, with, at + strlen(line));
	assert_true(n > 0 && (size_t)n < sizeof(text));
	compile_guest_dtb(text);
}

static void write_config(bool with_initrd)
{
	char text[sizeof(config_head) + sizeof(config_initrd) +
		  sizeof(config_tail)];
	int n = snprintf(text, sizeof(text), "%s%s%s", config_head,
			 with_initrd ? config_initrd : "", config_tail);

	assert_true(n > 0 && (size_t)n < sizeof(text));
	write_bytes(g.cfg, text, (size_t)n);
}

static void write_hyp(void)
{
	uint8_t *data = calloc(1, HYP_FILE_SIZE);

	assert_non_null(data);
	data[0] = 0x4d;
	for (unsigned i = 0; i < 8u; i++)
		data[HDR_IMAGE_SIZE + i] =
			(uint8_t)((uint64_t)HYP_IMAGE_SIZE >> (8u * i));
	memcpy(data + HDR_MAGIC, "ARM\x64", 4);
	write_bytes(g.hyp, data, HYP_FILE_SIZE);
	free(data);
}

static uint64_t get_be64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < PROP_SIZE; i++)
		v = (v << 8) | p[i];
	return v;
}

/* The 64-bit value of /chosen/name in a device tree blob. */
static uint64_t chosen_u64(const uint8_t *blob, size_t size, const char *name)
{
	struct fdt fdt;
	const uint8_t *value;
	uint32_t len = 0;
	int chosen;

	assert_int_equal(fdt_open(&fdt, blob, size), 0);
	chosen = fdt_find_node(&fdt, "/chosen");
	assert_true(chosen >= 0);
	value = fdt_get_prop(&fdt, chosen, name, &len);
	assert_non_null(value);
	assert_int_equal(len, PROP_SIZE);
	return get_be64(value);
}

static void init_image(struct sk_cfg_image *img, uint32_t role,
		       const char *path, const char *file, uint64_t load,
		       uint64_t size)
{
	memset(img, 0, sizeof(*img));
	img->role = role;
	img->load = load;
	img->size = size;
	snprintf(img->path, sizeof(img->path), "%s", path);
	snprintf(img->file, sizeof(img->file), "%s", file);
}

/* Runs package_patch_initrd() on a copy of g.dtb; the copy is returned. */
static uint8_t *patch_copy(size_t *size, int *rc, char *err)
{
	struct sk_cfg_image dtb;
	struct sk_cfg_image initrd;
	uint8_t *blob = read_file(g.dtb, size);

	init_image(&dtb, SK_IMAGE_DTB, dtb_node_path, "linux.dtb",
		   0x148000000ull, *size);
	init_image(&initrd, SK_IMAGE_INITRD, "/partitions/linux/images/initrd",
		   "initrd.img", INITRD_LOAD, INITRD_SIZE);
	err[0] = '\0';
	*rc = package_patch_initrd(blob, *size, &dtb, &initrd, err, ERR_MAX);
	return blob;
}

static void assert_has(const char *text, const char *phrase)
{
	if (strstr(text, phrase) == NULL)
		fail_msg("\"%s\" lacks \"%s\"", text, phrase);
}

/* A refused dtb is left exactly as it was. */
static void assert_refused_unchanged(const char *phrase)
{
	char err[ERR_MAX];
	size_t size = 0;
	size_t orig_size = 0;
	int rc = 0;
	uint8_t *orig = read_file(g.dtb, &orig_size);
	uint8_t *blob = patch_copy(&size, &rc, err);

	assert_int_equal(rc, -1);
	assert_has(err, dtb_node_path);
	assert_has(err, phrase);
	assert_memory_equal(blob, orig, size);
	free(blob);
	free(orig);
}

/* ---- fixtures --------------------------------------------------------------- */

static int group_setup(void **state)
{
	(void)state;
	snprintf(g.dir, sizeof(g.dir), "/tmp/sk_initrd.XXXXXX");
	if (mkdtemp(g.dir) == NULL)
		return -1;
	path_in(g.cfg, sizeof(g.cfg), "system.dts");
	path_in(g.hyp, sizeof(g.hyp), "hyp.bin");
	path_in(g.out, sizeof(g.out), "out.img");
	path_in(g.dtb, sizeof(g.dtb), "linux.dtb");
	snprintf(g.out_tmp, sizeof(g.out_tmp), "%s.tmp", g.out);
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", g.dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int setup(void **state)
{
	(void)state;
	compile_guest_dtb(guest_dts);
	write_pattern("Image", 1, KERNEL_SIZE);
	write_pattern("initrd.img", 2, INITRD_SIZE);
	write_hyp();
	write_config(true);
	unlink(g.out);
	unlink(g.out_tmp);
	return 0;
}

/* Runs shikiri-pack with stderr captured into g.err. */
static int run_pack(void)
{
	char *argv[] = { (char *)"shikiri-pack", (char *)"--hypervisor",
			 g.hyp, (char *)"-o", g.out, (char *)"-I", g.dir,
			 g.cfg, NULL };
	int saved = dup(STDERR_FILENO);
	FILE *cap = tmpfile();
	size_t n;
	int rc;

	assert_true(saved >= 0);
	assert_non_null(cap);
	fflush(stderr);
	dup2(fileno(cap), STDERR_FILENO);
	rc = pack_cli_main((int)(ARRAY_SIZE(argv)) - 1, argv);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(cap);
	n = fread(g.err, 1, sizeof(g.err) - 1, cap);
	g.err[n] = '\0';
	fclose(cap);
	return rc;
}

/* The packed output's configuration and package start. */
static const uint8_t *packed(const uint8_t *out, struct sk_config *cfg)
{
	struct sk_package_header hdr;
	const uint8_t *pkg = out + ((HYP_IMAGE_SIZE + SK_PACKAGE_ALIGN - 1u) &
				    ~(SK_PACKAGE_ALIGN - 1u));

	memcpy(&hdr, pkg, sizeof(hdr));
	assert_int_equal(hdr.magic, SK_PACKAGE_MAGIC);
	memcpy(cfg, pkg + hdr.config_offset, sizeof(*cfg));
	return pkg;
}

static const struct sk_cfg_image *image_of(const struct sk_config *cfg,
					   uint32_t role)
{
	const struct sk_cfg_partition *part = &cfg->partitions[0];

	for (uint32_t i = 0; i < part->image_count; i++) {
		if (part->images[i].role == role)
			return &part->images[i];
	}
	fail_msg("no image of role %u", role);
	return NULL;
}

/* ---- package_patch_initrd() ------------------------------------------------ */

static void patch_writes_initrd_start_and_end_big_endian(void **state)
{
	char err[ERR_MAX];
	size_t size = 0;
	int rc = -1;
	uint8_t *blob = patch_copy(&size, &rc, err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	assert_int_equal(chosen_u64(blob, size, "linux,initrd-start"),
			 INITRD_LOAD);
	assert_int_equal(chosen_u64(blob, size, "linux,initrd-end"),
			 INITRD_LOAD + INITRD_SIZE);
	free(blob);
}

/* Offset of /chosen/name's value in a device tree blob. */
static size_t chosen_value_offset(const uint8_t *blob, size_t size,
				  const char *name)
{
	struct fdt fdt;
	const uint8_t *value;
	int chosen;

	assert_int_equal(fdt_open(&fdt, blob, size), 0);
	chosen = fdt_find_node(&fdt, "/chosen");
	assert_true(chosen >= 0);
	value = fdt_get_prop(&fdt, chosen, name, NULL);
	assert_non_null(value);
	return (size_t)(value - blob);
}

static void patch_changes_nothing_but_the_two_values(void **state)
{
	static const char *const props[] = { "linux,initrd-start",
					     "linux,initrd-end" };
	char err[ERR_MAX];
	size_t size = 0;
	size_t orig_size = 0;
	int rc = -1;
	uint8_t *orig = read_file(g.dtb, &orig_size);
	uint8_t *blob = patch_copy(&size, &rc, err);

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(size, orig_size);
	assert_memory_not_equal(blob, orig, size);
	/* Put the original values back: the rest must be identical. */
	for (size_t i = 0; i < 2u; i++) {
		size_t off = chosen_value_offset(orig, orig_size, props[i]);

		memcpy(blob + off, orig + off, PROP_SIZE);
	}
	assert_memory_equal(blob, orig, size);
	free(blob);
	free(orig);
}

static void dtb_without_chosen_is_refused(void **state)
{
	(void)state;
	compile_guest_dtb("/dts-v1/;\n/ { model = \"no chosen\"; };\n");
	assert_refused_unchanged("linux.dtb has no /chosen node");
}

static void missing_initrd_start_is_refused(void **state)
{
	(void)state;
	compile_guest_dtb_with("		linux,initrd-start = <0x0 0x0>;\n", "");
	assert_refused_unchanged("has no property /chosen/linux,initrd-start");
}

/* Decode, then act: a good start property is not written when the end
 * property is missing. */
static void missing_initrd_end_is_refused_before_anything_is_written(void **state)
{
	(void)state;
	compile_guest_dtb_with("		linux,initrd-end = <0x0 0x0>;\n", "");
	assert_refused_unchanged("has no property /chosen/linux,initrd-end");
}

static void one_cell_initrd_property_is_refused(void **state)
{
	(void)state;
	compile_guest_dtb_with("linux,initrd-start = <0x0 0x0>;",
			       "linux,initrd-start = <0x0>;");
	assert_refused_unchanged(
		"property /chosen/linux,initrd-start is 4 bytes, must be 8");
}

static void three_cell_initrd_property_is_refused(void **state)
{
	(void)state;
	compile_guest_dtb_with("linux,initrd-end = <0x0 0x0>;",
			       "linux,initrd-end = <0x0 0x0 0x0>;");
	assert_refused_unchanged(
		"property /chosen/linux,initrd-end is 12 bytes, must be 8");
}

static void dtb_that_is_not_a_device_tree_is_refused(void **state)
{
	static const char junk[] = "this is not a device tree, just text";

	(void)state;
	write_bytes(g.dtb, junk, sizeof(junk));
	assert_refused_unchanged("linux.dtb is not a valid device tree (bad magic)");
}

/* ---- shikiri-pack end to end ------------------------------------------------- */

static void packed_dtb_holds_the_initrd_range(void **state)
{
	struct sk_config *cfg = malloc(sizeof(*cfg));
	const struct sk_cfg_image *dtb;
	const struct sk_cfg_image *initrd;
	const uint8_t *pkg;
	size_t size = 0;
	size_t file_size = 0;
	uint8_t *out;
	uint8_t *file;

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	pkg = packed(out, cfg);
	dtb = image_of(cfg, SK_IMAGE_DTB);
	initrd = image_of(cfg, SK_IMAGE_INITRD);
	assert_int_equal(initrd->load, INITRD_LOAD);
	assert_int_equal(chosen_u64(pkg + dtb->offset, (size_t)dtb->size,
				    "linux,initrd-start"),
			 INITRD_LOAD);
	assert_int_equal(chosen_u64(pkg + dtb->offset, (size_t)dtb->size,
				    "linux,initrd-end"),
			 INITRD_LOAD + INITRD_SIZE);
	for (size_t i = 0; i < INITRD_SIZE; i++)
		assert_int_equal(pkg[initrd->offset + i], pattern_byte(2, i));
	/* Only the packed copy changes, not the file. */
	file = read_file(g.dtb, &file_size);
	assert_int_equal(chosen_u64(file, file_size, "linux,initrd-start"), 0);
	free(file);
	free(out);
	free(cfg);
}

static void dtb_without_initrd_image_is_packed_unchanged(void **state)
{
	struct sk_config *cfg = malloc(sizeof(*cfg));
	const struct sk_cfg_image *dtb;
	const uint8_t *pkg;
	size_t size = 0;
	size_t file_size = 0;
	uint8_t *out;
	uint8_t *file;

	(void)state;
	assert_non_null(cfg);
	write_config(false);
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	pkg = packed(out, cfg);
	assert_int_equal(cfg->partitions[0].image_count, 2);
	dtb = image_of(cfg, SK_IMAGE_DTB);
	file = read_file(g.dtb, &file_size);
	assert_int_equal(dtb->size, file_size);
	assert_memory_equal(pkg + dtb->offset, file, file_size);
	free(file);
	free(out);
	free(cfg);
}

static void pack_without_placeholders_fails_with_the_image_path(void **state)
{
	char want[256];

	(void)state;
	compile_guest_dtb_with("		linux,initrd-start = <0x0 0x0>;\n", "");
	assert_int_equal(run_pack(), 1);
	snprintf(want, sizeof(want),
		 "%s: %s: linux.dtb has no property /chosen/linux,initrd-start",
		 g.cfg, dtb_node_path);
	assert_has(g.err, want);
	assert_false(exists(g.out));
	assert_false(exists(g.out_tmp));
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(patch_writes_initrd_start_and_end_big_endian),
		T(patch_changes_nothing_but_the_two_values),
		T(dtb_without_chosen_is_refused),
		T(missing_initrd_start_is_refused),
		T(missing_initrd_end_is_refused_before_anything_is_written),
		T(one_cell_initrd_property_is_refused),
		T(three_cell_initrd_property_is_refused),
		T(dtb_that_is_not_a_device_tree_is_refused),
		T(packed_dtb_holds_the_initrd_range),
		T(dtb_without_initrd_image_is_packed_unchanged),
		T(pack_without_placeholders_fails_with_the_image_path),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
