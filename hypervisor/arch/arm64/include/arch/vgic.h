/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC a partition sees: per-interrupt state (enable, pending,
 * active, priority, group, trigger, target), the emulated distributor and
 * redistributors, and the list-register management that hands pending
 * interrupts to the hardware's virtual CPU interface (GIC spec IHI 0069,
 * chapter 6 "Virtual interrupt handling").
 *
 * This file and vgic.c are pure C: the list registers are reached through
 * struct vgic_lr_ops (GICv3 system registers, GICv2 GICH frame, or a fake in
 * host unit tests).
 */
#ifndef SK_ARCH_VGIC_H
#define SK_ARCH_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/spinlock.h"
#include "core/config_format.h"
#include "core/types.h"
#include "spec/gic.h"

struct partition;
struct vcpu;

#define VGIC_NR_SGIS     16u
/* SGIs + PPIs, banked per vCPU */
#define VGIC_NR_PRIVATE  GIC_INTID_SPI_FIRST
#define VGIC_NR_IRQS     256u  /* INTIDs a partition can use: SPIs up to 255 */
#define VGIC_NR_SPIS     (VGIC_NR_IRQS - VGIC_NR_PRIVATE)
#define VGIC_MAX_LRS     16u
#define VGIC_PRIO_LOWEST 0xffu

/* The "nothing" values, one name per meaning:
 * VGIC_IRQ_NO_LR   struct vgic_irq.lr: no list register holds the interrupt
 * VGIC_LR_EMPTY    struct vgic_cpu.lr_intid[n]: this code holds nothing in LR n
 * VGIC_NO_INTID    a search for an interrupt found none
 * VGIC_NO_LR       a search for a list register found none */
#define VGIC_IRQ_NO_LR   0xffu
#define VGIC_LR_EMPTY    0xffffu
#define VGIC_NO_INTID    0xffffu
#define VGIC_NO_LR       0xffffu

/* Interrupt ids the partition's hardware timer and GIC use (PPIs). */
#define VGIC_PPI_VTIMER      27u
#define VGIC_PPI_MAINTENANCE 25u

struct vgic_irq {
	uint8_t priority;
	bool group1;
	bool edge;       /* ICFGR: edge-triggered (else level) */
	bool enabled;
	bool pending;    /* software view; the list register may hold it too */
	bool active;
	bool line;       /* level of the input line (level interrupts) */
	bool hw;         /* forwarded physical interrupt: pintid is linked */
	bool dirty;      /* changed while in a list register: rewrite it */
	bool pending_sw; /* pending set/cleared here since the LR was written:
			  * wins over the LR's pending bit at the next sync */
	bool active_sw;  /* the same for the active state (ISACTIVER/ICACTIVER) */
	uint8_t lr;      /* list register holding it, or VGIC_IRQ_NO_LR */
	uint8_t target;  /* vCPU index an SPI goes to */
	uint8_t source;  /* GICv2 SGI: requesting vCPU */
	uint8_t targets_v2; /* GICv2 ITARGETSR byte as the guest wrote it */
	uint16_t pintid; /* physical INTID when hw */
	uint64_t irouter;   /* GICv3 GICD_IROUTER as the guest wrote it */
};

/* Pending INTIDs remembered per vCPU between flushes; more means a scan. */
#define VGIC_HINTS 8u

struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	uint16_t lr_intid[VGIC_MAX_LRS]; /* INTID each LR holds, or VGIC_LR_EMPTY */
	uint32_t lrs_in_use;
	/* LRs holding an interrupt without a HW link (bit n: LR n). */
	uint32_t lr_sw_mask;
	/* Those of them that need reading back at every exit: a level-
	 * sensitive interrupt whose line is high (the line must make it
	 * pending again once the guest ended it), an SPI of a partition with
	 * more than one vCPU (it may be retargeted). Any other's LR (a
	 * doorbell, an SGI) is released lazily, by the next flush that has something to
	 * place or a register read that needs its state (vgic_sync_caller);
	 * a forwarded interrupt's LR is looked at when it fires again or its
	 * state is read. */
	uint32_t lr_eager_mask;
	uint32_t lr_held_mask;           /* LRs this code put something in */
	bool asleep;                     /* GICR_WAKER.ProcessorSleep */
	/* Something may have become deliverable to this vCPU since its last
	 * flush; false lets the exit path skip the flush entirely. */
	bool scan_needed;
	/* What: the INTIDs made pending since (hint), or, with scan_all,
	 * anything (an enable, a target, an interrupt put back in software).
	 * A flush that places everything leaves nothing deliverable outside
	 * the list registers, so then looking at the hints is enough: the
	 * timer's exit path does not walk all VGIC_NR_IRQS interrupts. */
	uint16_t hint[VGIC_HINTS];
	uint32_t hint_count;
	bool scan_all;
	bool underflow;                  /* underflow interrupt requested */
	/* What timer_publish was last told for this vCPU (on, and with which
	 * priority and group): unchanged decisions are not published again. */
	bool timer_fast_on;
	uint8_t timer_fast_priority;
	bool timer_fast_group1;
	/* The guest set its timer pending or active by hand (GICR_ISPENDR0,
	 * GICR_ISACTIVER0) while the fast path may hold it in an LR this code
	 * does not know: the next flush looks (vgic_adopt_timer_lr). */
	bool timer_set_by_hand;
};

/*
 * What list register n of a vCPU holds, as this code accounts for it
 * (vgic_lr_state; kept as lr_intid[n] and the bits n of lr_held_mask and
 * lr_sw_mask, which the exit path and the timer fast path test at once):
 *   VGIC_LR_STATE_EMPTY  nothing held here; the hardware LR is empty, or
 *                        holds the timer fast path's interrupt
 *   VGIC_LR_STATE_SW     an interrupt without a HW link: read back at every
 *                        exit when in lr_eager_mask (a level line still
 *                        high re-pends it), else at the next flush
 *   VGIC_LR_STATE_HW     a forwarded interrupt (HW link): read back when it
 *                        fires again or when its state is read
 * Transitions (all under g->lock):
 *   EMPTY -> SW | HW     vgic_load_lr (a placed interrupt), vgic_adopt_timer_lr
 *   SW | HW -> SW | HW   vgic_load_lr rewriting a dirty interrupt in place
 *   SW | HW -> EMPTY     vgic_lr_release (ended, withdrawn or evicted)
 * Invariants (vgic_check_cpu, asserted after every flush): an LR is held iff
 * lr_intid names an interrupt; SW LRs are held ones; lrs_in_use counts the
 * held LRs; the interrupt a held LR names has .lr naming that LR back, and
 * an interrupt's .lr, unless VGIC_IRQ_NO_LR, is a held LR naming it.
 */
enum vgic_lr_state {
	VGIC_LR_STATE_EMPTY,
	VGIC_LR_STATE_SW,
	VGIC_LR_STATE_HW,
};

/*
 * An interrupt's state (IHI 0069H 4.1.2, Figure 4-3; IHI 0048B 3.2.4), as
 * vgic_irq_state reads it from .pending and .active. Allowed transitions:
 *   INACTIVE -> PENDING         injected, ISPENDR, a level line rising
 *   PENDING -> ACTIVE           the guest acknowledges (read back from the LR)
 *   PENDING -> INACTIVE         ICPENDR, a level line falling before it is taken
 *   ACTIVE -> ACTIVE_PENDING    injected again while the guest handles it
 *   ACTIVE -> INACTIVE          the guest deactivates, ICACTIVER
 *   ACTIVE_PENDING -> PENDING   the guest deactivates
 *   any -> any                  a software write of the state (ISPENDR,
 *                               ICPENDR, ISACTIVER, ICACTIVER), reset
 * Where it is: in LR .lr (VGIC_LR_STATE_SW or _HW there) or only in
 * software (.lr == VGIC_IRQ_NO_LR); an INACTIVE interrupt is in no LR after
 * a flush.
 */
enum vgic_irq_state {
	VGIC_IRQ_INACTIVE,
	VGIC_IRQ_PENDING,
	VGIC_IRQ_ACTIVE,
	VGIC_IRQ_ACTIVE_PENDING,
};

/* One list register, decoded (IHI 0069 12.5.1 ICH_LR<n>_EL2; IHI 0048B
 * 5.3.9 GICH_LRn). */
struct vgic_lr {
	uint32_t intid;
	uint32_t pintid;  /* hw: physical INTID; GICv2 SGI: source CPU */
	uint8_t priority;
	bool pending;
	bool active;
	bool hw;
	bool group1;
};

