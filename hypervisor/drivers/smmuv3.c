/* SPDX-License-Identifier: MIT */
#include "drivers/smmuv3.h"

#include "drivers/smmuv3_regs.h"
#include "lib/fdt.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "spec/gic.h"
#include "spec/gic_dt.h"

#include "arch/cache.h"
#include "arch/mmio.h"
#include "arch/spinlock.h"

/* Queue sizes (entries, log2; the smaller of this and IDR1.CMDQS/EVENTQS
 * is used). Commands: 4 KiB. Events: 64 KiB, 2048 records: one blocked
 * 4 KiB transfer under QEMU is about 1024 (4-byte accesses, each
 * recorded), so the burst that makes core/dma_fault.c pause a flooding
 * partition's recording still fits, with room for everyone else's. */
#define SMMUV3_CMDQ_LOG2 8u
#define SMMUV3_EVTQ_LOG2 11u
#define SMMUV3_CMDQ_ENTRIES (1u << SMMUV3_CMDQ_LOG2)
#define SMMUV3_EVTQ_ENTRIES (1u << SMMUV3_EVTQ_LOG2)

/* A linear stream table is aligned to its size, a queue to its size
 * (IHI 0070 6.3.24, 6.3.26). */
static uint64_t strtab[SMMUV3_MAX_STREAMS * SMMU_STE_DWORDS]
	__attribute__((aligned(SMMUV3_MAX_STREAMS * SMMU_STE_DWORDS * 8u)));
static uint64_t cmdq[SMMUV3_CMDQ_ENTRIES * SMMU_CMD_DWORDS]
	__attribute__((aligned(SMMUV3_CMDQ_ENTRIES * SMMU_CMD_DWORDS * 8u)));
static uint64_t evtq[SMMUV3_EVTQ_ENTRIES * SMMU_EVT_DWORDS]
	__attribute__((aligned(SMMUV3_EVTQ_ENTRIES * SMMU_EVT_DWORDS * 8u)));

static struct smmuv3_state {
	uintptr_t base;
	bool enabled;
	bool stage2;
	uint32_t streams;
	uint32_t cmdq_log2;
	uint32_t evtq_log2;
	uint32_t cmdq_prod;   /* index with wrap bit, as CMDQ_PROD */
	uint32_t evtq_cons;   /* index with wrap bit, as EVENTQ_CONS */
	uint32_t evtq_ovack;  /* OVACKFLG as last written */
	uint32_t vmid[SMMUV3_MAX_STREAMS]; /* 0: not assigned */
} smmu;
/* The command queue, the stream table and the event queue's CONS are
 * shared by every CPU (a partition stopped on one while another drains
 * events): one lock, outside struct smmuv3_state so init's reset leaves
 * it alone. */
static struct spinlock smmu_lock;

static uint32_t rd(uint32_t off)
{
	return mmio_read32(smmu.base + off);
}

static void wr(uint32_t off, uint32_t v)
{
	mmio_write32(smmu.base + off, v);
}

/* 64-bit registers as two 32-bit halves, low first (IHI 0070 6.2 allows
 * 32-bit accesses to them). */
static void wr64(uint32_t off, uint64_t v)
{
	wr(off, (uint32_t)v);
	wr(off + 4u, (uint32_t)(v >> 32));
}

/* ---- the device tree ---- */

/* Index of name in the stringlist property; -1 if absent. */
static int dt_string_index(const struct fdt *fdt, int node, const char *prop,
			   const char *name)
{
	uint32_t len = 0;
	const char *s = fdt_get_prop(fdt, node, prop, &len);
	uint32_t pos = 0;
	int idx = 0;

	if (s == NULL)
		return -1;
	while (pos < len) {
		uint32_t n = (uint32_t)sk_strnlen(s + pos, len - pos);

		if (n == sk_strlen(name) && sk_strncmp(s + pos, name, n) == 0)
			return idx;
		pos += n + 1u;
		idx++;
	}
	return -1;
}

