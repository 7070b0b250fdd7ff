/* SPDX-License-Identifier: MIT */
/*
 * GICv3 distributor and redistributor as a partition sees them (IHI 0069,
 * chapter 12.9 GICD_*, 12.10/12.11 GICR_*). Affinity routing is always on
 * and the partition sees one security state, the Non-secure view. Pure C:
 * host unit tests drive these tables directly.
 */
#include "arch/arm64/gic/vgic_regs.h"

#include "core/partition.h"

/* GICD_CTLR, Non-secure view with two security states (IHI 0069 12.9.4) */
#define GICD_CTLR_ENABLE_G1   (1u << 0)
#define GICD_CTLR_ENABLE_G1A  (1u << 1)
#define GICD_CTLR_ARE_NS      (1u << 4)
/* GICD_TYPER: IDbits = 9 (10-bit INTIDs), no LPIs, no MBIs */
#define GICD_TYPER_IDBITS     (9u << 19)

#define GICR_TYPER_LAST       (1ull << 4)
#define GICR_TYPER_PROC_SHIFT 8
#define GICR_TYPER_AFF_SHIFT  32
#define GICR_WAKER_PS         (1u << 1)
#define GICR_WAKER_CA         (1u << 2)
#define GICR_SGI_OFFSET       0x10000u

/* ---- distributor ---- */

static uint64_t gicd_ctlr_read(struct vcpu *v, void *dev, uint32_t i,
			       uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	return GICD_CTLR_ARE_NS |
	       (f->g->enabled ? GICD_CTLR_ENABLE_G1A | GICD_CTLR_ENABLE_G1 : 0u);
}

static void gicd_ctlr_write(struct vcpu *v, void *dev, uint32_t i,
			    uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	vgic_set_enabled(f->g, (val & (GICD_CTLR_ENABLE_G1 |
				       GICD_CTLR_ENABLE_G1A)) != 0);
}

static uint64_t gicd_typer_read(struct vcpu *v, void *dev, uint32_t i,
				uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	return GICD_TYPER_IDBITS | ((f->g->nr_vcpus - 1u) << 5) |
	       (VGIC_NR_IRQS / 32u - 1u);
}

/* IROUTER<n>, n = INTID; only Aff0 matters (vCPU index), IRM=1 (any
 * CPU) delivers to vCPU 0. */
static uint64_t gicd_irouter_read(struct vcpu *v, void *dev, uint32_t i,
				  uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;
	struct vgic_irq *irq = vgic_irq_get(f->g, 0, i);
	uint64_t r = irq != NULL && i >= VGIC_NR_PRIVATE ? irq->irouter : 0u;

	(void)v;
	return size == 8u ? r : (r >> (8u * byte)) & 0xffffffffu;
}

static void gicd_irouter_write(struct vcpu *v, void *dev, uint32_t i,
			       uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;
	struct vgic_irq *irq = vgic_irq_get(f->g, 0, i);
	uint64_t r;

	(void)v;
	if (irq == NULL || i < VGIC_NR_PRIVATE)
		return;
	if (size == 8u) {
		r = val;
	} else {
		uint64_t mask = 0xffffffffull << (8u * byte);

		r = (irq->irouter & ~mask) | ((val << (8u * byte)) & mask);
	}
	irq->irouter = r;
	vgic_set_target(f->g, i, (r & (1ull << 31)) != 0 ? 0u
				  : (uint32_t)(r & 0xffu));
}

