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
#include "lib/fdt.h"

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

/* What the device tree cannot say about a board, chosen by the root
 * node's compatible (hypervisor/platform/<board>/). */
/* The GIC-400's CPU interface and virtual CPU interface are 4 KiB pages
 * each repeated over 64 KiB (the second page in the next 64 KiB), and the
 * device tree gives 128 KiB regions: the 8 KiB interface is at +0xf000. */
#define BOARD_QUIRK_GICV2_ALIASED_64K (1u << 0)
/* The GIC's virtual IRQ/FIQ outputs do not reach the CPUs: list registers
 * fill but a vCPU is never interrupted. The hypervisor raises its virtual
 * IRQ itself (HCR_EL2.VI, arch/arm64/gic/vgic_v3_virq.h). */
#define BOARD_QUIRK_GIC_VIRQ_UNWIRED  (1u << 1)

/* A controller every partition's devices depend on (clocks, resets, pins,
 * power): the boot firmware sets it up and no partition may own it
 * (docs/boards.md, "Clocks, resets, pins and power"); the boot check
 * refuses a device over it like one over the GIC. */
struct board_shared_ctrl {
	const char *name;           /* "the clock controller (CCM)" */
	struct sk_cfg_range range;
};
#define BOARD_MAX_SHARED_CTRLS 6u

struct board_desc {
	const char *name;       /* as its folder platform/<name>/ */
	const char *compatible; /* the root node's */
	uint32_t quirks;        /* BOARD_QUIRK_* */
	const struct board_shared_ctrl *shared; /* BOARD_MAX_SHARED_CTRLS at most */
	uint32_t shared_count;
};

/* Every board shikiri knows, one per platform/<board>/ (boards.c). */
#define BOARD_DESC_COUNT 3u
extern const struct board_desc board_qemu_virt;
extern const struct board_desc board_imx8mp_evk;
extern const struct board_desc board_zcu102;
extern const struct board_desc *const board_descs[BOARD_DESC_COUNT];

struct board {
	const char *name;           /* board_desc's, or "unknown board" */
	uint32_t quirks;
	const struct board_shared_ctrl *shared; /* board_desc's */
	uint32_t shared_count;
	uint32_t cpu_count;
	uint64_t cpu_mpidr[SK_MAX_CPUS];
	uint32_t ram_bank_count;
	struct sk_cfg_range ram[SK_MAX_RAM_BANKS];
	struct sk_cfg_range uart;
	const char *uart_path;      /* its node, as stdout-path named it */
	const char *uart_compat;    /* its compatible stringlist, in the DT */
	uint32_t uart_compat_len;
	uint32_t uart_intid;        /* its interrupt, 0 if none described */
	enum board_gic_version gic_version;
	struct sk_cfg_range gicd;
	struct sk_cfg_range gicr;   /* v3: redistributor region */
	struct sk_cfg_range gicc;   /* v2: CPU interface */
	struct sk_cfg_range gich;   /* v2: virtual interface control */
	struct sk_cfg_range gicv;   /* v2: virtual CPU interface */
	/* v2: the CPU interfaces' regions as the DT gives them: on a
	 * 64 KiB-aliased GIC-400 every alias in them reaches the same
	 * registers, so none of them may go to a partition. */
	struct sk_cfg_range gicc_window;
	struct sk_cfg_range gicv_window;
	/* The SMMUv3's registers, when boot found one (drivers/smmuv3.h):
	 * the EL2 map includes them. */
	struct sk_cfg_range smmu;
	/* The ECAM of the PCIe host whose iommu-map names that SMMU: the
	 * EL2 map includes it (drivers/pcie_ecam.h). */
	struct sk_cfg_range pcie_ecam;
	enum board_psci_conduit psci;
	uint32_t timer_hyp_ppi;     /* EL2 physical timer INTID (later use) */
	bool cpus_truncated;        /* DT listed more CPUs than SK_MAX_CPUS */
	/* The tree, opened (so validated) once: the drivers that read more
	 * of it (smmuv3_find, pcie_ecam_find) are handed this one. */
	struct fdt dt;
};

/* Fills *b from the device tree blob, the console UART first (so that a
 * later failure can still be printed on it). On failure returns false and
 * writes a one-line reason into err. */
bool board_from_dt(const void *dtb, struct board *b, char *err,
		   uint32_t err_size);

#endif
