/* SPDX-License-Identifier: MIT */
/*
 * The check of guest_dt.h. Bindings followed: the devicetree specification
 * v0.4 (memory and cpus nodes, "reg", "ranges", "status"), Linux's
 * arm,gic.yaml (GICv2: distributor then CPU interface; PPI flags bits
 * 15:8 the CPU mask), arm,gic-v3.yaml (distributor then the redistributor
 * regions, "#redistributor-regions", default 1), arm,arch_timer.yaml and
 * arm,pl011.yaml. Interrupt specifiers of the GIC are <type number flags>,
 * type 0 an SPI numbered from INTID 32, type 1 a PPI numbered from 16.
 */
#define _POSIX_C_SOURCE 200809L

#include "guest_dt.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/vpci_map.h"
#include "dtb_walk.h"
#include "lib/fdt.h"
#include "spec/gic.h"
#include "spec/gic_dt.h"

#define CELL               4u
#define GICD_SIZE          0x10000ull  /* the distributor's 64 KiB frame */
#define GICC_SIZE          0x2000ull   /* GICv2 CPU interface: 8 KiB */
#define GICR_PER_VCPU      0x20000ull  /* RD_base + SGI_base, 64 KiB each */
#define PPI_CPU_MASK_SHIFT 8u          /* GICv2 PPI flags bits 15:8 */
#define PPI_CPU_MASK_BITS  0xffu
#define NODE_PATH_MAX      256u
#define LIST_MAX           96u

struct gdt {
	const struct fdt *fdt;
	const struct sk_config *cfg;
	const struct sk_cfg_partition *part;
	const struct sk_cfg_image *img;
	struct sk_config_reporter *rep;
	unsigned errors;
	int gic;              /* the GIC node, or -1 */
	uint32_t gic_version; /* what that node is: 2 or 3, 0 if none */
	int vuart;            /* the virtual PL011's node, or -1 */
	/* The CPU nodes match the vCPUs. When they do not, the GIC's
	 * per-vCPU sizes and masks are not checked: one mistake (a tree
	 * for another number of vCPUs), one report. */
	bool cpus_ok;
};

/* Reports "FILE: NODE: what" at the dtb image's configuration path. */
__attribute__((format(printf, 3, 4)))
static void fail(struct gdt *g, int node, const char *fmt, ...)
{
	char node_path[NODE_PATH_MAX];
	char msg[SK_CONFIG_MSG_MAX];
	va_list ap;

	if (fdt_node_path(g->fdt, node, node_path, sizeof(node_path)) < 0)
		(void)snprintf(node_path, sizeof(node_path), "?");
	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	config_report(g->rep, g->img->path, SK_PATH_MAX, "%s: %s: %s",
		      g->img->file, node_path, msg);
	g->errors++;
}

static unsigned long long ull(uint64_t v)
{
	return (unsigned long long)v;
}

static bool has_prop(const struct fdt *fdt, int node, const char *name)
{
	uint32_t len;

	return fdt_get_prop(fdt, node, name, &len) != NULL;
}

/* Linux ignores a node whose status is anything but "okay" or "ok". */
static bool node_enabled(const struct fdt *fdt, int node)
{
	const char *s = fdt_get_string(fdt, node, "status");

	return s == NULL || strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

static bool is_type(const struct fdt *fdt, int node, const char *type)
{
	const char *s = fdt_get_string(fdt, node, "device_type");

	return s != NULL && strcmp(s, type) == 0;
}

/* The partition's "cpus" as written: "<0 1>". */
static void cpu_list(const struct sk_cfg_partition *part, char *buf,
		     size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t i = 0; i < part->cpu_count && i < SK_MAX_CPUS; i++) {
		int n = snprintf(buf + at, size - at, "%s%u", i != 0u ? " " : "",
				 part->cpus[i]);

		if (n < 0 || (size_t)n >= size - at)
			break;
		at += (size_t)n;
	}
}

/* ---- CPUs ---------------------------------------------------------- */

/* vCPU i's MPIDR is 0.0.0.i (core/vpsci.c), so the CPU nodes' reg are
 * 0 .. vCPUs - 1, one each. */
