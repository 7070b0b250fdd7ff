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

			if (!fdt_get_reg(fdt, n, i, &base, &size))
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
		if (!fdt_get_reg(fdt, n, 0, &mpidr, &unused))
			continue;
		if (b->cpu_count == SK_MAX_CPUS) {
			b->cpus_truncated = true;
			break;
		}
		b->cpu_mpidr[b->cpu_count++] = mpidr & MPIDR_AFF_MASK;
	}
	return b->cpu_count > 0;
}

static bool board_read_gic(const struct fdt *fdt, struct board *b)
{
	int n = fdt_find_compatible(fdt, -1, "arm,gic-v3");

	if (n >= 0) {
		b->gic_version = BOARD_GIC_V3;
		return fdt_get_reg(fdt, n, 0, &b->gicd.base, &b->gicd.size) &&
		       fdt_get_reg(fdt, n, 1, &b->gicr.base, &b->gicr.size);
	}
	n = fdt_find_compatible(fdt, -1, "arm,cortex-a15-gic");
	if (n < 0)
		n = fdt_find_compatible(fdt, -1, "arm,gic-400");
	if (n < 0)
		return false;
	b->gic_version = BOARD_GIC_V2;
	if (!fdt_get_reg(fdt, n, 0, &b->gicd.base, &b->gicd.size) ||
	    !fdt_get_reg(fdt, n, 1, &b->gicc.base, &b->gicc.size))
		return false;
	/* The virtualization extension's frames are optional in the binding
	 * (entries 2 and 3); their absence is reported when needed. */
	(void)fdt_get_reg(fdt, n, 2, &b->gich.base, &b->gich.size);
	(void)fdt_get_reg(fdt, n, 3, &b->gicv.base, &b->gicv.size);
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

/* The console UART: /chosen/stdout-path if it names a PL011, else the
 * first PL011. */
static bool board_read_uart(const struct fdt *fdt, struct board *b)
{
	int n = -1;
	const char *path = NULL;
	int chosen = fdt_find_node(fdt, "/chosen");

	if (chosen >= 0)
		path = fdt_get_string(fdt, chosen, "stdout-path");
	if (path != NULL) {
		char node_path[128];
		uint32_t i = 0;

		/* stdout-path may carry ":options" after the path. */
		while (path[i] != '\0' && path[i] != ':' &&
		       i + 1 < sizeof(node_path)) {
			node_path[i] = path[i];
			i++;
		}
		node_path[i] = '\0';
		n = fdt_find_node(fdt, node_path);
		if (n >= 0 && !fdt_prop_has_string(fdt, n, "compatible",
						   "arm,pl011"))
			n = -1;
	}
	if (n < 0)
		n = fdt_find_compatible(fdt, -1, "arm,pl011");
	if (n < 0)
		return false;
	board_read_spi(fdt, n, &b->uart_intid);
	return fdt_get_reg(fdt, n, 0, &b->uart.base, &b->uart.size);
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
	struct fdt fdt;
	int rc;

	(void)sk_memset(b, 0, sizeof(*b));
	rc = fdt_open(&fdt, dtb, BOARD_DT_MAX_SIZE);
	if (rc != 0) {
		(void)sk_snprintf(err, err_size,
				  "no valid device tree at %p: %s", dtb,
				  fdt_strerror(rc));
		return false;
	}
	if (!board_read_memory(&fdt, b))
		return board_fail(err, err_size,
				  "device tree: no /memory node with a usable reg");
	if (!board_read_cpus(&fdt, b))
		return board_fail(err, err_size,
				  "device tree: no CPU in /cpus");
	if (!board_read_gic(&fdt, b))
		return board_fail(err, err_size,
				  "device tree: no GICv2/GICv3 interrupt controller with reg");
	if (!board_read_uart(&fdt, b))
		return board_fail(err, err_size,
				  "device tree: no PL011 UART");
	board_read_psci(&fdt, b);
	return true;
}
