/* SPDX-License-Identifier: MIT */
/*
 * Semantic validation of a packed system configuration (see config_check.h).
 *
 * The full check, run by the host tool (and the unit tests and fuzzers);
 * the hypervisor links only its board part (config_check_board.c) and
 * trusts the package's check mark for the rest. Freestanding all the same,
 * with no more stack than a few message buffers, and the configuration is
 * not trusted: counts are clamped to the array sizes, strings are copied
 * with bounds before they are printed, enum values are checked.
 *
 * Every check reports through config_report(); an element that is malformed
 * (misaligned, empty, wrapping past 2^64) is left out of the checks that
 * relate it to other elements, so one mistake yields one report, not a
 * cascade.
 *
 * Ranges appear in messages as "first-last" with the last byte inclusive,
 * the way /proc/iomem and boot loaders print them.
 */
#include "core/config_check.h"

#include <stdarg.h>
#include <stdbool.h>

#include "core/config_check_internal.h"
#include "core/vpci_map.h"

#include "lib/fmt.h"
#include "lib/string.h"

/* Paths of elements that have no path field of their own. */
static const char PATH_ROOT[] = "/";
static const char PATH_PLATFORM[] = "/platform";
static const char PATH_HYPERVISOR[] = "/hypervisor";
static const char PATH_PARTITIONS[] = "/partitions";


/* ---- names ------------------------------------------------------------ */

/* Partition and channel names (docs/configuration.md): a lower-case letter,
 * then lower-case letters, digits, '_' or '-'. They are node names, console
 * prefixes and what endpoints and windows refer to. */
static bool name_syntax_ok(const char *name)
{
	if (name[0] < 'a' || name[0] > 'z')
		return false;
	for (uint32_t i = 1; i < SK_NAME_MAX && name[i] != '\0'; i++) {
		char ch = name[i];
		bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
			  ch == '_' || ch == '-';

		if (!ok)
			return false;
	}
	return true;
}

bool check_name(struct check_ctx *c, const char *path, size_t path_size,
		const char *what, const char *name)
{
	struct check_str copy;

	if (sk_strnlen(name, SK_NAME_MAX) >= SK_NAME_MAX) {
		config_report(&c->rep, path, path_size,
			      "%s name is unterminated: at most %u characters",
			      what, SK_NAME_MAX - 1u);
		return false;
	}
	if (name_syntax_ok(name))
		return true;
	config_report(&c->rep, path, path_size,
		      "invalid %s name \"%s\": use a lower-case letter, then lower-case letters, digits, '_' or '-'",
		      what, check_copy(&copy, name, SK_NAME_MAX));
	return false;
}

/* A valid name, used by no earlier partition. */
static void check_partition_name(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	struct check_str name;
	struct check_str other;

	if (!check_name(c, part->path, sizeof(part->path), "partition",
			part->name))
		return;
	for (uint32_t q = 0; q < p; q++) {
		const struct sk_cfg_partition *o = &c->cfg->partitions[q];

		if (sk_strncmp(o->name, part->name, SK_NAME_MAX) != 0)
			continue;
		FAIL_AT(c, part->path,
			"duplicate partition name \"%s\": %s has it already",
			check_copy(&name, part->name, SK_NAME_MAX),
			check_copy(&other, o->path, sizeof(o->path)));
		return;
	}
}

/* ---- ranges ---------------------------------------------------------- */

