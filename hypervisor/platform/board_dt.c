/* SPDX-License-Identifier: MIT */
#include "platform/board.h"

#include "lib/fdt.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "spec/gic.h"
#include "spec/gic_dt.h"
#include "spec/mpidr.h"

/* The largest device tree we accept (QEMU's virt tree is about 1 MiB with
 * its fixed padding). */
#define BOARD_DT_MAX_SIZE (2u << 20)
/* The longest node path a stdout-path or alias may name. */
#define BOARD_PATH_MAX 128u
/* GICv2 CPU interface: two 4 KiB pages (GIC architecture specification,
 * IHI 0048B, 4.3: GICC_DIR at 0x1000); aliased each over 64 KiB. */
#define BOARD_GIC_CPUIF_SIZE 0x2000u
#define BOARD_GIC_ALIASED_REGION 0x20000u
#define BOARD_GIC_ALIAS_OFFSET 0xf000u

static bool board_fail(char *err, uint32_t size, const char *what)
{
	(void)sk_snprintf(err, size, "%s", what);
	return false;
}

static bool board_read_memory(const struct fdt *fdt, struct board *b)
{
	int root = fdt_root(fdt);

	for (int n = fdt_first_child(fdt, root); n >= 0;
	     n = fdt_next_sibling(fdt, n)) {
		const char *type = fdt_get_string(fdt, n, "device_type");

		if (type == NULL || sk_strcmp(type, "memory") != 0)
			continue;
		for (uint32_t i = 0; b->ram_bank_count < SK_MAX_RAM_BANKS; i++) {
			uint64_t base, size;

			if (!fdt_get_reg_in(fdt, root, n, i, &base, &size))
				break;
			if (size == 0)
				continue;
			b->ram[b->ram_bank_count].base = base;
			b->ram[b->ram_bank_count].size = size;
			b->ram_bank_count++;
		}
	}
	return b->ram_bank_count > 0;
}

static bool board_read_cpus(const struct fdt *fdt, struct board *b)
{
	int cpus = fdt_find_node(fdt, "/cpus");

	if (cpus < 0)
		return false;
	for (int n = fdt_first_child(fdt, cpus); n >= 0;
	     n = fdt_next_sibling(fdt, n)) {
		const char *type = fdt_get_string(fdt, n, "device_type");
		uint64_t mpidr, unused;

		if (type == NULL || sk_strcmp(type, "cpu") != 0)
			continue;
		if (!fdt_get_reg_in(fdt, cpus, n, 0, &mpidr, &unused))
			continue;
		if (b->cpu_count == SK_MAX_CPUS) {
			b->cpus_truncated = true;
			break;
		}
		b->cpu_mpidr[b->cpu_count++] = mpidr & MPIDR_AFF_MASK;
	}
	return b->cpu_count > 0;
}

/* BOARD_QUIRK_GICV2_ALIASED_64K: a 128 KiB region of a 64 KiB-aliased
 * 4 KiB+4 KiB interface becomes the 8 KiB that is contiguous (Linux,
 * drivers/irqchip/irq-gic.c gic_check_eoimode). A region the DT already
 * gives as 8 KiB is left alone. */
static void board_gicv2_unalias(struct sk_cfg_range *r)
{
	if (r->size == BOARD_GIC_ALIASED_REGION) {
		r->base += BOARD_GIC_ALIAS_OFFSET;
		r->size = BOARD_GIC_CPUIF_SIZE;
	}
}

static bool board_read_gic(const struct fdt *fdt, struct board *b)
{
	int n = fdt_find_compatible(fdt, -1, "arm,gic-v3");
	int p; /* its parent, found once for every "reg" entry */

	if (n >= 0) {
		b->gic_version = BOARD_GIC_V3;
		p = fdt_parent(fdt, n);
		return fdt_get_reg_in(fdt, p, n, 0, &b->gicd.base, &b->gicd.size) &&
		       fdt_get_reg_in(fdt, p, n, 1, &b->gicr.base, &b->gicr.size);
	}
	n = fdt_find_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (n < 0)
		n = fdt_find_compatible(fdt, -1, "arm,gic-400");
	if (n < 0)
		return false;
	b->gic_version = BOARD_GIC_V2;
	p = fdt_parent(fdt, n);
	if (!fdt_get_reg_in(fdt, p, n, 0, &b->gicd.base, &b->gicd.size) ||
	    !fdt_get_reg_in(fdt, p, n, 1, &b->gicc.base, &b->gicc.size))
		return false;
	/* The virtualization extension's frames are optional in the binding
	 * (entries 2 and 3); their absence is reported when needed. */
	(void)fdt_get_reg_in(fdt, p, n, 2, &b->gich.base, &b->gich.size);
	(void)fdt_get_reg_in(fdt, p, n, 3, &b->gicv.base, &b->gicv.size);
	b->gicc_window = b->gicc;
	b->gicv_window = b->gicv;
	if ((b->quirks & BOARD_QUIRK_GICV2_ALIASED_64K) != 0u) {
		board_gicv2_unalias(&b->gicc);
		board_gicv2_unalias(&b->gicv);
	}
	return true;
}

