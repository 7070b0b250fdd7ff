/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the semantic configuration validator
 * (hypervisor/core/config_check.c). Each test starts from a valid
 * two-partition system built in C, breaks one thing, and checks that
 * exactly the expected error is reported, at the expected node path, with
 * the expected wording.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/config_check.h"
#include "lib/array.h"

#define MAX_REPORTS 32u
#define REPORT_TEXT 512u

struct report {
	char path[REPORT_TEXT];
	char msg[REPORT_TEXT];
};

struct reports {
	unsigned count;
	struct report r[MAX_REPORTS];
};

struct fixture {
	struct sk_config cfg;
	struct sk_platform_facts plat;
	struct reports rep;
	/* run() as the hypervisor does at boot: config_check_board alone. */
	bool board_only;
};

static void collect(void *ctx, const char *path, const char *msg)
{
	struct reports *rep = ctx;

	if (rep->count < MAX_REPORTS) {
		snprintf(rep->r[rep->count].path, REPORT_TEXT, "%s", path);
		snprintf(rep->r[rep->count].msg, REPORT_TEXT, "%s", msg);
	}
	rep->count++;
}

/* ---- the valid baseline -------------------------------------------------
 * platform: 4 CPUs, RAM 0x40000000-0x7fffffff; hypervisor 0x40000000 +16M
 * alpha: CPU 1; ram phys 0x41000000 guest 0x40000000 16M rwx;
 *        uart phys 0x09040000 guest 0x09000000 4K IRQ 40;
 *        kernel @0x40000000 64K, dtb @0x40f00000 4K
 * beta:  CPUs 2,3; ram phys 0x42000000 guest 0x40000000 32M rwx;
 *        data phys 0x44000000 guest 0x80000000 1M rw; kernel @0x40000000 128K
 */
#define RAM_BASE   0x40000000ull
#define RAM_SIZE   0x40000000ull
#define HYP_BASE   0x40000000ull
#define HYP_SIZE   0x01000000ull

static void set_path(char *dst, const char *path)
{
	snprintf(dst, SK_PATH_MAX, "%s", path);
}

static void add_region(struct sk_cfg_partition *p, const char *path,
		       uint64_t phys, uint64_t guest, uint64_t size,
		       uint32_t access)
{
	struct sk_cfg_region *r = &p->regions[p->region_count++];

	r->phys = phys;
	r->guest = guest;
	r->size = size;
	r->access = access;
	set_path(r->path, path);
}

static void add_image(struct sk_cfg_partition *p, const char *path,
		      uint32_t role, uint64_t load, uint64_t size)
{
	struct sk_cfg_image *img = &p->images[p->image_count++];

	img->role = role;
	img->load = load;
	img->size = size;
	snprintf(img->file, sizeof(img->file), "image%u.bin", p->image_count);
	set_path(img->path, path);
}

#define RWX (SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC)
#define RW  (SK_ACCESS_READ | SK_ACCESS_WRITE)

static void make_alpha(struct sk_cfg_partition *a)
{
	struct sk_cfg_device *uart = &a->devices[0];

	snprintf(a->name, sizeof(a->name), "alpha");
	set_path(a->path, "/partitions/alpha");
	a->cpu_count = 1;
	a->cpus[0] = 1;
	add_region(a, "/partitions/alpha/memory/ram", 0x41000000, 0x40000000,
		   0x01000000, RWX);
	a->device_count = 1;
	uart->phys = 0x09040000;
	uart->guest = 0x09000000;
	uart->size = 0x1000;
	uart->irq_count = 1;
	uart->irqs[0] = 40;
	uart->dma = SK_DMA_NONE;
	set_path(uart->path, "/partitions/alpha/devices/uart");
	add_image(a, "/partitions/alpha/images/kernel", SK_IMAGE_KERNEL,
		  0x40000000, 0x10000);
	add_image(a, "/partitions/alpha/images/dtb", SK_IMAGE_DTB, 0x40f00000,
		  0x1000);
}

static void make_beta(struct sk_cfg_partition *b)
{
	snprintf(b->name, sizeof(b->name), "beta");
	set_path(b->path, "/partitions/beta");
	b->cpu_count = 2;
	b->cpus[0] = 2;
	b->cpus[1] = 3;
	b->console = SK_CONSOLE_NONE;
	b->fault_policy = SK_FAULT_RESTART;
	add_region(b, "/partitions/beta/memory/ram", 0x42000000, 0x40000000,
		   0x02000000, RWX);
	add_region(b, "/partitions/beta/memory/data", 0x44000000, 0x80000000,
		   0x00100000, RW);
	add_image(b, "/partitions/beta/images/kernel", SK_IMAGE_KERNEL,
		  0x40000000, 0x20000);
}

static void make_valid_system(struct sk_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->magic = SK_CONFIG_MAGIC;
	cfg->version = SK_CONFIG_VERSION;
	cfg->size = sizeof(*cfg);
	cfg->platform_cpu_count = 4;
	cfg->ram_bank_count = 1;
	cfg->ram[0].base = RAM_BASE;
	cfg->ram[0].size = RAM_SIZE;
	cfg->hypervisor.base = HYP_BASE;
	cfg->hypervisor.size = HYP_SIZE;
	cfg->partition_count = 2;
	make_alpha(&cfg->partitions[0]);
	make_beta(&cfg->partitions[1]);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	make_valid_system(&f->cfg);
	config_platform_from_config(&f->cfg, &f->plat);
	*state = f;
	return 0;
}

/* The board-fact tests again, under the boot check alone: it finds what
 * the full check finds on the board's facts, in the same words. */