bool check_range_form(struct check_ctx *c, const char *path, size_t path_size,
		      const char *base_name, const char *size_name,
		      uint64_t base, uint64_t size)
{
	bool ok = true;

	if (!range_aligned(base)) {
		config_report(&c->rep, path, path_size,
			      "%s 0x%llx is misaligned: not a multiple of the %u-byte page",
			      base_name, ull(base), SK_PAGE_SIZE);
		ok = false;
	}
	if (size == 0u) {
		config_report(&c->rep, path, path_size, "%s is 0", size_name);
		ok = false;
	} else if (!range_aligned(size)) {
		config_report(&c->rep, path, path_size,
			      "%s 0x%llx is misaligned: not a multiple of the %u-byte page",
			      size_name, ull(size), SK_PAGE_SIZE);
		ok = false;
	}
	if (!range_fits_u64(base, size)) {
		config_report(&c->rep, path, path_size,
			      "%s 0x%llx + %s 0x%llx overflows 64 bits", base_name,
			      ull(base), size_name, ull(size));
		ok = false;
	}
	return ok;
}

void check_overlaps_within(struct check_ctx *c, const void *set, uint32_t n,
			   check_span_at_fn span_at)
{
	struct check_span a;
	struct check_span b;

	for (uint32_t k = 0; k < n; k++) {
		if (!span_at(c, set, k, &a))
			continue;
		for (uint32_t j = 0; j < k; j++) {
			if (span_at(c, set, j, &b))
				(void)check_overlap(c, &a, &b);
		}
	}
}

/* ---- header and counts ----------------------------------------------- */

static void check_header(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;

	if (cfg->magic != SK_CONFIG_MAGIC)
		FAIL_AT(c, PATH_ROOT, "configuration magic 0x%x is not 0x%x",
			cfg->magic, SK_CONFIG_MAGIC);
	if (cfg->version != SK_CONFIG_VERSION)
		FAIL_AT(c, PATH_ROOT,
			"configuration version %u is not supported (expected %u)",
			cfg->version, SK_CONFIG_VERSION);
	if (cfg->size != sizeof(struct sk_config))
		FAIL_AT(c, PATH_ROOT,
			"configuration size %u does not match this build (%u)",
			cfg->size, (unsigned)sizeof(struct sk_config));
}

uint32_t clamp_count(struct check_ctx *c, const char *path, size_t path_size,
		     const char *what, uint32_t count, uint32_t max)
{
	if (count <= max)
		return count;
	config_report(&c->rep, path, path_size, "%u %s, at most %u are supported",
		      count, what, max);
	return max;
}

static void check_counts(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;
	const struct sk_platform_facts *plat = c->plat;

	c->partitions = clamp_count(c, PATH_PARTITIONS, sizeof(PATH_PARTITIONS),
				    "partitions", cfg->partition_count,
				    SK_MAX_PARTITIONS);
	c->ram_banks = clamp_count(c, PATH_PLATFORM, sizeof(PATH_PLATFORM),
				   "RAM banks", cfg->ram_bank_count,
				   SK_MAX_RAM_BANKS);
	/* The platform facts come from our own code, not from the package. */
	c->board_banks = min_u32(plat->ram_bank_count, SK_MAX_RAM_BANKS);
	c->reserved = min_u32(plat->reserved_count, SK_MAX_RESERVED);
	if (c->partitions == 0u)
		FAIL_AT(c, PATH_PARTITIONS, "no partitions: at least one is required");
	if (c->ram_banks == 0u)
		FAIL_AT(c, PATH_PLATFORM, "no RAM banks: at least one is required");
	if (cfg->platform_cpu_count == 0u)
		FAIL_AT(c, PATH_PLATFORM, "the board must have at least one CPU");
	if (cfg->gic_version != 0u && cfg->gic_version != 2u &&
	    cfg->gic_version != 3u)
		FAIL_AT(c, PATH_PLATFORM,
			"gic-version %u: must be 2 (GICv2) or 3 (GICv3)",
			cfg->gic_version);
	else
		check_board_gic(c);
}

/* ---- /platform and /hypervisor --------------------------------------- */

static bool ram_bank_span_at(const struct check_ctx *c, const void *set,
			     uint32_t k, struct check_span *out)
{
	const struct sk_cfg_range *r = &c->cfg->ram[k];

	(void)set;
	*out = (struct check_span){ .base = r->base, .size = r->size,
				    .path = PATH_PLATFORM, .what = "RAM bank",
				    .name = "RAM bank" };
	return c->ram_ok[k];
}

