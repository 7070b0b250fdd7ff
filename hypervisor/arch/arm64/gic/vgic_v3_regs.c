/* SPDX-License-Identifier: MIT */
/*
 * GICv3 distributor and redistributor as a partition sees them (IHI 0069,
 * chapter 12.9 GICD_*, 12.10/12.11 GICR_*). Affinity routing is always on
 * and the partition sees one security state, the Non-secure view. Pure C:
 * host unit tests drive these tables directly.
 */
#include "arch/arm64/gic/vgic_regs.h"

#include "core/partition.h"
#include "lib/array.h"

/* GICD_TYPER: IDbits = 9 (10-bit INTIDs), no LPIs, no MBIs */
#define VGIC_V3_TYPER_IDBITS  (9u << GICD_TYPER_IDBITS_SHIFT)

/* ---- distributor (IHI 0069H 12.9) ---- */

/* GICD_CTLR, Non-secure view with two security states (12.9.4): ARE_NS
 * always set, both group 1 enables one switch. */
static uint64_t vgicd_v3_read_ctlr(struct vgic_frame *f, uint32_t intid,
				   uint32_t byte, uint32_t size)
{
	(void)intid; (void)byte; (void)size;
	return GICD_CTLR_ARE |
	       (f->g->enabled ? GICD_CTLR_NS_GRP1A | GICD_CTLR_NS_GRP1 : 0u);
}

static void vgicd_v3_write_ctlr(struct vgic_frame *f, uint32_t intid,
				uint32_t byte, uint32_t size, uint64_t val)
{
	(void)intid; (void)byte; (void)size;
	vgic_set_enabled(f->g, (val & (GICD_CTLR_NS_GRP1 |
				       GICD_CTLR_NS_GRP1A)) != 0u);
}

static uint64_t vgicd_v3_read_typer(struct vgic_frame *f, uint32_t intid,
				    uint32_t byte, uint32_t size)
{
	(void)intid; (void)byte; (void)size;
	return VGIC_V3_TYPER_IDBITS |
	       ((f->g->nr_vcpus - 1u) << GICD_TYPER_CPUS_SHIFT) |
	       (VGIC_NR_IRQS / 32u - 1u);
}

/* IROUTER<n>, n = INTID (12.9.22); only Aff0 matters (vCPU index), IRM=1
 * (any CPU) delivers to vCPU 0. */
static uint64_t vgicd_read_irouter(struct vgic_frame *f, uint32_t intid,
				   uint32_t byte, uint32_t size)
{
	struct vgic_irq *irq = vgic_irq_get(f->g, vcpu_index_of(0), intid);
	uint64_t r = irq != NULL && intid >= VGIC_NR_PRIVATE ? irq->irouter : 0u;

	return size == 8u ? r : (r >> (8u * byte)) & 0xffffffffu;
}

static void vgicd_write_irouter(struct vgic_frame *f, uint32_t intid,
				uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_irq *irq = vgic_irq_get(f->g, vcpu_index_of(0), intid);
	uint64_t r;

	if (irq == NULL || intid < VGIC_NR_PRIVATE)
		return;
	if (size == 8u) {
		r = val;
	} else {
		uint64_t mask = 0xffffffffull << (8u * byte);

		r = (irq->irouter & ~mask) | ((val << (8u * byte)) & mask);
	}
	irq->irouter = r;
	vgic_set_target(f->g, intid,
			vcpu_index_of((r & GICD_IROUTER_IRM) != 0u ? 0u
				      : (uint32_t)(r & GICD_IROUTER_AFF0_MASK)));
}

/* What GICv3 adds to or changes in vgicd_shared_regs; rows without a
 * handler are RAZ/WI. */
