/* SPDX-License-Identifier: MIT */
#include "arch/vgic.h"

#include "arch/arm64/gic/vgic_assert.h"
#include "arch/arm64/gic/vgic_regs.h"
#include "arch/nospec.h"
#include "core/partition.h"
#include "lib/string.h"

static void vgic_irq_reset(struct vgic_irq *irq, uint32_t intid)
{
	(void)sk_memset(irq, 0, sizeof(*irq));
	irq->lr = VGIC_IRQ_NO_LR;
	/* SGIs are edge-triggered by definition (IHI 0069 2.2.1); PPIs and
	 * SPIs reset to level. */
	irq->edge = intid < VGIC_NR_SGIS;
}

/* GICv2 lets an implementation keep SGIs enabled for good (IHI 0048B
 * 4.3.5, GICD_ISENABLERn): GIC-400, the GICv2 of the boards shikiri runs
 * on, does, and so do QEMU's and KVM's models. Guests written for it
 * never enable them, so the vGIC does the same: ISENABLER0[15:0] read as
 * one, and ICENABLER0 leaves them on (vgic_write_bits). */
static bool vgic_sgi_fixed_on(const struct vgic *g, uint32_t intid)
{
	return g->version == 2u && intid < VGIC_NR_SGIS;
}

void vgic_reset(struct vgic *g)
{
	/* Other partitions may inject meanwhile (a channel's doorbell, a
	 * device interrupt on another CPU): they wait, and find either the
	 * old state or the reset one, never a half-reset one. */
	spin_lock(&g->lock);
	g->enabled = false;
	for (uint32_t c = 0; c < SK_MAX_CPUS; c++) {
		for (uint32_t i = 0; i < VGIC_NR_PRIVATE; i++) {
			vgic_irq_reset(&g->cpu[c].priv[i], i);
			g->cpu[c].priv[i].enabled = vgic_sgi_fixed_on(g, i);
		}
		for (uint32_t n = 0; n < VGIC_MAX_LRS; n++)
			g->cpu[c].lr_intid[n] = VGIC_LR_EMPTY;
		g->cpu[c].lrs_in_use = 0;
		g->cpu[c].lr_sw_mask = 0;
		g->cpu[c].lr_eager_mask = 0;
		g->cpu[c].lr_held_mask = 0;
		g->cpu[c].asleep = true;
		g->cpu[c].scan_needed = false;
		g->cpu[c].hint_count = 0;
		g->cpu[c].scan_all = false;
		g->cpu[c].underflow = false;
		g->cpu[c].timer_set_by_hand = false;
	}
	for (uint32_t i = 0; i < VGIC_NR_SPIS; i++)
		vgic_irq_reset(&g->spi[i], i + VGIC_NR_PRIVATE);
	vgic_timer_fast_off(g);
	spin_unlock(&g->lock);
}

void vgic_init(struct vgic *g, struct partition *p, uint32_t version,
	       uint32_t nr_vcpus, const struct vgic_lr_ops *ops)
{
	g->partition = p;
	g->version = version;
	g->nr_vcpus = nr_vcpus;
	g->lr_ops = ops;
	vgic_reset(g);
}

struct vgic_irq *vgic_irq_get(struct vgic *g, vcpu_index_t vcpu, uint32_t intid)
{
	/* vcpu and intid come from guests (register offsets, SGI targets):
	 * clamped for speculation too (arch/nospec.h). */
	if (intid < VGIC_NR_PRIVATE) {
		if (vcpu.index >= g->nr_vcpus)
			return NULL;
		return &g->cpu[index_nospec(vcpu.index, g->nr_vcpus)]
				.priv[index_nospec(intid, VGIC_NR_PRIVATE)];
	}
	if (intid < VGIC_NR_IRQS)
		return &g->spi[index_nospec(intid - VGIC_NR_PRIVATE,
					    VGIC_NR_IRQS - VGIC_NR_PRIVATE)];
	return NULL;
}

/* The vCPU an interrupt is delivered to. */
static vcpu_index_t vgic_target(const struct vgic_irq *irq, vcpu_index_t vcpu,
				uint32_t intid)
{
	return intid < VGIC_NR_PRIVATE ? vcpu : vcpu_index_of(irq->target);
}

static bool vgic_deliverable(const struct vgic *g, const struct vgic_irq *irq)
{
	return g->enabled && irq->enabled && irq->pending;
}

/* After a state change: make sure the target vCPU looks at it. intid is
 * the one interrupt that changed, or VGIC_NO_INTID: look at all of them.
 * Caller holds g->lock. Always inlined (into vgic_make_pending and
 * vgic_notify), as -Os did on its own while target was a bare uint32_t:
 * with a struct parameter GCC no longer splits off the early return
 * (ipa-split refuses non-register parameters) and the injection path paid
 * a call (bench/run.py --only channel, shared doorbell: +16). */
static inline __attribute__((always_inline)) void
vgic_notify_irq(struct vgic *g, vcpu_index_t target, uint32_t intid)
{
	struct vgic_cpu *cpu;

	if (target.index >= g->nr_vcpus)
		return;
	cpu = &g->cpu[target.index];
	if (intid != VGIC_NO_INTID && cpu->hint_count < VGIC_HINTS)
		cpu->hint[cpu->hint_count++] = (uint16_t)intid;
	else
		cpu->scan_all = true;
	__atomic_store_n(&cpu->scan_needed, true, __ATOMIC_RELEASE);
	if (g->kick != NULL)
		g->kick(g->partition, target);
}

