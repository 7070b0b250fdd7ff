// SPDX-License-Identifier: MIT
/*
 * hostile: attacks on the interrupt controller. The partition's GIC is
 * virtual, so every write lands in its own emulated state or aborts; what
 * must never happen is a change another partition notices. The victims
 * enable every SGI and SPI and report any interrupt they did not ask for;
 * the system test fails on such a report.
 */
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "hostile.h"
#include "irq.h"
#include "try.h"
#include "lib/array.h"

#define GICD_REGS_1BIT  32u      /* INTIDs 0..1023 at one bit each */
#define GIC_INTIDS      1020u
#define GICR_FRAMES     8u       /* a board's worth: 2 own, 6 of others */

/* Writes one register, counting the write and whether it aborted. */
struct gic_tally {
	uint32_t writes;
	uint32_t aborted;
	uint32_t other;  /* exceptions that are not aborts: a finding */
};

static uint32_t write_value;

static void op_write32(uint64_t addr)
{
	guest_mmio_write32(addr, write_value);
}

static void tally_write(struct gic_tally *t, uint64_t addr, uint32_t value)
{
	struct guest_try r;

	write_value = value;
	t->writes++;
	if (guest_try(op_write32, addr, &r) == 0u)
		return;
	if (r.count == 1u && r.ext_aborts == 1u)
		t->aborted++;
	else
		t->other++;
}

bool hostile_attack_gic_distributor(void)
{
	/* Set-enable/pending/active, then priority, configuration and
	 * routing, of every SPI: most belong to nobody, 33 is the board UART
	 * the hypervisor owns, 34 is the victim's device. */
	static const uint32_t set_regs[] = {
		GICD_ISENABLER, GICD_ISPENDR, GICD_ISACTIVER,
	};
	uint32_t version = guest_gic_detect();
	struct gic_tally t = { 0 };

	for (uint32_t r = 0; r < ARRAY_SIZE(set_regs); r++)
		for (uint32_t n = 1; n < GICD_REGS_1BIT; n++)
			tally_write(&t, GIC_GICD_BASE + set_regs[r] + 4u * n, GIC_ALL_ONES);
	for (uint32_t intid = 32; intid < GIC_INTIDS; intid += 4u) {
		tally_write(&t, GIC_GICD_BASE + GICD_IPRIORITYR + intid, 0);
		if (version == 2u)
			tally_write(&t, GIC_GICD_BASE + GICD_ITARGETSR + intid, GIC_ALL_ONES);
	}
	for (uint32_t n = 2; n < 2u * GICD_REGS_1BIT; n++)
		tally_write(&t, GIC_GICD_BASE + GICD_ICFGR + 4u * n, GIC_ALL_ONES);
	if (version == 3u) {
		for (uint32_t intid = 32; intid < GIC_INTIDS; intid++) {
			/* Aff0 of each CPU in turn, then "any CPU" (IRM). */
			tally_write(&t, GIC_GICD_BASE + GICD_IROUTER + 8u * intid,
				    intid & 7u);
			tally_write(&t, GIC_GICD_BASE + GICD_IROUTER + 8u * intid + 4u,
				    GIC_ALL_ONES);
		}
	}
	/* Its own distributor off and on again. */
	tally_write(&t, GIC_GICD_BASE + GICD_CTLR, 0);
	tally_write(&t, GIC_GICD_BASE + GICD_CTLR, GIC_ALL_ONES);
	return hostile_report("gic-distributor", t.other == 0u,
			      "%u writes to enable/pending/active/priority/"
			      "config/route of SPIs 32-1019, %u aborted, %u "
			      "other exceptions", t.writes, t.aborted, t.other);
}

bool hostile_attack_gic_redistributor(void)
{
	static const uint32_t rd_regs[] = {
		GICR_CTLR, GICR_WAKER, GICR_PROPBASER, GICR_PENDBASER,
	};
	static const uint32_t sgi_regs[] = {
		GICR_IGROUPR0, GICR_ISENABLER0, GICR_ISPENDR0, GICR_ISACTIVER0,
		GICR_IPRIORITYR, GICR_IPRIORITYR + 28u, GICR_ICFGR1,
	};
	struct gic_tally own = { 0 };
	struct gic_tally foreign = { 0 };

	if (guest_gic_detect() != 3u)
		return hostile_report("gic-redistributor", true,
				      "GICv2: no redistributors; the CPU "
				      "interface is the partition's own");
	for (uint32_t f = 0; f < GICR_FRAMES; f++) {
		struct gic_tally *t = f < HOSTILE_VCPUS ? &own : &foreign;
		uint64_t rd = GIC_GICR_BASE + f * GIC_GICR_STRIDE;

		for (uint32_t i = 0; i < ARRAY_SIZE(rd_regs); i++)
			tally_write(t, rd + rd_regs[i], GIC_ALL_ONES);
		for (uint32_t i = 0; i < ARRAY_SIZE(sgi_regs); i++)
			tally_write(t, rd + GIC_GICR_SGI + sgi_regs[i],
				    sgi_regs[i] == GICR_IPRIORITYR ? 0u : GIC_ALL_ONES);
	}
	return hostile_report("gic-redistributor",
			      own.other == 0u && foreign.other == 0u &&
			      foreign.aborted == foreign.writes,
			      "own frames: %u writes, %u aborted; frames of "
			      "CPUs it does not have: %u/%u writes aborted",
			      own.writes, own.aborted, foreign.aborted,
			      foreign.writes);
}

