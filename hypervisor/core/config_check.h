/* SPDX-License-Identifier: MIT */
/*
 * Semantic validation of a system configuration, in two parts. The full
 * check (config_check) runs in tools/shikiri-pack against what the
 * configuration's /platform node states; only a configuration that passes
 * it gets the package's check mark (core/package.h). The board check
 * (config_check_board) runs in the hypervisor at boot, against the board
 * it finds: the rules that depend on the board, the same code the full
 * check calls. Both report every error they find (not just the first),
 * each with the node path of the offending configuration element, and
 * change nothing.
 */
#ifndef SK_CORE_CONFIG_CHECK_H
#define SK_CORE_CONFIG_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "core/config_format.h"

/* The UART, the GIC's six regions, a board's shared controllers. */
#define SK_MAX_RESERVED 14u

/* sk_platform_facts.smmu: the SMMU the devices' streams go through. */
enum sk_smmu_fact {
	SK_SMMU_UNKNOWN = 0,     /* the host tool: not checked */
	SK_SMMU_NONE = 1,        /* the board describes none */
	SK_SMMU_STAGE1_ONLY = 2, /* it cannot translate by stage 2 */
	/* Streams can get a partition's stage 2 (on GICv2 a copy without
	 * the GIC's virtual CPU interface, vgic_arch_dma_stage2). */
	SK_SMMU_STAGE2 = 3,
};

/* The machine a configuration is checked against. */
/* The SMMUv3's wired interrupts (IHI 0070 3.18): eventq, priq,
 * cmdq-sync, gerror. */
#define SK_SMMU_IRQS 4u

/* iommu-map entries of that host kept as facts. */
#define SK_PCIE_MAPS 4u

struct sk_platform_facts {
	uint32_t cpu_count;
	uint32_t ram_bank_count;
	struct sk_cfg_range ram[SK_MAX_RAM_BANKS];
	/* Where the running hypervisor and its package sit; size 0 when unknown
	 * (the host tool cannot know the load address). */
	struct sk_cfg_range hypervisor_image;
	/* MMIO the hypervisor keeps for itself (GIC, its UART); no partition
	 * may map it. Empty in the host tool. */
	uint32_t reserved_count;
	struct sk_cfg_range reserved[SK_MAX_RESERVED];
	/* As they read in a sentence: "the GIC distributor". */
	const char *reserved_names[SK_MAX_RESERVED];
	/* The interrupt of the hypervisor's UART (0: none, or unknown). */
	uint32_t uart_irq;
	/* The last SPI the board's GIC implements (0: unknown, in the host
	 * tool): a device's interrupt above it would never arrive. */
	uint32_t last_spi;
	/* enum sk_smmu_fact, and the streams its stream table holds (IDs
	 * 0..smmu_streams - 1) when it is SK_SMMU_STAGE2. */
	uint32_t smmu;
	uint32_t smmu_streams;
	/* Every SPI the SMMU's device-tree node lists (event queue, PRI
	 * queue, command-queue sync, global error): the hypervisor keeps the
	 * SMMU, so no partition may take one (0: an unused slot). */
	uint32_t smmu_irqs[SK_SMMU_IRQS];
	/* The PCIe host whose iommu-map sends requester IDs to that SMMU
	 * (size 0: none, or unknown): its configuration space, and the
	 * stream IDs its functions' requests carry (first, count; count 0:
	 * an unused slot). Whoever owns the ECAM programs every function
	 * behind it, so their streams must be that partition's. */
	struct sk_cfg_range pcie_ecam;
	uint32_t pcie_streams[SK_PCIE_MAPS][2];
	/* The GIC's architecture version, 2 or 3 (0: unknown). */
	uint32_t gic_version;
};

/* Called once per error: path is the configuration node (NULL: the
 * configuration as a whole), msg one sentence. */
typedef void (*sk_config_report_fn)(void *ctx, const char *path,
				    const char *msg);

/* Longest message and path config_report passes on, NUL included. */
#define SK_CONFIG_MSG_MAX  512u
#define SK_CONFIG_WHERE_MAX 512u

/* Where configuration errors go, and how many there were. */
struct sk_config_reporter {
	sk_config_report_fn report; /* NULL: only count */
	void *ctx;
	unsigned errors;
};

/*
 * The one way a configuration problem is reported, by the packer's parser,
 * the packer's own checks and the boot-time validator alike: where (the
 * node path, read up to path_size bytes and with anything unprintable
 * masked, since at boot it comes from an untrusted package; NULL: the
 * configuration as a whole) and one sentence saying what was wrong and
 * what was expected ("size 0x1234 is misaligned: not a multiple of the
 * 4096-byte page"). Counts the error, then calls r->report.
 */
void config_report(struct sk_config_reporter *r, const char *path,
		   size_t path_size, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Returns the number of errors found; 0 means the configuration is valid. */
unsigned config_check(const struct sk_config *cfg,
		      const struct sk_platform_facts *plat,
		      sk_config_report_fn report, void *ctx);

/* The rules of config_check that depend on the board's facts, alone: for
 * a configuration that passed config_check (its package carries the check
 * mark). Returns the number of errors found. */
unsigned config_check_board(const struct sk_config *cfg,
			    const struct sk_platform_facts *plat,
			    sk_config_report_fn report, void *ctx);

/* Index of the partition named name (at most SK_NAME_MAX bytes), or -1. */
int config_partition_index(const struct sk_config *cfg, const char *name);

/* Facts as the configuration's own /platform and /hypervisor nodes state
 * them — what the host tool checks against. */
void config_platform_from_config(const struct sk_config *cfg,
				 struct sk_platform_facts *plat);

#endif /* SK_CORE_CONFIG_CHECK_H */
