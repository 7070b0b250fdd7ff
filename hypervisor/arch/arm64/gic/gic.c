/* SPDX-License-Identifier: MIT */
#include "arch/gic.h"

#include "arch/arm64/gic/gic_regs.h"
#include "arch/mmio.h"
#include "lib/fmt.h"

static const struct gic_ops *gic;
static uint64_t gic_gicd;

bool gic_init(const struct board *b, char *err, uint32_t err_size)
{
	switch (b->gic_version) {
	case BOARD_GIC_V2:
		gic = &gicv2_ops;
		break;
	case BOARD_GIC_V3:
		gic = (b->quirks & BOARD_QUIRK_GIC_VIRQ_UNWIRED) != 0u
		      ? &gicv3_virq_ops : &gicv3_ops;
		break;
	case BOARD_GIC_NONE:
	default:
		(void)sk_snprintf(err, err_size, "no supported GIC on this board");
		return false;
	}
	if (!gic->init(b, err, err_size)) {
		gic = NULL;
		return false;
	}
	gic_gicd = b->gicd.base;
	return true;
}

uint32_t gic_last_spi(void)
{
	uint32_t lines;
	uint32_t last;

	if (gic == NULL)
		return 0;
	lines = mmio_read32((uintptr_t)gic_gicd + GICD_TYPER) &
		GICD_TYPER_ITLINES_MASK;
	last = GICD_INTIDS_PER_ITLINE * (lines + 1u) - 1u;
	return last < GICD_INTID_LAST_SPI ? last : GICD_INTID_LAST_SPI;
}

bool gic_cpu_init(uint32_t cpu, uint64_t mpidr)
{
	return gic != NULL && gic->cpu_init(cpu, mpidr);
}

uint32_t gic_ack(void)
{
	return gic != NULL ? gic->ack() : GIC_INTID_SPECIAL_FIRST;
}

void gic_eoi(uint32_t raw)
{
	if (gic != NULL)
		gic->eoi(raw);
}

void gic_deactivate(uint32_t raw)
{
	if (gic != NULL)
		gic->deactivate(raw);
}

void gic_send_sgi(uint32_t cpu, uint32_t intid)
{
	if (gic != NULL)
		gic->send_sgi(cpu, intid);
}

uint32_t gic_active_version(void)
{
	return (gic == &gicv3_ops || gic == &gicv3_virq_ops) ? 3u
	       : gic == &gicv2_ops ? 2u : 0u;
}

void gic_disable(uint32_t intid)
{
	if (gic != NULL)
		gic->disable(intid);
}

void gic_send_halt_to_others(void)
{
	if (gic != NULL)
		gic->send_halt_to_others();
}

bool gic_enable_spi(uint32_t intid, uint32_t cpu)
{
	return gic != NULL && intid >= GIC_INTID_SPI_FIRST &&
	       intid < GIC_INTID_SPECIAL_FIRST &&
	       gic->enable_spi(intid, cpu);
}

bool gic_enable_spi_edge(uint32_t intid, uint32_t cpu)
{
	uintptr_t reg;
	uint32_t off;
	uint32_t shift;

	if (gic == NULL || intid < GIC_INTID_SPI_FIRST ||
	    intid >= GIC_INTID_SPECIAL_FIRST)
		return false;
	/* Both specs leave a change of an enabled interrupt's
	 * configuration UNPREDICTABLE: disabled first (on GICv3 with the
	 * write's effect waited for, GICD_CTLR.RWP). Same offset and layout
	 * in both versions' distributors. */
	gic->release_spi(intid);
	off = GIC_REG_N(GICD_ICFGR, intid / GICD_ICFGR_PER_REG);
	reg = (uintptr_t)gic_gicd + off;
	shift = 2u * (intid % GICD_ICFGR_PER_REG);
	mmio_write32(reg, mmio_read32(reg) | (GICD_ICFGR_EDGE << shift));
	return gic->enable_spi(intid, cpu);
}

void gic_release_spi(uint32_t intid)
{
	if (gic != NULL && intid >= GIC_INTID_SPI_FIRST &&
	    intid < GIC_INTID_SPECIAL_FIRST)
		gic->release_spi(intid);
}

void gic_set_pending_spi(uint32_t intid)
{
	uint32_t off;

	if (gic == NULL || intid < GIC_INTID_SPI_FIRST ||
	    intid >= GIC_INTID_SPECIAL_FIRST)
		return;
	off = GIC_REG_N(GICD_ISPENDR, intid / 32u);
	mmio_write32((uintptr_t)gic_gicd + off, 1u << (intid % 32u));
}

void gic_clear_active(uint32_t intid)
{
	if (gic != NULL && intid < GIC_INTID_SPECIAL_FIRST)
		gic->clear_active(intid);
}

bool gic_ppi_active(uint32_t intid)
{
	return gic != NULL && intid < GIC_INTID_SPI_FIRST &&
	       gic->ppi_active(intid);
}

void gic_ppi_set_active(uint32_t intid)
{
	if (gic != NULL && intid < GIC_INTID_SPI_FIRST)
		gic->ppi_set_active(intid);
}
