/* SPDX-License-Identifier: MIT */
/*
 * End-to-end tests of shikiri-pack (tools/pack_cli.c), run in-process: the
 * output layout (hypervisor, padding, header, configuration, image blobs),
 * the checksum, the rewritten Image header, and that a failed run leaves
 * no output behind. dtc runs at test time.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../tools/pack_cli.h"
#include "core/config_format.h"
#include "lib/crc32.h"

#define HYP_FILE_SIZE   0x8000u
#define HYP_IMAGE_SIZE  0x23456u /* footprint incl. bss, not page aligned */
#define HYP_PADDED      0x24000u /* align_up(HYP_IMAGE_SIZE, 4 KiB) */
#define KERNEL_SIZE     5000u
#define DTB_SIZE        1000u
#define PROBE_SIZE      4097u
#define HDR_IMAGE_SIZE  16u
#define HDR_MAGIC       56u
#define STDERR_MAX      8192u

static const char config_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	compatible = \"shikiri,system-v1\";\n"
	"	platform { cpus = <4>; memory = <0x0 0x40000000 0x0 0x40000000>; };\n"
	"	hypervisor { memory = <0x0 0x40000000 0x0 HYPSIZE>; };\n"
	"	partitions {\n"
	"		alpha {\n"
	"			cpus = <CPU>;\n"
	"			memory { ram { phys = <0x41000000>; guest = <0x40000000>; size = <0x1000000>; }; };\n"
	"			images {\n"
	"				kernel { file = \"heartbeat.bin\"; load = <0x40000000>; };\n"
	"				dtb { file = \"guest.dtb\"; load = <0x40f00000>; };\n"
	"			};\n"
	"		};\n"
	"		beta {\n"
	"			cpus = <2>;\n"
	"			memory { ram { phys = <0x42000000>; guest = <0x40000000>; size = <0x1000000>; }; };\n"
	"			images { kernel { file = \"probe.bin\"; load = <0x40000000>; }; };\n"
	"		};\n"
	"	};\n"
	"};\n";

static struct {
	char dir[64];
	char img_dir[80];
	char cfg[96];
	char hyp[96];
	char out[96];
	char out_tmp[104];
	char err[STDERR_MAX];
} g;

static void path_in(char *dst, size_t size, const char *dir, const char *name)
{
	snprintf(dst, size, "%s/%s", dir, name);
}

static void write_bytes(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	fclose(f);
}

/* Content of an image file: recognisable per file. */
static uint8_t image_byte(unsigned seed, size_t i)
{
	return (uint8_t)((i * 7u + seed) & 0xffu);
}

static void write_image(const char *name, unsigned seed, size_t size)
{
	char path[128];
	uint8_t *data = malloc(size);

	assert_non_null(data);
	for (size_t i = 0; i < size; i++)
		data[i] = image_byte(seed, i);
	path_in(path, sizeof(path), g.img_dir, name);
	write_bytes(path, data, size);
	free(data);
}

/* The partition's device tree: the packer checks it against the partition
 * (tools/guest_dt.c), so it is a real one, padded by dtc to DTB_SIZE. */
static void write_dtb(const char *name)
{
	char path[128];
	char cmd[512];

	path_in(path, sizeof(path), g.img_dir, name);
	snprintf(cmd, sizeof(cmd),
		 "echo '/dts-v1/; / { #address-cells = <2>; #size-cells = <2>; chosen { }; };' | dtc -q -I dts -O dtb -S %u -o '%s' -",
		 DTB_SIZE, path);
	assert_int_equal(system(cmd), 0);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	for (unsigned i = 0; i < 8u; i++)
		p[i] = (uint8_t)(v >> (8u * i));
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < 8u; i++)
		v |= (uint64_t)p[i] << (8u * i);
	return v;
}

