/* SPDX-License-Identifier: MIT */
/*
 * Moving vCPUs on and off a shared CPU (docs/scheduling.md): the decisions
 * are core's (core/sched.c, sched_vcpu.c, sched_decide.c); here the
 * outgoing vCPU's whole EL1 view of the
 * processor is saved (general and FP/SIMD registers, EL1 system registers,
 * its virtual timer, its virtual CPU interface) and the incoming one's is
 * put back, so neither can see or disturb the other.
 *
 * Everything runs on the CPU itself with interrupts masked: a CPU's
 * scheduler state is only ever touched by that CPU, except the resched
 * flag other CPUs raise before they kick it.
 */
#include "core/sched_arch.h"

#include "arch/arm64/sysreg.h"
#include "arch/trap_frame.h"
#include "core/vcpu_arch.h"
#include "core/lifecycle.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/sched.h"
#include "core/vcpu.h"
#include "core/vcpu_entry.h"

void fpsimd_save(struct fpsimd_state *s);
void fpsimd_restore(const struct fpsimd_state *s);

static struct sched_cpu *sched_here(void)
{
	return sched_cpu_get(this_cpu()->id);
}

/* ---- the scheduler's timer (the EL1 physical timer, PPI 30) ---- */

static void sched_timer_arm(uint64_t when)
{
	if (when == SCHED_NEVER) {
		sysreg_write(cntp_ctl_el0, 0);
	} else {
		sysreg_write(cntp_cval_el0, when);
		sysreg_write(cntp_ctl_el0, CNT_CTL_ENABLE);
	}
	isb();
}

void sched_timer_fired(void)
{
	sysreg_write(cntp_ctl_el0, 0);
	sched_poke(this_cpu()->id);
}

/* ---- saving and restoring a vCPU ---- */

#define FRAME_WORDS (sizeof(struct trap_frame) / sizeof(uint64_t))

/* A trap frame copied two words at a time, unrolled (load and store
 * pairs): a switch copies one out and one in, and the general copy loop
 * costs three times as many instructions at -Os. */
static inline __attribute__((always_inline)) void
sched_frame_copy(struct trap_frame *dst, const struct trap_frame *src)
{
	uint64_t *d = (uint64_t *)(void *)dst;
	const uint64_t *s = (const uint64_t *)(const void *)src;

	_Static_assert(FRAME_WORDS % 2u == 0u, "pairs");
#pragma GCC unroll 17
	for (uint32_t i = 0; i < FRAME_WORDS; i += 2u) {
		uint64_t a = s[i];
		uint64_t b = s[i + 1u];

		d[i] = a;
		d[i + 1u] = b;
	}
}

static void sched_save(struct vcpu *v)
{
	struct vcpu_arch *x = &v->arch;
	struct percpu *pc = this_cpu();

	/* The exit's frame: every exit from a guest builds it right below
	 * this CPU's stack top (vectors.S). */
	sched_frame_copy(&x->frame,
			 (const struct trap_frame *)(uintptr_t)(pc->stack_top - FRAME_SIZE));
#define SAVE_EL1(i, r, reset) x->el1[i] = sysreg_read(r);
	VCPU_EL1_LIST(SAVE_EL1)
#undef SAVE_EL1
	fpsimd_save(&x->fp);
	x->cntv_ctl = sysreg_read(cntv_ctl_el0);
	x->cntv_cval = sysreg_read(cntv_cval_el0);
	/* Its timer stops driving the PPI before the GIC state is taken. */
	sysreg_write(cntv_ctl_el0, 0);
	isb();
	vgic_arch_save(&x->gic);
	__atomic_store_n(&pc->arch.vtf_on, 0u, __ATOMIC_RELEASE);
	vcpu_arch_walks_off();
}

/* Interrupts masked: WFI still wakes for the timer (or anything else
 * pending, then this polls). Bounded by the deadline, at most
 * SCHED_LEAD_NS away, and by a count. */
#define SCHED_WAIT_MAX_TURNS 100000u

static void sched_wait_until(uint64_t when)
{
	for (uint32_t i = 0; i < SCHED_WAIT_MAX_TURNS && arch_counter() < when; i++)
		wfi();
}

/* Puts v's state on this CPU: its registers into the hardware, its
 * general registers into the exit frame at the stack top (top), which from
 * now on is v's live frame as after any exit of v. A vCPU to be started
 * is entered afresh instead (no return). */
static void sched_load(struct vcpu *v, struct trap_frame *top)
{
	struct vcpu_arch *x = &v->arch;
	struct partition *p = v->partition;

	this_cpu()->vcpu = v;
	v->sched.blocked = false;
	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING) {
		__atomic_and_fetch(&v->requests, ~VCPU_REQ_START, __ATOMIC_ACQ_REL);
		__atomic_store_n(&v->state, VCPU_ON, __ATOMIC_RELEASE);
		vcpu_arch_enter(v, v->boot_pc, v->boot_x0);
	}
	/*
	 * Its VMID and stage-2 tables first, then its EL1 translation
	 * registers, the TCR_EL1 that enables walks again last (the list's
	 * order), as KVM does: on Cortex-A57/A72 (errata 1319537, 1319367) a
	 * speculative AT may otherwise walk one partition's stage-1 tables
	 * under the other's VMID and leave the result in the TLB. sched_save
	 * (or vcpu_arch_vacate) disabled walks before the VMID changes.
	 */
	vcpu_arch_activate(v);
#define LOAD_EL1(i, r, reset) sysreg_write(r, x->el1[i]);
	VCPU_EL1_LIST(LOAD_EL1)
