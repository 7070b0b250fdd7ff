/* SPDX-License-Identifier: MIT */
/*
 * package_open (hypervisor/core/package.c): a well-formed package opens;
 * every kind of damage is refused with a message that names it, without
 * reading outside the package.
 */
#define _DEFAULT_SOURCE /* mmap, mprotect, sysconf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/package.h"
#include "lib/crc32.h"

#define ALIGN_UP(x, a) (((x) + (a) - 1u) / (a) * (a))

/* Layout of the test package, as tools/shikiri-pack would write it. */
#define PKG_CONFIG_OFFSET SK_PACKAGE_ALIGN
#define PKG_BLOB0_OFFSET \
	ALIGN_UP(PKG_CONFIG_OFFSET + sizeof(struct sk_config), SK_PACKAGE_ALIGN)
#define PKG_BLOB0_SIZE 3000u
#define PKG_BLOB1_OFFSET (PKG_BLOB0_OFFSET + SK_PACKAGE_ALIGN)
#define PKG_BLOB1_SIZE 200u
#define PKG_SIZE (PKG_BLOB1_OFFSET + SK_PACKAGE_ALIGN)
/* Room after the package: the loaded image may be longer than it. */
#define PKG_BUF_SIZE (PKG_SIZE + SK_PACKAGE_ALIGN)
#define PKG_PARTITIONS 2u

#define ERR_SIZE 256u

static uint8_t pkg_buf[PKG_BUF_SIZE] __attribute__((aligned(SK_PACKAGE_ALIGN)));
static char err[ERR_SIZE];
static struct package_view view;

static struct sk_package_header *hdr(void)
{
	return (struct sk_package_header *)(void *)pkg_buf;
}

static struct sk_config *cfg(void)
{
	return (struct sk_config *)(void *)(pkg_buf + PKG_CONFIG_OFFSET);
}

/* Recomputes the checksum after a deliberate change to the configuration,
 * so the damage under test is the first thing package_open meets. */
static void pkg_reseal(void)
{
	hdr()->config_crc32 = crc32_ieee(cfg(), sizeof(struct sk_config));
	hdr()->checked = SK_PACKAGE_CHECKED ^ hdr()->config_crc32;
}

static void fill_partition(struct sk_cfg_partition *p, uint32_t index)
{
	static const char *const names[PKG_PARTITIONS] = { "alpha", "beta" };

	strcpy(p->name, names[index]);
	strcpy(p->path, index == 0 ? "/partitions/alpha" : "/partitions/beta");
	p->cpu_count = 1;
	p->cpus[0] = index;
	p->console = SK_CONSOLE_HYPERCALL;
	p->region_count = 1;
	p->regions[0].phys = 0x48000000ull + index * 0x1000000ull;
	p->regions[0].guest = 0x40000000ull;
	p->regions[0].size = 0x1000000ull;
	p->regions[0].access = SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC;
	strcpy(p->regions[0].path, "/memory@40000000");
	p->device_count = 1;
	p->devices[0].phys = 0x9000000ull + index * 0x1000ull;
	p->devices[0].guest = 0x9000000ull;
	p->devices[0].size = 0x1000ull;
	p->devices[0].irq_count = 1;
	p->devices[0].irqs[0] = 40 + index;
	p->devices[0].dma = SK_DMA_NONE;
	strcpy(p->devices[0].path, "/devices/uart");
	p->image_count = 1;
	p->images[0].role = SK_IMAGE_KERNEL;
	p->images[0].load = 0x40080000ull;
	p->images[0].offset = index == 0 ? PKG_BLOB0_OFFSET : PKG_BLOB1_OFFSET;
	p->images[0].size = index == 0 ? PKG_BLOB0_SIZE : PKG_BLOB1_SIZE;
	strcpy(p->images[0].file, index == 0 ? "alpha.bin" : "beta.bin");
	strcpy(p->images[0].path, "/images/kernel");
}

