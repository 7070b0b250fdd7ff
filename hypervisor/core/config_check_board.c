/* SPDX-License-Identifier: MIT */
/*
 * The part of the configuration check that depends on the board: what
 * the hypervisor runs at boot (config_check_board), and the rules the
 * packer's full check (config_check.c) applies against the facts of
 * /platform. One implementation of each rule serves both.
 *
 * What the boot check relies on: shikiri-pack wrote the package's check
 * mark only after config_check found no error, and package_open refuses a
 * package whose mark is missing or is not its configuration's
 * (core/package.c). Everything that can be decided from the configuration
 * alone (form of every range, names, overlaps between partitions, guest
 * maps, images, policy, channels, schedule, DMA statements) was decided
 * by the packer; what the packer could not know is the board: its CPUs,
 * its RAM, its GIC, the MMIO and interrupts the hypervisor keeps, its SMMU
 * and PCIe host, and where the hypervisor was loaded. Those are checked
 * here, against the boot device tree (docs/configuration.md, "What is
 * checked where").
 *
 * Counts are still clamped to the array sizes, and names and paths are
 * copied with bounds before they are printed: a bad mark must not turn
 * into a read outside the package.
 */
#include "core/config_check.h"

#include <stdarg.h>
#include <stdbool.h>

#include "core/config_check_internal.h"

#include "lib/fmt.h"
#include "lib/string.h"

static const char BOARD_PATH_PLATFORM[] = "/platform";
static const char BOARD_PATH_HYPERVISOR[] = "/hypervisor";

/* Names and paths in a damaged package may hold any byte: what reaches
 * the boot log or a terminal is printable ASCII, the rest becomes '?'.
 * Copies at most in_size bytes of in, truncated to fit out. */
static const char *copy_printable(char *out, size_t out_size, const char *in,
				  size_t in_size)
{
	size_t n = sk_strnlen(in, in_size);

	if (n >= out_size)
		n = out_size - 1u;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)in[i];

		if (ch >= 0x20u && ch < 0x7fu)
			out[i] = in[i];
		else
			out[i] = '?';
	}
	out[n] = '\0';
	return out;
}

const char *check_copy(struct check_str *out, const char *in, size_t size)
{
	return copy_printable(out->s, sizeof(out->s), in, size);
}

void config_report(struct sk_config_reporter *r, const char *path,
		   size_t path_size, const char *fmt, ...)
{
	char msg[SK_CONFIG_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	(void)sk_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->errors++;
	if (r->report == NULL)
		return;
	if (path == NULL) {
		r->report(r->ctx, NULL, msg);
	} else {
		char where[SK_CONFIG_WHERE_MAX];

		r->report(r->ctx, copy_printable(where, sizeof(where), path,
						 path_size),
			  msg);
	}
}

bool check_overlap(struct check_ctx *c, const struct check_span *a,
		   const struct check_span *b)
{
	struct check_str name;

	if (!range_fits_u64(a->base, a->size) ||
	    !range_fits_u64(b->base, b->size) ||
	    !ranges_overlap(a->base, a->size, b->base, b->size))
		return false;
	config_report(&c->rep, a->path, SK_PATH_MAX,
		      "%s 0x%llx-0x%llx overlaps %s%s (0x%llx-0x%llx)%s",
		      a->what, ull(a->base), last_byte(a->base, a->size),
		      b->prefix != NULL ? b->prefix : "",
		      check_copy(&name, b->name, SK_PATH_MAX),
		      ull(b->base), last_byte(b->base, b->size),
		      b->note != NULL ? b->note : "");
	return true;
}

static bool in_board_ram(const struct check_ctx *c, uint64_t base,
			 uint64_t size)
{
	for (uint32_t b = 0; b < c->board_banks; b++) {
		const struct sk_cfg_range *r = &c->plat->ram[b];

		if (range_fits_u64(r->base, r->size) &&
		    range_inside(base, size, r->base, r->size))
			return true;
	}
	return false;
}

/* "0x40000000-0x5fffffff" for each bank the board has, comma separated. */
static void board_ram_list(const struct check_ctx *c, char *buf, size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t b = 0; b < c->board_banks; b++) {
		const struct sk_cfg_range *r = &c->plat->ram[b];
		int n = sk_snprintf(buf + at, size - at, "%s0x%llx-0x%llx",
				    b != 0u ? ", " : "", ull(r->base),
				    last_byte(r->base, r->size));

		if (n < 0 || (size_t)n >= size - at)
			break;
		at += (size_t)n;
	}
}

