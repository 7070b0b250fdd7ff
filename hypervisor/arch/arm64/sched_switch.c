/* SPDX-License-Identifier: MIT */
/*
 * Moving vCPUs on and off a shared CPU (docs/scheduling.md): the decision
 * is core/sched.c's; here the outgoing vCPU's whole EL1 view of the
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
#include "lib/string.h"

void fpsimd_save(struct fpsimd_state *s);
void fpsimd_restore(const struct fpsimd_state *s);

static struct sched_cpu *sched_here(void)
{
	return sched_cpu_get(this_cpu()->id);
}

/* ---- what core/sched.c asks about a vCPU ---- */

uint64_t sched_vcpu_wake_time(const struct vcpu *v)
{
	uint64_t off = v->partition->arch.cntvoff;

	if (!v->sched.blocked ||
	    (v->arch.cntv_ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) != CNT_CTL_ENABLE)
		return SCHED_NEVER;
	/* The virtual count is the physical one minus CNTVOFF_EL2. */
	return v->arch.cntv_cval > SCHED_NEVER - off ? SCHED_NEVER
						   : v->arch.cntv_cval + off;
}

static bool sched_irq_waiting(const struct vcpu *v)
{
	return __atomic_load_n(&v->partition->arch.vgic.cpu[v->index.index].scan_needed,
			       __ATOMIC_ACQUIRE);
}

bool sched_vcpu_runnable(struct vcpu *v, uint64_t now)
{
	uint32_t state = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE);
	uint32_t req = __atomic_load_n(&v->requests, __ATOMIC_ACQUIRE);
	const struct sched_cpu *c = sched_cpu_get(v->pcpu.index);

	if (state == VCPU_ON_PENDING)
		return (req & VCPU_REQ_START) != 0u &&
		       __atomic_load_n(&v->partition->state, __ATOMIC_ACQUIRE) ==
			       PARTITION_RUNNING;
	if (state != VCPU_ON)
		return false;
	if (!v->sched.blocked || (req & VCPU_REQ_STOP) != 0u)
		return true;
	/* The running vCPU blocked just now, after looking (sched_wfi). */
	if (v == c->current)
		return false;
	/* A real-time vCPU is ready SCHED_LEAD_NS before its timer. */
	return sched_irq_waiting(v) ||
	       sched_vcpu_wake_time(v) <= now + (v->sched.rank != 0u ? c->lead : 0u);
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

static void sched_save(struct vcpu *v)
{
	struct vcpu_arch *x = &v->arch;
	struct percpu *pc = this_cpu();

	/* The exit's frame: every exit from a guest builds it right below
	 * this CPU's stack top (vectors.S). */
	sk_memcpy(&x->frame, (const void *)(uintptr_t)(pc->stack_top - FRAME_SIZE),
		  sizeof(x->frame));
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

/* The timer deadline a real-time vCPU was switched in ahead of, or 0
 * when it was woken by anything else. */
static uint64_t sched_early_wake(const struct vcpu *v)
{
	const struct sched_cpu *c = sched_cpu_get(v->pcpu.index);
	uint64_t wake = sched_vcpu_wake_time(v);
	uint64_t now = arch_counter();

	if (v->sched.rank == 0u || sched_irq_waiting(v) || wake == SCHED_NEVER ||
	    wake <= now || wake > now + c->lead)
		return 0;
	return wake;
}

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
	(void)sk_memcpy(top, &x->frame, sizeof(*top));
	/* The timer fast path decides again for this vCPU. */
	vgic_timer_fast_refresh(&p->arch.vgic, v->index);
}

/* vCPUs of this CPU asked to stop while switched out: they are simply off
 * (their saved state is dropped; the partition reloads it to restart). */
static void sched_reap_stopped(struct sched_cpu *c)
{
	for (uint32_t i = 0; i < c->count; i++) {
		struct vcpu *v = c->vcpus[i];

		if (v != c->current &&
		    (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_STOP) != 0u)
			(void)sched_stop_switched_out(v);
	}
}