/* A valid package: header, configuration of two partitions, two blobs. */
static int pkg_build(void **state)
{
	struct sk_package_header *h = hdr();
	struct sk_config *c = cfg();

	(void)state;
	memset(pkg_buf, 0, sizeof(pkg_buf));
	h->magic = SK_PACKAGE_MAGIC;
	h->version = SK_CONFIG_VERSION;
	h->size = PKG_SIZE;
	h->config_offset = PKG_CONFIG_OFFSET;
	h->config_size = sizeof(struct sk_config);
	c->magic = SK_CONFIG_MAGIC;
	c->version = SK_CONFIG_VERSION;
	c->size = sizeof(struct sk_config);
	c->partition_count = PKG_PARTITIONS;
	c->platform_cpu_count = 2;
	c->ram_bank_count = 1;
	c->ram[0].base = 0x40000000ull;
	c->ram[0].size = 0x40000000ull;
	c->hypervisor.base = 0x40000000ull;
	c->hypervisor.size = 0x1000000ull;
	for (uint32_t i = 0; i < PKG_PARTITIONS; i++)
		fill_partition(&c->partitions[i], i);
	memset(pkg_buf + PKG_BLOB0_OFFSET, 0xa0, PKG_BLOB0_SIZE);
	memset(pkg_buf + PKG_BLOB1_OFFSET, 0xb1, PKG_BLOB1_SIZE);
	pkg_reseal();
	memset(err, 0, sizeof(err));
	memset(&view, 0xee, sizeof(view));
	return 0;
}

static bool open_avail(uint64_t avail)
{
	return package_open(pkg_buf, avail, &view, err, sizeof(err));
}

static bool open_pkg(void)
{
	return open_avail(PKG_SIZE);
}

/* Refused, with `what` in the message, and the view left alone. */
static void assert_refused(bool opened, const char *what)
{
	struct package_view untouched;

	memset(&untouched, 0xee, sizeof(untouched));
	assert_false(opened);
	assert_non_null(strstr(err, "package: "));
	if (strstr(err, what) == NULL)
		fail_msg("message \"%s\" does not mention \"%s\"", err, what);
	assert_memory_equal(&view, &untouched, sizeof(view));
}

static void valid_package_opens(void **state)
{
	(void)state;
	assert_true(open_pkg());
	assert_ptr_equal(view.base, pkg_buf);
	assert_int_equal(view.size, PKG_SIZE);
	assert_ptr_equal(view.config, cfg());
	assert_string_equal(view.config->partitions[1].name, "beta");
}

static void loaded_image_longer_than_package_is_fine(void **state)
{
	(void)state;
	assert_true(open_avail(PKG_BUF_SIZE));
	assert_int_equal(view.size, PKG_SIZE);
}

static void missing_magic_is_reported_as_none_found(void **state)
{
	(void)state;
	hdr()->magic = 0;
	assert_refused(open_pkg(), "none found");
}

static void avail_smaller_than_header_is_none_found(void **state)
{
	(void)state;
	assert_refused(open_avail(sizeof(struct sk_package_header) - 1),
		       "none found");
}

/* With only a few bytes before unmapped memory, nothing past them is read. */
static void avail_smaller_than_header_reads_nothing_beyond(void **state)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	uint8_t *map = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	const uint32_t magic = SK_PACKAGE_MAGIC;
	uint8_t *tail;

	(void)state;
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map + page, page, PROT_NONE), 0);
	/* Only the magic is loaded; the rest of the header would fault. */
	tail = map + page - sizeof(magic);
	memcpy(tail, &magic, sizeof(magic));
	assert_false(package_open(tail, sizeof(magic), &view, err, sizeof(err)));
	assert_non_null(strstr(err, "none found"));
	munmap(map, 2 * page);
}

static void wrong_version_names_both_versions(void **state)
{
	(void)state;
	hdr()->version = SK_CONFIG_VERSION + 1u;
	assert_refused(open_pkg(), "version 2, this hypervisor reads version 1");
}

static void header_size_beyond_avail_is_truncated(void **state)
{
	(void)state;
	assert_refused(open_avail(PKG_SIZE - 1), "truncated");
}

static void header_size_smaller_than_header_is_refused(void **state)
{
	(void)state;
	hdr()->size = sizeof(struct sk_package_header) - 1;
	assert_refused(open_pkg(), "size in the header");
}

static void misaligned_config_offset_is_refused(void **state)
{
	(void)state;
	hdr()->config_offset = PKG_CONFIG_OFFSET + 8u;
	assert_refused(open_pkg(), "wrong size or place");
}

static void config_offset_beyond_package_is_refused(void **state)
{
	(void)state;
	hdr()->config_offset = PKG_SIZE + SK_PACKAGE_ALIGN;
	assert_refused(open_avail(PKG_BUF_SIZE), "wrong size or place");
}

