// SPDX-License-Identifier: MIT
/*
 * Host unit tests of the flattened device tree reader (hypervisor/lib/fdt.c).
 *
 * Blobs are made at test time: `dtc` compiles the DTS texts below and QEMU
 * dumps the device tree of the board we run on. Blobs under test sit at the
 * very end of a mapping followed by an inaccessible guard page, so a read
 * past the end of the blob crashes the test instead of going unnoticed.
 */
#define _DEFAULT_SOURCE /* mkstemp, MAP_ANONYMOUS */

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/array.h"
#include "lib/fdt.h"

/* Header field offsets (DT spec 5.2), for patching blobs. */
#define HDR_TOTALSIZE 4u
#define HDR_OFF_DT_STRUCT 8u
#define HDR_OFF_DT_STRINGS 12u
#define HDR_OFF_MEM_RSVMAP 16u
#define HDR_VERSION 20u
#define HDR_LAST_COMP 24u
#define HDR_SIZE_DT_STRINGS 32u
#define HDR_SIZE_DT_STRUCT 36u

#define TOKEN_PROP 3u
#define TOKEN_END 9u

#define PATH_MAX_LEN 256u
#define SHELL_CMD_LEN 1024u

static const char test_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <2>;\n"
	"	#size-cells = <2>;\n"
	"	model = \"shikiri-test\";\n"
	"	compatible = \"shikiri,test-board\", \"shikiri,generic\";\n"
	"	memory@40000000 {\n"
	"		device_type = \"memory\";\n"
	"		reg = <0x0 0x40000000 0x0 0x20000000\n"
	"		       0x1 0x00000000 0x0 0x10000000>;\n"
	"	};\n"
	"	memory@80000000 {\n"
	"		device_type = \"memory\";\n"
	"		reg = <0x0 0x80000000 0x0 0x1000>;\n"
	"	};\n"
	"	soc {\n"
	"		#address-cells = <1>;\n"
	"		#size-cells = <1>;\n"
	"		compatible = \"simple-bus\";\n"
	"		uart@9000000 {\n"
	"			compatible = \"arm,pl011\", \"arm,primecell\";\n"
	"			reg = <0x9000000 0x1000>;\n"
	"			status = \"okay\";\n"
	"			empty-prop;\n"
	"		};\n"
	"		uart@9001000 {\n"
	"			compatible = \"arm,pl011\";\n"
	"			reg = <0x9001000 0x1000>;\n"
	"		};\n"
	"		timer {\n"
	"			compatible = \"arm,armv8-timer\";\n"
	"		};\n"
	"	};\n"
	"	cpus {\n"
	"		#address-cells = <1>;\n"
	"		#size-cells = <0>;\n"
	"		cpu@0 { device_type = \"cpu\"; reg = <0>; };\n"
	"		cpu@1 { device_type = \"cpu\"; reg = <1>; };\n"
	"	};\n"
	"	wide {\n"
	"		#address-cells = <3>;\n"
	"		#size-cells = <2>;\n"
	"		dev@0 { reg = <1 2 3 4 5>; };\n"
	"	};\n"
	"	defaults {\n"
	"		dev@1000 { reg = <0x0 0x1000 0x100>; };\n"
	"	};\n"
	"	no-addr {\n"
	"		#address-cells = <0>;\n"
	"		dev { reg = <0x10>; };\n"
	"	};\n"
	"	odd {\n"
	"		#address-cells = <1>;\n"
	"		#size-cells = <1>;\n"
	"		bad-reg@0 { reg = <0x0 0x10 0x20>; };\n"
	"	};\n"
	"	exact@1 { };\n"
	"	exact { };\n"
	"	props {\n"
	"		one = \"hello\";\n"
	"		two = \"a\", \"bc\";\n"
	"		u32 = <0x12345678>;\n"
	"		u64 = /bits/ 64 <0x1122334455667788>;\n"
	"		bytes = [01 02 03];\n"
	"	};\n"
	"};\n";

/* Children of the root in test_dts, in document order. */
static const char *const root_children[] = {
	"memory@40000000", "memory@80000000", "soc", "cpus", "wide",
	"defaults", "no-addr", "odd", "exact@1", "exact", "props",
};
#define ROOT_CHILD_COUNT (ARRAY_SIZE(root_children))

/* ---- blob helpers ---- */

struct blob {
	uint8_t *data;   /* blob bytes, ending right before a guard page */
	size_t size;
	void *map;
	size_t map_size;
};

static uint32_t get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Copies bytes so that they end exactly where an unreadable page starts. */
static struct blob guarded(const uint8_t *bytes, size_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	struct blob b;

	b.map_size = (size + page - 1) / page * page + page;
	b.map = mmap(NULL, b.map_size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(b.map != MAP_FAILED);
	assert_int_equal(mprotect((uint8_t *)b.map + b.map_size - page, page,
				  PROT_NONE), 0);
	b.data = (uint8_t *)b.map + b.map_size - page - size;
	b.size = size;
	memcpy(b.data, bytes, size);
	return b;
}

static void release(struct blob *b)
{
	munmap(b->map, b->map_size);
	b->data = NULL;
}

static uint8_t *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*size = (size_t)len;
	return buf;
}

static void temp_path(char *buf, size_t size, const char *tag)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(buf, size, "%s/sk-test-fdt-%s-XXXXXX",
		 dir != NULL ? dir : "/tmp", tag);
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	close(fd);
}

/* Compiles DTS text with dtc (extra options such as "-V 16" allowed). */
static struct blob dtb_from_dts_opts(const char *dts, const char *opts)
{
	char src[PATH_MAX_LEN];
	char out[PATH_MAX_LEN];
	char cmd[SHELL_CMD_LEN];
	struct blob b;
	uint8_t *bytes;
	size_t size;
	FILE *f;

	temp_path(src, sizeof(src), "dts");
	temp_path(out, sizeof(out), "dtb");
	f = fopen(src, "w");
	assert_non_null(f);
	assert_true(fputs(dts, f) >= 0);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s -o '%s' '%s'",
		 opts, out, src);
	if (system(cmd) != 0)
		fail_msg("dtc failed: %s", cmd);
	bytes = read_file(out, &size);
	b = guarded(bytes, size);
	free(bytes);
	remove(src);
	remove(out);
	return b;
}

