// SPDX-License-Identifier: MIT
#include "irq.h"

#include "gic_regs.h"
#include "guest_time.h"

/* Bound on waiting for the redistributor to wake (GICR_WAKER.ChildrenAsleep). */
#define GIC_WAKE_POLLS   1000u

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

static uint64_t gicr_base(void)
{
	uint64_t mpidr;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	return GIC_GICR_BASE + (mpidr & MPIDR_AFF0_MASK) * GIC_GICR_STRIDE;
}

static uint32_t gic_init_v3(void)
{
	uint64_t rd = gicr_base();
	uint64_t one = 1;
	uint64_t sre;

	guest_mmio_write32(GIC_GICD_BASE + GICD_CTLR, GICD_CTLR_V3_ARE_NS | GICD_CTLR_V3_G1A);
	guest_mmio_write32(rd + GICR_WAKER, guest_mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PS);
	for (uint32_t i = 0; i < GIC_WAKE_POLLS; i++)
		if ((guest_mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CA) == 0u)
			break;
	/* Group 1 (an IRQ), as on a bare single-security-state GIC too. */
	guest_mmio_write32(rd + GIC_GICR_SGI + GICR_IGROUPR0, GIC_ALL_ONES);
	guest_mmio_write32(rd + GIC_GICR_SGI + GICR_ISENABLER0,
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

static void gic_enable_spis(uint32_t version)
{
	for (uint32_t n = 1; n <= GIC_SPI_ENABLE_REGS; n++) {
		/* GICv3: Group 1, which is what ICC_IAR1_EL1 acknowledges. */
		if (version == 3u)
			guest_mmio_write32(GIC_GICD_BASE + GICD_IGROUPR + 4u * n, GIC_ALL_ONES);
		guest_mmio_write32(GIC_GICD_BASE + GICD_ISENABLER + 4u * n, GIC_ALL_ONES);
	}
}

static uint32_t gic_init_v2(void)
{
	guest_mmio_write32(GIC_GICD_BASE + GICD_CTLR, GICD_CTLR_V2_ENABLE);
	/* ISENABLER0 is banked per CPU; SGIs are always enabled in v2 (as on
	 * GIC-400 and shikiri's GICv2 vGIC: IHI 0048B 4.3.5). */
	guest_mmio_write32(GIC_GICD_BASE + GICD_ISENABLER, 1u << GUEST_INTID_VTIMER);
	guest_mmio_write32(GIC_GICC_BASE + GICC_PMR, GIC_PMR_ALL);
	guest_mmio_write32(GIC_GICC_BASE + GICC_CTLR, GICC_CTLR_ENABLE);
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
	       ? guest_mmio_read32(GIC_GICD_BASE + GICD_PIDR2_V3)
	       : guest_mmio_read32(GIC_GICD_BASE + GICD_PIDR2_V2);
	arch = (arch >> GICD_PIDR2_ARCH_SHIFT) & GICD_PIDR2_ARCH_MASK;
	return arch == 2u || arch == 3u ? arch : 0u;
}

uint32_t guest_irq_init(void)
{
	switch (guest_gic_detect()) {
	case 3:
		gic_version = gic_init_v3();
		break;
	case 2:
		gic_version = gic_init_v2();
		break;
	default:
		gic_version = 0;
		return 0;
	}
	gic_enable_spis(gic_version);
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
		return guest_mmio_read32(GIC_GICC_BASE + GICC_IAR);
	__asm__ volatile("mrs %0, s3_0_c12_c12_0" : "=r"(iar)); /* ICC_IAR1_EL1 */
	return (uint32_t)iar;
}

uint32_t guest_irq_ack(void)
{
	return gic_version != 0u ? gic_ack() : GUEST_INTID_SPURIOUS;
}

static void gic_eoi(uint32_t iar)
{
	if (gic_version == 2u)
		guest_mmio_write32(GIC_GICC_BASE + GICC_EOIR, iar);
	else
		__asm__ volatile("msr s3_0_c12_c12_1, %0\n\tisb" : : "r"((uint64_t)iar)); /* ICC_EOIR1_EL1 */
}

static void timer_write_ctl(uint64_t ctl)
{
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(ctl));
}

static uint32_t expected_intids[GUEST_IRQ_EXPECTED];
static uint32_t expected_n;
static volatile uint32_t expected_count;

void guest_irq_expect(uint32_t intid)
{
	if (expected_n < GUEST_IRQ_EXPECTED)
		expected_intids[expected_n++] = intid;
}

uint32_t guest_irq_expected_count(void)
{
	return expected_count;
}

static bool irq_is_expected(uint32_t intid)
{
	for (uint32_t i = 0; i < expected_n; i++) {
		if (expected_intids[i] == intid)
			return true;
	}
	return false;
}

static void (*irq_owner_fn)(uint32_t intid);
static void (*irq_owner_after_fn)(void);

void guest_irq_set_owner(void (*fn)(uint32_t intid), void (*after)(void))
{
	irq_owner_fn = fn;
	irq_owner_after_fn = after;
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
	if (irq_owner_fn != NULL) {
		irq_owner_fn(intid);
		gic_eoi(iar);
		if (irq_owner_after_fn != NULL)
			irq_owner_after_fn();
		return true;
	}
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
	} else if (irq_is_expected(intid)) {
		expected_count++;
	} else {
		irq_stats.unexpected++;
		irq_stats.last_unexpected = intid;
	}
	gic_eoi(iar);
	return true;
}