/* Aligned and inside the package, but the block would run past its end. */
static void config_block_running_past_the_end_is_refused(void **state)
{
	(void)state;
	hdr()->config_offset = PKG_SIZE - SK_PACKAGE_ALIGN;
	assert_refused(open_pkg(), "wrong size or place");
}

/*
 * config_offset + config_size wraps past 2^64. Only reachable when the
 * header claims (and avail allows) a package of nearly 2^64 bytes, so the
 * offset itself is "inside".
 */
static void config_offset_wrapping_around_is_refused(void **state)
{
	(void)state;
	hdr()->size = UINT64_MAX;
	hdr()->config_offset = UINT64_MAX - (SK_PACKAGE_ALIGN - 1u);
	assert_refused(open_avail(UINT64_MAX), "wrong size or place");
}

static void config_size_smaller_than_the_struct_is_refused(void **state)
{
	(void)state;
	hdr()->config_size = sizeof(struct sk_config) - 8u;
	assert_refused(open_pkg(), "wrong size or place");
}

static void config_size_larger_than_the_struct_is_refused(void **state)
{
	(void)state;
	hdr()->config_size = sizeof(struct sk_config) + 8u;
	assert_refused(open_pkg(), "wrong size or place");
}

static void flipped_config_byte_is_a_checksum_mismatch(void **state)
{
	(void)state;
	cfg()->partitions[1].regions[0].phys ^= 0x1000u;
	assert_refused(open_pkg(), "checksum mismatch");
}

static void flipped_last_config_byte_is_a_checksum_mismatch(void **state)
{
	(void)state;
	((uint8_t *)cfg())[sizeof(struct sk_config) - 1u] ^= 0x01u;
	assert_refused(open_pkg(), "checksum mismatch");
}

/* The boot checks only what depends on the board: a package without the
 * packer's check mark is refused, and so is one whose configuration was
 * changed and resealed after packing (its mark is another's). */
static void package_without_check_mark_is_refused(void **state)
{
	(void)state;
	hdr()->checked = 0;
	assert_refused(open_pkg(), "not checked by tools/shikiri-pack (no check mark)");
}

static void configuration_changed_after_packing_is_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].cpus[0] = 0; /* what only the packer checks */
	hdr()->config_crc32 = crc32_ieee(cfg(), sizeof(struct sk_config));
	assert_refused(open_pkg(), "check mark is not its configuration's");
}

static void wrong_config_magic_is_an_invalid_header(void **state)
{
	(void)state;
	cfg()->magic = SK_PACKAGE_MAGIC;
	pkg_reseal();
	assert_refused(open_pkg(), "configuration header is invalid");
}

static void wrong_config_version_is_an_invalid_header(void **state)
{
	(void)state;
	cfg()->version = SK_CONFIG_VERSION + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "configuration header is invalid");
}

static void wrong_config_size_field_is_an_invalid_header(void **state)
{
	(void)state;
	cfg()->size = 0;
	pkg_reseal();
	assert_refused(open_pkg(), "configuration header is invalid");
}

static void too_many_partitions_are_refused(void **state)
{
	(void)state;
	cfg()->partition_count = SK_MAX_PARTITIONS + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "partition_count 9, max 8");
}

static void huge_partition_count_is_refused(void **state)
{
	(void)state;
	cfg()->partition_count = UINT32_MAX;
	pkg_reseal();
	assert_refused(open_pkg(), "counts exceed the limits");
}

static void too_many_ram_banks_are_refused(void **state)
{
	(void)state;
	cfg()->ram_bank_count = SK_MAX_RAM_BANKS + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "ram_bank_count 5, max 4");
}

/* The limit itself is allowed: eight valid partitions open. */
static void maximum_partition_count_opens(void **state)
{
	(void)state;
	for (uint32_t i = PKG_PARTITIONS; i < SK_MAX_PARTITIONS; i++)
		cfg()->partitions[i] = cfg()->partitions[i % PKG_PARTITIONS];
	cfg()->partition_count = SK_MAX_PARTITIONS;
	pkg_reseal();
	assert_true(open_pkg());
}

/* Slots beyond partition_count are never judged. */
static void garbage_beyond_partition_count_is_ignored(void **state)
{
	(void)state;
	memset(&cfg()->partitions[PKG_PARTITIONS], 0xff,
	       sizeof(struct sk_cfg_partition));
	pkg_reseal();
	assert_true(open_pkg());
}

