/* SPDX-License-Identifier: MIT */
/*
 * The register-table lookup of every emulated GIC frame, and the
 * distributor registers GICv2 and GICv3 define alike: the per-interrupt
 * bit, byte and two-bit registers (IHI 0069H 12.9, IHI 0048B 4.3), which
 * the GICv3 redistributor's SGI_base frame repeats for INTIDs 0-31 (IHI
 * 0069H 12.11). Banked frames work on f->vcpu's SGIs and PPIs, and a GICv3
 * distributor (f->private_raz) reads them as zero and ignores writes, as
 * affinity routing requires (IHI 0069H 12.9.15).
 */
#include "arch/arm64/gic/vgic_regs.h"

#include "core/partition.h"
#include "lib/array.h"

/* Both always inlined: they are the whole lookup of every trapped GIC
 * access (the GICD_TYPER read of bench/guest), and -Os would call them. */
static inline __attribute__((always_inline)) const struct vgic_reg *
vgic_reg_find(const struct vgic_reg *rows, uint32_t count, uint64_t offset)
{
	for (uint32_t i = 0; i < count; i++) {
		/* One compare: below the row, the difference wraps around. */
		if (offset - rows[i].offset < rows[i].len)
			return &rows[i];
	}
	return NULL;
}

/* The access checked against row r (NULL: no such register), performed. */
static inline __attribute__((always_inline)) bool
vgic_reg_access(const struct vgic_reg *r, struct vgic_frame *f,
		uint64_t offset, struct mmio_access *a)
{
	uint32_t off;
	uint32_t byte;
	uint32_t intid;

	if (r == NULL || !mmio_width_ok(r->access, a->size))
		return false;
	off = (uint32_t)(offset - r->offset);
	byte = off & (r->width - 1u);
	if ((byte & (a->size - 1u)) != 0u || byte + a->size > r->width)
		return false;
	intid = r->bits_per_irq != 0u ? off * 8u / r->bits_per_irq : 0u;
	if (a->write) {
		if (r->write != NULL)
			r->write(f, intid, byte, a->size, a->value);
	} else {
		a->value = r->read != NULL ? r->read(f, intid, byte, a->size) : 0u;
	}
	return true;
}

bool vgic_regs_access(const struct vgic_reg *rows, uint32_t count,
		      struct vgic_frame *f, uint64_t offset,
		      struct mmio_access *a)
{
	return vgic_reg_access(vgic_reg_find(rows, count, offset), f, offset, a);
}

uint64_t vgic_read_iidr(struct vgic_frame *f, uint32_t intid, uint32_t byte,
			uint32_t size)
{
	(void)f; (void)intid; (void)byte; (void)size;
	return GIC_IIDR_ARM;
}

uint64_t vgic_read_pidr2(struct vgic_frame *f, uint32_t intid, uint32_t byte,
			 uint32_t size)
{
	(void)intid; (void)byte; (void)size;
	return ((uint64_t)f->g->version << GIC_PIDR2_REV_SHIFT) | GIC_PIDR2_JEP106;
}

/* Whether the interrupts from first are RAZ/WI in this frame. */
static bool vgicd_raz(const struct vgic_frame *f, uint32_t first)
{
	return f->private_raz && first < VGIC_NR_PRIVATE;
}

uint64_t vgicd_read_igroupr(struct vgic_frame *f, uint32_t intid,
			    uint32_t byte, uint32_t size)
{
	(void)byte; (void)size;
	return vgicd_raz(f, intid) ? 0u
		: vgic_read_bits(f->g, f->vcpu, intid, VGIC_FIELD_GROUP);
}

/* IGROUPR assigns: a bit written as 0 means group 0. */
void vgicd_write_igroupr(struct vgic_frame *f, uint32_t intid, uint32_t byte,
			 uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (vgicd_raz(f, intid))
		return;
	vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_GROUP, true,
			(uint32_t)val);
	vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_GROUP, false,
			(uint32_t)~val);
}

uint64_t vgicd_read_enable(struct vgic_frame *f, uint32_t intid,
			   uint32_t byte, uint32_t size)
{
	(void)byte; (void)size;
	return vgicd_raz(f, intid) ? 0u
		: vgic_read_bits(f->g, f->vcpu, intid, VGIC_FIELD_ENABLE);
}

void vgicd_write_isenabler(struct vgic_frame *f, uint32_t intid,
			   uint32_t byte, uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_ENABLE, true,
				(uint32_t)val);
}

void vgicd_write_icenabler(struct vgic_frame *f, uint32_t intid,
			   uint32_t byte, uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_ENABLE, false,
				(uint32_t)val);
}

uint64_t vgicd_read_pending(struct vgic_frame *f, uint32_t intid,
			    uint32_t byte, uint32_t size)
{
	(void)byte; (void)size;
	return vgicd_raz(f, intid) ? 0u
		: vgic_read_bits(f->g, f->vcpu, intid, VGIC_FIELD_PENDING);
}