static void check_cpus(struct gdt *g)
{
	int cpus = fdt_find_node(g->fdt, "/cpus");
	uint32_t n = g->part->cpu_count;
	uint32_t found = 0;
	uint32_t seen_mask = 0;
	char list[LIST_MAX];
	int seen = 0;

	g->cpus_ok = true;
	if (cpus < 0)
		return;
	cpu_list(g->part, list, sizeof(list));
	for (int c = fdt_first_child(g->fdt, cpus); c >= 0 && seen < DTB_WALK_MAX;
	     c = fdt_next_sibling(g->fdt, c), seen++) {
		uint64_t reg = 0, size = 0;

		if (!is_type(g->fdt, c, "cpu") || !node_enabled(g->fdt, c))
			continue;
		found++;
		g->cpus_ok = g->cpus_ok && found <= n;
		if (!fdt_get_reg(g->fdt, c, 0, &reg, &size)) {
			fail(g, c, "a CPU node without a readable reg: give it reg = <N>, N its vCPU index (0..%u)",
			     n - 1u);
		} else if (reg >= n) {
			fail(g, c, "CPU node with reg %llu, but the partition has %u vCPU(s) (cpus = <%s>), whose MPIDRs are 0..%u: delete this node (as guests/linux/linux-1cpu.dts deletes cpu@1) or give the partition more CPUs",
			     ull(reg), n, list, n - 1u);
		} else if ((seen_mask & (1u << reg)) != 0u) {
			fail(g, c, "a second CPU node with reg %llu: each vCPU has one node", ull(reg));
		} else {
			seen_mask |= 1u << reg;
		}
	}
	if (found < n) {
		g->cpus_ok = false;
		fail(g, cpus, "%u CPU node(s), but the partition has %u vCPUs (cpus = <%s>): Linux would use only %u; add a node per vCPU, reg = <0> .. <%u>, enable-method = \"psci\"",
		     found, n, list, found, n - 1u);
	}
}

/* ---- memory -------------------------------------------------------- */

/* The partition's RAM region holding guest address a, or NULL. */
static const struct sk_cfg_region *region_at(const struct sk_cfg_partition *part,
					     uint64_t a)
{
	for (uint32_t r = 0; r < part->region_count && r < SK_MAX_REGIONS; r++) {
		const struct sk_cfg_region *reg = &part->regions[r];

		if (a >= reg->guest && a - reg->guest < reg->size)
			return reg;
	}
	return NULL;
}

/* True when the partition's regions cover [base, base + size) (regions
 * may meet end to end); else *gap is the first address they miss. */
static bool regions_cover(const struct sk_cfg_partition *part, uint64_t base,
			  uint64_t size, uint64_t *gap)
{
	uint64_t at = base;
	uint64_t end = base + size;

	if (end < base) {
		*gap = base;
		return false;
	}
	for (uint32_t step = 0; at < end && step <= SK_MAX_REGIONS; step++) {
		const struct sk_cfg_region *reg = region_at(part, at);

		if (reg == NULL) {
			*gap = at;
			return false;
		}
		at = reg->guest + reg->size;
	}
	*gap = at;
	return at >= end;
}

/* "guest 0x40000000-0x4fffffff (/partitions/x/memory/ram)" for each region. */
static void region_list(const struct sk_cfg_partition *part, char *buf,
			size_t size)
{
	size_t at = 0;

	buf[0] = '\0';
	for (uint32_t r = 0; r < part->region_count && r < SK_MAX_REGIONS; r++) {
		const struct sk_cfg_region *reg = &part->regions[r];
		int n = snprintf(buf + at, size - at, "%s0x%llx-0x%llx", r != 0u ? ", " : "",
				 ull(reg->guest), ull(reg->guest + reg->size - 1u));

		if (n < 0 || (size_t)n >= size - at)
			break;
		at += (size_t)n;
	}
}