static void too_many_cpus_are_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].cpu_count = SK_MAX_CPUS + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "partition 1 is malformed: cpu_count");
}

static void too_many_regions_are_refused(void **state)
{
	(void)state;
	cfg()->partitions[0].region_count = SK_MAX_REGIONS + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "partition 0 is malformed: region_count");
}

static void huge_region_count_is_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].region_count = UINT32_MAX;
	pkg_reseal();
	assert_refused(open_pkg(), "partition 1 is malformed: region_count");
}

static void too_many_devices_are_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].device_count = SK_MAX_DEVICES + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "device_count");
}

static void too_many_images_are_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].image_count = SK_MAX_IMAGES + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "image_count");
}

static void too_many_device_irqs_are_refused(void **state)
{
	(void)state;
	cfg()->partitions[0].devices[0].irq_count = SK_MAX_DEVICE_IRQS + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "irq_count");
}

static void unterminated_name_is_refused(void **state)
{
	(void)state;
	memset(cfg()->partitions[1].name, 'n', SK_NAME_MAX);
	pkg_reseal();
	assert_refused(open_pkg(), "partition 1 is malformed: name is not NUL-terminated");
}

/* SK_NAME_MAX - 1 characters plus the NUL is the longest legal name. */
static void longest_terminated_name_opens(void **state)
{
	(void)state;
	memset(cfg()->partitions[1].name, 'n', SK_NAME_MAX - 1u);
	cfg()->partitions[1].name[SK_NAME_MAX - 1u] = '\0';
	pkg_reseal();
	assert_true(open_pkg());
}

static void unterminated_partition_path_is_refused(void **state)
{
	(void)state;
	memset(cfg()->partitions[0].path, 'p', SK_PATH_MAX);
	pkg_reseal();
	assert_refused(open_pkg(), "path is not NUL-terminated");
}

static void unterminated_region_path_is_refused(void **state)
{
	(void)state;
	memset(cfg()->partitions[0].regions[0].path, 'r', SK_PATH_MAX);
	pkg_reseal();
	assert_refused(open_pkg(), "region path is not NUL-terminated");
}

static void unterminated_device_path_is_refused(void **state)
{
	(void)state;
	memset(cfg()->partitions[0].devices[0].path, 'd', SK_PATH_MAX);
	pkg_reseal();
	assert_refused(open_pkg(), "device path is not NUL-terminated");
}

static void unterminated_image_file_is_refused(void **state)
{
	(void)state;
	memset(cfg()->partitions[1].images[0].file, 'f', SK_FILE_MAX);
	pkg_reseal();
	assert_refused(open_pkg(), "image path or file name is not NUL-terminated");
}

static void unterminated_image_path_is_refused(void **state)
{
	(void)state;
	memset(cfg()->partitions[1].images[0].path, 'i', SK_PATH_MAX);
	pkg_reseal();
	assert_refused(open_pkg(), "image path or file name is not NUL-terminated");
}

static void image_blob_ending_exactly_at_package_end_opens(void **state)
{
	(void)state;
	cfg()->partitions[1].images[0].size = PKG_SIZE - PKG_BLOB1_OFFSET;
	pkg_reseal();
	assert_true(open_pkg());
}

static void image_blob_one_byte_past_the_end_is_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].images[0].size = PKG_SIZE - PKG_BLOB1_OFFSET + 1u;
	pkg_reseal();
	assert_refused(open_pkg(), "partition 1 is malformed: an image blob lies outside the package");
}

static void image_blob_offset_beyond_the_end_is_refused(void **state)
{
	(void)state;
	cfg()->partitions[0].images[0].offset = PKG_SIZE + 1u;
	cfg()->partitions[0].images[0].size = 0;
	pkg_reseal();
	assert_refused(open_pkg(), "image blob lies outside the package");
}

/* offset + size wraps past 2^64 to a value inside the package. */
static void image_blob_wrapping_around_is_refused(void **state)
{
	struct sk_cfg_image *img = &cfg()->partitions[0].images[0];

	(void)state;
	img->offset = PKG_BLOB0_OFFSET;
	img->size = UINT64_MAX - PKG_BLOB0_OFFSET + 2u; /* sum wraps to 1 */
	pkg_reseal();
	assert_refused(open_pkg(), "image blob lies outside the package");
}

