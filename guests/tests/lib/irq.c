// SPDX-License-Identifier: MIT
#include "irq.h"

#include "guest_time.h"

/* Where shikiri puts a partition's GIC (hypervisor/core/config_format.h),
 * which is also where QEMU virt has its own: the same guest boots bare. */
#define GICD_BASE        0x08000000ul
#define GICC_BASE        0x08010000ul /* GICv2 CPU interface */
#define GICR_BASE        0x080a0000ul /* GICv3 redistributors */
#define GICR_STRIDE      0x20000ul    /* RD_base + SGI_base frames */
#define GICR_SGI_OFFSET  0x10000ul

/* Distributor (IHI 0048 4.3, IHI 0069 12.9). */
#define GICD_CTLR        0x0000u
#define GICD_IGROUPR     0x0080u
#define GICD_ISENABLER   0x0100u
#define GICD_PIDR2_V3    0xffe8u /* the ID block ends the 64 KiB frame */
#define GICD_PIDR2_V2    0x0fe8u /* ... or the 4 KiB one */
#define GICD_PIDR2_ARCH_SHIFT 4u
#define GICD_PIDR2_ARCH_MASK  0xfu
#define GICD_CTLR_V2_ENABLE   (1u << 0)
#define GICD_CTLR_V3_G1A      (1u << 1)
#define GICD_CTLR_V3_ARE_NS   (1u << 4)

/* Redistributor (IHI 0069 12.10, 12.11). */
#define GICR_WAKER       0x0014u
#define GICR_WAKER_PS    (1u << 1)
#define GICR_WAKER_CA    (1u << 2)
#define GICR_IGROUPR0    0x0080u /* in the SGI frame */
#define GICR_ISENABLER0  0x0100u /* in the SGI frame */
#define GIC_ALL_GROUP1   0xffffffffu
#define GICR_WAKE_POLLS  1000u

/* GICv2 CPU interface (IHI 0048 4.4). */
#define GICC_CTLR        0x0000u
#define GICC_PMR         0x0004u
#define GICC_IAR         0x000cu
#define GICC_EOIR        0x0010u
#define GICC_CTLR_ENABLE (1u << 0)

#define GIC_PMR_ALL      0xffu    /* unmask every priority */
#define GIC_INTID_MASK   0xffffffu
#define MPIDR_AFF0_MASK  0xffu

/* ID_AA64PFR0_EL1.GIC (Arm ARM D17.2.64): the GICv3 system registers. */
#define ID_PFR0_GIC_SHIFT 24u
#define ID_PFR0_GIC_MASK  0xfu

/* CNTV_CTL_EL0 (Arm ARM D17.8.16). */
#define CNTV_CTL_ENABLE  (1u << 0)
#define CNTV_CTL_IMASK   (1u << 1)
#define CNTV_CTL_ISTATUS (1u << 2)

static uint32_t gic_version;
static volatile struct guest_irq_stats irq_stats;

static inline uint32_t mmio_read32(uint64_t addr)
{
	return *(volatile uint32_t *)(uintptr_t)addr;
}

static inline void mmio_write32(uint64_t addr, uint32_t val)
{
	*(volatile uint32_t *)(uintptr_t)addr = val;
}

static uint64_t gicr_base(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return GICR_BASE + (mpidr & MPIDR_AFF0_MASK) * GICR_STRIDE;
}

static uint32_t gic_init_v3(void)
{
	uint64_t rd = gicr_base();
	uint64_t one = 1;
	uint64_t sre;

	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_V3_ARE_NS | GICD_CTLR_V3_G1A);
	mmio_write32(rd + GICR_WAKER, mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PS);
	for (uint32_t i = 0; i < GICR_WAKE_POLLS; i++)
		if ((mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CA) == 0u)
			break;
	/* Group 1 (an IRQ), as on a bare single-security-state GIC too. */
	mmio_write32(rd + GICR_SGI_OFFSET + GICR_IGROUPR0, GIC_ALL_GROUP1);
	mmio_write32(rd + GICR_SGI_OFFSET + GICR_ISENABLER0,
		     (1u << GUEST_INTID_VTIMER) | ((1u << GUEST_INTID_SGI_COUNT) - 1u));

	/* ICC_SRE_EL1.SRE: the system-register interface (IHI 0069 12.2.x). */
	__asm__ volatile("mrs %0, s3_0_c12_c12_5" : "=r"(sre));
	__asm__ volatile("msr s3_0_c12_c12_5, %0\n\tisb" : : "r"(sre | one));
	__asm__ volatile("msr s3_0_c4_c6_0, %0" : : "r"((uint64_t)GIC_PMR_ALL)); /* ICC_PMR_EL1 */
	__asm__ volatile("msr s3_0_c12_c12_7, %0\n\tisb" : : "r"(one)); /* ICC_IGRPEN1_EL1 */
	return 3;
}

/* Every SPI the partition might own: one that is not its device's never
 * fires, so anything arriving there is news (ISENABLERn is the same offset
 * in both GIC versions). */
#define GIC_SPI_ENABLE_REGS 7u /* INTIDs 32..255: shikiri's SPI range */
#define GIC_ALL_ENABLED     0xffffffffu

static void gic_enable_spis(uint32_t version)
{
	for (uint32_t n = 1; n <= GIC_SPI_ENABLE_REGS; n++) {
		/* GICv3: Group 1, which is what ICC_IAR1_EL1 acknowledges. */
		if (version == 3u)
			mmio_write32(GICD_BASE + GICD_IGROUPR + 4u * n, GIC_ALL_GROUP1);
		mmio_write32(GICD_BASE + GICD_ISENABLER + 4u * n, GIC_ALL_ENABLED);
	}
}