/* The SPI named name in interrupt-names (three-cell GIC specifiers,
 * spec/gic_dt.h); 0 if not described. */
static uint32_t dt_named_spi(const struct fdt *fdt, int node, const char *name)
{
	int idx = dt_string_index(fdt, node, "interrupt-names", name);
	uint32_t len = 0;
	const uint8_t *v = fdt_get_prop(fdt, node, "interrupts", &len);
	uint32_t at;

	if (idx < 0 || v == NULL)
		return 0;
	at = (uint32_t)idx * 12u;
	if (at + 12u > len || fdt_read_cells(v + at, 1) != GIC_DT_INTR_SPI)
		return 0;
	return GIC_INTID_SPI_FIRST + (uint32_t)fdt_read_cells(v + at + 4u, 1);
}

/* Every SPI of the node's "interrupts" (three-cell specifiers), at most
 * SMMUV3_DT_SPIS. */
static void dt_all_spis(const struct fdt *fdt, int node, struct smmuv3_dt *out)
{
	uint32_t len = 0;
	const uint8_t *v = fdt_get_prop(fdt, node, "interrupts", &len);

	for (uint32_t at = 0; v != NULL && at + 12u <= len &&
			      out->spi_count < SMMUV3_DT_SPIS; at += 12u) {
		if (fdt_read_cells(v + at, 1) != GIC_DT_INTR_SPI)
			continue;
		out->spis[out->spi_count] = GIC_INTID_SPI_FIRST +
			(uint32_t)fdt_read_cells(v + at + 4u, 1);
		out->spi_count++;
	}
}

/* One past the last stream ID any node's iommu-map (rid-base, iommu
 * phandle, iommu-base, length; one cell each for #iommu-cells = 1) sends
 * to the SMMU whose phandle is ph. */
static uint32_t dt_sid_end(const struct fdt *fdt, uint32_t ph)
{
	uint64_t end = 0;

	for (int n = fdt_find_compatible(fdt, -1, "pci-host-ecam-generic");
	     n >= 0; n = fdt_find_compatible(fdt, n, "pci-host-ecam-generic")) {
		uint32_t len = 0;
		const uint8_t *m = fdt_get_prop(fdt, n, "iommu-map", &len);

		for (uint32_t at = 0; m != NULL && at + 16u <= len; at += 16u) {
			uint64_t e;

			if ((uint32_t)fdt_read_cells(m + at + 4u, 1) != ph)
				continue;
			e = fdt_read_cells(m + at + 8u, 1) +
			    fdt_read_cells(m + at + 12u, 1);
			if (e > end)
				end = e;
		}
	}
	return end > UINT32_MAX ? UINT32_MAX : (uint32_t)end;
}

int smmuv3_find(const struct fdt *fdt, struct smmuv3_dt *out, char *err,
		uint32_t err_size)
{
	uint32_t ph = 0;
	int n;

	(void)sk_memset(out, 0, sizeof(*out));
	n = fdt_find_compatible(fdt, -1, "arm,smmu-v3");
	if (n < 0)
		return 0;
	if (!fdt_get_reg(fdt, n, 0, &out->base, &out->size) ||
	    out->size < SMMU_REG_SIZE) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 %s: \"reg\" missing or smaller than its two 64 KiB pages (0x%llx)",
				  fdt_node_name(fdt, n),
				  (unsigned long long)out->size);
		return -1;
	}
	out->eventq_intid = dt_named_spi(fdt, n, "eventq");
	out->gerror_intid = dt_named_spi(fdt, n, "gerror");
	dt_all_spis(fdt, n, out);
	if (fdt_get_u32(fdt, n, "phandle", &ph)) {
		out->phandle = ph;
		out->sid_end = dt_sid_end(fdt, ph);
	}
	return 1;
}

/* ---- register sequences ---- */