static void vgic_notify(struct vgic *g, vcpu_index_t target)
{
	vgic_notify_irq(g, target, VGIC_NO_INTID);
}

static void vgic_make_pending(struct vgic *g, struct vgic_irq *irq,
			      vcpu_index_t target, uint32_t intid)
{
	if (g->partition != NULL)
		PARTITION_STAT_INC(g->partition, irqs_injected);
	irq->pending = true;
	irq->pending_sw = true;
	if (irq->lr != VGIC_IRQ_NO_LR)
		irq->dirty = true;
	if (vgic_deliverable(g, irq))
		vgic_notify_irq(g, target, intid);
}

void vgic_inject(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
		 vcpu_index_t source)
{
	struct vgic_irq *irq;

	spin_lock(&g->lock);
	irq = vgic_irq_get(g, vcpu, intid.id);
	if (irq != NULL) {
		irq->source = (uint8_t)source.index;
		vgic_make_pending(g, irq, vgic_target(irq, vcpu, intid.id),
				  intid.id);
	}
	spin_unlock(&g->lock);
}

void vgic_inject_hw(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
		    intid_t pintid)
{
	struct vgic_irq *irq;

	spin_lock(&g->lock);
	irq = vgic_irq_get(g, vcpu, intid.id);
	if (irq != NULL) {
		irq->hw = true;
		irq->pintid = (uint16_t)pintid.id;
		vgic_make_pending(g, irq, vgic_target(irq, vcpu, intid.id),
				  intid.id);
	}
	spin_unlock(&g->lock);
}

void vgic_set_level(struct partition *p, intid_t intid, bool level)
{
	struct vgic *g = &p->arch.vgic;
	struct vgic_irq *irq;

	if (intid.id < VGIC_NR_PRIVATE)
		return;
	spin_lock(&g->lock);
	irq = vgic_irq_get(g, vcpu_index_of(0), intid.id);
	if (irq != NULL && irq->line != level) {
		irq->line = level;
		if (level) {
			vgic_make_pending(g, irq, vcpu_index_of(irq->target),
					  intid.id);
		} else if (!irq->edge && irq->pending) {
			/* A level interrupt whose line dropped before the guest
			 * took it is no longer pending (IHI 0069 4.1.2). */
			irq->pending = false;
			irq->pending_sw = true;
			if (irq->lr != VGIC_IRQ_NO_LR) {
				irq->dirty = true;
				vgic_notify(g, vcpu_index_of(irq->target));
			}
		}
	}
	spin_unlock(&g->lock);
}

void vgic_lr_usage(struct vgic *g, vcpu_index_t vcpu, struct vgic_lr_usage *out)
{
	const struct vgic_cpu *cpu;

	out->held = 0;
	out->stale = 0;
	if (vcpu.index >= g->nr_vcpus || vcpu.index >= SK_MAX_CPUS)
		return;
	cpu = &g->cpu[vcpu.index];
	spin_lock(&g->lock);
	for (uint32_t n = 0; n < VGIC_MAX_LRS; n++) {
		const struct vgic_irq *irq;

		if ((cpu->lr_held_mask & (1u << n)) == 0u)
			continue;
		out->held++;
		irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);
		/* Until the LR is read back at the next flush, the interrupt is
		 * still pending or active here, or marked as changed since
		 * (dirty, *_sw): only one nobody accounts for is stale. */
		if (irq == NULL || irq->lr != n ||
		    (!irq->pending && !irq->active && !irq->dirty &&
		     !irq->pending_sw && !irq->active_sw))
			out->stale++;
	}
	/* The count the flush path keeps must agree with the mask. */
	if (cpu->lrs_in_use != out->held)
		out->stale++;
	spin_unlock(&g->lock);
}

/* LR n no longer holds anything (its register is written by the caller). */
static void vgic_lr_release(struct vgic_cpu *cpu, uint32_t n)
{
	/* SW | HW -> EMPTY only: an empty LR has nothing to give back. */
	VGIC_ASSERT(n < VGIC_MAX_LRS && cpu->lr_intid[n] != VGIC_LR_EMPTY &&
		    cpu->lrs_in_use != 0u, n, cpu->lrs_in_use);
	cpu->lr_intid[n] = VGIC_LR_EMPTY;
	cpu->lrs_in_use--;
	cpu->lr_sw_mask &= ~(1u << n);
	cpu->lr_eager_mask &= ~(1u << n);
	cpu->lr_held_mask &= ~(1u << n);
}

/* Reads back LR n of this CPU and folds it into the interrupt's state;
 * frees the LR once the guest is done with the interrupt. */
static void vgic_sync_lr(struct vgic *g, struct vgic_cpu *cpu,
			 vcpu_index_t vcpu, uint32_t n)
{
	struct vgic_lr lr;
	struct vgic_irq *irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);

	if (irq == NULL) {
		vgic_lr_release(cpu, n);
		return;
	}
	g->lr_ops->read(n, &lr);
	if (!irq->active_sw)
		irq->active = lr.active;
	/* Other changes (priority, enable, group) also mark the LR dirty, but
	 * only a software change of the pending state overrides what the
	 * guest did with the LR meanwhile (e.g. acknowledged it). */
	if (!irq->pending_sw)
		irq->pending = lr.pending;
	/* A level line still high makes the interrupt pending again once
	 * the guest has handled it; its LR must say so too. */
	if (!irq->edge && irq->line && !irq->hw && !irq->pending) {
		irq->pending = true;
		irq->dirty = true;
	}
	/* The guest deactivated the physical interrupt with the virtual one.
	 * If it fired again since (pending_sw), that new instance is linked
	 * again and must keep its HW bit, or the physical interrupt would
	 * stay active for good. */
	if (irq->hw && !lr.pending && !lr.active && !irq->pending_sw)
		irq->hw = false;
	if (!irq->pending && !irq->active) {
		/* Already empty in hardware unless software withdrew it. */
		if (lr.pending || lr.active) {
			static const struct vgic_lr empty;

			g->lr_ops->write(n, &empty);
		}
		vgic_lr_release(cpu, n);
		irq->lr = VGIC_IRQ_NO_LR;
		irq->dirty = false;
		irq->pending_sw = false;
		irq->active_sw = false;
	}
}

