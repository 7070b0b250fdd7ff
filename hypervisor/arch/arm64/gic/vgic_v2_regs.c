/* SPDX-License-Identifier: MIT */
/*
 * GICv2 distributor as a partition sees it (IHI 0048B, section 4.3). The
 * CPU interface is the hardware's GICV frame, mapped by stage-2 at the
 * guest's GICC address; only the distributor is emulated. Registers of
 * INTIDs 0-31 are banked per accessing vCPU.
 */
#include "arch/arm64/gic/vgic_regs.h"

#include "core/partition.h"
#include "lib/array.h"

/* The CPU targets field bits of the partition's vCPUs: a bit of a CPU
 * interface that is not implemented is RAZ/WI (IHI 0048B 4.3.12). */
static uint8_t v2_cpu_mask(const struct vgic *g)
{
	return (uint8_t)((1u << (g->nr_vcpus < 8u ? g->nr_vcpus : 8u)) - 1u);
}

/* GICD_CTLR (4.3.1): one enable, for group 1 as the vGIC delivers it. */
static uint64_t vgicd_v2_read_ctlr(struct vgic_frame *f, uint32_t intid,
				   uint32_t byte, uint32_t size)
{
	(void)intid; (void)byte; (void)size;
	return f->g->enabled ? GICD_CTLR_ENABLE : 0u;
}

static void vgicd_v2_write_ctlr(struct vgic_frame *f, uint32_t intid,
				uint32_t byte, uint32_t size, uint64_t val)
{
	(void)intid; (void)byte; (void)size;
	vgic_set_enabled(f->g, (val & GICD_CTLR_ENABLE) != 0u);
}

static uint64_t vgicd_v2_read_typer(struct vgic_frame *f, uint32_t intid,
				    uint32_t byte, uint32_t size)
{
	(void)intid; (void)byte; (void)size;
	return ((f->g->nr_vcpus - 1u) << GICD_TYPER_CPUS_SHIFT) |
	       (VGIC_NR_IRQS / 32u - 1u);
}

/* ITARGETSR (4.3.12): INTIDs 0-31 read as the accessing CPU's own bit;
 * SPIs hold a CPU mask of which the lowest set bit is the target vCPU. */
static uint64_t vgicd_read_itargetsr(struct vgic_frame *f, uint32_t intid,
				     uint32_t byte, uint32_t size)
{
	uint64_t val = 0;

	(void)byte;
	for (uint32_t b = 0; b < size; b++) {
		uint32_t n = intid + b;
		struct vgic_irq *irq = vgic_irq_get(f->g, f->vcpu, n);
		uint32_t t = n < VGIC_NR_PRIVATE ? 1u << f->vcpu.index
			: irq != NULL ? irq->targets_v2 : 0u;

		val |= (uint64_t)(t & 0xffu) << (8u * b);
	}
	return val;
}

static void vgicd_write_itargetsr(struct vgic_frame *f, uint32_t intid,
				  uint32_t byte, uint32_t size, uint64_t val)
{
	(void)byte;
	for (uint32_t b = 0; b < size; b++) {
		uint32_t n = intid + b;
		struct vgic_irq *irq = vgic_irq_get(f->g, f->vcpu, n);
		uint8_t mask = (uint8_t)(val >> (8u * b)) & v2_cpu_mask(f->g);
		uint32_t target = 0;

		if (irq == NULL || n < VGIC_NR_PRIVATE)
			continue;
		irq->targets_v2 = mask;
		while (target < 8u && (mask & (1u << target)) == 0)
			target++;
		vgic_set_target(f->g, n,
				vcpu_index_of(target < 8u ? target : 0u));
	}
}

