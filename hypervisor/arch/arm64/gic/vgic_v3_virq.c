/* SPDX-License-Identifier: MIT */
/* The software-signalled virtual IRQ's rules (vgic_v3_virq.h). */
#include "arch/arm64/gic/vgic_v3_virq.h"

/* ICH_LR<n>_EL2 (IHI 0069H 12.5.11) */
#define LR_PRIO_SHIFT   48
#define LR_PRIO_MASK    0xffull
#define LR_GROUP1       (1ull << 60)
#define LR_STATE_SHIFT  62
#define LR_STATE_MASK   3ull
#define LR_STATE_PENDING 1ull
#define LR_PENDING      (1ull << 62)
#define LR_ACTIVE       (1ull << 63)
#define LR_HW           (1ull << 61)
#define LR_EOI          (1ull << 41) /* HW = 0 only */

/* ICH_VMCR_EL2 (IHI 0069H 12.5.14) */
#define VMCR_VENG0      (1ull << 0)
#define VMCR_VENG1      (1ull << 1)
#define VMCR_VCBPR      (1ull << 4)
#define VMCR_VBPR1_SHIFT 18
#define VMCR_VBPR0_SHIFT 21
#define VMCR_VBPR_MASK  7ull
#define VMCR_VPMR_SHIFT 24
#define VMCR_VPMR_MASK  0xffull

/* No active priority: every group priority is above it. */
#define PRIO_IDLE       0x100u
#define NO_LR           0xffffffffu

static uint32_t lr_state(uint64_t lr)
{
	return (uint32_t)((lr >> LR_STATE_SHIFT) & LR_STATE_MASK);
}

static bool lr_group1(uint64_t lr)
{
	return (lr & LR_GROUP1) != 0u;
}

/* The LR's priority as the interface sees it: only PRIbits implemented. */
static uint32_t lr_priority(const struct vgic_v3_cpuif *s, uint64_t lr)
{
	uint32_t implemented = (0xffu << (8u - s->pri_bits)) & 0xffu;

	return (uint32_t)((lr >> LR_PRIO_SHIFT) & LR_PRIO_MASK) & implemented;
}

static bool group_enabled(const struct vgic_v3_cpuif *s, bool group1)
{
	return (s->vmcr & (group1 ? VMCR_VENG1 : VMCR_VENG0)) != 0u;
}

/* The running priority: the highest active priority in ICH_AP0R/AP1R,
 * bit n standing for priority n << (8 - PREbits) (IHI 0069H 12.5.1). */
static uint32_t running_priority(const struct vgic_v3_cpuif *s)
{
	for (uint32_t i = 0; i < s->apr_count && i < 4u; i++) {
		uint32_t map = s->apr0[i] | s->apr1[i];

		if (map != 0u)
			return (i * 32u + (uint32_t)__builtin_ctz(map))
			       << (8u - s->pre_bits);
	}
	return PRIO_IDLE;
}

/* The group priority field (IHI 0069H 4.8.5): bits [7:BPR0+1] for group 0
 * and, with VCBPR, for group 1; else bits [7:BPR1] for group 1. */
static uint32_t group_priority_mask(const struct vgic_v3_cpuif *s, bool group1)
{
	uint32_t bpr0 = (uint32_t)((s->vmcr >> VMCR_VBPR0_SHIFT) & VMCR_VBPR_MASK);
	uint32_t bpr1 = (uint32_t)((s->vmcr >> VMCR_VBPR1_SHIFT) & VMCR_VBPR_MASK);
	uint32_t shift = (!group1 || (s->vmcr & VMCR_VCBPR) != 0u) ? bpr0 + 1u
								   : bpr1;

	return (0xffu << shift) & 0xffu;
}

