/* SPDX-License-Identifier: MIT */
/*
 * What the parts of the configuration validator share: the check context,
 * the reporting and overlap helpers and range arithmetic. config_check.c checks the
 * platform and the partitions, config_check_channels.c the policy and the
 * channels, config_check_board.c what depends on the board. Not for use
 * outside the validator.
 */
#ifndef SK_CORE_CONFIG_CHECK_INTERNAL_H
#define SK_CORE_CONFIG_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/config_check.h"
#include "spec/gic.h"

#define PAGE_MASK           ((uint64_t)SK_PAGE_SIZE - 1u)
#define NO_OWNER            0xffffffffu
#define GUEST_PA_BITS       39u

struct check_ctx {
	const struct sk_config *cfg;
	const struct sk_platform_facts *plat;
	struct sk_config_reporter rep;
	/* Counts clamped to the array sizes. */
	uint32_t partitions;
	uint32_t ram_banks;
	uint32_t board_banks;
	uint32_t reserved;
	uint32_t channels;
	bool ram_ok[SK_MAX_RAM_BANKS];
	bool hypervisor_ok;
	/* Physical / guest-physical side of each region and device is sound
	 * enough to compare with others. */
	bool region_ok[SK_MAX_PARTITIONS][SK_MAX_REGIONS];
	bool region_guest_ok[SK_MAX_PARTITIONS][SK_MAX_REGIONS];
	bool device_ok[SK_MAX_PARTITIONS][SK_MAX_DEVICES];
	bool device_guest_ok[SK_MAX_PARTITIONS][SK_MAX_DEVICES];
	/* A channel's memory is sound; each endpoint's partition (NO_OWNER:
	 * unknown) and whether its guest side can be compared. */
	bool channel_ok[SK_MAX_CHANNELS];
	uint32_t endpoint_owner[SK_MAX_CHANNELS][SK_CHANNEL_ENDPOINTS];
	bool endpoint_guest_ok[SK_MAX_CHANNELS][SK_CHANNEL_ENDPOINTS];
	/* The partitions with a vCPU on each CPU (bit p: partition p). */
	uint32_t cpu_users[SK_MAX_CPUS];
	/* The policy, resolved once (check_policy): the conflict sets each
	 * declared label is in (bit s: set s), and each partition's label in
	 * each set (an index into /policy labels, or 0xffffffff). */
	uint32_t label_sets[SK_MAX_LABELS];
	uint32_t set_label[SK_MAX_PARTITIONS][SK_MAX_CONFLICT_SETS];
};

/* A context with nothing decided yet, reporting to report(ctx, ...). */
void check_ctx_init(struct check_ctx *c, const struct sk_config *cfg,
		    const struct sk_platform_facts *plat,
		    sk_config_report_fn report, void *ctx);

/* A NUL-terminated copy of a fixed-size name or path from the package. */
struct check_str {
	char s[SK_PATH_MAX];
};

const char *check_copy(struct check_str *out, const char *in, size_t size);

/* A report at a path held in an array (its size bounds the read). */
#define FAIL_AT(c, path, ...) \
	config_report(&(c)->rep, (path), sizeof(path), __VA_ARGS__)

/* A partition or channel name of the documented syntax, terminated inside
 * its SK_NAME_MAX field; false after reporting what is wrong. what:
 * "partition", "channel". */
bool check_name(struct check_ctx *c, const char *path, size_t path_size,
		const char *what, const char *name);

/* base + size stays below 2^64 (the end, exclusive, is representable). */
static inline bool range_fits_u64(uint64_t base, uint64_t size)
{
	return size <= UINT64_MAX - base;
}

static inline bool range_aligned(uint64_t v)
{
	return (v & PAGE_MASK) == 0u;
}

static inline bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b,
				  uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

static inline bool range_inside(uint64_t in, uint64_t in_size, uint64_t out,
				uint64_t out_size)
{
	return in >= out && in + in_size <= out + out_size;
}

static inline unsigned long long last_byte(uint64_t base, uint64_t size)
{
	return (unsigned long long)(base + size - 1u);
}

static inline uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

static inline unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
}

/*
 * The checks every range (RAM bank, hypervisor memory, region, device,
 * channel) shares: page alignment, non-zero size, no wrap. One report per
 * fault. base_name/size_name say which property is wrong ("phys", "size").
 */
bool check_range_form(struct check_ctx *c, const char *path, size_t path_size,
		      const char *base_name, const char *size_name,
		      uint64_t base, uint64_t size);
/* The guest side of a region, device or endpoint: aligned, inside the
 * guest-physical space (a bad size was reported with the physical side). */
bool check_guest_side(struct check_ctx *c, const char *path, size_t path_size,
		      uint64_t guest, uint64_t size);