static struct blob dtb_from_dts(const char *dts)
{
	return dtb_from_dts_opts(dts, "");
}

/* The device tree QEMU gives the board we target (platform/qemu-virt/). */
static struct blob qemu_virt_dtb(void)
{
	char out[PATH_MAX_LEN];
	char cmd[SHELL_CMD_LEN];
	struct blob b;
	uint8_t *bytes;
	size_t size;

	temp_path(out, sizeof(out), "virt");
	snprintf(cmd, sizeof(cmd),
		 "qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,"
		 "dumpdtb='%s' -cpu cortex-a53 -smp 4 -m 1G -nographic "
		 "</dev/null >/dev/null 2>&1", out);
	if (system(cmd) != 0)
		fail_msg("qemu-system-aarch64 could not dump its DTB: %s", cmd);
	bytes = read_file(out, &size);
	b = guarded(bytes, size);
	free(bytes);
	remove(out);
	return b;
}

static struct fdt open_ok(const struct blob *b)
{
	struct fdt fdt;

	assert_int_equal(fdt_open(&fdt, b->data, b->size), 0);
	return fdt;
}

static int node_at(const struct fdt *fdt, const char *path)
{
	int node = fdt_find_node(fdt, path);

	if (node < 0)
		fail_msg("%s not found: %d", path, node);
	return node;
}

/* Offset, inside the blob, of the first property token of the root. */
static uint32_t first_root_prop(const uint8_t *blob)
{
	/* dtc writes the root as BEGIN_NODE, "" padded to 4: 8 bytes. */
	uint32_t off = get_be32(blob + HDR_OFF_DT_STRUCT) + 8u;

	assert_int_equal(get_be32(blob + off), TOKEN_PROP);
	return off;
}

/* ---- fixture: the test_dts blob ---- */

static int setup_test_dtb(void **state)
{
	struct blob *b = malloc(sizeof(*b));

	if (b == NULL)
		return -1;
	*b = dtb_from_dts(test_dts);
	*state = b;
	return 0;
}

static int teardown_blob(void **state)
{
	struct blob *b = *state;

	release(b);
	free(b);
	return 0;
}

/* ---- header ---- */

static void test_open_accepts_a_dtc_blob(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);

	assert_int_equal(fdt.total_size, b->size);
	assert_int_equal(fdt_header_size(b->data), b->size);
	assert_int_equal(fdt.struct_off, get_be32(b->data + HDR_OFF_DT_STRUCT));
	assert_int_equal(fdt.strings_size,
			 get_be32(b->data + HDR_SIZE_DT_STRINGS));
	assert_int_equal(fdt_root(&fdt), 0);
	assert_string_equal(fdt_node_name(&fdt, fdt_root(&fdt)), "");
}

static void test_open_rejects_bad_magic(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;

	b->data[3] ^= 0x01u;
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_MAGIC);
	assert_int_equal(fdt_header_size(b->data), 0);
	/* A failed open leaves nothing to walk. */
	assert_int_equal(fdt_root(&fdt), FDT_E_NOT_FOUND);
}

static void test_open_rejects_a_truncated_blob(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;

	assert_int_equal(fdt_open(&fdt, b->data, b->size - 1), FDT_E_TRUNCATED);
	assert_int_equal(fdt_open(&fdt, b->data, 35), FDT_E_TRUNCATED);
	assert_int_equal(fdt_open(&fdt, b->data, 0), FDT_E_TRUNCATED);
	assert_int_equal(fdt_open(&fdt, NULL, b->size), FDT_E_TRUNCATED);
	/* The header alone, with a totalsize claiming just that much. */
	put_be32(b->data + HDR_TOTALSIZE, 36);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_TRUNCATED);
}

/* Each header field in turn made to point outside the blob. */
static void test_open_rejects_blocks_outside_the_blob(void **state)
{
	static const struct {
		uint32_t field;
		uint32_t value;
	} cases[] = {
		{ HDR_OFF_DT_STRUCT, 0xfffffff0u },
		{ HDR_SIZE_DT_STRUCT, 0xfffffff0u },
		{ HDR_OFF_DT_STRINGS, 0xfffffff0u },
		{ HDR_SIZE_DT_STRINGS, 0xffffffffu },
		{ HDR_OFF_MEM_RSVMAP, 0xfffffff0u },
		{ HDR_TOTALSIZE, 0xffffffffu },
	};
	struct blob *b = *state;
	struct fdt fdt;
	uint32_t saved;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		saved = get_be32(b->data + cases[i].field);
		put_be32(b->data + cases[i].field, cases[i].value);
		assert_int_equal(fdt_open(&fdt, b->data, b->size),
				 FDT_E_TRUNCATED);
		put_be32(b->data + cases[i].field, saved);
	}
	/* Blocks that end one byte past the blob. */
	saved = get_be32(b->data + HDR_SIZE_DT_STRINGS);
	put_be32(b->data + HDR_SIZE_DT_STRINGS,
		 (uint32_t)b->size - get_be32(b->data + HDR_OFF_DT_STRINGS) + 1);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_TRUNCATED);
	put_be32(b->data + HDR_SIZE_DT_STRINGS, saved);
	put_be32(b->data + HDR_SIZE_DT_STRUCT,
		 (uint32_t)b->size - get_be32(b->data + HDR_OFF_DT_STRUCT) + 1);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_TRUNCATED);
}

static void test_open_checks_the_version(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;

	put_be32(b->data + HDR_VERSION, 15);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_VERSION);
	put_be32(b->data + HDR_VERSION, 17);
	put_be32(b->data + HDR_LAST_COMP, 18);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_VERSION);
	/* A newer version that declares itself compatible with 16 is read. */
	put_be32(b->data + HDR_VERSION, 18);
	put_be32(b->data + HDR_LAST_COMP, 16);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), 0);
}