/* Index of the well-formed configured RAM bank holding the range, or -1. */
int ram_bank_of(const struct check_ctx *c, uint64_t base, uint64_t size)
{
	for (uint32_t b = 0; b < c->ram_banks; b++) {
		const struct sk_cfg_range *r = &c->cfg->ram[b];

		if (c->ram_ok[b] && range_inside(base, size, r->base, r->size))
			return (int)b;
	}
	return -1;
}

bool check_cpu_index(struct check_ctx *c, const char *path, size_t path_size,
		     uint32_t cpu)
{
	if (cpu >= c->plat->cpu_count) {
		config_report(&c->rep, path, path_size,
			      "CPU %u is not present: the board has %u CPUs, numbered 0-%u",
			      cpu, c->plat->cpu_count,
			      c->plat->cpu_count != 0u ? c->plat->cpu_count - 1u : 0u);
		return false;
	}
	if (cpu >= SK_MAX_CPUS) {
		config_report(&c->rep, path, path_size,
			      "CPU %u is beyond shikiri's limit of %u CPUs", cpu,
			      SK_MAX_CPUS);
		return false;
	}
	return true;
}

bool check_ram_placement(struct check_ctx *c, const char *path,
			 size_t path_size, uint64_t phys, uint64_t size)
{
	const struct sk_cfg_range *h = &c->cfg->hypervisor;
	const struct sk_cfg_range *img = &c->plat->hypervisor_image;
	const struct check_span range = { .base = phys, .size = size,
					  .path = path,
					  .what = "physical range" };
	const struct check_span hyp_memory = {
		.base = h->base, .size = h->size,
		.name = "the hypervisor's memory /hypervisor" };
	const struct check_span hyp_image = {
		.base = img->base, .size = img->size,
		.name = "the running hypervisor image" };
	bool ok = true;

	(void)path_size;
	if (ram_bank_of(c, phys, size) < 0) {
		config_report(&c->rep, path, path_size,
			      "physical range 0x%llx-0x%llx is not inside one RAM bank of /platform",
			      ull(phys), last_byte(phys, size));
		ok = false;
	}
	if (c->hypervisor_ok && check_overlap(c, &range, &hyp_memory))
		ok = false;
	if (img->size != 0u && check_overlap(c, &range, &hyp_image))
		ok = false;
	return ok;
}

/* First RAM range (configured or on the board) the MMIO range touches. */
static const struct sk_cfg_range *device_ram_overlap(const struct check_ctx *c,
						     uint64_t base,
						     uint64_t size)
{
	for (uint32_t b = 0; b < c->ram_banks; b++) {
		const struct sk_cfg_range *r = &c->cfg->ram[b];

		if (c->ram_ok[b] &&
		    ranges_overlap(base, size, r->base, r->size))
			return r;
	}
	for (uint32_t b = 0; b < c->board_banks; b++) {
		const struct sk_cfg_range *r = &c->plat->ram[b];

		if (range_fits_u64(r->base, r->size) &&
		    ranges_overlap(base, size, r->base, r->size))
			return r;
	}
	return NULL;
}