static void check_memory(struct gdt *g)
{
	char list[SK_CONFIG_MSG_MAX / 2u];
	int node = fdt_root(g->fdt);

	region_list(g->part, list, sizeof(list));
	for (int seen = 0; node >= 0 && seen < DTB_WALK_MAX; seen++) {
		uint64_t base, size, gap;

		if (is_type(g->fdt, node, "memory") && node_enabled(g->fdt, node)) {
			for (uint32_t i = 0; i < SK_MAX_REGIONS * 4u &&
			     dtb_reg_cpu(g->fdt, node, i, &base, &size); i++) {
				if (size == 0u || regions_cover(g->part, base, size, &gap))
					continue;
				fail(g, node, "RAM 0x%llx-0x%llx, but the partition's memory is guest %s (%s/memory): the guest faults at 0x%llx; make reg fit (e.g. <0x%llx 0x%llx 0x%llx 0x%llx>) or give the partition that memory",
				     ull(base), ull(base + size - 1u), list,
				     g->part->path, ull(gap),
				     ull(g->part->regions[0].guest >> 32),
				     ull(g->part->regions[0].guest & 0xffffffffu),
				     ull(g->part->regions[0].size >> 32),
				     ull(g->part->regions[0].size & 0xffffffffu));
			}
		}
		node = dtb_next_node(g->fdt, node);
	}
}

/* ---- the GIC ------------------------------------------------------- */

static const char *const gic_v2_compatibles[] = {
	"arm,cortex-a15-gic", "arm,gic-400", "arm,cortex-a9-gic",
	"arm,cortex-a7-gic", "arm,arm11mp-gic", "arm,pl390",
};

static uint32_t gic_node_version(const struct fdt *fdt, int node)
{
	if (fdt_prop_has_string(fdt, node, "compatible", "arm,gic-v3"))
		return 3u;
	for (size_t i = 0; i < sizeof(gic_v2_compatibles) / sizeof(gic_v2_compatibles[0]); i++) {
		if (fdt_prop_has_string(fdt, node, "compatible", gic_v2_compatibles[i]))
			return 2u;
	}
	return 0u;
}

static void find_gic(struct gdt *g)
{
	int node = fdt_root(g->fdt);

	for (int seen = 0; node >= 0 && seen < DTB_WALK_MAX; seen++) {
		uint32_t v = gic_node_version(g->fdt, node);

		if (v != 0u && has_prop(g->fdt, node, "interrupt-controller") &&
		    node_enabled(g->fdt, node)) {
			g->gic = node;
			g->gic_version = v;
			return;
		}
		node = dtb_next_node(g->fdt, node);
	}
}

static void check_gic_version(struct gdt *g, struct guest_dt_seen *seen)
{
	uint32_t want = g->cfg->gic_version;

	if (want != 0u && want != g->gic_version) {
		fail(g, g->gic, "a GICv%u, but the board's GIC is a GICv%u (/platform gic-version): Linux would panic probing it; use a GICv%u tree (%s)",
		     g->gic_version, want, want,
		     want == 2u ? "guests/linux/linux-gicv2.dts" : "guests/linux/linux.dts");
		return;
	}
	if (want == 0u && seen->gic_version != 0u &&
	    seen->gic_version != g->gic_version) {
		fail(g, g->gic, "a GICv%u, but %s describes a GICv%u: one board has one GIC; make the trees agree and state it as /platform gic-version",
		     g->gic_version, seen->gic_file, seen->gic_version);
		return;
	}
	if (seen->gic_version == 0u) {
		seen->gic_version = g->gic_version;
		seen->gic_file = g->img->file;
	}
}

static void check_gic_regions(struct gdt *g)
{
	uint64_t base = 0, size = 0;
	uint64_t n = g->part->cpu_count;
	uint32_t regions = 1;

	if (!dtb_reg_cpu(g->fdt, g->gic, 0, &base, &size) ||
	    base != SK_GUEST_GICD_BASE || size != GICD_SIZE) {
		fail(g, g->gic, "the distributor (reg entry 0) must be shikiri's virtual one: <0x0 0x%llx 0x0 0x%llx>",
		     ull(SK_GUEST_GICD_BASE), ull(GICD_SIZE));
		return;
	}
	if (g->gic_version == 2u) {
		if (!dtb_reg_cpu(g->fdt, g->gic, 1, &base, &size) ||
		    base != SK_GUEST_GICC_BASE || size < GICC_SIZE)
			fail(g, g->gic, "the GICv2 CPU interface (reg entry 1) must be at 0x%llx, at least 0x%llx bytes: <0x0 0x%llx 0x0 0x%llx>",
			     ull(SK_GUEST_GICC_BASE), ull(GICC_SIZE),
			     ull(SK_GUEST_GICC_BASE), ull(GICC_SIZE));
		return;
	}
	(void)fdt_get_u32(g->fdt, g->gic, "#redistributor-regions", &regions);
	if (regions != 1u) {
		fail(g, g->gic, "#redistributor-regions = <%u>, but shikiri gives one region of 128 KiB x %llu vCPU(s) at 0x%llx: make it <1>",
		     regions, ull(n), ull(SK_GUEST_GICR_BASE));
		return;
	}
	if (!dtb_reg_cpu(g->fdt, g->gic, 1, &base, &size) ||
	    base != SK_GUEST_GICR_BASE ||
	    (size != GICR_PER_VCPU * n && g->cpus_ok))
		fail(g, g->gic, "the redistributor region (reg entry 1) must be 128 KiB x %llu vCPU(s) at 0x%llx: <0x0 0x%llx 0x0 0x%llx>; Linux finds a redistributor per vCPU there",
		     ull(n), ull(SK_GUEST_GICR_BASE), ull(SK_GUEST_GICR_BASE),
		     ull(GICR_PER_VCPU * n));
}

