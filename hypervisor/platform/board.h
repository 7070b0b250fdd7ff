/* SPDX-License-Identifier: MIT */
/*
 * The board as the boot device tree describes it: the only source of
 * addresses for RAM, CPUs, the GIC, the UART and the PSCI conduit.
 */
#ifndef SK_PLATFORM_BOARD_H
#define SK_PLATFORM_BOARD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"

enum board_gic_version {
	BOARD_GIC_NONE = 0,
	BOARD_GIC_V2 = 2,
	BOARD_GIC_V3 = 3,
};

enum board_psci_conduit {
	BOARD_PSCI_NONE = 0,
	BOARD_PSCI_SMC,
	BOARD_PSCI_HVC,
};

struct board {
	uint32_t cpu_count;
	uint64_t cpu_mpidr[SK_MAX_CPUS];
	uint32_t ram_bank_count;
	struct sk_cfg_range ram[SK_MAX_RAM_BANKS];
	struct sk_cfg_range uart;
	uint32_t uart_intid;        /* its interrupt, 0 if none described */
	enum board_gic_version gic_version;
	struct sk_cfg_range gicd;
	struct sk_cfg_range gicr;   /* v3: redistributor region */
	struct sk_cfg_range gicc;   /* v2: CPU interface */
	struct sk_cfg_range gich;   /* v2: virtual interface control */
	struct sk_cfg_range gicv;   /* v2: virtual CPU interface */
	enum board_psci_conduit psci;
	uint32_t timer_hyp_ppi;     /* EL2 physical timer INTID (later use) */
	bool cpus_truncated;        /* DT listed more CPUs than SK_MAX_CPUS */
};

/* Fills *b from the device tree blob. On failure returns false and writes
 * a one-line reason into err. */
bool board_from_dt(const void *dtb, struct board *b, char *err,
		   uint32_t err_size);

#endif