static int setup_board(void **state)
{
	int rc = setup(state);

	if (rc == 0)
		((struct fixture *)*state)->board_only = true;
	return rc;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

static unsigned run(struct fixture *f)
{
	unsigned n;

	memset(&f->rep, 0, sizeof(f->rep));
	n = f->board_only ?
		config_check_board(&f->cfg, &f->plat, collect, &f->rep) :
		config_check(&f->cfg, &f->plat, collect, &f->rep);
	assert_int_equal(n, f->rep.count); /* one report per counted error */
	return n;
}

/* Prints what was reported when an expectation fails. */
static void dump(const struct fixture *f)
{
	for (unsigned i = 0; i < f->rep.count && i < MAX_REPORTS; i++)
		print_message("  report %u: %s: %s\n", i, f->rep.r[i].path,
			      f->rep.r[i].msg);
}

/* Some report has exactly this path and a message containing phrase. */
static void assert_reported(const struct fixture *f, const char *path,
			    const char *phrase)
{
	for (unsigned i = 0; i < f->rep.count && i < MAX_REPORTS; i++) {
		if (strcmp(f->rep.r[i].path, path) == 0 &&
		    strstr(f->rep.r[i].msg, phrase) != NULL)
			return;
	}
	dump(f);
	fail_msg("no report at %s containing \"%s\"", path, phrase);
}

/* Some error (maybe among others), at path, mentioning phrase. */
static void assert_reported_after_run(struct fixture *f, const char *path,
				      const char *phrase)
{
	assert_true(run(f) >= 1u);
	assert_reported(f, path, phrase);
}

/* Exactly one error, at path, mentioning phrase. */
static void expect_one(struct fixture *f, const char *path, const char *phrase)
{
	unsigned n = run(f);

	if (n != 1u)
		dump(f);
	assert_int_equal(n, 1);
	assert_reported(f, path, phrase);
}

#define F(state) ((struct fixture *)*(state))
#define ALPHA(f) (&(f)->cfg.partitions[0])
#define BETA(f)  (&(f)->cfg.partitions[1])

/* ---- baseline ------------------------------------------------------------ */

static void valid_baseline_has_no_errors(void **state)
{
	assert_int_equal(run(F(state)), 0);
}

static void same_guest_addresses_in_two_partitions_are_fine(void **state)
{
	struct fixture *f = F(state);

	/* Both partitions' RAM starts at guest 0x40000000 in the baseline. */
	assert_int_equal(ALPHA(f)->regions[0].guest, BETA(f)->regions[0].guest);
	assert_int_equal(run(f), 0);
}

static void null_report_callback_still_counts(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->cpus[0] = 7;
	assert_int_equal(config_check(&f->cfg, &f->plat, NULL, NULL), 1);
}

static void platform_facts_from_config(void **state)
{
	struct fixture *f = F(state);
	struct sk_platform_facts p;

	memset(&p, 0xa5, sizeof(p));
	config_platform_from_config(&f->cfg, &p);
	assert_int_equal(p.cpu_count, 4);
	assert_int_equal(p.ram_bank_count, 1);
	assert_int_equal(p.ram[0].base, RAM_BASE);
	assert_int_equal(p.ram[0].size, RAM_SIZE);
	assert_int_equal(p.hypervisor_image.size, 0);
	assert_int_equal(p.reserved_count, 0);
}

/* ---- partitions and CPUs ------------------------------------------------- */

static void no_partitions(void **state)
{
	struct fixture *f = F(state);

	f->cfg.partition_count = 0;
	expect_one(f, "/partitions", "no partitions");
}

static void partition_without_cpu(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->cpu_count = 0;
	expect_one(f, "/partitions/alpha", "no CPU");
}

static void cpu_not_present(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->cpus[0] = 5;
	expect_one(f, "/partitions/alpha",
		   "CPU 5 is not present: the board has 4 CPUs, numbered 0-3");
}

static void cpu_given_twice_in_one_partition(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->cpus[1] = 2;
	expect_one(f, "/partitions/beta", "CPU 2 is given twice");
}

/* Shared CPUs are allowed (docs/scheduling.md): beta's second vCPU on
 * alpha's CPU. */
static void cpu_shared_by_two_partitions_is_fine(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->cpus[1] = 1;
	assert_int_equal(run(f), 0);
}

/* ---- scheduling ---------------------------------------------------------- */

static void make_realtime(struct sk_cfg_partition *p, uint32_t priority)
{
	p->sched_class = SK_SCHED_REALTIME;
	p->priority = priority;
}

static void realtime_and_best_effort_share_a_cpu(void **state)
{
	struct fixture *f = F(state);

	make_realtime(ALPHA(f), 10);
	BETA(f)->cpus[1] = 1;
	assert_int_equal(run(f), 0);
}

static void realtime_without_priority(void **state)
{
	struct fixture *f = F(state);

	make_realtime(ALPHA(f), 0);
	expect_one(f, "/partitions/alpha",
		   "a realtime partition needs a priority of 1..99");
}

static void realtime_priority_too_high(void **state)
{
	struct fixture *f = F(state);

	make_realtime(ALPHA(f), 100);
	expect_one(f, "/partitions/alpha", "not 100");
}

static void priority_on_best_effort(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->priority = 5;
	expect_one(f, "/partitions/beta",
		   "priority 5 is for realtime partitions only");
}

static void unknown_scheduling_class(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->sched_class = 7;
	expect_one(f, "/partitions/beta", "unknown scheduling class 7");
}

static void two_realtime_at_one_priority_on_a_cpu(void **state)
{
	struct fixture *f = F(state);

	make_realtime(ALPHA(f), 10);
	make_realtime(BETA(f), 10);
	BETA(f)->cpus[1] = 1;
	expect_one(f, "/partitions/beta",
		   "CPU 1: realtime priority 10 is already /partitions/alpha's there");
}

static void two_realtime_at_one_priority_on_different_cpus(void **state)
{
	struct fixture *f = F(state);

	make_realtime(ALPHA(f), 10);
	make_realtime(BETA(f), 10);
	assert_int_equal(run(f), 0);
}

/* CPU 1 shared by alpha and beta, with a 1000 us frame: alpha 0-600,
 * beta 600-1000. */
static struct sk_cfg_frame *add_frame(struct fixture *f)
{
	struct sk_cfg_frame *fr = &f->cfg.frames[f->cfg.frame_count++];
	static const char *const owner[] = { "alpha", "beta" };
	static const uint32_t start[] = { 0, 600 }, len[] = { 600, 400 };

	BETA(f)->cpus[1] = 1;
	set_path(fr->path, "/schedule/cpu1");
	fr->cpu = 1;
	fr->period_us = 1000;
	for (uint32_t i = 0; i < 2; i++) {
		struct sk_cfg_window *w = &fr->windows[fr->window_count++];

		snprintf(w->partition, SK_NAME_MAX, "%s", owner[i]);
		snprintf(w->path, SK_PATH_MAX, "/schedule/cpu1/%s", owner[i]);
		w->start_us = start[i];
		w->length_us = len[i];
	}
	return fr;
}

static void valid_major_frame(void **state)
{
	add_frame(F(state));
	assert_int_equal(run(F(state)), 0);
}

static void windows_overlapping(void **state)
{
	struct fixture *f = F(state);

	add_frame(f)->windows[1].start_us = 500;
	expect_one(f, "/schedule/cpu1/beta",
		   "window overlaps /schedule/cpu1/alpha");
}

static void window_longer_than_the_frame(void **state)
{
	struct fixture *f = F(state);

	add_frame(f)->windows[1].length_us = 500;
	expect_one(f, "/schedule/cpu1/beta",
		   "window 600-1100 us ends after the major frame of 1000 us");
}

static void window_too_short(void **state)
{
	struct fixture *f = F(state);

	add_frame(f)->windows[1].length_us = 10;
	expect_one(f, "/schedule/cpu1/beta",
		   "window of 10 us is shorter than the minimum of 50 us");
}

static void window_of_an_unknown_partition(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_frame *fr = add_frame(f);

	/* Beta keeps running in the free time left by the renamed window. */
	fr->windows[1].length_us = 100;
	snprintf(fr->windows[1].partition, SK_NAME_MAX, "gamma");
	expect_one(f, "/schedule/cpu1/beta", "unknown partition 'gamma'");
}

static void window_of_a_partition_not_on_the_cpu(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_frame *fr = add_frame(f);

	BETA(f)->cpus[1] = 3;
	fr->windows[1].length_us = 100; /* alpha alone: free time is fine */
	expect_one(f, "/schedule/cpu1/beta",
		   "partition 'beta' has no vCPU on CPU 1");
}

static void partition_without_window_or_free_time(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_frame *fr = add_frame(f);

	/* alpha gets the whole frame; beta shares CPU 1 but never runs. */
	fr->window_count = 1;
	fr->windows[0].length_us = 1000;
	expect_one(f, "/schedule/cpu1",
		   "/partitions/beta never runs on CPU 1");
}

static void frame_period_out_of_range(void **state)
{
	struct fixture *f = F(state);

	add_frame(f)->period_us = 50;
	assert_true(run(f) >= 1u);
	assert_reported(f, "/schedule/cpu1", "major-frame-us 50 is outside 100..10000000");
}

static void frame_without_windows(void **state)
{
	struct fixture *f = F(state);

	add_frame(f)->window_count = 0;
	expect_one(f, "/schedule/cpu1", "at least one time window");
}

static void frame_for_a_missing_cpu(void **state)
{
	struct fixture *f = F(state);

	add_frame(f)->cpu = 6;
	assert_true(run(f) >= 1u);
	assert_reported(f, "/schedule/cpu1", "CPU 6 is not present: the board has 4 CPUs");
}

static void two_frames_for_one_cpu(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_frame *second;

	add_frame(f);
	second = &f->cfg.frames[f->cfg.frame_count++];
	*second = f->cfg.frames[0];
	set_path(second->path, "/schedule/again");
	expect_one(f, "/schedule/again", "CPU 1 has a major frame already");
}

static void frame_on_an_unused_cpu(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_frame *fr = &f->cfg.frames[f->cfg.frame_count++];

	set_path(fr->path, "/schedule/cpu0");
	fr->cpu = 0;
	fr->period_us = 1000;
	fr->window_count = 1;
	snprintf(fr->windows[0].partition, SK_NAME_MAX, "alpha");
	set_path(fr->windows[0].path, "/schedule/cpu0/w");
	fr->windows[0].length_us = 100;
	assert_true(run(f) >= 1u);
	assert_reported(f, "/schedule/cpu0", "no partition runs on CPU 0");
}

/* ---- names: the packer's rules, applied at boot ------------------------ */

/* A package made by another tool (or corrupted) is refused at boot with
 * the message shikiri-pack gives for the same name. */
static void packed_partition_name_of_bad_syntax(void **state)
{
	struct fixture *f = F(state);

	snprintf(ALPHA(f)->name, sizeof(ALPHA(f)->name), "Alpha");
	expect_one(f, "/partitions/alpha",
		   "invalid partition name \"Alpha\": use a lower-case letter, then lower-case letters, digits, '_' or '-'");
}

static void packed_partition_name_with_unit_address(void **state)
{
	struct fixture *f = F(state);

	snprintf(BETA(f)->name, sizeof(BETA(f)->name), "beta@1");
	expect_one(f, "/partitions/beta", "invalid partition name \"beta@1\"");
}

static void packed_partition_name_unterminated(void **state)
{
	struct fixture *f = F(state);

	memset(ALPHA(f)->name, 'a', sizeof(ALPHA(f)->name));
	expect_one(f, "/partitions/alpha",
		   "partition name is unterminated: at most 15 characters");
}

/* What reaches the boot log is printable. */
static void packed_partition_name_control_bytes_are_masked(void **state)
{
	struct fixture *f = F(state);

	snprintf(ALPHA(f)->name, sizeof(ALPHA(f)->name), "al\x1b[2Jpha");
	expect_one(f, "/partitions/alpha",
		   "invalid partition name \"al?[2Jpha\"");
}

static void packed_duplicate_partition_names(void **state)
{
	struct fixture *f = F(state);

	snprintf(BETA(f)->name, sizeof(BETA(f)->name), "alpha");
	expect_one(f, "/partitions/beta",
		   "duplicate partition name \"alpha\": /partitions/alpha has it already");
}

static void unknown_console_and_policy_values(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->console = 7;
	BETA(f)->fault_policy = 9;
	assert_int_equal(run(f), 2);
	assert_reported(f, "/partitions/alpha", "unknown console kind 7");
	assert_reported(f, "/partitions/beta", "unknown fault policy 9");
}

/* ---- manager and watchdog -------------------------------------------- */

/* 10 ms .. 1 hour; 0 (or the property absent) means no watchdog. */
static void watchdog_ms_below_10_is_refused(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->watchdog_ms = 5;
	expect_one(f, "/partitions/alpha",
		   "watchdog-ms 5 is outside 10..3600000 (0 or absent: no watchdog)");
}

static void watchdog_ms_above_an_hour_is_refused(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->watchdog_ms = 3600001;
	expect_one(f, "/partitions/beta", "watchdog-ms 3600001 is outside 10..3600000");
}

static void watchdog_ms_limits_and_0_are_accepted(void **state)
{
	static const uint32_t ok[] = { 0, 10, 500, 3600000 };
	struct fixture *f = F(state);

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		ALPHA(f)->watchdog_ms = ok[i];
		BETA(f)->watchdog_ms = ok[i];
		if (run(f) != 0) {
			dump(f);
			fail_msg("watchdog-ms %u refused", ok[i]);
		}
	}
}