void guest_timer_arm(uint64_t deadline)
{
	__asm__ volatile("msr cntv_cval_el0, %0" : : "r"(deadline));
	timer_write_ctl(CNTV_CTL_ENABLE);
}

void guest_timer_disarm(void)
{
	timer_write_ctl(0);
}

void guest_sleep_until(uint64_t deadline)
{
	if (gic_version == 0u) {
		while ((int64_t)(guest_counter() - deadline) < 0)
			;
		return;
	}
	guest_timer_arm(deadline);
	while ((int64_t)(guest_counter() - deadline) < 0) {
		/* WFI with IRQs masked still wakes on a pending interrupt
		 * (Arm ARM D1.6.2); then open the window to take it. This
		 * way the wake-up cannot slip between the check and WFI. */
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2"
				 ::: "memory");
	}
	guest_timer_disarm();
}

uint32_t guest_wait_expected(uint32_t seen, uint64_t deadline)
{
	if (gic_version == 0u) {
		while (expected_count == seen &&
		       (int64_t)(guest_counter() - deadline) < 0)
			;
		return expected_count;
	}
	guest_timer_arm(deadline);
	while (expected_count == seen &&
	       (int64_t)(guest_counter() - deadline) < 0)
		__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2"
				 ::: "memory");
	guest_timer_disarm();
	return expected_count;
}

uint32_t guest_irq_timer_count(void)
{
	return irq_stats.timer;
}

void guest_irq_stats(struct guest_irq_stats *out)
{
	out->timer = irq_stats.timer;
	out->unexpected = irq_stats.unexpected;
	out->last_unexpected = irq_stats.last_unexpected;
}

#define GICD_SGIR_SELF 2u /* TargetListFilter: this CPU */

void guest_irq_send_sgi_self(uint32_t intid)
{
	uint64_t mpidr;

	if (gic_version == 2u) {
		guest_mmio_write32(GIC_GICD_BASE + GICD_SGIR, (GICD_SGIR_SELF << GICD_SGIR_FILTER_SHIFT) | (intid & 0xfu));
		return;
	}
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
	/* ICC_SGI1R_EL1: TargetList bit of our Aff0, Aff1 at 16 (IHI 0069
	 * 12.2.23); our vCPUs are 0.0.0.n, so Aff2/Aff3 are 0. */
	__asm__ volatile("msr s3_0_c12_c11_5, %0\n\tisb"
			 : : "r"((1ull << (mpidr & 0xfu)) |
				 ((uint64_t)(intid & 0xfu) << ICC_SGI1R_INTID_SHIFT)));
}