static const struct vgic_reg vgicd_v3_regs[] = {
	{ .offset = GICD_CTLR, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgicd_v3_read_ctlr, .write = vgicd_v3_write_ctlr },
	{ .offset = GICD_TYPER, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgicd_v3_read_typer },
	{ .offset = GICD_TYPER2, .len = 4, .width = 4, .access = MMIO_W32 },
	{ .offset = GICD_STATUSR, .len = 4, .width = 4, .access = MMIO_W32 },
	/* RES0 with affinity routing (12.9.29) */
	{ .offset = GICD_ITARGETSR,
	  .len = VGIC_PER_IRQ_LEN(8u, GICD_BYTE_INTIDS), .width = 4,
	  .access = MMIO_W8 | MMIO_W32, .bits_per_irq = 8 },
	{ .offset = GICD_IGRPMODR, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1 },
	{ .offset = GICD_NSACR, .len = VGIC_PER_IRQ_LEN(2u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 2 },
	/* RES0 with affinity routing (12.9.27): SGIs go by ICC_SGI1R_EL1 */
	{ .offset = GICD_SGIR, .len = 4, .width = 4, .access = MMIO_W32 },
	{ .offset = GICD_IROUTER,
	  .len = VGIC_PER_IRQ_LEN(64u, GICD_BYTE_INTIDS), .width = 8,
	  .access = MMIO_W32 | MMIO_W64, .bits_per_irq = 64,
	  .read = vgicd_read_irouter, .write = vgicd_write_irouter },
	{ .offset = GICD_ID_V3, .len = GICD_PIDR2_V3 - GICD_ID_V3, .width = 4,
	  .access = MMIO_W32 },
	{ .offset = GICD_PIDR2_V3, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgic_read_pidr2 },
	{ .offset = GICD_PIDR2_V3 + 4u,
	  .len = GICD_ID_V3 + 4u * GICD_ID_COUNT - (GICD_PIDR2_V3 + 4u),
	  .width = 4, .access = MMIO_W32 },
};

bool vgic_v3_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a)
{
	struct vgic *g = dev;
	struct vgic_frame f = { .g = g, .vcpu = vcpu_index_of(0),
				 .private_raz = true };
	bool ok;

	vgic_sync_caller(g, v);
	spin_lock(&g->lock);
	ok = vgicd_access(vgicd_v3_regs, ARRAY_SIZE(vgicd_v3_regs), &f, offset,
			  a);
	/* What the timer fast path copied may have changed. */
	if (a->write)
		vgic_timer_fast_off(g);
	spin_unlock(&g->lock);
	return ok;
}

/*
 * The light exit path's distributor reads (arch/arm64/trap.c): the
 * read-only registers whose value is fixed when the vGIC is set up
 * (GICD_TYPER, GICD_IIDR, GICD_PIDR2), read by their own handlers of
 * vgicd_v3_regs, without vgic_sync_caller and the lock, which they do not
 * need. ipa is the guest-physical address read; true and *val set when it
 * is one of them in this GICv3 distributor.
 */
bool vgic_v3_dist_read_fixed(struct vgic *g, uint64_t ipa, uint32_t *val)
{
	struct vgic_frame f = { .g = g, .vcpu = vcpu_index_of(0),
				 .private_raz = true };
	uint64_t r;

	if (g->version != 3u)
		return false;
	switch (ipa - g->dist_base) {
	case GICD_TYPER:
		r = vgicd_v3_read_typer(&f, 0, 0, 4);
		break;
	case GICD_IIDR:
		r = vgic_read_iidr(&f, 0, 0, 4);
		break;
	case GICD_PIDR2_V3:
		r = vgic_read_pidr2(&f, 0, 0, 4);
		break;
	default:
		return false;
	}
	*val = (uint32_t)r;
	return true;
}

/* ---- redistributors (IHI 0069H 12.10, 12.11): one 128 KiB frame pair
 * per vCPU ---- */

static uint64_t vgicr_read_typer(struct vgic_frame *f, uint32_t intid,
				 uint32_t byte, uint32_t size)
{
	uint64_t t = ((uint64_t)f->vcpu.index << GICR_TYPER_AFF_SHIFT) |
		     ((uint64_t)f->vcpu.index << GICR_TYPER_PROC_SHIFT);

	(void)intid;
	if (f->vcpu.index + 1u == f->g->nr_vcpus)
		t |= GICR_TYPER_LAST;
	return size == 8u ? t : (t >> (8u * byte)) & 0xffffffffu;
}

static uint64_t vgicr_read_waker(struct vgic_frame *f, uint32_t intid,
				 uint32_t byte, uint32_t size)
{
	(void)intid; (void)byte; (void)size;
	return f->g->cpu[f->vcpu.index].asleep
		? GICR_WAKER_PSLEEP | GICR_WAKER_CASLEEP : 0u;
}

static void vgicr_write_waker(struct vgic_frame *f, uint32_t intid,
			      uint32_t byte, uint32_t size, uint64_t val)
{
	(void)intid; (void)byte; (void)size;
	f->g->cpu[f->vcpu.index].asleep = (val & GICR_WAKER_PSLEEP) != 0u;
}

/* RD_base, then SGI_base with the distributor's per-interrupt registers
 * for the vCPU's INTIDs 0-31 (the shared handlers). */