static void manager_flag_other_than_0_or_1_is_refused(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->manager = 2;
	expect_one(f, "/partitions/beta", "manager flag 2 is not 0 or 1");
}

static void manager_flag_1_is_accepted(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->manager = 1;
	assert_int_equal(run(f), 0);
}

/* ---- memory regions ---------------------------------------------------- */

static void region_phys_misaligned(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->regions[0].phys = 0x41000800;
	expect_one(f, "/partitions/alpha/memory/ram",
		   "phys 0x41000800 is misaligned");
}

static void region_guest_misaligned(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].guest = 0x80000010;
	expect_one(f, "/partitions/beta/memory/data",
		   "guest 0x80000010 is misaligned");
}

static void region_size_misaligned(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].size = 0x100001;
	expect_one(f, "/partitions/beta/memory/data",
		   "size 0x100001 is misaligned");
}

static void region_size_zero(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].size = 0;
	expect_one(f, "/partitions/beta/memory/data", "size is 0");
}

static void region_wraps_past_2_pow_64(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].phys = 0xfffffffffff00000ull;
	BETA(f)->regions[1].size = 0x200000;
	expect_one(f, "/partitions/beta/memory/data", "overflows 64 bits");
}

static void region_outside_ram(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].phys = 0x80000000;
	expect_one(f, "/partitions/beta/memory/data",
		   "physical range 0x80000000-0x800fffff is not inside one RAM bank");
}

static void region_across_two_adjacent_banks(void **state)
{
	struct fixture *f = F(state);

	/* Split the RAM into two adjacent banks: a region across the seam
	 * is refused, as the hypervisor maps regions one bank at a time. */
	f->cfg.ram_bank_count = 2;
	f->cfg.ram[0].size = 0x20000000;
	f->cfg.ram[1].base = 0x60000000;
	f->cfg.ram[1].size = 0x20000000;
	config_platform_from_config(&f->cfg, &f->plat);
	BETA(f)->regions[1].phys = 0x5ff00000;
	BETA(f)->regions[1].size = 0x200000;
	expect_one(f, "/partitions/beta/memory/data", "not inside one RAM bank");
}

static void region_overlaps_hypervisor_memory(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->regions[0].phys = 0x40800000;
	expect_one(f, "/partitions/alpha/memory/ram",
		   "overlaps the hypervisor's memory /hypervisor (0x40000000-0x40ffffff)");
}

static void region_guest_beyond_ipa_limit(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].guest = 0x7fffff0000ull;
	BETA(f)->regions[1].size = 0x100000;
	expect_one(f, "/partitions/beta/memory/data",
		   "exceeds the 39-bit guest-physical space");
}

static void region_overlaps_region_of_other_partition(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[0].phys = 0x41800000;
	expect_one(f, "/partitions/beta/memory/ram",
		   "physical range 0x41800000-0x437fffff overlaps /partitions/alpha/memory/ram (0x41000000-0x41ffffff)");
}

static void region_overlaps_region_of_same_partition(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].phys = 0x43f00000;
	BETA(f)->regions[1].size = 0x200000;
	expect_one(f, "/partitions/beta/memory/data",
		   "overlaps /partitions/beta/memory/ram");
}

static void region_guest_overlap_in_partition(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].guest = 0x41f00000;
	expect_one(f, "/partitions/beta/memory/data",
		   "guest range 0x41f00000-0x41ffffff overlaps /partitions/beta/memory/ram");
}

static void region_invalid_access_bits(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->regions[1].access = SK_ACCESS_WRITE;
	expect_one(f, "/partitions/beta/memory/data", "invalid access bits");
}

/* ---- devices ----------------------------------------------------------- */

static void device_misaligned(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].phys = 0x09040800;
	expect_one(f, "/partitions/alpha/devices/uart", "misaligned");
}

static void device_inside_ram(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].phys = 0x50000000;
	expect_one(f, "/partitions/alpha/devices/uart",
		   "MMIO range 0x50000000-0x50000fff is inside RAM");
}

static void device_overlaps_reserved_mmio(void **state)
{
	struct fixture *f = F(state);

	f->plat.reserved_count = 2;
	f->plat.reserved[0] = (struct sk_cfg_range){ 0x09000000, 0x1000 };
	f->plat.reserved_names[0] = "the console UART";
	f->plat.reserved[1] = (struct sk_cfg_range){ 0x08000000, 0x10000 };
	f->plat.reserved_names[1] = "the GIC distributor";
	ALPHA(f)->devices[0].phys = 0x08000000;
	expect_one(f, "/partitions/alpha/devices/uart",
		   "overlaps the GIC distributor (0x8000000-0x800ffff), which the hypervisor keeps for itself");
}

static void device_overlaps_device_of_other_partition(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &BETA(f)->devices[0];

	BETA(f)->device_count = 1;
	d->phys = 0x09040000;
	d->guest = 0x09000000;
	d->size = 0x1000;
	d->dma = SK_DMA_NONE;
	set_path(d->path, "/partitions/beta/devices/uart");
	expect_one(f, "/partitions/beta/devices/uart",
		   "overlaps /partitions/alpha/devices/uart");
}

static void device_guest_overlaps_region(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].guest = 0x40ff0000;
	expect_one(f, "/partitions/alpha/devices/uart",
		   "guest range 0x40ff0000-0x40ff0fff overlaps /partitions/alpha/memory/ram");
}

static void device_guest_beyond_ipa_limit(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].guest = SK_GUEST_PA_LIMIT;
	expect_one(f, "/partitions/alpha/devices/uart", "39-bit");
}

static void irq_not_an_spi(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	d->irq_count = 3;
	d->irqs[1] = 27;   /* a PPI */
	d->irqs[2] = 256;  /* beyond what the virtual GIC implements */
	assert_int_equal(run(f), 2);
	assert_reported(f, d->path, "interrupt 27 is not an SPI (32..255)");
	assert_reported(f, d->path, "interrupt 256 is not an SPI");
}

static void irq_boundaries_are_spis(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	d->irq_count = 2;
	d->irqs[0] = 32;
	d->irqs[1] = SK_MAX_SPI_INTID;
	assert_int_equal(run(f), 0);
}

static void irq_of_the_virtual_pl011_is_refused(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	ALPHA(f)->console = SK_CONSOLE_PL011;
	d->irqs[0] = SK_GUEST_UART_INTID;
	/* The fixture's device also sits at the virtual PL011's address. */
	assert_true(run(f) >= 1);
	assert_reported(f, d->path, "interrupt 33 is the partition's virtual PL011's");
}

static void irq_of_the_hypervisor_uart_is_refused(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	f->plat.uart_irq = 33;
	d->irqs[0] = 33;
	expect_one(f, d->path, "interrupt 33 belongs to the hypervisor's UART");
}

static void irq_of_the_smmu_is_refused(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	/* All four (eventq, priq, cmdq-sync, gerror), not only the two
	 * the hypervisor takes. */
	for (uint32_t i = 0; i < SK_SMMU_IRQS; i++)
		f->plat.smmu_irqs[i] = 106u + i;
	for (uint32_t i = 0; i < SK_SMMU_IRQS; i++) {
		char want[120];

		d->irqs[0] = 106u + i;
		(void)snprintf(want, sizeof(want),
			       "interrupt %u belongs to the SMMUv3, which the hypervisor keeps with all its interrupts",
			       106u + i);
		expect_one(f, d->path, want);
	}
}

/* An SPI the board's GIC does not implement (GICD_TYPER) would never
 * arrive: refused at boot, unknown (0) in the host tool. */
static void irq_beyond_the_board_gic_is_refused(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	d->irqs[0] = 250;
	assert_int_equal(run(f), 0);
	f->plat.last_spi = 191;
	d->irqs[0] = 191;
	assert_int_equal(run(f), 0);
	d->irqs[0] = 192;
	expect_one(f, d->path,
		   "interrupt 192 is not on the board: its GIC has SPIs 32..191");
}

static void memory_over_the_virtual_gic_is_refused(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->regions[0].guest = SK_GUEST_GIC_BASE;
	/* Its images no longer fit either; the GIC overlap must be named. */
	assert_true(run(f) >= 1);
	assert_reported(f, ALPHA(f)->regions[0].path, "overlaps the virtual GIC");
}

static void irq_twice_in_one_device(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &ALPHA(f)->devices[0];

	d->irq_count = 2;
	d->irqs[1] = 40;
	expect_one(f, d->path, "interrupt 40 is given twice");
}

static void irq_in_two_partitions(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &BETA(f)->devices[0];

	BETA(f)->device_count = 1;
	d->phys = 0x0a000000;
	d->guest = 0x0a000000;
	d->size = 0x1000;
	d->irq_count = 1;
	d->irqs[0] = 40;
	d->dma = SK_DMA_NONE;
	set_path(d->path, "/partitions/beta/devices/net");
	expect_one(f, "/partitions/beta/devices/net",
		   "interrupt 40 is already assigned to /partitions/alpha/devices/uart");
}

/* ---- images ------------------------------------------------------------ */

