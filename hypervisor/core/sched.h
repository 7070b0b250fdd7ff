/* SPDX-License-Identifier: MIT */
/*
 * Scheduling the vCPUs that share a physical CPU (docs/scheduling.md).
 *
 * Each CPU decides for itself, from its own state: a real-time vCPU (rank =
 * its priority) always runs before a lower-ranked one, best-effort vCPUs
 * (rank 0) share what is left round-robin in slices, and a major frame of
 * time windows, where configured, lets only the window's partition run
 * inside the window. This file (core/sched.c, sched_vcpu.c, sched_decide.c,
 * sched_stats.c) is the decision and the bookkeeping, pure C for host
 * tests; arch/arm64/sched_switch.c only moves the vCPUs' registers.
 */
#ifndef SK_CORE_SCHED_H
#define SK_CORE_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"

struct vcpu;

/* At most one vCPU of each partition per CPU (the validator's rule). */
#define SCHED_MAX_VCPUS SK_MAX_PARTITIONS
/* Best-effort vCPUs that all want the CPU take turns of this long. */
#define SCHED_SLICE_US  4000u
#define SCHED_NEVER     UINT64_MAX
/* A real-time vCPU blocked until its timer is switched in this long
 * before the timer expires (and waits on its CPU for it), so the switch
 * is not on its wake-up path: longer than a switch plus the longest
 * stretch a best-effort vCPU's exit usually runs with interrupts masked
 * (Linux booting: bench/run.py --only rtos, docs/performance.md), and
 * what a lower vCPU loses per such wake-up at most. */
#define SCHED_LEAD_NS   8000u

/* What a vCPU carries for the scheduler of its CPU. */
struct vcpu_sched {
	uint32_t rank;        /* 0: best-effort; realtime: its priority */
	bool blocked;         /* waits in WFI for an interrupt or its timer */
	uint64_t ready_since; /* counter value it has waited to run since; 0 */
	uint64_t run_ticks;   /* counter ticks it has run */
};

struct sched_window {
	uint64_t start;       /* ticks from the start of the frame */
	uint64_t end;
	uint32_t partition;   /* the owner's id */
};

struct sched_stats {
	uint64_t switches;     /* changes of the running vCPU (idle included) */
	uint64_t idle_ticks;
	uint64_t rt_wakeups;   /* real-time vCPUs switched in after waiting */
	uint64_t worst_rt_latency; /* ticks from ready to running, worst seen */
	uint64_t switch_ticks; /* spent deciding and switching to a vCPU */
	uint64_t switch_count;
};

struct sched_cpu {
	bool shared;           /* the scheduler runs on this CPU */
	uint32_t count;
	struct vcpu *vcpus[SCHED_MAX_VCPUS];
	struct vcpu *current;  /* NULL: idle */
	uint64_t since;        /* counter value current (or idle) began */
	uint64_t slice;        /* ticks */
	uint64_t lead;         /* ticks: SCHED_LEAD_NS */
	uint64_t slice_end;
	/* Set by sched_pick: the vCPUs that could run (bit i: vcpus[i]). */
	uint32_t runnable_mask;
	/* The major frame; period 0: none. */
	uint64_t period;
	uint64_t frame_base;   /* counter value frame 0 began */
	uint32_t window_count;
	struct sched_window windows[SK_MAX_WINDOWS];
	struct sched_stats stats;
};

/* The scheduler state of physical CPU cpu, or NULL beyond the limit. */
struct sched_cpu *sched_cpu_get(uint32_t cpu);

/* Set-up at boot: a CPU's vCPUs, slice and frame (ticks per second). */
void sched_cpu_init(struct sched_cpu *c, uint64_t freq);
bool sched_cpu_add(struct sched_cpu *c, struct vcpu *v);
void sched_cpu_set_frame(struct sched_cpu *c, const struct sk_cfg_frame *f,
			 const struct sk_config *cfg, uint64_t freq,
			 uint64_t base);

/* The window of the frame at counter value now, or NULL (no frame, or
 * time no window covers). */
const struct sched_window *sched_window_at(const struct sched_cpu *c,
					   uint64_t now);
/* The vCPU to run now, or NULL to idle. Updates runnable_mask and each
 * waiting vCPU's ready_since. */
struct vcpu *sched_pick(struct sched_cpu *c, uint64_t now);
/* When to decide again if nothing else happens (a window boundary, the
 * slice's end while others wait, the timer of a blocked vCPU that could
 * run then): SCHED_NEVER if never. After sched_pick. */
uint64_t sched_next_event(const struct sched_cpu *c, const struct vcpu *next,
			  uint64_t now);
/* Makes next the running vCPU from now: run time, switch count, wake-up
 * latency, a new slice. */
void sched_account(struct sched_cpu *c, struct vcpu *next, uint64_t now);

/* An interrupt was just made pending for v, which is on (CPU c): whether
 * its CPU must be interrupted (a kick SGI) to look, because it could
 * change what runs there. Yes on a dedicated CPU, when v runs there, when
 * the CPU idles, and when v is blocked and the running vCPU does not
 * outrank it. No for a switched-out vCPU that is runnable (it waits its
 * turn anyway) or that the running one outranks (the CPU looks when that
 * one blocks): a partition that floods its vCPU placed on a real-time
 * partition's CPU makes that CPU exit no more often. Called on another
 * CPU, after the caller raised c's resched flag; the CPU pairs with it by
 * looking at the flag after it published its choice (sched_switch.c). */
bool sched_irq_needs_kick(const struct sched_cpu *c, const struct vcpu *v);
/* Prints every shared CPU's statistics and its vCPUs' run times. */
void sched_print_stats(void);
/* CPU cpu's statistics in the ABI's form (SK_HC_SCHED_STATS); false for
 * a CPU beyond the limit. */
struct sk_sched_stats;
bool sched_snapshot(uint32_t cpu, struct sk_sched_stats *st);

/* ---- one vCPU v of shared CPU c, its CPU (core/sched_vcpu.c) ---- */

/* Whether v could run now: to be started (a start request, its partition
 * running), or on and not blocked, or asked to stop (it stops when it
 * runs), or blocked but woken (an interrupt waits, its timer is due; a
 * real-time vCPU SCHED_LEAD_NS early). The running vCPU that blocked just
 * now is not. */
bool sched_vcpu_runnable(const struct sched_cpu *c, struct vcpu *v,
			 uint64_t now);
/* The counter value at which a blocked v's timer wakes it (SCHED_NEVER:
 * none, or v is not blocked). */
uint64_t sched_vcpu_wake_time(const struct vcpu *v);
/* When v, a real-time vCPU being switched in at now, comes ahead of its
 * timer (SCHED_LEAD_NS): the timer's deadline, which it waits for on its
 * CPU; 0 when it was woken by anything else. */
uint64_t sched_early_wake(const struct sched_cpu *c, const struct vcpu *v,
			  uint64_t now);

/* ---- a shared CPU's decision (core/sched_decide.c) ---- */

/* Who runs from now on this CPU (NULL: idle), at *now (set to the
 * counter); clears the poke, turns off the switched-out vCPUs asked to
 * stop first. */
struct vcpu *sched_decide(struct sched_cpu *c, uint64_t *now);
/* v is on this shared CPU but switched out: turns it off at once (a stop
 * request nobody else would act on). False if that is not the case. */
bool sched_stop_switched_out(struct vcpu *v);

#endif
