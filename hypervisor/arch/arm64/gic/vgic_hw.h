/* SPDX-License-Identifier: MIT */
/* The hardware side of the virtual GIC: list registers per GIC version. */
#ifndef SK_ARCH_ARM64_GIC_VGIC_HW_H
#define SK_ARCH_ARM64_GIC_VGIC_HW_H

#include <stdint.h>

#include "arch/vgic.h"
#include "arch/vgic_arch.h"

extern const struct vgic_lr_ops vgic_v3_lr_ops;
/* ICH_LR<n>_EL2's value for lr (the timer fast path precomputes it). */
uint64_t vgic_v3_lr_encode(const struct vgic_lr *lr);
extern const struct vgic_lr_ops vgic_v2_lr_ops;

/* Empties the list registers and enables the virtual CPU interface on
 * this CPU (before its vCPU first runs). */
void vgic_v3_cpu_reset(void);
void vgic_v2_cpu_reset(void);
void vgic_v2_set_gich(uintptr_t base);
/* The whole virtual CPU interface of this CPU, for a vCPU switch. */
/* every_lr: all list registers, not only those in use (the HCR_EL2.VI
 * workaround keeps state in registers ICH_ELRSR_EL2 calls empty). */
void vgic_v3_save(struct vgic_cpu_state *s, bool every_lr);
void vgic_v3_restore(const struct vgic_cpu_state *s, bool every_lr);
void vgic_v2_save(struct vgic_cpu_state *s);
void vgic_v2_restore(const struct vgic_cpu_state *s);
/* BOARD_QUIRK_GIC_VIRQ_UNWIRED: the GICv3 list registers' ops that also
 * drive HCR_EL2.VI/VF (vgic_v3_virq.h), and the decision re-made for the
 * vCPU running on this CPU. */
extern const struct vgic_lr_ops vgic_v3_virq_lr_ops;
void vgic_v3_virq_update(void);
/* Some list register of this CPU holds a pending interrupt. */
bool vgic_v3_lr_pending(void);
bool vgic_v2_lr_pending(void);

#endif