static void partition_without_kernel(void **state)
{
	struct fixture *f = F(state);

	/* Keep only the dtb. */
	ALPHA(f)->images[0] = ALPHA(f)->images[1];
	ALPHA(f)->image_count = 1;
	expect_one(f, "/partitions/alpha", "no kernel image");
}

static void two_images_of_one_role(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->images[1].role = SK_IMAGE_KERNEL;
	expect_one(f, "/partitions/alpha/images/dtb",
		   "second kernel image: /partitions/alpha/images/kernel is one already");
}

static void image_of_size_zero(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->images[1].size = 0;
	expect_one(f, "/partitions/alpha/images/dtb", "empty");
}

static void image_oversized(void **state)
{
	struct fixture *f = F(state);

	/* beta's RAM is 32 MiB from guest 0x40000000; load at +16 MiB. */
	BETA(f)->images[0].load = 0x41000000;
	BETA(f)->images[0].size = 0x01000001;
	expect_one(f, "/partitions/beta/images/kernel",
		   "image is oversized: 16777217 bytes, but only 16777216 bytes are left in /partitions/beta/memory/ram");
}

static void image_outside_every_region(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->images[0].load = 0x90000000;
	expect_one(f, "/partitions/beta/images/kernel",
		   "load address 0x90000000 is not inside any memory region of /partitions/beta");
}

static void images_overlap(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->images[1].load = 0x4000f000;
	expect_one(f, "/partitions/alpha/images/dtb",
		   "overlaps image /partitions/alpha/images/kernel");
}

static void kernel_in_non_executable_region(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->images[0].load = 0x80000000;
	expect_one(f, "/partitions/beta/images/kernel", "not executable");
}

static void unknown_image_role(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->images[1].role = 3;
	expect_one(f, "/partitions/alpha/images/dtb", "unknown image role 3");
}

/* ---- /hypervisor and /platform ------------------------------------------ */

static void hypervisor_memory_outside_ram(void **state)
{
	struct fixture *f = F(state);

	f->cfg.hypervisor.base = 0x30000000;
	expect_one(f, "/hypervisor",
		   "memory 0x30000000-0x30ffffff is not inside one RAM bank");
}

static void hypervisor_memory_misaligned(void **state)
{
	struct fixture *f = F(state);

	f->cfg.hypervisor.base = 0x40000800;
	expect_one(f, "/hypervisor", "memory base 0x40000800 is misaligned");
}

static void ram_banks_overlap(void **state)
{
	struct fixture *f = F(state);

	f->cfg.ram_bank_count = 2;
	f->cfg.ram[1].base = 0x7ff00000;
	f->cfg.ram[1].size = 0x00200000;
	config_platform_from_config(&f->cfg, &f->plat);
	expect_one(f, "/platform",
		   "RAM bank 0x7ff00000-0x800fffff overlaps RAM bank (0x40000000-0x7fffffff)");
}

static void ram_bank_misaligned(void **state)
{
	struct fixture *f = F(state);

	f->cfg.ram_bank_count = 2;
	f->cfg.ram[1].base = 0x100000800ull;
	f->cfg.ram[1].size = 0x1000;
	config_platform_from_config(&f->cfg, &f->plat);
	expect_one(f, "/platform", "RAM bank base 0x100000800 is misaligned");
}

static void bad_header(void **state)
{
	struct fixture *f = F(state);

	f->cfg.magic = 0x12345678;
	f->cfg.version = 2;
	assert_int_equal(run(f), 2);
	assert_reported(f, "/", "magic 0x12345678");
	assert_reported(f, "/", "version 2 is not supported");
}

/* ---- DMA honesty (config_check_dma.c) ------------------------------------ */

/* Alpha's uart becomes a bus master and alpha says so, identity-mapped. */
static void make_alpha_unrestricted(struct fixture *f)
{
	ALPHA(f)->devices[0].dma = SK_DMA_CAPABLE;
	ALPHA(f)->dma = SK_PARTITION_DMA_UNRESTRICTED;
	ALPHA(f)->regions[0].guest = ALPHA(f)->regions[0].phys;
	ALPHA(f)->images[0].load = 0x41000000;
	ALPHA(f)->images[1].load = 0x41f00000;
}

static void dma_capable_device_in_unrestricted_identity_partition(void **state)
{
	struct fixture *f = F(state);

	make_alpha_unrestricted(f);
	assert_int_equal(run(f), 0);
}

static void device_without_dma_statement(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].dma = SK_DMA_UNSTATED;
	expect_one(f, "/partitions/alpha/devices/uart",
		   "device does not say whether it can do DMA: add dma = \"capable\";");
}

static void device_dma_value_unknown(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].dma = 7;
	expect_one(f, "/partitions/alpha/devices/uart", "unknown dma value 7");
}

static void dma_capable_device_without_unrestricted(void **state)
{
	struct fixture *f = F(state);

	make_alpha_unrestricted(f);
	ALPHA(f)->dma = SK_PARTITION_DMA_NONE;
	expect_one(f, "/partitions/alpha",
		   "device /partitions/alpha/devices/uart can do DMA and lists no SMMU streams, so it reaches all memory: give it streams = <FIRST COUNT>; (its stream IDs behind the SMMU), or the partition must say dma = \"unrestricted\";");
}

static void dma_unrestricted_region_not_identity_mapped(void **state)
{
	struct fixture *f = F(state);

	/* The baseline maps phys 0x41000000 at guest 0x40000000. */
	ALPHA(f)->devices[0].dma = SK_DMA_CAPABLE;
	ALPHA(f)->dma = SK_PARTITION_DMA_UNRESTRICTED;
	expect_one(f, "/partitions/alpha/memory/ram",
		   "guest 0x40000000 is not phys 0x41000000: a partition with a DMA-capable device (/partitions/alpha/devices/uart) must be identity-mapped");
}

static void dma_unrestricted_second_region_not_identity_mapped(void **state)
{
	struct fixture *f = F(state);

	make_alpha_unrestricted(f);
	add_region(ALPHA(f), "/partitions/alpha/memory/data", 0x45000000,
		   0x60000000, 0x100000, RW);
	expect_one(f, "/partitions/alpha/memory/data",
		   "guest 0x60000000 is not phys 0x45000000");
}

static void dma_unrestricted_without_capable_device(void **state)
{
	struct fixture *f = F(state);

	make_alpha_unrestricted(f);
	ALPHA(f)->devices[0].dma = SK_DMA_NONE;
	expect_one(f, "/partitions/alpha",
		   "dma = \"unrestricted\" but none of its devices says dma = \"capable\": remove it");
}

static void partition_dma_value_unknown(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->dma = 5;
	expect_one(f, "/partitions/beta", "unknown partition dma value 5");
}

static void dma_unrestricted_is_per_partition(void **state)
{
	struct fixture *f = F(state);

	/* Beta's regions are not identity-mapped and need not be. */
	make_alpha_unrestricted(f);
	assert_int_not_equal(BETA(f)->regions[0].guest, BETA(f)->regions[0].phys);
	assert_int_equal(run(f), 0);
}

/* ---- SMMU streams (config_check_dma.c) ----------------------------------- */

/* A DMA-capable device of beta behind the SMMU: streams <first count>. */
static struct sk_cfg_device *add_stream_device(struct sk_cfg_partition *p,
					       const char *path, uint64_t phys,
					       uint32_t first, uint32_t count)
{
	struct sk_cfg_device *d = &p->devices[p->device_count++];

	d->phys = phys;
	d->guest = phys;
	d->size = 0x1000;
	d->dma = SK_DMA_CAPABLE;
	d->stream_cells = SK_STREAM_CELLS;
	d->streams[0] = first;
	d->streams[1] = count;
	set_path(d->path, path);
	return d;
}

static void streams_confine_a_capable_device(void **state)
{
	struct fixture *f = F(state);

	/* Beta is not identity-mapped and need not be: the SMMU translates
	 * the device's DMA with beta's stage 2. */
	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 2);
	assert_int_equal(run(f), 0);
}

static void streams_checked_against_a_stage2_smmu(void **state)
{
	struct fixture *f = F(state);

	f->plat.smmu = SK_SMMU_STAGE2;
	f->plat.smmu_streams = 256;
	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0xfe, 2);
	assert_int_equal(run(f), 0);
	BETA(f)->devices[0].streams[1] = 3;
	expect_one(f, "/partitions/beta/devices/nic",
		   "streams 0xfe..0x100 are beyond the SMMU's stream table (stream IDs 0x0..0xff)");
}

static void streams_refused_without_smmu(void **state)
{
	struct fixture *f = F(state);

	f->plat.smmu = SK_SMMU_NONE;
	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 1);
	expect_one(f, "/partitions/beta/devices/nic",
		   "streams 0x8..0x8, but this board has no SMMU: its DMA could not be confined");
}

static void streams_refused_on_stage1_only_smmu(void **state)
{
	struct fixture *f = F(state);

	f->plat.smmu = SK_SMMU_STAGE1_ONLY;
	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 1);
	expect_one(f, "/partitions/beta/devices/nic",
		   "this board's SMMU has no stage 2");
}

static void streams_on_device_without_dma(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 1)->dma = SK_DMA_NONE;
	expect_one(f, "/partitions/beta/devices/nic",
		   "streams on a device that does no DMA (dma = \"none\")");
}

static void streams_count_zero(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 0);
	expect_one(f, "/partitions/beta/devices/nic",
		   "streams = <0x8 0>: COUNT must be at least 1");
}

