/* SPDX-License-Identifier: MIT */
/*
 * Stopping and restarting a whole partition (core/lifecycle.h): on the CPU
 * that asks (a vCPU of the partition, a manager's, or one whose watchdog
 * expired), one at a time per partition, waiting a bounded time for the
 * partition's other vCPUs to turn off.
 */
#include "core/lifecycle.h"

#include "arch/cpu.h"
#include "arch/psci.h"
#include "core/sched_arch.h"
#include "core/vcpu_arch.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/partition_streams.h"
#include "core/vcpu.h"

/* How long a CPU waits for the other vCPUs of its partition to stop. */
#define VCPU_STOP_TIMEOUT_MS 1000u

static uint32_t partitions_running(void)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < partition_total(); i++) {
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

/* Whether v (of a partition being stopped) is off, once a start asked for
 * it and not yet taken is dropped: its partition is not running, so it
 * could not start, and nothing else turns an on-pending vCPU off
 * (sched_stop_switched_out leaves it). A compare-and-swap: a vCPU that
 * started meanwhile is on and stays so. */
static bool partition_vcpu_off(struct vcpu *v)
{
	uint32_t pending = VCPU_ON_PENDING;

	(void)__atomic_compare_exchange_n(&v->state, &pending, VCPU_OFF, false,
					  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_OFF;
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
		if (!partition_vcpu_off(v) && !sched_stop_switched_out(v)) {
			__atomic_or_fetch(&v->requests, VCPU_REQ_STOP,
					  __ATOMIC_RELEASE);
			vcpu_kick(v);
		}
	}
	do {
		all_off = true;
		for (uint32_t i = 0; i < p->vcpu_count; i++) {
			struct vcpu *v = &p->vcpus[i];

			/* Again while this waits: a vCPU of p may have called
			 * CPU_ON for this one before it stopped. */
			if (v != self && !partition_vcpu_off(v))
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
	/* Its devices' DMA stops at once: their streams abort. */
	partition_streams_abort(p, cause);
	/* A stopped partition has no watchdog (a restart arms it afresh). */
	watchdog_disarm(p);
	if (!partition_stop_others(p, self))
		partition_log_event(cause, "partition '%s': a vCPU did not stop within %u ms",
			      p->cfg->name, VCPU_STOP_TIMEOUT_MS);
	/* Its vCPUs are off: its functions stop mastering the bus (no
	 * faults from a stopped partition's devices, nothing left running
	 * when it starts again). */
	partition_streams_quiesce(p, cause);
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

/* The restart's reset: p's load requested afresh, its virtual devices and
 * watchdog back to their state at boot. */
static void partition_reset_to_boot(struct partition *p)
{
	/* Every vCPU of p is off: the load starts afresh (a chunk of an
	 * earlier one still under way on vCPU 0's CPU is discarded). */
	partition_load_request(p);
	vgic_reset(&p->arch.vgic);
	if (p->cfg->console == SK_CONSOLE_PL011)
		vpl011_reset(&p->uart);
	vpci_reset(&p->pci);
	/* Armed, and guest time set to 0, when vCPU 0 starts. */
	__atomic_store_n(&p->watchdog_deadline, 0, __ATOMIC_RELEASE);
}

/* p is running again and released by this restart: vCPU 0 is asked to
 * start, and a restarting vCPU of p itself parks (does not return). */
static void partition_restart_boot_vcpu(struct partition *p,
					struct vcpu *self, bool own)
{
	struct vcpu *boot = &p->vcpus[0];

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

/* Everything of a restart but the load: p's vCPUs are stopped and its
 * virtual devices reset; its memory is cleared and its images copied by
 * its vCPU 0's CPU, in vCPU 0's own time, before vCPU 0 starts
 * (vcpu_load_before_start): the CPU that restarts p (a manager's, or a
 * neighbour's whose watchdog expired) spends almost nothing on it. */
void partition_restart(struct partition *p, struct vcpu *self,
		       const char *why)
{
	struct partition *cause = partition_cause(p, self);
	bool own = self != NULL && self->partition == p;

	if (!partition_claim_or_yield(p, self))
		return;
	__atomic_store_n(&p->state, PARTITION_STOPPED, __ATOMIC_RELEASE);
	/* No DMA of its devices while its memory is cleared and reloaded:
	 * their streams abort until the load is done (vcpu_load_before_start
	 * gives them back). */
	partition_streams_abort(p, cause);
	if (!partition_stop_others(p, self)) {
		partition_unclaim(p);
		partition_log_event(cause, "partition '%s': restart abandoned, a vCPU did not stop",
			      p->cfg->name);
		return;
	}
	/* Before its streams translate again (after the load): the previous
	 * run's devices must not write into the new image. */
	partition_streams_quiesce(p, cause);
	partition_release_device_irqs(p);
	if (own)
		vcpu_arch_retire(self);
	partition_reset_to_boot(p);
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
	partition_restart_boot_vcpu(p, self, own);
}