struct vgic_lr_ops {
	uint32_t (*count)(void);
	void (*read)(uint32_t n, struct vgic_lr *lr);
	void (*write)(uint32_t n, const struct vgic_lr *lr);
	/* Maintenance interrupt when at most one LR holds an interrupt
	 * (ICH_HCR_EL2.UIE / GICH_HCR.UIE). */
	void (*set_underflow)(bool on);
	/* LRs empty in hardware (ICH_ELRSR_EL2), bit n for LR n; NULL: treat
	 * every LR the vGIC does not hold as empty. With the timer fast path
	 * an LR may hold an interrupt the vGIC did not put there. */
	uint32_t (*empty_mask)(void);
	/* Every software LR is read back at every exit, none released
	 * lazily (lr_eager_mask): the HCR_EL2.VI workaround's read writes a
	 * hidden pending state back once the guest ended the active one
	 * (vgic_v3_virq.h). */
	bool read_back_every_exit;
};

struct vgic {
	struct spinlock lock;
	uint32_t version;     /* 2 or 3 */
	uint32_t nr_vcpus;
	bool enabled;         /* distributor enable for group 1 */
	const struct vgic_lr_ops *lr_ops;
	struct partition *partition;
	uint64_t dist_base;   /* guest-physical frames */
	uint64_t redist_base; /* v3 */
	struct vgic_cpu cpu[SK_MAX_CPUS];
	struct vgic_irq spi[VGIC_NR_SPIS];
	/* Asks the CPU running vCPU `target` to look at its interrupts again
	 * (an IPI in the hypervisor; recorded by unit tests). */
	void (*kick)(struct partition *p, vcpu_index_t target);
	/* The timer fast path (arch/arm64/vectors.S): the IRQ vector may put
	 * the forwarded virtual timer straight into an empty list register
	 * with this content, or (lr NULL) must leave it to the code here.
	 * NULL: there is no fast path (GICv2, host tests). */
	void (*timer_publish)(struct partition *p, vcpu_index_t vcpu,
			      const struct vgic_lr *lr);
};

void vgic_init(struct vgic *g, struct partition *p, uint32_t version,
	       uint32_t nr_vcpus, const struct vgic_lr_ops *ops);
/* Back to reset state (partition restart); keeps version and wiring. */
void vgic_reset(struct vgic *g);

/* The interrupt `intid` as seen by vCPU `vcpu` (banked for SGIs/PPIs),
 * or NULL if out of range. Caller holds g->lock. */
struct vgic_irq *vgic_irq_get(struct vgic *g, vcpu_index_t vcpu,
			      uint32_t intid);

/* Makes an edge interrupt pending at vCPU `vcpu` (SGI from source, PPI,
 * or an SPI, where vcpu is ignored and the SPI's target is used). */
void vgic_inject(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
		 vcpu_index_t source);
/* A physical interrupt forwarded to the guest: pending at vcpu with the
 * LR's HW bit set, so the guest's deactivation deactivates pintid. */
void vgic_inject_hw(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
		    intid_t pintid);
/* Whether vgic_sync_and_flush has anything to do for vcpu: new
 * interrupts to place, a maintenance request, or list registers whose
 * state must be read back. Inline: every exit asks. */
static inline bool vgic_exit_work(struct vgic *g, vcpu_index_t vcpu)
{
	const struct vgic_cpu *cpu;

	if (vcpu.index >= g->nr_vcpus)
		return false;
	cpu = &g->cpu[vcpu.index];
	return cpu->lr_eager_mask != 0 || cpu->underflow ||
	       __atomic_load_n(&cpu->scan_needed, __ATOMIC_ACQUIRE);
}

/* Whether an interrupt deliverable to vcpu waits for a list register (a
 * new one, or one that did not fit): a blocked vCPU wakes for it. Inline:
 * a shared CPU's scheduler asks on every decision (core/sched_vcpu.c). */
static inline bool vgic_irq_waiting(const struct vgic *g, vcpu_index_t vcpu)
{
	return __atomic_load_n(&g->cpu[vcpu.index].scan_needed,
			       __ATOMIC_ACQUIRE);
}

/* An SGI/PPI of the vCPU running on this CPU (its timer), not linked
 * (vgic_inject_local: GICv2's timer, arch/arm64/irq.c says why) or linked
 * to the physical one: straight into a list register when nothing else
 * waits, without the general flush or a look by the scheduler; anything
 * unusual takes the paths above. */