/* Polls off until (value & mask) == want; false after SMMUV3_POLL_LIMIT. */
static bool poll(uint32_t off, uint32_t mask, uint32_t want)
{
	for (uint32_t i = 0; i < SMMUV3_POLL_LIMIT; i++) {
		if ((rd(off) & mask) == want)
			return true;
	}
	return false;
}

/* GBPA's update protocol (IHI 0070 6.3.14): wait for UPDATE clear, write
 * with UPDATE set, wait for the SMMU to clear it. */
static bool gbpa_abort(char *err, uint32_t err_size)
{
	bool ok = poll(SMMU_GBPA, SMMU_GBPA_UPDATE, 0);

	if (ok) {
		wr(SMMU_GBPA, SMMU_GBPA_ABORT | SMMU_GBPA_UPDATE);
		ok = poll(SMMU_GBPA, SMMU_GBPA_UPDATE, 0);
	}
	if (!ok) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 0x%llx: GBPA.UPDATE did not clear (global bypass not set to abort)",
				  (unsigned long long)smmu.base);
		return false;
	}
	return true;
}

/* CR0 and its acknowledgement in CR0ACK (6.3.9, 6.3.10). */
static bool cr0_set(uint32_t v, char *err, uint32_t err_size)
{
	wr(SMMU_CR0, v);
	if (!poll(SMMU_CR0ACK, 0xffffffffu, v)) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 0x%llx: CR0ACK did not acknowledge CR0 = 0x%x (reads 0x%x)",
				  (unsigned long long)smmu.base, v, rd(SMMU_CR0ACK));
		return false;
	}
	return true;
}

static bool irq_ctrl_set(uint32_t v, char *err, uint32_t err_size)
{
	wr(SMMU_IRQ_CTRL, v);
	if (!poll(SMMU_IRQ_CTRLACK, 0xffffffffu, v)) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 0x%llx: IRQ_CTRLACK did not acknowledge IRQ_CTRL = 0x%x",
				  (unsigned long long)smmu.base, v);
		return false;
	}
	return true;
}

static void cmd_put(uint64_t w0, uint64_t w1)
{
	uint32_t mask = (1u << smmu.cmdq_log2) - 1u;
	uint64_t *e = &cmdq[(smmu.cmdq_prod & mask) * SMMU_CMD_DWORDS];

	e[0] = w0;
	e[1] = w1;
	/* Visible to the SMMU before PROD moves (and in memory if it does
	 * not snoop caches). */
	dcache_clean_inval_range(e, SMMU_CMD_DWORDS * 8u);
	smmu.cmdq_prod = (smmu.cmdq_prod + 1u) & ((2u << smmu.cmdq_log2) - 1u);
}

/* Publishes the commands queued with a CMD_SYNC after them, and waits
 * for the SMMU to consume them all (CMDQ_CONS reaching CMDQ_PROD: with
 * CS = SIG_NONE the sync's completion is its consumption, 4.7.3). */
static bool cmd_sync(const char *what, char *err, uint32_t err_size)
{
	uint32_t cons = 0;
	uint32_t i;

	cmd_put(SMMU_CMD_SYNC, 0);
	wr(SMMU_CMDQ_PROD, smmu.cmdq_prod);
	for (i = 0; i < SMMUV3_POLL_LIMIT; i++) {
		cons = rd(SMMU_CMDQ_CONS);
		if (((rd(SMMU_GERROR) ^ rd(SMMU_GERRORN)) & SMMU_GERROR_CMDQ_ERR) != 0u) {
			(void)sk_snprintf(err, err_size,
					  "SMMUv3 0x%llx: %s: command queue error %u (CMDQ_CONS 0x%x)",
					  (unsigned long long)smmu.base, what,
					  (cons >> SMMU_CMDQ_CONS_ERR_SHIFT) & SMMU_CMDQ_CONS_ERR_MASK,
					  cons);
			return false;
		}
		if ((cons & ((2u << smmu.cmdq_log2) - 1u)) == smmu.cmdq_prod)
			return true;
	}
	(void)sk_snprintf(err, err_size,
			  "SMMUv3 0x%llx: %s: CMD_SYNC not completed (CMDQ_PROD 0x%x, CMDQ_CONS 0x%x)",
			  (unsigned long long)smmu.base, what, smmu.cmdq_prod, cons);
	return false;
}

