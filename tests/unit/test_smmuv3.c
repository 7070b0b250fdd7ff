/* SPDX-License-Identifier: MIT */
/*
 * The SMMUv3 driver (hypervisor/drivers/smmuv3.c) against a fake register
 * file (tests/unit/fake_mmio/arch/mmio.h): found from a device tree, the
 * reset sequence to "nothing bypasses, every stream aborts" register by
 * register, the commands it queues, streams given to a partition and taken
 * back, the event queue, and every bounded poll ending in a clear error
 * when the SMMU does not answer (IHI 0070 section numbers in
 * drivers/smmuv3_regs.h).
 */
#define _DEFAULT_SOURCE /* mkstemp */

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drivers/smmuv3.h"
#include "drivers/smmuv3_regs.h"
#include "stubs/dtc_blob.h"
#include "stubs/fake_cache.h"

#define BASE 0x09050000u
/* QEMU 10's virt SMMU: S1P, S2P, AArch64 tables, COHACC; 16-bit stream
 * IDs, 2^19-entry queues; 44-bit PA, 4 KiB granule. */
#define IDR0_QEMU 0x0d44101bu
#define IDR1_QEMU ((19u << SMMU_IDR1_CMDQS_SHIFT) | (19u << SMMU_IDR1_EVENTQS_SHIFT) | 16u)
#define IDR5_QEMU (SMMU_IDR5_GRAN4K | 4u)

#define MAX_WRITES 4096u
#define MAX_CMDS 64u

static struct {
	uint32_t reg[SMMU_REG_SIZE / 4u];
	bool gbpa_stuck, cr0_stuck, cmdq_stuck, cmdq_error;
	struct { uint32_t off, v; } w[MAX_WRITES];
	size_t nw;
	uint64_t cmd[MAX_CMDS][2];
	size_t ncmd;
} dev;


/* The blob opened, as boot hands the drivers the board's opened tree. */
static struct fdt opened_dt;

static const struct fdt *opened(const void *blob)
{
	assert_int_equal(fdt_open(&opened_dt, blob, 1u << 20), 0);
	return &opened_dt;
}

static void fake_smmu(uint32_t idr0, uint32_t idr1)
{
	memset(&dev, 0, sizeof(dev));
	dev.reg[SMMU_IDR0 / 4u] = idr0;
	dev.reg[SMMU_IDR1 / 4u] = idr1;
	dev.reg[SMMU_IDR5 / 4u] = IDR5_QEMU;
}

static uint32_t off_of(uintptr_t addr)
{
	assert_true(addr >= BASE && addr < BASE + SMMU_REG_SIZE);
	assert_int_equal(addr % 4u, 0);
	return (uint32_t)(addr - BASE);
}

static uint64_t reg64(uint32_t off)
{
	return dev.reg[off / 4u] | ((uint64_t)dev.reg[off / 4u + 1u] << 32);
}

static uint64_t *cmdq_mem(uint32_t *log2)
{
	uint64_t b = reg64(SMMU_CMDQ_BASE);

	*log2 = (uint32_t)(b & 0x1fu);
	return (uint64_t *)(uintptr_t)(b & SMMU_Q_BASE_ADDR_MASK);
}

/* The SMMU consuming the command queue up to the new PROD. */
static void consume_commands(uint32_t prod)
{
	uint32_t log2;
	uint64_t *q = cmdq_mem(&log2);
	uint32_t wrap = (2u << log2) - 1u, mask = (1u << log2) - 1u;
	uint32_t cons = dev.reg[SMMU_CMDQ_CONS / 4u] & wrap;

	if (dev.cmdq_stuck)
		return;
	while (cons != (prod & wrap)) {
		const uint64_t *e = &q[(cons & mask) * 2u];

		if (dev.cmdq_error) {
			dev.reg[SMMU_GERROR / 4u] ^= SMMU_GERROR_CMDQ_ERR;
			dev.reg[SMMU_CMDQ_CONS / 4u] = cons | (1u << SMMU_CMDQ_CONS_ERR_SHIFT);
			return;
		}
		assert_true(dev.ncmd < MAX_CMDS);
		dev.cmd[dev.ncmd][0] = e[0];
		dev.cmd[dev.ncmd][1] = e[1];
		dev.ncmd++;
		cons = (cons + 1u) & wrap;
	}
	dev.reg[SMMU_CMDQ_CONS / 4u] = cons;
}

