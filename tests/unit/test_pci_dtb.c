/* SPDX-License-Identifier: MIT */
/*
 * The packer's check that a partition with "pci" channel endpoints has a
 * device tree that describes them (tools/pci_dtb.c): the ECAM host at
 * shikiri's address, linux,pci-probe-only, and an interrupt-map routing
 * each channel device's INTA to its endpoint's doorbell. dtc runs at test
 * time.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../tools/pci_dtb.h"

#define BLOB_MAX 8192u
#define ERR_MAX  512u

/* The guest tree, with %s for the host node's extra lines and for /chosen. */
static const char dts_fmt[] =
	"/dts-v1/;\n"
	"/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	gic: intc@8000000 { compatible = \"arm,gic-v3\"; #interrupt-cells = <3>;\n"
	"		#address-cells = <0>; interrupt-controller;\n"
	"		reg = <0x0 0x08000000 0x0 0x10000>; };\n"
	/* A parent whose unit address would take 2^32 - 8 cells. */
	"	wide: intc-wide { #interrupt-cells = <3>; interrupt-controller;\n"
	"		#address-cells = <0xfffffff8>; };\n"
	"	chosen { %s };\n"
	"	pcie@3f000000 {\n"
	"		compatible = \"pci-host-ecam-generic\"; device_type = \"pci\";\n"
	"		reg = <0x0 %s 0x0 0x100000>;\n"
	"		#address-cells = <3>; #size-cells = <2>; #interrupt-cells = <1>;\n"
	"		interrupt-map-mask = <0xf800 0x0 0x0 0x7>;\n"
	"		interrupt-map = %s;\n"
	"	};\n"
	"};\n";

#define PROBE_ONLY "linux,pci-probe-only = <1>;"
#define ECAM "0x3f000000"
#define MAP_TWO "<0x0000 0x0 0x0 0x1 &gic 0x0 0x10 0x4>, <0x0800 0x0 0x0 0x1 &gic 0x0 0x11 0x4>"

static uint8_t blob[BLOB_MAX];
static size_t blob_size;
static struct sk_config cfg;
static struct sk_cfg_image dtb_img = { .file = "guest.dtb",
				       .path = "/partitions/linux/images/dtb" };
static char err[ERR_MAX];

static void compile(const char *chosen, const char *ecam, const char *map)
{
	char cmd[256], src[] = "/tmp/sk_pci_dtb_XXXXXX";
	int fd = mkstemp(src);
	FILE *f;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, dts_fmt, chosen, ecam, map);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "%s -q -I dts -O dtb %s",
		 getenv("DTC") != NULL ? getenv("DTC") : "dtc", src);
	f = popen(cmd, "r");
	assert_non_null(f);
	blob_size = fread(blob, 1, sizeof(blob), f);
	assert_int_equal(pclose(f), 0);
	remove(src);
	assert_true(blob_size > 0);
}

/* linux has two pci endpoints (doorbells 48, 49), then one hypercall one. */
static int setup(void **state)
{
	static const uint32_t doorbells[3] = { 48, 49, 50 };

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	cfg.partition_count = 1;
	snprintf(cfg.partitions[0].name, SK_NAME_MAX, "linux");
	cfg.channel_count = 3;
	for (uint32_t c = 0; c < 3; c++) {
		struct sk_cfg_endpoint *ep = &cfg.channels[c].endpoints[0];

		snprintf(ep->partition, SK_NAME_MAX, "linux");
		snprintf(ep->path, SK_PATH_MAX, "/channels/c%u/linux", c);
		ep->doorbell = doorbells[c];
		ep->interface = c < 2 ? SK_ENDPOINT_PCI : SK_ENDPOINT_HYPERCALL;
		snprintf(cfg.channels[c].endpoints[1].partition, SK_NAME_MAX, "rtos");
	}
	err[0] = '\0';
	return 0;
}

static int check(void)
{
	return pci_dtb_check(blob, blob_size, &cfg, 0, &dtb_img, err, sizeof(err));
}

static void a_fitting_tree_passes(void **state)
{
	(void)state;
	compile(PROBE_ONLY, ECAM, MAP_TWO);
	assert_int_equal(check(), 0);
}

static void without_pci_endpoints_anything_passes(void **state)
{
	(void)state;
	cfg.channels[0].endpoints[0].interface = SK_ENDPOINT_HYPERCALL;
	cfg.channels[1].endpoints[0].interface = SK_ENDPOINT_HYPERCALL;
	memset(blob, 0, sizeof(blob));
	assert_int_equal(pci_dtb_check(blob, 16, &cfg, 0, &dtb_img, err, sizeof(err)), 0);
}