static void ste_write(uint32_t sid, const uint64_t w[SMMU_STE_DWORDS])
{
	uint64_t *ste = &strtab[sid * SMMU_STE_DWORDS];
	bool to_abort = (w[0] >> SMMU_STE_CONFIG_SHIFT & 0x7u) ==
			SMMU_STE_CONFIG_ABORT;

	/* The SMMU may fetch the entry while it changes (IHI 0070 3.21.3):
	 * towards abort, word 0 (V, Config) goes first, so a torn read sees
	 * abort and ignores the rest; towards translate, word 0 goes last,
	 * so a torn read still sees abort, never a half-written stage 2. */
	if (to_abort) {
		__atomic_store_n(&ste[0], w[0], __ATOMIC_RELEASE);
		dcache_clean_inval_range(ste, SMMU_STE_DWORDS * 8u);
	}
	for (uint32_t i = 1; i < SMMU_STE_DWORDS; i++)
		ste[i] = w[i];
	dcache_clean_inval_range(ste, SMMU_STE_DWORDS * 8u);
	if (!to_abort) {
		__atomic_store_n(&ste[0], w[0], __ATOMIC_RELEASE);
		dcache_clean_inval_range(ste, SMMU_STE_DWORDS * 8u);
	}
}

/* Valid, Config = SMMU_STE_CONFIG_ABORT (0b000): every transaction of
 * the stream is terminated, no event recorded (IHI 0070 5.2). */
static const uint64_t ste_abort[SMMU_STE_DWORDS] = {
	SMMU_STE_V, 0, 0, 0, 0, 0, 0, 0,
};

static uint32_t log2_ceil(uint32_t n)
{
	uint32_t l = 0;

	while (l < 31u && (1u << l) < n)
		l++;
	return l;
}

static uint32_t smmu_min(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static uint32_t oas_bits(uint32_t field)
{
	static const uint32_t bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	return field < 7u ? bits[field] : 48u;
}

/* Reads the ID registers and decides the table and queue sizes. */
static bool probe(const struct smmuv3_dt *dt, struct smmuv3_info *info,
		  char *err, uint32_t err_size)
{
	uint32_t ttf;
	uint32_t st_log2;

	info->idr0 = rd(SMMU_IDR0);
	info->idr1 = rd(SMMU_IDR1);
	info->idr5 = rd(SMMU_IDR5);
	if ((info->idr1 & (SMMU_IDR1_TABLES_PRESET | SMMU_IDR1_QUEUES_PRESET)) != 0u) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 0x%llx: IDR1 0x%x: tables or queues at fixed addresses (TABLES_PRESET/QUEUES_PRESET) are not supported",
				  (unsigned long long)dt->base, info->idr1);
		return false;
	}
	ttf = (info->idr0 >> SMMU_IDR0_TTF_SHIFT) & SMMU_IDR0_TTF_MASK;
	info->stage2 = (info->idr0 & SMMU_IDR0_S2P) != 0u &&
		       (ttf & SMMU_IDR0_TTF_AA64) != 0u &&
		       (info->idr5 & SMMU_IDR5_GRAN4K) != 0u;
	info->coherent = (info->idr0 & SMMU_IDR0_COHACC) != 0u;
	info->sid_bits = info->idr1 & SMMU_IDR1_SIDSIZE_MASK;
	info->oas_bits = oas_bits(info->idr5 & SMMU_IDR5_OAS_MASK);
	/* The table covers the streams the iommu-map routes here (all of
	 * the SMMU's if there is no map), bounded by what it implements and
	 * by the static table. */
	st_log2 = dt->sid_end != 0u ? log2_ceil(dt->sid_end) : info->sid_bits;
	st_log2 = smmu_min(smmu_min(st_log2, info->sid_bits), SMMUV3_MAX_STREAMS_LOG2);
	info->streams = 1u << st_log2;
	info->sid_end = dt->sid_end;
	smmu.streams = info->streams;
	smmu.stage2 = info->stage2;
	smmu.cmdq_log2 = smmu_min(SMMUV3_CMDQ_LOG2,
				 (info->idr1 >> SMMU_IDR1_CMDQS_SHIFT) & SMMU_IDR1_QS_MASK);
	smmu.evtq_log2 = smmu_min(SMMUV3_EVTQ_LOG2,
				 (info->idr1 >> SMMU_IDR1_EVENTQS_SHIFT) & SMMU_IDR1_QS_MASK);
	return true;
}

