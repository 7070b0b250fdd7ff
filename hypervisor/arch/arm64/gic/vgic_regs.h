/* SPDX-License-Identifier: MIT */
/*
 * Emulated GIC register frames (distributor, GICv3 redistributors) as
 * table-driven MMIO devices, and the GICv3 SGI register.
 */
#ifndef SK_ARCH_ARM64_GIC_VGIC_REGS_H
#define SK_ARCH_ARM64_GIC_VGIC_REGS_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/vgic.h"
#include "core/mmio.h"

/* Guest-physical frame sizes. */
#define VGIC_DIST_SIZE       0x10000u
#define VGIC_V3_REDIST_SIZE  0x20000u  /* RD_base + SGI_base per vCPU */
#define VGIC_V2_CPUIF_SIZE   0x2000u

/* What a register handler works on: the vGIC and, for banked frames, the
 * vCPU whose registers they are. */
struct vgic_frame {
	struct vgic *g;
	uint32_t vcpu;
	bool private_raz; /* GICv3 distributor: INTIDs 0-31 are RAZ/WI */
};

/* Handlers shared by all frames (vgic_regs.c), named after the register
 * they implement; dev is a struct vgic_frame. */
#define VGIC_REG_HANDLERS(name)                                               \
	uint64_t vgic_reg_##name##_read(struct vcpu *v, void *dev, uint32_t i,  \
					uint32_t byte, uint32_t size);         \
	void vgic_reg_##name##_write(struct vcpu *v, void *dev, uint32_t i,     \
				     uint32_t byte, uint32_t size, uint64_t val)
VGIC_REG_HANDLERS(igroupr);
VGIC_REG_HANDLERS(isenabler);
VGIC_REG_HANDLERS(icenabler);
VGIC_REG_HANDLERS(ispendr);
VGIC_REG_HANDLERS(icpendr);
VGIC_REG_HANDLERS(isactiver);
VGIC_REG_HANDLERS(icactiver);
VGIC_REG_HANDLERS(ipriorityr);
VGIC_REG_HANDLERS(icfgr);
#undef VGIC_REG_HANDLERS
/* Identification registers, the same in every frame. */
uint64_t vgic_reg_iidr_read(struct vcpu *v, void *dev, uint32_t i,
			    uint32_t byte, uint32_t size);
uint64_t vgic_reg_pidr2_read(struct vcpu *v, void *dev, uint32_t i,
			     uint32_t byte, uint32_t size);

/* mmio_handler_fn implementations; dev is the partition's struct vgic. */
bool vgic_v3_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a);
bool vgic_v3_redist_mmio(struct vcpu *v, void *dev, uint64_t offset,
			 struct mmio_access *a);
bool vgic_v2_dist_mmio(struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a);

/* A trapped write of ICC_SGI1R_EL1 by vCPU self. */
void vgic_v3_send_sgi(struct vgic *g, uint32_t self, uint64_t val);

/* Distributor-wide helpers used by the register handlers (g->lock held). */
void vgic_set_enabled(struct vgic *g, bool enabled);
void vgic_set_target(struct vgic *g, uint32_t intid, uint32_t vcpu);

#endif
