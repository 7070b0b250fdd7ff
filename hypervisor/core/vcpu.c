/* SPDX-License-Identifier: MIT */
#include "core/vcpu.h"

#include "arch/cpu.h"
#include "arch/gic.h"
#include "arch/psci.h"
#include "core/console.h"
#include "core/log.h"
#include "core/manage.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/percpu.h"
#include "core/sched.h"
#include "core/sched_arch.h"
#include "core/vcpu_arch.h"

/* How long a CPU waits for the other vCPUs of its partition to stop. */
#define VCPU_STOP_TIMEOUT_MS 1000u
#define LOG_ERR_MAX 160u

void vcpu_kick(const struct vcpu *v)
{
	struct percpu *self = this_cpu();

	sched_poke(v->pcpu);
	if (self == NULL || self->id != v->pcpu)
		gic_send_sgi(v->pcpu, GIC_SGI_KICK);
}

void vcpu_kick_irq(const struct vcpu *v)
{
	struct percpu *self = this_cpu();

	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)
		return;
	sched_poke(v->pcpu);
	/* The poke before the look at who runs there; the CPU does the
	 * reverse (sched_switch.c): one of the two sees the other. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((self == NULL || self->id != v->pcpu) &&
	    sched_irq_needs_kick(sched_cpu_get(v->pcpu), v))
		gic_send_sgi(v->pcpu, GIC_SGI_KICK);
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

static uint32_t partitions_running(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < partition_count(); i++) {
		if (__atomic_load_n(&partition_get(i)->state, __ATOMIC_ACQUIRE) ==
		    PARTITION_RUNNING)
			n++;
	}
	return n;
}

/* One stop or restart of a partition at a time: the CPU that takes p's
 * claim (0 -> 1) stops or restarts it; the claim is given back before
 * anything that does not return. Two vCPUs of p calling SYSTEM_RESET at
 * once would otherwise each wait for the other to turn off, interrupts
 * masked, until VCPU_STOP_TIMEOUT_MS. */
