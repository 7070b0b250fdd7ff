/* SPDX-License-Identifier: MIT */
/*
 * Partitions and their vCPUs, created once at boot from the validated
 * configuration. No allocation: everything lives in fixed arrays sized by
 * the configuration limits.
 */
#ifndef SK_CORE_PARTITION_H
#define SK_CORE_PARTITION_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/pgtable.h"
#include "core/config_format.h"
#include "core/console.h"
#include "lib/spinlock.h"

struct partition;

struct vcpu {
	struct partition *partition;
	uint32_t index; /* vCPU number inside the partition */
	uint32_t pcpu;  /* the physical CPU it owns */
};

struct partition {
	uint32_t id;
	const struct sk_cfg_partition *cfg;
	uint32_t vmid;
	struct pt_table stage2;
	uint64_t entry; /* guest-physical entry point of vCPU 0 */
	uint64_t dtb;   /* guest-physical address passed in x0, or 0 */
	uint32_t vcpu_count;
	struct vcpu vcpus[SK_MAX_CPUS];
	struct spinlock console_lock;
	struct console_line console;
};

/* Builds every partition: stage-2 tables, images copied from the package,
 * vCPUs bound to their CPUs. On failure writes the reason into err. */
bool partitions_create(const struct sk_config *cfg, const uint8_t *package,
		       char *err, uint32_t err_size);
uint32_t partition_count(void);
struct partition *partition_get(uint32_t id);
/* The vCPU a physical CPU runs, or NULL. */
struct vcpu *partition_vcpu_of_cpu(uint32_t cpu);
/* True for the partition that receives console input. */
bool partition_has_input_focus(const struct partition *p);

#endif
