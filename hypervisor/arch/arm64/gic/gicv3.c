/* SPDX-License-Identifier: MIT */
/*
 * GICv3 physical driver: distributor, redistributors, system-register CPU
 * interface (Arm IHI 0069, "GIC architecture specification v3/v4").
 */
#include "arch/gic.h"

#include "arch/arm64/gic/gic_regs.h"
#include "arch/mmio.h"
#include "arch/vgic_arch.h"
#include "arch/arm64/sysreg.h"
#include "core/config_format.h"
#include "core/percpu.h"
#include "lib/fmt.h"

/* CPU interface system registers (IHI 0069 12.2), by encoding. */
#define ICC_SRE_EL2_SRE    (1ull << 0)
#define ICC_SRE_EL2_ENABLE (1ull << 3) /* EL1 may use ICC_SRE_EL1 */
#define ICC_SGI1R_IRM      (1ull << 40) /* all PEs but self */
#define ICC_SGI1R_INTID_SHIFT 24

#define ICC_CTLR_EOIMODE   (1ull << 1)

#define GIC_PRIO_HALT      0x80u
#define GIC_PRIO_DEFAULT   0xa0u
#define GICV3_POLL_LIMIT   1000000u

static uintptr_t gicd;
static uint64_t gicr_base, gicr_size;
static uintptr_t gicr_of_cpu[SK_MAX_CPUS];
static uint64_t gicv3_mpidr_of_cpu[SK_MAX_CPUS];

static bool gicv3_wait_rwp(void)
{
	for (uint32_t i = 0; i < GICV3_POLL_LIMIT; i++) {
		if ((mmio_read32(gicd + GICD_CTLR) & GICD_CTLR_RWP) == 0)
			return true;
	}
	return false;
}

static bool gicv3_init(const struct board *b, char *err, uint32_t err_size)
{
	uint32_t ctlr;

	gicd = (uintptr_t)b->gicd.base;
	gicr_base = b->gicr.base;
	gicr_size = b->gicr.size;
	ctlr = mmio_read32(gicd + GICD_CTLR);
	/* Affinity routing first, then the group enable (IHI 0069 12.9.4). */
	mmio_write32(gicd + GICD_CTLR, ctlr | GICD_CTLR_ARE);
	if (!gicv3_wait_rwp()) {
		(void)sk_snprintf(err, err_size, "GICv3 distributor at 0x%llx: RWP never cleared",
				  (unsigned long long)b->gicd.base);
		return false;
	}
	ctlr = mmio_read32(gicd + GICD_CTLR);
	ctlr |= (ctlr & GICD_CTLR_DS) != 0 ? GICD_CTLR_GRP1 : GICD_CTLR_NS_GRP1;
	mmio_write32(gicd + GICD_CTLR, ctlr);
	(void)gicv3_wait_rwp();
	return true;
}

static uint64_t gicv3_mpidr_to_aff(uint64_t mpidr)
{
	return ((mpidr >> 8) & 0xff000000ull) | (mpidr & 0xffffffull);
}

/* Finds the redistributor whose GICR_TYPER affinity matches this CPU. */
static uintptr_t gicv3_find_rd(uint64_t mpidr)
{
	uint64_t want = gicv3_mpidr_to_aff(mpidr);
	uint64_t off = 0;

	while (off + GICR_FRAME_V3 <= gicr_size) {
		uintptr_t rd = (uintptr_t)(gicr_base + off);
		uint64_t typer = mmio_read64(rd + GICR_TYPER);

		if ((typer >> GICR_TYPER_AFF_SHIFT) == want)
			return rd;
		if ((typer & GICR_TYPER_LAST) != 0)
			break;
		off += (typer & GICR_TYPER_VLPIS) != 0 ? GICR_FRAME_V4 : GICR_FRAME_V3;
	}
	return 0;
}