void check_device_placement(struct check_ctx *c,
				   const struct sk_cfg_device *d)
{
	const struct sk_cfg_range *ram = device_ram_overlap(c, d->phys, d->size);
	const struct check_span mmio = { .base = d->phys, .size = d->size,
					 .path = d->path,
					 .what = "MMIO range" };

	if (ram != NULL)
		FAIL_AT(c, d->path,
			"MMIO range 0x%llx-0x%llx is inside RAM (bank 0x%llx-0x%llx)",
			ull(d->phys), last_byte(d->phys, d->size),
			ull(ram->base), last_byte(ram->base, ram->size));
	for (uint32_t i = 0; i < c->reserved; i++) {
		const struct sk_cfg_range *r = &c->plat->reserved[i];
		const char *name = c->plat->reserved_names[i];
		struct check_span kept = {
			.base = r->base, .size = r->size,
			.name = name != NULL ? name : "reserved MMIO",
			.note = ", which the hypervisor keeps for itself" };

		(void)check_overlap(c, &mmio, &kept);
	}
}

/* irq is one of the SMMU's own. */
static bool smmu_irq(const struct sk_platform_facts *plat, uint32_t irq)
{
	for (uint32_t i = 0; i < SK_SMMU_IRQS; i++) {
		if (plat->smmu_irqs[i] != 0u && plat->smmu_irqs[i] == irq)
			return true;
	}
	return false;
}

/* A name field that is terminated inside its array. */
bool name_terminated(const char *name)
{
	return sk_strnlen(name, SK_NAME_MAX) < SK_NAME_MAX;
}

bool names_equal(const char *a, const char *b)
{
	return name_terminated(a) && name_terminated(b) &&
	       sk_strncmp(a, b, SK_NAME_MAX) == 0;
}

int config_partition_index(const struct sk_config *cfg, const char *name)
{
	uint32_t n = min_u32(cfg->partition_count, SK_MAX_PARTITIONS);

	for (uint32_t p = 0; p < n; p++) {
		if (names_equal(cfg->partitions[p].name, name))
			return (int)p;
	}
	return -1;
}

/* A device's streams that are well formed: [first, first + count). */
bool stream_range(const struct sk_cfg_device *d, uint32_t *first,
			   uint32_t *count)
{
	if (d->stream_cells != SK_STREAM_CELLS || d->streams[1] == 0u ||
	    d->streams[1] - 1u > UINT32_MAX - d->streams[0])
		return false;
	*first = d->streams[0];
	*count = d->streams[1];
	return true;
}

/* Device i of partition p, if it exists. */
const struct sk_cfg_device *device_at(const struct check_ctx *c,
					     uint32_t p, uint32_t i)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];

	if (i >= min_u32(part->device_count, SK_MAX_DEVICES))
		return NULL;
	return &part->devices[i];
}

/* The partition with a device over the host's configuration space (the
 * first; NULL: none). */
static const struct sk_cfg_partition *ecam_owner(const struct check_ctx *c)
{
	const struct sk_cfg_range *e = &c->plat->pcie_ecam;

	for (uint32_t p = 0; p < c->partitions; p++) {
		for (uint32_t i = 0; i < SK_MAX_DEVICES; i++) {
			const struct sk_cfg_device *d = device_at(c, p, i);

			if (d != NULL && d->size != 0u && d->phys <= e->base &&
			    e->base - d->phys < d->size)
				return &c->cfg->partitions[p];
		}
	}
	return NULL;
}

/* d's streams on the host's requester IDs belong to the partition that
 * owns its ECAM: any other could be driven by that owner, whose DMA the
 * SMMU would then translate with the other's stage 2 (and charge to it). */
static void check_streams_host(struct check_ctx *c, uint32_t p,
			       const struct sk_cfg_partition *owner)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];

	if (owner == part)
		return;
	for (uint32_t i = 0; i < SK_MAX_DEVICES; i++) {
		const struct sk_cfg_device *d = device_at(c, p, i);
		uint32_t first;
		uint32_t count;

		if (d == NULL || !stream_range(d, &first, &count))
			continue;
		for (uint32_t m = 0; m < SK_PCIE_MAPS; m++) {
			uint32_t hf = c->plat->pcie_streams[m][0];
			uint32_t hn = c->plat->pcie_streams[m][1];

			if (hn == 0u || (first - hf >= hn && hf - first >= count))
				continue;
			FAIL_AT(c, d->path,
				"streams 0x%x..0x%x are functions of the PCIe host whose configuration space (ECAM 0x%llx) %s%s%s: a host's functions belong to the partition that owns its ECAM",
				first, first + (count - 1u),
				(unsigned long long)c->plat->pcie_ecam.base,
				owner != NULL ? "partition '" : "no partition owns",
				owner != NULL ? owner->name : "",
				owner != NULL ? "' owns" : "");
			break;
		}
	}
}