static void write_hyp(uint64_t image_size, const char *magic)
{
	uint8_t *data = calloc(1, HYP_FILE_SIZE);

	assert_non_null(data);
	for (size_t i = 64; i < HYP_FILE_SIZE; i++)
		data[i] = (uint8_t)(0xa0u ^ (i & 0x3fu));
	data[0] = 0x4d; /* any code0 */
	put_le64(data + HDR_IMAGE_SIZE, image_size);
	memcpy(data + HDR_MAGIC, magic, 4);
	write_bytes(g.hyp, data, HYP_FILE_SIZE);
	free(data);
}

/* The test configuration with its two knobs filled in. */
static void write_config(const char *hyp_size, const char *cpu)
{
	char text[sizeof(config_dts) + 64];
	const char *h = strstr(config_dts, "HYPSIZE");
	const char *c = strstr(config_dts, "CPU>");
	int n;

	assert_non_null(h);
	assert_non_null(c);
	n = snprintf(text, sizeof(text), "%.*s%s%.*s%s%s",
		     (int)(h - config_dts), config_dts, hyp_size,
		     (int)(c - (h + 7)), h + 7, cpu, c + 3);
	assert_true(n > 0 && (size_t)n < sizeof(text));
	write_bytes(g.cfg, (const uint8_t *)text, (size_t)n);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g.dir, sizeof(g.dir), "/tmp/sk_pack.XXXXXX");
	if (mkdtemp(g.dir) == NULL)
		return -1;
	path_in(g.img_dir, sizeof(g.img_dir), g.dir, "images");
	if (mkdir(g.img_dir, 0700) != 0)
		return -1;
	path_in(g.cfg, sizeof(g.cfg), g.dir, "system.dts");
	path_in(g.hyp, sizeof(g.hyp), g.dir, "hyp.bin");
	path_in(g.out, sizeof(g.out), g.dir, "out.img");
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

/* Every test starts from a valid setup and no output. */
static int setup(void **state)
{
	(void)state;
	write_image("heartbeat.bin", 1, KERNEL_SIZE);
	write_dtb("guest.dtb");
	write_image("probe.bin", 3, PROBE_SIZE);
	write_hyp(HYP_IMAGE_SIZE, "ARM\x64");
	write_config("0x01000000", "1");
	unlink(g.out);
	unlink(g.out_tmp);
	return 0;
}

/* Runs the tool with stderr captured into g.err. */
static int run_tool(const char *const *args)
{
	char *argv[16];
	int argc = 0;
	int saved = dup(STDERR_FILENO);
	FILE *cap = tmpfile();
	size_t n;
	int rc;

	assert_true(saved >= 0);
	assert_non_null(cap);
	argv[argc++] = (char *)"shikiri-pack";
	for (; args[argc - 1] != NULL && argc < 15; argc++)
		argv[argc] = (char *)args[argc - 1];
	argv[argc] = NULL;
	fflush(stderr);
	dup2(fileno(cap), STDERR_FILENO);
	rc = pack_cli_main(argc, argv);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(cap);
	n = fread(g.err, 1, sizeof(g.err) - 1, cap);
	g.err[n] = '\0';
	fclose(cap);
	return rc;
}