static bool gicv3_cpu_init(uint32_t cpu, uint64_t mpidr)
{
	uintptr_t rd = gicv3_find_rd(mpidr);
	bool awake = false;

	if (rd == 0 || cpu >= SK_MAX_CPUS)
		return false;
	gicr_of_cpu[cpu] = rd;
	gicv3_mpidr_of_cpu[cpu] = mpidr;
	mmio_write32(rd + GICR_WAKER,
		     mmio_read32(rd + GICR_WAKER) & ~GICR_WAKER_PSLEEP);
	for (uint32_t i = 0; i < GICV3_POLL_LIMIT && !awake; i++)
		awake = (mmio_read32(rd + GICR_WAKER) & GICR_WAKER_CASLEEP) == 0;
	if (!awake)
		return false;
	mmio_write32(rd + GICR_IGROUPR0, 0xffffffffu);
	mmio_write8(rd + GICR_IPRIORITYR + GIC_SGI_HALT, GIC_PRIO_HALT);
	mmio_write8(rd + GICR_IPRIORITYR + GIC_SGI_KICK, GIC_PRIO_DEFAULT);
	mmio_write8(rd + GICR_IPRIORITYR + GIC_PPI_MAINTENANCE, GIC_PRIO_DEFAULT);
	mmio_write8(rd + GICR_IPRIORITYR + GIC_PPI_VTIMER, GIC_PRIO_DEFAULT);
	mmio_write8(rd + GICR_IPRIORITYR + GIC_PPI_HYP_TIMER, GIC_PRIO_DEFAULT);
	mmio_write8(rd + GICR_IPRIORITYR + GIC_PPI_SCHED_TIMER, GIC_PRIO_DEFAULT);
	mmio_write32(rd + GICR_ISENABLER0, (1u << GIC_SGI_HALT) |
		     (1u << GIC_SGI_KICK) | (1u << GIC_PPI_MAINTENANCE) |
		     (1u << GIC_PPI_VTIMER) | (1u << GIC_PPI_HYP_TIMER) |
		     (1u << GIC_PPI_SCHED_TIMER));

	sysreg_write(S3_4_C12_C9_5, ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE);
	isb();
	sysreg_write(S3_0_C4_C6_0, 0xffu);   /* ICC_PMR_EL1: let all through */
	sysreg_write(S3_0_C12_C12_3, 0u);    /* ICC_BPR1_EL1 */
	sysreg_write(S3_0_C12_C12_4, ICC_CTLR_EOIMODE); /* ICC_CTLR_EL1 */
	sysreg_write(S3_0_C12_C12_7, 1u);    /* ICC_IGRPEN1_EL1 */
	isb();
	return true;
}

static uint32_t gicv3_ack(void)
{
	uint64_t v = sysreg_read(S3_0_C12_C12_0); /* ICC_IAR1_EL1 */

	__asm__ volatile("dsb sy" : : : "memory");
	return (uint32_t)v;
}

static void gicv3_eoi(uint32_t raw)
{
	sysreg_write(S3_0_C12_C12_1, raw); /* ICC_EOIR1_EL1 */
	isb();
}

static void gicv3_deactivate(uint32_t raw)
{
	sysreg_write(S3_0_C12_C11_1, raw); /* ICC_DIR_EL1 */
	isb();
}

/* ICC_SGI1R_EL1 aimed at one CPU: its Aff3.Aff2.Aff1 and the Aff0 bit in
 * TargetList (IHI 0069 12.2.23). */
static void gicv3_send_sgi(uint32_t cpu, uint32_t intid)
{
	uint64_t mpidr = cpu < SK_MAX_CPUS ? gicv3_mpidr_of_cpu[cpu] : 0;
	uint64_t aff0 = mpidr & 0xffu;
	uint64_t v;

	if (aff0 >= 16u)
		return; /* not expressible in TargetList without RS */
	v = (1ull << aff0) | (((mpidr >> 8) & 0xffu) << 16) |
	    ((uint64_t)(intid & 0xfu) << ICC_SGI1R_INTID_SHIFT) |
	    (((mpidr >> 16) & 0xffu) << 32) | (((mpidr >> 32) & 0xffu) << 48);
	dsb_sy();
	sysreg_write(S3_0_C12_C11_5, v);
	isb();
}

static void gicv3_send_halt_to_others(void)
{
	dsb_sy();
	sysreg_write(S3_0_C12_C11_5, ICC_SGI1R_IRM |
		     ((uint64_t)GIC_SGI_HALT << ICC_SGI1R_INTID_SHIFT));
	isb();
}

/* This CPU's redistributor, as gicv3_cpu_init found it. */
static uintptr_t gicv3_my_rd(void)
{
	const struct percpu *pc = this_cpu();

	return pc != NULL && pc->id < SK_MAX_CPUS ? gicr_of_cpu[pc->id] : 0;
}

static void gicv3_disable(uint32_t intid)
{
	if (intid < GIC_INTID_SPI_FIRST) {
		uintptr_t rd = gicv3_my_rd();

		if (rd != 0)
			mmio_write32(rd + GICR_ICENABLER0, 1u << intid);
	} else if (intid < GIC_INTID_SPECIAL_FIRST) {
		mmio_write32(gicd + GIC_REG_N(GICD_ICENABLER, intid / 32u),
			     1u << (intid % 32u));
	}
}

/* Routed by affinity (GICD_IROUTER, IHI 0069 12.9.22) to a CPU whose
 * redistributor gicv3_cpu_init found: before that its MPIDR is not known
 * here, and 0 would mean CPU 0. */
