/* SPDX-License-Identifier: MIT */
/*
 * Starting a vCPU on its own CPU (core/lifecycle.h): vCPU 0 of a restarted
 * partition first loads the partition's images, in its own time; then the
 * vCPU enters its guest at the address it was given.
 */
#include "core/lifecycle.h"

#include "arch/cpu.h"
#include "core/sched_arch.h"
#include "core/vcpu_arch.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/partition_streams.h"
#include "core/vcpu.h"

#define LOG_ERR_MAX 160u

/* v is still to be started. */
static bool vcpu_start_wanted(struct vcpu *v)
{
	return __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING &&
	       (__atomic_load_n(&v->requests, __ATOMIC_ACQUIRE) & VCPU_REQ_START) != 0 &&
	       __atomic_load_n(&v->partition->state, __ATOMIC_ACQUIRE) ==
		       PARTITION_RUNNING;
}

/* The load done: its devices' streams translate again (its memory is
 * pristine now), guest time starts at 0 and the watchdog runs from now
 * (once per load; a boot's was done by partitions_create). False, after
 * saying why, if the SMMU refused the streams. */
static bool vcpu_load_finished(struct partition *p, char *err,
			       uint32_t err_size)
{
	if (p->started_gen == p->load.gen)
		return true;
	if (!partition_streams_assign(p, false, err, err_size))
		return false;
	p->started_gen = p->load.gen;
	p->arch.cntvoff = arch_counter();
	watchdog_arm(p);
	return true;
}

enum vcpu_load vcpu_load_before_start(struct vcpu *v, bool (*go_on)(void))
{
	char err[LOG_ERR_MAX];
	struct partition *p = v->partition;

	if (v->index.index != 0 ||
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
	if (!vcpu_load_finished(p, err, sizeof(err))) {
		partition_log_event(p, "partition '%s': restart failed: %s",
				    p->cfg->name, err);
		partition_stop(p, NULL, "restart failed");
		return VCPU_LOAD_CANCELLED;
	}
	return VCPU_LOAD_DONE;
}

void vcpu_start_requested(struct vcpu *v)
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