static void vgic_load_lr(struct vgic *g, struct vgic_cpu *cpu, uint32_t n,
			 uint32_t intid, struct vgic_irq *irq)
{
	struct vgic_lr lr = {
		.intid = intid,
		.pintid = irq->hw ? irq->pintid
				  : (intid < VGIC_NR_SGIS ? irq->source : 0u),
		.priority = irq->priority,
		.pending = irq->pending,
		.active = irq->active,
		.hw = irq->hw,
		.group1 = irq->group1,
	};

	/* One LR per interrupt (two LRs with one vINTID are UNPREDICTABLE,
	 * IHI 0069H 4.9); an LR taken anew is empty in hardware (the timer
	 * fast path may fill one this code does not hold). */
	VGIC_ASSERT(irq->lr == VGIC_IRQ_NO_LR || irq->lr == n, irq->lr, n);
	VGIC_ASSERT(cpu->lr_intid[n] != VGIC_LR_EMPTY ||
		    g->lr_ops->empty_mask == NULL ||
		    (g->lr_ops->empty_mask() & (1u << n)) != 0u, n, intid);
	g->lr_ops->write(n, &lr);
	if (cpu->lr_intid[n] == VGIC_LR_EMPTY)
		cpu->lrs_in_use++;
	cpu->lr_intid[n] = (uint16_t)intid;
	cpu->lr_held_mask |= 1u << n;
	if (irq->hw)
		cpu->lr_sw_mask &= ~(1u << n);
	else
		cpu->lr_sw_mask |= 1u << n;
	/* Read back at every exit (lr_eager_mask): a level interrupt whose
	 * line is high (it is pending again once the guest ended it; every
	 * change of the line marks it dirty and so brings it back here), and
	 * an SPI of a partition with more vCPUs (retargeted, it must leave
	 * this LR before another vCPU can take it), and any on a GIC whose
	 * LR reads do work of their own (read_back_every_exit). */
	if (!irq->hw && ((!irq->edge && irq->line) ||
			 (intid >= VGIC_NR_PRIVATE && g->nr_vcpus > 1u) ||
			 g->lr_ops->read_back_every_exit))
		cpu->lr_eager_mask |= 1u << n;
	else
		cpu->lr_eager_mask &= ~(1u << n);
	irq->lr = (uint8_t)n;
	irq->dirty = false;
	irq->pending_sw = false;
	irq->active_sw = false;
}

/* The best (lowest priority value) deliverable interrupt of vcpu that is
 * not in a list register; VGIC_NO_INTID if there is none. Looks at the
 * vCPU's hints only, unless scan_all (or the caller) says everything. */
static uint32_t vgic_best_candidate(struct vgic *g, vcpu_index_t vcpu,
				    bool everything)
{
	const struct vgic_cpu *cpu = &g->cpu[vcpu.index];
	bool hints = !everything && !cpu->scan_all;
	uint32_t n = hints ? cpu->hint_count : VGIC_NR_IRQS;
	uint32_t best = VGIC_NO_INTID;
	uint32_t best_prio = VGIC_PRIO_LOWEST + 1u;

	for (uint32_t i = 0; i < n; i++) {
		uint32_t intid = hints ? cpu->hint[i] : i;
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, intid);

		if (irq == NULL || irq->lr != VGIC_IRQ_NO_LR ||
		    !vgic_deliverable(g, irq) ||
		    vgic_target(irq, vcpu, intid).index != vcpu.index)
			continue;
		if (irq->priority < best_prio) {
			best = intid;
			best_prio = irq->priority;
		}
	}
	return best;
}

/* The list registers this CPU has, as many as the vGIC tracks at most. */
static uint32_t vgic_lr_count(const struct vgic *g)
{
	uint32_t count = g->lr_ops->count();

	return count > VGIC_MAX_LRS ? VGIC_MAX_LRS : count;
}

/* LRs free to use: not held here, and empty in hardware (the timer fast
 * path may have filled one this code does not know of). */
static uint32_t vgic_free_lrs(const struct vgic *g, const struct vgic_cpu *cpu,
			      uint32_t count)
{
	uint32_t all = count >= 32u ? ~0u : (1u << count) - 1u;
	uint32_t empty = g->lr_ops->empty_mask != NULL ? g->lr_ops->empty_mask()
						       : all;

	return all & empty & ~cpu->lr_held_mask;
}

/* A list register to use for an interrupt of priority prio: a free one,
 * else one holding a lower-priority interrupt that is only pending (it is
 * put back in software). VGIC_NO_LR if all hold better or active ones. */