static void host_elsewhere_is_an_error(void **state)
{
	(void)state;
	compile(PROBE_ONLY, "0x30000000", MAP_TWO);
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "/partitions/linux/images/dtb: guest.dtb has no \"pci-host-ecam-generic\" node with reg at 0x3f000000"));
}

/* A physical PCI host the partition owns comes first in its tree; the
 * virtual one is found at the partition's virtual-pci-ecam. */
#define PHYS_HOST_FIRST PROBE_ONLY " }; pcie@4010000000 { compatible = \"pci-host-ecam-generic\"; " \
	"reg = <0x40 0x10000000 0x0 0x10000000>;"

static void moved_host_beside_a_physical_one_passes(void **state)
{
	(void)state;
	cfg.partitions[0].vpci_ecam = 0x70000000;
	compile(PHYS_HOST_FIRST, "0x70000000", MAP_TWO);
	assert_int_equal(check(), 0);
}

static void host_not_at_the_moved_ecam_is_an_error(void **state)
{
	(void)state;
	cfg.partitions[0].vpci_ecam = 0x70000000;
	compile(PHYS_HOST_FIRST, ECAM, MAP_TWO);
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "guest.dtb has no \"pci-host-ecam-generic\" node with reg at 0x70000000"));
}

static void probe_only_missing_is_an_error(void **state)
{
	(void)state;
	compile("", ECAM, MAP_TWO);
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "needs /chosen linux,pci-probe-only = <1>"));
	compile("linux,pci-probe-only = <0>;", ECAM, MAP_TWO);
	assert_int_equal(check(), -1);
}

static void doorbell_routed_elsewhere_is_an_error(void **state)
{
	(void)state;
	compile(PROBE_ONLY, ECAM, "<0x0000 0x0 0x0 0x1 &gic 0x0 0x10 0x4>, "
				  "<0x0800 0x0 0x0 0x1 &gic 0x0 0x15 0x4>");
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "routes device 1 INTA to INTID 53, but its endpoint /channels/c1/linux has doorbell 49"));
}

static void device_without_an_entry_is_an_error(void **state)
{
	(void)state;
	compile(PROBE_ONLY, ECAM, "<0x0000 0x0 0x0 0x1 &gic 0x0 0x10 0x4>");
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "routes device 1 INTA to no GIC SPI, but its endpoint /channels/c1/linux has doorbell 49"));
}

static void malformed_map_is_an_error(void **state)
{
	(void)state;
	compile(PROBE_ONLY, ECAM, "<0x0000 0x0 0x0 0x1 0x9999 0x0 0x10 0x4>");
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "interrupt-map is missing or malformed (for /channels/c0/linux)"));
}

/*
 * An entry's length is the sum of cells the tree declares; with the
 * parent's #address-cells near 2^32 the sum wrapped in 32 bits, passed the
 * bounds check, and the walk either read 16 GiB past the map (the entry
 * matched: shikiri-pack crashed) or stepped by 0 for ever (it did not).
 * Found with tests/fuzz/fuzz_pci_dtb.c.
 */
static void parent_address_cells_that_wrap_are_malformed(void **state)
{
	(void)state;
	compile(PROBE_ONLY, ECAM, "<0x0000 0x0 0x0 0x1 &wide 0x0 0x10 0x4>");
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "interrupt-map is missing or malformed (for /channels/c0/linux)"));
}

static void parent_address_cells_that_wrap_end_the_walk(void **state)
{
	(void)state;
	compile(PROBE_ONLY, ECAM, "<0x0800 0x0 0x0 0x2 &wide 0x0 0x10 0x4>");
	assert_int_equal(check(), -1);
	assert_non_null(strstr(err, "interrupt-map is missing or malformed (for /channels/c0/linux)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(a_fitting_tree_passes, setup),
		cmocka_unit_test_setup(without_pci_endpoints_anything_passes, setup),
		cmocka_unit_test_setup(host_elsewhere_is_an_error, setup),
		cmocka_unit_test_setup(moved_host_beside_a_physical_one_passes, setup),
		cmocka_unit_test_setup(host_not_at_the_moved_ecam_is_an_error, setup),
		cmocka_unit_test_setup(probe_only_missing_is_an_error, setup),
		cmocka_unit_test_setup(doorbell_routed_elsewhere_is_an_error, setup),
		cmocka_unit_test_setup(device_without_an_entry_is_an_error, setup),
		cmocka_unit_test_setup(malformed_map_is_an_error, setup),
		cmocka_unit_test_setup(parent_address_cells_that_wrap_are_malformed, setup),
		cmocka_unit_test_setup(parent_address_cells_that_wrap_end_the_walk, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