/* ---- the rules the full check calls where it meets each element ------- */

void check_board_gic(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;
	const struct sk_platform_facts *plat = c->plat;

	if (cfg->gic_version != 0u && plat->gic_version != 0u &&
	    cfg->gic_version != plat->gic_version)
		FAIL_AT(c, BOARD_PATH_PLATFORM,
			"gic-version is %u, but the board's GIC is a GICv%u: pack GICv%u device trees with gic-version = <%u>",
			cfg->gic_version, plat->gic_version, plat->gic_version,
			plat->gic_version);
}

void check_board_ram_bank(struct check_ctx *c, const struct sk_cfg_range *r)
{
	/* At boot the facts are the real board's; in the host tool they
	 * are these very banks, so this cannot fire there. */
	if (!in_board_ram(c, r->base, r->size)) {
		char have[SK_CONFIG_MSG_MAX / 4u];

		board_ram_list(c, have, sizeof(have));
		FAIL_AT(c, BOARD_PATH_PLATFORM,
			"RAM bank 0x%llx-0x%llx is not present on the board, which has RAM %s",
			ull(r->base), last_byte(r->base, r->size),
			have[0] != '\0' ? have : "nowhere it can tell");
	}
}

void check_board_image(struct check_ctx *c)
{
	const struct sk_cfg_range *h = &c->cfg->hypervisor;
	const struct sk_cfg_range *img = &c->plat->hypervisor_image;

	if (img->size != 0u &&
	    (!range_fits_u64(img->base, img->size) ||
	     !range_inside(img->base, img->size, h->base, h->size)))
		FAIL_AT(c, BOARD_PATH_HYPERVISOR,
			"the running hypervisor image 0x%llx-0x%llx is not inside its memory 0x%llx-0x%llx",
			ull(img->base), last_byte(img->base, img->size),
			ull(h->base), last_byte(h->base, h->size));
}

bool check_board_spi(struct check_ctx *c, const struct sk_cfg_device *dev,
		     uint32_t irq)
{
	if (c->plat->last_spi == 0u || irq <= c->plat->last_spi)
		return true;
	FAIL_AT(c, dev->path,
		"interrupt %u is not on the board: its GIC has SPIs %u..%u",
		irq, GIC_INTID_SPI_FIRST, c->plat->last_spi);
	return false;
}

void check_board_irq_owner(struct check_ctx *c, const struct sk_cfg_device *dev,
			   uint32_t irq)
{
	if (c->plat->uart_irq != 0u && irq == c->plat->uart_irq)
		FAIL_AT(c, dev->path,
			"interrupt %u belongs to the hypervisor's UART", irq);
	if (smmu_irq(c->plat, irq))
		FAIL_AT(c, dev->path,
			"interrupt %u belongs to the SMMUv3, which the hypervisor keeps with all its interrupts",
			irq);
}

void check_board_streams(struct check_ctx *c, const struct sk_cfg_device *d,
			 uint32_t first, uint32_t count)
{
	switch (c->plat->smmu) {
	case SK_SMMU_UNKNOWN:
		break;
	case SK_SMMU_NONE:
		FAIL_AT(c, d->path,
			"streams 0x%x..0x%x, but this board has no SMMU: its DMA could not be confined",
			first, first + (count - 1u));
		break;
	case SK_SMMU_STAGE1_ONLY:
		FAIL_AT(c, d->path,
			"streams 0x%x..0x%x, but this board's SMMU has no stage 2: its DMA could not be confined to the partition's memory",
			first, first + (count - 1u));
		break;
	case SK_SMMU_STAGE2:
		if (count > c->plat->smmu_streams ||
		    first > c->plat->smmu_streams - count)
			FAIL_AT(c, d->path,
				"streams 0x%x..0x%x are beyond the SMMU's stream table (stream IDs 0x0..0x%x)",
				first, first + (count - 1u),
				c->plat->smmu_streams - 1u);
		break;
	default:
		FAIL_AT(c, d->path, "unknown SMMU fact %u", c->plat->smmu);
		break;
	}
}