static uint32_t vgic_find_lr(struct vgic *g, struct vgic_cpu *cpu,
			     vcpu_index_t vcpu, uint32_t count, uint8_t prio)
{
	uint32_t victim = VGIC_NO_LR;
	uint8_t victim_prio = prio;

	uint32_t free = vgic_free_lrs(g, cpu, count);

	if (free != 0)
		return (uint32_t)__builtin_ctz(free);
	for (uint32_t n = 0; n < count; n++) {
		struct vgic_irq *irq;

		if (cpu->lr_intid[n] == VGIC_LR_EMPTY)
			continue; /* the fast path's */
		irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);
		if (irq != NULL && !irq->active && irq->priority > victim_prio) {
			victim = n;
			victim_prio = irq->priority;
		}
	}
	if (victim != VGIC_NO_LR) {
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, cpu->lr_intid[victim]);
		static const struct vgic_lr empty;

		g->lr_ops->write(victim, &empty);
		irq->lr = VGIC_IRQ_NO_LR; /* stays pending in software */
		cpu->scan_all = true;
		vgic_lr_release(cpu, victim);
	}
	return victim;
}

/*
 * The usual exit after a software-injected interrupt (a doorbell, an SGI):
 * the guest took and ended what its list registers held and nothing new
 * waits. Those LRs are empty in hardware (ICH_ELRSR_EL2), so their
 * interrupts are simply over: released here exactly as vgic_sync_lr would
 * release them, without the full flush. False, changing nothing, when
 * anything else is to be done (the caller flushes). Caller holds g->lock.
 */
static bool vgic_release_ended(struct vgic *g, struct vgic_cpu *cpu,
			       vcpu_index_t vcpu)
{
	uint32_t sw = cpu->lr_sw_mask;
	uint32_t rest;

	if (sw == 0 || g->lr_ops->empty_mask == NULL || cpu->underflow ||
	    __atomic_load_n(&cpu->scan_needed, __ATOMIC_ACQUIRE) ||
	    (g->lr_ops->empty_mask() & sw) != sw)
		return false;
	for (rest = sw; rest != 0; rest &= rest - 1u) {
		uint32_t n = (uint32_t)__builtin_ctz(rest);
		const struct vgic_irq *irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);

		/* Software changed it meanwhile, or a level line still high
		 * must make it pending again: the general path decides. */
		if (irq == NULL || irq->hw || irq->pending_sw || irq->active_sw ||
		    irq->dirty || (!irq->edge && irq->line))
			return false;
	}
	for (rest = sw; rest != 0; rest &= rest - 1u) {
		uint32_t n = (uint32_t)__builtin_ctz(rest);
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);

		irq->pending = false;
		irq->active = false;
		irq->lr = VGIC_IRQ_NO_LR;
		vgic_lr_release(cpu, n);
	}
	return true;
}

/*
 * The timer fast path (vgic_inject_hw_local, arch/arm64/vectors.S) writes
 * the timer's LR without this code holding it: an LR busy in hardware that
 * is not held here holds the vCPU's timer. When software gives the timer a
 * state of its own (the guest writes GICR_ISPENDR0 or GICR_ISACTIVER0),
 * that LR is taken over and its state folded in, exactly as for an LR
 * placed here: placing the timer in a second LR would give two LRs one
 * vINTID (UNPREDICTABLE, IHI 0069 4.9), and a software active state no LR
 * holds would never end. Caller holds g->lock.
 */
static void vgic_adopt_timer_lr(struct vgic *g, struct vgic_cpu *cpu,
				vcpu_index_t vcpu, uint32_t count)
{
	struct vgic_irq *irq = &cpu->priv[VGIC_PPI_VTIMER];
	uint32_t all = count >= 32u ? ~0u : (1u << count) - 1u;
	uint32_t busy;

	if (!cpu->timer_set_by_hand)
		return;
	/* Only the guest's own write: a timer the slow path made pending
	 * while the fast path's LR holds the last instance active is a new
	 * instance, placed like any other interrupt. */
	cpu->timer_set_by_hand = false;
	if (g->lr_ops->empty_mask == NULL || irq->lr != VGIC_IRQ_NO_LR ||
	    (!irq->pending && !irq->active))
		return;
	busy = all & ~g->lr_ops->empty_mask() & ~cpu->lr_held_mask;
	for (; busy != 0; busy &= busy - 1u) {
		uint32_t n = (uint32_t)__builtin_ctz(busy);
		struct vgic_lr lr;

		g->lr_ops->read(n, &lr);
		if (lr.intid != VGIC_PPI_VTIMER)
			continue;
		irq->hw = lr.hw;
		irq->pintid = (uint16_t)lr.pintid;
		irq->lr = (uint8_t)n;
		irq->dirty = true; /* rewritten with the merged state */
		cpu->lr_intid[n] = VGIC_PPI_VTIMER;
		cpu->lrs_in_use++;
		cpu->lr_held_mask |= 1u << n;
		vgic_sync_lr(g, cpu, vcpu, n);
		return;
	}
}

enum vgic_lr_state vgic_lr_state(const struct vgic_cpu *cpu, uint32_t n)
{
	uint32_t bit = n < VGIC_MAX_LRS ? 1u << n : 0u;

	if ((cpu->lr_held_mask & bit) == 0u)
		return VGIC_LR_STATE_EMPTY;
	return (cpu->lr_sw_mask & bit) != 0u ? VGIC_LR_STATE_SW
					     : VGIC_LR_STATE_HW;
}

enum vgic_irq_state vgic_irq_state(const struct vgic_irq *irq)
{
	if (irq->active)
		return irq->pending ? VGIC_IRQ_ACTIVE_PENDING : VGIC_IRQ_ACTIVE;
	return irq->pending ? VGIC_IRQ_PENDING : VGIC_IRQ_INACTIVE;
}