uint32_t fake_mmio_read32(uintptr_t addr)
{
	return dev.reg[off_of(addr) / 4u];
}

void fake_mmio_write32(uintptr_t addr, uint32_t v)
{
	uint32_t off = off_of(addr);

	assert_true(dev.nw < MAX_WRITES);
	dev.w[dev.nw].off = off;
	dev.w[dev.nw].v = v;
	dev.nw++;
	switch (off) {
	case SMMU_GBPA:
		dev.reg[off / 4u] = dev.gbpa_stuck ? v : v & ~SMMU_GBPA_UPDATE;
		break;
	case SMMU_CR0:
		dev.reg[off / 4u] = v;
		if (!dev.cr0_stuck)
			dev.reg[SMMU_CR0ACK / 4u] = v;
		break;
	case SMMU_IRQ_CTRL:
		dev.reg[off / 4u] = v;
		dev.reg[SMMU_IRQ_CTRLACK / 4u] = v;
		break;
	case SMMU_CMDQ_PROD:
		dev.reg[off / 4u] = v;
		consume_commands(v);
		break;
	default:
		dev.reg[off / 4u] = v;
		break;
	}
}

/* Index of the first write of v (masked) to off, or SIZE_MAX. */
static size_t write_index(uint32_t off, uint32_t mask, uint32_t v)
{
	for (size_t i = 0; i < dev.nw; i++) {
		if (dev.w[i].off == off && (dev.w[i].v & mask) == v)
			return i;
	}
	return SIZE_MAX;
}

static const uint64_t *ste(uint32_t sid)
{
	uint64_t b = reg64(SMMU_STRTAB_BASE) & SMMU_STRTAB_BASE_ADDR_MASK;

	return (const uint64_t *)(uintptr_t)b + sid * SMMU_STE_DWORDS;
}

static const struct smmuv3_dt dt_virt = {
	.base = BASE, .size = SMMU_REG_SIZE, .eventq_intid = 106,
	.gerror_intid = 109, .sid_end = 0x10000,
};

static char err[200];
static struct smmuv3_info info;

static void init_ok(const struct smmuv3_dt *dt)
{
	err[0] = '\0';
	assert_true(smmuv3_init(dt, &info, err, sizeof(err)));
}

/* ---- device tree ---- */

/* QEMU 10 virt's nodes (dumpdtb with iommu=smmuv3), trimmed. */
#define DTS_HEAD "/dts-v1/;\n/ { #address-cells = <2>; #size-cells = <2>;\n"
#define DTS_SMMU(reg_size) \
	"smmuv3@9050000 { compatible = \"arm,smmu-v3\"; phandle = <0x8003>;\n" \
	"  reg = <0x0 0x09050000 0x0 " reg_size ">; dma-coherent; #iommu-cells = <1>;\n" \
	"  interrupt-names = \"eventq\", \"priq\", \"cmdq-sync\", \"gerror\";\n" \
	"  interrupts = <0 0x4a 1>, <0 0x4b 1>, <0 0x4c 1>, <0 0x4d 1>; };\n"
#define DTS_PCIE(map) \
	"pcie@10000000 { compatible = \"pci-host-ecam-generic\";\n" \
	"  iommu-map = <" map ">; };\n"