static void streams_one_cell(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 1)->stream_cells = 1;
	assert_reported_after_run(f, "/partitions/beta/devices/nic",
				  "streams has 1 cells: write streams = <FIRST COUNT>;");
}

static void streams_past_the_last_id(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0xffffffffu, 2);
	assert_reported_after_run(f, "/partitions/beta/devices/nic",
				  "streams = <0xffffffff 0x2> runs past stream ID 0xffffffff");
}

static void streams_last_id_is_fine(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0xffffffffu, 1);
	assert_int_equal(run(f), 0);
}

static void streams_unique_across_partitions(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->devices[0].dma = SK_DMA_CAPABLE;
	ALPHA(f)->devices[0].stream_cells = SK_STREAM_CELLS;
	ALPHA(f)->devices[0].streams[0] = 0x8;
	ALPHA(f)->devices[0].streams[1] = 2;
	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x9, 4);
	expect_one(f, "/partitions/beta/devices/nic",
		   "streams 0x9..0xc overlap those of /partitions/alpha/devices/uart (0x8..0x9): a stream ID belongs to one device");
}

static void streams_unique_within_a_partition(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x10, 1);
	add_stream_device(BETA(f), "/partitions/beta/devices/disk", 0x0a001000,
			  0x8, 9);
	expect_one(f, "/partitions/beta/devices/disk",
		   "streams 0x8..0x10 overlap those of /partitions/beta/devices/nic (0x10..0x10)");
}

static void streams_adjacent_ranges_are_fine(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x10, 1);
	add_stream_device(BETA(f), "/partitions/beta/devices/disk", 0x0a001000,
			  0x8, 8);
	add_stream_device(BETA(f), "/partitions/beta/devices/usb", 0x0a002000,
			  0x11, 1);
	assert_int_equal(run(f), 0);
}

/* A PCIe host's functions belong to the partition that owns its ECAM:
 * its owner may list their streams, no one else (the owner could drive
 * another's function, whose DMA would be translated, and charged, as the
 * other's); outside the host's stream IDs anyone may. */
static void streams_of_a_host_belong_to_its_ecam_owner(void **state)
{
	struct fixture *f = F(state);

	f->plat.pcie_ecam.base = 0x0b000000;
	f->plat.pcie_ecam.size = 0x100000;
	f->plat.pcie_streams[1][0] = 0x0;
	f->plat.pcie_streams[1][1] = 0x100;
	add_stream_device(BETA(f), "/partitions/beta/devices/ecam", 0x0b000000,
			  0x8, 1);
	assert_int_equal(run(f), 0);
	/* alpha lists 00:03.0's stream: refused, naming the owner */
	add_stream_device(ALPHA(f), "/partitions/alpha/devices/nic", 0x0a000000,
			  0x18, 1);
	expect_one(f, "/partitions/alpha/devices/nic",
		   "streams 0x18..0x18 are functions of the PCIe host whose configuration space (ECAM 0xb000000) partition 'beta' owns: a host's functions belong to the partition that owns its ECAM");
	/* a stream outside the host's IDs is alpha's to list */
	ALPHA(f)->devices[ALPHA(f)->device_count - 1u].streams[0] = 0x100;
	assert_int_equal(run(f), 0);
}

static void streams_of_a_host_nobody_owns_are_refused(void **state)
{
	struct fixture *f = F(state);

	f->plat.pcie_ecam.base = 0x0b000000;
	f->plat.pcie_ecam.size = 0x100000;
	f->plat.pcie_streams[0][0] = 0x0;
	f->plat.pcie_streams[0][1] = 0x10000;
	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0xff, 2);
	expect_one(f, "/partitions/beta/devices/nic",
		   "streams 0xff..0x100 are functions of the PCIe host whose configuration space (ECAM 0xb000000) no partition owns: a host's functions belong to the partition that owns its ECAM");
}

static void unrestricted_with_only_confined_devices(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 1);
	BETA(f)->dma = SK_PARTITION_DMA_UNRESTRICTED;
	expect_one(f, "/partitions/beta",
		   "dma = \"unrestricted\" but every DMA-capable device lists SMMU streams, which confine it: remove it");
}

static void unrestricted_names_the_unconfined_device(void **state)
{
	struct fixture *f = F(state);

	add_stream_device(BETA(f), "/partitions/beta/devices/nic", 0x0a000000,
			  0x8, 1);
	add_stream_device(BETA(f), "/partitions/beta/devices/dma", 0x0a001000,
			  0, 0)->stream_cells = 0;
	BETA(f)->dma = SK_PARTITION_DMA_UNRESTRICTED;
	assert_int_equal(run(f), 2); /* both beta regions */
	assert_reported(f, "/partitions/beta/memory/ram",
			"a partition with a DMA-capable device (/partitions/beta/devices/dma) must be identity-mapped");
}

static void dma_fault_values(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->dma_fault = SK_DMA_FAULT_FAULT_POLICY;
	assert_int_equal(run(f), 0);
	BETA(f)->dma_fault = 2;
	expect_one(f, "/partitions/beta", "unknown dma-fault value 2");
}

/* ---- hostile package contents -------------------------------------------- */

static void counts_beyond_arrays_are_clamped(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->device_count = SK_MAX_DEVICES + 5;
	ALPHA(f)->devices[0].irq_count = 1000;
	/* Unused device slots are all-zero: each is reported as malformed,
	 * but nothing is read past the arrays (run under ASan/valgrind to
	 * see it). */
	assert_true(run(f) >= 2);
	assert_reported(f, "/partitions/alpha", "13 devices, at most 8");
	assert_reported(f, "/partitions/alpha/devices/uart",
			"1000 interrupts, at most 8");
}

static void unterminated_path_is_cut_at_its_field(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_region *r = &BETA(f)->regions[1];

	memset(r->path, 'x', sizeof(r->path)); /* no NUL */
	r->size = 0;
	assert_int_equal(run(f), 1);
	/* The whole field, and not a byte past it. */
	assert_int_equal(strlen(f->rep.r[0].path), SK_PATH_MAX);
	assert_non_null(strstr(f->rep.r[0].msg, "size is 0"));
}

/* ---- several errors at once ------------------------------------------- */

static void several_errors_are_all_reported(void **state)
{
	struct fixture *f = F(state);

	ALPHA(f)->cpus[0] = 6;                       /* not present */
	BETA(f)->regions[0].phys = 0x41800000;       /* overlaps alpha */
	ALPHA(f)->devices[0].irqs[0] = 16;           /* a PPI */
	BETA(f)->images[0].load = 0x90000000;        /* outside regions */
	assert_int_equal(run(f), 4);
	assert_reported(f, "/partitions/alpha", "CPU 6 is not present");
	assert_reported(f, "/partitions/beta/memory/ram",
			"overlaps /partitions/alpha/memory/ram");
	assert_reported(f, "/partitions/alpha/devices/uart",
			"interrupt 16 is not an SPI");
	assert_reported(f, "/partitions/beta/images/kernel",
			"not inside any memory region");
}

/* ---- boot-time facts: the real board differs from /platform ------------ */

/* What the configuration alone decides is the packer's (its full check
 * wrote the package's check mark): the boot check does not repeat it, and
 * still finds what only the board can tell. */
static void board_check_leaves_the_configuration_to_the_packer(void **state)
{
	struct fixture *f = F(state);

	snprintf(BETA(f)->name, sizeof(BETA(f)->name), "alpha");
	BETA(f)->regions[0].phys = ALPHA(f)->regions[0].phys;
	ALPHA(f)->watchdog_ms = 1u;
	assert_true(config_check(&f->cfg, &f->plat, NULL, NULL) >= 3u);
	f->board_only = true;
	assert_int_equal(run(f), 0);
	f->plat.cpu_count = 1;
	assert_true(run(f) >= 1u);
	assert_reported(f, "/partitions/beta",
			"is not present: the board has 1 CPUs");
}

static void board_has_fewer_cpus(void **state)
{
	struct fixture *f = F(state);

	f->plat.cpu_count = 2;
	assert_int_equal(run(f), 2);
	assert_reported(f, "/partitions/beta",
			"CPU 2 is not present: the board has 2 CPUs");
	assert_reported(f, "/partitions/beta",
			"CPU 3 is not present: the board has 2 CPUs");
}

static void board_has_less_ram(void **state)
{
	struct fixture *f = F(state);

	f->plat.ram[0].size = 0x20000000;
	expect_one(f, "/platform",
		   "RAM bank 0x40000000-0x7fffffff is not present on the board, which has RAM 0x40000000-0x5fffffff");
}

/* /platform gic-version: what the guests' trees describe, against the
 * board's GIC at boot. */
static void gic_version_of_another_board_is_refused(void **state)
{
	struct fixture *f = F(state);

	f->cfg.gic_version = 3;
	f->plat.gic_version = 2;
	expect_one(f, "/platform",
		   "gic-version is 3, but the board's GIC is a GICv2");
}

static void gic_version_of_this_board_is_fine(void **state)
{
	struct fixture *f = F(state);

	f->cfg.gic_version = 2;
	f->plat.gic_version = 2;
	assert_int_equal(run(f), 0);
}

static void gic_version_not_2_or_3_is_refused(void **state)
{
	struct fixture *f = F(state);

	f->cfg.gic_version = 4;
	expect_one(f, "/platform", "gic-version 4: must be 2 (GICv2) or 3 (GICv3)");
}