static int run_pack(void)
{
	const char *args[] = { "--hypervisor", g.hyp, "-o", g.out, "-I",
			       g.img_dir, g.cfg, NULL };

	return run_tool(args);
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

static void assert_no_output(void)
{
	assert_false(exists(g.out));
	assert_false(exists(g.out_tmp));
}

static void assert_stderr_has(const char *phrase)
{
	if (strstr(g.err, phrase) == NULL)
		fail_msg("stderr lacks \"%s\":\n%s", phrase, g.err);
}

/* ---- layout -------------------------------------------------------------- */

static void output_starts_with_the_hypervisor_then_zero_padding(void **state)
{
	size_t size = 0;
	size_t hyp_size = 0;
	uint8_t *out;
	uint8_t *hyp;

	(void)state;
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	hyp = read_file(g.hyp, &hyp_size);
	assert_true(size > HYP_PADDED);
	/* Identical except the image_size field. */
	assert_memory_equal(out, hyp, HDR_IMAGE_SIZE);
	assert_memory_equal(out + HDR_IMAGE_SIZE + 8, hyp + HDR_IMAGE_SIZE + 8,
			    hyp_size - HDR_IMAGE_SIZE - 8);
	for (size_t i = hyp_size; i < HYP_PADDED; i++)
		assert_int_equal(out[i], 0);
	free(out);
	free(hyp);
}

static void package_header_and_config_checksum(void **state)
{
	struct sk_package_header hdr;
	size_t size = 0;
	uint8_t *out;

	(void)state;
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	memcpy(&hdr, out + HYP_PADDED, sizeof(hdr));
	assert_int_equal(hdr.magic, SK_PACKAGE_MAGIC);
	assert_int_equal(hdr.version, SK_CONFIG_VERSION);
	assert_int_equal(hdr.size, size - HYP_PADDED);
	assert_int_equal(hdr.size % SK_PACKAGE_ALIGN, 0);
	assert_int_equal(hdr.config_offset % SK_PACKAGE_ALIGN, 0);
	assert_true(hdr.config_offset >= sizeof(hdr));
	assert_int_equal(hdr.config_size, sizeof(struct sk_config));
	assert_int_equal(hdr.config_crc32,
			 crc32_ieee(out + HYP_PADDED + hdr.config_offset,
				    hdr.config_size));
	free(out);
}

static void image_size_field_covers_the_whole_output(void **state)
{
	size_t size = 0;
	uint8_t *out;

	(void)state;
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	assert_int_equal(get_le64(out + HDR_IMAGE_SIZE), size);
	free(out);
}

static void check_image(const uint8_t *pkg, uint64_t pkg_size,
			const struct sk_cfg_image *img, const char *file,
			unsigned seed, size_t file_size, uint64_t after)
{
	assert_string_equal(img->file, file);
	assert_int_equal(img->size, file_size);
	assert_int_equal(img->offset % SK_PACKAGE_ALIGN, 0);
	assert_true(img->offset >= after);
	assert_true(img->offset + img->size <= pkg_size);
	if (seed == 0u) {
		/* Not a pattern: the file's own bytes. */
		char path[128];
		size_t size = 0;
		uint8_t *want;

		path_in(path, sizeof(path), g.img_dir, file);
		want = read_file(path, &size);
		assert_int_equal(size, file_size);
		assert_memory_equal(pkg + img->offset, want, file_size);
		free(want);
		return;
	}
	for (size_t i = 0; i < file_size; i++)
		assert_int_equal(pkg[img->offset + i], image_byte(seed, i));
}

static void images_are_at_their_recorded_offsets(void **state)
{
	struct sk_package_header hdr;
	struct sk_config *cfg = malloc(sizeof(*cfg));
	size_t size = 0;
	uint8_t *out;
	const uint8_t *pkg;
	uint64_t config_end;

	(void)state;
	assert_non_null(cfg);
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	pkg = out + HYP_PADDED;
	memcpy(&hdr, pkg, sizeof(hdr));
	memcpy(cfg, pkg + hdr.config_offset, sizeof(*cfg));
	config_end = hdr.config_offset + hdr.config_size;
	assert_int_equal(cfg->partition_count, 2);
	assert_int_equal(cfg->partitions[0].image_count, 2);
	assert_int_equal(cfg->partitions[1].image_count, 1);
	check_image(pkg, hdr.size, &cfg->partitions[0].images[0],
		    "heartbeat.bin", 1, KERNEL_SIZE, config_end);
	check_image(pkg, hdr.size, &cfg->partitions[0].images[1], "guest.dtb",
		    0, DTB_SIZE,
		    cfg->partitions[0].images[0].offset + KERNEL_SIZE);
	check_image(pkg, hdr.size, &cfg->partitions[1].images[0], "probe.bin",
		    3, PROBE_SIZE,
		    cfg->partitions[0].images[1].offset + DTB_SIZE);
	free(out);
	free(cfg);
}

static void a_dtb_configuration_is_accepted(void **state)
{
	char dtb[128];
	char cmd[512];
	const char *args[] = { "--hypervisor", g.hyp, "-o", g.out, "-I",
			       g.img_dir, dtb, NULL };

	(void)state;
	path_in(dtb, sizeof(dtb), g.dir, "system.dtb");
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb -o '%s' '%s'", dtb,
		 g.cfg);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(run_tool(args), 0);
	assert_true(exists(g.out));
	assert_false(exists(g.out_tmp));
}