static void board_read_spi(const struct fdt *fdt, int node, uint32_t *intid)
{
	uint32_t len;
	const uint8_t *v = fdt_get_prop(fdt, node, "interrupts", &len);

	*intid = 0;
	if (v == NULL || len < 4u * GIC_DT_INTR_CELLS ||
	    fdt_read_cells(v, 1) != GIC_DT_INTR_SPI)
		return;
	*intid = GIC_INTID_SPI_FIRST + (uint32_t)fdt_read_cells(v + 4, 1);
}

/* Copies a path up to ':' (stdout-path may carry ":115200n8" options)
 * into buf; false if it does not fit. */
static bool board_path_copy(const char *path, char *buf, uint32_t size)
{
	uint32_t i = 0;

	while (path[i] != '\0' && path[i] != ':') {
		if (i + 1u >= size)
			return false;
		buf[i] = path[i];
		i++;
	}
	buf[i] = '\0';
	return true;
}

/* The node a stdout-path names: a full path, or an alias ("serial0") that
 * /aliases turns into one (Devicetree Specification v0.4, 3.3 and 3.6).
 * *path is set to the node's full path as the DT spells it. */
static int board_stdout_node(const struct fdt *fdt, const char *stdout_path,
			     const char **path)
{
	char name[BOARD_PATH_MAX];
	int aliases;

	if (!board_path_copy(stdout_path, name, sizeof(name)))
		return -1;
	if (name[0] == '/') {
		*path = stdout_path;
		return fdt_find_node(fdt, name);
	}
	aliases = fdt_find_node(fdt, "/aliases");
	if (aliases < 0)
		return -1;
	*path = fdt_get_string(fdt, aliases, name);
	if (*path == NULL || !board_path_copy(*path, name, sizeof(name)))
		return -1;
	return fdt_find_node(fdt, name);
}

/* The console UART: the node /chosen/stdout-path names (through an alias
 * too), else the first PL011 (QEMU's virt tree without a /chosen). Which
 * driver serves it is decided by its compatible (drivers/uart.h). */
static bool board_read_uart(const struct fdt *fdt, struct board *b)
{
	int n = -1;
	const char *path = NULL;
	int chosen = fdt_find_node(fdt, "/chosen");

	if (chosen >= 0)
		path = fdt_get_string(fdt, chosen, "stdout-path");
	if (path != NULL)
		n = board_stdout_node(fdt, path, &b->uart_path);
	if (n < 0) {
		n = fdt_find_compatible(fdt, -1, "arm,pl011");
		b->uart_path = NULL;
	}
	if (n < 0)
		return false;
	b->uart_compat = fdt_get_prop(fdt, n, "compatible", &b->uart_compat_len);
	board_read_spi(fdt, n, &b->uart_intid);
	return fdt_get_reg(fdt, n, 0, &b->uart.base, &b->uart.size);
}

/* Which known board this is, by the root's compatible. */
static void board_identify(const struct fdt *fdt, struct board *b)
{
	int root = fdt_root(fdt);

	b->name = "unknown board";
	b->quirks = 0;
	b->shared = NULL;
	b->shared_count = 0;
	for (uint32_t i = 0; i < BOARD_DESC_COUNT; i++) {
		if (fdt_prop_has_string(fdt, root, "compatible",
					board_descs[i]->compatible)) {
			b->name = board_descs[i]->name;
			b->quirks = board_descs[i]->quirks;
			b->shared = board_descs[i]->shared;
			b->shared_count = board_descs[i]->shared_count;
			return;
		}
	}
}

static void board_read_psci(const struct fdt *fdt, struct board *b)
{
	int n = fdt_find_compatible(fdt, -1, "arm,psci-0.2");
	const char *method;

	if (n < 0)
		n = fdt_find_compatible(fdt, -1, "arm,psci-1.0");
	if (n < 0)
		return;
	method = fdt_get_string(fdt, n, "method");
	if (method == NULL)
		return;
	if (sk_strcmp(method, "smc") == 0)
		b->psci = BOARD_PSCI_SMC;
	else if (sk_strcmp(method, "hvc") == 0)
		b->psci = BOARD_PSCI_HVC;
}

bool board_from_dt(const void *dtb, struct board *b, char *err,
		   uint32_t err_size)
{
	struct fdt *fdt = &b->dt;
	int rc;

	(void)sk_memset(b, 0, sizeof(*b));
	rc = fdt_open(fdt, dtb, BOARD_DT_MAX_SIZE);
	if (rc != 0) {
		(void)sk_snprintf(err, err_size,
				  "no valid device tree at %p: %s", dtb,
				  fdt_strerror(rc));
		return false;
	}
	board_identify(fdt, b);
	if (!board_read_uart(fdt, b))
		return board_fail(err, err_size,
				  "device tree: no console UART (neither /chosen/stdout-path nor a PL011)");
	if (!board_read_memory(fdt, b))
		return board_fail(err, err_size,
				  "device tree: no /memory node with a usable reg");
	if (!board_read_cpus(fdt, b))
		return board_fail(err, err_size,
				  "device tree: no CPU in /cpus");
	if (!board_read_gic(fdt, b))
		return board_fail(err, err_size,
				  "device tree: no GICv2/GICv3 interrupt controller with reg");
	board_read_psci(fdt, b);
	return true;
}
