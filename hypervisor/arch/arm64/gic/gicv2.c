/* SPDX-License-Identifier: MIT */
/*
 * GICv2 physical driver: distributor and memory-mapped CPU interface
 * (Arm IHI 0048B, "GIC architecture specification v1.0 and v2.0").
 */
#include "arch/gic.h"

#include "arch/arm64/gic/gic_regs.h"
#include "arch/mmio.h"
#include "arch/arm64/sysreg.h"
#include "core/config_format.h"
#include "lib/fmt.h"

/* CPU interface (IHI 0048B 4.4) */
#define GICC_CTLR          0x000u
#define GICC_CTLR_ENABLE   (1u << 0)
#define GICC_PMR           0x004u
#define GICC_BPR           0x008u
#define GICC_IAR           0x00cu
#define GICC_EOIR          0x010u
#define GICC_DIR           0x1000u
/* EOImodeS/EOImodeNS: without the Security Extensions QEMU and real
 * GIC-400s honour either; set both (IHI 0048B 4.4.1). */
#define GICC_CTLR_EOIMODE  ((1u << 9) | (1u << 10))
/* IAR keeps the source CPU of an SGI in bits 12:10; EOIR wants it back. */
#define GICC_IAR_MASK      0x1fffu

#define GIC_PRIO_HALT      0x80u
#define GIC_PRIO_DEFAULT   0xa0u

static uintptr_t gicd;
static uintptr_t gicc;
/* GICv2 addresses SGIs by CPU interface number, learnt per CPU (0 on a
 * uniprocessor GIC, whose ITARGETSRs are RAZ/WI: IHI 0048B 4.3.12). */
static uint8_t gicv2_cpu_mask[SK_MAX_CPUS];
static bool gicv2_cpu_up[SK_MAX_CPUS];

static bool gicv2_init(const struct board *b, char *err, uint32_t err_size)
{
	(void)err;
	(void)err_size;
	gicd = (uintptr_t)b->gicd.base;
	gicc = (uintptr_t)b->gicc.base;
	mmio_write32(gicd + GICD_CTLR, GICD_CTLR_ENABLE);
	return true;
}

static bool gicv2_cpu_init(uint32_t cpu, uint64_t mpidr)
{
	(void)mpidr;
	if (cpu >= SK_MAX_CPUS)
		return false;
	/* ITARGETSR0..7 read as this CPU's own interface bit (4.3.12). */
	gicv2_cpu_mask[cpu] = (uint8_t)mmio_read32(gicd + GICD_ITARGETSR);
	gicv2_cpu_up[cpu] = true;
	/* SGI/PPI enables and priorities are banked per CPU. */
	mmio_write8(gicd + GICD_IPRIORITYR + GIC_SGI_HALT, GIC_PRIO_HALT);
	mmio_write8(gicd + GICD_IPRIORITYR + GIC_SGI_KICK, GIC_PRIO_DEFAULT);
	mmio_write8(gicd + GICD_IPRIORITYR + GIC_PPI_MAINTENANCE, GIC_PRIO_DEFAULT);
	mmio_write8(gicd + GICD_IPRIORITYR + GIC_PPI_VTIMER, GIC_PRIO_DEFAULT);
	mmio_write8(gicd + GICD_IPRIORITYR + GIC_PPI_HYP_TIMER, GIC_PRIO_DEFAULT);
	mmio_write8(gicd + GICD_IPRIORITYR + GIC_PPI_SCHED_TIMER, GIC_PRIO_DEFAULT);
	mmio_write32(gicd + GIC_REG_N(GICD_ISENABLER, 0), (1u << GIC_SGI_HALT) |
		     (1u << GIC_SGI_KICK) | (1u << GIC_PPI_MAINTENANCE) |
		     (1u << GIC_PPI_VTIMER) | (1u << GIC_PPI_HYP_TIMER) |
		     (1u << GIC_PPI_SCHED_TIMER));
	mmio_write32(gicc + GICC_PMR, 0xffu);
	mmio_write32(gicc + GICC_BPR, 0u);
	mmio_write32(gicc + GICC_CTLR, GICC_CTLR_ENABLE | GICC_CTLR_EOIMODE);
	return true;
}