/* ---- --check ------------------------------------------------------------ */

static void check_mode_validates_without_writing(void **state)
{
	const char *args[] = { "--check", g.cfg, "-I", g.img_dir, NULL };

	(void)state;
	assert_int_equal(run_tool(args), 0);
	assert_string_equal(g.err, "");
	assert_no_output();
}

static void check_mode_reports_errors_with_paths_and_count(void **state)
{
	const char *args[] = { "--check", g.cfg, "-I", g.img_dir, NULL };
	char want[256];

	(void)state;
	write_config("0x01000000", "9");
	assert_int_equal(run_tool(args), 1);
	snprintf(want, sizeof(want),
		 "%s: /partitions/alpha: CPU 9 is not present: the board has 4 CPUs, numbered 0-3\n",
		 g.cfg);
	assert_stderr_has(want);
	snprintf(want, sizeof(want), "%s: 1 error(s)\n", g.cfg);
	assert_stderr_has(want);
}

/* ---- failures leave nothing behind ---------------------------------------- */

static void invalid_configuration_creates_no_output(void **state)
{
	(void)state;
	write_config("0x01000000", "9");
	assert_int_equal(run_pack(), 1);
	assert_no_output();
}

static void failed_run_keeps_a_previous_output(void **state)
{
	static const uint8_t old[] = "previous output";
	size_t size = 0;
	uint8_t *data;

	(void)state;
	write_bytes(g.out, old, sizeof(old));
	write_config("0x01000000", "9");
	assert_int_equal(run_pack(), 1);
	data = read_file(g.out, &size);
	assert_int_equal(size, sizeof(old));
	assert_memory_equal(data, old, sizeof(old));
	assert_false(exists(g.out_tmp));
	free(data);
}

static void unwritable_output_leaves_no_temporary_file(void **state)
{
	(void)state;
	/* The temporary file is written, then renaming it onto a directory
	 * fails: it must be cleaned up. */
	assert_int_equal(mkdir(g.out, 0700), 0);
	assert_int_equal(run_pack(), 1);
	assert_stderr_has("cannot write");
	assert_false(exists(g.out_tmp));
	assert_int_equal(rmdir(g.out), 0);
}

static void hypervisor_without_image_magic_is_refused(void **state)
{
	(void)state;
	write_hyp(HYP_IMAGE_SIZE, "ELF!");
	assert_int_equal(run_pack(), 1);
	assert_stderr_has("not an arm64 Image");
	assert_no_output();
}

static void hypervisor_image_size_below_file_size_is_refused(void **state)
{
	(void)state;
	write_hyp(HYP_FILE_SIZE - 1u, "ARM\x64");
	assert_int_equal(run_pack(), 1);
	assert_stderr_has("image_size 0x7fff is smaller than the file");
	assert_no_output();
}

static void package_larger_than_hypervisor_memory_is_refused(void **state)
{
	char want[256];

	(void)state;
	write_config("0x00020000", "1"); /* 128 KiB: too small */
	assert_int_equal(run_pack(), 1);
	snprintf(want, sizeof(want), "%s: /hypervisor: memory is too small",
		 g.cfg);
	assert_stderr_has(want);
	assert_no_output();
}

/* A loader puts the image 2 MiB into /hypervisor memory (QEMU -kernel,
 * booti): a region that holds the package but not those 2 MiB would pack
 * and then fail at boot. */