static void test_open_reads_version_16_blobs(void **state)
{
	struct blob b = dtb_from_dts_opts(test_dts, "-V 16");
	struct fdt fdt = open_ok(&b);
	uint64_t base = 0;
	uint64_t size = 0;

	(void)state;
	assert_int_equal(get_be32(b.data + HDR_VERSION), 16);
	assert_true(fdt_get_reg(&fdt, node_at(&fdt, "/soc/uart@9001000"), 0,
				&base, &size));
	assert_int_equal(base, 0x9001000);
	assert_int_equal(size, 0x1000);
	release(&b);
}

static void test_open_rejects_a_bad_token(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;
	uint32_t off = first_root_prop(b->data);

	put_be32(b->data + off, 0x5u); /* not a token */
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_STRUCTURE);
}

static void test_open_rejects_a_property_running_off_the_block(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;
	uint32_t off = first_root_prop(b->data);

	put_be32(b->data + off + 4, 0x7ffffff0u); /* len */
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_STRUCTURE);
}

/* The accessors re-check what they read, even in a blob that was well
 * formed when it was opened. */
static void test_a_property_length_that_wraps_is_refused(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	uint32_t off = first_root_prop(b->data);
	int prop = fdt_first_prop(&fdt, fdt_root(&fdt));
	uint32_t len = 0;

	assert_non_null(fdt_prop_at(&fdt, prop, NULL, &len));
	assert_int_equal(len, 4);
	/* End offset wraps around to just past the property header. */
	put_be32(b->data + off + 4, 0u - 8u);
	assert_null(fdt_prop_at(&fdt, prop, NULL, &len));
	assert_null(fdt_get_prop(&fdt, fdt_root(&fdt), "#address-cells", &len));
	assert_int_equal(fdt_address_cells(&fdt, fdt_root(&fdt)), 2);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_STRUCTURE);
}

static void test_open_rejects_a_name_outside_the_strings(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;
	uint32_t off = first_root_prop(b->data);

	put_be32(b->data + off + 8, get_be32(b->data + HDR_SIZE_DT_STRINGS));
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_STRUCTURE);
}

/* A strings block that does not end in a NUL: the name that runs to its
 * end is refused (fdt_open proves the names of such a block one by one; a
 * block that ends in a NUL needs no proof per name). */
static void test_a_strings_block_without_its_last_nul(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;
	uint32_t off = first_root_prop(b->data);
	uint32_t strings = get_be32(b->data + HDR_OFF_DT_STRINGS);
	uint32_t size = get_be32(b->data + HDR_SIZE_DT_STRINGS);
	uint32_t last = size - 1u;

	assert_int_equal(fdt_open(&fdt, b->data, b->size), 0);
	assert_true(fdt.strings_end_nul);
	/* The start of the block's last name, given to the first property. */
	while (last > 0u && b->data[strings + last - 1u] != 0)
		last--;
	put_be32(b->data + off + 8, last);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), 0);
	b->data[strings + size - 1u] = 'x';
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_STRUCTURE);
	assert_false(fdt.strings_end_nul);
}

static void test_open_rejects_a_missing_end_token(void **state)
{
	struct blob *b = *state;
	struct fdt fdt;
	uint32_t off = get_be32(b->data + HDR_OFF_DT_STRUCT);
	uint32_t size = get_be32(b->data + HDR_SIZE_DT_STRUCT);

	assert_int_equal(get_be32(b->data + off + size - 4), TOKEN_END);
	put_be32(b->data + HDR_SIZE_DT_STRUCT, size - 4);
	assert_int_equal(fdt_open(&fdt, b->data, b->size), FDT_E_BAD_STRUCTURE);
}

/*
 * Found by tests/fuzz/fuzz_fdt.c: a child whose name holds '/' (or is
 * empty) has a path that names another node or none, so a lookup by path
 * would silently answer with the wrong node. Such blobs do not open.
 */
static void test_open_rejects_names_that_cannot_be_path_components(void **state)
{
	static const char dts[] = "/dts-v1/;\n/ { ab { }; ab_x { }; };\n";
	struct fdt fdt;

	(void)state;
	for (int variant = 0; variant < 2; variant++) {
		struct blob b = dtb_from_dts(dts);
		uint8_t *name = NULL;

		for (size_t i = 0; i + 5 <= b.size && name == NULL; i++) {
			if (memcmp(b.data + i, "ab_x", 5) == 0)
				name = b.data + i;
		}
		assert_non_null(name);
		if (variant == 0)
			name[2] = '/'; /* "ab/x": the path of a child of "ab" */
		else
			name[0] = '\0'; /* "": skipped by path lookups */
		assert_int_equal(fdt_open(&fdt, b.data, b.size),
				 FDT_E_BAD_STRUCTURE);
		release(&b);
	}
}

/* A DTS of `levels` nodes nested in each other, the root counting as one. */
static char *nested_dts(unsigned levels)
{
	size_t cap = 64 + (size_t)levels * 16;
	char *s = malloc(cap);
	size_t len;
	unsigned i;

	assert_non_null(s);
	len = (size_t)snprintf(s, cap, "/dts-v1/;\n/ {");
	for (i = 1; i < levels; i++)
		len += (size_t)snprintf(s + len, cap - len, " n%u {", i);
	for (i = 0; i < levels; i++)
		len += (size_t)snprintf(s + len, cap - len, " };");
	snprintf(s + len, cap - len, "\n");
	return s;
}

static void test_nesting_up_to_the_limit_is_accepted(void **state)
{
	char *dts = nested_dts(FDT_MAX_DEPTH);
	struct blob b = dtb_from_dts(dts);
	struct fdt fdt = open_ok(&b);
	char path[PATH_MAX_LEN];
	char want[PATH_MAX_LEN] = "";
	unsigned i;
	int node;

	(void)state;
	for (i = 1; i < FDT_MAX_DEPTH; i++)
		snprintf(want + strlen(want), sizeof(want) - strlen(want),
			 "/n%u", i);
	node = node_at(&fdt, want);
	assert_int_equal(fdt_first_child(&fdt, node), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_node_path(&fdt, node, path, sizeof(path)), 0);
	assert_string_equal(path, want);
	assert_true(fdt_parent(&fdt, node) > 0);
	release(&b);
	free(dts);
}