/* ---- SGIs ---------------------------------------------------------------- */

#define SGI_TARGETS_ALL   0xffffull
#define SGI_RANDOM        1000u

static uint32_t sgi_reg;

static void op_sgi_sysreg(uint64_t value)
{
	switch (sgi_reg) {
	case 0: /* ICC_SGI1R_EL1 */
		__asm__ volatile("msr s3_0_c12_c11_5, %0\n\tisb" : : "r"(value));
		break;
	case 1: /* ICC_SGI0R_EL1 */
		__asm__ volatile("msr s3_0_c12_c11_7, %0\n\tisb" : : "r"(value));
		break;
	default: /* ICC_ASGI1R_EL1 */
		__asm__ volatile("msr s3_0_c12_c11_6, %0\n\tisb" : : "r"(value));
		break;
	}
}

static uint64_t sgi_rng = 0x9e3779b97f4a7c15ull;

static uint64_t sgi_random(void)
{
	sgi_rng ^= sgi_rng << 13;
	sgi_rng ^= sgi_rng >> 7;
	sgi_rng ^= sgi_rng << 17;
	return sgi_rng;
}

static void sgis_v3(struct gic_tally *t)
{
	for (sgi_reg = 0; sgi_reg < 3u; sgi_reg++) {
		for (uint64_t intid = 0; intid < GUEST_INTID_SGI_COUNT; intid++) {
			uint64_t sgi = intid << ICC_SGI1R_INTID_SHIFT;
			uint64_t values[] = {
				sgi | ICC_SGI1R_IRM,              /* everyone but me */
				sgi | SGI_TARGETS_ALL,        /* Aff0 0-15 */
				sgi | SGI_TARGETS_ALL | (1ull << ICC_SGI1R_AFF1_SHIFT),
				sgi | SGI_TARGETS_ALL | (1ull << ICC_SGI1R_AFF2_SHIFT),
				sgi | SGI_TARGETS_ALL | (1ull << ICC_SGI1R_AFF3_SHIFT),
			};

			for (uint32_t i = 0; i < ARRAY_SIZE(values); i++) {
				t->writes++;
				if (guest_try(op_sgi_sysreg, values[i], NULL) != 0u)
					t->other++;
			}
		}
	}
	sgi_reg = 0;
	for (uint32_t i = 0; i < SGI_RANDOM; i++) {
		t->writes++;
		if (guest_try(op_sgi_sysreg, sgi_random(), NULL) != 0u)
			t->other++;
	}
}

static void sgis_v2(struct gic_tally *t)
{
	for (uint32_t intid = 0; intid < GUEST_INTID_SGI_COUNT; intid++)
		for (uint32_t filter = 0; filter < 4u; filter++)
			tally_write(t, GIC_GICD_BASE + GICD_SGIR,
				    (filter << GICD_SGIR_FILTER_SHIFT) |
				    (0xffu << GICD_SGIR_TARGET_SHIFT) | intid);
	for (uint32_t i = 0; i < SGI_RANDOM; i++)
		tally_write(t, GIC_GICD_BASE + GICD_SGIR, (uint32_t)sgi_random());
}

bool hostile_attack_sgis(void)
{
	struct gic_tally t = { 0 };

	if (guest_gic_detect() == 3u)
		sgis_v3(&t);
	else
		sgis_v2(&t);
	return hostile_report("sgis", t.other == 0u,
			      "%u SGIs to all CPUs, other clusters, \"all but "
			      "self\" and random targets, %u aborted, %u other "
			      "exceptions", t.writes, t.aborted, t.other);
}

/* Leaves its own GIC quiet again (nothing enabled, pending or active),
 * then brings it up the way every test guest does. Not an attack. */
bool hostile_gic_restore(void)
{
	static const uint32_t clear_regs[] = {
		GICD_ICENABLER, GICD_ICPENDR, GICD_ICACTIVER,
	};
	struct gic_tally t = { 0 };

	for (uint32_t r = 0; r < ARRAY_SIZE(clear_regs); r++)
		for (uint32_t n = 0; n < GICD_REGS_1BIT; n++)
			tally_write(&t, GIC_GICD_BASE + clear_regs[r] + 4u * n, GIC_ALL_ONES);
	if (guest_gic_detect() == 3u) {
		for (uint32_t f = 0; f < HOSTILE_VCPUS; f++) {
			uint64_t sgi = GIC_GICR_BASE + f * GIC_GICR_STRIDE +
				       GIC_GICR_SGI;

			tally_write(&t, sgi + GICR_ICENABLER0, GIC_ALL_ONES);
			tally_write(&t, sgi + GICR_ICPENDR0, GIC_ALL_ONES);
			tally_write(&t, sgi + GICR_ICACTIVER0, GIC_ALL_ONES);
		}
	} else {
		for (uint32_t n = 0; n < GUEST_INTID_SGI_COUNT / 4u; n++)
			tally_write(&t, GIC_GICD_BASE + GICD_CPENDSGIR + 4u * n, GIC_ALL_ONES);
	}
	if (t.aborted + t.other != 0u)
		guest_printf("gic cleanup: %u of %u writes did not land\n",
			     t.aborted + t.other, t.writes);
	return guest_irq_init() != 0u;
}
