/* SPDX-License-Identifier: MIT */
/*
 * GICv2 distributor as a partition sees it (IHI 0048B, section 4.3). The
 * CPU interface is the hardware's GICV frame, mapped by stage-2 at the
 * guest's GICC address; only the distributor is emulated. Registers of
 * INTIDs 0-31 are banked per accessing vCPU.
 */
#include "arch/arm64/gic/vgic_regs.h"

#include "core/partition.h"

#define GICD_CTLR_ENABLE   (1u << 0)
#define GICD_SGIR_FILTER_SHIFT 24
#define GICD_SGIR_LIST_SHIFT   16
#define GICD_SGIR_FILTER_LIST  0u
#define GICD_SGIR_FILTER_OTHERS 1u
#define GICD_SGIR_FILTER_SELF  2u

static uint64_t v2_ctlr_read(struct vcpu *v, void *dev, uint32_t i,
			     uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	return f->g->enabled ? GICD_CTLR_ENABLE : 0u;
}

static void v2_ctlr_write(struct vcpu *v, void *dev, uint32_t i,
			  uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	vgic_set_enabled(f->g, (val & GICD_CTLR_ENABLE) != 0);
}

static uint64_t v2_typer_read(struct vcpu *v, void *dev, uint32_t i,
			      uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	return ((f->g->nr_vcpus - 1u) << 5) | (VGIC_NR_IRQS / 32u - 1u);
}

/* ITARGETSR: INTIDs 0-31 read as the accessing CPU's own bit; SPIs hold
 * a CPU mask of which the lowest set bit is the target vCPU. */
static uint64_t v2_itargetsr_read(struct vcpu *v, void *dev, uint32_t i,
				  uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;
	uint64_t val = 0;

	(void)v;
	for (uint32_t b = 0; b < size; b++) {
		uint32_t intid = 4u * i + byte + b;
		struct vgic_irq *irq = vgic_irq_get(f->g, f->vcpu, intid);
		uint32_t t = intid < VGIC_NR_PRIVATE ? 1u << f->vcpu
			: irq != NULL ? irq->targets_v2 : 0u;

		val |= (uint64_t)(t & 0xffu) << (8u * b);
	}
	return val;
}

/* The CPU targets field bits of the partition's vCPUs: a bit of a CPU
 * interface that is not implemented is RAZ/WI (IHI 0048B 4.3.12). */
static uint8_t v2_cpu_mask(const struct vgic *g)
{
	return (uint8_t)((1u << (g->nr_vcpus < 8u ? g->nr_vcpus : 8u)) - 1u);
}

static void v2_itargetsr_write(struct vcpu *v, void *dev, uint32_t i,
			       uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;

	(void)v;
	for (uint32_t b = 0; b < size; b++) {
		uint32_t intid = 4u * i + byte + b;
		struct vgic_irq *irq = vgic_irq_get(f->g, f->vcpu, intid);
		uint8_t mask = (uint8_t)(val >> (8u * b)) & v2_cpu_mask(f->g);
		uint32_t target = 0;

		if (irq == NULL || intid < VGIC_NR_PRIVATE)
			continue;
		irq->targets_v2 = mask;
		while (target < 8u && (mask & (1u << target)) == 0)
			target++;
		vgic_set_target(f->g, intid, target < 8u ? target : 0u);
	}
}

/* GICD_SGIR is write-only; the injection happens after the lock is
 * dropped, so it is recorded here and sent by vgic_v2_dist_mmio. */
struct v2_sgi_request {
	uint32_t targets; /* vCPU mask */
	uint32_t intid;
	bool valid;
};

struct v2_frame {
	struct vgic_frame f;
	struct v2_sgi_request sgi;
};

