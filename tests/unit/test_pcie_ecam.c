/* SPDX-License-Identifier: MIT */
/*
 * The PCIe host's quiesce (hypervisor/drivers/pcie_ecam.c): found from a
 * device tree in QEMU virt's shape, stream IDs turned back into requester
 * IDs through the iommu-map, and the Command register of the function
 * there written with bus mastering off, over a fake ECAM of two buses
 * (tests/unit/fake_mmio/arch/mmio.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/pcie_ecam.h"
#include "stubs/dtc_blob.h"

#define ECAM 0x4010000000ull
#define BUSES 2u
#define FN_WORDS (4096u / 4u)

/* Config space of buses first..first+1, all functions absent (all ones)
 * but those a test puts there. */
static uint32_t cfg[BUSES * 256u][FN_WORDS];
static bool master_stuck;
static uint32_t writes;
static char err[200];

static uint32_t *word(uintptr_t addr)
{
	uint64_t off = (uint64_t)addr - ECAM;

	assert_true((uint64_t)addr >= ECAM && off < sizeof(cfg));
	assert_int_equal(addr % 4u, 0);
	return &cfg[off >> 12][(off & 0xfffu) / 4u];
}

uint32_t fake_mmio_read32(uintptr_t addr)
{
	return *word(addr);
}

void fake_mmio_write32(uintptr_t addr, uint32_t v)
{
	uint32_t *w = word(addr);

	writes++;
	if (((uint64_t)addr & 0xfffu) == PCI_CFG_COMMAND) {
		/* the Status half is RW1C: zeros written leave it */
		*w = (*w & 0xffff0000u) | (v & 0xffffu);
		if (master_stuck)
			*w |= PCI_COMMAND_MASTER;
		return;
	}
	*w = v;
}


/* The blob opened, as boot hands the drivers the board's opened tree. */
static struct fdt opened_dt;

static const struct fdt *opened(const void *blob)
{
	assert_int_equal(fdt_open(&opened_dt, blob, 1u << 20), 0);
	return &opened_dt;
}

static void put_function(uint32_t index, uint32_t command)
{
	cfg[index][0] = 0x10421af4u; /* a virtio block device */
	cfg[index][1] = 0x00100000u | command;
}

static int setup(void **state)
{
	(void)state;
	memset(cfg, 0xff, sizeof(cfg));
	master_stuck = false;
	writes = 0;
	return 0;
}

#define DTS_HEAD "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n" \
	"smmuv3@9050000 { compatible = \"arm,smmu-v3\"; phandle = <0x8003>; };\n"
#define DTS_PCIE(reg_size, bus_range, map) \
	"pcie@10000000 { compatible = \"pci-host-ecam-generic\";\n" \
	"  reg = <0x40 0x10000000 0x0 " reg_size ">; bus-range = <" bus_range ">;\n" \
	"  iommu-map = <" map ">; };\n"

static void found_from_the_host_that_maps_to_the_smmu(void **state)
{
	void *blob = dtc_blob(DTS_HEAD
			      "pcie@20000000 { compatible = \"pci-host-ecam-generic\";\n"
			      "  reg = <0x0 0x20000000 0x0 0x100000>; iommu-map = <0x0 0x9999 0x0 0x100>; };\n"
			      DTS_PCIE("0x10000000", "0x0 0xff", "0x0 0x8003 0x0 0x10000") "};\n");
	struct pcie_ecam_dt dt;

	(void)state;
	assert_int_equal(pcie_ecam_find(opened(blob), 0x8003, &dt, err, sizeof(err)), 1);
	assert_int_equal(dt.base, ECAM);
	assert_int_equal(dt.size, 0x10000000u);
	assert_int_equal(dt.bus_first, 0);
	assert_int_equal(dt.bus_last, 0xff);
	assert_int_equal(dt.map_count, 1);
	assert_int_equal(dt.map[0].len, 0x10000u);
	/* No SMMU phandle, or one no map names: no host. */
	assert_int_equal(pcie_ecam_find(opened(blob), 0, &dt, err, sizeof(err)), 0);
	assert_int_equal(pcie_ecam_find(opened(blob), 0x1234, &dt, err, sizeof(err)), 0);
	free(blob);
}

