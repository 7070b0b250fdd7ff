/* SPDX-License-Identifier: MIT */
#include "core/vcpu.h"
#include "core/vcpu_entry.h"

#include "arch/gic.h"
#include "core/sched_arch.h"
#include "core/vcpu_arch.h"
#include "core/console.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/sched.h"

void vcpu_kick(const struct vcpu *v)
{
	struct percpu *self = this_cpu();

	sched_poke(v->pcpu.index);
	if (self == NULL || self->id != v->pcpu.index)
		gic_send_sgi(v->pcpu.index, GIC_SGI_KICK);
}

void vcpu_kick_irq(const struct vcpu *v)
{
	struct percpu *self = this_cpu();

	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)
		return;
	sched_poke(v->pcpu.index);
	/* The poke before the look at who runs there; the CPU does the
	 * reverse (sched_switch.c): one of the two sees the other. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((self == NULL || self->id != v->pcpu.index) &&
	    sched_irq_needs_kick(sched_cpu_get(v->pcpu.index), v))
		gic_send_sgi(v->pcpu.index, GIC_SGI_KICK);
}

bool vcpu_request_start(struct vcpu *target, uint64_t pc, uint64_t ctx)
{
	uint32_t off = VCPU_OFF;

	if (!__atomic_compare_exchange_n(&target->state, &off, VCPU_ON_PENDING,
					 false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return false;
	target->boot_pc = pc;
	target->boot_x0 = ctx;
	/* Replaces a stop request left from before it was off (it may have
	 * turned itself off after another CPU asked it to stop: a vCPU that
	 * lost its partition's claim), which would stop it again at once. */
	__atomic_store_n(&target->requests, VCPU_REQ_START, __ATOMIC_RELEASE);
	vcpu_kick(target);
	return true;
}

SK_NORETURN void vcpu_off_self(struct vcpu *self)
{
	vcpu_arch_retire(self);
	vcpu_arch_park();
}

/* Out of line on purpose: inlined into vcpu_entry_work, -Os computes the
 * vGIC's address twice (+1 instruction on every exit: null hypercall 145
 * instead of 144, bench/run.py --only micro; re-checked in issue 17). */
static __attribute__((noinline)) void vcpu_entry_flush(struct vgic *g,
							vcpu_index_t vcpu)
{
	vgic_sync_and_flush(g, vcpu);
}

/* vcpu_before_entry's steps after the scheduler's. */
void vcpu_entry_work(struct vcpu *v)
{
	if ((__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_STOP) != 0) {
		__atomic_and_fetch(&v->requests, ~VCPU_REQ_STOP, __ATOMIC_ACQ_REL);
		vcpu_off_self(v);
	}
	if (console_input_waiting() && partition_has_input_focus(v->partition))
		partition_console_deliver();
	vcpu_entry_flush(&v->partition->arch.vgic, v->index);
}