static const struct mmio_reg gicd_v3_regs[] = {
	{ 0x0000, 1, 4, MMIO_W32, gicd_ctlr_read, gicd_ctlr_write },
	{ 0x0004, 1, 4, MMIO_W32, gicd_typer_read, NULL },
	{ 0x0008, 1, 4, MMIO_W32, vgic_reg_iidr_read, NULL },
	{ 0x000c, 1, 4, MMIO_W32, NULL, NULL },          /* TYPER2 */
	{ 0x0010, 1, 4, MMIO_W32, NULL, NULL },          /* STATUSR */
	{ 0x0080, 32, 4, MMIO_W32, vgic_reg_igroupr_read, vgic_reg_igroupr_write },
	{ 0x0100, 32, 4, MMIO_W32, vgic_reg_isenabler_read, vgic_reg_isenabler_write },
	{ 0x0180, 32, 4, MMIO_W32, vgic_reg_icenabler_read, vgic_reg_icenabler_write },
	{ 0x0200, 32, 4, MMIO_W32, vgic_reg_ispendr_read, vgic_reg_ispendr_write },
	{ 0x0280, 32, 4, MMIO_W32, vgic_reg_icpendr_read, vgic_reg_icpendr_write },
	{ 0x0300, 32, 4, MMIO_W32, vgic_reg_isactiver_read, vgic_reg_isactiver_write },
	{ 0x0380, 32, 4, MMIO_W32, vgic_reg_icactiver_read, vgic_reg_icactiver_write },
	{ 0x0400, 255, 4, MMIO_W8 | MMIO_W32, vgic_reg_ipriorityr_read,
	  vgic_reg_ipriorityr_write },
	{ 0x0800, 255, 4, MMIO_W8 | MMIO_W32, NULL, NULL }, /* ITARGETSR: ARE */
	{ 0x0c00, 64, 4, MMIO_W32, vgic_reg_icfgr_read, vgic_reg_icfgr_write },
	{ 0x0d00, 32, 4, MMIO_W32, NULL, NULL },         /* IGRPMODR */
	{ 0x0e00, 64, 4, MMIO_W32, NULL, NULL },         /* NSACR */
	{ 0x0f00, 1, 4, MMIO_W32, NULL, NULL },          /* SGIR: ARE */
	{ 0x0f10, 8, 4, MMIO_W8 | MMIO_W32, NULL, NULL }, /* C/SPENDSGIR */
	{ 0x6000, 1020, 8, MMIO_W32 | MMIO_W64, gicd_irouter_read,
	  gicd_irouter_write },
	{ 0xffd0, 6, 4, MMIO_W32, NULL, NULL },          /* PIDR4..CIDR */
	{ 0xffe8, 1, 4, MMIO_W32, vgic_reg_pidr2_read, NULL },
	{ 0xffec, 5, 4, MMIO_W32, NULL, NULL },
};

bool vgic_v3_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a)
{
	struct vgic *g = dev;
	struct vgic_frame f = { .g = g, .vcpu = 0, .private_raz = true };
	bool ok;

	vgic_sync_caller(g, v);
	spin_lock(&g->lock);
	ok = mmio_table_access(gicd_v3_regs,
			       sizeof(gicd_v3_regs) / sizeof(gicd_v3_regs[0]),
			       v, &f, offset, a);
	/* What the timer fast path copied may have changed. */
	if (a->write)
		vgic_timer_fast_off(g);
	spin_unlock(&g->lock);
	return ok;
}

/* ---- redistributors: one 128 KiB frame pair per vCPU ---- */

static uint64_t gicr_typer_read(struct vcpu *v, void *dev, uint32_t i,
				uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;
	uint64_t t = ((uint64_t)f->vcpu << GICR_TYPER_AFF_SHIFT) |
		     ((uint64_t)f->vcpu << GICR_TYPER_PROC_SHIFT);

	(void)v; (void)i;
	if (f->vcpu + 1u == f->g->nr_vcpus)
		t |= GICR_TYPER_LAST;
	return size == 8u ? t : (t >> (8u * byte)) & 0xffffffffu;
}

static uint64_t gicr_waker_read(struct vcpu *v, void *dev, uint32_t i,
				uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	return f->g->cpu[f->vcpu].asleep ? GICR_WAKER_PS | GICR_WAKER_CA : 0u;
}

static void gicr_waker_write(struct vcpu *v, void *dev, uint32_t i,
			     uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	f->g->cpu[f->vcpu].asleep = (val & GICR_WAKER_PS) != 0;
}

#define SGI(off) (GICR_SGI_OFFSET + (off))