static void check_ram_banks(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;

	for (uint32_t b = 0; b < c->ram_banks; b++) {
		const struct sk_cfg_range *r = &cfg->ram[b];

		c->ram_ok[b] = check_range_form(c, PATH_PLATFORM,
						sizeof(PATH_PLATFORM),
						"RAM bank base", "RAM bank size",
						r->base, r->size);
		if (c->ram_ok[b])
			check_board_ram_bank(c, r);
	}
	check_overlaps_within(c, NULL, c->ram_banks, ram_bank_span_at);
}

static void check_hypervisor(struct check_ctx *c)
{
	const struct sk_cfg_range *h = &c->cfg->hypervisor;

	c->hypervisor_ok = check_range_form(c, PATH_HYPERVISOR,
					    sizeof(PATH_HYPERVISOR),
					    "memory base", "memory size",
					    h->base, h->size);
	if (!c->hypervisor_ok)
		return;
	if (ram_bank_of(c, h->base, h->size) < 0)
		FAIL_AT(c, PATH_HYPERVISOR,
			"memory 0x%llx-0x%llx is not inside one RAM bank of /platform",
			ull(h->base), last_byte(h->base, h->size));
	check_board_image(c);
}

/* ---- partitions: CPUs and policies ------------------------------------ */

static void check_cpu(struct check_ctx *c, uint32_t p, uint32_t cpu)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];

	if (!check_cpu_index(c, part->path, sizeof(part->path), cpu))
		return;
	if ((c->cpu_users[cpu] & (1u << p)) != 0u)
		FAIL_AT(c, part->path, "CPU %u is given twice", cpu);
	c->cpu_users[cpu] |= 1u << p;
}

static void check_partition_cpus(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t count = clamp_count(c, part->path, sizeof(part->path), "CPUs",
				     part->cpu_count, SK_MAX_CPUS);

	if (count == 0u)
		FAIL_AT(c, part->path, "partition has no CPU");
	for (uint32_t i = 0; i < count; i++)
		check_cpu(c, p, part->cpus[i]);
}

static void check_partition_policies(struct check_ctx *c,
				     const struct sk_cfg_partition *part)
{
	if (part->console != SK_CONSOLE_HYPERCALL &&
	    part->console != SK_CONSOLE_NONE &&
	    part->console != SK_CONSOLE_PL011)
		FAIL_AT(c, part->path, "unknown console kind %u", part->console);
	if (part->manager > 1u)
		FAIL_AT(c, part->path, "manager flag %u is not 0 or 1", part->manager);
	if (part->watchdog_ms != 0 && (part->watchdog_ms < SK_WATCHDOG_MIN_MS ||
				       part->watchdog_ms > SK_WATCHDOG_MAX_MS))
		FAIL_AT(c, part->path,
			"watchdog-ms %u is outside %u..%u (0 or absent: no watchdog)",
			part->watchdog_ms, SK_WATCHDOG_MIN_MS, SK_WATCHDOG_MAX_MS);
	if (part->fault_policy != SK_FAULT_STOP &&
	    part->fault_policy != SK_FAULT_RESTART &&
	    part->fault_policy != SK_FAULT_HALT_SYSTEM)
		FAIL_AT(c, part->path, "unknown fault policy %u",
			part->fault_policy);
}

/* ---- memory regions ---------------------------------------------------- */

static bool check_guest_limit(struct check_ctx *c, const char *path,
			      size_t path_size, uint64_t guest, uint64_t size)
{
	if (guest < SK_GUEST_PA_LIMIT && size <= SK_GUEST_PA_LIMIT - guest)
		return true;
	config_report(&c->rep, path, path_size,
		      "guest range 0x%llx-0x%llx exceeds the %u-bit guest-physical space (limit 0x%llx)",
		      ull(guest), last_byte(guest, size), GUEST_PA_BITS,
		      ull(SK_GUEST_PA_LIMIT));
	return false;
}