#if VGIC_ASSERTS
/* The invariants of enum vgic_lr_state (vgic.h), for vCPU vcpu after a
 * flush. SPIs are checked from the LR side only: an SPI retargeted while
 * in an LR still names the LR of the vCPU it was placed at. */
static void vgic_check_cpu(struct vgic *g, const struct vgic_cpu *cpu,
			   vcpu_index_t vcpu)
{
	uint32_t held = 0;

	VGIC_ASSERT((cpu->lr_sw_mask & ~cpu->lr_held_mask) == 0u,
		    cpu->lr_sw_mask, cpu->lr_held_mask);
	VGIC_ASSERT((cpu->lr_eager_mask & ~cpu->lr_sw_mask) == 0u,
		    cpu->lr_eager_mask, cpu->lr_sw_mask);
	for (uint32_t n = 0; n < VGIC_MAX_LRS; n++) {
		const struct vgic_irq *irq;

		VGIC_ASSERT((vgic_lr_state(cpu, n) == VGIC_LR_STATE_EMPTY) ==
			    (cpu->lr_intid[n] == VGIC_LR_EMPTY), n,
			    cpu->lr_intid[n]);
		if (cpu->lr_intid[n] == VGIC_LR_EMPTY)
			continue;
		held++;
		irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);
		VGIC_ASSERT(irq != NULL && irq->lr == n, n, cpu->lr_intid[n]);
	}
	VGIC_ASSERT(cpu->lrs_in_use == held, cpu->lrs_in_use, held);
	for (uint32_t intid = 0; intid < VGIC_NR_PRIVATE; intid++) {
		uint8_t lr = cpu->priv[intid].lr;

		VGIC_ASSERT(lr == VGIC_IRQ_NO_LR ||
			    (lr < VGIC_MAX_LRS && cpu->lr_intid[lr] == intid),
			    intid, lr);
	}
}
#else
static inline void vgic_check_cpu(struct vgic *g, const struct vgic_cpu *cpu,
				  vcpu_index_t vcpu)
{
	(void)g; (void)cpu; (void)vcpu;
}
#endif

/* Flush step 1: what the guest did with the list registers (ended,
 * taken, still pending) read back into the state, and a timer instance
 * the fast path wrote adopted if the guest changed the timer by hand. */
static inline __attribute__((always_inline)) void
vgic_flush_read_back(struct vgic *g, struct vgic_cpu *cpu, vcpu_index_t vcpu,
		     uint32_t count)
{
	for (uint32_t n = 0; n < count; n++) {
		if (cpu->lr_intid[n] != VGIC_LR_EMPTY)
			vgic_sync_lr(g, cpu, vcpu, n);
	}
	vgic_adopt_timer_lr(g, cpu, vcpu, count);
}

/* Flush step 2: interrupts changed while in an LR get their LR
 * rewritten. */
static inline __attribute__((always_inline)) void
vgic_flush_rewrite_dirty(struct vgic *g, struct vgic_cpu *cpu,
			 vcpu_index_t vcpu, uint32_t count)
{
	for (uint32_t n = 0; n < count; n++) {
		struct vgic_irq *irq;

		if (cpu->lr_intid[n] == VGIC_LR_EMPTY)
			continue;
		irq = vgic_irq_get(g, vcpu, cpu->lr_intid[n]);
		if (irq != NULL && irq->dirty)
			vgic_load_lr(g, cpu, n, cpu->lr_intid[n], irq);
	}
}

/* Flush step 3: the highest-priority pending interrupts placed into free
 * (or lower-priority) LRs. True when some did not fit. */
static inline __attribute__((always_inline)) bool
vgic_flush_place(struct vgic *g, struct vgic_cpu *cpu, vcpu_index_t vcpu,
		 uint32_t count)
{
	for (uint32_t placed = 0; placed <= count; placed++) {
		uint32_t intid = vgic_best_candidate(g, vcpu, false);
		struct vgic_irq *irq;
		uint32_t n;

		if (intid == VGIC_NO_INTID)
			return false;
		irq = vgic_irq_get(g, vcpu, intid);
		n = vgic_find_lr(g, cpu, vcpu, count, irq->priority);
		if (n == VGIC_NO_LR)
			return true;
		vgic_load_lr(g, cpu, n, intid, irq);
	}
	return false;
}

/* Flush step 4: an underflow maintenance interrupt asked for exactly when
 * something did not fit, and the scan state left for the next flush. */
static inline __attribute__((always_inline)) void
vgic_flush_overflow(struct vgic *g, struct vgic_cpu *cpu, bool overflow)
{
	if (overflow != cpu->underflow) {
		g->lr_ops->set_underflow(overflow);
		cpu->underflow = overflow;
	}
	/* What did not fit is still to be delivered, and may be any of them. */
	cpu->hint_count = 0;
	cpu->scan_all = overflow;
	if (overflow)
		cpu->scan_needed = true;
}

/*
 * The usual flush after a doorbell or an SGI (the kick that brought it
 * here): one new interrupt (one hint, nothing else to scan), no list
 * register to read back at every exit, nothing overflowing and no timer
 * instance held. It goes into its own LR again when the guest is done with
 * that one (empty in hardware: the lazily released LR of its last
 * instance), else into a free one, exactly as vgic_flush_place would put
 * it; the LRs of other ended interrupts stay for a later flush. False,
 * changing nothing, when anything else is to be done. Caller holds
 * g->lock.
 */