static const struct mmio_reg gicr_v3_regs[] = {
	{ 0x0000, 1, 4, MMIO_W32, NULL, NULL },          /* CTLR: no LPIs */
	{ 0x0004, 1, 4, MMIO_W32, vgic_reg_iidr_read, NULL },
	{ 0x0008, 1, 8, MMIO_W32 | MMIO_W64, gicr_typer_read, NULL },
	{ 0x0010, 1, 4, MMIO_W32, NULL, NULL },          /* STATUSR */
	{ 0x0014, 1, 4, MMIO_W32, gicr_waker_read, gicr_waker_write },
	{ 0x0070, 1, 8, MMIO_W32 | MMIO_W64, NULL, NULL }, /* PROPBASER */
	{ 0x0078, 1, 8, MMIO_W32 | MMIO_W64, NULL, NULL }, /* PENDBASER */
	{ 0xffd0, 6, 4, MMIO_W32, NULL, NULL },
	{ 0xffe8, 1, 4, MMIO_W32, vgic_reg_pidr2_read, NULL },
	{ 0xffec, 5, 4, MMIO_W32, NULL, NULL },
	{ SGI(0x0080), 1, 4, MMIO_W32, vgic_reg_igroupr_read, vgic_reg_igroupr_write },
	{ SGI(0x0100), 1, 4, MMIO_W32, vgic_reg_isenabler_read, vgic_reg_isenabler_write },
	{ SGI(0x0180), 1, 4, MMIO_W32, vgic_reg_icenabler_read, vgic_reg_icenabler_write },
	{ SGI(0x0200), 1, 4, MMIO_W32, vgic_reg_ispendr_read, vgic_reg_ispendr_write },
	{ SGI(0x0280), 1, 4, MMIO_W32, vgic_reg_icpendr_read, vgic_reg_icpendr_write },
	{ SGI(0x0300), 1, 4, MMIO_W32, vgic_reg_isactiver_read, vgic_reg_isactiver_write },
	{ SGI(0x0380), 1, 4, MMIO_W32, vgic_reg_icactiver_read, vgic_reg_icactiver_write },
	{ SGI(0x0400), 8, 4, MMIO_W8 | MMIO_W32, vgic_reg_ipriorityr_read,
	  vgic_reg_ipriorityr_write },
	{ SGI(0x0c00), 2, 4, MMIO_W32, vgic_reg_icfgr_read, vgic_reg_icfgr_write },
	{ SGI(0x0d00), 1, 4, MMIO_W32, NULL, NULL },     /* IGRPMODR0 */
	{ SGI(0x0e00), 1, 4, MMIO_W32, NULL, NULL },     /* NSACR */
};

bool vgic_v3_redist_mmio(struct vcpu *v, void *dev, uint64_t offset,
			 struct mmio_access *a)
{
	struct vgic *g = dev;
	struct vgic_frame f = {
		.g = g,
		.vcpu = (uint32_t)(offset / VGIC_V3_REDIST_SIZE),
	};
	bool ok;

	if (f.vcpu >= g->nr_vcpus)
		return false;
	vgic_sync_caller(g, v);
	spin_lock(&g->lock);
	ok = mmio_table_access(gicr_v3_regs,
			       sizeof(gicr_v3_regs) / sizeof(gicr_v3_regs[0]),
			       v, &f, offset % VGIC_V3_REDIST_SIZE, a);
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

void vgic_v3_send_sgi(struct vgic *g, uint32_t self, uint64_t val)
{
	uint32_t intid = (uint32_t)(val >> SGI1R_INTID_SHIFT) & 0xfu;
	uint64_t high_aff = ((val >> SGI1R_AFF1_SHIFT) & 0xffu) |
			    ((val >> SGI1R_AFF2_SHIFT) & 0xffu) |
			    ((val >> SGI1R_AFF3_SHIFT) & 0xffu) |
			    ((val >> SGI1R_RS_SHIFT) & 0xfu);

	for (uint32_t t = 0; t < g->nr_vcpus; t++) {
		bool hit = (val & SGI1R_IRM) != 0
			? t != self
			: high_aff == 0 && t < 16u &&
			  (val & SGI1R_TARGETS_MASK & (1ull << t)) != 0;

		if (hit)
			vgic_inject(g, t, intid, self);
	}
}
