/* SPDX-License-Identifier: MIT */
/*
 * The physical interrupt controller, as far as the hypervisor itself uses
 * it. GICv2 and GICv3 are chosen at run time from the device tree (one
 * image runs on both), behind this one interface.
 */
#ifndef SK_ARCH_ARM64_GIC_H
#define SK_ARCH_ARM64_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/board.h"

/* SGI the hypervisor uses to stop other CPUs (panic, system halt). */
#define GIC_SGI_HALT 15u
/* Interrupt ids at or above this are special (GIC spec 2.2.1). */
#define GIC_INTID_SPECIAL 1020u

struct gic_ops {
	bool (*init)(const struct board *b, char *err, uint32_t err_size);
	bool (*cpu_init)(uint32_t cpu, uint64_t mpidr);
	uint32_t (*ack)(void);
	void (*eoi)(uint32_t intid);
	void (*send_halt_to_others)(void);
	void (*disable)(uint32_t intid);
};

extern const struct gic_ops gicv2_ops;
extern const struct gic_ops gicv3_ops;

/* Boot CPU: selects the driver for b->gic_version and initialises the
 * distributor. */
bool gic_init(const struct board *b, char *err, uint32_t err_size);
/* Every CPU: its CPU interface (and redistributor on GICv3). */
bool gic_cpu_init(uint32_t cpu, uint64_t mpidr);
uint32_t gic_ack(void);
void gic_eoi(uint32_t intid);
void gic_disable(uint32_t intid);
/* Does nothing before gic_init (then no other CPU is running anyway). */
void gic_send_halt_to_others(void);

#endif
