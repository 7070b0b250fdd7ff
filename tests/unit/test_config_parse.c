/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the configuration parser (tools/config_parse.c and the
 * schema tables in tools/config_schema.c). Each test takes a valid DTS text,
 * changes one thing, compiles it with dtc at test time and checks the exact
 * errors (count, node path, wording) or the parsed values.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

/* The tool's headers live in tools/, which is not on the include path. */
#include "../../tools/config_load.h"
#include "../../tools/config_parse.h"

#define MAX_REPORTS 16u
#define TEXT_MAX    512u
#define DTS_MAX     16384u

#define HEARTBEAT_SIZE 5000u
#define GUEST_DTB_SIZE 1000u
#define LOCAL_SIZE     3000u
#define SHADOW_SIZE    7000u

static const char base_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	compatible = \"shikiri,system-v1\";\n"
	"	platform {\n"
	"		cpus = <4>;\n"
	"		memory = <0x0 0x40000000 0x0 0x40000000>, <0x1 0x0 0x0 0x10000000>;\n"
	"	};\n"
	"	hypervisor {\n"
	"		memory = <0x0 0x40000000 0x0 0x01000000>;\n"
	"	};\n"
	"	partitions {\n"
	"		alpha {\n"
	"			cpus = <1>;\n"
	"			memory {\n"
	"				ram { phys = <0x0 0x41000000>; guest = <0x40000000>; size = /bits/ 64 <0x01000000>; };\n"
	"			};\n"
	"			devices {\n"
	"				uart { phys = <0x0 0x09040000>; guest = <0x09000000>; size = <0x1000>; interrupts = <40 41>; dma = \"none\"; };\n"
	"			};\n"
	"			images {\n"
	"				kernel { file = \"heartbeat.bin\"; load = <0x0 0x40000000>; };\n"
	"				dtb { file = \"guest.dtb\"; load = <0x40f00000>; };\n"
	"			};\n"
	"		};\n"
	"		beta {\n"
	"			cpus = <2 3>;\n"
	"			console = \"none\";\n"
	"			fault-policy = \"halt-system\";\n"
	"			virtual-pci-ecam = <0x0 0x70000000>;\n"
	"			virtual-pci-window = <0x0 0x60000000 0x0 0x01000000>;\n"
	"			memory {\n"
	"				ram { phys = <0x1 0x0>; guest = <0x0 0x40000000>; size = <0x0 0x02000000>; access = \"rx\"; };\n"
	"				data { phys = <0x42000000>; guest = <0x50000000>; size = <0x100000>; access = \"rw\"; };\n"
	"			};\n"
	"			images {\n"
	"				kernel { file = \"heartbeat.bin\"; load = <0x40000000>; };\n"
	"			};\n"
	"		};\n"
	"	};\n"
	"};\n";

struct report {
	char path[TEXT_MAX];
	char msg[TEXT_MAX];
};

/* Shared by every test: the image directory (-I) and the config's own. */
static struct {
	char image_dir[64];
	char config_dir[64];
	unsigned count;
	struct report r[MAX_REPORTS];
	struct config_parsed parsed;
} g;

static void collect(void *ctx, const char *path, const char *msg)
{
	(void)ctx;
	if (g.count < MAX_REPORTS) {
		snprintf(g.r[g.count].path, TEXT_MAX, "%s", path);
		snprintf(g.r[g.count].msg, TEXT_MAX, "%s", msg);
	}
	g.count++;
}

static void write_file(const char *dir, const char *name, size_t size)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < size; i++)
		fputc((int)(i & 0xffu), f);
	fclose(f);
}