static uint32_t cr1_value(bool coherent)
{
	uint32_t c = SMMU_CR1_CACHE_NC;
	uint32_t sh = SMMU_CR1_SH_NSH;

	if (coherent) {
		c = SMMU_CR1_CACHE_WB;
		sh = SMMU_CR1_SH_ISH;
	}

	return (c << SMMU_CR1_QUEUE_IC_SHIFT) | (c << SMMU_CR1_QUEUE_OC_SHIFT) |
	       (sh << SMMU_CR1_QUEUE_SH_SHIFT) | (c << SMMU_CR1_TABLE_IC_SHIFT) |
	       (c << SMMU_CR1_TABLE_OC_SHIFT) | (sh << SMMU_CR1_TABLE_SH_SHIFT);
}

bool smmuv3_init(const struct smmuv3_dt *dt, struct smmuv3_info *info,
		 char *err, uint32_t err_size)
{
	uint32_t cr0;

	(void)sk_memset(&smmu, 0, sizeof(smmu));
	(void)sk_memset(info, 0, sizeof(*info));
	smmu.base = (uintptr_t)dt->base;
	if (!probe(dt, info, err, err_size))
		return false;
	/* Abort first, then off: from here until SMMUEN nothing passes. */
	if (!gbpa_abort(err, err_size) || !cr0_set(0, err, err_size) ||
	    !irq_ctrl_set(0, err, err_size))
		return false;

	for (uint32_t sid = 0; sid < smmu.streams; sid++)
		ste_write(sid, ste_abort);
	(void)sk_memset(cmdq, 0, sizeof(cmdq));
	(void)sk_memset(evtq, 0, sizeof(evtq));
	dcache_clean_inval_range(cmdq, sizeof(cmdq));
	dcache_clean_inval_range(evtq, sizeof(evtq));

	wr(SMMU_CR1, cr1_value(info->coherent));
	wr(SMMU_CR2, 0);
	wr64(SMMU_STRTAB_BASE, SMMU_STRTAB_BASE_RA |
	     ((uint64_t)(uintptr_t)strtab & SMMU_STRTAB_BASE_ADDR_MASK));
	wr(SMMU_STRTAB_BASE_CFG, SMMU_STRTAB_BASE_CFG_FMT_LINEAR |
	   log2_ceil(smmu.streams));
	wr64(SMMU_CMDQ_BASE, SMMU_Q_BASE_RA_WA |
	     ((uint64_t)(uintptr_t)cmdq & SMMU_Q_BASE_ADDR_MASK) | smmu.cmdq_log2);
	wr(SMMU_CMDQ_PROD, 0);
	wr(SMMU_CMDQ_CONS, 0);
	wr64(SMMU_EVENTQ_BASE, SMMU_Q_BASE_RA_WA |
	     ((uint64_t)(uintptr_t)evtq & SMMU_Q_BASE_ADDR_MASK) | smmu.evtq_log2);
	wr(SMMU_EVENTQ_PROD, 0);
	wr(SMMU_EVENTQ_CONS, 0);

	cr0 = SMMU_CR0_CMDQEN;
	if (!cr0_set(cr0, err, err_size))
		return false;
	/* Nothing the SMMU cached before (firmware's configuration) stays. */
	cmd_put(SMMU_CMD_CFGI_ALL, SMMU_CMD_CFGI_ALL_RANGE);
	if (!cmd_sync("CMD_CFGI_ALL", err, err_size))
		return false;
	cr0 |= SMMU_CR0_EVTQEN;
	if (!cr0_set(cr0, err, err_size))
		return false;
	cr0 |= SMMU_CR0_SMMUEN;
	if (!cr0_set(cr0, err, err_size))
		return false;
	smmu.enabled = true;
	return true;
}