void check_board_pcie(struct check_ctx *c)
{
	const struct sk_cfg_partition *owner;

	if (c->plat->pcie_ecam.size == 0u)
		return;
	owner = ecam_owner(c);
	for (uint32_t p = 0; p < c->partitions; p++)
		check_streams_host(c, p, owner);
}

/* ---- the boot check ----------------------------------------------------- */

void check_ctx_init(struct check_ctx *c, const struct sk_config *cfg,
		    const struct sk_platform_facts *plat,
		    sk_config_report_fn report, void *ctx)
{
	(void)sk_memset(c, 0, sizeof(*c));
	c->cfg = cfg;
	c->plat = plat;
	c->rep.report = report;
	c->rep.ctx = ctx;
}

/* Partition p's devices against the board: their MMIO, interrupts and
 * streams. */
static void board_devices(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t devices = min_u32(part->device_count, SK_MAX_DEVICES);

	for (uint32_t i = 0; i < devices; i++) {
		const struct sk_cfg_device *d = &part->devices[i];
		uint32_t irqs = min_u32(d->irq_count, SK_MAX_DEVICE_IRQS);
		uint32_t first;
		uint32_t count;

		check_device_placement(c, d);
		for (uint32_t k = 0; k < irqs; k++) {
			if (check_board_spi(c, d, d->irqs[k]))
				check_board_irq_owner(c, d, d->irqs[k]);
		}
		if (d->dma == SK_DMA_CAPABLE && stream_range(d, &first, &count))
			check_board_streams(c, d, first, count);
	}
}

unsigned config_check_board(const struct sk_config *cfg,
			    const struct sk_platform_facts *plat,
			    sk_config_report_fn report, void *ctx)
{
	struct check_ctx c;

	check_ctx_init(&c, cfg, plat, report, ctx);
	c.partitions = min_u32(cfg->partition_count, SK_MAX_PARTITIONS);
	c.ram_banks = min_u32(cfg->ram_bank_count, SK_MAX_RAM_BANKS);
	c.board_banks = min_u32(plat->ram_bank_count, SK_MAX_RAM_BANKS);
	c.reserved = min_u32(plat->reserved_count, SK_MAX_RESERVED);
	/* The packer proved the form of every range. */
	c.hypervisor_ok = true;
	for (uint32_t b = 0; b < c.ram_banks; b++) {
		c.ram_ok[b] = true;
		check_board_ram_bank(&c, &cfg->ram[b]);
	}
	check_board_gic(&c);
	check_board_image(&c);
	for (uint32_t p = 0; p < c.partitions; p++) {
		const struct sk_cfg_partition *part = &cfg->partitions[p];
		uint32_t cpus = min_u32(part->cpu_count, SK_MAX_CPUS);
		uint32_t regions = min_u32(part->region_count, SK_MAX_REGIONS);

		/* A major frame's CPU is one of a partition's (the packer
		 * refuses a frame on a CPU no partition runs on). */
		for (uint32_t i = 0; i < cpus; i++)
			(void)check_cpu_index(&c, part->path, sizeof(part->path),
					      part->cpus[i]);
		for (uint32_t i = 0; i < regions; i++)
			(void)check_ram_placement(&c, part->regions[i].path,
						  sizeof(part->regions[i].path),
						  part->regions[i].phys,
						  part->regions[i].size);
		board_devices(&c, p);
	}
	c.channels = min_u32(cfg->channel_count, SK_MAX_CHANNELS);
	for (uint32_t i = 0; i < c.channels; i++)
		(void)check_ram_placement(&c, cfg->channels[i].path,
					  sizeof(cfg->channels[i].path),
					  cfg->channels[i].phys,
					  cfg->channels[i].size);
	check_board_pcie(&c);
	return c.rep.errors;
}
