/* SPDX-License-Identifier: MIT */
/*
 * The virtual IRQ/FIQ a GICv3 virtual CPU interface would signal, decided in
 * software, for a board whose GIC's virtual interrupt outputs do not reach
 * the CPUs (BOARD_QUIRK_GIC_VIRQ_UNWIRED, platform/board.h). The hypervisor
 * then raises the vCPU's virtual IRQ itself with HCR_EL2.VI / VF (Arm ARM
 * D1.3.6 "Virtual interrupts": the virtual IRQ is pending when HCR_EL2.VI is
 * 1 or the GIC signals one) and asks for the maintenance interrupts that
 * tell it when the answer may have changed while the guest runs.
 *
 * Pure C over a snapshot of the interface (vgic_v3_lr.c reads it), so host
 * unit tests check the rules.
 */
#ifndef SK_ARCH_ARM64_GIC_VGIC_V3_VIRQ_H
#define SK_ARCH_ARM64_GIC_VGIC_V3_VIRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/vgic.h"

/* ICH_HCR_EL2 maintenance enables (IHI 0069H 12.5.5) */
#define ICH_HCR_UIE       (1ull << 1) /* at most one LR valid */
#define ICH_HCR_NPIE      (1ull << 3) /* no LR in the pending state */
#define ICH_HCR_VGRP0EIE  (1ull << 4) /* while VENG0 is 1 */
#define ICH_HCR_VGRP0DIE  (1ull << 5) /* while VENG0 is 0 */
#define ICH_HCR_VGRP1EIE  (1ull << 6) /* while VENG1 is 1 */
#define ICH_HCR_VGRP1DIE  (1ull << 7) /* while VENG1 is 0 */
/* The ones this workaround sets and clears. */
#define VGIC_V3_VIRQ_MAINT (ICH_HCR_UIE | ICH_HCR_NPIE | ICH_HCR_VGRP0EIE | \
			    ICH_HCR_VGRP0DIE | ICH_HCR_VGRP1EIE | ICH_HCR_VGRP1DIE)

/* The virtual CPU interface of one CPU, as read from its ICH_* registers. */
struct vgic_v3_cpuif {
	uint64_t lr[VGIC_MAX_LRS];  /* ICH_LR<n>_EL2 */
	uint32_t lr_count;
	uint64_t vmcr;              /* ICH_VMCR_EL2 */
	uint32_t apr0[4];           /* ICH_AP0R<n>_EL2 */
	uint32_t apr1[4];           /* ICH_AP1R<n>_EL2 */
	uint32_t apr_count;         /* 1, 2 or 4 (from PREbits) */
	uint32_t pre_bits;          /* ICH_VTR_EL2.PREbits + 1: 5 to 7 */
	uint32_t pri_bits;          /* ICH_VTR_EL2.PRIbits + 1: 5 to 8 */
};

/*
 * The list registers such a board uses: at most VGIC_V3_VIRQ_LRS hold
 * interrupts (the vGIC's overflow handling keeps the rest in software). A
 * guest ending its active interrupt (ICV_EOIR1_EL1, not trapped) can make a
 * pending LR signal without any exit, and the only maintenance interrupt
 * that sees it is the underflow one (at most one LR valid): with a third
 * LR, an active interrupt and two pending ones, the EOI left two pending
 * LRs and nothing told the hypervisor, so the vCPU's virtual IRQ stayed
 * low until some other LR write, for good if none came (a Linux vCPU idle
 * in WFI with its timer pending: the RCU stall of an intermittent boot
 * hang). With two LRs, an active and a blocked pending one are both
 * valid, and the EOI that unblocks it leaves one: underflow.
 */
#define VGIC_V3_VIRQ_LRS 2u

/*
 * A pending-and-active LR (an SGI sent again while its handler runs) would
 * become pending at the guest's EOI with one LR or two still valid, which
 * no maintenance interrupt sees either. Such an LR, without the HW bit, is
 * written active only with ICH_LR<n>_EL2.EOI set (IHI 0069H 12.5.11: its
 * deactivation raises the EOI maintenance interrupt); the pending state it
 * stands for is reported when the LR is read back (vgic_v3_virq_lr_unhide)
 * and written back as pending once the guest has ended the active one.
 */
uint64_t vgic_v3_virq_lr_hide(uint64_t lr);
/* What LR value lr stands for (pending-and-active, or pending once ended);
 * *rewrite: the LR must be written with that value (the guest ended it). */
uint64_t vgic_v3_virq_lr_unhide(uint64_t lr, bool *rewrite);
/* An LR that holds a hidden pending state (not empty, whatever ICH_ELRSR
 * says once the guest has ended it). */
bool vgic_v3_virq_lr_hidden(uint64_t lr);

struct vgic_v3_virq {
	bool irq;       /* HCR_EL2.VI */
	bool fiq;       /* HCR_EL2.VF */
	uint64_t maint; /* ICH_HCR_EL2 enables, within VGIC_V3_VIRQ_MAINT */
};

/*
 * What the interface signals (IHI 0069H 4.8 and the ICV_* pseudocode: the
 * highest-priority LR in the pending state whose group is enabled, if its
 * priority is above the priority mask and its group priority above the
 * running priority; group 1 as vIRQ, group 0 as vFIQ), and the maintenance
 * interrupts that fire when that may change without an exit:
 *   signalling        NPIE (the guest acknowledged it: no LR pending),
 *                     VGrp<g>DIE (the guest disabled its group);
 *   a pending LR in a disabled group: VGrp<g>EIE (the guest enabled it);
 *   blocked by the running priority: UIE when two or more LRs are valid
 *                     (the guest's EOI of the active one empties an LR).
 * That holds with at most VGIC_V3_VIRQ_LRS valid LRs and no pending-and-active
 * one (vgic_v3_virq_lr_hide). Not seen: the guest raising or lowering
 * ICC_PMR_EL1 (not trapped), nor a guest acknowledging one interrupt while
 * another, of the same or a lower priority, stays pending (the virtual IRQ
 * stays high until its EOI; a guest that unmasks interrupts before that EOI
 * takes a spurious one); such changes are seen at the next list register
 * write or maintenance interrupt.
 */
void vgic_v3_virq_decide(const struct vgic_v3_cpuif *s,
			 struct vgic_v3_virq *out);

#endif