void smmuv3_describe(const struct smmuv3_info *info, char *buf, uint32_t size)
{
	char beyond[48];

	beyond[0] = '\0';
	if (info->sid_end > info->streams)
		(void)sk_snprintf(beyond, sizeof(beyond), " (%u..%u terminated)",
				  info->streams, info->sid_end - 1u);
	/* One console line (at most 160 columns). */
	if (!info->stage2) {
		(void)sk_snprintf(buf, size,
				  "SMMUv3 0x%llx: stage 1 only: DMA-capable devices behind it are refused; bypass aborts, streams 0..%u abort%s",
				  (unsigned long long)smmu.base, info->streams - 1u, beyond);
		return;
	}
	(void)sk_snprintf(buf, size,
			  "SMMUv3 0x%llx: stage 2, %u-bit stream IDs, %u-bit PA, %scoherent; enabled, bypass aborts, streams 0..%u abort%s",
			  (unsigned long long)smmu.base, info->sid_bits,
			  info->oas_bits, info->coherent ? "" : "not ",
			  info->streams - 1u, beyond);
}

/* ---- streams ---- */

static bool stream_check(uint32_t sid, char *err, uint32_t err_size)
{
	if (!smmu.enabled) {
		(void)sk_snprintf(err, err_size, "SMMUv3: stream %u: no SMMU enabled", sid);
		return false;
	}
	if (sid >= smmu.streams) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 0x%llx: stream %u is outside its stream table (%u entries)",
				  (unsigned long long)smmu.base, sid, smmu.streams);
		return false;
	}
	return true;
}

/* VTCR_EL2 fields (Arm ARM D19.2.x VTCR_EL2). */
#define VTCR_T0SZ(v)  ((v) & 0x3full)
#define VTCR_SL0(v)   (((v) >> 6) & 0x3ull)
#define VTCR_IRGN0(v) (((v) >> 8) & 0x3ull)
#define VTCR_ORGN0(v) (((v) >> 10) & 0x3ull)
#define VTCR_SH0(v)   (((v) >> 12) & 0x3ull)
#define VTCR_TG0(v)   (((v) >> 14) & 0x3ull)
#define VTCR_PS(v)    (((v) >> 16) & 0x7ull)

static bool stream_invalidate(uint32_t sid, uint32_t vmid, const char *what,
			      char *err, uint32_t err_size)
{
	cmd_put(SMMU_CMD_CFGI_STE | ((uint64_t)sid << SMMU_CMD_SID_SHIFT), 1);
	if (vmid != 0u)
		cmd_put(SMMU_CMD_TLBI_S12_VMALL |
			((uint64_t)vmid << SMMU_CMD_VMID_SHIFT), 0);
	return cmd_sync(what, err, err_size);
}