static bool vgic_place_hint(struct vgic *g, struct vgic_cpu *cpu,
			    vcpu_index_t vcpu)
{
	uint32_t empty;
	uint32_t n;
	uint32_t intid;
	struct vgic_irq *irq;

	if (cpu->hint_count != 1u || cpu->scan_all || cpu->underflow ||
	    cpu->lr_eager_mask != 0u || cpu->timer_set_by_hand ||
	    g->lr_ops->empty_mask == NULL ||
	    cpu->priv[VGIC_PPI_VTIMER].lr != VGIC_IRQ_NO_LR)
		return false;
	intid = cpu->hint[0];
	irq = vgic_irq_get(g, vcpu, intid);
	if (irq == NULL || !vgic_deliverable(g, irq) || irq->hw ||
	    vgic_target(irq, vcpu, intid).index != vcpu.index)
		return false;
	empty = g->lr_ops->empty_mask();
	if (irq->lr != VGIC_IRQ_NO_LR) {
		n = irq->lr;
		/* Still pending or active in the guest: the general path
		 * merges the two. */
		if ((empty & (1u << n)) == 0u || irq->active_sw)
			return false;
		irq->active = false;
	} else {
		uint32_t free = vgic_free_lrs(g, cpu, vgic_lr_count(g));

		if (free == 0u)
			return false;
		n = (uint32_t)__builtin_ctz(free);
	}
	__atomic_store_n(&cpu->scan_needed, false, __ATOMIC_RELAXED);
	cpu->hint_count = 0;
	vgic_load_lr(g, cpu, n, intid, irq);
	return true;
}

void vgic_flush(struct vgic *g, vcpu_index_t vcpu)
{
	struct vgic_cpu *cpu;
	uint32_t count;

	if (vcpu.index >= g->nr_vcpus)
		return;
	cpu = &g->cpu[vcpu.index];
	spin_lock(&g->lock);
	if (vgic_place_hint(g, cpu, vcpu) || vgic_release_ended(g, cpu, vcpu)) {
		vgic_check_cpu(g, cpu, vcpu);
		spin_unlock(&g->lock);
		return;
	}
	__atomic_store_n(&cpu->scan_needed, false, __ATOMIC_RELAXED);
	count = vgic_lr_count(g);
	vgic_flush_read_back(g, cpu, vcpu, count);
	vgic_flush_rewrite_dirty(g, cpu, vcpu, count);
	vgic_flush_overflow(g, cpu, vgic_flush_place(g, cpu, vcpu, count));
	vgic_timer_fast_update(g, vcpu);
	vgic_check_cpu(g, cpu, vcpu);
	spin_unlock(&g->lock);
}

void vgic_sync_caller(struct vgic *g, const struct vcpu *v)
{
	struct vgic_cpu *cpu;

	if (v->index.index >= g->nr_vcpus)
		return;
	cpu = &g->cpu[v->index.index];
	/* Register reads must see every list register's current state. */
	if (cpu->lrs_in_use != 0 || cpu->underflow ||
	    __atomic_load_n(&cpu->scan_needed, __ATOMIC_ACQUIRE))
		vgic_flush(g, v->index);
}

/* An earlier instance of t's forwarded interrupt that this code placed is
 * over: the physical interrupt cannot fire again before the guest
 * deactivated the virtual one linked to it (ICH_LR.HW, IHI 0069 4.4.9),
 * so that LR is empty; no need to read it. If software changed the state
 * since, read it back properly. */
static void vgic_release_hw_instance(struct vgic *g, struct vgic_cpu *cpu,
				     vcpu_index_t vcpu, struct vgic_irq *irq)
{
	if (irq->lr == VGIC_IRQ_NO_LR)
		return;
	if (irq->hw && !irq->pending_sw && !irq->active_sw && !irq->dirty) {
		vgic_lr_release(cpu, irq->lr);
		irq->lr = VGIC_IRQ_NO_LR;
		irq->pending = false;
		irq->active = false;
		irq->hw = false;
	} else {
		vgic_sync_lr(g, cpu, vcpu, irq->lr);
	}
}

/* The timer's LR as the fast path writes it: pending, linked (HW) to the
 * physical PPI, with the guest's priority and group. */
static struct vgic_lr vgic_timer_lr(const struct vgic_irq *irq)
{
	return (struct vgic_lr){
		.intid = VGIC_PPI_VTIMER, .pintid = VGIC_PPI_VTIMER,
		.priority = irq->priority, .pending = true, .hw = true,
		.group1 = irq->group1,
	};
}

/* Nothing of the timer is held here and the guest would take it now. */
static bool vgic_timer_fast_ok(const struct vgic *g, const struct vgic_irq *irq)
{
	return g->enabled && irq->enabled && irq->lr == VGIC_IRQ_NO_LR &&
	       !irq->pending && !irq->active;
}