static void board_ram_in_two_banks_covering_config_is_fine(void **state)
{
	struct fixture *f = F(state);

	f->plat.ram_bank_count = 2;
	f->plat.ram[0] = (struct sk_cfg_range){ 0x0, 0x1000 };
	f->plat.ram[1] = (struct sk_cfg_range){ 0x40000000, 0x80000000 };
	assert_int_equal(run(f), 0);
}

static void device_on_board_ram_not_in_config(void **state)
{
	struct fixture *f = F(state);

	/* The board has RAM the configuration does not mention; a device
	 * there is still refused. */
	f->plat.ram_bank_count = 2;
	f->plat.ram[1] = (struct sk_cfg_range){ 0x100000000ull, 0x40000000 };
	ALPHA(f)->devices[0].phys = 0x100000000ull;
	expect_one(f, "/partitions/alpha/devices/uart", "inside RAM");
}

static void running_hypervisor_outside_its_memory(void **state)
{
	struct fixture *f = F(state);

	f->plat.hypervisor_image = (struct sk_cfg_range){ 0x7ff00000, 0x10000 };
	expect_one(f, "/hypervisor",
		   "the running hypervisor image 0x7ff00000-0x7ff0ffff is not inside its memory 0x40000000-0x40ffffff");
}

static void running_hypervisor_inside_its_memory(void **state)
{
	struct fixture *f = F(state);

	f->plat.hypervisor_image = (struct sk_cfg_range){ 0x40080000, 0x200000 };
	assert_int_equal(run(f), 0);
}

static void region_overlaps_running_hypervisor_image(void **state)
{
	struct fixture *f = F(state);

	/* The loader put the hypervisor where alpha's RAM is: both the
	 * misplacement and the collision are reported. */
	f->plat.hypervisor_image = (struct sk_cfg_range){ 0x41000000, 0x100000 };
	assert_int_equal(run(f), 2);
	assert_reported(f, "/hypervisor", "is not inside its memory");
	assert_reported(f, "/partitions/alpha/memory/ram",
			"overlaps the running hypervisor image (0x41000000-0x410fffff)");
}


/* ---- channels and the policy ------------------------------------------------
 * A channel "link" of 64 KiB at phys 0x50000000 between alpha (guest
 * 0x50000000, doorbell 48) and beta (guest 0x90000000, doorbell 49), both
 * read/write/notify. Policy labels: control, infotainment, diag; conflict
 * set "vendors" = { control, infotainment }.
 */
#define CH_PHYS 0x50000000ull
#define CH_SIZE 0x10000ull
#define ALL_RIGHTS (SK_RIGHT_READ | SK_RIGHT_WRITE | SK_RIGHT_NOTIFY)

static void set_label(struct sk_cfg_label *l, const char *name)
{
	snprintf(l->name, sizeof(l->name), "%s", name);
}

static struct sk_cfg_channel *add_channel(struct sk_config *cfg,
					  const char *name, uint64_t phys)
{
	struct sk_cfg_channel *ch = &cfg->channels[cfg->channel_count++];
	static const char *const ends[2] = { "alpha", "beta" };
	static const uint64_t guests[2] = { 0x50000000ull, 0x90000000ull };

	snprintf(ch->name, sizeof(ch->name), "%s", name);
	snprintf(ch->path, sizeof(ch->path), "/channels/%s", name);
	ch->phys = phys;
	ch->size = CH_SIZE;
	ch->endpoint_count = 2;
	for (uint32_t e = 0; e < 2; e++) {
		struct sk_cfg_endpoint *ep = &ch->endpoints[e];

		snprintf(ep->partition, sizeof(ep->partition), "%s", ends[e]);
		snprintf(ep->path, sizeof(ep->path), "/channels/%s/%s", name,
			 ends[e]);
		ep->guest = guests[e];
		ep->rights = ALL_RIGHTS;
		ep->doorbell = 48u + e + 2u * (cfg->channel_count - 1u);
		ep->interface = SK_ENDPOINT_HYPERCALL;
	}
	return ch;
}

static void add_policy(struct sk_config *cfg)
{
	struct sk_cfg_conflict_set *set = &cfg->conflict_sets[0];

	cfg->label_count = 3;
	set_label(&cfg->labels[0], "control");
	set_label(&cfg->labels[1], "infotainment");
	set_label(&cfg->labels[2], "diag");
	cfg->conflict_set_count = 1;
	set_path(set->path, "/policy/conflict-sets/vendors");
	set->label_count = 2;
	set_label(&set->labels[0], "control");
	set_label(&set->labels[1], "infotainment");
}

/* gamma: CPU 0, its own RAM, labelled as asked. */
static struct sk_cfg_partition *add_gamma(struct sk_config *cfg)
{
	struct sk_cfg_partition *g = &cfg->partitions[cfg->partition_count++];

	snprintf(g->name, sizeof(g->name), "gamma");
	set_path(g->path, "/partitions/gamma");
	g->cpu_count = 1;
	g->cpus[0] = 0;
	add_region(g, "/partitions/gamma/memory/ram", 0x46000000, 0x40000000,
		   0x01000000, RWX);
	add_image(g, "/partitions/gamma/images/kernel", SK_IMAGE_KERNEL,
		  0x40000000, 0x10000);
	return g;
}

static void give_label(struct sk_cfg_partition *p, const char *label)
{
	set_label(&p->labels[p->label_count++], label);
}

#define LINK(f) (&(f)->cfg.channels[0])

static int setup_channel(void **state)
{
	int rc = setup(state);

	if (rc == 0) {
		add_channel(&F(state)->cfg, "link", CH_PHYS);
		add_policy(&F(state)->cfg);
	}
	return rc;
}

static void valid_channel_and_policy_have_no_errors(void **state)
{
	struct fixture *f = F(state);

	give_label(ALPHA(f), "control");
	give_label(BETA(f), "diag");
	assert_int_equal(run(f), 0);
}

static void channel_memory_overlapping_a_region(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->phys = 0x41008000;
	expect_one(f, "/channels/link", "overlaps /partitions/alpha/memory/ram");
}

static void channel_memory_overlapping_another_channel(void **state)
{
	struct fixture *f = F(state);

	add_channel(&f->cfg, "other", CH_PHYS + 0x8000)->endpoints[1].guest =
		0x91000000;
	f->cfg.channels[1].endpoints[0].guest = 0x51000000;
	expect_one(f, "/channels/other", "overlaps channel /channels/link");
}

static void channel_memory_overlapping_the_hypervisor(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->phys = HYP_BASE;
	expect_one(f, "/channels/link", "overlaps the hypervisor's memory");
}

static void channel_memory_outside_ram(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->phys = 0x20000000;
	expect_one(f, "/channels/link", "not inside one RAM bank");
}

static void channel_size_not_a_power_of_two(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->size = 0x3000;
	expect_one(f, "/channels/link", "not a power of two");
}

static void channel_to_an_unknown_partition(void **state)
{
	struct fixture *f = F(state);

	snprintf(LINK(f)->endpoints[1].partition, SK_NAME_MAX, "gamma");
	expect_one(f, "/channels/link/beta", "unknown endpoint 'gamma'");
}

static void channel_with_one_endpoint(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoint_count = 1;
	expect_one(f, "/channels/link", "1 endpoint(s)");
}

static void channel_from_a_partition_to_itself(void **state)
{
	struct fixture *f = F(state);

	snprintf(LINK(f)->endpoints[1].partition, SK_NAME_MAX, "alpha");
	LINK(f)->endpoints[1].guest = 0x51000000;
	expect_one(f, "/channels/link/beta", "both endpoints are partition 'alpha'");
}

static void write_without_read_contradicts(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].rights = SK_RIGHT_WRITE | SK_RIGHT_NOTIFY;
	expect_one(f, "/channels/link/alpha", "contradict");
}

static void endpoint_without_rights(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].rights = 0;
	expect_one(f, "/channels/link/alpha", "no rights");
}

static void unknown_rights_bits(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].rights = ALL_RIGHTS | 0x80u;
	expect_one(f, "/channels/link/alpha", "unknown rights bits 0x87");
}

static void channel_nobody_may_write(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].rights = SK_RIGHT_READ;
	LINK(f)->endpoints[1].rights = SK_RIGHT_READ | SK_RIGHT_NOTIFY;
	expect_one(f, "/channels/link", "no endpoint may write");
}

static void doorbell_not_an_spi(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[1].doorbell = 27;
	expect_one(f, "/channels/link/beta", "doorbell 27 is not an SPI");
	LINK(f)->endpoints[1].doorbell = 256;
	expect_one(f, "/channels/link/beta", "doorbell 256 is not an SPI");
}

static void doorbell_clashes_with_a_device_interrupt(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].doorbell = 40; /* alpha's uart */
	expect_one(f, "/channels/link/alpha",
		   "already the interrupt of /partitions/alpha/devices/uart");
}

static void doorbell_clashes_with_the_virtual_pl011(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->console = SK_CONSOLE_PL011;
	LINK(f)->endpoints[1].doorbell = SK_GUEST_UART_INTID;
	expect_one(f, "/channels/link/beta", "virtual PL011");
}