static void test_nesting_beyond_the_limit_is_rejected(void **state)
{
	char *dts = nested_dts(FDT_MAX_DEPTH + 1);
	struct blob b = dtb_from_dts(dts);
	struct fdt fdt;

	(void)state;
	assert_int_equal(fdt_open(&fdt, b.data, b.size), FDT_E_TOO_DEEP);
	release(&b);
	free(dts);
}

/* ---- walking ---- */

static void test_children_are_visited_in_document_order(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int root = fdt_root(&fdt);
	int node = fdt_first_child(&fdt, root);
	size_t i;

	for (i = 0; i < ROOT_CHILD_COUNT; i++) {
		assert_true(node > 0);
		assert_string_equal(fdt_node_name(&fdt, node), root_children[i]);
		assert_int_equal(fdt_parent(&fdt, node), root);
		node = fdt_next_sibling(&fdt, node);
	}
	assert_int_equal(node, FDT_E_NOT_FOUND);
	assert_int_equal(fdt_next_sibling(&fdt, root), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_parent(&fdt, root), FDT_E_NOT_FOUND);
}

static void test_grandchildren_know_their_parent(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int soc = node_at(&fdt, "/soc");
	int uart0 = fdt_first_child(&fdt, soc);
	int uart1 = fdt_next_sibling(&fdt, uart0);
	int timer = fdt_next_sibling(&fdt, uart1);

	assert_string_equal(fdt_node_name(&fdt, uart0), "uart@9000000");
	assert_string_equal(fdt_node_name(&fdt, uart1), "uart@9001000");
	assert_string_equal(fdt_node_name(&fdt, timer), "timer");
	assert_int_equal(fdt_next_sibling(&fdt, timer), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_first_child(&fdt, timer), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_parent(&fdt, timer), soc);
	/* The node after soc's subtree is its sibling, not a nephew. */
	assert_string_equal(fdt_node_name(&fdt, fdt_next_sibling(&fdt, soc)),
			    "cpus");
}

static void test_offsets_that_are_not_nodes_are_refused(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int prop = fdt_first_prop(&fdt, fdt_root(&fdt));
	char path[PATH_MAX_LEN];

	assert_true(prop > 0);
	assert_null(fdt_node_name(&fdt, prop));
	assert_null(fdt_node_name(&fdt, -1));
	assert_null(fdt_node_name(&fdt, 2));              /* unaligned */
	assert_null(fdt_node_name(&fdt, (int)fdt.struct_size));
	assert_true(fdt_first_child(&fdt, prop) < 0);
	assert_true(fdt_next_sibling(&fdt, prop) < 0);
	assert_true(fdt_parent(&fdt, prop) < 0);
	assert_true(fdt_node_path(&fdt, prop, path, sizeof(path)) < 0);
	assert_true(fdt_first_prop(&fdt, 0x7ffffff0) < 0);
	assert_null(fdt_prop_at(&fdt, 0, NULL, NULL)); /* a node, not a prop */
}

static void test_an_unopened_tree_fails_every_call(void **state)
{
	struct blob *b = *state;
	struct fdt zeroed = { 0 };
	struct fdt failed;
	const struct fdt *trees[] = { NULL, &zeroed, &failed };
	char path[PATH_MAX_LEN];
	uint64_t base = 0;
	uint32_t v = 0;
	size_t i;

	b->data[0] ^= 0xffu;
	assert_int_equal(fdt_open(&failed, b->data, b->size), FDT_E_BAD_MAGIC);
	for (i = 0; i < ARRAY_SIZE(trees); i++) {
		const struct fdt *t = trees[i];

		assert_true(fdt_root(t) < 0);
		assert_true(fdt_first_child(t, 0) < 0);
		assert_true(fdt_next_sibling(t, 0) < 0);
		assert_true(fdt_parent(t, 0) < 0);
		assert_null(fdt_node_name(t, 0));
		assert_true(fdt_find_node(t, "/") < 0);
		assert_true(fdt_node_path(t, 0, path, sizeof(path)) < 0);
		assert_true(fdt_first_prop(t, 0) < 0);
		assert_true(fdt_next_prop(t, 0) < 0);
		assert_null(fdt_prop_at(t, 0, NULL, NULL));
		assert_null(fdt_get_prop(t, 0, "reg", NULL));
		assert_false(fdt_get_u32(t, 0, "reg", &v));
		assert_null(fdt_get_string(t, 0, "model"));
		assert_false(fdt_prop_has_string(t, 0, "compatible", "x"));
		assert_true(fdt_find_compatible(t, -1, "x") < 0);
		assert_int_equal(fdt_address_cells(t, 0), 2);
		assert_int_equal(fdt_size_cells(t, 0), 1);
		assert_false(fdt_get_reg(t, 0, 0, &base, &base));
	}
}

/* ---- paths ---- */

static void test_find_node_by_full_path(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);

	assert_int_equal(fdt_find_node(&fdt, "/"), fdt_root(&fdt));
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/soc")), "soc");
	assert_string_equal(
		fdt_node_name(&fdt, node_at(&fdt, "/soc/uart@9001000")),
		"uart@9001000");
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/soc/timer")),
			    "timer");
	assert_int_equal(fdt_find_node(&fdt, "/soc/"), node_at(&fdt, "/soc"));
	assert_int_equal(fdt_find_node(&fdt, "//soc//timer"),
			 node_at(&fdt, "/soc/timer"));
}

static void test_find_node_without_unit_address(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);

	/* The first node of that name, whatever its unit address. */
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/memory")),
			    "memory@40000000");
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/soc/uart")),
			    "uart@9000000");
	/* A node named exactly so wins over one with a unit address. */
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/exact")),
			    "exact");
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/exact@1")),
			    "exact@1");
}

/* When the first candidate for a component lacks the rest of the path,
 * the lookup tries the next one: exact names first, then unit addresses
 * in document order. */