static void remove_file(const char *dir, const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static int group_setup(void **state)
{
	(void)state;
	snprintf(g.image_dir, sizeof(g.image_dir), "/tmp/sk_parse_img.XXXXXX");
	snprintf(g.config_dir, sizeof(g.config_dir), "/tmp/sk_parse_cfg.XXXXXX");
	if (mkdtemp(g.image_dir) == NULL || mkdtemp(g.config_dir) == NULL)
		return -1;
	write_file(g.image_dir, "heartbeat.bin", HEARTBEAT_SIZE);
	write_file(g.image_dir, "guest.dtb", GUEST_DTB_SIZE);
	write_file(g.image_dir, "empty.bin", 0);
	write_file(g.config_dir, "local.dtb", LOCAL_SIZE);
	/* Same name as in the -I directory: the -I one must win. */
	write_file(g.config_dir, "heartbeat.bin", SHADOW_SIZE);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	remove_file(g.image_dir, "heartbeat.bin");
	remove_file(g.image_dir, "guest.dtb");
	remove_file(g.image_dir, "empty.bin");
	remove_file(g.config_dir, "local.dtb");
	remove_file(g.config_dir, "heartbeat.bin");
	remove_file(g.config_dir, "test.dts");
	rmdir(g.image_dir);
	rmdir(g.config_dir);
	return 0;
}

/* Compiles dts with dtc (through the tool's loader). */
static uint8_t *compile(const char *dts, size_t *size)
{
	char path[256];
	struct diag d = { "test.dts", 0 };
	uint8_t *blob = NULL;
	FILE *f;

	snprintf(path, sizeof(path), "%s/test.dts", g.config_dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(dts, f);
	fclose(f);
	assert_int_equal(config_load_dtb(path, &blob, size, &d), 0);
	return blob;
}

static unsigned parse_blob(const uint8_t *blob, size_t size)
{
	const char *dirs[] = { g.image_dir };
	struct config_search search = { dirs, 1, g.config_dir };

	g.count = 0;
	memset(g.r, 0, sizeof(g.r));
	return config_parse(blob, size, &search, &g.parsed, collect, NULL);
}

/* What shikiri-pack does: the schema, then (if it passed) config_check
 * against the configuration's own /platform. Name rules are the latter's,
 * so the hypervisor applies them at boot too. */
static unsigned pack_check_blob(const uint8_t *blob, size_t size)
{
	struct sk_platform_facts facts;
	unsigned n = parse_blob(blob, size);

	if (n != 0u)
		return n;
	config_platform_from_config(&g.parsed.cfg, &facts);
	return config_check(&g.parsed.cfg, &facts, collect, NULL);
}

static unsigned parse_text(const char *dts)
{
	size_t size = 0;
	uint8_t *blob = compile(dts, &size);
	unsigned n = parse_blob(blob, size);

	free(blob);
	assert_int_equal(n, g.count);
	return n;
}

/* base_dts with the first occurrence of from replaced by to. */
static char *variant(const char *from, const char *to)
{
	const char *at = strstr(base_dts, from);
	char *out = malloc(DTS_MAX);
	int n;

	assert_non_null(at);
	assert_non_null(out);
	n = snprintf(out, DTS_MAX, "%.*s%s%s", (int)(at - base_dts), base_dts,
		     to, at + strlen(from));
	assert_true(n > 0 && (size_t)n < DTS_MAX);
	return out;
}

static unsigned parse_variant(const char *from, const char *to)
{
	char *dts = variant(from, to);
	unsigned n = parse_text(dts);

	free(dts);
	return n;
}

static unsigned pack_check_variant(const char *from, const char *to)
{
	char *dts = variant(from, to);
	size_t size = 0;
	uint8_t *blob = compile(dts, &size);
	unsigned n = pack_check_blob(blob, size);

	free(blob);
	free(dts);
	assert_int_equal(n, g.count);
	return n;
}

static uint8_t *find_bytes(uint8_t *hay, size_t size, const char *needle,
			   size_t len)
{
	for (size_t i = 0; i + len <= size; i++) {
		if (memcmp(hay + i, needle, len) == 0)
			return hay + i;
	}
	return NULL;
}

static void dump(void)
{
	for (unsigned i = 0; i < g.count && i < MAX_REPORTS; i++)
		print_message("  report %u: %s: %s\n", i, g.r[i].path,
			      g.r[i].msg);
}

static void assert_reported(const char *path, const char *phrase)
{
	for (unsigned i = 0; i < g.count && i < MAX_REPORTS; i++) {
		if (strcmp(g.r[i].path, path) == 0 &&
		    strstr(g.r[i].msg, phrase) != NULL)
			return;
	}
	dump();
	fail_msg("no report at %s containing \"%s\"", path, phrase);
}

static void expect_one(unsigned n, const char *path, const char *phrase)
{
	if (n != 1u)
		dump();
	assert_int_equal(n, 1);
	assert_reported(path, phrase);
}


/* ---- /policy and /channels -------------------------------------------- */

#define POLICY_DTS \
	"policy {\n" \
	"		labels = \"control\", \"infotainment\";\n" \
	"		conflict-sets { vendors { labels = \"control\", \"infotainment\"; }; };\n" \
	"	};\n"
#define CHANNEL_DTS(alpha_rights, extra) \
	"channels {\n" \
	"		link {\n" \
	"			phys = <0x0 0x43000000>;\n" \
	"			size = <0x10000>;\n" \
	"			alpha { guest = <0x0 0x60000000>; rights = " alpha_rights "; doorbell = <48>; };\n" \
	"			beta { guest = <0x10100000>; rights = \"read\"; doorbell = <49>; interface = \"pci\"; };\n" \
	extra \
	"		};\n" \
	"	};\n"

static void channels_and_policy_parse_to_expected_values(void **state)
{
	const struct sk_config *cfg = &g.parsed.cfg;
	const struct sk_cfg_channel *ch = &cfg->channels[0];

	(void)state;
	assert_int_equal(parse_variant("partitions {",
				       POLICY_DTS "\t" CHANNEL_DTS("\"read\", \"write\", \"notify\"", "")
				       "\tpartitions {"), 0);
	assert_int_equal(cfg->label_count, 2);
	assert_string_equal(cfg->labels[1].name, "infotainment");
	assert_int_equal(cfg->conflict_set_count, 1);
	assert_string_equal(cfg->conflict_sets[0].path, "/policy/conflict-sets/vendors");
	assert_int_equal(cfg->conflict_sets[0].label_count, 2);
	assert_int_equal(cfg->channel_count, 1);
	assert_string_equal(ch->name, "link");
	assert_string_equal(ch->path, "/channels/link");
	assert_int_equal(ch->phys, 0x43000000);
	assert_int_equal(ch->size, 0x10000);
	assert_int_equal(ch->endpoint_count, 2);
	assert_string_equal(ch->endpoints[0].partition, "alpha");
	assert_string_equal(ch->endpoints[0].path, "/channels/link/alpha");
	assert_int_equal(ch->endpoints[0].guest, 0x60000000);
	assert_int_equal(ch->endpoints[0].rights,
			 SK_RIGHT_READ | SK_RIGHT_WRITE | SK_RIGHT_NOTIFY);
	assert_int_equal(ch->endpoints[0].doorbell, 48);
	assert_int_equal(ch->endpoints[0].interface, SK_ENDPOINT_HYPERCALL);
	assert_int_equal(ch->endpoints[1].rights, SK_RIGHT_READ);
	assert_int_equal(ch->endpoints[1].interface, SK_ENDPOINT_PCI);
}

static void partition_labels_parse(void **state)
{
	(void)state;
	assert_int_equal(parse_variant("cpus = <1>;",
				       "cpus = <1>; labels = \"control\", \"diag\";"), 0);
	assert_int_equal(g.parsed.cfg.partitions[0].label_count, 2);
	assert_string_equal(g.parsed.cfg.partitions[0].labels[1].name, "diag");
}

static void scheduling_class_and_priority_parse(void **state)
{
	const struct sk_cfg_partition *p = &g.parsed.cfg.partitions[0];

	(void)state;
	assert_int_equal(parse_variant("cpus = <1>;",
				       "cpus = <1>; scheduling = \"realtime\"; priority = <40>;"), 0);
	assert_int_equal(p->sched_class, SK_SCHED_REALTIME);
	assert_int_equal(p->priority, 40);
	assert_int_equal(parse_variant("cpus = <1>;", "cpus = <1>;"), 0);
	assert_int_equal(p->sched_class, SK_SCHED_BEST_EFFORT);
	assert_int_equal(p->priority, 0);
}

static void unknown_scheduling_class_is_an_error(void **state)
{
	(void)state;
	expect_one(parse_variant("cpus = <1>;", "cpus = <1>; scheduling = \"eager\";"),
		   "/partitions/alpha", "\"eager\"");
}

#define SCHEDULE_DTS \
	"\tschedule {\n\t\tcpu1 {\n\t\t\tcpu = <1>;\n\t\t\tmajor-frame-us = <2000>;\n" \
	"\t\t\tslot-a { partition = \"alpha\"; start-us = <100>; length-us = <900>; };\n" \
	"\t\t};\n\t};\n"

static void schedule_frames_parse(void **state)
{
	const struct sk_cfg_frame *f = &g.parsed.cfg.frames[0];

	(void)state;
	assert_int_equal(parse_variant("partitions {", SCHEDULE_DTS "\tpartitions {"), 0);
	assert_int_equal(g.parsed.cfg.frame_count, 1);
	assert_string_equal(f->path, "/schedule/cpu1");
	assert_int_equal(f->cpu, 1);
	assert_int_equal(f->period_us, 2000);
	assert_int_equal(f->window_count, 1);
	assert_string_equal(f->windows[0].partition, "alpha");
	assert_string_equal(f->windows[0].path, "/schedule/cpu1/slot-a");
	assert_int_equal(f->windows[0].start_us, 100);
	assert_int_equal(f->windows[0].length_us, 900);
}

static void window_without_length_is_an_error(void **state)
{
	(void)state;
	expect_one(parse_variant("partitions {",
				 "\tschedule { cpu1 { cpu = <1>; major-frame-us = <2000>;"
				 " w { partition = \"alpha\"; start-us = <0>; }; }; };\n\tpartitions {"),
		   "/schedule/cpu1/w", "length-us");
}

static void right_listed_twice(void **state)
{
	(void)state;
	expect_one(parse_variant("partitions {",
				 CHANNEL_DTS("\"read\", \"write\", \"read\"", "") "\tpartitions {"),
		   "/channels/link/alpha", "lists \"read\" twice");
}

static void unknown_right(void **state)
{
	(void)state;
	expect_one(parse_variant("partitions {",
				 CHANNEL_DTS("\"read\", \"exec\"", "") "\tpartitions {"),
		   "/channels/link/alpha", "\"exec\"; each must be one of \"read\", \"write\", \"notify\"");
}

static void rights_as_cells(void **state)
{
	(void)state;
	expect_one(parse_variant("partitions {",
				 CHANNEL_DTS("<7>", "") "\tpartitions {"),
		   "/channels/link/alpha", "must be a list of strings");
}

static void third_endpoint(void **state)
{
	(void)state;
	expect_one(parse_variant("partitions {",
				 CHANNEL_DTS("\"read\", \"write\"",
					     "\t\t\tgamma { guest = <0x60000000>; rights = \"read\"; doorbell = <50>; };\n")
				 "\tpartitions {"),
		   "/channels/link", "too many endpoint nodes: at most 2");
}

static void invalid_channel_name(void **state)
{
	(void)state;
	expect_one(pack_check_variant("partitions {",
				 "channels { Link { phys = <0x43000000>; size = <0x1000>;\n"
				 "\t\talpha { guest = <0x60000000>; rights = \"read\", \"write\"; doorbell = <48>; };\n"
				 "\t\tbeta { guest = <0x60000000>; rights = \"read\"; doorbell = <49>; }; }; };\n"
				 "\tpartitions {"),
		   "/channels/Link", "invalid channel name \"Link\"");
}

static void overlong_label(void **state)
{
	(void)state;
	expect_one(parse_variant("cpus = <1>;",
				 "cpus = <1>; labels = \"a-very-long-label-name\";"),
		   "/partitions/alpha", "is too long: at most 15 characters");
}

/* ---- the valid configuration ------------------------------------------ */

static void valid_config_parses_to_expected_values(void **state)
{
	const struct sk_config *c = &g.parsed.cfg;
	const struct sk_cfg_partition *a = &c->partitions[0];
	const struct sk_cfg_partition *b = &c->partitions[1];

	(void)state;
	assert_int_equal(parse_text(base_dts), 0);
	assert_int_equal(c->magic, SK_CONFIG_MAGIC);
	assert_int_equal(c->version, SK_CONFIG_VERSION);
	assert_int_equal(c->size, sizeof(struct sk_config));
	assert_int_equal(c->platform_cpu_count, 4);
	assert_int_equal(c->ram_bank_count, 2);
	assert_int_equal(c->ram[0].base, 0x40000000);
	assert_int_equal(c->ram[0].size, 0x40000000);
	assert_int_equal(c->ram[1].base, 0x100000000ull);
	assert_int_equal(c->ram[1].size, 0x10000000);
	assert_int_equal(c->hypervisor.base, 0x40000000);
	assert_int_equal(c->hypervisor.size, 0x01000000);
	assert_int_equal(c->partition_count, 2);

	/* alpha: defaults for console, fault-policy and access */
	assert_string_equal(a->name, "alpha");
	assert_string_equal(a->path, "/partitions/alpha");
	assert_int_equal(a->cpu_count, 1);
	assert_int_equal(a->cpus[0], 1);
	assert_int_equal(a->console, SK_CONSOLE_HYPERCALL);
	assert_int_equal(a->fault_policy, SK_FAULT_STOP);
	/* the virtual PCI host where shikiri puts it (0: the default) */
	assert_int_equal(a->vpci_ecam, 0);
	assert_int_equal(a->vpci_window.size, 0);
	assert_int_equal(b->vpci_ecam, 0x70000000);
	assert_int_equal(b->vpci_window.base, 0x60000000);
	assert_int_equal(b->vpci_window.size, 0x01000000);
	assert_int_equal(a->region_count, 1);
	assert_string_equal(a->regions[0].path, "/partitions/alpha/memory/ram");
	assert_int_equal(a->regions[0].phys, 0x41000000);
	assert_int_equal(a->regions[0].guest, 0x40000000);
	assert_int_equal(a->regions[0].size, 0x01000000);
	assert_int_equal(a->regions[0].access,
			 SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC);
	assert_int_equal(a->device_count, 1);
	assert_string_equal(a->devices[0].path, "/partitions/alpha/devices/uart");
	assert_int_equal(a->devices[0].phys, 0x09040000);
	assert_int_equal(a->devices[0].guest, 0x09000000);
	assert_int_equal(a->devices[0].size, 0x1000);
	assert_int_equal(a->devices[0].irq_count, 2);
	assert_int_equal(a->devices[0].irqs[0], 40);
	assert_int_equal(a->devices[0].irqs[1], 41);
	assert_int_equal(a->image_count, 2);
	assert_int_equal(a->images[0].role, SK_IMAGE_KERNEL);
	assert_string_equal(a->images[0].file, "heartbeat.bin");
	assert_string_equal(a->images[0].path, "/partitions/alpha/images/kernel");
	assert_int_equal(a->images[0].load, 0x40000000);
	assert_int_equal(a->images[0].size, HEARTBEAT_SIZE);
	assert_int_equal(a->images[0].offset, 0);
	assert_int_equal(a->images[1].role, SK_IMAGE_DTB);
	assert_int_equal(a->images[1].load, 0x40f00000);
	assert_int_equal(a->images[1].size, GUEST_DTB_SIZE);

	/* beta: explicit values, 64-bit addresses */
	assert_string_equal(b->name, "beta");
	assert_int_equal(b->cpu_count, 2);
	assert_int_equal(b->cpus[0], 2);
	assert_int_equal(b->cpus[1], 3);
	assert_int_equal(b->console, SK_CONSOLE_NONE);
	assert_int_equal(b->fault_policy, SK_FAULT_HALT_SYSTEM);
	assert_int_equal(b->region_count, 2);
	assert_int_equal(b->regions[0].phys, 0x100000000ull);
	assert_int_equal(b->regions[0].size, 0x02000000);
	assert_int_equal(b->regions[0].access, SK_ACCESS_READ | SK_ACCESS_EXEC);
	assert_int_equal(b->regions[1].access, SK_ACCESS_READ | SK_ACCESS_WRITE);
	assert_string_equal(b->regions[1].path, "/partitions/beta/memory/data");
	assert_int_equal(b->device_count, 0);
	assert_int_equal(b->image_count, 1);
}

static void image_files_are_found_in_include_dir_first(void **state)
{
	char want[256];

	(void)state;
	assert_int_equal(parse_text(base_dts), 0);
	snprintf(want, sizeof(want), "%s/heartbeat.bin", g.image_dir);
	assert_string_equal(g.parsed.image_files[0][0], want);
	/* The config directory's heartbeat.bin is SHADOW_SIZE bytes. */
	assert_int_equal(g.parsed.cfg.partitions[0].images[0].size,
			 HEARTBEAT_SIZE);
}

static void image_file_falls_back_to_config_dir(void **state)
{
	char want[256];

	(void)state;
	assert_int_equal(parse_variant("\"guest.dtb\"", "\"local.dtb\""), 0);
	snprintf(want, sizeof(want), "%s/local.dtb", g.config_dir);
	assert_string_equal(g.parsed.image_files[0][1], want);
	assert_int_equal(g.parsed.cfg.partitions[0].images[1].size, LOCAL_SIZE);
}

static void empty_cpu_list_is_left_to_the_validator(void **state)
{
	(void)state;
	assert_int_equal(parse_variant("cpus = <1>;", "cpus;"), 0);
	assert_int_equal(g.parsed.cfg.partitions[0].cpu_count, 0);
}

/* ---- schema errors ------------------------------------------------------ */

static void unknown_property(void **state)
{
	(void)state;
	expect_one(parse_variant("access = \"rw\";", "acess = \"rw\";"),
		   "/partitions/beta/memory/data",
		   "unknown property 'acess' (allowed here: phys, guest, size, access)");
}

static void unknown_node(void **state)
{
	(void)state;
	expect_one(parse_variant("devices {", "device {"),
		   "/partitions/alpha/device",
		   "unknown node 'device' (allowed here: memory, devices, images)");
}

static void unknown_node_at_root(void **state)
{
	(void)state;
	expect_one(parse_variant("partitions {", "gateways { };\n\tpartitions {"),
		   "/gateways", "unknown node 'gateways'");
}

static void missing_required_property(void **state)
{
	(void)state;
	expect_one(parse_variant("guest = <0x50000000>; ", ""),
		   "/partitions/beta/memory/data",
		   "missing required property 'guest'");
}

static void missing_platform_cpus(void **state)
{
	(void)state;
	expect_one(parse_variant("cpus = <4>;", ""), "/platform",
		   "missing required property 'cpus'");
}

static void missing_required_node(void **state)
{
	(void)state;
	expect_one(parse_variant(
			   "kernel { file = \"heartbeat.bin\"; load = <0x40000000>; };",
			   ""),
		   "/partitions/beta/images", "missing required node 'kernel'");
}

static void memory_node_without_regions(void **state)
{
	(void)state;
	expect_one(parse_variant(
			   "ram { phys = <0x0 0x41000000>; guest = <0x40000000>; size = /bits/ 64 <0x01000000>; };",
			   ""),
		   "/partitions/alpha/memory",
		   "missing required node: at least one memory region");
}

static void address_of_three_cells(void **state)
{
	(void)state;
	expect_one(parse_variant("phys = <0x0 0x41000000>;",
				 "phys = <0x0 0x0 0x41000000>;"),
		   "/partitions/alpha/memory/ram",
		   "property 'phys' must be 1 or 2 cells (4 or 8 bytes), not 12 bytes");
}

static void hypervisor_memory_of_wrong_length(void **state)
{
	(void)state;
	expect_one(parse_variant("memory = <0x0 0x40000000 0x0 0x01000000>;",
				 "memory = <0x40000000 0x01000000>;"),
		   "/hypervisor",
		   "must be one (base, size) pair of 2+2 cells (16 bytes), not 8 bytes");
}

static void string_where_a_cell_is_expected(void **state)
{
	(void)state;
	expect_one(parse_variant("cpus = <4>;", "cpus = \"4\";"), "/platform",
		   "property 'cpus' must be one cell (4 bytes), not 2 bytes");
}

static void cells_where_a_string_is_expected(void **state)
{
	(void)state;
	expect_one(parse_variant("console = \"none\";", "console = <1>;"),
		   "/partitions/beta", "property 'console' must be one string");
}

static void bad_enum_string(void **state)
{
	(void)state;
	expect_one(parse_variant("console = \"none\";", "console = \"serial\";"),
		   "/partitions/beta",
		   "property 'console' is \"serial\"; expected one of \"hypercall\", \"none\"");
}

static void bad_access_string(void **state)
{
	(void)state;
	expect_one(parse_variant("access = \"rx\";", "access = \"wx\";"),
		   "/partitions/beta/memory/ram", "property 'access' is \"wx\"");
}

static void bad_partition_name(void **state)
{
	(void)state;
	expect_one(pack_check_variant("alpha {", "Alpha {"), "/partitions/Alpha",
		   "invalid partition name \"Alpha\"");
}

static void partition_name_with_unit_address(void **state)
{
	(void)state;
	expect_one(pack_check_variant("alpha {", "alpha@1 {"), "/partitions/alpha@1",
		   "invalid partition name");
}

static void partition_name_too_long(void **state)
{
	(void)state;
	expect_one(parse_variant("beta {", "beta-has-a-long-name {"),
		   "/partitions/beta-has-a-long-name",
		   "partition name \"beta-has-a-long-name\" is too long: 20 characters, at most 15");
}

static void duplicate_partition_name(void **state)
{
	/* dtc merges nodes of one name, so the duplicate is made in the
	 * blob: "alphb" becomes a second "alpha". */
	char *dts = variant("beta {", "alphb {");
	size_t size = 0;
	uint8_t *blob = compile(dts, &size);
	uint8_t *at = find_bytes(blob, size, "alphb", sizeof("alphb"));

	(void)state;
	assert_non_null(at);
	at[4] = 'a';
	expect_one(pack_check_blob(blob, size), "/partitions/alpha",
		   "duplicate partition name \"alpha\": /partitions/alpha has it already");
	free(blob);
	free(dts);
}

static void property_given_twice(void **state)
{
	/* dtc refuses a duplicate property (without -f), so it is made in
	 * the blob: the name "cpux" becomes a second "cpus". A reader that
	 * takes the first (fdtget, Linux, lib/fdt.c's fdt_get_prop) would
	 * see CPUs 2 and 3 where the parser took the last. Found by
	 * tests/fuzz/fuzz_config.c: the accepted configuration kept CPU 3
	 * beyond its cpu_count of 1. */
	char *dts = variant("cpus = <2 3>;", "cpus = <2 3>;\n\t\t\tcpux = <1>;");
	size_t size = 0;
	uint8_t *blob = compile(dts, &size);
	uint8_t *at = find_bytes(blob, size, "cpux", sizeof("cpux"));

	(void)state;
	assert_non_null(at);
	at[3] = 's';
	expect_one(parse_blob(blob, size), "/partitions/beta",
		   "property 'cpus' is given twice");
	free(blob);
	free(dts);
}

static void missing_image_file(void **state)
{
	char searched[256];

	(void)state;
	expect_one(parse_variant("\"guest.dtb\"", "\"nothere.dtb\""),
		   "/partitions/alpha/images/dtb",
		   "image file \"nothere.dtb\" not found");
	snprintf(searched, sizeof(searched), "(searched: %s, %s)", g.image_dir,
		 g.config_dir);
	assert_reported("/partitions/alpha/images/dtb", searched);
}

static void empty_image_file(void **state)
{
	(void)state;
	expect_one(parse_variant("\"guest.dtb\"", "\"empty.bin\""),
		   "/partitions/alpha/images/dtb", "is empty");
}

static void too_many_regions(void **state)
{
	char regions[2048];
	size_t used = 0;

	(void)state;
	for (unsigned i = 0; i <= SK_MAX_REGIONS; i++)
		used += (size_t)snprintf(regions + used, sizeof(regions) - used,
			"r%u { phys = <0x%x>; guest = <0x%x>; size = <0x1000>; };\n",
			i, 0x43000000u + i * 0x1000u, 0x60000000u + i * 0x1000u);
	expect_one(parse_variant("data {", strcat(regions, "data {")),
		   "/partitions/beta/memory",
		   "too many memory region nodes: at most 8");
	/* The first eight were kept. */
	assert_int_equal(g.parsed.cfg.partitions[1].region_count, SK_MAX_REGIONS);
}

static void too_many_cpus(void **state)
{
	(void)state;
	expect_one(parse_variant("cpus = <2 3>;", "cpus = <0 1 2 3 4 5 6 7 8>;"),
		   "/partitions/beta",
		   "property 'cpus' has too many elements: 9, at most 8");
}

static void too_many_ram_banks(void **state)
{
	(void)state;
	expect_one(parse_variant("<0x1 0x0 0x0 0x10000000>",
				 "<0x1 0x0 0x0 0x1000>, <0x2 0x0 0x0 0x1000>, <0x3 0x0 0x0 0x1000>, <0x4 0x0 0x0 0x1000>"),
		   "/platform",
		   "property 'memory' has too many elements: 5 (base, size) pairs, at most 4");
}

static void too_many_interrupts(void **state)
{
	(void)state;
	expect_one(parse_variant("interrupts = <40 41>;",
				 "interrupts = <40 41 42 43 44 45 46 47 48>;"),
		   "/partitions/alpha/devices/uart",
		   "property 'interrupts' has too many elements: 9, at most 8");
}

static void wrong_root_compatible(void **state)
{
	(void)state;
	expect_one(parse_variant("shikiri,system-v1", "shikiri,system-v2"), "/",
		   "property 'compatible' is \"shikiri,system-v2\", expected \"shikiri,system-v1\"");
}

static void missing_root_compatible(void **state)
{
	(void)state;
	expect_one(parse_variant("compatible = \"shikiri,system-v1\";", ""), "/",
		   "missing required property 'compatible'");
}

static void several_errors_are_all_reported(void **state)
{
	char *dts = variant("console = \"none\";", "console = \"serial\";");
	char *p = strstr(dts, "access = \"rw\";");

	(void)state;
	assert_non_null(p);
	memcpy(p, "acces2", 6);
	assert_int_equal(parse_text(dts), 2);
	assert_reported("/partitions/beta", "property 'console' is \"serial\"");
	assert_reported("/partitions/beta/memory/data",
			"unknown property 'acces2'");
	free(dts);
}

/* ---- manager (a flag) and watchdog-ms --------------------------------- */

static void manager_flag_and_watchdog_default_to_0(void **state)
{
	(void)state;
	assert_int_equal(parse_text(base_dts), 0);
	assert_int_equal(g.parsed.cfg.partitions[0].manager, 0);
	assert_int_equal(g.parsed.cfg.partitions[0].watchdog_ms, 0);
	assert_int_equal(g.parsed.cfg.partitions[1].manager, 0);
	assert_int_equal(g.parsed.cfg.partitions[1].watchdog_ms, 0);
}

static void manager_flag_parses_to_1(void **state)
{
	(void)state;
	assert_int_equal(parse_variant("console = \"none\";",
				       "console = \"none\";\n\t\t\tmanager;"), 0);
	assert_int_equal(g.parsed.cfg.partitions[1].manager, 1);
	assert_int_equal(g.parsed.cfg.partitions[0].manager, 0);
}

/* A flag is present or absent; "manager = <0>" would read as yes. */
static void manager_flag_with_a_value_is_an_error(void **state)
{
	(void)state;
	expect_one(parse_variant("console = \"none\";",
				 "console = \"none\";\n\t\t\tmanager = <1>;"),
		   "/partitions/beta",
		   "property 'manager' takes no value (write just 'manager;')");
	expect_one(parse_variant("console = \"none\";",
				 "console = \"none\";\n\t\t\tmanager = \"yes\";"),
		   "/partitions/beta", "property 'manager' takes no value");
}

static void watchdog_ms_parses(void **state)
{
	(void)state;
	assert_int_equal(parse_variant("console = \"none\";",
				       "console = \"none\";\n\t\t\twatchdog-ms = <500>;"),
			 0);
	assert_int_equal(g.parsed.cfg.partitions[1].watchdog_ms, 500);
	assert_int_equal(g.parsed.cfg.partitions[0].watchdog_ms, 0);
}

static void watchdog_ms_of_two_cells_is_an_error(void **state)
{
	(void)state;
	expect_one(parse_variant("console = \"none\";",
				 "console = \"none\";\n\t\t\twatchdog-ms = <0 500>;"),
		   "/partitions/beta",
		   "property 'watchdog-ms' must be one cell (4 bytes), not 8 bytes");
}

/* ---- streams and dma-fault (issue 19) ---------------------------------- */

static void streams_and_dma_fault_parse(void **state)
{
	const struct sk_cfg_partition *a = &g.parsed.cfg.partitions[0];

	(void)state;
	assert_int_equal(parse_variant("dma = \"none\"; };",
				       "dma = \"capable\"; streams = <0x8 2>; };"),
			 0);
	assert_int_equal(a->devices[0].stream_cells, 2);
	assert_int_equal(a->devices[0].streams[0], 0x8);
	assert_int_equal(a->devices[0].streams[1], 2);
	assert_int_equal(a->dma_fault, SK_DMA_FAULT_REPORT);
	assert_int_equal(parse_variant("console = \"none\";",
				       "console = \"none\";\n\t\t\tdma-fault = \"fault-policy\";"),
			 0);
	assert_int_equal(g.parsed.cfg.partitions[1].dma_fault,
			 SK_DMA_FAULT_FAULT_POLICY);
	assert_int_equal(g.parsed.cfg.partitions[0].devices[0].stream_cells, 0);
}

static void streams_of_three_cells_is_an_error(void **state)
{
	(void)state;
	expect_one(parse_variant("dma = \"none\"; };",
				 "dma = \"capable\"; streams = <0x8 2 3>; };"),
		   "/partitions/alpha/devices/uart",
		   "property 'streams' has too many elements: 3, at most 2");
}

static void unknown_dma_fault_is_an_error(void **state)
{
	(void)state;
	expect_one(parse_variant("console = \"none\";",
				 "console = \"none\";\n\t\t\tdma-fault = \"ignore\";"),
		   "/partitions/beta", "dma-fault");
}

static void not_a_device_tree(void **state)
{
	static const uint8_t junk[64] = { 1, 2, 3, 4 };

	(void)state;
	expect_one(parse_blob(junk, sizeof(junk)), "/",
		   "not a valid device tree blob");
}

#define T(fn) cmocka_unit_test(fn)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(valid_config_parses_to_expected_values),
		T(streams_and_dma_fault_parse),
		T(streams_of_three_cells_is_an_error),
		T(unknown_dma_fault_is_an_error),
		T(image_files_are_found_in_include_dir_first),
		T(image_file_falls_back_to_config_dir),
		T(empty_cpu_list_is_left_to_the_validator),
		T(unknown_property),
		T(unknown_node),
		T(unknown_node_at_root),
		T(channels_and_policy_parse_to_expected_values),
		T(partition_labels_parse),
		T(scheduling_class_and_priority_parse),
		T(unknown_scheduling_class_is_an_error),
		T(schedule_frames_parse),
		T(window_without_length_is_an_error),
		T(right_listed_twice),
		T(unknown_right),
		T(rights_as_cells),
		T(third_endpoint),
		T(invalid_channel_name),
		T(overlong_label),
		T(missing_required_property),
		T(missing_platform_cpus),
		T(missing_required_node),
		T(memory_node_without_regions),
		T(address_of_three_cells),
		T(hypervisor_memory_of_wrong_length),
		T(string_where_a_cell_is_expected),
		T(cells_where_a_string_is_expected),
		T(bad_enum_string),
		T(bad_access_string),
		T(bad_partition_name),
		T(partition_name_with_unit_address),
		T(partition_name_too_long),
		T(duplicate_partition_name),
		T(property_given_twice),
		T(missing_image_file),
		T(empty_image_file),
		T(too_many_regions),
		T(too_many_cpus),
		T(too_many_ram_banks),
		T(too_many_interrupts),
		T(wrong_root_compatible),
		T(missing_root_compatible),
		T(several_errors_are_all_reported),
		T(not_a_device_tree),
		T(manager_flag_and_watchdog_default_to_0),
		T(manager_flag_parses_to_1),
		T(manager_flag_with_a_value_is_an_error),
		T(watchdog_ms_parses),
		T(watchdog_ms_of_two_cells_is_an_error),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