static void doorbell_clashes_with_another_doorbell(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_channel *other = add_channel(&f->cfg, "other", CH_PHYS + CH_SIZE);

	other->endpoints[0].guest = 0x51000000;
	other->endpoints[1].guest = 0x91000000;
	other->endpoints[1].doorbell = 49; /* beta's on link */
	expect_one(f, "/channels/other/beta",
		   "doorbell 49 is already the interrupt of /channels/link/beta");
	/* The same number in another partition is another interrupt. */
	other->endpoints[1].doorbell = 48;
	assert_int_equal(run(f), 0);
}

static void endpoint_guest_range_overlapping_ram(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].guest = 0x40ff0000;
	expect_one(f, "/channels/link/alpha",
		   "overlaps /partitions/alpha/memory/ram");
}

static void pci_endpoint_outside_the_window(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	expect_one(f, "/channels/link/beta", "outside the PCI host bridge's memory window");
}

static void pci_endpoint_not_aligned_to_its_size(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	LINK(f)->endpoints[1].guest = 0x10108000;
	expect_one(f, "/channels/link/beta", "not aligned to the channel's size");
	LINK(f)->endpoints[1].guest = 0x10110000;
	assert_int_equal(run(f), 0);
}

static void pci_endpoint_on_the_register_window(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	LINK(f)->endpoints[1].guest = SK_GUEST_PCI_REGS_BASE;
	expect_one(f, "/channels/link/beta", "register BARs");
}

static void region_over_the_pci_host_of_a_pci_partition(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	LINK(f)->endpoints[1].guest = 0x10100000;
	add_region(BETA(f), "/partitions/beta/memory/low", 0x45000000,
		   SK_GUEST_PCI_ECAM_BASE, 0x1000, RW);
	expect_one(f, "/partitions/beta/memory/low", "PCI host's configuration space");
	/* Without a pci endpoint there is no PCI host to hide. */
	LINK(f)->endpoints[1].interface = SK_ENDPOINT_HYPERCALL;
	LINK(f)->endpoints[1].guest = 0x90000000;
	assert_int_equal(run(f), 0);
}

/* A partition owning a physical PCI host at the virtual host's default
 * place: the error names the device, the virtual range and the property
 * that moves it; moved, the system passes. */
static void device_over_the_virtual_pci_window(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &BETA(f)->devices[0];

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	LINK(f)->endpoints[1].guest = 0x10100000;
	BETA(f)->device_count = 1;
	d->phys = 0x0a000000;
	d->guest = SK_GUEST_PCI_WINDOW_BASE;
	d->size = 0x1000;
	d->dma = SK_DMA_NONE;
	set_path(d->path, "/partitions/beta/devices/pcie");
	expect_one(f, "/partitions/beta/devices/pcie",
		   "overlaps the channel devices' register BARs (0x10000000-0x1000ffff): move them with the partition's virtual-pci-window");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x60000000, 0x01000000 };
	LINK(f)->endpoints[1].guest = 0x60100000;
	assert_int_equal(run(f), 0);
}

static void device_over_the_virtual_pci_ecam(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_device *d = &BETA(f)->devices[0];

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	LINK(f)->endpoints[1].guest = 0x10100000;
	BETA(f)->device_count = 1;
	d->phys = 0x0a000000;
	d->guest = SK_GUEST_PCI_ECAM_BASE;
	d->size = 0x1000;
	d->dma = SK_DMA_NONE;
	set_path(d->path, "/partitions/beta/devices/pcie");
	expect_one(f, "/partitions/beta/devices/pcie",
		   "configuration space (0x3f000000-0x3f0fffff): move it with the partition's virtual-pci-ecam");
	BETA(f)->vpci_ecam = 0x70000000;
	assert_int_equal(run(f), 0);
}

/* The endpoint's memory BAR lies in the partition's own window. */
static void pci_endpoint_outside_the_moved_window(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[1].interface = SK_ENDPOINT_PCI;
	LINK(f)->endpoints[1].guest = 0x10100000;
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x60000000, 0x01000000 };
	expect_one(f, "/channels/link/beta",
		   "outside the PCI host bridge's memory window (0x60000000-0x60ffffff)");
	LINK(f)->endpoints[1].guest = 0x60ff0000;
	assert_int_equal(run(f), 0);
}

static void virtual_pci_window_malformed(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x60008000, 0x01000000 };
	expect_one(f, "/partitions/beta", "virtual-pci-window 0x60008000 size 0x1000000: the base must be 0x10000-aligned");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x60000000, 0x8000 };
	expect_one(f, "/partitions/beta", "at least 0x10000 (the register BARs)");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x60000000, 0 };
	expect_one(f, "/partitions/beta", "virtual-pci-window 0x60000000 size 0x0");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0xfff00000, 0x00200000 };
	expect_one(f, "/partitions/beta", "virtual-pci-window 0xfff00000-0x1000fffff ends above 4 GiB: the channel devices' BARs are 32-bit");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x08000000, 0x00100000 };
	expect_one(f, "/partitions/beta", "virtual-pci-window 0x8000000-0x80fffff overlaps the virtual GIC");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0x3f000000, 0x00200000 };
	expect_one(f, "/partitions/beta", "virtual-pci-window 0x3f000000-0x3f1fffff overlaps the virtual PCI host's configuration space (0x3f000000-0x3f0fffff)");
	BETA(f)->vpci_window = (struct sk_cfg_range){ 0xfff00000, 0x00100000 };
	assert_int_equal(run(f), 0);
}

static void virtual_pci_ecam_malformed(void **state)
{
	struct fixture *f = F(state);

	BETA(f)->vpci_ecam = 0x3f080000;
	expect_one(f, "/partitions/beta", "virtual-pci-ecam 0x3f080000 is not aligned to the ECAM's size 0x100000");
	BETA(f)->vpci_ecam = SK_GUEST_PA_LIMIT;
	expect_one(f, "/partitions/beta", "exceeds the 39-bit guest-physical space");
	BETA(f)->vpci_ecam = 0x08000000;
	expect_one(f, "/partitions/beta", "virtual-pci-ecam 0x8000000-0x80fffff overlaps the virtual GIC");
	BETA(f)->vpci_ecam = 0x10000000; /* in the default window */
	expect_one(f, "/partitions/beta", "virtual-pci-window 0x10000000-0x3efeffff overlaps the virtual PCI host's configuration space (0x10000000-0x100fffff)");
	BETA(f)->vpci_ecam = 0x60000000;
	assert_int_equal(run(f), 0);
}

static void unknown_interface(void **state)
{
	struct fixture *f = F(state);

	LINK(f)->endpoints[0].interface = 7;
	expect_one(f, "/channels/link/alpha", "unknown interface 7");
}

static void packed_channel_name_of_bad_syntax(void **state)
{
	struct fixture *f = F(state);

	snprintf(LINK(f)->name, sizeof(LINK(f)->name), "Link");
	expect_one(f, "/channels/link", "invalid channel name \"Link\"");
}

static void packed_channel_name_empty(void **state)
{
	struct fixture *f = F(state);

	memset(LINK(f)->name, 0, sizeof(LINK(f)->name));
	expect_one(f, "/channels/link", "invalid channel name \"\"");
}

static void duplicate_channel_names(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_channel *other = add_channel(&f->cfg, "link", CH_PHYS + CH_SIZE);

	other->endpoints[0].guest = 0x51000000;
	other->endpoints[1].guest = 0x91000000;
	expect_one(f, "/channels/link", "channel name 'link' is used twice");
}

static void label_not_declared(void **state)
{
	struct fixture *f = F(state);

	give_label(ALPHA(f), "safety");
	expect_one(f, "/partitions/alpha", "label 'safety' is not declared");
}

static void label_declared_twice(void **state)
{
	struct fixture *f = F(state);

	set_label(&f->cfg.labels[2], "control");
	expect_one(f, "/policy", "label 'control' is declared twice");
}

static void conflict_set_of_one_label(void **state)
{
	struct fixture *f = F(state);

	f->cfg.conflict_sets[0].label_count = 1;
	expect_one(f, "/policy/conflict-sets/vendors", "at least two labels");
}

static void conflict_set_with_an_undeclared_label(void **state)
{
	struct fixture *f = F(state);

	set_label(&f->cfg.conflict_sets[0].labels[1], "radio");
	expect_one(f, "/policy/conflict-sets/vendors", "label 'radio' is not declared");
}

static void partition_carrying_two_conflicting_labels(void **state)
{
	struct fixture *f = F(state);

	give_label(ALPHA(f), "control");
	give_label(ALPHA(f), "infotainment");
	expect_one(f, "/partitions/alpha", "labels 'control' and 'infotainment' conflict");
}

static void channel_between_conflicting_types(void **state)
{
	struct fixture *f = F(state);

	give_label(ALPHA(f), "control");
	give_label(BETA(f), "infotainment");
	expect_one(f, "/channels/link", "conflicting types 'control' and 'infotainment'");
	/* The same type on both sides is no conflict. */
	set_label(&BETA(f)->labels[0], "control");
	assert_int_equal(run(f), 0);
}

/* beta, unlabelled, would carry between control (alpha) and infotainment
 * (gamma): the wall holds through a third partition too. */
static void channels_bridging_conflicting_types(void **state)
{
	struct fixture *f = F(state);
	struct sk_cfg_partition *g = add_gamma(&f->cfg);
	struct sk_cfg_channel *bridge = add_channel(&f->cfg, "bridge", CH_PHYS + CH_SIZE);

	give_label(ALPHA(f), "control");
	give_label(g, "infotainment");
	snprintf(bridge->endpoints[0].partition, SK_NAME_MAX, "gamma");
	snprintf(bridge->endpoints[0].path, SK_PATH_MAX, "/channels/bridge/gamma");
	bridge->endpoints[1].guest = 0x91000000;
	expect_one(f, "/channels/bridge",
		   "partition 'beta' would reach types 'control' (through /channels/link) and 'infotainment'");
	/* A bridge to the same type is fine. */
	set_label(&g->labels[0], "control");
	assert_int_equal(run(f), 0);
}