bool sched_stop_switched_out(struct vcpu *v)
{
	struct sched_cpu *c = sched_cpu_get(v->pcpu.index);
	const struct percpu *pc = this_cpu();

	if (c == NULL || !c->shared || pc == NULL || pc->id != v->pcpu.index ||
	    c->current == v)
		return false;
	__atomic_and_fetch(&v->requests, ~(VCPU_REQ_STOP | VCPU_REQ_START),
			   __ATOMIC_ACQ_REL);
	v->sched.blocked = false;
	v->sched.ready_since = 0;
	vcpu_arch_retire(v);
	return true;
}

/* Who runs from now on this CPU; clears the poke. */
static struct vcpu *sched_decide(struct sched_cpu *c, uint64_t *now)
{
	struct vcpu *next;

	__atomic_store_n(&this_cpu()->resched, 0u, __ATOMIC_RELEASE);
	*now = arch_counter();
	sched_reap_stopped(c);
	next = sched_pick(c, *now);
	sched_account(c, next, *now);
	return next;
}

/* Pokes that arrive while a switch is under way (another CPU's IPI to a
 * vCPU here) are decided on at once, this many times at most; after that
 * at the next exit. */
#define SCHED_MAX_REDECIDE 8u

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

/* The previous vCPU is saved (or gone): runs next, or idles. */
static SK_NORETURN void sched_switch_to(struct sched_cpu *c, struct vcpu *next,
					uint64_t now)
{
	struct percpu *pc = this_cpu();
	struct trap_frame *top =
		(struct trap_frame *)(uintptr_t)(pc->stack_top - FRAME_SIZE);

	for (uint32_t turn = 0;; turn++) {
		struct vcpu *again;
		uint64_t early;
		enum vcpu_load ld;

		sched_timer_arm(sched_next_event(c, next, now));
		if (next == NULL) {
			pc->vcpu = NULL;
			/* Another CPU may have poked without a kick, seeing the
			 * choice before this one (vcpu_kick_irq): look. */
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (sched_wanted() && turn + 1u < SCHED_MAX_REDECIDE) {
				next = sched_decide(c, &now);
				continue;
			}
			cpu_park(pc->stack_top);
		}
		/* vCPU 0 of a restarted partition loads it first, chunk by
		 * chunk, in its own time: when something else may run first
		 * it is decided again (each call did a chunk, or next can no
		 * longer start: bounded). A waiting interrupt is taken with
		 * the CPU idle (it pokes the scheduler: irq.c). */
		ld = vcpu_load_before_start(next, sched_load_may_go_on);
		if (ld != VCPU_LOAD_DONE) {
			if (ld == VCPU_LOAD_YIELD && !sched_wanted()) {
				pc->vcpu = NULL;
				cpu_park(pc->stack_top);
			}
			next = sched_decide(c, &now);
			continue;
		}
		/* Switched in ahead of its timer (SCHED_LEAD_NS): it waits, on
		 * its own state, for the timer, which then fires as on a CPU
		 * of its own. */
		early = sched_early_wake(next);
		sched_load(next, top);
		vcpu_before_entry(next, VCPU_ENTRY_SWITCHED_IN);
		c->stats.switch_ticks += arch_counter() - now;
		c->stats.switch_count++;
		__atomic_thread_fence(__ATOMIC_SEQ_CST); /* as above */
		if (!sched_wanted() || turn + 1u >= SCHED_MAX_REDECIDE)
			sched_enter(top, early);
		/* Poked meanwhile: decide again, next being the one here. */
		again = sched_decide(c, &now);
		if (again == next) {
			sched_timer_arm(sched_next_event(c, next, now));
			sched_enter(top, early);
		}
		sched_save(next);
		next = again;
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
	return sched_irq_waiting(v) || vgic_arch_lr_pending();
}

void sched_wfi(struct vcpu *v)
{
	if (!sched_cpu_is_shared() || sched_wfi_would_wake(v))
		return;
	v->sched.blocked = true;
	sched_poke(this_cpu()->id);
}