static bool gicv3_enable_spi(uint32_t intid, uint32_t cpu)
{
	uint64_t mpidr;
	uint32_t bit = 1u << (intid % 32u);

	if (cpu >= SK_MAX_CPUS || gicr_of_cpu[cpu] == 0)
		return false;
	mpidr = gicv3_mpidr_of_cpu[cpu];
	mmio_write32(gicd + GIC_REG_N(GICD_IGROUPR, intid / 32u),
		     mmio_read32(gicd + GIC_REG_N(GICD_IGROUPR, intid / 32u)) | bit);
	mmio_write8(gicd + GICD_IPRIORITYR + intid, GIC_PRIO_DEFAULT);
	/* IROUTER takes Aff3 in bits 39:32 and Aff2.Aff1.Aff0 below. */
	mmio_write64(gicd + GICD_IROUTER + 8u * intid,
		     (mpidr & 0xffffffull) | ((mpidr >> 32) & 0xffull) << 32);
	mmio_write32(gicd + GIC_REG_N(GICD_ISENABLER, intid / 32u), bit);
	return true;
}

/* Disabled first, and GICD_CTLR.RWP waited for, which tracks the effect
 * of GICD_ICENABLER writes (IHI 0069 12.9.4): after that the interrupt
 * cannot be signalled again, and clearing its pending (a level interrupt
 * still asserted stays pending, but disabled) and active states sticks. */
static void gicv3_release_spi(uint32_t intid)
{
	uint32_t bit = 1u << (intid % 32u);

	mmio_write32(gicd + GIC_REG_N(GICD_ICENABLER, intid / 32u), bit);
	(void)gicv3_wait_rwp();
	mmio_write32(gicd + GIC_REG_N(GICD_ICPENDR, intid / 32u), bit);
	mmio_write32(gicd + GIC_REG_N(GICD_ICACTIVER, intid / 32u), bit);
}

static void gicv3_clear_active(uint32_t intid)
{
	uintptr_t rd;

	if (intid >= 32u) {
		mmio_write32(gicd + GIC_REG_N(GICD_ICACTIVER, intid / 32u), 1u << (intid % 32u));
		return;
	}
	rd = gicv3_my_rd();
	if (rd != 0)
		mmio_write32(rd + GICR_ICACTIVER0, 1u << intid);
}

/* A PPI's active state on this CPU (GICR_ISACTIVER0/ICACTIVER0, IHI 0069
 * 12.11): a switched-out vCPU's forwarded timer keeps it for later. */
static bool gicv3_ppi_active(uint32_t intid)
{
	uintptr_t rd = gicv3_my_rd();

	return rd != 0 && (mmio_read32(rd + GICR_ISACTIVER0) & (1u << intid)) != 0;
}

static void gicv3_ppi_set_active(uint32_t intid)
{
	uintptr_t rd = gicv3_my_rd();

	if (rd != 0)
		mmio_write32(rd + GICR_ISACTIVER0, 1u << intid);
}

const struct gic_ops gicv3_ops = {
	.init = gicv3_init,
	.cpu_init = gicv3_cpu_init,
	.ack = gicv3_ack,
	.eoi = gicv3_eoi,
	.deactivate = gicv3_deactivate,
	.send_halt_to_others = gicv3_send_halt_to_others,
	.send_sgi = gicv3_send_sgi,
	.enable_spi = gicv3_enable_spi,
	.release_spi = gicv3_release_spi,
	.clear_active = gicv3_clear_active,
	.ppi_active = gicv3_ppi_active,
	.ppi_set_active = gicv3_ppi_set_active,
	.disable = gicv3_disable,
};

/* BOARD_QUIRK_GIC_VIRQ_UNWIRED (platform/board.h): the maintenance
 * interrupt, once ended, has the vGIC re-decide the virtual IRQ the
 * hypervisor raises there (vgic_arch_maintenance); the guest acknowledged,
 * ended, enabled or disabled something. Its own ops table, so that no
 * other board's interrupt path gains an instruction. */
static void gicv3_deactivate_virq(uint32_t raw)
{
	gicv3_deactivate(raw);
	if (raw == GIC_PPI_MAINTENANCE)
		vgic_arch_maintenance();
}

const struct gic_ops gicv3_virq_ops = {
	.init = gicv3_init,
	.cpu_init = gicv3_cpu_init,
	.ack = gicv3_ack,
	.eoi = gicv3_eoi,
	.deactivate = gicv3_deactivate_virq,
	.send_halt_to_others = gicv3_send_halt_to_others,
	.send_sgi = gicv3_send_sgi,
	.enable_spi = gicv3_enable_spi,
	.release_spi = gicv3_release_spi,
	.clear_active = gicv3_clear_active,
	.ppi_active = gicv3_ppi_active,
	.ppi_set_active = gicv3_ppi_set_active,
	.disable = gicv3_disable,
};
