/* SPDX-License-Identifier: MIT */
#include "core/sched.h"

#include "core/config_check.h"
#include "core/partition.h"
#include "lib/string.h"

#define US_PER_S 1000000u

static uint64_t us_to_ticks(uint64_t us, uint64_t freq)
{
	return us * freq / US_PER_S;
}

void sched_cpu_init(struct sched_cpu *c, uint64_t freq)
{
	(void)sk_memset(c, 0, sizeof(*c));
	c->slice = us_to_ticks(SCHED_SLICE_US, freq);
	c->lead = (uint64_t)SCHED_LEAD_NS * freq / 1000000000u;
}

bool sched_cpu_add(struct sched_cpu *c, struct vcpu *v)
{
	if (c->count >= SCHED_MAX_VCPUS)
		return false;
	c->vcpus[c->count++] = v;
	c->shared = c->count > 1u || c->period != 0u;
	return true;
}

void sched_cpu_set_frame(struct sched_cpu *c, const struct sk_cfg_frame *f,
			 const struct sk_config *cfg, uint64_t freq,
			 uint64_t base)
{
	c->period = us_to_ticks(f->period_us, freq);
	c->frame_base = base;
	c->window_count = 0;
	for (uint32_t i = 0; i < f->window_count && i < SK_MAX_WINDOWS; i++) {
		int p = config_partition_index(cfg, f->windows[i].partition);

		if (p < 0)
			continue; /* the validator refused this already */
		c->windows[c->window_count++] = (struct sched_window){
			.start = us_to_ticks(f->windows[i].start_us, freq),
			.end = us_to_ticks((uint64_t)f->windows[i].start_us +
					   f->windows[i].length_us, freq),
			.partition = (uint32_t)p,
		};
	}
	c->shared = true;
}

/* Where in its frame now is (ticks); 0 without a frame. */
static uint64_t sched_frame_pos(const struct sched_cpu *c, uint64_t now)
{
	if (c->period == 0u || now < c->frame_base)
		return 0;
	return (now - c->frame_base) % c->period;
}

const struct sched_window *sched_window_at(const struct sched_cpu *c,
					   uint64_t now)
{
	uint64_t pos;

	if (c->period == 0u)
		return NULL;
	pos = sched_frame_pos(c, now);
	for (uint32_t i = 0; i < c->window_count; i++) {
		if (pos >= c->windows[i].start && pos < c->windows[i].end)
			return &c->windows[i];
	}
	return NULL;
}

static bool sched_allowed(const struct sched_window *w, const struct vcpu *v)
{
	return w == NULL || v->partition->id == w->partition;
}

static uint32_t sched_index_of(const struct sched_cpu *c, const struct vcpu *v)
{
	for (uint32_t i = 0; i < c->count; i++) {
		if (c->vcpus[i] == v)
			return i;
	}
	return c->count - 1u; /* idle: the round starts at vcpus[0] */
}

/*
 * The order among the runnable: rank first; among equals (best-effort),
 * the running vCPU while its slice lasts, else the next one after it in
 * turn, so every best-effort vCPU gets its slice.
 */
static uint32_t sched_key(const struct sched_cpu *c, uint32_t i, uint32_t cur,
			  uint64_t now)
{
	const struct vcpu *v = c->vcpus[i];
	uint32_t turn;

	if (v == c->current && now < c->slice_end)
		turn = SCHED_MAX_VCPUS + 1u;
	else
		turn = c->count - (i + c->count - cur - 1u) % c->count;
	return (v->sched.rank << 8) | turn;
}

struct vcpu *sched_pick(struct sched_cpu *c, uint64_t now)
{
	const struct sched_window *w = sched_window_at(c, now);
	uint32_t cur = sched_index_of(c, c->current);
	struct vcpu *best = NULL;
	uint32_t best_key = 0;