static void test_find_node_tries_every_matching_sibling(void **state)
{
	static const char dts[] =
		"/dts-v1/;\n/ { a@1 { x { }; }; a@2 { y { }; };\n"
		"\tb { }; b@1 { c { }; };\n"
		"\td@1 { e@1 { }; }; d@2 { e@2 { f { }; }; }; };\n";
	struct blob b = dtb_from_dts(dts);
	struct fdt fdt = open_ok(&b);

	(void)state;
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/a/x")), "x");
	assert_int_equal(fdt_parent(&fdt, node_at(&fdt, "/a/y")),
			 node_at(&fdt, "/a@2"));
	assert_int_equal(fdt_parent(&fdt, node_at(&fdt, "/b/c")),
			 node_at(&fdt, "/b@1"));
	assert_string_equal(fdt_node_name(&fdt, node_at(&fdt, "/b")), "b");
	assert_int_equal(fdt_parent(&fdt, node_at(&fdt, "/d/e/f")),
			 node_at(&fdt, "/d@2/e@2"));
	assert_int_equal(fdt_find_node(&fdt, "/a/z"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "/d/e/g"), FDT_E_NOT_FOUND);
	release(&b);
}

static void test_find_node_misses(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);

	assert_int_equal(fdt_find_node(&fdt, "/nonexistent"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "/mem"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "/memory@4"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "/memory@40000000x"),
			 FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "/uart@9000000"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "/soc/timer/x"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, "soc"), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, ""), FDT_E_NOT_FOUND);
	assert_int_equal(fdt_find_node(&fdt, NULL), FDT_E_NOT_FOUND);
}

static void test_node_path_names_every_node_findably(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	char path[PATH_MAX_LEN];
	int count = 0;
	int node;

	for (node = fdt_root(&fdt); node >= 0 && count < 100; count++) {
		assert_int_equal(fdt_node_path(&fdt, node, path, sizeof(path)),
				 0);
		assert_int_equal(fdt_find_node(&fdt, path), node);
		/* Next node in document order: the first child, else the
		 * next sibling of the node or of its nearest ancestor. */
		if (fdt_first_child(&fdt, node) >= 0) {
			node = fdt_first_child(&fdt, node);
			continue;
		}
		while (node >= 0 && fdt_next_sibling(&fdt, node) < 0)
			node = fdt_parent(&fdt, node);
		if (node >= 0)
			node = fdt_next_sibling(&fdt, node);
	}
	assert_int_equal(count, 21); /* every node of test_dts */
}

static void test_node_path_text_and_buffer_size(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	const char *want = "/soc/uart@9001000";
	int uart = node_at(&fdt, "/soc/uart");
	char path[PATH_MAX_LEN];

	uart = fdt_next_sibling(&fdt, uart);
	assert_int_equal(fdt_node_path(&fdt, uart, path, sizeof(path)), 0);
	assert_string_equal(path, want);
	assert_int_equal(fdt_node_path(&fdt, uart, path, strlen(want) + 1), 0);
	assert_string_equal(path, want);
	assert_int_equal(fdt_node_path(&fdt, uart, path, strlen(want)),
			 FDT_E_NO_SPACE);
	assert_string_equal(path, ""); /* never a truncated path */
	assert_int_equal(fdt_node_path(&fdt, uart, path, 0), FDT_E_NO_SPACE);

	assert_int_equal(fdt_node_path(&fdt, fdt_root(&fdt), path, 2), 0);
	assert_string_equal(path, "/");
	assert_int_equal(fdt_node_path(&fdt, fdt_root(&fdt), path, 1),
			 FDT_E_NO_SPACE);
}

/* ---- properties ---- */

static void test_properties_are_listed_in_order(void **state)
{
	static const struct {
		const char *name;
		uint32_t len;
	} want[] = {
		{ "one", 6 }, { "two", 5 }, { "u32", 4 }, { "u64", 8 },
		{ "bytes", 3 },
	};
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int prop = fdt_first_prop(&fdt, node_at(&fdt, "/props"));
	const char *name = NULL;
	uint32_t len = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		assert_true(prop >= 0);
		assert_non_null(fdt_prop_at(&fdt, prop, &name, &len));
		assert_string_equal(name, want[i].name);
		assert_int_equal(len, want[i].len);
		prop = fdt_next_prop(&fdt, prop);
	}
	assert_int_equal(prop, FDT_E_NOT_FOUND);
	/* A node with children but no properties of its own. */
	assert_int_equal(fdt_first_prop(&fdt, node_at(&fdt, "/exact")),
			 FDT_E_NOT_FOUND);
}

static void test_get_prop_by_name(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int uart = node_at(&fdt, "/soc/uart@9000000");
	const uint8_t *v;
	uint32_t len = 99;

	v = fdt_get_prop(&fdt, uart, "status", &len);
	assert_non_null(v);
	assert_int_equal(len, 5);
	assert_memory_equal(v, "okay", 5);
	/* A property with no value is present, with length 0. */
	assert_non_null(fdt_get_prop(&fdt, uart, "empty-prop", &len));
	assert_int_equal(len, 0);
	assert_non_null(fdt_get_prop(&fdt, uart, "reg", NULL));
	assert_null(fdt_get_prop(&fdt, uart, "absent", &len));
	assert_null(fdt_get_prop(&fdt, uart, "statu", &len));
	/* Properties of other nodes are not found here. */
	assert_null(fdt_get_prop(&fdt, uart, "model", &len));
	assert_null(fdt_get_prop(&fdt, uart, "#address-cells", &len));
}

static void test_string_properties(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int props = node_at(&fdt, "/props");
	int uart = node_at(&fdt, "/soc/uart");

	assert_string_equal(fdt_get_string(&fdt, props, "one"), "hello");
	assert_null(fdt_get_string(&fdt, props, "two"));   /* a list */
	assert_null(fdt_get_string(&fdt, props, "u32"));   /* no NUL */
	assert_null(fdt_get_string(&fdt, props, "absent"));
	assert_null(fdt_get_string(&fdt, uart, "empty-prop"));
	assert_string_equal(fdt_get_string(&fdt, fdt_root(&fdt), "model"),
			    "shikiri-test");
}