void vgic_inject_local(struct vgic *g, vcpu_index_t vcpu, intid_t intid)
{
	struct vgic_cpu *cpu;
	struct vgic_irq *irq;
	uint32_t free;

	if (vcpu.index >= g->nr_vcpus || intid.id >= VGIC_NR_PRIVATE) {
		vgic_inject(g, vcpu, intid, vcpu);
		return;
	}
	cpu = &g->cpu[vcpu.index];
	irq = &cpu->priv[intid.id];
	spin_lock(&g->lock);
	/* The previous instance's LR, if still held, read back first. */
	if (irq->lr != VGIC_IRQ_NO_LR)
		vgic_sync_lr(g, cpu, vcpu, irq->lr);
	free = vgic_free_lrs(g, cpu, vgic_lr_count(g));
	if (irq->hw || !vgic_timer_fast_ok(g, irq) || free == 0) {
		spin_unlock(&g->lock);
		vgic_inject(g, vcpu, intid, vcpu);
		return;
	}
	if (g->partition != NULL)
		PARTITION_STAT_INC(g->partition, irqs_injected);
	irq->pending = true;
	vgic_load_lr(g, cpu, (uint32_t)__builtin_ctz(free), intid.id, irq);
	spin_unlock(&g->lock);
}

void vgic_inject_hw_local(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
			  intid_t pintid)
{
	struct vgic_cpu *cpu;
	struct vgic_irq *irq;
	struct vgic_lr lr;
	uint32_t free;

	if (vcpu.index >= g->nr_vcpus || intid.id != VGIC_PPI_VTIMER ||
	    pintid.id != VGIC_PPI_VTIMER) {
		vgic_inject_hw(g, vcpu, intid, pintid);
		return;
	}
	cpu = &g->cpu[vcpu.index];
	irq = &cpu->priv[intid.id];
	spin_lock(&g->lock);
	vgic_release_hw_instance(g, cpu, vcpu, irq);
	free = vgic_free_lrs(g, cpu, vgic_lr_count(g));
	if (!vgic_timer_fast_ok(g, irq) || free == 0) {
		spin_unlock(&g->lock);
		vgic_inject_hw(g, vcpu, intid, pintid);
		return;
	}
	if (g->partition != NULL)
		PARTITION_STAT_INC(g->partition, irqs_injected);
	if (g->lr_ops->empty_mask == NULL) {
		/* No way to see an LR empty in hardware (GICv2 here): the
		 * LR is held, and read back when it fires again. */
		irq->hw = true;
		irq->pintid = (uint16_t)pintid.id;
		irq->pending = true;
		vgic_load_lr(g, cpu, (uint32_t)__builtin_ctz(free), intid.id, irq);
		spin_unlock(&g->lock);
		return;
	}
	/* Written, not held: the guest's deactivation ends it, and until
	 * then the LR is not empty in hardware, so nothing here reuses it.
	 * The vector does the same from now on (vgic_timer_fast_update). */
	lr = vgic_timer_lr(irq);
	g->lr_ops->write((uint32_t)__builtin_ctz(free), &lr);
	vgic_timer_fast_update(g, vcpu);
	spin_unlock(&g->lock);
}

void vgic_timer_fast_update(struct vgic *g, vcpu_index_t vcpu)
{
	struct vgic_cpu *cpu;
	struct vgic_irq *irq;
	struct vgic_lr lr;

	if (g->timer_publish == NULL || vcpu.index >= g->nr_vcpus)
		return;
	cpu = &g->cpu[vcpu.index];
	irq = &cpu->priv[VGIC_PPI_VTIMER];
	if (irq->lr != VGIC_IRQ_NO_LR && g->lr_ops->empty_mask != NULL &&
	    (g->lr_ops->empty_mask() & (1u << irq->lr)) != 0)
		vgic_release_hw_instance(g, cpu, vcpu, irq);
	if (!vgic_timer_fast_ok(g, irq)) {
		if (cpu->timer_fast_on)
			g->timer_publish(g->partition, vcpu, NULL);
		cpu->timer_fast_on = false;
		return;
	}
	/* The prepared LR depends on nothing else (vgic_timer_lr). */
	if (cpu->timer_fast_on && cpu->timer_fast_priority == irq->priority &&
	    cpu->timer_fast_group1 == irq->group1)
		return;
	lr = vgic_timer_lr(irq);
	g->timer_publish(g->partition, vcpu, &lr);
	cpu->timer_fast_on = true;
	cpu->timer_fast_priority = irq->priority;
	cpu->timer_fast_group1 = irq->group1;
}

void vgic_timer_fast_refresh(struct vgic *g, vcpu_index_t vcpu)
{
	if (vcpu.index >= g->nr_vcpus)
		return;
	spin_lock(&g->lock);
	/* Whatever the CPU's fast path held (another vCPU's, or this one's
	 * before it stopped), it is decided afresh: on if the state allows
	 * (published by the update, over what was there), else off. */
	g->cpu[vcpu.index].timer_fast_on = false;
	vgic_timer_fast_update(g, vcpu);
	if (!g->cpu[vcpu.index].timer_fast_on && g->timer_publish != NULL)
		g->timer_publish(g->partition, vcpu, NULL);
	spin_unlock(&g->lock);
}

void vgic_timer_fast_off(struct vgic *g)
{
	if (g->timer_publish == NULL)
		return;
	for (uint32_t v = 0; v < g->nr_vcpus; v++) {
		g->timer_publish(g->partition, vcpu_index_of(v), NULL);
		g->cpu[v].timer_fast_on = false;
	}
}

bool vgic_irq_pending(struct vgic *g, vcpu_index_t vcpu, intid_t intid)
{
	const struct vgic_irq *irq;
	bool pending;

	spin_lock(&g->lock);
	irq = vgic_irq_get(g, vcpu, intid.id);
	pending = irq != NULL && irq->pending;
	spin_unlock(&g->lock);
	return pending;
}

bool vgic_has_pending(struct vgic *g, vcpu_index_t vcpu)
{
	bool any;

	spin_lock(&g->lock);
	any = vgic_best_candidate(g, vcpu, true) != VGIC_NO_INTID;
	spin_unlock(&g->lock);
	return any;
}

