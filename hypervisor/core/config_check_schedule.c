/* SPDX-License-Identifier: MIT */
/*
 * Checks of the scheduling configuration (docs/scheduling.md): each
 * partition's class and priority, the real-time priorities on each shared
 * CPU, and the ARINC 653 major frames of /schedule. Anything the
 * hypervisor could not schedule as written is an error with the node path.
 */
#include "core/config_check_internal.h"

static void check_partition_class(struct check_ctx *c,
				  const struct sk_cfg_partition *part)
{
	if (part->sched_class == SK_SCHED_REALTIME) {
		if (part->priority < SK_PRIORITY_MIN ||
		    part->priority > SK_PRIORITY_MAX)
			FAIL_AT(c, part->path,
				"a realtime partition needs a priority of %u..%u (larger preempts smaller), not %u",
				SK_PRIORITY_MIN, SK_PRIORITY_MAX, part->priority);
	} else if (part->sched_class == SK_SCHED_BEST_EFFORT) {
		if (part->priority != 0u)
			FAIL_AT(c, part->path,
				"priority %u is for realtime partitions only: this one is best-effort",
				part->priority);
	} else {
		FAIL_AT(c, part->path, "unknown scheduling class %u",
			part->sched_class);
	}
}

/* Two real-time partitions at one priority on one CPU: which of them
 * preempts the other would be undefined. */
static void check_cpu_priorities(struct check_ctx *c, uint32_t cpu)
{
	for (uint32_t p = 0; p < c->partitions; p++) {
		const struct sk_cfg_partition *a = &c->cfg->partitions[p];

		if ((c->cpu_users[cpu] & (1u << p)) == 0u ||
		    a->sched_class != SK_SCHED_REALTIME)
			continue;
		for (uint32_t q = 0; q < p; q++) {
			const struct sk_cfg_partition *b = &c->cfg->partitions[q];
			struct check_str other;

			if ((c->cpu_users[cpu] & (1u << q)) != 0u &&
			    b->sched_class == SK_SCHED_REALTIME &&
			    b->priority == a->priority)
				FAIL_AT(c, a->path,
					"CPU %u: realtime priority %u is already %s's there; real-time partitions sharing a CPU need different priorities",
					cpu, a->priority,
					check_copy(&other, b->path, sizeof(b->path)));
		}
	}
}

static bool windows_overlap(const struct sk_cfg_window *a,
			    const struct sk_cfg_window *b)
{
	return ranges_overlap(a->start_us, a->length_us, b->start_us,
			      b->length_us);
}

/* One window: its owner exists and runs on the frame's CPU, and it lies
 * inside the frame. Returns the owner's index, or -1. */
static int check_window(struct check_ctx *c, const struct sk_cfg_frame *f,
			const struct sk_cfg_window *w, bool cpu_ok)
{
	struct check_str name;
	int p = config_partition_index(c->cfg, w->partition);
	uint64_t end = (uint64_t)w->start_us + w->length_us;

	if (w->length_us < SK_WINDOW_MIN_US)
		FAIL_AT(c, w->path, "window of %u us is shorter than the minimum of %u us",
			w->length_us, SK_WINDOW_MIN_US);
	else if (end > f->period_us)
		FAIL_AT(c, w->path,
			"window %u-%llu us ends after the major frame of %u us",
			w->start_us, ull(end), f->period_us);
	if (p < 0 || (uint32_t)p >= c->partitions) {
		FAIL_AT(c, w->path, "unknown partition '%s'",
			check_copy(&name, w->partition, SK_NAME_MAX));
		return -1;
	}
	if (cpu_ok && (c->cpu_users[f->cpu] & (1u << (uint32_t)p)) == 0u) {
		FAIL_AT(c, w->path, "partition '%s' has no vCPU on CPU %u",
			check_copy(&name, w->partition, SK_NAME_MAX), f->cpu);
		return -1;
	}
	return p;
}

/* Every partition on the CPU runs at some time of the frame: in a window
 * of its own or in the time no window covers. */