static void test_find_virt(void **state)
{
	void *blob = dtc_blob(DTS_HEAD DTS_SMMU("0x20000")
			     DTS_PCIE("0x0 0x8003 0x0 0x10000") "};\n");
	struct smmuv3_dt dt;

	(void)state;
	assert_int_equal(smmuv3_find(opened(blob), &dt, err, sizeof(err)), 1);
	assert_int_equal(dt.base, 0x09050000u);
	assert_int_equal(dt.size, 0x20000u);
	assert_int_equal(dt.eventq_intid, 32u + 0x4au);
	assert_int_equal(dt.gerror_intid, 32u + 0x4du);
	assert_int_equal(dt.sid_end, 0x10000u);
	assert_int_equal(dt.phandle, 0x8003u);
	/* All four SPIs, which the configuration check keeps from
	 * partitions. */
	assert_int_equal(dt.spi_count, 4u);
	for (uint32_t i = 0; i < 4u; i++)
		assert_int_equal(dt.spis[i], 32u + 0x4au + i);
	free(blob);
}

/* Only the entries naming this SMMU's phandle count; the highest end. */
static void test_find_iommu_map_entries(void **state)
{
	void *blob = dtc_blob(DTS_HEAD DTS_SMMU("0x20000")
			     DTS_PCIE("0x0 0x8003 0x0 0x20  0x100 0x8003 0x40 0x8"
				      "  0x200 0x9999 0x0 0x1000") "};\n");
	struct smmuv3_dt dt;

	(void)state;
	assert_int_equal(smmuv3_find(opened(blob), &dt, err, sizeof(err)), 1);
	assert_int_equal(dt.sid_end, 0x48u);
	free(blob);
}

static void test_find_absent_and_malformed(void **state)
{
	void *none = dtc_blob(DTS_HEAD "};\n");
	void *small = dtc_blob(DTS_HEAD DTS_SMMU("0x10000") "};\n");
	struct smmuv3_dt dt;

	(void)state;
	assert_int_equal(smmuv3_find(opened(none), &dt, err, sizeof(err)), 0);
	err[0] = '\0';
	assert_int_equal(smmuv3_find(opened(small), &dt, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "smmuv3@9050000"));
	assert_non_null(strstr(err, "two 64 KiB pages"));
	free(none);
	free(small);
}

/* ---- reset ---- */

static void test_init_sequence(void **state)
{
	size_t gbpa, cr0_off, cr0_en, sync;

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	/* Firmware left it on, bypassing. */
	dev.reg[SMMU_CR0 / 4u] = SMMU_CR0_SMMUEN;
	dev.reg[SMMU_CR0ACK / 4u] = SMMU_CR0_SMMUEN;
	init_ok(&dt_virt);
	assert_true(info.stage2);
	assert_true(info.coherent);
	assert_int_equal(info.sid_bits, 16);
	assert_int_equal(info.oas_bits, 44);
	assert_int_equal(info.streams, SMMUV3_MAX_STREAMS);

	/* Bypass aborts before the SMMU is turned off, and stays so. */
	gbpa = write_index(SMMU_GBPA, 0xffffffffu, SMMU_GBPA_ABORT | SMMU_GBPA_UPDATE);
	cr0_off = write_index(SMMU_CR0, 0xffffffffu, 0);
	assert_true(gbpa < cr0_off && cr0_off != SIZE_MAX);
	assert_int_equal(dev.reg[SMMU_GBPA / 4u], SMMU_GBPA_ABORT);

	/* The stream table: linear, 2^8 entries, every one valid and
	 * aborting. */
	assert_int_equal(dev.reg[SMMU_STRTAB_BASE_CFG / 4u], SMMUV3_MAX_STREAMS_LOG2);
	assert_true((reg64(SMMU_STRTAB_BASE) & SMMU_STRTAB_BASE_RA) != 0u);
	for (uint32_t sid = 0; sid < SMMUV3_MAX_STREAMS; sid++) {
		const uint64_t *e = ste(sid);

		assert_int_equal(e[0], SMMU_STE_V);
		for (uint32_t i = 1; i < SMMU_STE_DWORDS; i++)
			assert_int_equal(e[i], 0);
	}
	/* Queues at their own sizes; CR1 cacheable and inner shareable for
	 * a coherent SMMU. */
	assert_int_equal(reg64(SMMU_CMDQ_BASE) & 0x1fu, 8u);
	assert_int_equal(reg64(SMMU_EVENTQ_BASE) & 0x1fu, 11u);
	assert_int_equal(dev.reg[SMMU_CR1 / 4u], 0xd75u);

	/* CFGI_ALL then SYNC, with the command queue on and before SMMUEN. */
	assert_int_equal(dev.ncmd, 2);
	assert_int_equal(dev.cmd[0][0], SMMU_CMD_CFGI_ALL);
	assert_int_equal(dev.cmd[0][1], SMMU_CMD_CFGI_ALL_RANGE);
	assert_int_equal(dev.cmd[1][0], SMMU_CMD_SYNC);
	sync = write_index(SMMU_CMDQ_PROD, 0xffffffffu, 2);
	cr0_en = write_index(SMMU_CR0, SMMU_CR0_SMMUEN, SMMU_CR0_SMMUEN);
	assert_true(write_index(SMMU_CR0, 0xffffffffu, SMMU_CR0_CMDQEN) < sync);
	assert_true(sync < cr0_en && cr0_en != SIZE_MAX);
	assert_int_equal(dev.reg[SMMU_CR0 / 4u],
			 SMMU_CR0_SMMUEN | SMMU_CR0_EVTQEN | SMMU_CR0_CMDQEN);
}