static void hypervisor_memory_without_the_loaders_2mib_is_refused(void **state)
{
	char want[256];

	(void)state;
	write_config("0x00200000", "1"); /* 2 MiB: the package alone fits */
	assert_int_equal(run_pack(), 1);
	snprintf(want, sizeof(want),
		 "%s: /hypervisor: memory is too small: 0x200000 bytes, but the hypervisor and its package need 0x",
		 g.cfg);
	assert_stderr_has(want);
	assert_stderr_has("(the 2 MiB a loader leaves below the image 0x200000 + text_offset 0x0 + hypervisor 0x24000 + package 0x");
	assert_stderr_has("make its size at least 0x");
	assert_no_output();
}

/* Two partitions with the same kernel bytes: the package holds one copy,
 * both images point at it. */
static void identical_images_are_stored_once(void **state)
{
	struct sk_package_header hdr;
	struct sk_config *cfg = malloc(sizeof(*cfg));
	size_t size = 0, alone_size = 0;
	uint8_t *out;

	(void)state;
	assert_non_null(cfg);
	write_image("probe.bin", 3, KERNEL_SIZE);
	assert_int_equal(run_pack(), 0);
	free(read_file(g.out, &alone_size));
	write_image("probe.bin", 1, KERNEL_SIZE); /* heartbeat.bin's bytes */
	assert_int_equal(run_pack(), 0);
	out = read_file(g.out, &size);
	memcpy(&hdr, out + HYP_PADDED, sizeof(hdr));
	memcpy(cfg, out + HYP_PADDED + hdr.config_offset, sizeof(*cfg));
	assert_int_equal(cfg->partitions[1].images[0].offset,
			 cfg->partitions[0].images[0].offset);
	check_image(out + HYP_PADDED, hdr.size, &cfg->partitions[1].images[0],
		    "probe.bin", 1, KERNEL_SIZE, 0);
	assert_int_equal(alone_size - size,
			 (KERNEL_SIZE + SK_PACKAGE_ALIGN - 1u) / SK_PACKAGE_ALIGN *
				 SK_PACKAGE_ALIGN);
	free(out);
	free(cfg);
}

static void missing_image_creates_no_output(void **state)
{
	char path[128];

	(void)state;
	path_in(path, sizeof(path), g.img_dir, "probe.bin");
	unlink(path);
	assert_int_equal(run_pack(), 1);
	assert_stderr_has("/partitions/beta/images/kernel: image file \"probe.bin\" not found");
	assert_no_output();
}

static void bad_usage_exits_2(void **state)
{
	const char *no_output[] = { "--hypervisor", g.hyp, g.cfg, NULL };
	const char *unknown[] = { "--frobnicate", g.cfg, NULL };
	const char *check_and_pack[] = { "--check", "-o", g.out, g.cfg, NULL };

	(void)state;
	assert_int_equal(run_tool(no_output), 2);
	assert_int_equal(run_tool(unknown), 2);
	assert_int_equal(run_tool(check_and_pack), 2);
	assert_stderr_has("usage:");
	assert_no_output();
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(output_starts_with_the_hypervisor_then_zero_padding),
		T(package_header_and_config_checksum),
		T(image_size_field_covers_the_whole_output),
		T(images_are_at_their_recorded_offsets),
		T(a_dtb_configuration_is_accepted),
		T(check_mode_validates_without_writing),
		T(check_mode_reports_errors_with_paths_and_count),
		T(invalid_configuration_creates_no_output),
		T(failed_run_keeps_a_previous_output),
		T(unwritable_output_leaves_no_temporary_file),
		T(hypervisor_without_image_magic_is_refused),
		T(hypervisor_image_size_below_file_size_is_refused),
		T(package_larger_than_hypervisor_memory_is_refused),
		T(hypervisor_memory_without_the_loaders_2mib_is_refused),
		T(identical_images_are_stored_once),
		T(missing_image_creates_no_output),
		T(bad_usage_exits_2),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