bool smmuv3_stream_assign(uint32_t sid, const struct smmuv3_s2 *s2,
			  char *err, uint32_t err_size)
{
	uint64_t w[SMMU_STE_DWORDS] = { 0 };
	bool ok;

	if (!stream_check(sid, err, err_size))
		return false;
	if (!smmu.stage2) {
		(void)sk_snprintf(err, err_size,
				  "SMMUv3 0x%llx: stream %u: stage 1 only, a partition's DMA cannot be confined",
				  (unsigned long long)smmu.base, sid);
		return false;
	}
	if (s2->vmid == 0u || s2->vmid > SMMU_STE2_S2VMID_MASK) {
		(void)sk_snprintf(err, err_size, "SMMUv3: stream %u: VMID %u out of range",
				  sid, s2->vmid);
		return false;
	}
	w[0] = SMMU_STE_V | (SMMU_STE_CONFIG_S2 << SMMU_STE_CONFIG_SHIFT);
	w[2] = (uint64_t)s2->vmid |
	       (VTCR_T0SZ(s2->vtcr) << SMMU_STE2_S2T0SZ_SHIFT) |
	       (VTCR_SL0(s2->vtcr) << SMMU_STE2_S2SL0_SHIFT) |
	       (VTCR_IRGN0(s2->vtcr) << SMMU_STE2_S2IR0_SHIFT) |
	       (VTCR_ORGN0(s2->vtcr) << SMMU_STE2_S2OR0_SHIFT) |
	       (VTCR_SH0(s2->vtcr) << SMMU_STE2_S2SH0_SHIFT) |
	       (VTCR_TG0(s2->vtcr) << SMMU_STE2_S2TG_SHIFT) |
	       (VTCR_PS(s2->vtcr) << SMMU_STE2_S2PS_SHIFT) |
	       SMMU_STE2_S2AA64 | SMMU_STE2_S2PTW | SMMU_STE2_S2R;
	w[3] = s2->root & SMMU_STE3_S2TTB_MASK;
	/* From abort straight to translate (ste_write's order). */
	spin_lock(&smmu_lock);
	ste_write(sid, w);
	smmu.vmid[sid] = s2->vmid;
	ok = stream_invalidate(sid, s2->vmid, "CMD_CFGI_STE", err, err_size);
	spin_unlock(&smmu_lock);
	return ok;
}

bool smmuv3_stream_record(uint32_t sid, bool on, char *err, uint32_t err_size)
{
	uint64_t *w2;
	uint64_t v;
	bool ok;

	if (!stream_check(sid, err, err_size))
		return false;
	spin_lock(&smmu_lock);
	if (smmu.vmid[sid] == 0u) {
		/* aborting: nothing is recorded anyway */
		spin_unlock(&smmu_lock);
		return true;
	}
	/* One 64-bit word of a valid STE may change in place, followed by
	 * CMD_CFGI_STE (IHI 0070 3.21.3); S2R only says whether a stage-2
	 * fault is recorded: the transaction is terminated either way. */
	w2 = &strtab[sid * SMMU_STE_DWORDS + 2u];
	v = on ? (*w2 | SMMU_STE2_S2R) : (*w2 & ~SMMU_STE2_S2R);
	__atomic_store_n(w2, v, __ATOMIC_RELEASE);
	dcache_clean_inval_range(w2, 8u);
	ok = stream_invalidate(sid, 0, "CMD_CFGI_STE", err, err_size);
	spin_unlock(&smmu_lock);
	return ok;
}

bool smmuv3_stream_abort(uint32_t sid, char *err, uint32_t err_size)
{
	uint32_t vmid;
	bool ok;

	if (!stream_check(sid, err, err_size))
		return false;
	spin_lock(&smmu_lock);
	vmid = smmu.vmid[sid];
	ste_write(sid, ste_abort);
	smmu.vmid[sid] = 0;
	ok = stream_invalidate(sid, vmid, "CMD_CFGI_STE", err, err_size);
	spin_unlock(&smmu_lock);
	return ok;
}

/* ---- events ---- */