/* The table is sized from the iommu-map's range, and from what the SMMU
 * implements, whichever is smaller. */
static void test_init_table_size(void **state)
{
	struct smmuv3_dt dt = dt_virt;

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	dt.sid_end = 0x21;
	init_ok(&dt);
	assert_int_equal(info.streams, 64);
	assert_int_equal(dev.reg[SMMU_STRTAB_BASE_CFG / 4u], 6);

	fake_smmu(IDR0_QEMU, (IDR1_QEMU & ~SMMU_IDR1_SIDSIZE_MASK) | 4u);
	init_ok(&dt_virt);
	assert_int_equal(info.streams, 16);
}

static void test_describe(void **state)
{
	char line[200];

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	smmuv3_describe(&info, line, sizeof(line));
	assert_string_equal(line, "SMMUv3 0x9050000: stage 2, 16-bit stream IDs, 44-bit PA, coherent; enabled, bypass aborts, streams 0..255 abort (256..65535 terminated)");
	assert_true(strlen(line) + strlen("[shikiri] ") <= 160u);
}

/* Stage 1 only: still every stream aborts, it says so, and no stream can
 * be given to a partition. */
static void test_stage1_only(void **state)
{
	struct smmuv3_s2 s2 = { .vmid = 1, .root = 0x40001000u, .vtcr = 0 };
	char line[200];

	(void)state;
	fake_smmu(IDR0_QEMU & ~SMMU_IDR0_S2P, IDR1_QEMU);
	init_ok(&dt_virt);
	assert_false(info.stage2);
	assert_int_equal(ste(5)[0], SMMU_STE_V);
	smmuv3_describe(&info, line, sizeof(line));
	assert_non_null(strstr(line, "stage 1 only: DMA-capable devices behind it are refused"));
	assert_true(strlen(line) + strlen("[shikiri] ") <= 160u);
	assert_false(smmuv3_stream_assign(5, &s2, err, sizeof(err)));
	assert_non_null(strstr(err, "stage 1 only"));
	assert_int_equal(ste(5)[0], SMMU_STE_V);
}

static void test_tables_preset_refused(void **state)
{
	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU | SMMU_IDR1_TABLES_PRESET);
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_non_null(strstr(err, "TABLES_PRESET"));
	assert_int_equal(dev.nw, 0);
}