static void an_ecam_smaller_than_its_buses_is_refused(void **state)
{
	void *blob = dtc_blob(DTS_HEAD DTS_PCIE("0x100000", "0x0 0x1", "0x0 0x8003 0x0 0x10000") "};\n");
	struct pcie_ecam_dt dt;

	(void)state;
	assert_int_equal(pcie_ecam_find(opened(blob), 0x8003, &dt, err, sizeof(err)), -1);
	assert_string_equal(err, "PCIe host pcie@10000000: its ECAM (\"reg\" 0x100000 bytes) does not hold buses 0..1");
	free(blob);
}

static void use(uint32_t bus_first, uint32_t rid_base, uint32_t sid_base)
{
	struct pcie_ecam_dt dt;

	memset(&dt, 0, sizeof(dt));
	dt.base = ECAM;
	dt.size = sizeof(cfg);
	dt.bus_first = bus_first;
	dt.bus_last = bus_first + BUSES - 1u;
	dt.map_count = 1;
	dt.map[0].rid_base = rid_base;
	dt.map[0].sid_base = sid_base;
	dt.map[0].len = 0x200;
	pcie_ecam_use(&dt);
}

/* Stream 0x108 is requester 0x0108 (bus 1, device 1, function 0) with
 * the map's offset; its Command goes from memory + master + I/O to INTx
 * off only, the Status half untouched. */
static void quiesce_clears_bus_mastering_of_the_streams_function(void **state)
{
	uint32_t rid = 0;

	(void)state;
	use(0, 0x0, 0x0);
	put_function(0x108, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	assert_int_equal(pcie_ecam_quiesce(0x108, &rid), PCIE_QUIESCE_DONE);
	assert_int_equal(rid, 0x108);
	assert_int_equal(cfg[0x108][1], 0x00100000u | PCI_COMMAND_INTX_OFF);
	assert_int_equal(writes, 1);
}

static void the_iommu_map_offsets_and_the_bus_range_are_applied(void **state)
{
	uint32_t rid = 0;

	(void)state;
	/* buses 0x10..0x11; requesters 0x1000.. are streams 0x40.. */
	use(0x10, 0x1000, 0x40);
	put_function(0x008, PCI_COMMAND_MASTER); /* bus 0x10, device 1 */
	assert_int_equal(pcie_ecam_quiesce(0x48, &rid), PCIE_QUIESCE_DONE);
	assert_int_equal(rid, 0x1008);
	assert_int_equal(cfg[0x008][1] & 0xffffu, PCI_COMMAND_INTX_OFF);
	/* a stream the map does not hold, a requester outside the bus range */
	assert_int_equal(pcie_ecam_quiesce(0x3f, &rid), PCIE_QUIESCE_NO_FUNCTION);
	use(0x10, 0x0, 0x0);
	assert_int_equal(pcie_ecam_quiesce(0x08, &rid), PCIE_QUIESCE_NO_FUNCTION);
	assert_int_equal(writes, 1);
}

static void an_absent_function_is_not_written(void **state)
{
	uint32_t rid = 0;

	(void)state;
	use(0, 0, 0);
	assert_int_equal(pcie_ecam_quiesce(0x10, &rid), PCIE_QUIESCE_NO_FUNCTION);
	assert_int_equal(writes, 0);
}

static void a_function_that_keeps_mastering_is_said(void **state)
{
	uint32_t rid = 0;

	(void)state;
	use(0, 0, 0);
	put_function(0x8, PCI_COMMAND_MASTER);
	master_stuck = true;
	assert_int_equal(pcie_ecam_quiesce(0x8, &rid), PCIE_QUIESCE_STUCK);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(found_from_the_host_that_maps_to_the_smmu),
		T(an_ecam_smaller_than_its_buses_is_refused),
		T(quiesce_clears_bus_mastering_of_the_streams_function),
		T(the_iommu_map_offsets_and_the_bus_range_are_applied),
		T(an_absent_function_is_not_written),
		T(a_function_that_keeps_mastering_is_said),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
