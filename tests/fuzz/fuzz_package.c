/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the package reader (hypervisor/core/package.c): the bytes after
 * the hypervisor's image that it trusts only after checking, and what the
 * boot path does with a package that opens (core/boot.c: config_check_board
 * against the board, then core/load_plan.c copies the images out of it).
 *
 * Each input is opened twice: as it is (the checksum guards the rest), and
 * with the configuration's CRC and the packer's check mark recomputed so
 * the mutations reach every check after them. Invariants:
 *  - opening the same bytes twice gives the same answer, view and message;
 *  - a refused package leaves the view as it was and says why in one
 *    "package: ..." line;
 *  - an opened package lies inside the input; its configuration, every
 *    count, string and image blob lies inside the package;
 *  - config_check_board and config_check over it are deterministic and
 *    every error says something;
 *  - once the full check passes (the packer wrote the mark only then), every chunk the loader would copy lies inside
 *    the package and lands in the partition's own memory: not outside it,
 *    not on the hypervisor, not on another partition's.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config_check.h"
#include "core/guest_mem.h"
#include "core/load_plan.h"
#include "core/partition.h"
#include "core/package.h"
#include "fuzz_check.h"
#include "fuzz_report.h"
#include "lib/crc32.h"

#define ERR_SIZE 256u
#define VIEW_POISON 0xee
/* Messages config_check may give for one configuration: enough for the
 * worst case, and a bound if it ever loops. */

/* Only printable ASCII: what the boot log may be given. */
static bool printable(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20u || (unsigned char)*s >= 0x7fu)
			return false;
	}
	return true;
}

/* An sk_config_report_fn: every error names a node and says something.
 * The node paths are the package's own bytes (the packer writes them), so
 * here they may say anything, but what reaches the boot log is printable
 * (config_report masks the rest); fuzz_config checks the paths the parser
 * makes. */
static void record_report(void *ctx, const char *path, const char *msg)
{
	FUZZ_ASSERT(path != NULL && printable(path) && printable(msg));
	report_log_add(ctx, path, msg);
}

static bool terminated(const char *s, size_t max)
{
	return memchr(s, '\0', max) != NULL;
}

static void check_partition(const struct package_view *pv,
			    const struct sk_cfg_partition *p)
{
	FUZZ_ASSERT(p->cpu_count <= SK_MAX_CPUS);
	FUZZ_ASSERT(p->region_count <= SK_MAX_REGIONS);
	FUZZ_ASSERT(p->device_count <= SK_MAX_DEVICES);
	FUZZ_ASSERT(p->image_count <= SK_MAX_IMAGES);
	FUZZ_ASSERT(terminated(p->name, SK_NAME_MAX));
	FUZZ_ASSERT(terminated(p->path, SK_PATH_MAX));
	for (uint32_t i = 0; i < p->region_count; i++)
		FUZZ_ASSERT(terminated(p->regions[i].path, SK_PATH_MAX));
	for (uint32_t i = 0; i < p->device_count; i++) {
		FUZZ_ASSERT(terminated(p->devices[i].path, SK_PATH_MAX));
		FUZZ_ASSERT(p->devices[i].irq_count <= SK_MAX_DEVICE_IRQS);
	}
	for (uint32_t i = 0; i < p->image_count; i++) {
		const struct sk_cfg_image *img = &p->images[i];

		FUZZ_ASSERT(terminated(img->path, SK_PATH_MAX));
		FUZZ_ASSERT(terminated(img->file, SK_FILE_MAX));
		FUZZ_ASSERT(img->offset <= pv->size &&
			    img->size <= pv->size - img->offset);
	}
}

/* What boot_config does next (config_check_board), and what the packer
 * proved before it wrote the check mark (config_check): each the same
 * errors, in the same words, twice. The board check runs whatever the
 * configuration: a forged mark must not make it read out of bounds.
 * Returns the full check's errors: only a configuration without any
 * carries a mark the packer wrote, so only that one is loaded. */
static unsigned check_config(const struct sk_config *cfg)
{
	struct sk_platform_facts facts;
	struct report_log first = REPORT_LOG_INIT;
	struct report_log again = REPORT_LOG_INIT;
	struct report_log board = REPORT_LOG_INIT;
	struct report_log board_again = REPORT_LOG_INIT;
	unsigned errors;
	unsigned board_errors;

	config_platform_from_config(cfg, &facts);
	board_errors = config_check_board(cfg, &facts, record_report, &board);
	FUZZ_ASSERT(board_errors == board.count);
	FUZZ_ASSERT(config_check_board(cfg, &facts, record_report,
				       &board_again) == board_errors);
	FUZZ_ASSERT(board_again.digest == board.digest);
	errors = config_check(cfg, &facts, record_report, &first);
	FUZZ_ASSERT(errors == first.count);
	FUZZ_ASSERT(config_check(cfg, &facts, record_report, &again) == errors);
	FUZZ_ASSERT(again.count == first.count && again.digest == first.digest);
	/* What the board check finds, the full check finds too. */
	FUZZ_ASSERT(board_errors == 0u || errors != 0u);
	return errors;
}

static bool ranges_overlap(uint64_t a, uint64_t a_size, uint64_t b,
			   uint64_t b_size)
{
	return a < b + b_size && b < a + a_size;
}

/* Where partition_load_chunk would copy a chunk to: inside p's own memory
 * (the boot would fail the load otherwise, on a configuration it had
 * accepted), never over the hypervisor or another partition's memory. */