/* ---- the timer ----------------------------------------------------- */

/* On GICv2 the flags of each timer PPI carry the mask of the CPUs it is
 * wired to: the partition's vCPUs, bits 0..n-1. */
static void check_timer(struct gdt *g)
{
	uint32_t want = (1u << g->part->cpu_count) - 1u;
	int node = fdt_find_compatible(g->fdt, -1, "arm,armv8-timer");

	if (g->gic_version != 2u || node < 0)
		return;
	for (int seen = 0; node >= 0 && seen < DTB_WALK_MAX; seen++) {
		uint32_t len = 0;
		const uint8_t *irq = fdt_get_prop(g->fdt, node, "interrupts", &len);

		for (uint32_t at = 0; irq != NULL && at + GIC_DT_INTR_CELLS * CELL <= len;
		     at += GIC_DT_INTR_CELLS * CELL) {
			uint32_t type = (uint32_t)fdt_read_cells(irq + at, 1);
			uint32_t num = (uint32_t)fdt_read_cells(irq + at + CELL, 1);
			uint32_t flags = (uint32_t)fdt_read_cells(irq + at + (size_t)2u * CELL, 1);
			uint32_t mask = (flags >> PPI_CPU_MASK_SHIFT) & PPI_CPU_MASK_BITS;

			if (type != GIC_DT_INTR_PPI || mask == want)
				continue;
			fail(g, node, "PPI %u has CPU mask 0x%x (flags 0x%x), but on GICv2 it must name the partition's %u vCPU(s): flags 0x%x",
			     num, mask, flags, g->part->cpu_count,
			     (flags & ~(PPI_CPU_MASK_BITS << PPI_CPU_MASK_SHIFT)) |
				     (want << PPI_CPU_MASK_SHIFT));
			break;
		}
		node = fdt_find_compatible(g->fdt, node, "arm,armv8-timer");
	}
}

/* ---- the virtual PL011 --------------------------------------------- */

static int find_vuart(const struct gdt *g)
{
	int node = fdt_find_compatible(g->fdt, -1, "arm,pl011");

	for (int seen = 0; node >= 0 && seen < DTB_WALK_MAX; seen++) {
		uint64_t base = 0, size = 0;

		if (node_enabled(g->fdt, node) &&
		    dtb_reg_cpu(g->fdt, node, 0, &base, &size) &&
		    base == SK_GUEST_UART_BASE)
			return node;
		node = fdt_find_compatible(g->fdt, node, "arm,pl011");
	}
	return -1;
}

/* The first GIC SPI of node's "interrupts" (as an INTID), 0 if none. */
static uint32_t first_spi(const struct gdt *g, int node)
{
	uint32_t len = 0;
	const uint8_t *irq = fdt_get_prop(g->fdt, node, "interrupts", &len);

	if (irq == NULL || len < GIC_DT_INTR_CELLS * CELL ||
	    fdt_read_cells(irq, 1) != GIC_DT_INTR_SPI)
		return 0;
	return (uint32_t)fdt_read_cells(irq + CELL, 1) + GIC_INTID_SPI_FIRST;
}