static void image_blob_with_maximum_offset_is_refused(void **state)
{
	struct sk_cfg_image *img = &cfg()->partitions[0].images[0];

	(void)state;
	img->offset = UINT64_MAX;
	img->size = 1;
	pkg_reseal();
	assert_refused(open_pkg(), "image blob lies outside the package");
}

/* Blobs are judged against the package size, not against what is loaded. */
static void image_blob_past_package_but_inside_avail_is_refused(void **state)
{
	(void)state;
	cfg()->partitions[1].images[0].size = PKG_SIZE - PKG_BLOB1_OFFSET + 16u;
	pkg_reseal();
	assert_refused(open_avail(PKG_BUF_SIZE), "image blob lies outside the package");
}

static void small_error_buffer_is_truncated_and_terminated(void **state)
{
	char small[8];

	(void)state;
	memset(small, 'x', sizeof(small));
	hdr()->magic = 0;
	assert_false(package_open(pkg_buf, PKG_SIZE, &view, small, sizeof(small)));
	assert_string_equal(small, "package");
}

#define PKG_TEST(fn) cmocka_unit_test_setup(fn, pkg_build)

int main(void)
{
	const struct CMUnitTest tests[] = {
		PKG_TEST(valid_package_opens),
		PKG_TEST(package_without_check_mark_is_refused),
		PKG_TEST(configuration_changed_after_packing_is_refused),
		PKG_TEST(loaded_image_longer_than_package_is_fine),
		PKG_TEST(missing_magic_is_reported_as_none_found),
		PKG_TEST(avail_smaller_than_header_is_none_found),
		PKG_TEST(avail_smaller_than_header_reads_nothing_beyond),
		PKG_TEST(wrong_version_names_both_versions),
		PKG_TEST(header_size_beyond_avail_is_truncated),
		PKG_TEST(header_size_smaller_than_header_is_refused),
		PKG_TEST(misaligned_config_offset_is_refused),
		PKG_TEST(config_offset_beyond_package_is_refused),
		PKG_TEST(config_block_running_past_the_end_is_refused),
		PKG_TEST(config_offset_wrapping_around_is_refused),
		PKG_TEST(config_size_smaller_than_the_struct_is_refused),
		PKG_TEST(config_size_larger_than_the_struct_is_refused),
		PKG_TEST(flipped_config_byte_is_a_checksum_mismatch),
		PKG_TEST(flipped_last_config_byte_is_a_checksum_mismatch),
		PKG_TEST(wrong_config_magic_is_an_invalid_header),
		PKG_TEST(wrong_config_version_is_an_invalid_header),
		PKG_TEST(wrong_config_size_field_is_an_invalid_header),
		PKG_TEST(too_many_partitions_are_refused),
		PKG_TEST(huge_partition_count_is_refused),
		PKG_TEST(too_many_ram_banks_are_refused),
		PKG_TEST(maximum_partition_count_opens),
		PKG_TEST(garbage_beyond_partition_count_is_ignored),
		PKG_TEST(too_many_cpus_are_refused),
		PKG_TEST(too_many_regions_are_refused),
		PKG_TEST(huge_region_count_is_refused),
		PKG_TEST(too_many_devices_are_refused),
		PKG_TEST(too_many_images_are_refused),
		PKG_TEST(too_many_device_irqs_are_refused),
		PKG_TEST(unterminated_name_is_refused),
		PKG_TEST(longest_terminated_name_opens),
		PKG_TEST(unterminated_partition_path_is_refused),
		PKG_TEST(unterminated_region_path_is_refused),
		PKG_TEST(unterminated_device_path_is_refused),
		PKG_TEST(unterminated_image_file_is_refused),
		PKG_TEST(unterminated_image_path_is_refused),
		PKG_TEST(image_blob_ending_exactly_at_package_end_opens),
		PKG_TEST(image_blob_one_byte_past_the_end_is_refused),
		PKG_TEST(image_blob_offset_beyond_the_end_is_refused),
		PKG_TEST(image_blob_wrapping_around_is_refused),
		PKG_TEST(image_blob_with_maximum_offset_is_refused),
		PKG_TEST(image_blob_past_package_but_inside_avail_is_refused),
		PKG_TEST(small_error_buffer_is_truncated_and_terminated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