void vgicd_write_ispendr(struct vgic_frame *f, uint32_t intid, uint32_t byte,
			 uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_PENDING, true,
				(uint32_t)val);
}

void vgicd_write_icpendr(struct vgic_frame *f, uint32_t intid, uint32_t byte,
			 uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_PENDING, false,
				(uint32_t)val);
}

uint64_t vgicd_read_active(struct vgic_frame *f, uint32_t intid,
			   uint32_t byte, uint32_t size)
{
	(void)byte; (void)size;
	return vgicd_raz(f, intid) ? 0u
		: vgic_read_bits(f->g, f->vcpu, intid, VGIC_FIELD_ACTIVE);
}

void vgicd_write_isactiver(struct vgic_frame *f, uint32_t intid,
			   uint32_t byte, uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_ACTIVE, true,
				(uint32_t)val);
}

void vgicd_write_icactiver(struct vgic_frame *f, uint32_t intid,
			   uint32_t byte, uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_bits(f->g, f->vcpu, intid, VGIC_FIELD_ACTIVE, false,
				(uint32_t)val);
}

uint64_t vgicd_read_ipriorityr(struct vgic_frame *f, uint32_t intid,
			       uint32_t byte, uint32_t size)
{
	(void)byte;
	return vgicd_raz(f, intid) ? 0u
		: vgic_read_priority(f->g, f->vcpu, intid, size);
}

void vgicd_write_ipriorityr(struct vgic_frame *f, uint32_t intid,
			    uint32_t byte, uint32_t size, uint64_t val)
{
	(void)byte;
	if (!vgicd_raz(f, intid))
		vgic_write_priority(f->g, f->vcpu, intid, size, val);
}

uint64_t vgicd_read_icfgr(struct vgic_frame *f, uint32_t intid, uint32_t byte,
			  uint32_t size)
{
	(void)byte; (void)size;
	return vgicd_raz(f, intid) ? 0u
		: vgic_read_config(f->g, f->vcpu, intid);
}

void vgicd_write_icfgr(struct vgic_frame *f, uint32_t intid, uint32_t byte,
		       uint32_t size, uint64_t val)
{
	(void)byte; (void)size;
	if (!vgicd_raz(f, intid))
		vgic_write_config(f->g, f->vcpu, intid, (uint32_t)val);
}

/* The distributor registers IHI 0069H 12.9 and IHI 0048B 4.3 define
 * alike (GICv3 without affinity routing keeps the GICv2 layout). */
static const struct vgic_reg vgicd_shared_regs[] = {
	{ .offset = GICD_IIDR, .len = 4, .width = 4, .access = MMIO_W32,
	  .read = vgic_read_iidr },
	{ .offset = GICD_IGROUPR, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_igroupr, .write = vgicd_write_igroupr },
	{ .offset = GICD_ISENABLER, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_enable, .write = vgicd_write_isenabler },
	{ .offset = GICD_ICENABLER, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_enable, .write = vgicd_write_icenabler },
	{ .offset = GICD_ISPENDR, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_pending, .write = vgicd_write_ispendr },
	{ .offset = GICD_ICPENDR, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_pending, .write = vgicd_write_icpendr },
	{ .offset = GICD_ISACTIVER, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_active, .write = vgicd_write_isactiver },
	{ .offset = GICD_ICACTIVER, .len = VGIC_PER_IRQ_LEN(1u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 1,
	  .read = vgicd_read_active, .write = vgicd_write_icactiver },
	{ .offset = GICD_IPRIORITYR,
	  .len = VGIC_PER_IRQ_LEN(8u, GICD_BYTE_INTIDS),
	  .width = 4, .access = MMIO_W8 | MMIO_W32, .bits_per_irq = 8,
	  .read = vgicd_read_ipriorityr, .write = vgicd_write_ipriorityr },
	{ .offset = GICD_ICFGR, .len = VGIC_PER_IRQ_LEN(2u, GICD_BIT_INTIDS),
	  .width = 4, .access = MMIO_W32, .bits_per_irq = 2,
	  .read = vgicd_read_icfgr, .write = vgicd_write_icfgr },
	/* SGI pending state by source CPU: not emulated, RAZ/WI. */
	{ .offset = GICD_CPENDSGIR, .len = 4u * GICD_SGIR_COUNT, .width = 4,
	  .access = MMIO_W8 | MMIO_W32 },
};

bool vgicd_access(const struct vgic_reg *rows, uint32_t count,
		  struct vgic_frame *f, uint64_t offset, struct mmio_access *a)
{
	const struct vgic_reg *r = vgic_reg_find(rows, count, offset);

	if (r == NULL)
		r = vgic_reg_find(vgicd_shared_regs,
				  ARRAY_SIZE(vgicd_shared_regs), offset);
	return vgic_reg_access(r, f, offset, a);
}