static bool partition_claim(struct partition *p)
{
	uint32_t free = 0;

	return __atomic_compare_exchange_n(&p->lifecycle_claim, &free, 1u, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static void partition_unclaim(struct partition *p)
{
	__atomic_store_n(&p->lifecycle_claim, 0u, __ATOMIC_RELEASE);
}

/* Takes p's claim, or leaves p to the CPU that has it: a vCPU of p is
 * being stopped by it anyway and turns itself off (no return); anyone
 * else (a manager, a watchdog) just returns false. */
static bool partition_claim_or_yield(struct partition *p, struct vcpu *self)
{
	if (partition_claim(p))
		return true;
	if (self != NULL && self->partition == p)
		vcpu_off_self(self);
	return false;
}

/* While this CPU waits for p's vCPUs, self (of another partition, say a
 * manager that another manager stops) may be asked to stop: it gives p
 * back and turns off rather than make the other wait for it. */
static void partition_wait_stop_self(struct partition *p, struct vcpu *self)
{
	if (self == NULL || self->partition == p ||
	    (__atomic_load_n(&self->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_STOP) == 0)
		return;
	partition_unclaim(p);
	__atomic_and_fetch(&self->requests, ~VCPU_REQ_STOP, __ATOMIC_ACQ_REL);
	vcpu_off_self(self);
}

/* Asks every other vCPU of p to stop and waits (bounded) until they are.
 * The caller holds p's claim. */
static bool partition_stop_others(struct partition *p, struct vcpu *self)
{
	uint64_t deadline = arch_counter() +
			    arch_counter_freq() / 1000u * VCPU_STOP_TIMEOUT_MS;
	bool all_off;

	for (uint32_t i = 0; i < p->vcpu_count; i++) {
		struct vcpu *v = &p->vcpus[i];

		if (v == self)
			continue;
		__atomic_and_fetch(&v->requests, ~VCPU_REQ_START, __ATOMIC_ACQ_REL);
		if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING)
			__atomic_store_n(&v->state, VCPU_OFF, __ATOMIC_RELEASE);
		if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_OFF &&
		    !sched_stop_switched_out(v)) {
			__atomic_or_fetch(&v->requests, VCPU_REQ_STOP,
					  __ATOMIC_RELEASE);
			vcpu_kick(v);
		}
	}
	do {
		all_off = true;
		for (uint32_t i = 0; i < p->vcpu_count; i++) {
			if (&p->vcpus[i] != self &&
			    __atomic_load_n(&p->vcpus[i].state, __ATOMIC_ACQUIRE) !=
				    VCPU_OFF)
				all_off = false;
		}
		if (!all_off) {
			partition_wait_stop_self(p, self);
			arch_cpu_relax();
		}
	} while (!all_off && arch_counter() < deadline);
	return all_off;
}

/* Whose log budget a line about p's stop or restart is charged to: the
 * partition that made it happen (a manager, or p itself), or p. */
static struct partition *partition_cause(struct partition *p,
					 const struct vcpu *self)
{
	return self != NULL ? self->partition : p;
}

void partition_stop(struct partition *p, struct vcpu *self, const char *why)
{
	struct partition *cause = partition_cause(p, self);

	if (!partition_claim_or_yield(p, self))
		return;
	__atomic_store_n(&p->state, PARTITION_STOPPED, __ATOMIC_RELEASE);
	/* A stopped partition has no watchdog (a restart arms it afresh). */
	watchdog_disarm(p);
	if (!partition_stop_others(p, self))
		partition_log_event(cause, "partition '%s': a vCPU did not stop within %u ms",
			      p->cfg->name, VCPU_STOP_TIMEOUT_MS);
	partition_release_device_irqs(p);
	partition_unclaim(p);
	/* Stopping itself, p stops once per start: always said. */
	if (cause == p)
		partition_log_final(p, "partition '%s' stopped (%s)",
				    p->cfg->name, why);
	else
		partition_log_event(cause, "partition '%s' stopped (%s)",
			      p->cfg->name, why);
	if (partitions_running() == 0) {
		log_line("no partition left running: powering off");
		psci_system_off();
	}
	if (self != NULL && self->partition == p)
		vcpu_off_self(self);
}

static void vcpu_start_requested(struct vcpu *v);

/* Everything of a restart but the load: p's vCPUs are stopped and its
 * virtual devices reset; its memory is cleared and its images copied by
 * its vCPU 0's CPU, in vCPU 0's own time, before vCPU 0 starts
 * (vcpu_load_before_start): the CPU that restarts p (a manager's, or a
 * neighbour's whose watchdog expired) spends almost nothing on it. */
void partition_restart(struct partition *p, struct vcpu *self,
		       const char *why)
{
	struct vcpu *boot = &p->vcpus[0];
	struct partition *cause = partition_cause(p, self);
	bool own = self != NULL && self->partition == p;

	if (!partition_claim_or_yield(p, self))
		return;
	__atomic_store_n(&p->state, PARTITION_STOPPED, __ATOMIC_RELEASE);
	if (!partition_stop_others(p, self)) {
		partition_unclaim(p);
		partition_log_event(cause, "partition '%s': restart abandoned, a vCPU did not stop",
			      p->cfg->name);
		return;
	}
	partition_release_device_irqs(p);
	if (own)
		vcpu_arch_retire(self);
	/* Every vCPU of p is off: the load starts afresh (a chunk of an
	 * earlier one still under way on vCPU 0's CPU is discarded). */
	partition_load_request(p);
	vgic_reset(&p->arch.vgic);
	if (p->cfg->console == SK_CONSOLE_PL011)
		vpl011_reset(&p->uart);
	vpci_reset(&p->pci);
	/* Armed, and guest time set to 0, when vCPU 0 starts. */
	__atomic_store_n(&p->watchdog_deadline, 0, __ATOMIC_RELEASE);
	p->restarts++;
	PARTITION_STAT_INC(p, restarts);
	partition_log_event(cause, "partition '%s' restarting (%s), restart #%u",
		      p->cfg->name, why, p->restarts);
	__atomic_store_n(&p->state, PARTITION_RUNNING, __ATOMIC_SEQ_CST);
	/* A manager's stop that came during the restart (it found p not
	 * running) is honoured now: p ends stopped, not running. */
	if (__atomic_load_n(&p->stop_requested, __ATOMIC_SEQ_CST) != 0u) {
		partition_unclaim(p);
		partition_stop(p, own ? self : NULL, "stopped by the manager");
		return;
	}
	/* After RUNNING: an interrupt taken in between is handed on, not
	 * released again (partition_device_irq_deliverable). */
	partition_route_device_irqs(p);
	partition_unclaim(p);
	(void)vcpu_request_start(boot, p->entry.addr, p->dtb.addr);
	/* A dedicated CPU is not kicked by its own request: it loads and
	 * starts vCPU 0 now. A shared one decides at the park below. */
	if (self == boot && !sched_cpu_is_shared())
		vcpu_start_requested(boot);
	if (own)
		vcpu_arch_park();
}

/* v is still to be started. */
static bool vcpu_start_wanted(struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING &&
	       (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_START) != 0 &&
	       __atomic_load_n(&v->partition->state, __ATOMIC_ACQUIRE) ==
		       PARTITION_RUNNING;
}

/* The load done: guest time starts at 0 and the watchdog runs from now
 * (once per load; a boot's was done by partitions_create). */
static void vcpu_load_finished(struct partition *p)
{
	if (p->started_gen == p->load.gen)
		return;
	p->started_gen = p->load.gen;
	p->arch.cntvoff = arch_counter();
	watchdog_arm(p);
}

enum vcpu_load vcpu_load_before_start(struct vcpu *v, bool (*go_on)(void))
{
	char err[LOG_ERR_MAX];
	struct partition *p = v->partition;

	if (v->index != 0 ||
	    __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON_PENDING)
		return VCPU_LOAD_DONE;
	/* Each chunk moves the cursor on (or starts a newer load, once per
	 * restart): bounded by the load's size. */
	for (;;) {
		enum partition_load_result r;

		if (!vcpu_start_wanted(v))
			return VCPU_LOAD_CANCELLED;
		r = partition_load_continue(p, err, sizeof(err));
		if (r == PARTITION_LOAD_DONE)
			break;
		if (r == PARTITION_LOAD_FAILED) {
			partition_log_event(p, "partition '%s': restart failed: %s",
					    p->cfg->name, err);
			partition_stop(p, NULL, "restart failed");
			return VCPU_LOAD_CANCELLED;
		}
		if (go_on != NULL && !go_on())
			return VCPU_LOAD_YIELD;
	}
	vcpu_load_finished(p);
	return VCPU_LOAD_DONE;
}

static void vcpu_start_requested(struct vcpu *v)
{
	uint32_t req;

	/* On a CPU of its own: the whole load at once, in its own time. */
	if (vcpu_load_before_start(v, NULL) != VCPU_LOAD_DONE)
		return;
	req = __atomic_exchange_n(&v->requests, 0u, __ATOMIC_ACQ_REL);
	if ((req & VCPU_REQ_START) == 0 ||
	    __atomic_load_n(&v->partition->state, __ATOMIC_ACQUIRE) !=
		    PARTITION_RUNNING ||
	    __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON_PENDING)
		return;
	__atomic_store_n(&v->state, VCPU_ON, __ATOMIC_RELEASE);
	vcpu_arch_enter(v, v->boot_pc, v->boot_x0);
}

void vcpu_idle_kick(struct vcpu *v)
{
	if (sched_cpu_is_shared()) {
		if (sched_wanted())
			sched_run(NULL, true);
		return;
	}
	if (v != NULL)
		vcpu_start_requested(v);
}

/* The work before any return to v (inlined into both callers: it is on
 * every exit's path). */
static inline __attribute__((always_inline)) void vcpu_entry_work(struct vcpu *v)
{
	if ((__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_STOP) != 0) {
		__atomic_and_fetch(&v->requests, ~VCPU_REQ_STOP, __ATOMIC_ACQ_REL);
		vcpu_off_self(v);
	}
	if (console_input_waiting() && partition_has_input_focus(v->partition))
		partition_console_deliver();
	vgic_sync_and_flush(&v->partition->arch.vgic, v->index);
}

void vcpu_before_entry(struct vcpu *v)
{
	if (sched_wanted())
		sched_run(v, true);
	vcpu_entry_work(v);
}

void vcpu_prepare_entry(struct vcpu *v)
{
	vcpu_entry_work(v);
}