/* GICD_SGIR (4.3.15): TargetListFilter picks the targets. */
static void vgicd_write_sgir(struct vgic_frame *f, uint32_t intid,
			     uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_sgi_request *sgi = f->sgi;
	uint32_t filter = ((uint32_t)val >> GICD_SGIR_FILTER_SHIFT) & 3u;
	uint32_t all = (1u << f->g->nr_vcpus) - 1u;

	(void)intid; (void)byte; (void)size;
	if (sgi == NULL)
		return;
	sgi->intid = (uint32_t)val & GICD_SGIR_INTID_MASK;
	switch (filter) {
	case GICD_SGIR_FILTER_LIST:
		sgi->targets = ((uint32_t)val >> GICD_SGIR_TARGET_SHIFT) & 0xffu;
		break;
	case GICD_SGIR_FILTER_OTHERS:
		sgi->targets = all & ~(1u << f->vcpu.index);
		break;
	case GICD_SGIR_FILTER_SELF:
		sgi->targets = 1u << f->vcpu.index;
		break;
	default:
		sgi->targets = 0; /* reserved filter: no SGI */
		break;
	}
	sgi->targets &= all;
	sgi->valid = true;
}

/* What GICv2 adds to or changes in vgicd_shared_regs; rows without a
 * handler are RAZ/WI. */
static const struct vgic_reg vgicd_v2_regs[] = {
	{ .offset = GICD_CTLR, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgicd_v2_read_ctlr, .write = vgicd_v2_write_ctlr },
	{ .offset = GICD_TYPER, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgicd_v2_read_typer },
	{ .offset = GICD_ITARGETSR,
	  .len = VGIC_PER_IRQ_LEN(8u, GICD_BYTE_INTIDS), .width = 4,
	  .access = MMIO_W8 | MMIO_W32, .bits_per_irq = 8,
	  .read = vgicd_read_itargetsr, .write = vgicd_write_itargetsr },
	{ .offset = GICD_SGIR, .len = 4, .width = 4, .access = MMIO_W32,
	  .write = vgicd_write_sgir },
	{ .offset = GICD_ID_V2, .len = GICD_PIDR2_V2 - GICD_ID_V2, .width = 4,
	  .access = MMIO_W32 },
	{ .offset = GICD_PIDR2_V2, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgic_read_pidr2 },
	{ .offset = GICD_PIDR2_V2 + 4u,
	  .len = GICD_ID_V2 + 4u * GICD_ID_COUNT - (GICD_PIDR2_V2 + 4u),
	  .width = 4, .access = MMIO_W32 },
};

bool vgic_v2_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a)
{
	struct vgic *g = dev;
	/* GICD_SGIR is write-only; the injection happens after the lock is
	 * dropped, so it is recorded by vgicd_write_sgir and sent here. */
	struct vgic_sgi_request sgi = { .valid = false };
	struct vgic_frame f = { .g = g, .vcpu = v->index, .sgi = &sgi };
	bool ok;

	vgic_sync_caller(g, v);
	spin_lock(&g->lock);
	ok = vgicd_access(vgicd_v2_regs, ARRAY_SIZE(vgicd_v2_regs), &f, offset,
			  a);
	spin_unlock(&g->lock);
	for (uint32_t t = 0; sgi.valid && t < g->nr_vcpus; t++) {
		if ((sgi.targets & (1u << t)) != 0)
			vgic_inject(g, vcpu_index_of(t), intid_of(sgi.intid),
				    f.vcpu);
	}
	return ok;
}

/* The GICv2 half of the light exit path's distributor reads
 * (vgic_v3_dist_read_fixed says why no lock): TYPER, IIDR and ICPIDR2 by
 * their own handlers. */
bool vgic_v2_dist_read_fixed(struct vgic *g, uint64_t ipa, uint32_t *val)
{
	struct vgic_frame f = { .g = g, .vcpu = vcpu_index_of(0) };
	uint64_t r;

	if (g->version != 2u)
		return false;
	switch (ipa - g->dist_base) {
	case GICD_TYPER:
		r = vgicd_v2_read_typer(&f, 0, 0, 4);
		break;
	case GICD_IIDR:
		r = vgic_read_iidr(&f, 0, 0, 4);
		break;
	case GICD_PIDR2_V2:
		r = vgic_read_pidr2(&f, 0, 0, 4);
		break;
	default:
		return false;
	}
	*val = (uint32_t)r;
	return true;
}