/*
 * The size was judged with the physical side, so a bad size is reported
 * once; here it only decides whether the guest range can be checked further.
 */
bool check_guest_side(struct check_ctx *c, const char *path, size_t path_size,
		      uint64_t guest, uint64_t size)
{
	if (!range_aligned(guest)) {
		config_report(&c->rep, path, path_size,
			      "guest 0x%llx is misaligned: not a multiple of the %u-byte page",
			      ull(guest), SK_PAGE_SIZE);
		return false;
	}
	if (size == 0u || !range_aligned(size))
		return false;
	return check_guest_limit(c, path, path_size, guest, size);
}

static void check_region_access(struct check_ctx *c,
				const struct sk_cfg_region *r)
{
	const uint32_t known = SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC;

	if ((r->access & ~known) != 0u || (r->access & SK_ACCESS_READ) == 0u)
		FAIL_AT(c, r->path, "invalid access bits 0x%x", r->access);
}

static void check_regions(struct check_ctx *c, uint32_t p, uint32_t count)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];

	for (uint32_t i = 0; i < count; i++) {
		const struct sk_cfg_region *r = &part->regions[i];
		bool phys_ok = check_range_form(c, r->path, sizeof(r->path),
						"phys", "size", r->phys,
						r->size);

		c->region_guest_ok[p][i] = check_guest_side(c, r->path,
							    sizeof(r->path),
							    r->guest, r->size);
		check_region_access(c, r);
		if (phys_ok)
			(void)check_ram_placement(c, r->path, sizeof(r->path),
						  r->phys, r->size);
		c->region_ok[p][i] = phys_ok;
	}
}

/* Region k of the system: partition k / SK_MAX_REGIONS, region
 * k % SK_MAX_REGIONS. */
static bool region_span_at(const struct check_ctx *c, const void *set,
			   uint32_t k, struct check_span *out)
{
	uint32_t p = k / SK_MAX_REGIONS;
	uint32_t i = k % SK_MAX_REGIONS;
	const struct sk_cfg_region *r = &c->cfg->partitions[p].regions[i];

	(void)set;
	*out = (struct check_span){ .base = r->phys, .size = r->size,
				    .path = r->path, .what = "physical range",
				    .name = r->path };
	return c->region_ok[p][i];
}

/* ---- devices ------------------------------------------------------------ */

static void check_devices(struct check_ctx *c, uint32_t p, uint32_t count)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];

	for (uint32_t i = 0; i < count; i++) {
		const struct sk_cfg_device *d = &part->devices[i];
		bool phys_ok = check_range_form(c, d->path, sizeof(d->path),
						"phys", "size", d->phys,
						d->size);

		c->device_guest_ok[p][i] = check_guest_side(c, d->path,
							    sizeof(d->path),
							    d->guest, d->size);
		if (phys_ok)
			check_device_placement(c, d);
		c->device_ok[p][i] = phys_ok;
	}
}

/* Device k of the system: partition k / SK_MAX_DEVICES, device
 * k % SK_MAX_DEVICES. */
static bool device_span_at(const struct check_ctx *c, const void *set,
			   uint32_t k, struct check_span *out)
{
	uint32_t p = k / SK_MAX_DEVICES;
	uint32_t i = k % SK_MAX_DEVICES;
	const struct sk_cfg_device *d = &c->cfg->partitions[p].devices[i];

	(void)set;
	*out = (struct check_span){ .base = d->phys, .size = d->size,
				    .path = d->path, .what = "MMIO range",
				    .name = d->path };
	return c->device_ok[p][i];
}

/* The device holding an earlier occurrence of irq, or NULL. Devices are
 * ordered by (partition, device, interrupt index). */