static void test_string_lists(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int props = node_at(&fdt, "/props");
	int uart = node_at(&fdt, "/soc/uart");

	assert_true(fdt_prop_has_string(&fdt, uart, "compatible", "arm,pl011"));
	assert_true(fdt_prop_has_string(&fdt, uart, "compatible",
					"arm,primecell"));
	assert_false(fdt_prop_has_string(&fdt, uart, "compatible", "arm,pl01"));
	assert_false(fdt_prop_has_string(&fdt, uart, "compatible",
					 "arm,pl011x"));
	assert_false(fdt_prop_has_string(&fdt, uart, "compatible", ""));
	assert_true(fdt_prop_has_string(&fdt, props, "two", "a"));
	assert_true(fdt_prop_has_string(&fdt, props, "two", "bc"));
	assert_false(fdt_prop_has_string(&fdt, props, "two", "b"));
	assert_true(fdt_prop_has_string(&fdt, props, "one", "hello"));
	/* Values that are not NUL-terminated strings never match. */
	assert_false(fdt_prop_has_string(&fdt, props, "bytes", "\x01\x02\x03"));
	assert_false(fdt_prop_has_string(&fdt, uart, "absent", "x"));
}

static void test_cells_and_numbers(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int props = node_at(&fdt, "/props");
	uint32_t v = 0;
	uint32_t len = 0;
	const void *p;

	assert_true(fdt_get_u32(&fdt, props, "u32", &v));
	assert_int_equal(v, 0x12345678u);
	assert_false(fdt_get_u32(&fdt, props, "u64", &v));
	assert_false(fdt_get_u32(&fdt, props, "bytes", &v));
	assert_false(fdt_get_u32(&fdt, props, "absent", &v));
	p = fdt_get_prop(&fdt, props, "u64", &len);
	assert_int_equal(len, 8);
	assert_int_equal(fdt_read_cells(p, 2), 0x1122334455667788ull);
	assert_int_equal(fdt_read_cells(p, 1), 0x11223344u);
	assert_int_equal(fdt_read_cells(p, 3), 0);
	assert_int_equal(fdt_read_cells(p, 0), 0);
}

static void test_address_and_size_cells(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);

	assert_int_equal(fdt_address_cells(&fdt, fdt_root(&fdt)), 2);
	assert_int_equal(fdt_size_cells(&fdt, fdt_root(&fdt)), 2);
	assert_int_equal(fdt_address_cells(&fdt, node_at(&fdt, "/soc")), 1);
	assert_int_equal(fdt_size_cells(&fdt, node_at(&fdt, "/soc")), 1);
	assert_int_equal(fdt_address_cells(&fdt, node_at(&fdt, "/cpus")), 1);
	assert_int_equal(fdt_size_cells(&fdt, node_at(&fdt, "/cpus")), 0);
	/* No properties: the specification's defaults, not the parent's. */
	assert_int_equal(fdt_address_cells(&fdt, node_at(&fdt, "/defaults")),
			 2);
	assert_int_equal(fdt_size_cells(&fdt, node_at(&fdt, "/defaults")), 1);
}

static void assert_reg(const struct fdt *fdt, const char *path,
		       uint32_t index, uint64_t want_base, uint64_t want_size)
{
	uint64_t base = 0;
	uint64_t size = 0;

	if (!fdt_get_reg(fdt, node_at(fdt, path), index, &base, &size))
		fail_msg("%s reg[%u] not decoded", path, index);
	assert_int_equal(base, want_base);
	assert_int_equal(size, want_size);
}

static void test_reg_is_decoded_with_the_parent_cells(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);

	assert_reg(&fdt, "/memory@40000000", 0, 0x40000000, 0x20000000);
	assert_reg(&fdt, "/memory@40000000", 1, 0x100000000ull, 0x10000000);
	assert_reg(&fdt, "/soc/uart@9000000", 0, 0x9000000, 0x1000);
	assert_reg(&fdt, "/defaults/dev@1000", 0, 0x1000, 0x100);
	/* #size-cells = <0>, as under /cpus: a size of 0. */
	assert_reg(&fdt, "/cpus/cpu@1", 0, 1, 0);
}

static void test_reg_with_the_parent_given(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int soc = fdt_find_node(&fdt, "/soc");
	int uart = fdt_find_node(&fdt, "/soc/uart@9000000");
	uint64_t base = 0;
	uint64_t size = 0;

	assert_true(fdt_get_reg_in(&fdt, soc, uart, 0, &base, &size));
	assert_int_equal(base, 0x9000000);
	assert_int_equal(size, 0x1000);
	/* No parent, no decoding. */
	assert_false(fdt_get_reg_in(&fdt, FDT_E_NOT_FOUND, uart, 0, &base,
				    &size));
}

static void test_reg_refuses_what_it_cannot_decode(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	uint64_t base = 0;
	uint64_t size = 0;

	/* Past the last entry. */
	assert_false(fdt_get_reg(&fdt, node_at(&fdt, "/memory@40000000"), 2,
				 &base, &size));
	/* Three address cells (PCI-style). */
	assert_false(fdt_get_reg(&fdt, node_at(&fdt, "/wide/dev@0"), 0, &base,
				 &size));
	/* Zero address cells. */
	assert_false(fdt_get_reg(&fdt, node_at(&fdt, "/no-addr/dev"), 0, &base,
				 &size));
	/* Length not a multiple of one entry. */
	assert_false(fdt_get_reg(&fdt, node_at(&fdt, "/odd/bad-reg@0"), 0,
				 &base, &size));
	/* No reg property; and the root, which has no parent. */
	assert_false(fdt_get_reg(&fdt, node_at(&fdt, "/soc/timer"), 0, &base,
				 &size));
	assert_false(fdt_get_reg(&fdt, fdt_root(&fdt), 0, &base, &size));
}