static void check_vuart(struct gdt *g)
{
	bool pl011 = g->part->console == SK_CONSOLE_PL011;

	g->vuart = find_vuart(g);
	if (g->vuart < 0) {
		/* A full machine description (Linux's) needs it to print. */
		if (pl011 && fdt_find_node(g->fdt, "/cpus") >= 0)
			fail(g, fdt_root(g->fdt), "the partition's console is \"pl011\", but the tree has no arm,pl011 node at 0x%llx: the guest would print nowhere; add the node of guests/linux/linux-common.dtsi (pl011@9000000)",
			     ull(SK_GUEST_UART_BASE));
		return;
	}
	if (!pl011) {
		fail(g, g->vuart, "a PL011 at 0x%llx, but the partition's console is not \"pl011\": the guest would fault on it; set console = \"pl011\" in %s or delete the node",
		     ull(SK_GUEST_UART_BASE), g->part->path);
		return;
	}
	if (first_spi(g, g->vuart) != SK_GUEST_UART_INTID)
		fail(g, g->vuart, "the virtual PL011's interrupt must be SPI %u (INTID %u): interrupts = <0 %u 4>",
		     SK_GUEST_UART_INTID - GIC_INTID_SPI_FIRST, SK_GUEST_UART_INTID,
		     SK_GUEST_UART_INTID - GIC_INTID_SPI_FIRST);
}

/* ---- pass-through devices ------------------------------------------ */

/* The first channel reaching the partition as a PCI function, or NULL. */
static const struct sk_cfg_channel *pci_channel_of(const struct sk_config *cfg,
						   const char *name)
{
	for (uint32_t c = 0; c < cfg->channel_count && c < SK_MAX_CHANNELS; c++) {
		for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
			const struct sk_cfg_endpoint *ep = &cfg->channels[c].endpoints[e];

			if (ep->interface == SK_ENDPOINT_PCI &&
			    strncmp(ep->partition, name, SK_NAME_MAX) == 0)
				return &cfg->channels[c];
		}
	}
	return NULL;
}

static bool inside(uint64_t base, uint64_t size, uint64_t b, uint64_t s)
{
	return base >= b && size <= s && base - b <= s - size;
}

/* A hypercall channel endpoint's memory, which the tree may describe. */
static bool in_channel(const struct sk_config *cfg, const char *name,
		       uint64_t base, uint64_t size)
{
	for (uint32_t c = 0; c < cfg->channel_count && c < SK_MAX_CHANNELS; c++) {
		const struct sk_cfg_channel *ch = &cfg->channels[c];

		for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
			const struct sk_cfg_endpoint *ep = &ch->endpoints[e];

			if (strncmp(ep->partition, name, SK_NAME_MAX) == 0 &&
			    inside(base, size, ep->guest, ch->size))
				return true;
		}
	}
	return false;
}

/* The pass-through device whose guest window holds the range, or NULL. */
static const struct sk_cfg_device *device_at(const struct sk_cfg_partition *part,
					     uint64_t base, uint64_t size)
{
	for (uint32_t d = 0; d < part->device_count && d < SK_MAX_DEVICES; d++) {
		const struct sk_cfg_device *dev = &part->devices[d];

		if (inside(base, size, dev->guest, dev->size))
			return dev;
	}
	return NULL;
}

static bool device_has_irq(const struct sk_cfg_device *dev, uint32_t intid)
{
	for (uint32_t i = 0; i < dev->irq_count && i < SK_MAX_DEVICE_IRQS; i++) {
		if (dev->irqs[i] == intid)
			return true;
	}
	return false;
}

/* Each SPI of a device node (its interrupt parent the GIC) must be one
 * the configuration gives the device: no other reaches the partition. */
static void check_device_irqs(struct gdt *g, int node,
			      const struct sk_cfg_device *dev)
{
	uint32_t len = 0;
	const uint8_t *irq = fdt_get_prop(g->fdt, node, "interrupts", &len);

	if (irq == NULL || g->gic < 0 || dtb_interrupt_parent(g->fdt, node) != g->gic)
		return;
	for (uint32_t at = 0; at + GIC_DT_INTR_CELLS * CELL <= len;
	     at += GIC_DT_INTR_CELLS * CELL) {
		uint32_t intid;

		if (fdt_read_cells(irq + at, 1) != GIC_DT_INTR_SPI)
			continue;
		intid = (uint32_t)fdt_read_cells(irq + at + CELL, 1) + GIC_INTID_SPI_FIRST;
		if (!device_has_irq(dev, intid)) {
			fail(g, node, "interrupt SPI %u (INTID %u) is not one of %s's interrupts: it would never arrive; add %u to its interrupts or correct the node",
			     intid - GIC_INTID_SPI_FIRST, intid, dev->path, intid);
			return;
		}
	}
}