/* The highest-priority LR in the pending state of an enabled group. */
static uint32_t best_pending_lr(const struct vgic_v3_cpuif *s)
{
	uint32_t best = NO_LR;
	uint32_t best_prio = PRIO_IDLE;

	for (uint32_t n = 0; n < s->lr_count && n < VGIC_MAX_LRS; n++) {
		uint64_t lr = s->lr[n];

		if (lr_state(lr) != LR_STATE_PENDING ||
		    !group_enabled(s, lr_group1(lr)))
			continue;
		if (lr_priority(s, lr) < best_prio) {
			best = n;
			best_prio = lr_priority(s, lr);
		}
	}
	return best;
}

/* Where the best pending LR stands against the masks. */
enum virq_block {
	VIRQ_SIGNALS,
	VIRQ_MASKED,    /* by the priority mask (ICC_PMR_EL1) */
	VIRQ_RUNNING,   /* by the running priority (an active interrupt) */
};

static enum virq_block virq_block_of(const struct vgic_v3_cpuif *s,
				     uint64_t lr)
{
	uint32_t prio = lr_priority(s, lr);
	uint32_t running = running_priority(s);
	uint32_t mask = group_priority_mask(s, lr_group1(lr));

	if (prio >= (uint32_t)((s->vmcr >> VMCR_VPMR_SHIFT) & VMCR_VPMR_MASK))
		return VIRQ_MASKED;
	if (running != PRIO_IDLE && (prio & mask) >= (running & mask))
		return VIRQ_RUNNING;
	return VIRQ_SIGNALS;
}

/* The group enables to watch for LRs pending in a disabled group. */
static uint64_t disabled_group_watch(const struct vgic_v3_cpuif *s,
				     uint32_t *valid)
{
	uint64_t maint = 0;

	*valid = 0;
	for (uint32_t n = 0; n < s->lr_count && n < VGIC_MAX_LRS; n++) {
		uint64_t lr = s->lr[n];

		if (lr_state(lr) != 0u)
			(*valid)++;
		if (lr_state(lr) != LR_STATE_PENDING ||
		    group_enabled(s, lr_group1(lr)))
			continue;
		maint |= lr_group1(lr) ? ICH_HCR_VGRP1EIE : ICH_HCR_VGRP0EIE;
	}
	return maint;
}

void vgic_v3_virq_decide(const struct vgic_v3_cpuif *s,
			 struct vgic_v3_virq *out)
{
	uint32_t valid;
	uint32_t best = best_pending_lr(s);

	out->irq = false;
	out->fiq = false;
	out->maint = disabled_group_watch(s, &valid);
	if (best == NO_LR)
		return;
	switch (virq_block_of(s, s->lr[best])) {
	case VIRQ_SIGNALS:
		if (lr_group1(s->lr[best])) {
			out->irq = true;
			out->maint |= ICH_HCR_VGRP1DIE;
		} else {
			out->fiq = true;
			out->maint |= ICH_HCR_VGRP0DIE;
		}
		out->maint |= ICH_HCR_NPIE;
		break;
	case VIRQ_RUNNING:
		/* With one valid LR the underflow condition holds already:
		 * it would fire at once, forever. */
		if (valid >= 2u)
			out->maint |= ICH_HCR_UIE;
		break;
	case VIRQ_MASKED:
	default:
		break;
	}
}

bool vgic_v3_virq_lr_hidden(uint64_t lr)
{
	return (lr & (LR_HW | LR_EOI)) == LR_EOI;
}

uint64_t vgic_v3_virq_lr_hide(uint64_t lr)
{
	if ((lr & (LR_HW | LR_PENDING | LR_ACTIVE)) == (LR_PENDING | LR_ACTIVE))
		return (lr & ~LR_PENDING) | LR_EOI;
	return lr;
}

uint64_t vgic_v3_virq_lr_unhide(uint64_t lr, bool *rewrite)
{
	*rewrite = false;
	if (!vgic_v3_virq_lr_hidden(lr))
		return lr;
	/* Still active: pending and active. Ended (no longer valid): the
	 * pending instance, to be written back. */
	*rewrite = (lr & LR_ACTIVE) == 0u;
	return (lr & ~LR_EOI) | LR_PENDING;
}