static uint32_t gic_init_v2(void)
{
	mmio_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_V2_ENABLE);
	/* ISENABLER0 is banked per CPU; SGIs are always enabled in v2. */
	mmio_write32(GICD_BASE + GICD_ISENABLER, 1u << GUEST_INTID_VTIMER);
	mmio_write32(GICC_BASE + GICC_PMR, GIC_PMR_ALL);
	mmio_write32(GICC_BASE + GICC_CTLR, GICC_CTLR_ENABLE);
	return 2;
}

/*
 * The CPU says whether it has the GICv3 system-register interface; the
 * distributor's PIDR2, read where that version keeps it, confirms. (Reading
 * the other version's offset could hit a hole that aborts.)
 */
uint32_t guest_gic_detect(void)
{
	uint64_t pfr0;
	uint32_t arch;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	arch = ((pfr0 >> ID_PFR0_GIC_SHIFT) & ID_PFR0_GIC_MASK) != 0u
	       ? mmio_read32(GICD_BASE + GICD_PIDR2_V3)
	       : mmio_read32(GICD_BASE + GICD_PIDR2_V2);
	arch = (arch >> GICD_PIDR2_ARCH_SHIFT) & GICD_PIDR2_ARCH_MASK;
	return arch == 2u || arch == 3u ? arch : 0u;
}

uint32_t guest_irq_init(void)
{
	switch (guest_gic_detect()) {
	case 3:
		gic_version = gic_init_v3();
		gic_enable_spis(gic_version);
		break;
	case 2:
		gic_version = gic_init_v2();
		gic_enable_spis(gic_version);
		break;
	default:
		gic_version = 0;
		break;
	}
	return gic_version;
}

uint32_t guest_gic_version(void)
{
	return gic_version;
}

static uint32_t gic_ack(void)
{
	uint64_t iar;

	if (gic_version == 2u)
		return mmio_read32(GICC_BASE + GICC_IAR);
	__asm__ volatile("mrs %0, s3_0_c12_c12_0" : "=r"(iar)); /* ICC_IAR1_EL1 */
	return (uint32_t)iar;
}

static void gic_eoi(uint32_t iar)
{
	if (gic_version == 2u)
		mmio_write32(GICC_BASE + GICC_EOIR, iar);
	else
		__asm__ volatile("msr s3_0_c12_c12_1, %0\n\tisb" : : "r"((uint64_t)iar)); /* ICC_EOIR1_EL1 */
}

static void timer_write_ctl(uint64_t ctl)
{
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(ctl));
}

bool guest_irq_exception(unsigned kind)
{
	uint32_t iar;
	uint32_t intid;

	if ((kind & GUEST_KIND_TYPE_MASK) != GUEST_KIND_IRQ || gic_version == 0u)
		return false;
	iar = gic_ack();
	intid = iar & GIC_INTID_MASK;
	if (intid == GUEST_INTID_SPURIOUS)
		return true;
	if (intid == GUEST_INTID_VTIMER) {
		uint64_t ctl;

		/* Level-triggered: quiet it before EOI or it fires again. An
		 * instance left over from an earlier deadline (it fired as the
		 * last sleep ended) finds the condition not met: leave the
		 * timer armed then, or this sleep would never end. */
		__asm__ volatile("mrs %0, cntv_ctl_el0" : "=r"(ctl));
		if ((ctl & CNTV_CTL_ISTATUS) != 0u)
			timer_write_ctl(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
		irq_stats.timer++;
	} else {
		irq_stats.unexpected++;
		irq_stats.last_unexpected = intid;
	}
	gic_eoi(iar);
	return true;
}

void guest_sleep_until(uint64_t deadline)
{
	if (gic_version == 0u) {
		while ((int64_t)(guest_counter() - deadline) < 0)
			;
		return;
	}
	__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(deadline));
	timer_write_ctl(CNTV_CTL_ENABLE);
	while ((int64_t)(guest_counter() - deadline) < 0) {
		/* WFI with IRQs masked still wakes on a pending interrupt
		 * (Arm ARM D1.6.2); then open the window to take it. This
		 * way the wake-up cannot slip between the check and WFI. */
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2"
				 ::: "memory");
	}
	timer_write_ctl(0);
}

void guest_irq_stats(struct guest_irq_stats *out)
{
	out->timer = irq_stats.timer;
	out->unexpected = irq_stats.unexpected;
	out->last_unexpected = irq_stats.last_unexpected;
}

#define GICD_SGIR             0x0f00u
#define GICD_SGIR_SELF        (2u << 24) /* TargetListFilter: this CPU */
#define SGI1R_INTID_SHIFT     24u

void guest_irq_send_sgi_self(uint32_t intid)
{
	uint64_t mpidr;

	if (gic_version == 2u) {
		mmio_write32(GICD_BASE + GICD_SGIR, GICD_SGIR_SELF | (intid & 0xfu));
		return;
	}
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	/* ICC_SGI1R_EL1: TargetList bit of our Aff0, Aff1 at 16 (IHI 0069
	 * 12.2.23); our vCPUs are 0.0.0.n, so Aff2/Aff3 are 0. */
	__asm__ volatile("msr s3_0_c12_c11_5, %0\n\tisb"
			 : : "r"((1ull << (mpidr & 0xfu)) |
				 ((uint64_t)(intid & 0xfu) << SGI1R_INTID_SHIFT)));
}