bool smmuv3_event_next(struct smmuv3_event *ev)
{
	uint32_t mask = (1u << smmu.evtq_log2) - 1u;
	uint32_t wrap = (2u << smmu.evtq_log2) - 1u;
	uint32_t prod;
	const uint64_t *e;

	if (!smmu.enabled)
		return false;
	spin_lock(&smmu_lock);
	prod = rd(SMMU_EVENTQ_PROD) & wrap;
	if (prod == smmu.evtq_cons) {
		spin_unlock(&smmu_lock);
		return false;
	}
	e = &evtq[(smmu.evtq_cons & mask) * SMMU_EVT_DWORDS];
	dcache_clean_inval_range(e, SMMU_EVT_DWORDS * 8u);
	ev->type = (uint32_t)(e[0] & SMMU_EVT_TYPE_MASK);
	ev->sid = (uint32_t)(e[0] >> SMMU_EVT_SID_SHIFT);
	ev->addr = e[2];
	ev->access = SMMUV3_ACCESS_UNKNOWN;
	if (ev->type >= SMMU_EVT_F_TRANSLATION &&
	    ev->type <= SMMU_EVT_F_PERMISSION)
		ev->access = (e[1] & SMMU_EVT_RNW) != 0u ? SMMUV3_ACCESS_READ
							  : SMMUV3_ACCESS_WRITE;
	ev->pos = smmu.evtq_cons;
	smmu.evtq_cons = (smmu.evtq_cons + 1u) & wrap;
	wr(SMMU_EVENTQ_CONS, smmu.evtq_cons | smmu.evtq_ovack);
	spin_unlock(&smmu_lock);
	return true;
}

uint32_t smmuv3_event_end(void)
{
	if (!smmu.enabled)
		return 0;
	return rd(SMMU_EVENTQ_PROD) & ((2u << smmu.evtq_log2) - 1u);
}

bool smmuv3_event_overflowed(void)
{
	uint32_t flag;

	if (!smmu.enabled)
		return false;
	spin_lock(&smmu_lock);
	flag = rd(SMMU_EVENTQ_PROD) & SMMU_EVENTQ_OVFLG;
	if (flag == smmu.evtq_ovack) {
		spin_unlock(&smmu_lock);
		return false;
	}
	smmu.evtq_ovack = flag;
	wr(SMMU_EVENTQ_CONS, smmu.evtq_cons | smmu.evtq_ovack);
	spin_unlock(&smmu_lock);
	return true;
}

uint32_t smmuv3_gerror_take(void)
{
	uint32_t gerror;
	uint32_t active;

	if (!smmu.enabled)
		return 0;
	/* 6.3.18: an error is active while its GERROR bit differs from
	 * GERRORN's; writing GERRORN equal acknowledges it. */
	gerror = rd(SMMU_GERROR);
	active = gerror ^ rd(SMMU_GERRORN);
	if (active != 0u)
		wr(SMMU_GERRORN, gerror);
	return active;
}

bool smmuv3_irqs_enable(char *err, uint32_t err_size)
{
	bool ok;

	if (!smmu.enabled) {
		(void)sk_snprintf(err, err_size, "SMMUv3 not enabled");
		return false;
	}
	spin_lock(&smmu_lock);
	ok = irq_ctrl_set(SMMU_IRQ_CTRL_GERROR_IRQEN | SMMU_IRQ_CTRL_EVENTQ_IRQEN,
			  err, err_size);
	spin_unlock(&smmu_lock);
	return ok;
}

const char *smmuv3_event_name(uint32_t type)
{
	switch (type) {
	case SMMU_EVT_C_BAD_STREAMID:
		return "C_BAD_STREAMID";
	case SMMU_EVT_F_STE_FETCH:
		return "F_STE_FETCH";
	case SMMU_EVT_C_BAD_STE:
		return "C_BAD_STE";
	case SMMU_EVT_F_TRANSLATION:
		return "F_TRANSLATION";
	case SMMU_EVT_F_ADDR_SIZE:
		return "F_ADDR_SIZE";
	case SMMU_EVT_F_ACCESS:
		return "F_ACCESS";
	case SMMU_EVT_F_PERMISSION:
		return "F_PERMISSION";
	default:
		return "unknown";
	}
}