static void test_find_compatible_in_document_order(void **state)
{
	struct blob *b = *state;
	struct fdt fdt = open_ok(b);
	int n;

	n = fdt_find_compatible(&fdt, -1, "arm,pl011");
	assert_int_equal(n, node_at(&fdt, "/soc/uart@9000000"));
	n = fdt_find_compatible(&fdt, n, "arm,pl011");
	assert_int_equal(n, node_at(&fdt, "/soc/uart@9001000"));
	assert_int_equal(fdt_find_compatible(&fdt, n, "arm,pl011"),
			 FDT_E_NOT_FOUND);
	/* The root itself is a candidate when starting from the beginning. */
	assert_int_equal(fdt_find_compatible(&fdt, -1, "shikiri,generic"),
			 fdt_root(&fdt));
	assert_int_equal(fdt_find_compatible(&fdt, -1, "simple-bus"),
			 node_at(&fdt, "/soc"));
	assert_int_equal(fdt_find_compatible(&fdt, -1, "arm,pl"),
			 FDT_E_NOT_FOUND);
}

static void test_reads_an_unaligned_blob(void **state)
{
	struct blob *b = *state;
	uint8_t *buf = malloc(b->size + 1);
	uint64_t base = 0;
	uint64_t size = 0;
	struct fdt fdt;

	assert_non_null(buf);
	memcpy(buf + 1, b->data, b->size);
	assert_int_equal(fdt_open(&fdt, buf + 1, b->size), 0);
	assert_true(fdt_get_reg(&fdt, node_at(&fdt, "/memory"), 1, &base,
				&size));
	assert_int_equal(base, 0x100000000ull);
	assert_int_equal(size, 0x10000000);
	free(buf);
}

/* ---- QEMU's own tree ---- */

static void test_qemu_virt_tree(void **state)
{
	struct blob b = qemu_virt_dtb();
	struct fdt fdt = open_ok(&b);
	const char *stdout_path;
	char path[PATH_MAX_LEN];
	uint64_t base = 0;
	uint64_t size = 0;
	uint32_t cpus = 0;
	int uart;
	int cpu;

	(void)state;
	/* QEMU pads the blob: the header size counts, not the content. */
	assert_int_equal(fdt_header_size(b.data), b.size);
	uart = fdt_find_compatible(&fdt, -1, "arm,pl011");
	assert_true(uart >= 0);
	assert_true(fdt_get_reg(&fdt, uart, 0, &base, &size));
	assert_int_equal(base, 0x09000000);
	assert_int_equal(size, 0x1000);
	stdout_path = fdt_get_string(&fdt, node_at(&fdt, "/chosen"),
				     "stdout-path");
	assert_non_null(stdout_path);
	assert_int_equal(fdt_find_node(&fdt, stdout_path), uart);
	assert_int_equal(fdt_node_path(&fdt, uart, path, sizeof(path)), 0);
	assert_string_equal(path, stdout_path);

	assert_reg(&fdt, "/memory", 0, 0x40000000, 0x40000000);
	assert_reg(&fdt, "/intc", 0, 0x08000000, 0x10000);
	assert_true(fdt_prop_has_string(&fdt, node_at(&fdt, "/intc"),
					"compatible", "arm,gic-v3"));
	assert_string_equal(fdt_get_string(&fdt, node_at(&fdt, "/psci"),
					   "method"), "smc");

	for (cpu = fdt_first_child(&fdt, node_at(&fdt, "/cpus")); cpu >= 0;
	     cpu = fdt_next_sibling(&fdt, cpu)) {
		if (!fdt_prop_has_string(&fdt, cpu, "device_type", "cpu"))
			continue; /* cpu-map */
		assert_true(fdt_get_reg(&fdt, cpu, 0, &base, &size));
		assert_int_equal(base, cpus);
		cpus++;
	}
	assert_int_equal(cpus, 4);
	release(&b);
}

/* ---- hostile blobs ---- */

/* xorshift64: a fixed seed makes every run corrupt the same bytes. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

#define WALK_LIMIT 10000

/* Calls every accessor on one node; results only need to be sane. */
static void poke_node(const struct fdt *fdt, int node)
{
	char path[PATH_MAX_LEN];
	char tiny[4];
	const char *name;
	uint64_t base;
	uint64_t size;
	uint32_t len;
	uint32_t v;
	int prop;
	int n;

	name = fdt_node_name(fdt, node);
	if (name != NULL)
		assert_true(strlen(name) < fdt->struct_size);
	if (fdt_node_path(fdt, node, path, sizeof(path)) == 0) {
		assert_true(strlen(path) < sizeof(path));
		(void)fdt_find_node(fdt, path);
	}
	(void)fdt_node_path(fdt, node, tiny, sizeof(tiny));
	(void)fdt_parent(fdt, node);
	(void)fdt_first_child(fdt, node);
	(void)fdt_next_sibling(fdt, node);
	for (prop = fdt_first_prop(fdt, node), n = 0; prop >= 0 && n < WALK_LIMIT;
	     prop = fdt_next_prop(fdt, prop), n++) {
		if (fdt_prop_at(fdt, prop, &name, &len) != NULL) {
			assert_non_null(name);
			assert_true(len <= fdt->struct_size);
			(void)fdt_get_string(fdt, node, name);
			(void)fdt_prop_has_string(fdt, node, name, "arm,pl011");
		}
	}
	assert_true(n < WALK_LIMIT);
	(void)fdt_get_u32(fdt, node, "#address-cells", &v);
	(void)fdt_address_cells(fdt, node);
	(void)fdt_size_cells(fdt, node);
	for (v = 0; v < 3; v++)
		(void)fdt_get_reg(fdt, node, v, &base, &size);
}