static const struct sk_cfg_device *irq_first_owner(const struct check_ctx *c,
						   uint32_t irq, uint32_t p,
						   uint32_t d, uint32_t k)
{
	for (uint32_t q = 0; q <= p; q++) {
		const struct sk_cfg_partition *part = &c->cfg->partitions[q];
		uint32_t devices = min_u32(part->device_count, SK_MAX_DEVICES);

		for (uint32_t e = 0; e < devices && (q < p || e <= d); e++) {
			const struct sk_cfg_device *dev = &part->devices[e];
			uint32_t irqs = min_u32(dev->irq_count,
						SK_MAX_DEVICE_IRQS);
			uint32_t last = (q == p && e == d) ? k : irqs;

			for (uint32_t n = 0; n < last; n++) {
				if (dev->irqs[n] == irq)
					return dev;
			}
		}
	}
	return NULL;
}

static void check_device_irqs(struct check_ctx *c, uint32_t p, uint32_t d)
{
	const struct sk_cfg_device *dev = &c->cfg->partitions[p].devices[d];
	uint32_t count = clamp_count(c, dev->path, sizeof(dev->path),
				     "interrupts", dev->irq_count,
				     SK_MAX_DEVICE_IRQS);
	struct check_str other;

	for (uint32_t k = 0; k < count; k++) {
		uint32_t irq = dev->irqs[k];
		const struct sk_cfg_device *owner;

		/* SGIs and PPIs are per CPU: never passed through. */
		if (irq < GIC_INTID_SPI_FIRST || irq > SK_MAX_SPI_INTID) {
			FAIL_AT(c, dev->path,
				"interrupt %u is not an SPI (%u..%u)", irq,
				GIC_INTID_SPI_FIRST, SK_MAX_SPI_INTID);
			continue;
		}
		if (!check_board_spi(c, dev, irq))
			continue;
		if (c->cfg->partitions[p].console == SK_CONSOLE_PL011 &&
		    irq == SK_GUEST_UART_INTID)
			FAIL_AT(c, dev->path,
				"interrupt %u is the partition's virtual PL011's", irq);
		check_board_irq_owner(c, dev, irq);
		owner = irq_first_owner(c, irq, p, d, k);
		if (owner == dev)
			FAIL_AT(c, dev->path, "interrupt %u is given twice", irq);
		else if (owner != NULL)
			FAIL_AT(c, dev->path,
				"interrupt %u is already assigned to %s", irq,
				check_copy(&other, owner->path,
					   sizeof(owner->path)));
	}
}

/* ---- guest-physical map of one partition ------------------------------- */

/* Memory and pass-through devices may not hide the devices shikiri
 * emulates: the GIC and PL011 at fixed guest-physical addresses, the
 * virtual PCI host where the partition puts it (core/vpci_map.h). */
static void check_guest_emulated(struct check_ctx *c,
				 const struct sk_cfg_partition *part, bool pci,
				 const struct check_span *s)
{
	static const struct check_span gic = {
		.base = SK_GUEST_GIC_BASE, .size = SK_GUEST_GIC_SIZE,
		.name = "the virtual GIC" };
	static const struct check_span uart = {
		.base = SK_GUEST_UART_BASE, .size = SK_GUEST_UART_SIZE,
		.name = "the virtual PL011" };
	const struct check_span ecam = {
		.base = vpci_map_ecam(part), .size = SK_GUEST_PCI_ECAM_SIZE,
		.name = "the virtual PCI host's configuration space",
		.note = ": move it with the partition's virtual-pci-ecam" };
	const struct check_span regs = {
		.base = vpci_map_regs(part), .size = SK_GUEST_PCI_REGS_SIZE,
		.name = "the channel devices' register BARs",
		.note = ": move them with the partition's virtual-pci-window" };

	(void)check_overlap(c, s, &gic);
	if (part->console == SK_CONSOLE_PL011)
		(void)check_overlap(c, s, &uart);
	if (pci) {
		(void)check_overlap(c, s, &ecam);
		(void)check_overlap(c, s, &regs);
	}
}