#undef LOAD_EL1
	isb();
	fpsimd_restore(&x->fp);
	vgic_arch_restore(&x->gic);
	sysreg_write(cntv_cval_el0, x->cntv_cval);
	sysreg_write(cntv_ctl_el0, x->cntv_ctl);
	isb();
	sched_frame_copy(top, &x->frame);
	/* The timer fast path decides again for this vCPU. */
	vgic_timer_fast_refresh(&p->arch.vgic, v->index);
}

/* Into the guest whose state is loaded, after the wait for its timer when
 * it was switched in ahead of it. */
static SK_NORETURN void sched_enter(const struct trap_frame *top, uint64_t early)
{
	if (early != 0u)
		sched_wait_until(early);
	guest_enter(top, this_cpu()->stack_top);
}

/* While a shared CPU loads a restarted partition (interrupts masked), it
 * looks between two chunks whether to decide again: a poke, or a physical
 * interrupt pending (ISR_EL1.I, which at EL2 shows the physical IRQ: Arm
 * ARM D19.2 "ISR_EL1"), such as the scheduler's timer for a real-time
 * vCPU's wake-up. */
static bool sched_load_may_go_on(void)
{
	return !sched_wanted() && (sysreg_read(isr_el1) & ISR_EL1_I) == 0u;
}

/* No vCPU to run: idles (no return) unless poked meanwhile, with
 * decisions to spare (then returns, to decide again). */
static void sched_idle(struct percpu *pc, uint32_t turn)
{
	pc->vcpu = NULL;
	/* Another CPU may have poked without a kick, seeing the choice
	 * before this one (vcpu_kick_irq): look. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!sched_redecide_now(turn))
		cpu_park(pc->stack_top);
}

/* Puts next, whose partition is loaded, on this CPU and enters it (no
 * return), unless a poke meanwhile makes another win: then next is saved
 * again and the winner returned (*now: the time of that decision). */
static struct vcpu *sched_switch_in(struct sched_cpu *c, struct vcpu *next,
				    uint64_t *now, uint32_t turn)
{
	struct trap_frame *top = (struct trap_frame *)(uintptr_t)(
		this_cpu()->stack_top - FRAME_SIZE);
	/* Switched in ahead of its timer (SCHED_LEAD_NS): it waits, on its
	 * own state, for the timer, which then fires as on a CPU of its
	 * own. */
	uint64_t early = sched_early_wake(c, next, arch_counter());
	struct vcpu *again;

	sched_load(next, top);
	vcpu_before_entry(next, VCPU_ENTRY_SWITCHED_IN);
	c->stats.switch_ticks += arch_counter() - *now;
	c->stats.switch_count++;
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* as in sched_idle */
	if (!sched_redecide_now(turn))
		sched_enter(top, early);
	/* Poked meanwhile: decide again, next being the one here. */
	again = sched_decide(c, now);
	if (again == next) {
		sched_timer_arm(sched_next_event(c, next, *now));
		sched_enter(top, early);
	}
	sched_save(next);
	return again;
}

/* The previous vCPU is saved (or gone): runs next, or idles. Each turn
 * follows one decision; a decision made on a poke during the switch starts
 * the next turn (bounded: sched_redecide_now). */
static SK_NORETURN void sched_switch_to(struct sched_cpu *c, struct vcpu *next,
					uint64_t now)
{
	struct percpu *pc = this_cpu();

	for (uint32_t turn = 0;; turn++) {
		enum vcpu_load ld;

		sched_timer_arm(sched_next_event(c, next, now));
		if (next == NULL) {
			sched_idle(pc, turn);
			next = sched_decide(c, &now);
			continue;
		}
		/* vCPU 0 of a restarted partition loads it first, chunk by
		 * chunk, in its own time: when something else may run first
		 * it is decided again (each call did a chunk, or next can no
		 * longer start: bounded). A waiting interrupt is taken with
		 * the CPU idle (it pokes the scheduler: irq.c). */
		ld = vcpu_load_before_start(next, sched_load_may_go_on);
		if (ld == VCPU_LOAD_DONE) {
			next = sched_switch_in(c, next, &now, turn);
			continue;
		}
		if (ld == VCPU_LOAD_YIELD && !sched_wanted()) {
			pc->vcpu = NULL;
			cpu_park(pc->stack_top);
		}
		next = sched_decide(c, &now);
	}
}

void sched_run(struct vcpu *self, bool keep)
{
	struct sched_cpu *c = sched_here();
	uint64_t now;
	struct vcpu *next = sched_decide(c, &now);

	if (next == self && keep) {
		if (self != NULL)
			self->sched.blocked = false;
		sched_timer_arm(sched_next_event(c, next, now));
		return;
	}
	if (self != NULL && keep)
		sched_save(self);
	sched_switch_to(c, next, now);
}

/* Whether WFI would return at once on the hardware: the timer is due, or
 * an interrupt is pending for the vCPU (in a list register or waiting for
 * one). */
static bool sched_wfi_would_wake(struct vcpu *v)
{
	uint64_t ctl = sysreg_read(cntv_ctl_el0);

	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK | CNT_CTL_ISTATUS)) ==
	    (CNT_CTL_ENABLE | CNT_CTL_ISTATUS))
		return true;
	/* Anything deliverable that is not in a list register has
	 * scan_needed set (a new interrupt, or one that did not fit). */
	return vgic_irq_waiting(&v->partition->arch.vgic,
				v->index) ||
	       vgic_arch_lr_pending();
}

void sched_wfi(struct vcpu *v)
{
	if (!sched_cpu_is_shared() || sched_wfi_would_wake(v))
		return;
	v->sched.blocked = true;
	sched_poke(this_cpu()->id);
}