static const struct vgic_reg vgicr_regs[] = {
	/* no LPIs: GICR_CTLR.EnableLPIs is RES0 */
	{ .offset = GICR_CTLR, .len = 4, .width = 4, .access = MMIO_W32 },
	{ .offset = GICR_IIDR, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgic_read_iidr },
	{ .offset = GICR_TYPER, .len = 8, .width = 8,
	  .access = MMIO_W32 | MMIO_W64, .read = vgicr_read_typer },
	{ .offset = GICR_STATUSR, .len = 4, .width = 4, .access = MMIO_W32 },
	{ .offset = GICR_WAKER, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgicr_read_waker, .write = vgicr_write_waker },
	{ .offset = GICR_PROPBASER, .len = 8, .width = 8,
	  .access = MMIO_W32 | MMIO_W64 },
	{ .offset = GICR_PENDBASER, .len = 8, .width = 8,
	  .access = MMIO_W32 | MMIO_W64 },
	{ .offset = GICR_ID, .len = GICR_PIDR2 - GICR_ID, .width = 4,
	  .access = MMIO_W32 },
	{ .offset = GICR_PIDR2, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgic_read_pidr2 },
	{ .offset = GICR_PIDR2 + 4u,
	  .len = GICR_ID + 4u * GICD_ID_COUNT - (GICR_PIDR2 + 4u),
	  .width = 4, .access = MMIO_W32 },
	{ .offset = GICR_IGROUPR0, .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_igroupr, .write = vgicd_write_igroupr },
	{ .offset = GICR_ISENABLER0,
	  .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_enable, .write = vgicd_write_isenabler },
	{ .offset = GICR_ICENABLER0,
	  .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_enable, .write = vgicd_write_icenabler },
	{ .offset = GICR_ISPENDR0, .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_pending, .write = vgicd_write_ispendr },
	{ .offset = GICR_ICPENDR0, .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_pending, .write = vgicd_write_icpendr },
	{ .offset = GICR_ISACTIVER0,
	  .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_active, .write = vgicd_write_isactiver },
	{ .offset = GICR_ICACTIVER0,
	  .len = VGIC_PER_IRQ_LEN(1u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_active, .write = vgicd_write_icactiver },
	{ .offset = GICR_IPRIORITYR,
	  .len = VGIC_PER_IRQ_LEN(8u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W8 | MMIO_W32, .bits_per_irq = 8,
	  .read = vgicd_read_ipriorityr, .write = vgicd_write_ipriorityr },
	{ .offset = GICR_ICFGR0, .len = VGIC_PER_IRQ_LEN(2u, VGIC_NR_PRIVATE),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 2,
	  .read = vgicd_read_icfgr, .write = vgicd_write_icfgr },
	{ .offset = GICR_IGRPMODR0, .len = 4, .width = 4, .access = MMIO_W32 },
	{ .offset = GICR_NSACR, .len = 4, .width = 4, .access = MMIO_W32 },
};

bool vgic_v3_redist_mmio(struct vcpu *v, void *dev, uint64_t offset,
			 struct mmio_access *a)
{
	struct vgic *g = dev;
	struct vgic_frame f = {
		.g = g,
		.vcpu = vcpu_index_of((uint32_t)(offset / VGIC_V3_REDIST_SIZE)),
	};
	uint64_t in_frame = offset % VGIC_V3_REDIST_SIZE;
	bool ok;

	if (f.vcpu.index >= g->nr_vcpus)
		return false;
	vgic_sync_caller(g, v);
	spin_lock(&g->lock);
	ok = vgic_regs_access(vgicr_regs, ARRAY_SIZE(vgicr_regs), &f, in_frame,
			      a);
	if (a->write)
		vgic_timer_fast_off(g);
	spin_unlock(&g->lock);
	return ok;
}

/* ICC_SGI1R_EL1 (IHI 0069 12.2.23): the guest asks for SGI INTID to the
 * vCPUs of TargetList within Aff3.Aff2.Aff1, or all but itself (IRM). A
 * partition's vCPUs have affinity 0.0.0.<index>. */
#define SGI1R_TARGETS_MASK 0xffffull
#define SGI1R_AFF1_SHIFT   16
#define SGI1R_INTID_SHIFT  24
#define SGI1R_AFF2_SHIFT   32
#define SGI1R_IRM          (1ull << 40)
#define SGI1R_RS_SHIFT     44
#define SGI1R_AFF3_SHIFT   48

void vgic_v3_send_sgi(struct vgic *g, vcpu_index_t self, uint64_t val)
{
	uint32_t intid = (uint32_t)(val >> SGI1R_INTID_SHIFT) & 0xfu;
	uint64_t high_aff = ((val >> SGI1R_AFF1_SHIFT) & 0xffu) |
			    ((val >> SGI1R_AFF2_SHIFT) & 0xffu) |
			    ((val >> SGI1R_AFF3_SHIFT) & 0xffu) |
			    ((val >> SGI1R_RS_SHIFT) & 0xfu);

	for (uint32_t t = 0; t < g->nr_vcpus; t++) {
		bool hit = (val & SGI1R_IRM) != 0
			? t != self.index
			: high_aff == 0 && t < 16u &&
			  (val & SGI1R_TARGETS_MASK & (1ull << t)) != 0;

		if (hit)
			vgic_inject(g, vcpu_index_of(t), intid_of(intid), self);
	}
}