static void v2_sgir_write(struct vcpu *v, void *dev, uint32_t i,
			  uint32_t byte, uint32_t size, uint64_t val)
{
	struct v2_frame *vf = dev;
	uint32_t filter = ((uint32_t)val >> GICD_SGIR_FILTER_SHIFT) & 3u;
	uint32_t all = (1u << vf->f.g->nr_vcpus) - 1u;

	(void)v; (void)i; (void)byte; (void)size;
	vf->sgi.intid = (uint32_t)val & 0xfu;
	switch (filter) {
	case GICD_SGIR_FILTER_LIST:
		vf->sgi.targets = ((uint32_t)val >> GICD_SGIR_LIST_SHIFT) & 0xffu;
		break;
	case GICD_SGIR_FILTER_OTHERS:
		vf->sgi.targets = all & ~(1u << vf->f.vcpu);
		break;
	case GICD_SGIR_FILTER_SELF:
		vf->sgi.targets = 1u << vf->f.vcpu;
		break;
	default:
		vf->sgi.targets = 0; /* reserved filter: no SGI */
		break;
	}
	vf->sgi.targets &= all;
	vf->sgi.valid = true;
}

static const struct mmio_reg gicd_v2_regs[] = {
	{ 0x000, 1, 4, MMIO_W32, v2_ctlr_read, v2_ctlr_write },
	{ 0x004, 1, 4, MMIO_W32, v2_typer_read, NULL },
	{ 0x008, 1, 4, MMIO_W32, vgic_reg_iidr_read, NULL },
	{ 0x080, 32, 4, MMIO_W32, vgic_reg_igroupr_read, vgic_reg_igroupr_write },
	{ 0x100, 32, 4, MMIO_W32, vgic_reg_isenabler_read, vgic_reg_isenabler_write },
	{ 0x180, 32, 4, MMIO_W32, vgic_reg_icenabler_read, vgic_reg_icenabler_write },
	{ 0x200, 32, 4, MMIO_W32, vgic_reg_ispendr_read, vgic_reg_ispendr_write },
	{ 0x280, 32, 4, MMIO_W32, vgic_reg_icpendr_read, vgic_reg_icpendr_write },
	{ 0x300, 32, 4, MMIO_W32, vgic_reg_isactiver_read, vgic_reg_isactiver_write },
	{ 0x380, 32, 4, MMIO_W32, vgic_reg_icactiver_read, vgic_reg_icactiver_write },
	{ 0x400, 255, 4, MMIO_W8 | MMIO_W32, vgic_reg_ipriorityr_read,
	  vgic_reg_ipriorityr_write },
	{ 0x800, 255, 4, MMIO_W8 | MMIO_W32, v2_itargetsr_read,
	  v2_itargetsr_write },
	{ 0xc00, 64, 4, MMIO_W32, vgic_reg_icfgr_read, vgic_reg_icfgr_write },
	{ 0xf00, 1, 4, MMIO_W32, NULL, v2_sgir_write },
	{ 0xf10, 8, 4, MMIO_W8 | MMIO_W32, NULL, NULL }, /* C/SPENDSGIR */
	{ 0xfd0, 6, 4, MMIO_W32, NULL, NULL },
	{ 0xfe8, 1, 4, MMIO_W32, vgic_reg_pidr2_read, NULL },
	{ 0xfec, 5, 4, MMIO_W32, NULL, NULL },
};

bool vgic_v2_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a)
{
	struct vgic *g = dev;
	struct v2_frame vf = { .f = { .g = g, .vcpu = v->index } };
	bool ok;

	vgic_sync_caller(g, v);
	spin_lock(&g->lock);
	ok = mmio_table_access(gicd_v2_regs,
			       sizeof(gicd_v2_regs) / sizeof(gicd_v2_regs[0]),
			       v, &vf, offset, a);
	spin_unlock(&g->lock);
	for (uint32_t t = 0; vf.sgi.valid && t < g->nr_vcpus; t++) {
		if ((vf.sgi.targets & (1u << t)) != 0)
			vgic_inject(g, t, vf.sgi.intid, vf.f.vcpu);
	}
	return ok;
}