/*
 * virtual-pci-ecam and virtual-pci-window: the ECAM (bus 0, 1 MiB)
 * aligned to its size, as the PCI Express Base Specification's enhanced
 * configuration access mechanism wants; the window 64 KiB-aligned, room
 * for the register BARs, and below 4 GiB because the channel devices'
 * BARs are 32-bit memory BARs; neither on the other nor on the virtual
 * GIC or PL011.
 */
static bool check_vpci_window(struct check_ctx *c,
			      const struct sk_cfg_partition *part)
{
	const struct sk_cfg_range *w = &part->vpci_window;
	const uint64_t limit_32bit = 1ull << 32;
	const struct check_span win = {
		.base = w->base, .size = w->size, .path = part->path,
		.what = "virtual-pci-window" };

	if ((w->base & (SK_GUEST_PCI_REGS_SIZE - 1u)) != 0u ||
	    w->size < SK_GUEST_PCI_REGS_SIZE || !range_aligned(w->size)) {
		FAIL_AT(c, part->path,
			"virtual-pci-window 0x%llx size 0x%llx: the base must be 0x%llx-aligned and the size a multiple of the page, at least 0x%llx (the register BARs)",
			ull(w->base), ull(w->size), ull(SK_GUEST_PCI_REGS_SIZE),
			ull(SK_GUEST_PCI_REGS_SIZE));
		return false;
	}
	if (w->base >= limit_32bit || w->size > limit_32bit - w->base) {
		FAIL_AT(c, part->path,
			"virtual-pci-window 0x%llx-0x%llx ends above 4 GiB: the channel devices' BARs are 32-bit",
			ull(w->base), last_byte(w->base, w->size));
		return false;
	}
	check_guest_emulated(c, part, false, &win);
	return true;
}

static void check_vpci_map(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	const struct sk_cfg_range win = vpci_map_window(part);
	const struct check_span ecam = {
		.base = vpci_map_ecam(part), .size = SK_GUEST_PCI_ECAM_SIZE,
		.path = part->path, .what = "virtual-pci-ecam" };
	const struct check_span win_span = {
		.base = win.base, .size = win.size, .path = part->path,
		.what = "virtual-pci-window" };
	const struct check_span ecam_other = {
		.base = ecam.base, .size = ecam.size,
		.name = "the virtual PCI host's configuration space" };
	bool ok = true;

	if (part->vpci_ecam != 0u) {
		if ((part->vpci_ecam & (SK_GUEST_PCI_ECAM_SIZE - 1u)) != 0u) {
			FAIL_AT(c, part->path,
				"virtual-pci-ecam 0x%llx is not aligned to the ECAM's size 0x%llx",
				ull(part->vpci_ecam), ull(SK_GUEST_PCI_ECAM_SIZE));
			ok = false;
		} else if (!check_guest_limit(c, part->path,
					      sizeof(part->path), ecam.base,
					      ecam.size)) {
			ok = false;
		} else {
			check_guest_emulated(c, part, false, &ecam);
		}
	}
	if (part->vpci_window.base != 0u || part->vpci_window.size != 0u)
		ok = check_vpci_window(c, part) && ok;
	/* Linux would see the ECAM inside a bridge window: one place only. */
	if (ok && (part->vpci_ecam != 0u || part->vpci_window.size != 0u))
		(void)check_overlap(c, &win_span, &ecam_other);
}

/* One partition's guest-physical map: its regions, devices and channel
 * endpoints. */
struct guest_map {
	struct check_span spans[SK_MAX_REGIONS + SK_MAX_DEVICES + SK_MAX_CHANNELS];
	uint32_t count;
};

static bool guest_span_at(const struct check_ctx *c, const void *set,
			  uint32_t k, struct check_span *out)
{
	const struct guest_map *map = set;

	(void)c;
	*out = map->spans[k];
	return true;
}