/* Host-physical memory a partition or channel is given: inside one RAM
 * bank, clear of the hypervisor's memory and running image. False after
 * reporting any of those. */
bool check_ram_placement(struct check_ctx *c, const char *path,
			 size_t path_size, uint64_t phys, uint64_t size);
/* Index of the well-formed configured RAM bank holding the range, or -1. */
int ram_bank_of(const struct check_ctx *c, uint64_t base, uint64_t size);
/* A physical CPU index the board has and shikiri supports; false after
 * reporting which it is not. */
bool check_cpu_index(struct check_ctx *c, const char *path, size_t path_size,
		     uint32_t cpu);
/* count, or max after reporting that count is over it. */
uint32_t clamp_count(struct check_ctx *c, const char *path, size_t path_size,
		     const char *what, uint32_t count, uint32_t max);

/*
 * A range [base, base + size) as an overlap report names it. As the subject
 * (the later element, where the report goes): "<what> first-last overlaps";
 * as the other side: "<prefix><name> (first-last)<note>". Unused names may
 * be NULL.
 */
struct check_span {
	uint64_t base;
	uint64_t size;
	const char *path;   /* the subject's node path (an SK_PATH_MAX field) */
	const char *what;   /* "physical range", "MMIO range", "guest range" */
	const char *prefix; /* "image ", "channel " */
	const char *name;   /* a node path, "the virtual GIC", "RAM bank" */
	const char *note;   /* ", which the hypervisor keeps for itself" */
};

/* Reports at a->path that a overlaps b and returns true, if they overlap.
 * A range whose end does not fit in 64 bits overlaps nothing here (its
 * form was reported once, by check_range_form). */
bool check_overlap(struct check_ctx *c, const struct check_span *a,
		   const struct check_span *b);

/* Element k of a set (a partition's regions, the channels, ...) as a span;
 * false if it is not sound enough to compare (it was reported already). */
typedef bool (*check_span_at_fn)(const struct check_ctx *c, const void *set,
				 uint32_t k, struct check_span *out);

/* Every pair of the set's first n elements that overlaps, reported once, at
 * the later element, naming the earlier. */
void check_overlaps_within(struct check_ctx *c, const void *set, uint32_t n,
			   check_span_at_fn span_at);

/*
 * config_check_board.c: the rules that depend on the board, which the full
 * check calls where it meets each element and config_check_board runs at
 * boot. Each reports what it finds; check_board_spi returns false after
 * reporting an interrupt the board's GIC does not have.
 */
void check_board_gic(struct check_ctx *c);
void check_board_ram_bank(struct check_ctx *c, const struct sk_cfg_range *r);
void check_board_image(struct check_ctx *c);
bool check_board_spi(struct check_ctx *c, const struct sk_cfg_device *dev,
		     uint32_t irq);
void check_board_irq_owner(struct check_ctx *c, const struct sk_cfg_device *dev,
			   uint32_t irq);
void check_board_streams(struct check_ctx *c, const struct sk_cfg_device *d,
			 uint32_t first, uint32_t count);
/* Streams of the PCIe host's functions: its ECAM owner's only. */
void check_board_pcie(struct check_ctx *c);
/* A device's MMIO clear of RAM and of what the hypervisor keeps. */
void check_device_placement(struct check_ctx *c, const struct sk_cfg_device *d);
/* A name field terminated inside its SK_NAME_MAX array; two such equal. */
bool name_terminated(const char *name);
bool names_equal(const char *a, const char *b);
/* A device's well-formed streams, [first, first + count); false if none. */
bool stream_range(const struct sk_cfg_device *d, uint32_t *first,
		  uint32_t *count);
/* Device i of partition p, if it exists. */
const struct sk_cfg_device *device_at(const struct check_ctx *c, uint32_t p,
				      uint32_t i);

/* config_check_channels.c: /policy, then /channels (after the partitions'
 * own checks; decides channel_ok and the endpoints' owners). */
void check_policy(struct check_ctx *c);
void check_channels(struct check_ctx *c);
/* config_check_schedule.c: classes, priorities and /schedule (after the
 * partitions' CPUs are known). */
void check_schedule(struct check_ctx *c);
/* config_check_dma.c: each device's dma statement, and what a partition
 * with a DMA-capable device must say and be (identity-mapped). */
void check_dma(struct check_ctx *c);
/* Spans the channels add to partition p's guest-physical map; returns how
 * many were written (at most max). *pci: p has a "pci" endpoint (so the
 * virtual PCI host's windows are taken). */
uint32_t check_channel_spans(const struct check_ctx *c, uint32_t p,
			     struct check_span *out, uint32_t max, bool *pci);

#endif