	c->runnable_mask = 0;
	for (uint32_t i = 0; i < c->count; i++) {
		struct vcpu *v = c->vcpus[i];
		uint32_t key;

		if (!sched_allowed(w, v) || !sched_vcpu_runnable(c, v, now)) {
			v->sched.ready_since = 0;
			continue;
		}
		c->runnable_mask |= 1u << i;
		if (v != c->current && v->sched.ready_since == 0u) {
			uint64_t woke = sched_vcpu_wake_time(v);

			/* Woken by its timer: it was ready when that expired. */
			v->sched.ready_since = woke <= now ? woke : now;
			if (v->sched.ready_since == 0u)
				v->sched.ready_since = 1u;
		}
		key = sched_key(c, i, cur, now);
		if (best == NULL || key > best_key) {
			best = v;
			best_key = key;
		}
	}
	return best;
}

/* The first window start or end after now (the frame's end included). */
static uint64_t sched_next_boundary(const struct sched_cpu *c, uint64_t now)
{
	uint64_t pos = sched_frame_pos(c, now);
	uint64_t next = c->period;

	if (now < c->frame_base)
		return c->frame_base;
	for (uint32_t i = 0; i < c->window_count; i++) {
		if (c->windows[i].start > pos && c->windows[i].start < next)
			next = c->windows[i].start;
		if (c->windows[i].end > pos && c->windows[i].end < next)
			next = c->windows[i].end;
	}
	return now - pos + next;
}

uint64_t sched_next_event(const struct sched_cpu *c, const struct vcpu *next,
			  uint64_t now)
{
	const struct sched_window *w = sched_window_at(c, now);
	uint64_t t = c->period != 0u ? sched_next_boundary(c, now) : SCHED_NEVER;
	uint32_t rank = next != NULL ? next->sched.rank : 0u;
	bool others_wait = false;

	for (uint32_t i = 0; i < c->count; i++) {
		const struct vcpu *v = c->vcpus[i];
		uint64_t wake;

		if (v == next || !sched_allowed(w, v))
			continue;
		if ((c->runnable_mask & (1u << i)) != 0u) {
			others_wait = others_wait || v->sched.rank == rank;
			continue;
		}
		/* Blocked: its timer matters if it could run then; a real-time
		 * one is switched in ahead of it (SCHED_LEAD_NS). */
		if (next != NULL && v->sched.rank < rank)
			continue;
		wake = sched_vcpu_wake_time(v);
		if (v->sched.rank != 0u && wake != SCHED_NEVER)
			wake = wake > c->lead ? wake - c->lead : 0u;
		if (wake < t)
			t = wake;
	}
	if (next != NULL && others_wait && c->slice_end > now &&
	    c->slice_end < t)
		t = c->slice_end;
	return t;
}

void sched_account(struct sched_cpu *c, struct vcpu *next, uint64_t now)
{
	struct vcpu *prev = c->current;
	uint64_t ran = now >= c->since ? now - c->since : 0u;

	if (prev != NULL)
		prev->sched.run_ticks += ran;
	else
		c->stats.idle_ticks += ran;
	c->since = now;
	if (next != prev) {
		c->stats.switches++;
		if (next != NULL && next->sched.rank != 0u &&
		    next->sched.ready_since != 0u) {
			uint64_t lat = now >= next->sched.ready_since
					       ? now - next->sched.ready_since : 0u;

			c->stats.rt_wakeups++;
			if (lat > c->stats.worst_rt_latency)
				c->stats.worst_rt_latency = lat;
		}
	}
	if (next != NULL) {
		next->sched.ready_since = 0;
		if (next != prev || now >= c->slice_end)
			c->slice_end = now + c->slice;
	}
	/* Release: other CPUs read it in sched_irq_needs_kick, and with it
	 * what this CPU wrote before (a blocked vCPU's flag). */
	__atomic_store_n(&c->current, next, __ATOMIC_RELEASE);
}

bool sched_irq_needs_kick(const struct sched_cpu *c, const struct vcpu *v)
{
	const struct vcpu *cur;

	if (c == NULL || !c->shared)
		return true;
	cur = __atomic_load_n(&c->current, __ATOMIC_ACQUIRE);
	if (cur == NULL || cur == v)
		return true;
	return __atomic_load_n(&v->sched.blocked, __ATOMIC_RELAXED) &&
	       v->sched.rank >= cur->sched.rank;
}

static struct sched_cpu sched_cpus[SK_MAX_CPUS];

struct sched_cpu *sched_cpu_get(uint32_t cpu)
{
	return cpu < SK_MAX_CPUS ? &sched_cpus[cpu] : NULL;
}