static void check_frame_coverage(struct check_ctx *c,
				 const struct sk_cfg_frame *f, uint32_t owners,
				 uint64_t covered)
{
	if (covered < f->period_us)
		return; /* free time: everybody runs by priority there */
	for (uint32_t p = 0; p < c->partitions; p++) {
		const struct sk_cfg_partition *part = &c->cfg->partitions[p];
		struct check_str path;

		if ((c->cpu_users[f->cpu] & (1u << p)) != 0u &&
		    (owners & (1u << p)) == 0u)
			FAIL_AT(c, f->path,
				"%s never runs on CPU %u: no window is its and the windows leave no free time",
				check_copy(&path, part->path, sizeof(part->path)),
				f->cpu);
	}
}

/* The frame's CPU: a valid index, one frame per CPU, and some partition
 * running on it. Returns whether its windows can be checked against it. */
static bool check_frame_cpu(struct check_ctx *c, const struct sk_cfg_frame *f,
			    uint32_t *framed)
{
	bool cpu_ok = check_cpu_index(c, f->path, sizeof(f->path), f->cpu);

	if (cpu_ok && (*framed & (1u << f->cpu)) != 0u) {
		FAIL_AT(c, f->path, "CPU %u has a major frame already", f->cpu);
		cpu_ok = false;
	} else if (cpu_ok) {
		*framed |= 1u << f->cpu;
		if (c->cpu_users[f->cpu] == 0u)
			FAIL_AT(c, f->path, "no partition runs on CPU %u", f->cpu);
	}
	return cpu_ok;
}

/* The frame's first `windows` windows: each valid and apart from the
 * others; and every partition of the CPU gets some time (check_frame_coverage). */
static void check_frame_windows(struct check_ctx *c,
				const struct sk_cfg_frame *f, uint32_t windows,
				bool cpu_ok)
{
	uint32_t owners = 0;
	uint64_t covered = 0;

	for (uint32_t w = 0; w < windows; w++) {
		const struct sk_cfg_window *win = &f->windows[w];
		int p = check_window(c, f, win, cpu_ok);

		if (p >= 0)
			owners |= 1u << (uint32_t)p;
		covered += win->length_us;
		for (uint32_t o = 0; o < w; o++) {
			struct check_str other;

			if (windows_overlap(win, &f->windows[o]))
				FAIL_AT(c, win->path, "window overlaps %s",
					check_copy(&other, f->windows[o].path,
						   sizeof(f->windows[o].path)));
		}
	}
	if (cpu_ok)
		check_frame_coverage(c, f, owners, covered);
}

static void check_frame(struct check_ctx *c, uint32_t i, uint32_t *framed)
{
	const struct sk_cfg_frame *f = &c->cfg->frames[i];
	uint32_t windows = clamp_count(c, f->path, sizeof(f->path), "windows",
				       f->window_count, SK_MAX_WINDOWS);
	bool cpu_ok = check_frame_cpu(c, f, framed);

	if (f->period_us < SK_FRAME_MIN_US || f->period_us > SK_FRAME_MAX_US) {
		FAIL_AT(c, f->path, "major-frame-us %u is outside %u..%u",
			f->period_us, SK_FRAME_MIN_US, SK_FRAME_MAX_US);
		return;
	}
	if (windows == 0u) {
		FAIL_AT(c, f->path, "a major frame needs at least one time window");
		return;
	}
	check_frame_windows(c, f, windows, cpu_ok);
}

void check_schedule(struct check_ctx *c)
{
	uint32_t frames = clamp_count(c, "/schedule", sizeof("/schedule"),
				      "major frames", c->cfg->frame_count,
				      SK_MAX_CPUS);
	uint32_t framed = 0;

	for (uint32_t p = 0; p < c->partitions; p++)
		check_partition_class(c, &c->cfg->partitions[p]);
	for (uint32_t cpu = 0; cpu < SK_MAX_CPUS; cpu++)
		check_cpu_priorities(c, cpu);
	for (uint32_t i = 0; i < frames; i++)
		check_frame(c, i, &framed);
}