/* ---- bounded polls: an SMMU that does not answer is an error ---- */

static void test_gbpa_timeout(void **state)
{
	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	dev.gbpa_stuck = true;
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3 0x9050000: GBPA.UPDATE did not clear (global bypass not set to abort)");
}

static void test_cr0ack_timeout(void **state)
{
	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	dev.cr0_stuck = true;
	dev.reg[SMMU_CR0ACK / 4u] = SMMU_CR0_SMMUEN;
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3 0x9050000: CR0ACK did not acknowledge CR0 = 0x0 (reads 0x1)");
	/* Bypass was set to abort first. */
	assert_int_equal(dev.reg[SMMU_GBPA / 4u], SMMU_GBPA_ABORT);
}

static void test_sync_timeout(void **state)
{
	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	dev.cmdq_stuck = true;
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3 0x9050000: CMD_CFGI_ALL: CMD_SYNC not completed (CMDQ_PROD 0x2, CMDQ_CONS 0x0)");
	assert_int_equal(dev.reg[SMMU_CR0 / 4u] & SMMU_CR0_SMMUEN, 0);
}

static void test_command_error(void **state)
{
	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	dev.cmdq_error = true;
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_non_null(strstr(err, "CMD_CFGI_ALL: command queue error 1"));
}

/* ---- streams ---- */

/* stage2.c's VTCR on a 44-bit PA CPU: T0SZ 24 (40-bit IPA), SL0 level 1,
 * WBWA inner and outer, inner shareable, 4 KiB, PS 44 bits. */
#define VTCR_QEMU (0x80000000ull | 24u | (1u << 6) | (1u << 8) | (1u << 10) | \
		   (3u << 12) | (0u << 14) | (4ull << 16))

static void test_assign_and_abort(void **state)
{
	struct smmuv3_s2 s2 = { .vmid = 3, .root = 0x40123000u, .vtcr = VTCR_QEMU };
	const uint64_t *e;

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	dev.ncmd = 0;
	assert_true(smmuv3_stream_assign(8, &s2, err, sizeof(err)));
	e = ste(8);
	assert_int_equal(e[0], SMMU_STE_V | (SMMU_STE_CONFIG_S2 << SMMU_STE_CONFIG_SHIFT));
	assert_int_equal(e[2], 3u | (24ull << 32) | (1ull << 38) | (1ull << 40) |
			 (1ull << 42) | (3ull << 44) | (0ull << 46) | (4ull << 48) |
			 SMMU_STE2_S2AA64 | SMMU_STE2_S2PTW | SMMU_STE2_S2R);
	assert_int_equal(e[3], 0x40123000u);
	assert_int_equal(ste(7)[0], SMMU_STE_V);
	assert_int_equal(ste(9)[0], SMMU_STE_V);
	assert_int_equal(dev.ncmd, 3);
	assert_int_equal(dev.cmd[0][0], SMMU_CMD_CFGI_STE | (8ull << 32));
	assert_int_equal(dev.cmd[0][1], 1);
	assert_int_equal(dev.cmd[1][0], SMMU_CMD_TLBI_S12_VMALL | (3ull << 32));
	assert_int_equal(dev.cmd[2][0], SMMU_CMD_SYNC);

	dev.ncmd = 0;
	assert_true(smmuv3_stream_abort(8, err, sizeof(err)));
	for (uint32_t i = 0; i < SMMU_STE_DWORDS; i++)
		assert_int_equal(e[i], i == 0 ? SMMU_STE_V : 0);
	assert_int_equal(dev.ncmd, 3);
	assert_int_equal(dev.cmd[0][0], SMMU_CMD_CFGI_STE | (8ull << 32));
	assert_int_equal(dev.cmd[1][0], SMMU_CMD_TLBI_S12_VMALL | (3ull << 32));
	assert_int_equal(dev.cmd[2][0], SMMU_CMD_SYNC);
}