static struct check_span guest_span(uint64_t guest, uint64_t size,
				    const char *path)
{
	return (struct check_span){ .base = guest, .size = size, .path = path,
				    .what = "guest range", .name = path };
}

static void check_guest_overlaps(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	struct guest_map map;
	uint32_t n = 0;
	bool pci = false;

	for (uint32_t i = 0; i < SK_MAX_REGIONS; i++) {
		const struct sk_cfg_region *r = &part->regions[i];

		if (c->region_guest_ok[p][i])
			map.spans[n++] = guest_span(r->guest, r->size, r->path);
	}
	for (uint32_t i = 0; i < SK_MAX_DEVICES; i++) {
		const struct sk_cfg_device *d = &part->devices[i];

		if (c->device_guest_ok[p][i])
			map.spans[n++] = guest_span(d->guest, d->size, d->path);
	}
	n += check_channel_spans(c, p, &map.spans[n], SK_MAX_CHANNELS, &pci);
	/* A manager's management function is on the virtual PCI host too
	 * (core/vpci.h). */
	pci = pci || part->manager != 0u;
	map.count = n;
	for (uint32_t i = 0; i < n; i++)
		check_guest_emulated(c, part, pci, &map.spans[i]);
	check_overlaps_within(c, &map, map.count, guest_span_at);
}

/* ---- boot images ------------------------------------------------------- */

static const char *image_role_name(uint32_t role)
{
	switch (role) {
	case SK_IMAGE_KERNEL:
		return "kernel";
	case SK_IMAGE_DTB:
		return "dtb";
	case SK_IMAGE_INITRD:
		return "initrd";
	default:
		return NULL;
	}
}

/* The well-formed region whose guest range holds addr, or -1. */
static int region_holding(const struct check_ctx *c, uint32_t p, uint64_t addr)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];

	for (uint32_t i = 0; i < SK_MAX_REGIONS; i++) {
		const struct sk_cfg_region *r = &part->regions[i];

		if (c->region_guest_ok[p][i] && addr >= r->guest &&
		    addr - r->guest < r->size)
			return (int)i;
	}
	return -1;
}

/* The image fits in one region; a kernel also needs it executable. */
static void check_image_fit(struct check_ctx *c, uint32_t p,
			    const struct sk_cfg_image *img)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	int idx = region_holding(c, p, img->load);
	const struct sk_cfg_region *r;
	uint64_t room;
	struct check_str other;

	if (idx < 0) {
		FAIL_AT(c, img->path,
			"load address 0x%llx is not inside any memory region of %s",
			ull(img->load),
			check_copy(&other, part->path, sizeof(part->path)));
		return;
	}
	r = &part->regions[idx];
	room = r->size - (img->load - r->guest);
	if (img->size > room)
		FAIL_AT(c, img->path,
			"image is oversized: %llu bytes, but only %llu bytes are left in %s after load address 0x%llx",
			ull(img->size), ull(room),
			check_copy(&other, r->path, sizeof(r->path)),
			ull(img->load));
	if (img->role == SK_IMAGE_KERNEL && (r->access & SK_ACCESS_EXEC) == 0u)
		FAIL_AT(c, img->path,
			"kernel is loaded in %s, which is not executable (no 'x' in its access)",
			check_copy(&other, r->path, sizeof(r->path)));
}

/* Image k of the partition (set) as the subject or the other side of a
 * guest-physical overlap; only an image of known role and sound range. */
static bool image_span_at(const struct check_ctx *c, const void *set,
			  uint32_t k, struct check_span *out)
{
	const struct sk_cfg_image *img =
		&((const struct sk_cfg_partition *)set)->images[k];

	(void)c;
	*out = (struct check_span){ .base = img->load, .size = img->size,
				    .path = img->path, .what = "guest range",
				    .prefix = "image ", .name = img->path };
	return image_role_name(img->role) != NULL && img->size != 0u &&
	       range_fits_u64(img->load, img->size);
}