static uint32_t gicv2_ack(void)
{
	return mmio_read32(gicc + GICC_IAR) & GICC_IAR_MASK;
}

static void gicv2_eoi(uint32_t raw)
{
	mmio_write32(gicc + GICC_EOIR, raw);
}

static void gicv2_deactivate(uint32_t raw)
{
	mmio_write32(gicc + GICC_DIR, raw);
}

static void gicv2_send_sgi(uint32_t cpu, uint32_t intid)
{
	if (cpu >= SK_MAX_CPUS)
		return;
	dsb_sy();
	mmio_write32(gicd + GICD_SGIR,
		     ((uint32_t)gicv2_cpu_mask[cpu] << GICD_SGIR_TARGET_SHIFT) |
		     (intid & 0xfu));
}

static void gicv2_send_halt_to_others(void)
{
	dsb_sy();
	mmio_write32(gicd + GICD_SGIR, GICD_SGIR_ALL_BUT_SELF | GIC_SGI_HALT);
}

static void gicv2_disable(uint32_t intid)
{
	if (intid < GIC_INTID_SPECIAL_FIRST)
		mmio_write32(gicd + GIC_REG_N(GICD_ICENABLER, intid / 32u),
			     1u << (intid % 32u));
}

/* An SPI targets CPU interfaces by bit (ITARGETSR, IHI 0048B 4.3.12): the
 * mask of a CPU that has not run gicv2_cpu_init yet is not known, and an
 * empty one would leave the interrupt pending for nobody. */
static bool gicv2_enable_spi(uint32_t intid, uint32_t cpu)
{
	if (cpu >= SK_MAX_CPUS || !gicv2_cpu_up[cpu])
		return false;
	mmio_write8(gicd + GICD_IPRIORITYR + intid, GIC_PRIO_DEFAULT);
	mmio_write8(gicd + GICD_ITARGETSR + intid, gicv2_cpu_mask[cpu]);
	mmio_write32(gicd + GIC_REG_N(GICD_ISENABLER, intid / 32u), 1u << (intid % 32u));
	return true;
}

/* Disabled first, so the interrupt cannot be made pending again at once;
 * a level interrupt whose line is still high stays pending (IHI 0048B
 * 4.3.8) but is never signalled while disabled. */
static void gicv2_release_spi(uint32_t intid)
{
	uint32_t bit = 1u << (intid % 32u);

	mmio_write32(gicd + GIC_REG_N(GICD_ICENABLER, intid / 32u), bit);
	mmio_write32(gicd + GIC_REG_N(GICD_ICPENDR, intid / 32u), bit);
	mmio_write32(gicd + GIC_REG_N(GICD_ICACTIVER, intid / 32u), bit);
}

static void gicv2_clear_active(uint32_t intid)
{
	mmio_write32(gicd + GIC_REG_N(GICD_ICACTIVER, intid / 32u),
		     1u << (intid % 32u));
}

/* PPIs' active bits are banked per CPU in ISACTIVER0 (IHI 0048B 4.3.6). */
static bool gicv2_ppi_active(uint32_t intid)
{
	return (mmio_read32(gicd + GICD_ISACTIVER) & (1u << intid)) != 0;
}

static void gicv2_ppi_set_active(uint32_t intid)
{
	mmio_write32(gicd + GICD_ISACTIVER, 1u << intid);
}

const struct gic_ops gicv2_ops = {
	.init = gicv2_init,
	.cpu_init = gicv2_cpu_init,
	.ack = gicv2_ack,
	.eoi = gicv2_eoi,
	.deactivate = gicv2_deactivate,
	.send_halt_to_others = gicv2_send_halt_to_others,
	.send_sgi = gicv2_send_sgi,
	.enable_spi = gicv2_enable_spi,
	.release_spi = gicv2_release_spi,
	.clear_active = gicv2_clear_active,
	.ppi_active = gicv2_ppi_active,
	.ppi_set_active = gicv2_ppi_set_active,
	.disable = gicv2_disable,
};