/* Recording off and on flips only STE.S2R of a translating stream, then
 * CMD_CFGI_STE and SYNC (no TLB invalidation: no translation changed); an
 * aborting stream is left alone. */
static void test_stream_record(void **state)
{
	struct smmuv3_s2 s2 = { .vmid = 3, .root = 0x40123000u, .vtcr = VTCR_QEMU };
	const uint64_t *e;
	uint64_t before[SMMU_STE_DWORDS];

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	assert_true(smmuv3_stream_assign(8, &s2, err, sizeof(err)));
	e = ste(8);
	memcpy(before, e, sizeof(before));
	dev.ncmd = 0;
	assert_true(smmuv3_stream_record(8, false, err, sizeof(err)));
	for (uint32_t i = 0; i < SMMU_STE_DWORDS; i++)
		assert_int_equal(e[i], i == 2 ? before[2] & ~SMMU_STE2_S2R : before[i]);
	assert_int_equal(dev.ncmd, 2);
	assert_int_equal(dev.cmd[0][0], SMMU_CMD_CFGI_STE | (8ull << 32));
	assert_int_equal(dev.cmd[1][0], SMMU_CMD_SYNC);
	assert_true(smmuv3_stream_record(8, true, err, sizeof(err)));
	assert_memory_equal(e, before, sizeof(before));
	/* aborting: unchanged, no command */
	dev.ncmd = 0;
	assert_true(smmuv3_stream_record(9, false, err, sizeof(err)));
	assert_int_equal(ste(9)[0], SMMU_STE_V);
	assert_int_equal(dev.ncmd, 0);
	assert_false(smmuv3_stream_record(256, false, err, sizeof(err)));
}

/* The SMMU may read an STE while it changes: what it could see in memory
 * between the driver's steps (each cache clean's snapshot) is always
 * either abort or the whole stage-2 entry, never a valid stage 2 with
 * half its fields. */
static void test_ste_update_order(void **state)
{
	struct smmuv3_s2 s2 = { .vmid = 3, .root = 0x40123000u, .vtcr = VTCR_QEMU };
	const uint64_t *e;
	const uint64_t s2_word0 = SMMU_STE_V | (SMMU_STE_CONFIG_S2 << SMMU_STE_CONFIG_SHIFT);

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	e = ste(4);
	for (int dir = 0; dir < 2; dir++) {
		size_t n = 0;

		fake_cache_reset();
		if (dir == 0)
			assert_true(smmuv3_stream_assign(4, &s2, err, sizeof(err)));
		else
			assert_true(smmuv3_stream_abort(4, err, sizeof(err)));
		for (size_t i = 0; i < fake_cache_dcache_calls(); i++) {
			const struct fake_cache_call *c = fake_cache_dcache_call(i);
			uint64_t w[SMMU_STE_DWORDS];

			if (c == NULL || c->addr != (const void *)e)
				continue;
			memcpy(w, c->snapshot, sizeof(w));
			if (w[0] == s2_word0)
				assert_int_equal(w[3], 0x40123000u);
			else
				assert_int_equal(w[0], SMMU_STE_V);
			n++;
		}
		assert_true(n >= 2);
	}
}