/* ---- distributor register semantics shared by both GIC versions ---- */

static bool *vgic_field(struct vgic_irq *irq, uint32_t field)
{
	switch (field) {
	case VGIC_FIELD_GROUP: return &irq->group1;
	case VGIC_FIELD_ENABLE: return &irq->enabled;
	case VGIC_FIELD_PENDING: return &irq->pending;
	case VGIC_FIELD_ACTIVE: return &irq->active;
	default: return NULL;
	}
}

uint32_t vgic_read_bits(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
			uint32_t field)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < 32u; i++) {
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, first + i);
		const bool *f = irq != NULL ? vgic_field(irq, field) : NULL;

		if (f != NULL && *f)
			v |= 1u << i;
	}
	return v;
}

void vgic_write_bits(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
		     uint32_t field, bool set, uint32_t bits)
{
	for (uint32_t i = 0; i < 32u; i++) {
		struct vgic_irq *irq;
		bool *f;
		uint32_t intid = first + i;

		if ((bits & (1u << i)) == 0)
			continue;
		irq = vgic_irq_get(g, vcpu, intid);
		f = irq != NULL ? vgic_field(irq, field) : NULL;
		if (f == NULL || *f == set)
			continue;
		if (field == VGIC_FIELD_ENABLE && vgic_sgi_fixed_on(g, intid))
			continue;
		/* A forwarded (hw) interrupt's pending/active state belongs to
		 * the physical one: the guest does not set it by hand. */
		if (irq->hw && (field == VGIC_FIELD_PENDING ||
				field == VGIC_FIELD_ACTIVE))
			continue;
		*f = set;
		if (field == VGIC_FIELD_PENDING)
			irq->pending_sw = true;
		if (field == VGIC_FIELD_ACTIVE)
			irq->active_sw = true;
		if (irq->lr != VGIC_IRQ_NO_LR)
			irq->dirty = true;
		/* Set by hand, the timer may sit in an LR of the fast path's,
		 * unknown here: its vCPU looks (vgic_adopt_timer_lr). */
		bool by_hand = set && intid == VGIC_PPI_VTIMER &&
			       g->timer_publish != NULL &&
			       (field == VGIC_FIELD_PENDING ||
				field == VGIC_FIELD_ACTIVE);
		if (by_hand)
			g->cpu[vcpu.index].timer_set_by_hand = true;
		if (vgic_deliverable(g, irq) || irq->lr != VGIC_IRQ_NO_LR || by_hand)
			vgic_notify(g, vgic_target(irq, vcpu, intid));
	}
}

uint32_t vgic_read_priority(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
			    uint32_t n)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < n && i < 4u; i++) {
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, first + i);

		if (irq != NULL)
			v |= (uint32_t)irq->priority << (8u * i);
	}
	return v;
}

void vgic_write_priority(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
			 uint32_t n, uint64_t val)
{
	for (uint32_t i = 0; i < n && i < 4u; i++) {
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, first + i);

		if (irq == NULL)
			continue;
		irq->priority = (uint8_t)(val >> (8u * i));
		if (irq->lr != VGIC_IRQ_NO_LR) {
			/* Its LR is rewritten by the next flush, which the
			 * exit path no longer runs for an edge interrupt's
			 * LR on its own. */
			irq->dirty = true;
			vgic_notify(g, vgic_target(irq, vcpu, first + i));
		}
	}
}

/* ICFGR: two bits per interrupt, bit 1 of each pair = edge. */
uint32_t vgic_read_config(struct vgic *g, vcpu_index_t vcpu, uint32_t first)
{
	uint32_t v = 0;

	for (uint32_t i = 0; i < 16u; i++) {
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, first + i);

		if (irq != NULL && irq->edge)
			v |= 2u << (2u * i);
	}
	return v;
}

void vgic_write_config(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
		       uint32_t val)
{
	for (uint32_t i = 0; i < 16u; i++) {
		uint32_t intid = first + i;
		struct vgic_irq *irq = vgic_irq_get(g, vcpu, intid);

		/* SGI configuration is fixed (edge). */
		if (irq == NULL || intid < VGIC_NR_SGIS ||
		    irq->edge == (((val >> (2u * i)) & 2u) != 0))
			continue;
		irq->edge = !irq->edge;
		/* In an LR: rewritten, and so read back at every exit or
		 * not (lr_eager_mask), by the next flush. */
		if (irq->lr != VGIC_IRQ_NO_LR) {
			irq->dirty = true;
			vgic_notify(g, vgic_target(irq, vcpu, intid));
		}
	}
}

void vgic_set_enabled(struct vgic *g, bool enabled)
{
	if (g->enabled == enabled)
		return;
	g->enabled = enabled;
	for (uint32_t t = 0; enabled && t < g->nr_vcpus; t++)
		vgic_notify(g, vcpu_index_of(t));
}

void vgic_set_target(struct vgic *g, uint32_t intid, vcpu_index_t vcpu)
{
	struct vgic_irq *irq = vgic_irq_get(g, vcpu_index_of(0), intid);

	if (irq == NULL || intid < VGIC_NR_PRIVATE)
		return;
	/* Out-of-range targets fall back to vCPU 0 rather than to nowhere. */
	irq->target = (uint8_t)(vcpu.index < g->nr_vcpus ? vcpu.index : 0u);
	if (vgic_deliverable(g, irq))
		vgic_notify(g, vcpu_index_of(irq->target));
}
