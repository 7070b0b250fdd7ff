/* SPDX-License-Identifier: MIT */
/*
 * Register handlers shared by every emulated GIC frame: the per-interrupt
 * bit, byte and two-bit registers look the same in the GICv2 distributor,
 * the GICv3 distributor and the GICv3 redistributor's SGI frame (IHI 0069
 * 12.9 and 12.11, IHI 0048B 4.3). Register i of a frame covers INTIDs from
 * 32*i (bits), 4*i (bytes) or 16*i (two-bit fields); banked frames work on
 * f->vcpu's SGIs and PPIs, and a GICv3 distributor (f->private_raz) reads
 * them as zero and ignores writes, as affinity routing requires.
 */
#include "arch/arm64/gic/vgic_regs.h"

#include "core/partition.h"

/* JEP106 code of Arm as the implementer (GICD_IIDR, GICR_IIDR). */
#define VGIC_IIDR        0x0000043bu
/* Peripheral ID2: ArchRev in bits [7:4] (IHI 0069 12.1.13, IHI 0048B
 * 4.3.15), JEP106 continuation bits below. */
#define VGIC_PIDR2_LOW   0xbu
#define VGIC_PIDR2_REV_SHIFT 4

uint64_t vgic_reg_iidr_read(struct vcpu *v, void *dev, uint32_t i,
			    uint32_t byte, uint32_t size)
{
	(void)v; (void)dev; (void)i; (void)byte; (void)size;
	return VGIC_IIDR;
}

uint64_t vgic_reg_pidr2_read(struct vcpu *v, void *dev, uint32_t i,
			     uint32_t byte, uint32_t size)
{
	const struct vgic_frame *f = dev;

	(void)v; (void)i; (void)byte; (void)size;
	return ((uint64_t)f->g->version << VGIC_PIDR2_REV_SHIFT) | VGIC_PIDR2_LOW;
}

static bool vgic_reg_raz(const struct vgic_frame *f, uint32_t first)
{
	return f->private_raz && first < VGIC_NR_PRIVATE;
}

static uint64_t vgic_reg_bits_read(void *dev, uint32_t i, uint32_t field)
{
	struct vgic_frame *f = dev;

	return vgic_reg_raz(f, 32u * i) ? 0u
		: vgic_read_bits(f->g, f->vcpu, 32u * i, field);
}

static void vgic_reg_bits_write(void *dev, uint32_t i, uint32_t field,
				bool set, uint64_t val)
{
	struct vgic_frame *f = dev;

	if (!vgic_reg_raz(f, 32u * i))
		vgic_write_bits(f->g, f->vcpu, 32u * i, field, set, (uint32_t)val);
}

#define VGIC_REG_BITS(name, field, set)                                       \
	uint64_t vgic_reg_##name##_read(struct vcpu *v, void *dev, uint32_t i,  \
					uint32_t byte, uint32_t size)          \
	{                                                                     \
		(void)v; (void)byte; (void)size;                              \
		return vgic_reg_bits_read(dev, i, field);                     \
	}                                                                     \
	void vgic_reg_##name##_write(struct vcpu *v, void *dev, uint32_t i,     \
				     uint32_t byte, uint32_t size, uint64_t val) \
	{                                                                     \
		(void)v; (void)byte; (void)size;                              \
		vgic_reg_bits_write(dev, i, field, set, val);                 \
	}

VGIC_REG_BITS(isenabler, VGIC_FIELD_ENABLE, true)
VGIC_REG_BITS(icenabler, VGIC_FIELD_ENABLE, false)
VGIC_REG_BITS(ispendr, VGIC_FIELD_PENDING, true)
VGIC_REG_BITS(icpendr, VGIC_FIELD_PENDING, false)
VGIC_REG_BITS(isactiver, VGIC_FIELD_ACTIVE, true)
VGIC_REG_BITS(icactiver, VGIC_FIELD_ACTIVE, false)

uint64_t vgic_reg_igroupr_read(struct vcpu *v, void *dev, uint32_t i,
			       uint32_t byte, uint32_t size)
{
	(void)v; (void)byte; (void)size;
	return vgic_reg_bits_read(dev, i, VGIC_FIELD_GROUP);
}

/* IGROUPR assigns: a bit written as 0 means group 0. */
void vgic_reg_igroupr_write(struct vcpu *v, void *dev, uint32_t i,
			    uint32_t byte, uint32_t size, uint64_t val)
{
	(void)v; (void)byte; (void)size;
	vgic_reg_bits_write(dev, i, VGIC_FIELD_GROUP, true, val);
	vgic_reg_bits_write(dev, i, VGIC_FIELD_GROUP, false, ~val);
}

uint64_t vgic_reg_ipriorityr_read(struct vcpu *v, void *dev, uint32_t i,
				  uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;
	uint32_t first = 4u * i + byte;

	(void)v;
	return vgic_reg_raz(f, first) ? 0u
		: vgic_read_priority(f->g, f->vcpu, first, size);
}

void vgic_reg_ipriorityr_write(struct vcpu *v, void *dev, uint32_t i,
			       uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;
	uint32_t first = 4u * i + byte;

	(void)v;
	if (!vgic_reg_raz(f, first))
		vgic_write_priority(f->g, f->vcpu, first, size, val);
}

uint64_t vgic_reg_icfgr_read(struct vcpu *v, void *dev, uint32_t i,
			     uint32_t byte, uint32_t size)
{
	struct vgic_frame *f = dev;

	(void)v; (void)byte; (void)size;
	return vgic_reg_raz(f, 16u * i) ? 0u
		: vgic_read_config(f->g, f->vcpu, 16u * i);
}

void vgic_reg_icfgr_write(struct vcpu *v, void *dev, uint32_t i,
			  uint32_t byte, uint32_t size, uint64_t val)
{
	struct vgic_frame *f = dev;

	(void)v; (void)byte; (void)size;
	if (!vgic_reg_raz(f, 16u * i))
		vgic_write_config(f->g, f->vcpu, 16u * i, (uint32_t)val);
}