/* Runs the whole API over a possibly corrupted tree. */
static void poke_everything(const struct fdt *fdt, uint64_t *rng)
{
	int node;
	int n;
	int off;

	/* Document order via find_compatible with a string no node has:
	 * walks to the end; then the same via the children/sibling API. */
	(void)fdt_find_compatible(fdt, -1, "no-such-device");
	for (node = fdt_find_compatible(fdt, -1, "arm,pl011"), n = 0;
	     node >= 0 && n < WALK_LIMIT;
	     node = fdt_find_compatible(fdt, node, "arm,pl011"), n++)
		poke_node(fdt, node);
	assert_true(n < WALK_LIMIT);
	node = fdt_root(fdt);
	for (n = 0; node >= 0 && n < WALK_LIMIT; n++) {
		poke_node(fdt, node);
		off = fdt_first_child(fdt, node);
		node = off >= 0 ? off : fdt_next_sibling(fdt, node);
	}
	assert_true(n < WALK_LIMIT);
	(void)fdt_find_node(fdt, "/soc/uart");
	(void)fdt_find_node(fdt, "/memory");
	(void)fdt_find_node(fdt, "/chosen");
	/* Offsets no caller should pass: anywhere, aligned or not. */
	for (n = 0; n < 16; n++) {
		off = (int)(rng_next(rng) % (fdt->struct_size + 16u)) - 8;
		poke_node(fdt, off);
		(void)fdt_next_prop(fdt, off);
		(void)fdt_prop_at(fdt, off, NULL, NULL);
		(void)fdt_find_compatible(fdt, off, "arm,pl011");
	}
}

static void corrupt_and_poke(const struct blob *pristine, size_t span,
			     unsigned rounds, uint64_t seed)
{
	struct blob b = guarded(pristine->data, pristine->size);
	uint64_t rng = seed;
	unsigned opened = 0;
	unsigned refused = 0;
	unsigned round;
	struct fdt fdt;

	for (round = 0; round < rounds; round++) {
		unsigned flips = 1u + (unsigned)(rng_next(&rng) % 8u);
		unsigned i;
		int err;

		memcpy(b.data, pristine->data, b.size);
		for (i = 0; i < flips; i++)
			b.data[rng_next(&rng) % span] ^=
				(uint8_t)(1u << (rng_next(&rng) % 8u));
		err = fdt_open(&fdt, b.data, b.size);
		if (err == 0) {
			opened++;
		} else {
			refused++;
			/* Structure errors come after the header checks, so
			 * the block bounds are valid: make the accessors face
			 * the malformed structure directly. */
			if (err != FDT_E_BAD_STRUCTURE && err != FDT_E_TOO_DEEP)
				continue;
			fdt.blob = b.data;
		}
		poke_everything(&fdt, &rng);
	}
	/* Both paths were exercised. */
	assert_true(opened > rounds / 10);
	assert_true(refused > rounds / 10);
	release(&b);
}

static void test_corrupted_blobs_never_crash(void **state)
{
	struct blob *b = *state;

	corrupt_and_poke(b, b->size, 3000, 0x5eed5eed12345678ull);
}

static void test_corrupted_qemu_blob_never_crashes(void **state)
{
	struct blob b = qemu_virt_dtb();
	uint32_t used = get_be32(b.data + HDR_OFF_DT_STRINGS) +
			get_be32(b.data + HDR_SIZE_DT_STRINGS);

	(void)state;
	/* Corrupt only the bytes in use, not QEMU's padding. */
	corrupt_and_poke(&b, used, 150, 0x0123456789abcdefull);
	release(&b);
}

/* Every error code has its own words: the boot log and the packer print
 * them instead of a number. */
static void test_every_error_has_words(void **state)
{
	static const int codes[] = {
		FDT_E_NOT_FOUND, FDT_E_BAD_MAGIC, FDT_E_BAD_VERSION,
		FDT_E_TRUNCATED, FDT_E_BAD_STRUCTURE, FDT_E_TOO_DEEP,
		FDT_E_NO_SPACE,
	};
	const size_t n = ARRAY_SIZE(codes);

	(void)state;
	assert_string_equal(fdt_strerror(FDT_E_TRUNCATED), "truncated");
	assert_string_equal(fdt_strerror(FDT_E_BAD_MAGIC), "bad magic");
	for (size_t i = 0; i < n; i++) {
		assert_string_not_equal(fdt_strerror(codes[i]), "unknown error");
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(fdt_strerror(codes[i]),
						fdt_strerror(codes[j]));
	}
	assert_string_equal(fdt_strerror(0), "unknown error");
	assert_string_equal(fdt_strerror(-100), "unknown error");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_test_dtb, teardown_blob)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_open_accepts_a_dtc_blob),
		T(test_open_rejects_bad_magic),
		T(test_open_rejects_a_truncated_blob),
		T(test_open_rejects_blocks_outside_the_blob),
		T(test_open_checks_the_version),
		cmocka_unit_test(test_open_reads_version_16_blobs),
		T(test_open_rejects_a_bad_token),
		T(test_open_rejects_a_property_running_off_the_block),
		T(test_a_property_length_that_wraps_is_refused),
		T(test_open_rejects_a_name_outside_the_strings),
		T(test_a_strings_block_without_its_last_nul),
		T(test_open_rejects_a_missing_end_token),
		cmocka_unit_test(test_open_rejects_names_that_cannot_be_path_components),
		cmocka_unit_test(test_nesting_up_to_the_limit_is_accepted),
		cmocka_unit_test(test_nesting_beyond_the_limit_is_rejected),
		T(test_children_are_visited_in_document_order),
		T(test_grandchildren_know_their_parent),
		T(test_offsets_that_are_not_nodes_are_refused),
		T(test_an_unopened_tree_fails_every_call),
		T(test_find_node_by_full_path),
		T(test_find_node_without_unit_address),
		T(test_find_node_misses),
		cmocka_unit_test(test_find_node_tries_every_matching_sibling),
		T(test_node_path_names_every_node_findably),
		T(test_node_path_text_and_buffer_size),
		T(test_properties_are_listed_in_order),
		T(test_get_prop_by_name),
		T(test_string_properties),
		T(test_string_lists),
		T(test_cells_and_numbers),
		T(test_address_and_size_cells),
		T(test_reg_is_decoded_with_the_parent_cells),
		T(test_reg_with_the_parent_given),
		T(test_reg_refuses_what_it_cannot_decode),
		T(test_find_compatible_in_document_order),
		T(test_reads_an_unaligned_blob),
		cmocka_unit_test(test_qemu_virt_tree),
		T(test_corrupted_blobs_never_crash),
		cmocka_unit_test(test_corrupted_qemu_blob_never_crashes),
		cmocka_unit_test(test_every_error_has_words),
	};

	return cmocka_run_group_tests_name("fdt", tests, NULL, NULL);
}