static void test_assign_refusals(void **state)
{
	struct smmuv3_s2 s2 = { .vmid = 1, .root = 0x40123000u, .vtcr = VTCR_QEMU };

	(void)state;
	/* An SMMU whose reset failed gives no stream to anyone. */
	fake_smmu(IDR0_QEMU, IDR1_QEMU | SMMU_IDR1_QUEUES_PRESET);
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_false(smmuv3_stream_assign(0, &s2, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3: stream 0: no SMMU enabled");
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	assert_false(smmuv3_stream_assign(256, &s2, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3 0x9050000: stream 256 is outside its stream table (256 entries)");
	assert_false(smmuv3_stream_abort(256, err, sizeof(err)));
	s2.vmid = 0;
	assert_false(smmuv3_stream_assign(1, &s2, err, sizeof(err)));
	assert_string_equal(err, "SMMUv3: stream 1: VMID 0 out of range");
	assert_int_equal(ste(1)[0], SMMU_STE_V);
}

/* A command that does not complete is an error, not a hang. */
static void test_assign_sync_timeout(void **state)
{
	struct smmuv3_s2 s2 = { .vmid = 1, .root = 0x40123000u, .vtcr = VTCR_QEMU };

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	dev.cmdq_stuck = true;
	assert_false(smmuv3_stream_assign(2, &s2, err, sizeof(err)));
	assert_non_null(strstr(err, "CMD_CFGI_STE: CMD_SYNC not completed"));
}

/* ---- events ---- */

static void push_event(uint32_t type, uint32_t sid, uint64_t addr)
{
	uint64_t b = reg64(SMMU_EVENTQ_BASE);
	uint32_t log2 = (uint32_t)(b & 0x1fu);
	uint64_t *q = (uint64_t *)(uintptr_t)(b & SMMU_Q_BASE_ADDR_MASK);
	uint32_t prod = dev.reg[SMMU_EVENTQ_PROD / 4u];
	uint64_t *e = &q[(prod & ((1u << log2) - 1u)) * SMMU_EVT_DWORDS];

	e[0] = type | ((uint64_t)sid << 32);
	e[1] = 0;
	e[2] = addr;
	e[3] = 0;
	dev.reg[SMMU_EVENTQ_PROD / 4u] = (prod + 1u) & ((2u << log2) - 1u);
}

static void test_events(void **state)
{
	struct smmuv3_event ev;

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU | SMMU_IDR1_QUEUES_PRESET);
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_false(smmuv3_event_next(&ev));
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	assert_false(smmuv3_event_next(&ev));
	/* Round the queue's end twice: the wrap bit is followed. */
	for (uint32_t i = 0; i < 300u; i++) {
		push_event(SMMU_EVT_F_TRANSLATION, i, 0x80000000ull + i);
		assert_true(smmuv3_event_next(&ev));
		assert_int_equal(ev.type, SMMU_EVT_F_TRANSLATION);
		assert_int_equal(ev.sid, i);
		assert_int_equal(ev.addr, 0x80000000ull + i);
		assert_int_equal(dev.reg[SMMU_EVENTQ_CONS / 4u],
				 dev.reg[SMMU_EVENTQ_PROD / 4u]);
		assert_false(smmuv3_event_next(&ev));
	}
	assert_string_equal(smmuv3_event_name(SMMU_EVT_F_TRANSLATION), "F_TRANSLATION");
	assert_string_equal(smmuv3_event_name(SMMU_EVT_C_BAD_STREAMID), "C_BAD_STREAMID");
	assert_string_equal(smmuv3_event_name(0xee), "unknown");
}

/* The access a fault record reports (RnW, dword 1 bit 35), and none for a
 * record without it. */
static void test_event_access(void **state)
{
	struct smmuv3_event ev;
	uint64_t *q;
	uint32_t prod;

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	q = (uint64_t *)(uintptr_t)(reg64(SMMU_EVENTQ_BASE) & SMMU_Q_BASE_ADDR_MASK);
	push_event(SMMU_EVT_F_TRANSLATION, 8, 0x50000000);
	assert_true(smmuv3_event_next(&ev));
	assert_int_equal(ev.access, SMMUV3_ACCESS_WRITE);
	prod = dev.reg[SMMU_EVENTQ_PROD / 4u];
	push_event(SMMU_EVT_F_PERMISSION, 8, 0x50000000);
	q[(prod & 0x7fu) * SMMU_EVT_DWORDS + 1u] = SMMU_EVT_RNW;
	assert_true(smmuv3_event_next(&ev));
	assert_int_equal(ev.type, SMMU_EVT_F_PERMISSION);
	assert_int_equal(ev.access, SMMUV3_ACCESS_READ);
	prod = dev.reg[SMMU_EVENTQ_PROD / 4u];
	push_event(SMMU_EVT_C_BAD_STREAMID, 0x300, 0);
	q[(prod & 0x7fu) * SMMU_EVT_DWORDS + 1u] = SMMU_EVT_RNW;
	assert_true(smmuv3_event_next(&ev));
	assert_int_equal(ev.access, SMMUV3_ACCESS_UNKNOWN);
}

/* An overflow is said once per OVFLG flip and acknowledged in CONS, which
 * keeps OVACKFLG from then on; a global error once per GERROR change. */
static void test_overflow_and_gerror(void **state)
{
	struct smmuv3_event ev;

	(void)state;
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	assert_false(smmuv3_event_overflowed());
	dev.reg[SMMU_EVENTQ_PROD / 4u] |= SMMU_EVENTQ_OVFLG;
	assert_true(smmuv3_event_overflowed());
	assert_int_equal(dev.reg[SMMU_EVENTQ_CONS / 4u] & SMMU_EVENTQ_OVFLG,
			 SMMU_EVENTQ_OVFLG);
	assert_false(smmuv3_event_overflowed());
	push_event(SMMU_EVT_F_TRANSLATION, 1, 0);
	dev.reg[SMMU_EVENTQ_PROD / 4u] |= SMMU_EVENTQ_OVFLG;
	assert_true(smmuv3_event_next(&ev));
	assert_int_equal(dev.reg[SMMU_EVENTQ_CONS / 4u],
			 dev.reg[SMMU_EVENTQ_PROD / 4u]);
	dev.reg[SMMU_EVENTQ_PROD / 4u] &= ~SMMU_EVENTQ_OVFLG;
	assert_true(smmuv3_event_overflowed());
	dev.reg[SMMU_GERROR / 4u] = SMMU_GERROR_CMDQ_ERR;
	assert_int_equal(smmuv3_gerror_take(), SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(dev.reg[SMMU_GERRORN / 4u], SMMU_GERROR_CMDQ_ERR);
	assert_int_equal(smmuv3_gerror_take(), 0);
}

static void test_irqs_enable(void **state)
{
	(void)state;
	/* Not before the SMMU is enabled (a failed init leaves it off). */
	fake_smmu(IDR0_QEMU, IDR1_QEMU | SMMU_IDR1_QUEUES_PRESET);
	assert_false(smmuv3_init(&dt_virt, &info, err, sizeof(err)));
	assert_false(smmuv3_irqs_enable(err, sizeof(err)));
	fake_smmu(IDR0_QEMU, IDR1_QEMU);
	init_ok(&dt_virt);
	assert_true(smmuv3_irqs_enable(err, sizeof(err)));
	assert_int_equal(dev.reg[SMMU_IRQ_CTRL / 4u],
			 SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_virt),
		cmocka_unit_test(test_find_iommu_map_entries),
		cmocka_unit_test(test_find_absent_and_malformed),
		cmocka_unit_test(test_init_sequence),
		cmocka_unit_test(test_init_table_size),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_stage1_only),
		cmocka_unit_test(test_tables_preset_refused),
		cmocka_unit_test(test_gbpa_timeout),
		cmocka_unit_test(test_cr0ack_timeout),
		cmocka_unit_test(test_sync_timeout),
		cmocka_unit_test(test_command_error),
		cmocka_unit_test(test_assign_and_abort),
		cmocka_unit_test(test_ste_update_order),
		cmocka_unit_test(test_stream_record),
		cmocka_unit_test(test_assign_refusals),
		cmocka_unit_test(test_assign_sync_timeout),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_event_access),
		cmocka_unit_test(test_overflow_and_gerror),
		cmocka_unit_test(test_irqs_enable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
