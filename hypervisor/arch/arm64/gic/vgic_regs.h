/* SPDX-License-Identifier: MIT */
/*
 * Emulated GIC register frames (distributor, GICv3 redistributors): each
 * register a row of a table, named as the GIC spec names it (gic_regs.h),
 * with its width, the access sizes it takes and its bits per interrupt,
 * and a handler written out under the register's name. The distributor
 * registers GICv2 and GICv3 define alike are described once
 * (vgicd_shared_regs, vgic_regs.c); vgic_v2_regs.c and vgic_v3_regs.c add
 * what differs. Like Linux's arch/arm64/kvm/vgic/vgic-mmio.h.
 *
 * A trapped access: trap_mmio → the device's handler (vgic_v3_dist_mmio,
 * ...) → the table lookup (vgicd_access, vgic_regs_access) → the
 * register's handler (vgicd_write_isenabler, ...).
 */
#ifndef SK_ARCH_ARM64_GIC_VGIC_REGS_H
#define SK_ARCH_ARM64_GIC_VGIC_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/gic/gic_regs.h"
#include "arch/vgic.h"
#include "core/mmio.h"

/* Guest-physical frame sizes. */
#define VGIC_DIST_SIZE       0x10000u
#define VGIC_V3_REDIST_SIZE  GICR_FRAME_V3  /* RD_base + SGI_base per vCPU */
#define VGIC_V2_CPUIF_SIZE   0x2000u

/* A GICv2 GICD_SGIR write: sent once the lock is dropped. */
struct vgic_sgi_request {
	uint32_t targets; /* vCPU mask */
	uint32_t intid;
	bool valid;
};

/* What a register handler works on: the vGIC and, for banked frames, the
 * vCPU whose registers they are. */
struct vgic_frame {
	struct vgic *g;
	vcpu_index_t vcpu;
	bool private_raz; /* GICv3 distributor: INTIDs 0-31 are RAZ/WI */
	struct vgic_sgi_request *sgi; /* GICv2 distributor only */
};

/* A handler gets the first INTID the access covers (registers with
 * bits_per_irq; 0 for the others), the byte offset of the access inside
 * its register and the access size. */
typedef uint64_t vgic_reg_read_fn(struct vgic_frame *f, uint32_t intid,
				  uint32_t byte, uint32_t size);
typedef void vgic_reg_write_fn(struct vgic_frame *f, uint32_t intid,
			       uint32_t byte, uint32_t size, uint64_t val);

/*
 * One register, or an array of like registers (GICD_ISENABLER<n>): from
 * .offset, .len bytes of registers .width bytes wide (4 or 8: a power of
 * two); .access the MMIO_W* sizes accepted (naturally aligned, inside one
 * register);
 * .bits_per_irq for registers with a field per interrupt. Without .read a
 * register reads as zero, without .write writes are ignored (RAZ/WI).
 */
struct vgic_reg {
	uint32_t offset;
	uint32_t len;
	uint8_t width;
	uint8_t access;
	uint8_t bits_per_irq;
	vgic_reg_read_fn *read;
	vgic_reg_write_fn *write;
};

/* Bytes of a register array with bits_per_irq bits for each of intids. */
#define VGIC_PER_IRQ_LEN(bits, intids) ((bits) * (intids) / 8u)

/* Finds the row of rows[0..count) that covers offset, checks the access
 * against it and performs it; false when it is refused (no such register,
 * a size it does not take, unaligned or across registers): the guest then
 * gets an external abort. */
bool vgic_regs_access(const struct vgic_reg *rows, uint32_t count,
		      struct vgic_frame *f, uint64_t offset,
		      struct mmio_access *a);
/* The same for a distributor: rows are what the version adds to or
 * changes in the registers GICv2 and GICv3 share (vgicd_shared_regs). */
bool vgicd_access(const struct vgic_reg *rows, uint32_t count,
		  struct vgic_frame *f, uint64_t offset, struct mmio_access *a);

/* Handlers of the per-interrupt registers, in the distributor and, for
 * INTIDs 0-31, in the GICv3 redistributor's SGI_base frame (the same
 * layout, IHI 0069H 12.10). */
vgic_reg_read_fn vgicd_read_igroupr;
vgic_reg_write_fn vgicd_write_igroupr;
vgic_reg_read_fn vgicd_read_enable;     /* ISENABLER and ICENABLER */
vgic_reg_write_fn vgicd_write_isenabler;
vgic_reg_write_fn vgicd_write_icenabler;
vgic_reg_read_fn vgicd_read_pending;    /* ISPENDR and ICPENDR */
vgic_reg_write_fn vgicd_write_ispendr;
vgic_reg_write_fn vgicd_write_icpendr;
vgic_reg_read_fn vgicd_read_active;     /* ISACTIVER and ICACTIVER */
vgic_reg_write_fn vgicd_write_isactiver;
vgic_reg_write_fn vgicd_write_icactiver;
vgic_reg_read_fn vgicd_read_ipriorityr;
vgic_reg_write_fn vgicd_write_ipriorityr;
vgic_reg_read_fn vgicd_read_icfgr;
vgic_reg_write_fn vgicd_write_icfgr;
/* Identification registers, the same in every frame. */
vgic_reg_read_fn vgic_read_iidr;
vgic_reg_read_fn vgic_read_pidr2;

/* mmio_handler_fn implementations; dev is the partition's struct vgic. */
bool vgic_v3_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a);
bool vgic_v3_redist_mmio(struct vcpu *v, void *dev, uint64_t offset,
			 struct mmio_access *a);
bool vgic_v2_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a);

/* A 32-bit read of one of the GICv3 distributor's fixed read-only
 * registers (TYPER, IIDR, PIDR2) at guest-physical ipa: true and *val the
 * value vgic_v3_dist_mmio would return; false for anything else (another
 * register or frame, a GICv2 vGIC). No lock: the values are fixed when
 * the vGIC is set up. */
bool vgic_v3_dist_read_fixed(struct vgic *g, uint64_t ipa, uint32_t *val);
/* The same for a GICv2 distributor (TYPER, IIDR, ICPIDR2), as
 * vgic_v2_dist_mmio would answer; false for a GICv3 vGIC. */
bool vgic_v2_dist_read_fixed(struct vgic *g, uint64_t ipa, uint32_t *val);

/* A trapped write of ICC_SGI1R_EL1 by vCPU self. */
void vgic_v3_send_sgi(struct vgic *g, vcpu_index_t self, uint64_t val);

/* Distributor-wide helpers used by the register handlers (g->lock held). */
void vgic_set_enabled(struct vgic *g, bool enabled);
void vgic_set_target(struct vgic *g, uint32_t intid, vcpu_index_t vcpu);

#endif