/* Names in the package are not trusted: an unterminated one is an error,
 * not a read past its field. */
static void unterminated_endpoint_name(void **state)
{
	struct fixture *f = F(state);

	memset(LINK(f)->endpoints[1].partition, 'b', SK_NAME_MAX);
	assert_true(run(f) >= 1u);
	assert_reported(f, "/channels/link/beta", "unknown endpoint 'bbbbbbbbbbbbbbbb'");
}

static void too_many_channels(void **state)
{
	struct fixture *f = F(state);

	f->cfg.channel_count = SK_MAX_CHANNELS + 1u;
	assert_true(run(f) >= 1u);
	assert_reported(f, "/channels", "9 channels, at most 8");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
#define TC(fn) cmocka_unit_test_setup_teardown(fn, setup_channel, teardown)
#define TB(fn) cmocka_unit_test_setup_teardown(fn, setup_board, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(valid_baseline_has_no_errors),
		TC(valid_channel_and_policy_have_no_errors),
		T(packed_partition_name_of_bad_syntax),
		T(packed_partition_name_with_unit_address),
		T(packed_partition_name_unterminated),
		T(packed_partition_name_control_bytes_are_masked),
		T(packed_duplicate_partition_names),
		TC(packed_channel_name_of_bad_syntax),
		TC(packed_channel_name_empty),
		TC(channel_memory_overlapping_a_region),
		TC(channel_memory_overlapping_another_channel),
		TC(channel_memory_overlapping_the_hypervisor),
		TC(channel_memory_outside_ram),
		TC(channel_size_not_a_power_of_two),
		TC(channel_to_an_unknown_partition),
		TC(channel_with_one_endpoint),
		TC(channel_from_a_partition_to_itself),
		TC(write_without_read_contradicts),
		TC(endpoint_without_rights),
		TC(unknown_rights_bits),
		TC(channel_nobody_may_write),
		TC(doorbell_not_an_spi),
		TC(doorbell_clashes_with_a_device_interrupt),
		TC(doorbell_clashes_with_the_virtual_pl011),
		TC(doorbell_clashes_with_another_doorbell),
		TC(endpoint_guest_range_overlapping_ram),
		TC(pci_endpoint_outside_the_window),
		TC(pci_endpoint_not_aligned_to_its_size),
		TC(pci_endpoint_on_the_register_window),
		TC(device_over_the_virtual_pci_window),
		TC(device_over_the_virtual_pci_ecam),
		TC(pci_endpoint_outside_the_moved_window),
		TC(virtual_pci_window_malformed),
		TC(virtual_pci_ecam_malformed),
		TC(region_over_the_pci_host_of_a_pci_partition),
		TC(unknown_interface),
		TC(duplicate_channel_names),
		TC(label_not_declared),
		TC(label_declared_twice),
		TC(conflict_set_of_one_label),
		TC(conflict_set_with_an_undeclared_label),
		TC(partition_carrying_two_conflicting_labels),
		TC(channel_between_conflicting_types),
		TC(channels_bridging_conflicting_types),
		TC(unterminated_endpoint_name),
		TC(too_many_channels),
		T(same_guest_addresses_in_two_partitions_are_fine),
		T(null_report_callback_still_counts),
		T(platform_facts_from_config),
		T(no_partitions),
		T(partition_without_cpu),
		T(cpu_not_present),
		T(cpu_given_twice_in_one_partition),
		T(irq_of_the_virtual_pl011_is_refused),
		T(irq_of_the_hypervisor_uart_is_refused),
		T(irq_beyond_the_board_gic_is_refused),
		T(memory_over_the_virtual_gic_is_refused),
		T(cpu_shared_by_two_partitions_is_fine),
		T(realtime_and_best_effort_share_a_cpu),
		T(realtime_without_priority),
		T(realtime_priority_too_high),
		T(priority_on_best_effort),
		T(unknown_scheduling_class),
		T(two_realtime_at_one_priority_on_a_cpu),
		T(two_realtime_at_one_priority_on_different_cpus),
		T(valid_major_frame),
		T(windows_overlapping),
		T(window_longer_than_the_frame),
		T(window_too_short),
		T(window_of_an_unknown_partition),
		T(window_of_a_partition_not_on_the_cpu),
		T(partition_without_window_or_free_time),
		T(frame_period_out_of_range),
		T(frame_without_windows),
		T(frame_for_a_missing_cpu),
		T(two_frames_for_one_cpu),
		T(frame_on_an_unused_cpu),
		T(unknown_console_and_policy_values),
		T(watchdog_ms_below_10_is_refused),
		T(watchdog_ms_above_an_hour_is_refused),
		T(watchdog_ms_limits_and_0_are_accepted),
		T(manager_flag_other_than_0_or_1_is_refused),
		T(manager_flag_1_is_accepted),
		T(region_phys_misaligned),
		T(region_guest_misaligned),
		T(region_size_misaligned),
		T(region_size_zero),
		T(region_wraps_past_2_pow_64),
		T(region_outside_ram),
		T(region_across_two_adjacent_banks),
		T(region_overlaps_hypervisor_memory),
		T(region_guest_beyond_ipa_limit),
		T(region_overlaps_region_of_other_partition),
		T(region_overlaps_region_of_same_partition),
		T(region_guest_overlap_in_partition),
		T(region_invalid_access_bits),
		T(device_misaligned),
		T(device_inside_ram),
		T(device_overlaps_reserved_mmio),
		T(device_overlaps_device_of_other_partition),
		T(device_guest_overlaps_region),
		T(device_guest_beyond_ipa_limit),
		T(irq_not_an_spi),
		T(irq_boundaries_are_spis),
		T(irq_twice_in_one_device),
		T(irq_in_two_partitions),
		T(partition_without_kernel),
		T(two_images_of_one_role),
		T(image_of_size_zero),
		T(image_oversized),
		T(image_outside_every_region),
		T(images_overlap),
		T(kernel_in_non_executable_region),
		T(unknown_image_role),
		T(hypervisor_memory_outside_ram),
		T(hypervisor_memory_misaligned),
		T(ram_banks_overlap),
		T(ram_bank_misaligned),
		T(bad_header),
		T(counts_beyond_arrays_are_clamped),
		T(unterminated_path_is_cut_at_its_field),
		T(several_errors_are_all_reported),
		T(board_check_leaves_the_configuration_to_the_packer),
		TB(board_has_fewer_cpus),
		TB(board_has_less_ram),
		TB(gic_version_of_another_board_is_refused),
		TB(gic_version_of_this_board_is_fine),
		TB(board_ram_in_two_banks_covering_config_is_fine),
		TB(device_on_board_ram_not_in_config),
		TB(running_hypervisor_outside_its_memory),
		TB(running_hypervisor_inside_its_memory),
		TB(region_overlaps_running_hypervisor_image),
		TB(device_overlaps_reserved_mmio),
		TB(irq_of_the_hypervisor_uart_is_refused),
		TB(irq_of_the_smmu_is_refused),
		TB(irq_beyond_the_board_gic_is_refused),
		TB(streams_checked_against_a_stage2_smmu),
		TB(streams_refused_without_smmu),
		TB(streams_refused_on_stage1_only_smmu),
		TB(streams_of_a_host_belong_to_its_ecam_owner),
		TB(streams_of_a_host_nobody_owns_are_refused),
		T(board_has_fewer_cpus),
		T(board_has_less_ram),
		T(gic_version_of_another_board_is_refused),
		T(gic_version_of_this_board_is_fine),
		T(gic_version_not_2_or_3_is_refused),
		T(board_ram_in_two_banks_covering_config_is_fine),
		T(device_on_board_ram_not_in_config),
		T(dma_capable_device_in_unrestricted_identity_partition),
		T(device_without_dma_statement),
		T(device_dma_value_unknown),
		T(dma_capable_device_without_unrestricted),
		T(dma_unrestricted_region_not_identity_mapped),
		T(dma_unrestricted_second_region_not_identity_mapped),
		T(dma_unrestricted_without_capable_device),
		T(partition_dma_value_unknown),
		T(dma_unrestricted_is_per_partition),
		T(irq_of_the_smmu_is_refused),
		T(streams_confine_a_capable_device),
		T(streams_checked_against_a_stage2_smmu),
		T(streams_refused_without_smmu),
		T(streams_refused_on_stage1_only_smmu),
		T(streams_on_device_without_dma),
		T(streams_count_zero),
		T(streams_one_cell),
		T(streams_past_the_last_id),
		T(streams_last_id_is_fine),
		T(streams_unique_across_partitions),
		T(streams_unique_within_a_partition),
		T(streams_of_a_host_belong_to_its_ecam_owner),
		T(streams_of_a_host_nobody_owns_are_refused),
		T(streams_adjacent_ranges_are_fine),
		T(unrestricted_with_only_confined_devices),
		T(unrestricted_names_the_unconfined_device),
		T(dma_fault_values),
		T(running_hypervisor_outside_its_memory),
		T(running_hypervisor_inside_its_memory),
		T(region_overlaps_running_hypervisor_image),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