/* At most one image per role. */
static void check_image_role(struct check_ctx *c,
			     const struct sk_cfg_partition *part, uint32_t i)
{
	const struct sk_cfg_image *img = &part->images[i];
	struct check_str other;

	for (uint32_t j = 0; j < i; j++) {
		const struct sk_cfg_image *o = &part->images[j];

		if (o->role != img->role)
			continue;
		FAIL_AT(c, img->path, "second %s image: %s is one already",
			image_role_name(img->role),
			check_copy(&other, o->path, sizeof(o->path)));
		return;
	}
}

static void check_images(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t count = clamp_count(c, part->path, sizeof(part->path),
				     "images", part->image_count, SK_MAX_IMAGES);
	bool kernel = false;

	for (uint32_t i = 0; i < count; i++) {
		const struct sk_cfg_image *img = &part->images[i];

		if (image_role_name(img->role) == NULL) {
			FAIL_AT(c, img->path, "unknown image role %u", img->role);
			continue;
		}
		kernel = kernel || img->role == SK_IMAGE_KERNEL;
		check_image_role(c, part, i);
		if (img->size == 0u) {
			FAIL_AT(c, img->path, "image is empty (size 0)");
			continue;
		}
		if (!range_fits_u64(img->load, img->size)) {
			FAIL_AT(c, img->path,
				"load 0x%llx + size 0x%llx overflows 64 bits",
				ull(img->load), ull(img->size));
			continue;
		}
		check_image_fit(c, p, img);
	}
	check_overlaps_within(c, part, count, image_span_at);
	if (!kernel)
		FAIL_AT(c, part->path, "partition has no kernel image");
}

/* ---- driver ------------------------------------------------------------ */

static void check_partition(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t regions = clamp_count(c, part->path, sizeof(part->path),
				       "memory regions", part->region_count,
				       SK_MAX_REGIONS);
	uint32_t devices = clamp_count(c, part->path, sizeof(part->path),
				       "devices", part->device_count,
				       SK_MAX_DEVICES);

	check_partition_name(c, p);
	check_partition_cpus(c, p);
	check_partition_policies(c, part);
	check_regions(c, p, regions);
	check_devices(c, p, devices);
	check_vpci_map(c, p);
	for (uint32_t d = 0; d < devices; d++)
		check_device_irqs(c, p, d);
}

unsigned config_check(const struct sk_config *cfg,
		      const struct sk_platform_facts *plat,
		      sk_config_report_fn report, void *ctx)
{
	struct check_ctx c;

	check_ctx_init(&c, cfg, plat, report, ctx);
	check_header(&c);
	check_counts(&c);
	check_ram_banks(&c);
	check_hypervisor(&c);
	/* Per-element checks first: they decide which elements are
	 * well-formed enough to be compared with each other. */
	for (uint32_t p = 0; p < c.partitions; p++)
		check_partition(&c, p);
	check_overlaps_within(&c, NULL, c.partitions * SK_MAX_REGIONS,
			      region_span_at);
	check_overlaps_within(&c, NULL, c.partitions * SK_MAX_DEVICES,
			      device_span_at);
	check_policy(&c);
	check_channels(&c);
	check_schedule(&c);
	check_dma(&c);
	for (uint32_t p = 0; p < c.partitions; p++) {
		check_guest_overlaps(&c, p);
		check_images(&c, p);
	}
	return c.rep.errors;
}

void config_platform_from_config(const struct sk_config *cfg,
				 struct sk_platform_facts *plat)
{
	uint32_t banks = min_u32(cfg->ram_bank_count, SK_MAX_RAM_BANKS);

	(void)sk_memset(plat, 0, sizeof(*plat));
	plat->cpu_count = cfg->platform_cpu_count;
	plat->ram_bank_count = banks;
	for (uint32_t b = 0; b < banks; b++)
		plat->ram[b] = cfg->ram[b];
}