static void check_destination(const struct sk_config *cfg, uint32_t pi,
			      const struct load_chunk *chunk)
{
	struct partition part = { .cfg = &cfg->partitions[pi] };
	hpa_t to = hpa_of(0);
	uint64_t hpa;

	FUZZ_ASSERT(guest_range_to_host(&part,
					chunk->copy_dst, chunk->size,
					SK_ACCESS_READ, &to));
	hpa = to.addr;
	FUZZ_ASSERT(!ranges_overlap(hpa, chunk->size, cfg->hypervisor.base,
				    cfg->hypervisor.size));
	for (uint32_t o = 0; o < cfg->partition_count; o++) {
		const struct sk_cfg_partition *other = &cfg->partitions[o];

		for (uint32_t r = 0; o != pi && r < other->region_count; r++)
			FUZZ_ASSERT(!ranges_overlap(hpa, chunk->size,
						    other->regions[r].phys,
						    other->regions[r].size));
	}
}

/* The copy phase of partition p's load: every chunk from the package into
 * the partition's own memory. The clear phase touches only the regions
 * config_check placed, not the package. */
static void check_load(const struct package_view *pv, uint32_t pi)
{
	const struct sk_cfg_partition *p = &pv->config->partitions[pi];
	struct load_cursor cur;
	struct load_chunk chunk;
	uint64_t copied = 0;
	uint64_t expected = 0;

	for (uint32_t i = 0; i < p->image_count; i++)
		expected += p->images[i].size;
	load_plan_start(&cur, 0, false);
	cur.phase = LOAD_PHASE_COPY;
	for (uint64_t n = 0;; n++) {
		/* Each chunk but an image's last is a full one. */
		FUZZ_ASSERT(n <= pv->size / LOAD_CHUNK_BYTES + SK_MAX_IMAGES + 1u);
		load_plan_next(&cur, p, &chunk);
		if (chunk.op == LOAD_OP_DONE)
			break;
		FUZZ_ASSERT(chunk.op == LOAD_OP_COPY);
		FUZZ_ASSERT(chunk.size > 0 && chunk.size <= LOAD_CHUNK_BYTES);
		FUZZ_ASSERT(chunk.src <= pv->size &&
			    chunk.size <= pv->size - chunk.src);
		check_destination(pv->config, pi, &chunk);
		copied += chunk.size;
	}
	FUZZ_ASSERT(copied == expected);
}

static void check_opened(const uint8_t *data, size_t size,
			 const struct package_view *pv)
{
	const struct sk_config *cfg = pv->config;

	FUZZ_ASSERT(pv->base == data);
	FUZZ_ASSERT(pv->size <= size);
	FUZZ_ASSERT(FUZZ_INSIDE(cfg, sizeof(*cfg), pv->base, pv->size));
	FUZZ_ASSERT(cfg->partition_count <= SK_MAX_PARTITIONS);
	FUZZ_ASSERT(cfg->ram_bank_count <= SK_MAX_RAM_BANKS);
	for (uint32_t i = 0; i < cfg->partition_count; i++)
		check_partition(pv, &cfg->partitions[i]);
	if (check_config(cfg) != 0)
		return; /* the boot stops here: nothing is loaded */
	for (uint32_t i = 0; i < cfg->partition_count; i++)
		check_load(pv, i);
}

/* Opens data twice; the invariants hold whatever the answer. */
static void open_and_check(const uint8_t *data, size_t size)
{
	struct package_view pv, again, untouched;
	char err[ERR_SIZE], err_again[ERR_SIZE];
	bool ok, ok_again;

	memset(&pv, VIEW_POISON, sizeof(pv));
	memset(&again, VIEW_POISON, sizeof(again));
	memset(&untouched, VIEW_POISON, sizeof(untouched));
	memset(err, 0, sizeof(err));
	memset(err_again, 0, sizeof(err_again));
	ok = package_open(data, size, &pv, err, sizeof(err));
	ok_again = package_open(data, size, &again, err_again, sizeof(err_again));
	FUZZ_ASSERT(ok == ok_again);
	FUZZ_ASSERT(memcmp(&pv, &again, sizeof(pv)) == 0);
	if (!ok) {
		FUZZ_ASSERT(memcmp(&pv, &untouched, sizeof(pv)) == 0);
		FUZZ_ASSERT(strncmp(err, "package: ", 9) == 0 && err[9] != '\0');
		FUZZ_ASSERT(strcmp(err, err_again) == 0);
		return;
	}
	check_opened(data, size, &pv);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sk_package_header h;
	uint8_t *copy;

	open_and_check(data, size);
	/* Past the checksum: the same bytes with the CRC the packer would
	 * have written. Copied to a buffer of exactly the input's size, so
	 * ASan sees any read beyond it. */
	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	if (h.config_offset > size ||
	    size - h.config_offset < sizeof(struct sk_config))
		return 0;
	copy = malloc(size);
	FUZZ_ASSERT(copy != NULL);
	memcpy(copy, data, size);
	h.config_crc32 = crc32_ieee(copy + h.config_offset,
				    sizeof(struct sk_config));
	h.checked = SK_PACKAGE_CHECKED ^ h.config_crc32;
	memcpy(copy, &h, sizeof(h));
	open_and_check(copy, size);
	free(copy);
	return 0;
}