void vgic_inject_local(struct vgic *g, vcpu_index_t vcpu, intid_t intid);
void vgic_inject_hw_local(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
			  intid_t pintid);
/* Re-decides the timer fast path of vcpu (running on this CPU): on when
 * its timer PPI is deliverable and nothing of it is held here. */
void vgic_timer_fast_update(struct vgic *g, vcpu_index_t vcpu);
/* vcpu was just switched in on this CPU (shared CPUs): decides its fast
 * path afresh, whatever was last published. */
void vgic_timer_fast_refresh(struct vgic *g, vcpu_index_t vcpu);
/* Off for every vCPU of g (their register state may have changed); each
 * decides again at its next timer interrupt. */
void vgic_timer_fast_off(struct vgic *g);
/* Drives the line of a level-sensitive SPI of partition p (an emulated
 * device's interrupt output). Safe to call from any CPU. */
void vgic_set_level(struct partition *p, intid_t intid, bool level);

/* List registers vcpu's interrupts hold (the resource report, core/
 * resources.h): held counts what this code put in them; stale those of
 * them it can no longer account for (the LR's interrupt does not name
 * that LR, or is neither pending nor active), which would be a leak:
 * an LR never given back. */
struct vgic_lr_usage {
	uint32_t held;
	uint32_t stale;
};
void vgic_lr_usage(struct vgic *g, vcpu_index_t vcpu,
		   struct vgic_lr_usage *out);

/* The state of LR n of cpu, and of an interrupt (the enums above). */
enum vgic_lr_state vgic_lr_state(const struct vgic_cpu *cpu, uint32_t n);
enum vgic_irq_state vgic_irq_state(const struct vgic_irq *irq);

/* For vCPU `vcpu` on this CPU: reads back what the guest did with the
 * list registers, then loads the highest-priority pending interrupts into
 * them; asks for an underflow interrupt when more are pending than fit. */
void vgic_flush(struct vgic *g, vcpu_index_t vcpu);

/* On every return to vCPU `vcpu` on this CPU: vgic_flush when there is
 * work (vgic_exit_work). A concurrent change sets scan_needed and kicks
 * this CPU again, so asking without the lock loses nothing. */
static inline void vgic_sync_and_flush(struct vgic *g, vcpu_index_t vcpu)
{
	if (vgic_exit_work(g, vcpu))
		vgic_flush(g, vcpu);
}
/*
 * Before the guest's distributor/redistributor access is emulated: folds
 * what the calling vCPU's list registers say (acknowledged, completed) into
 * the interrupt state, so that the access sees and changes the current
 * state, not the one of the last exit (IHI 0069 4.1: ISPENDR/ISACTIVER
 * reflect the true state). v is the vCPU running on this CPU.
 */
void vgic_sync_caller(struct vgic *g, const struct vcpu *v);
/* Whether intid is pending (or pending and active) at vcpu; takes the
 * lock. */
bool vgic_irq_pending(struct vgic *g, vcpu_index_t vcpu, intid_t intid);
/* True if vcpu has an enabled pending interrupt (wakes a WFI). */
bool vgic_has_pending(struct vgic *g, vcpu_index_t vcpu);

/* Distributor register semantics shared by GICv2 and GICv3 emulation:
 * bit/byte-per-interrupt registers over `n` bits starting at INTID
 * `first`, as seen by vCPU `vcpu`. Caller holds g->lock. */
uint32_t vgic_read_bits(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
			uint32_t field);
void vgic_write_bits(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
		     uint32_t field, bool set, uint32_t bits);
uint32_t vgic_read_priority(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
			    uint32_t n);
void vgic_write_priority(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
			 uint32_t n, uint64_t val);
uint32_t vgic_read_config(struct vgic *g, vcpu_index_t vcpu, uint32_t first);
void vgic_write_config(struct vgic *g, vcpu_index_t vcpu, uint32_t first,
		       uint32_t val);

/* Fields for vgic_read_bits / vgic_write_bits. */
enum vgic_field {
	VGIC_FIELD_GROUP,
	VGIC_FIELD_ENABLE,
	VGIC_FIELD_PENDING,
	VGIC_FIELD_ACTIVE,
};

#endif