/* Nodes the device check leaves to the others: the GIC, the virtual UART,
 * CPUs and memory, and buses (a node with "ranges", but for a PCI host:
 * its ECAM is a device), whose children are checked. */
static bool device_check_skips(const struct gdt *g, int node)
{
	return node == fdt_root(g->fdt) || node == g->gic || node == g->vuart ||
	       is_type(g->fdt, node, "memory") || is_type(g->fdt, node, "cpu") ||
	       !node_enabled(g->fdt, node) ||
	       (has_prop(g->fdt, node, "ranges") && !is_type(g->fdt, node, "pci"));
}

static void check_devices(struct gdt *g)
{
	const struct sk_cfg_partition *part = g->part;
	/* The virtual PCI host carries pci channel endpoints and, for a
	 * manager, its management function (core/vpci.c). */
	const struct sk_cfg_channel *pci_ch = pci_channel_of(g->cfg, part->name);
	bool vpci = pci_ch != NULL || part->manager != 0u;
	bool vpci_seen = false;
	uint64_t ecam = vpci_map_ecam(part);
	int node = fdt_root(g->fdt);

	for (int seen = 0; node >= 0 && seen < DTB_WALK_MAX; seen++) {
		uint64_t base = 0, size = 0, gap = 0;

		if (!device_check_skips(g, node) &&
		    dtb_reg_cpu(g->fdt, node, 0, &base, &size) && size != 0u) {
			const struct sk_cfg_device *dev = device_at(part, base, size);

			if (vpci && base == ecam && is_type(g->fdt, node, "pci"))
				vpci_seen = true;
			if (dev != NULL)
				check_device_irqs(g, node, dev);
			else if (!(vpci && base == ecam) &&
				 !regions_cover(part, base, size, &gap) &&
				 !in_channel(g->cfg, part->name, base, size)) {
				fail(g, node, "0x%llx-0x%llx is none of the partition's devices, memory or channels: its driver would fault probing it; add the device to %s/devices or delete the node (or status = \"disabled\")",
				     ull(base), ull(base + size - 1u), part->path);
			}
		}
		node = dtb_next_node(g->fdt, node);
	}
	/* A channel that reaches the partition as a PCI function is found only
	 * through a PCI host node at the virtual ECAM (a manager's function
	 * too, but a bare-metal manager may use hypercalls alone). */
	if (pci_ch != NULL && !vpci_seen)
		fail(g, fdt_root(g->fdt), "no PCI host node (device_type = \"pci\") at the virtual ECAM 0x%llx: channel '%s' reaches %s as a PCI function there, and its kernel would never find it; add the node (guests/linux/linux-channel.dtsi has one)",
		     ull(ecam), pci_ch->name, part->path);
}

unsigned guest_dt_check(const uint8_t *dtb, size_t dtb_size,
			const struct sk_config *cfg, uint32_t p,
			const struct sk_cfg_image *dtb_img,
			struct guest_dt_seen *seen,
			struct sk_config_reporter *rep)
{
	struct fdt fdt;
	struct gdt g;
	int rc = fdt_open(&fdt, dtb, dtb_size);

	if (rc != 0) {
		config_report(rep, dtb_img->path, SK_PATH_MAX,
			      "%s is not a valid device tree (%s): a dtb image must be a flattened device tree, compiled with dtc",
			      dtb_img->file, fdt_strerror(rc));
		return 1;
	}
	memset(&g, 0, sizeof(g));
	g.fdt = &fdt;
	g.cfg = cfg;
	g.part = &cfg->partitions[p];
	g.img = dtb_img;
	g.rep = rep;
	g.gic = -1;
	g.vuart = -1;
	check_cpus(&g);
	check_memory(&g);
	find_gic(&g);
	if (g.gic >= 0) {
		check_gic_version(&g, seen);
		check_gic_regions(&g);
		if (g.cpus_ok)
			check_timer(&g);
	}
	check_vuart(&g);
	check_devices(&g);
	return g.errors;
}
