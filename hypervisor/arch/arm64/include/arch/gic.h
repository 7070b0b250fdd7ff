/* SPDX-License-Identifier: MIT */
/*
 * The physical interrupt controller, as far as the hypervisor itself uses
 * it. GICv2 and GICv3 are chosen at run time from the device tree (one
 * image runs on both), behind this one interface.
 */
#ifndef SK_ARCH_GIC_H
#define SK_ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/board.h"
#include "spec/gic.h"

/* SGIs the hypervisor sends between its CPUs. */
#define GIC_SGI_KICK 14u /* "look at your vCPU's requests and interrupts" */
#define GIC_SGI_HALT 15u /* stop for good (panic, system halt) */
/* PPIs the hypervisor takes on every CPU (IHI 0069 table 2-2; the board's
 * virt-timer and maintenance PPIs on QEMU virt and every Arm SBSA board). */
#define GIC_PPI_MAINTENANCE 25u
#define GIC_PPI_HYP_TIMER   26u /* EL2 physical timer: the watchdog */
#define GIC_PPI_VTIMER      27u
/* The EL1 physical timer, which guests may not use (CNTHCTL_EL2.EL1PCEN
 * is 0): the scheduler's timer on shared CPUs. */
#define GIC_PPI_SCHED_TIMER 30u

struct gic_ops {
	bool (*init)(const struct board *b, char *err, uint32_t err_size);
	bool (*cpu_init)(uint32_t cpu, uint64_t mpidr);
	uint32_t (*ack)(void);
	/* EOImode 1 (IHI 0069 4.1.1): eoi drops the running priority,
	 * deactivate ends the interrupt. A forwarded interrupt is only
	 * dropped: the guest's deactivation of its virtual twin (LR HW bit)
	 * deactivates it. */
	void (*eoi)(uint32_t raw);
	void (*deactivate)(uint32_t raw);
	void (*send_halt_to_others)(void);
	void (*send_sgi)(uint32_t cpu, uint32_t intid);
	void (*disable)(uint32_t intid);
	bool (*enable_spi)(uint32_t intid, uint32_t cpu);
	void (*release_spi)(uint32_t intid);
	void (*clear_active)(uint32_t intid);
	bool (*ppi_active)(uint32_t intid);
	void (*ppi_set_active)(uint32_t intid);
};

extern const struct gic_ops gicv2_ops;
extern const struct gic_ops gicv3_ops;
/* gicv3_ops for a board with BOARD_QUIRK_GIC_VIRQ_UNWIRED. */
extern const struct gic_ops gicv3_virq_ops;

/* Boot CPU: selects the driver for b->gic_version and initialises the
 * distributor. */
bool gic_init(const struct board *b, char *err, uint32_t err_size);
/* The last SPI INTID the board's distributor implements (GICD_TYPER
 * ITLinesNumber); 0 before gic_init. */
uint32_t gic_last_spi(void);
/* Every CPU: its CPU interface (and redistributor on GICv3). */
bool gic_cpu_init(uint32_t cpu, uint64_t mpidr);
uint32_t gic_ack(void);
void gic_eoi(uint32_t raw);
void gic_deactivate(uint32_t raw);
void gic_disable(uint32_t intid);
/* Sends SGI intid to physical CPU cpu (logical index). */
void gic_send_sgi(uint32_t cpu, uint32_t intid);
/* Ends an active interrupt without it being handled (an SGI/PPI: this
 * CPU's): a forwarded interrupt whose list register was thrown away when
 * its vCPU or partition was reset. */
void gic_clear_active(uint32_t intid);
/* A PPI's active state on this CPU, and making it active again (a
 * switched-out vCPU's forwarded timer, restored with its list registers). */
bool gic_ppi_active(uint32_t intid);
void gic_ppi_set_active(uint32_t intid);
/* Enables SPI intid for the hypervisor, delivered to CPU cpu. False (and
 * nothing changed) while cpu has not initialised its GIC interface: its
 * affinity (GICv3) or interface number (GICv2) is learnt then. Callers
 * serialise calls for SPIs of one 32-interrupt group. */
bool gic_enable_spi(uint32_t intid, uint32_t cpu);
/* The same for an edge-triggered SPI of the hypervisor's own (the
 * SMMUv3's event and global-error interrupts): configured as edge in
 * GICD_ICFGR while disabled, then enabled. Level is the reset value and
 * what every pass-through interrupt keeps. */
bool gic_enable_spi_edge(uint32_t intid, uint32_t cpu);
/* Takes SPI intid back: disabled, then its pending and active states
 * cleared, so an interrupt whose device still asserts it stays quiet
 * until gic_enable_spi. */
void gic_release_spi(uint32_t intid);
/* Makes SPI intid pending again (GICD_ISPENDR, the same register in GIC
 * v2 and v3): a handler that stopped at its bound on work an edge will not
 * signal again (the SMMU's event queue) is called again. */
void gic_set_pending_spi(uint32_t intid);
/* The version in use (board_gic_version), 0 before gic_init. */
uint32_t gic_active_version(void);
/* Does nothing before gic_init (then no other CPU is running anyway). */
void gic_send_halt_to_others(void);

#endif
