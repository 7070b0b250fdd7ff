/* SPDX-License-Identifier: MIT */
/*
 * The virtual GIC (hypervisor/arch/arm64/gic/vgic.c and the GICv2/GICv3
 * register tables), over fake list registers and a recording kick. The
 * guest side is played the way a guest and the hardware would: register
 * accesses go through vgic_v3_dist_mmio / vgic_v3_redist_mmio /
 * vgic_v2_dist_mmio as the trap handler makes them, and the "hardware"
 * acknowledges and completes interrupts by changing the fake LRs' state
 * between two vgic_sync_and_flush calls.
 *
 * Register offsets and fields are written out from Arm IHI 0069 (GICv3)
 * and IHI 0048B (GICv2) so the test does not share the implementation's
 * constants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/arm64/gic/vgic_regs.h"
#include "arch/vgic.h"
#include "core/partition.h"

/* GICD (IHI 0069 12.9, IHI 0048B 4.3) */

#define GICD_CTLR_ENABLE_G1  (1u << 0)
#define GICD_CTLR_ENABLE_G1A (1u << 1)
#define GICD_CTLR_ARE_NS     (1u << 4)
#define GICD_TYPER_ITLINES(t)  ((t) & 0x1fu)
#define GICD_TYPER_CPUNUM(t)   (((t) >> 5) & 0x7u)
#define GICD_TYPER_IDBITS(t)   (((t) >> 19) & 0x1fu)
#define PIDR2_ARCHREV(v)       (((v) >> 4) & 0xfu)

/* GICv2 GICD_SGIR (IHI 0048B 4.3.15) */
#define SGIR_FILTER_LIST   (0u << 24)
#define SGIR_FILTER_OTHERS (1u << 24)
#define SGIR_FILTER_SELF   (2u << 24)
#define SGIR_FILTER_RESERVED (3u << 24)
#define SGIR_TARGETS(m)    ((uint32_t)(m) << 16)
#define V2_SGIS_ON         0xffffu /* ISENABLER0 bits of INTIDs 0-15 */

/* GICR: RD_base frame, then SGI_base frame 64 KiB on (IHI 0069 12.10) */
#define GICR_FRAME      0x20000u
#define GICR_SGI        0x10000u
#define GICR_ICFGR1     (GICR_SGI + 0x0c04u)

#define GICR_TYPER_PROCNUM(t) (((t) >> 8) & 0xffffu)
#define GICR_TYPER_AFF(t)   ((t) >> 32)
#define GICR_WAKER_PS       (1u << 1)
#define GICR_WAKER_CA       (1u << 2)

/* ICC_SGI1R_EL1 (IHI 0069 12.2.23) */
#define SGI1R_TARGETS(m) ((uint64_t)(m))
#define SGI1R_AFF1(a)    ((uint64_t)(a) << 16)
#define SGI1R_INTID(i)   ((uint64_t)(i) << 24)
#define SGI1R_AFF2(a)    ((uint64_t)(a) << 32)
#define SGI1R_IRM        (1ull << 40)
#define SGI1R_RS(r)      ((uint64_t)(r) << 44)
#define SGI1R_AFF3(a)    ((uint64_t)(a) << 48)

#define ICFGR_ALL_EDGE 0xaaaaaaaau

#define NR_VCPUS   4u
#define DEFAULT_LRS 4u
#define SPI(n)     (32u + (n))
#define PPI_VTIMER 27u
#define KICKS_MAX  64u

/* ---- fakes: list registers and kicks ---- */

/* VGIC_ASSERT's failure (vgic_assert.h) as a cmocka assertion, so a test
 * can expect one (expect_assert_failure). */
void vgic_assert_fail(const char *file, int line, uint64_t a, uint64_t b)
{
	print_message("VGIC_ASSERT at %s:%d (0x%llx, 0x%llx)\n", file, line,
		      (unsigned long long)a, (unsigned long long)b);
	mock_assert(0, "VGIC_ASSERT", file, line);
}

static struct vgic_lr lrs[VGIC_MAX_LRS];
static uint32_t nr_lrs;
static unsigned lr_writes;
static bool underflow;
static unsigned underflow_calls;

static uint32_t fake_lr_count(void)
{
	return nr_lrs;
}

static void fake_lr_read(uint32_t n, struct vgic_lr *lr)
{
	assert_true(n < nr_lrs);
	*lr = lrs[n];
}

static void fake_lr_write(uint32_t n, const struct vgic_lr *lr)
{
	assert_true(n < nr_lrs);
	lrs[n] = *lr;
	lr_writes++;
}

static void fake_set_underflow(bool on)
{
	underflow = on;
	underflow_calls++;
}

/* ICH_ELRSR_EL2: the LRs whose state is invalid. */
static uint32_t fake_lr_empty_mask(void)
{
	uint32_t m = 0;

	for (uint32_t n = 0; n < nr_lrs; n++) {
		if (!lrs[n].pending && !lrs[n].active)
			m |= 1u << n;
	}
	return m;
}

static const struct vgic_lr_ops fake_lr_ops = {
	.count = fake_lr_count,
	.read = fake_lr_read,
	.write = fake_lr_write,
	.set_underflow = fake_set_underflow,
};

/* As the HCR_EL2.VI workaround's: every software LR read back at every
 * exit. */
static const struct vgic_lr_ops fake_lr_ops_eager = {
	.count = fake_lr_count,
	.read = fake_lr_read,
	.write = fake_lr_write,
	.set_underflow = fake_set_underflow,
	.empty_mask = fake_lr_empty_mask,
	.read_back_every_exit = true,
};

/* With ICH_ELRSR_EL2, as on GICv3, for the timer fast path's tests (the
 * fake's single set of LRs stands for the CPU of the vCPU under test). */
static const struct vgic_lr_ops fake_lr_ops_elrsr = {
	.count = fake_lr_count,
	.read = fake_lr_read,
	.write = fake_lr_write,
	.set_underflow = fake_set_underflow,
	.empty_mask = fake_lr_empty_mask,
};

/* What the timer fast path was last told, per vCPU. */
static struct {
	bool armed;
	struct vgic_lr lr;
	uint32_t calls;
} published[4];

static void record_publish(struct partition *p, vcpu_index_t vcpu,
			   const struct vgic_lr *lr)
{
	(void)p;
	assert_true(vcpu.index < 4);
	published[vcpu.index].armed = lr != NULL;
	if (lr != NULL)
		published[vcpu.index].lr = *lr;
	published[vcpu.index].calls++;
}

static uint32_t kicks[KICKS_MAX];
static unsigned nr_kicks;
static struct partition part;

static void record_kick(struct partition *p, vcpu_index_t target)
{
	assert_ptr_equal(p, &part);
	if (nr_kicks < KICKS_MAX)
		kicks[nr_kicks] = target.index;
	nr_kicks++;
}

static unsigned kicks_to(uint32_t target)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nr_kicks && i < KICKS_MAX; i++)
		n += kicks[i] == target;
	return n;
}

static void forget_kicks(void)
{
	nr_kicks = 0;
}

/* ---- partition and guest side ---- */

static struct vgic *g = &part.arch.vgic;

static void vgic_setup(uint32_t version, uint32_t vcpus)
{
	memset(&part, 0, sizeof(part));
	part.vcpu_count = vcpus;
	for (uint32_t i = 0; i < vcpus; i++) {
		part.vcpus[i].partition = &part;
		part.vcpus[i].index = vcpu_index_of(i);
	}
	memset(lrs, 0, sizeof(lrs));
	nr_lrs = DEFAULT_LRS;
	lr_writes = 0;
	underflow = false;
	underflow_calls = 0;
	forget_kicks();
	vgic_init(g, &part, version, vcpus, &fake_lr_ops);
	g->kick = record_kick;
}

static int setup_v3(void **state)
{
	(void)state;
	vgic_setup(3, NR_VCPUS);
	return 0;
}

static int setup_v2(void **state)
{
	(void)state;
	vgic_setup(2, NR_VCPUS);
	return 0;
}

/* A distributor access by vCPU `by` (banked registers under GICv2). */
static bool dist_access(uint32_t by, uint32_t offset, uint32_t size,
			bool write, uint64_t *val)
{
	struct mmio_access a = {
		.addr = 0x08000000u + offset, .size = size, .write = write,
		.value = write ? *val : 0x5555555555555555ull,
	};
	bool ok = g->version == 3
		? vgic_v3_dist_mmio(&part.vcpus[by], g, offset, &a)
		: vgic_v2_dist_mmio(&part.vcpus[by], g, offset, &a);

	if (!write)
		*val = a.value;
	return ok;
}

static uint64_t dist_rd_by(uint32_t by, uint32_t offset, uint32_t size)
{
	uint64_t val = 0;

	assert_true(dist_access(by, offset, size, false, &val));
	return val;
}

static void dist_wr_by(uint32_t by, uint32_t offset, uint32_t size,
		       uint64_t val)
{
	assert_true(dist_access(by, offset, size, true, &val));
}

static uint64_t dist_rd(uint32_t offset, uint32_t size)
{
	return dist_rd_by(0, offset, size);
}

static void dist_wr(uint32_t offset, uint32_t size, uint64_t val)
{
	dist_wr_by(0, offset, size, val);
}

/* GICv3 redistributor of vCPU `cpu`, as the guest addresses it. */
static bool redist_access(uint32_t cpu, uint32_t offset, uint32_t size,
			  bool write, uint64_t *val)
{
	uint64_t off = (uint64_t)cpu * GICR_FRAME + offset;
	struct mmio_access a = {
		.addr = 0x080a0000u + off, .size = size, .write = write,
		.value = write ? *val : 0x5555555555555555ull,
	};
	bool ok = vgic_v3_redist_mmio(&part.vcpus[0], g, off, &a);

	if (!write)
		*val = a.value;
	return ok;
}

/* A read of vCPU cpu's redistributor by vCPU caller (on its own CPU). */
static uint64_t redist_rd_as(uint32_t caller, uint32_t cpu, uint32_t offset,
			     uint32_t size)
{
	uint64_t off = (uint64_t)cpu * GICR_FRAME + offset;
	struct mmio_access a = {
		.addr = 0x080a0000u + off, .size = size, .write = false,
	};

	assert_true(vgic_v3_redist_mmio(&part.vcpus[caller], g, off, &a));
	return a.value;
}

static uint64_t redist_rd(uint32_t cpu, uint32_t offset, uint32_t size)
{
	uint64_t val = 0;

	assert_true(redist_access(cpu, offset, size, false, &val));
	return val;
}

static void redist_wr(uint32_t cpu, uint32_t offset, uint32_t size,
		      uint64_t val)
{
	assert_true(redist_access(cpu, offset, size, true, &val));
}

static uint32_t bit_of(uint32_t intid)
{
	return 1u << (intid % 32u);
}

static uint32_t word_of(uint32_t base, uint32_t intid)
{
	return base + 4u * (intid / 32u);
}

static void enable_distributor(void)
{
	dist_wr(GICD_CTLR, 4, g->version == 3
		? GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A : GICD_CTLR_ENABLE_G1);
}

static void enable_spi(uint32_t intid, uint8_t prio)
{
	dist_wr(GICD_IPRIORITYR + intid, 1, prio);
	dist_wr(word_of(GICD_ISENABLER, intid), 4, bit_of(intid));
}

/* SGI or PPI of one vCPU. */
static void enable_private(uint32_t cpu, uint32_t intid, uint8_t prio)
{
	if (g->version == 3) {
		redist_wr(cpu, GICR_IPRIORITYR + intid, 1, prio);
		redist_wr(cpu, GICR_ISENABLER0, 4, bit_of(intid));
	} else {
		dist_wr_by(cpu, GICD_IPRIORITYR + intid, 1, prio);
		dist_wr_by(cpu, GICD_ISENABLER, 4, bit_of(intid));
	}
}

static void make_edge(uint32_t intid)
{
	uint32_t off = GICD_ICFGR + 4u * (intid / 16u);
	uint64_t cfg = dist_rd(off, 4);

	dist_wr(off, 4, cfg | 2u << (2u * (intid % 16u)));
}

static bool spi_pending(uint32_t intid)
{
	return (dist_rd(word_of(GICD_ISPENDR, intid), 4) & bit_of(intid)) != 0;
}

static bool spi_active(uint32_t intid)
{
	return (dist_rd(word_of(GICD_ISACTIVER, intid), 4) & bit_of(intid)) != 0;
}

static bool private_pending(uint32_t cpu, uint32_t intid)
{
	uint64_t v = g->version == 3 ? redist_rd(cpu, GICR_ISPENDR0, 4)
				     : dist_rd_by(cpu, GICD_ISPENDR, 4);

	return (v & bit_of(intid)) != 0;
}

static void flush(uint32_t cpu)
{
	vgic_sync_and_flush(g, vcpu_index_of(cpu));
}

/* The full flush: what a register read (vgic_sync_caller) or the next
 * placement runs; the exit path leaves an edge interrupt's LR to it. */
static void read_back(uint32_t cpu)
{
	vgic_flush(g, vcpu_index_of(cpu));
}

static bool lr_valid(uint32_t n)
{
	return lrs[n].pending || lrs[n].active;
}

/* The valid LR holding intid, or -1. */
static int lr_of(uint32_t intid)
{
	int found = -1;

	for (uint32_t n = 0; n < nr_lrs; n++) {
		if (lr_valid(n) && lrs[n].intid == intid) {
			assert_int_equal(found, -1); /* never in two LRs */
			found = (int)n;
		}
	}
	return found;
}

static unsigned valid_lrs(void)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < nr_lrs; i++)
		n += lr_valid(i);
	return n;
}

/* The LR holding intid; fails the test if there is none. */
static struct vgic_lr *lr_holding(uint32_t intid)
{
	int n = lr_of(intid);

	if (n < 0)
		fail_msg("INTID %u is in no list register", intid);
	return &lrs[n];
}

/* What the hardware does when the guest reads IAR, writes EOIR (with
 * EOImode 0, i.e. priority drop and deactivation together). */
static void guest_acknowledge(uint32_t intid)
{
	struct vgic_lr *lr = lr_holding(intid);

	assert_true(lr->pending);
	lr->pending = false;
	lr->active = true;
}

static void guest_complete(uint32_t intid)
{
	struct vgic_lr *lr = lr_holding(intid);

	lr->pending = false;
	lr->active = false;
}

/* ---- reset ---- */

static void reset_state_is_quiet_with_sgis_edge_and_others_level(void **state)
{
	(void)state;
	assert_false(g->enabled);
	for (uint32_t c = 0; c < NR_VCPUS; c++) {
		assert_true(g->cpu[c].asleep);
		for (uint32_t i = 0; i < VGIC_NR_IRQS; i++) {
			struct vgic_irq *irq = vgic_irq_get(g, vcpu_index_of(c), i);

			assert_non_null(irq);
			assert_int_equal(irq->edge, i < 16u);
			assert_false(irq->enabled);
			assert_false(irq->pending);
			assert_false(irq->active);
			assert_false(irq->hw);
		}
		assert_false(vgic_has_pending(g, vcpu_index_of(c)));
	}
	assert_null(vgic_irq_get(g, vcpu_index_of(0), VGIC_NR_IRQS));
	assert_null(vgic_irq_get(g, vcpu_index_of(NR_VCPUS), 0));
}

static void reset_state_as_the_registers_show_it(void **state)
{
	(void)state;
	assert_int_equal(dist_rd(GICD_CTLR, 4), GICD_CTLR_ARE_NS);
	for (uint32_t c = 0; c < NR_VCPUS; c++) {
		assert_int_equal(redist_rd(c, GICR_ICFGR0, 4), ICFGR_ALL_EDGE);
		assert_int_equal(redist_rd(c, GICR_ICFGR1, 4), 0);
		assert_int_equal(redist_rd(c, GICR_ISENABLER0, 4), 0);
		assert_int_equal(redist_rd(c, GICR_WAKER, 4),
				 GICR_WAKER_PS | GICR_WAKER_CA);
	}
	for (uint32_t w = 1; w < VGIC_NR_IRQS / 32u; w++) {
		assert_int_equal(dist_rd(GICD_ISENABLER + 4u * w, 4), 0);
		assert_int_equal(dist_rd(GICD_ISPENDR + 4u * w, 4), 0);
	}
	assert_int_equal(dist_rd(GICD_ICFGR + 8u, 4), 0);
}

/* Partition restart: everything a guest set is gone. */
static void reset_forgets_what_the_guest_set(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(8), 0x40);
	redist_wr(1, GICR_WAKER, 4, 0);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(8)), vcpu_index_of(0));
	vgic_reset(g);
	assert_false(g->enabled);
	assert_int_equal(dist_rd(word_of(GICD_ISENABLER, SPI(8)), 4), 0);
	assert_false(spi_pending(SPI(8)));
	assert_int_equal(dist_rd(GICD_IPRIORITYR + SPI(8), 1), 0);
	assert_true(g->cpu[1].asleep);
	assert_int_equal(g->nr_vcpus, NR_VCPUS);
	assert_int_equal(g->version, 3);
}

/* ---- delivery into the list registers ---- */

static void enabled_pending_spi_waits_for_the_distributor_enable(void **state)
{
	(void)state;
	enable_spi(SPI(8), 0xa0);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(8)), vcpu_index_of(0));
	assert_true(spi_pending(SPI(8)));
	assert_int_equal(nr_kicks, 0);
	flush(0);
	assert_int_equal(valid_lrs(), 0);
	enable_distributor();
	assert_true(kicks_to(0) > 0);
	flush(0);
	assert_int_equal(lr_holding(SPI(8))->priority, 0xa0);
	assert_true(lr_holding(SPI(8))->pending);
	assert_false(lr_holding(SPI(8))->active);
	assert_false(lr_holding(SPI(8))->hw);
	assert_false(underflow);
}

static void disabled_spi_stays_out_of_the_list_registers(void **state)
{
	(void)state;
	enable_distributor();
	forget_kicks();
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(9)), vcpu_index_of(0));
	assert_int_equal(nr_kicks, 0);
	flush(0);
	assert_int_equal(valid_lrs(), 0);
	assert_false(vgic_has_pending(g, vcpu_index_of(0)));
	/* Enabling it delivers what was pending. */
	dist_wr(word_of(GICD_ISENABLER, SPI(9)), 4, bit_of(SPI(9)));
	assert_int_equal(kicks_to(0), 1);
	assert_true(vgic_has_pending(g, vcpu_index_of(0)));
	flush(0);
	assert_true(lr_of(SPI(9)) >= 0);
}

static void group_and_priority_reach_the_list_register(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x28);
	dist_wr(word_of(GICD_IGROUPR, SPI(1)), 4, bit_of(SPI(1)));
	enable_spi(SPI(2), 0x30);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(2)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_holding(SPI(1))->group1);
	assert_int_equal(lr_holding(SPI(1))->priority, 0x28);
	assert_false(lr_holding(SPI(2))->group1);
}

/* Six pending, four LRs: the four best are loaded, the others wait and
 * an underflow interrupt is asked for. */
static const struct {
	uint32_t intid;
	uint8_t prio;
} six[] = {
	{ SPI(1), 0xa0 }, { SPI(2), 0x20 }, { SPI(3), 0x80 },
	{ SPI(4), 0x40 }, { SPI(5), 0x60 }, { SPI(6), 0x10 },
};

static void make_six_pending(void)
{
	enable_distributor();
	for (size_t i = 0; i < sizeof(six) / sizeof(six[0]); i++) {
		enable_spi(six[i].intid, six[i].prio);
		vgic_inject(g, vcpu_index_of(0), intid_of(six[i].intid),
			    vcpu_index_of(0));
	}
}

static void list_registers_hold_the_best_pending_interrupts(void **state)
{
	(void)state;
	make_six_pending();
	flush(0);
	assert_int_equal(valid_lrs(), 4);
	assert_int_equal(lr_holding(SPI(6))->priority, 0x10);
	assert_int_equal(lr_holding(SPI(2))->priority, 0x20);
	assert_int_equal(lr_holding(SPI(4))->priority, 0x40);
	assert_int_equal(lr_holding(SPI(5))->priority, 0x60);
	assert_int_equal(lr_of(SPI(3)), -1);
	assert_int_equal(lr_of(SPI(1)), -1);
	assert_true(underflow);
	/* The ones left out are still pending. */
	assert_true(spi_pending(SPI(3)));
	assert_true(spi_pending(SPI(1)));
}

/* ---- list-register usage (the resource report) ---- */

static struct vgic_lr_usage usage_of(uint32_t cpu)
{
	struct vgic_lr_usage u = { 99, 99 };

	vgic_lr_usage(g, vcpu_index_of(cpu), &u);
	return u;
}

static void lr_usage_counts_what_the_vgic_holds(void **state)
{
	(void)state;
	assert_int_equal(usage_of(0).held, 0);
	make_six_pending();
	flush(0);
	assert_int_equal(usage_of(0).held, 4);
	assert_int_equal(usage_of(0).stale, 0);
	assert_int_equal(usage_of(1).held, 0);
}

static void lr_usage_falls_back_once_the_guest_is_done(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x20);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(usage_of(0).held, 1);
	guest_acknowledge(SPI(1));
	assert_int_equal(usage_of(0).held, 1);   /* active: still needed */
	assert_int_equal(usage_of(0).stale, 0);
	guest_complete(SPI(1));
	flush(0);
	assert_int_equal(usage_of(0).held, 0);
	assert_int_equal(usage_of(0).stale, 0);
}

static void lr_usage_calls_an_unaccounted_lr_stale(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x20);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	flush(0);
	/* A leak as the soak would see it: the interrupt is done with, but
	 * its LR was never given back. */
	g->spi[SPI(1) - VGIC_NR_PRIVATE].pending = false;
	assert_int_equal(usage_of(0).held, 1);
	assert_int_equal(usage_of(0).stale, 1);
}

static void lr_usage_of_a_vcpu_out_of_range_is_nothing(void **state)
{
	(void)state;
	assert_int_equal(usage_of(NR_VCPUS).held, 0);
	assert_int_equal(usage_of(NR_VCPUS).stale, 0);
}

static void consumed_list_registers_are_refilled_in_priority_order(void **state)
{
	(void)state;
	make_six_pending();
	flush(0);
	/* The guest takes and completes the best one: the better of the two
	 * waiting ones (0x80) comes in, the other still waits. */
	guest_acknowledge(SPI(6));
	guest_complete(SPI(6));
	flush(0);
	assert_int_equal(lr_of(SPI(6)), -1);
	assert_false(spi_pending(SPI(6)));
	assert_int_equal(lr_holding(SPI(3))->priority, 0x80);
	assert_int_equal(lr_of(SPI(1)), -1);
	assert_true(underflow);
	/* Two more done: the last one comes in and nothing waits. */
	guest_complete(SPI(2));
	guest_complete(SPI(4));
	flush(0);
	assert_int_equal(lr_holding(SPI(1))->priority, 0xa0);
	assert_int_equal(valid_lrs(), 3);
	assert_false(underflow);
	/* All done: every LR is free again. */
	guest_complete(SPI(5));
	guest_complete(SPI(3));
	guest_complete(SPI(1));
	flush(0);
	assert_int_equal(valid_lrs(), 0);
	assert_false(underflow);
	assert_false(vgic_has_pending(g, vcpu_index_of(0)));
}

/* More interrupts made pending between two flushes than a vCPU keeps
 * hints for (VGIC_HINTS), with list registers enough for all: the flush
 * falls back to looking at every interrupt and places them all at once. */
static void more_injections_than_hints_are_all_delivered(void **state)
{
	const uint32_t n = VGIC_HINTS + 4u;

	(void)state;
	nr_lrs = VGIC_MAX_LRS;
	enable_distributor();
	for (uint32_t i = 0; i < n; i++)
		enable_spi(SPI(10 + i), (uint8_t)(0xf0u - 0x10u * i));
	/* No register access in between: each would flush vCPU 0 first. */
	for (uint32_t i = 0; i < n; i++)
		vgic_inject(g, vcpu_index_of(0), intid_of(SPI(10 + i)),
			    vcpu_index_of(0));
	flush(0);
	assert_int_equal(valid_lrs(), n);
	assert_false(underflow);
	for (uint32_t i = 0; i < n; i++)
		assert_int_equal(lr_holding(SPI(10 + i))->priority, 0xf0u - 0x10u * i);
}

/* The hints alone (fewer injections than VGIC_HINTS) find what is new. */
static void injections_since_the_last_flush_are_delivered(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x80);
	enable_spi(SPI(2), 0x40);
	flush(0);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lr_holding(SPI(1))->priority, 0x80);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(2)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lr_holding(SPI(2))->priority, 0x40);
	assert_int_equal(valid_lrs(), 2);
}

/* All LRs hold lower-priority pending interrupts: the newcomer evicts the
 * worst, which goes back to software pending and returns later. */
static void higher_priority_interrupt_evicts_the_worst_pending_one(void **state)
{
	static const uint8_t prios[] = { 0x80, 0xb0, 0x90, 0xa0 };

	(void)state;
	enable_distributor();
	for (uint32_t i = 0; i < 4; i++) {
		enable_spi(SPI(i), prios[i]);
		vgic_inject(g, vcpu_index_of(0), intid_of(SPI(i)),
			    vcpu_index_of(0));
	}
	flush(0);
	assert_int_equal(valid_lrs(), 4);
	enable_spi(SPI(10), 0x10);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(10)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lr_holding(SPI(10))->priority, 0x10);
	assert_int_equal(lr_of(SPI(1)), -1); /* the 0xb0 one */
	assert_true(lr_of(SPI(0)) >= 0);
	assert_true(lr_of(SPI(2)) >= 0);
	assert_true(lr_of(SPI(3)) >= 0);
	assert_true(spi_pending(SPI(1)));
	assert_true(underflow);
	/* Room again: the evicted one comes back. */
	guest_acknowledge(SPI(10));
	guest_complete(SPI(10));
	flush(0);
	assert_int_equal(lr_holding(SPI(1))->priority, 0xb0);
	assert_false(underflow);
}

/* An interrupt of equal priority does not evict: eviction only for better. */
static void equal_priority_does_not_evict(void **state)
{
	(void)state;
	enable_distributor();
	for (uint32_t i = 0; i < 4; i++) {
		enable_spi(SPI(i), 0x80);
		vgic_inject(g, vcpu_index_of(0), intid_of(SPI(i)),
			    vcpu_index_of(0));
	}
	flush(0);
	enable_spi(SPI(10), 0x80);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(10)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lr_of(SPI(10)), -1);
	for (uint32_t i = 0; i < 4; i++)
		assert_true(lr_of(SPI(i)) >= 0);
	assert_true(underflow);
}

static void active_interrupts_are_never_evicted(void **state)
{
	(void)state;
	enable_distributor();
	for (uint32_t i = 0; i < 4; i++) {
		enable_spi(SPI(i), 0xf0);
		vgic_inject(g, vcpu_index_of(0), intid_of(SPI(i)),
			    vcpu_index_of(0));
	}
	flush(0);
	for (uint32_t i = 0; i < 4; i++)
		guest_acknowledge(SPI(i));
	enable_spi(SPI(10), 0x10);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(10)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lr_of(SPI(10)), -1);
	for (uint32_t i = 0; i < 4; i++) {
		assert_true(lr_holding(SPI(i))->active);
		assert_true(spi_active(SPI(i)));
	}
	assert_true(spi_pending(SPI(10)));
	assert_true(underflow);
	/* With three active and one pending, only the pending one goes. */
	guest_complete(SPI(3));
	flush(0);
	assert_true(lr_of(SPI(10)) >= 0);
	enable_spi(SPI(11), 0x08);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(11)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(11)) >= 0);
	assert_int_equal(lr_of(SPI(10)), -1);
	for (uint32_t i = 0; i < 3; i++)
		assert_true(lr_holding(SPI(i))->active);
}

static void active_interrupt_keeps_its_list_register_until_completed(void **state)
{
	int n;

	(void)state;
	enable_distributor();
	enable_spi(SPI(4), 0x50);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(4)), vcpu_index_of(0));
	flush(0);
	n = lr_of(SPI(4));
	guest_acknowledge(SPI(4));
	flush(0);
	assert_int_equal(lr_of(SPI(4)), n);
	assert_true(lrs[n].active);
	assert_false(lrs[n].pending);
	assert_true(spi_active(SPI(4)));
	assert_false(spi_pending(SPI(4)));
	guest_complete(SPI(4));
	flush(0);
	assert_int_equal(lr_of(SPI(4)), -1);
	assert_false(spi_active(SPI(4)));
	assert_false(spi_pending(SPI(4)));
}

/* Fewer LRs than usual: the same rules with one. */
static void a_single_list_register_is_shared_in_priority_order(void **state)
{
	(void)state;
	nr_lrs = 1;
	enable_distributor();
	enable_spi(SPI(1), 0x60);
	enable_spi(SPI(2), 0x30);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(2)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lrs[0].intid, SPI(2));
	assert_true(underflow);
	guest_acknowledge(SPI(2));
	guest_complete(SPI(2));
	flush(0);
	assert_int_equal(lrs[0].intid, SPI(1));
	assert_true(lrs[0].pending);
	assert_false(underflow);
}

/* ---- level-sensitive lines ---- */

static void level_line_high_makes_the_spi_pending(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x40);
	forget_kicks();
	vgic_set_level(&part, intid_of(SPI(1)), true);
	assert_true(spi_pending(SPI(1)));
	assert_int_equal(kicks_to(0), 1);
	flush(0);
	assert_true(lr_holding(SPI(1))->pending);
	/* Raising an already high line again is not a new event. */
	forget_kicks();
	vgic_set_level(&part, intid_of(SPI(1)), true);
	assert_int_equal(nr_kicks, 0);
}

static void level_spi_is_pending_again_after_completion_if_still_high(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x40);
	vgic_set_level(&part, intid_of(SPI(1)), true);
	flush(0);
	guest_acknowledge(SPI(1));
	guest_complete(SPI(1));
	flush(0);
	assert_true(spi_pending(SPI(1)));
	/* ... and the guest sees it again. */
	assert_true(lr_holding(SPI(1))->pending);
}

static void level_spi_whose_line_drops_before_it_is_taken_is_withdrawn(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x40);
	vgic_set_level(&part, intid_of(SPI(1)), true);
	flush(0);
	assert_true(lr_of(SPI(1)) >= 0);
	vgic_set_level(&part, intid_of(SPI(1)), false);
	assert_false(spi_pending(SPI(1)));
	flush(0);
	assert_int_equal(lr_of(SPI(1)), -1);
	/* Not yet in an LR when it drops: never delivered. */
	vgic_set_level(&part, intid_of(SPI(2)), true);
	vgic_set_level(&part, intid_of(SPI(2)), false);
	enable_spi(SPI(2), 0x40);
	flush(0);
	assert_int_equal(lr_of(SPI(2)), -1);
	assert_false(vgic_has_pending(g, vcpu_index_of(0)));
}

static void level_spi_serviced_by_the_guest_is_done_at_completion(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x40);
	vgic_set_level(&part, intid_of(SPI(1)), true);
	flush(0);
	guest_acknowledge(SPI(1));
	/* The handler reads the device, which drops its line. */
	vgic_set_level(&part, intid_of(SPI(1)), false);
	flush(0);
	assert_true(lr_holding(SPI(1))->active);
	assert_false(lr_holding(SPI(1))->pending);
	guest_complete(SPI(1));
	flush(0);
	assert_int_equal(lr_of(SPI(1)), -1);
	assert_false(spi_pending(SPI(1)));
	assert_false(spi_active(SPI(1)));
}

static void level_input_on_a_private_interrupt_is_ignored(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(0, 20, 0x40);
	forget_kicks();
	vgic_set_level(&part, intid_of(20), true);
	assert_false(private_pending(0, 20));
	assert_int_equal(nr_kicks, 0);
}

/* ---- edge-triggered ---- */

static void edge_spi_injected_again_while_active_is_pending_and_active(void **state)
{
	int n;

	(void)state;
	enable_distributor();
	make_edge(SPI(3));
	enable_spi(SPI(3), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(3)), vcpu_index_of(0));
	flush(0);
	n = lr_of(SPI(3));
	guest_acknowledge(SPI(3));
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(3)), vcpu_index_of(0));
	flush(0);
	assert_int_equal(lr_of(SPI(3)), n);
	assert_true(lrs[n].pending);
	assert_true(lrs[n].active);
	/* The first completes; the second is still to be taken. */
	lrs[n].active = false;
	flush(0);
	assert_int_equal(lr_of(SPI(3)), n);
	assert_true(lrs[n].pending);
	assert_false(lrs[n].active);
}

/* Regression: the priority of an interrupt that sits in an LR changes
 * after the guest acknowledged it. The rewrite of the LR must not bring
 * back the pending state the guest has already consumed. */
static void lr_rewrite_keeps_the_state_the_guest_left(void **state)
{
	int n;

	(void)state;
	enable_distributor();
	make_edge(SPI(3));
	enable_spi(SPI(3), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(3)), vcpu_index_of(0));
	flush(0);
	n = lr_of(SPI(3));
	guest_acknowledge(SPI(3));
	dist_wr(GICD_IPRIORITYR + SPI(3), 1, 0x20);
	flush(0);
	assert_int_equal(lr_of(SPI(3)), n);
	assert_int_equal(lrs[n].priority, 0x20);
	assert_true(lrs[n].active);
	assert_false(lrs[n].pending);
}

/* ICACTIVER on an interrupt the guest acknowledged (active in its LR)
 * must take effect, not be undone by reading the LR back. */
static void clearing_active_of_an_interrupt_in_a_list_register_frees_it(void **state)
{
	(void)state;
	enable_distributor();
	make_edge(SPI(3));
	enable_spi(SPI(3), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(3)), vcpu_index_of(0));
	flush(0);
	guest_acknowledge(SPI(3));
	dist_wr(word_of(GICD_ICACTIVER, SPI(3)), 4, bit_of(SPI(3)));
	flush(0);
	assert_false(spi_active(SPI(3)));
	assert_int_equal(lr_of(SPI(3)), -1);
	assert_int_equal(valid_lrs(), 0);
}

/* ISACTIVER on an interrupt pending in an LR reaches the LR. */
static void setting_active_of_an_interrupt_in_a_list_register_reaches_it(void **state)
{
	(void)state;
	enable_distributor();
	make_edge(SPI(3));
	enable_spi(SPI(3), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(3)), vcpu_index_of(0));
	flush(0);
	dist_wr(word_of(GICD_ISACTIVER, SPI(3)), 4, bit_of(SPI(3)));
	flush(0);
	assert_true(spi_active(SPI(3)));
	assert_true(lr_holding(SPI(3))->active);
	assert_true(lr_holding(SPI(3))->pending);
}

/* What Linux does for a oneshot threaded handler, or disable_irq_nosync
 * in a handler: mask the interrupt it is handling. The masking must not
 * bring the consumed pending state back. */
static void masking_an_acknowledged_interrupt_does_not_deliver_it_again(void **state)
{
	int n;

	(void)state;
	enable_distributor();
	make_edge(SPI(3));
	enable_spi(SPI(3), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(3)), vcpu_index_of(0));
	flush(0);
	n = lr_of(SPI(3));
	guest_acknowledge(SPI(3));
	dist_wr(word_of(GICD_ICENABLER, SPI(3)), 4, bit_of(SPI(3)));
	flush(0);
	assert_true(lrs[n].active);
	assert_false(lrs[n].pending);
	guest_complete(SPI(3));
	flush(0);
	dist_wr(word_of(GICD_ISENABLER, SPI(3)), 4, bit_of(SPI(3)));
	flush(0);
	assert_int_equal(lr_of(SPI(3)), -1);
	assert_false(spi_pending(SPI(3)));
}

/* While the guest handles a level interrupt whose line is still high,
 * it is active and pending (IHI 0069 4.1.2). */
static void level_spi_still_high_while_active_is_active_and_pending(void **state)
{
	int n;

	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x40);
	vgic_set_level(&part, intid_of(SPI(1)), true);
	flush(0);
	n = lr_of(SPI(1));
	guest_acknowledge(SPI(1));
	flush(0);
	assert_int_equal(lr_of(SPI(1)), n);
	assert_true(lrs[n].active);
	assert_true(lrs[n].pending);
}

/* The guest clears the pending state of a level interrupt whose line is
 * high: it stays pending, as the line says. */
static void clearing_a_level_spi_with_its_line_high_has_no_lasting_effect(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(1), 0x40);
	vgic_set_level(&part, intid_of(SPI(1)), true);
	flush(0);
	dist_wr(word_of(GICD_ICPENDR, SPI(1)), 4, bit_of(SPI(1)));
	flush(0);
	assert_true(lr_holding(SPI(1))->pending);
}

/* ---- forwarded (hw) interrupts ---- */

static void forwarded_interrupt_carries_the_physical_intid(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(1, PPI_VTIMER, 0x20);
	forget_kicks();
	vgic_inject_hw(g, vcpu_index_of(1), intid_of(PPI_VTIMER), intid_of(26));
	assert_int_equal(kicks_to(1), 1);
	assert_int_equal(nr_kicks, 1);
	flush(0);
	assert_int_equal(valid_lrs(), 0); /* banked: not vCPU 0's */
	flush(1);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_int_equal(lr_holding(PPI_VTIMER)->pintid, 26);
	assert_true(lr_holding(PPI_VTIMER)->pending);
}

/* The physical interrupt fires again after the guest completed the last
 * one but before the hypervisor looked at the list register: the new
 * instance must still be linked, or the physical interrupt (the timer)
 * would never be deactivated and never fire again. */
static void forwarded_interrupt_refired_before_sync_keeps_its_hw_link(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(1, PPI_VTIMER, 0x20);
	vgic_inject_hw(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
		       intid_of(PPI_VTIMER));
	flush(1);
	guest_acknowledge(PPI_VTIMER);
	guest_complete(PPI_VTIMER);
	vgic_inject_hw(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
		       intid_of(PPI_VTIMER));
	flush(1);
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_int_equal(lr_holding(PPI_VTIMER)->pintid, PPI_VTIMER);
}

static void forwarded_interrupt_is_released_when_its_lr_goes_invalid(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(1, PPI_VTIMER, 0x20);
	vgic_inject_hw(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
		       intid_of(PPI_VTIMER));
	flush(1);
	guest_acknowledge(PPI_VTIMER);
	flush(1);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_true(vgic_irq_get(g, vcpu_index_of(1), PPI_VTIMER)->hw);
	/* Deactivation by the guest deactivates the physical one too. An
	 * exit leaves a forwarded interrupt's LR alone (nothing but the
	 * guest changes it, and the physical interrupt fires again only
	 * after that)... */
	guest_complete(PPI_VTIMER);
	flush(1);
	assert_true(vgic_irq_get(g, vcpu_index_of(1), PPI_VTIMER)->hw);
	/* ...its own vCPU reading the state reads the LR back first. */
	assert_int_equal(redist_rd_as(1, 1, GICR_ISPENDR0, 4) & bit_of(PPI_VTIMER), 0);
	assert_int_equal(lr_of(PPI_VTIMER), -1);
	assert_false(vgic_irq_get(g, vcpu_index_of(1), PPI_VTIMER)->hw);
	/* A later software injection is a plain virtual interrupt. */
	vgic_inject(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
		    vcpu_index_of(0));
	flush(1);
	assert_false(lr_holding(PPI_VTIMER)->hw);
}

/* The forwarded timer on its own CPU goes straight into a list register:
 * no kick, no flush needed before the guest sees it. */
static void local_forwarded_interrupt_is_placed_at_once(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(1, PPI_VTIMER, 0x20);
	flush(1); /* vCPU 1 has run since: it saw the enables */
	forget_kicks();
	vgic_inject_hw_local(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	assert_int_equal(nr_kicks, 0);
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_int_equal(lr_holding(PPI_VTIMER)->priority, 0x20);
	/* Fired again after the guest is done: the same LR serves again. */
	guest_acknowledge(PPI_VTIMER);
	guest_complete(PPI_VTIMER);
	vgic_inject_hw_local(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_int_equal(valid_lrs(), 1);
	flush(1);
	assert_int_equal(valid_lrs(), 1);
}

/* Not deliverable yet (distributor off, or the PPI disabled): it waits
 * in software like any interrupt and is delivered once enabled. */
static void local_forwarded_interrupt_waits_while_disabled(void **state)
{
	(void)state;
	enable_private(1, PPI_VTIMER, 0x20);
	vgic_inject_hw_local(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	assert_int_equal(valid_lrs(), 0);
	assert_true(private_pending(1, PPI_VTIMER));
	enable_distributor();
	flush(1);
	assert_true(lr_holding(PPI_VTIMER)->hw);
}

/* Every list register busy with better interrupts: the general path puts
 * it in software and asks for the maintenance interrupt. */
static void local_forwarded_interrupt_with_no_free_lr_waits_its_turn(void **state)
{
	(void)state;
	nr_lrs = 1;
	enable_distributor();
	enable_spi(SPI(1), 0x10);
	enable_private(0, PPI_VTIMER, 0x80);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	flush(0);
	guest_acknowledge(SPI(1));
	vgic_inject_hw_local(g, vcpu_index_of(0), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	flush(0);
	assert_int_equal(lr_of(PPI_VTIMER), -1);
	assert_true(underflow);
	guest_complete(SPI(1));
	flush(0);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_false(underflow);
}

/* GICv2's timer, not linked (arch/arm64/irq.c: irq_forward_vtimer_unlinked):
 * straight into a list register without a kick, and without the HW bit,
 * so the guest's deactivation touches no physical interrupt. */
static void local_unlinked_interrupt_is_placed_at_once(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(1, PPI_VTIMER, 0x20);
	flush(1);
	forget_kicks();
	vgic_inject_local(g, vcpu_index_of(1), intid_of(PPI_VTIMER));
	assert_int_equal(nr_kicks, 0);
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_false(lr_holding(PPI_VTIMER)->hw);
	assert_int_equal(lr_holding(PPI_VTIMER)->priority, 0x20);
	/* Fired again after the guest is done: the LR is read back and
	 * serves again, still without a kick. */
	guest_acknowledge(PPI_VTIMER);
	guest_complete(PPI_VTIMER);
	vgic_inject_local(g, vcpu_index_of(1), intid_of(PPI_VTIMER));
	assert_int_equal(nr_kicks, 0);
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_false(lr_holding(PPI_VTIMER)->hw);
	assert_int_equal(valid_lrs(), 1);
	flush(1);
	assert_int_equal(valid_lrs(), 1);
}

/* Fired again while the guest still handles the previous one (its
 * handler armed a deadline already past): pending and active in the one
 * LR, by the general path. */
static void local_unlinked_interrupt_while_active_becomes_pending_too(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(0, PPI_VTIMER, 0x20);
	vgic_inject_local(g, vcpu_index_of(0), intid_of(PPI_VTIMER));
	guest_acknowledge(PPI_VTIMER);
	vgic_inject_local(g, vcpu_index_of(0), intid_of(PPI_VTIMER));
	flush(0);
	assert_int_equal(valid_lrs(), 1);
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_true(lr_holding(PPI_VTIMER)->active);
	assert_false(lr_holding(PPI_VTIMER)->hw);
}

/* Not deliverable yet: it waits in software and arrives once enabled. */
static void local_unlinked_interrupt_waits_while_disabled(void **state)
{
	(void)state;
	enable_private(1, PPI_VTIMER, 0x20);
	vgic_inject_local(g, vcpu_index_of(1), intid_of(PPI_VTIMER));
	assert_int_equal(valid_lrs(), 0);
	assert_true(private_pending(1, PPI_VTIMER));
	enable_distributor();
	flush(1);
	assert_true(lr_holding(PPI_VTIMER)->pending);
	assert_false(lr_holding(PPI_VTIMER)->hw);
}

/* ---- the timer fast path (vectors.S) ---- */

static void fast_path_setup(void)
{
	memset(published, 0, sizeof(published));
	g->lr_ops = &fake_lr_ops_elrsr;
	g->timer_publish = record_publish;
	enable_distributor();
	enable_private(0, PPI_VTIMER, 0x30);
	/* What the vCPU's next exit or timer interrupt does. */
	vgic_timer_fast_update(g, vcpu_index_of(0));
}

static void timer_fast_path_is_armed_with_the_guests_priority(void **state)
{
	(void)state;
	fast_path_setup();
	assert_true(published[0].armed);
	assert_int_equal(published[0].lr.intid, PPI_VTIMER);
	assert_int_equal(published[0].lr.pintid, PPI_VTIMER);
	assert_int_equal(published[0].lr.priority, 0x30);
	assert_true(published[0].lr.hw && published[0].lr.pending);
	/* A register write may change what it copied: off until the next
	 * decision on the vCPU's own CPU. */
	redist_wr(0, GICR_ICENABLER0, 4, bit_of(PPI_VTIMER));
	assert_false(published[0].armed);
	vgic_timer_fast_update(g, vcpu_index_of(0));
	assert_false(published[0].armed); /* disabled now */
}

/* A decision that did not change is not published again (every flush
 * asks); a change of priority is, and so is everything after a register
 * write turned the path off. */
static void an_unchanged_fast_path_decision_is_not_published_again(void **state)
{
	uint32_t calls;

	(void)state;
	fast_path_setup();
	calls = published[0].calls;
	assert_true(published[0].armed);
	vgic_timer_fast_update(g, vcpu_index_of(0));
	flush(0);
	assert_int_equal(published[0].calls, calls);
	redist_wr(0, GICR_IPRIORITYR + PPI_VTIMER, 1, 0x50);
	assert_false(published[0].armed);
	vgic_timer_fast_update(g, vcpu_index_of(0));
	assert_true(published[0].armed);
	assert_int_equal(published[0].lr.priority, 0x50);
	calls = published[0].calls;
	vgic_timer_fast_update(g, vcpu_index_of(0));
	assert_int_equal(published[0].calls, calls);
}

/* An edge interrupt the guest took and ended leaves an LR empty in
 * hardware: the exit path leaves it (no exit work: a doorbell's round trip
 * does not pay for its release), the next flush releases it without the
 * full read-back, and the interrupt can come again. A level line still
 * high is exit work: the general path makes it pending again. */
static void an_ended_edge_interrupt_is_released_at_the_next_exit(void **state)
{
	(void)state;
	g->nr_vcpus = 1; /* its SPIs cannot move to another vCPU */
	g->lr_ops = &fake_lr_ops_elrsr;
	enable_distributor();
	make_edge(SPI(5));
	enable_spi(SPI(5), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(5)) >= 0);
	assert_false(vgic_exit_work(g, vcpu_index_of(0)));  /* released lazily */
	guest_acknowledge(SPI(5));
	guest_complete(SPI(5));
	assert_false(vgic_exit_work(g, vcpu_index_of(0)));
	read_back(0);
	assert_false(vgic_exit_work(g, vcpu_index_of(0)));
	assert_int_equal(g->cpu[0].lrs_in_use, 0);
	assert_int_equal(g->cpu[0].lr_held_mask, 0);
	assert_false(spi_active(SPI(5)));
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(5)) >= 0);
	guest_acknowledge(SPI(5));
	guest_complete(SPI(5));
	flush(0);
	/* Level, line high: taken and ended, it is pending again (the
	 * general path, not a release). */
	enable_spi(SPI(6), 0x40);
	vgic_set_level(&part, intid_of(SPI(6)), true);
	flush(0);
	assert_true(vgic_exit_work(g, vcpu_index_of(0)));   /* a level LR to look at */
	guest_acknowledge(SPI(6));
	guest_complete(SPI(6));
	flush(0);
	assert_true(spi_pending(SPI(6)));
	assert_true(lr_holding(SPI(6))->pending);
}

/* A doorbell again after the guest ended the last one: placed at once
 * (vgic_place_hint) into the LR its last instance held, pending, with no
 * second LR taken; another interrupt meanwhile goes into a free LR. */
static void a_doorbell_again_reuses_its_ended_list_register(void **state)
{
	int n;

	(void)state;
	g->nr_vcpus = 1; /* its SPIs cannot move to another vCPU */
	g->lr_ops = &fake_lr_ops_elrsr;
	enable_distributor();
	make_edge(SPI(5));
	enable_spi(SPI(5), 0x40);
	enable_spi(SPI(7), 0x40);
	make_edge(SPI(7));
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	n = lr_of(SPI(5));
	assert_true(n >= 0);
	guest_acknowledge(SPI(5));
	guest_complete(SPI(5));
	flush(0);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	assert_true(vgic_exit_work(g, vcpu_index_of(0)));
	flush(0);
	assert_int_equal(lr_of(SPI(5)), n);
	assert_true(lr_holding(SPI(5))->pending);
	assert_int_equal(g->cpu[0].lrs_in_use, 1);
	assert_false(vgic_exit_work(g, vcpu_index_of(0)));
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(7)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(7)) >= 0 && lr_of(SPI(7)) != n);
	assert_int_equal(g->cpu[0].lrs_in_use, 2);
}

/* Where LR reads do work of their own (read_back_every_exit), an edge
 * interrupt's LR is read back at every exit, not released lazily. */
static void lr_ops_that_read_back_every_exit_keep_edge_lrs_eager(void **state)
{
	(void)state;
	g->nr_vcpus = 1;
	g->lr_ops = &fake_lr_ops_eager;
	enable_distributor();
	make_edge(SPI(5));
	enable_spi(SPI(5), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(5)) >= 0);
	assert_true(vgic_exit_work(g, vcpu_index_of(0)));
	guest_acknowledge(SPI(5));
	guest_complete(SPI(5));
	flush(0);
	assert_int_equal(g->cpu[0].lrs_in_use, 0);
}

/* Lazily held, an edge interrupt's LR still takes what software changes:
 * a new priority, or a switch to level-sensitive, reaches it at the next
 * flush, which the change asks for; a level line gone high makes the LR
 * one to read back at every exit. */
static void a_lazily_held_lr_takes_priority_and_config_changes(void **state)
{
	(void)state;
	g->nr_vcpus = 1; /* its SPIs cannot move to another vCPU */
	g->lr_ops = &fake_lr_ops_elrsr;
	enable_distributor();
	make_edge(SPI(5));
	enable_spi(SPI(5), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	assert_false(vgic_exit_work(g, vcpu_index_of(0)));
	vgic_write_priority(g, vcpu_index_of(0), SPI(5), 1, 0x20);
	assert_true(vgic_exit_work(g, vcpu_index_of(0)));
	flush(0);
	assert_int_equal(lr_holding(SPI(5))->priority, 0x20);
	vgic_write_config(g, vcpu_index_of(0), SPI(5) & ~15u, 0);
	assert_true(vgic_exit_work(g, vcpu_index_of(0)));
	flush(0);
	assert_false(vgic_exit_work(g, vcpu_index_of(0)));  /* level, line low */
	vgic_set_level(&part, intid_of(SPI(5)), true);
	flush(0);
	assert_true(vgic_exit_work(g, vcpu_index_of(0)));   /* line high: eager */
}

/* The timer written straight into an LR is not the vGIC's: nothing here
 * holds it, and no other interrupt is placed over it while it is pending
 * (the LR is not empty in hardware). */
static void a_fast_path_timer_lr_is_not_reused_while_pending(void **state)
{
	int t;

	(void)state;
	fast_path_setup();
	enable_spi(SPI(1), 0x10);
	vgic_inject_hw_local(g, vcpu_index_of(0), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	t = lr_of(PPI_VTIMER);
	assert_true(t >= 0);
	assert_true(lrs[t].hw);
	assert_int_equal(g->cpu[0].lr_held_mask & (1u << t), 0);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(1)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(1)) >= 0 && lr_of(SPI(1)) != t);
	assert_true(lrs[t].pending);
	assert_true(published[0].armed);
	/* The guest takes and ends it: the LR is simply empty again. */
	guest_acknowledge(PPI_VTIMER);
	guest_complete(PPI_VTIMER);
	assert_int_equal(lr_of(PPI_VTIMER), -1);
}

static unsigned lrs_holding(uint32_t intid)
{
	unsigned n = 0;

	for (uint32_t i = 0; i < nr_lrs; i++)
		n += lr_valid(i) && lrs[i].intid == intid;
	return n;
}

/* Found by tests/fuzz/fuzz_vgic.c: the guest set its timer pending by
 * hand (GICR_ISPENDR0) while the fast path's LR held it; the vGIC, which
 * does not hold that LR, put the timer in a second one (two LRs with one
 * vINTID: UNPREDICTABLE, IHI 0069 4.9). */
static void setting_a_fast_path_timer_pending_keeps_it_in_one_lr(void **state)
{
	int t;

	(void)state;
	fast_path_setup();
	vgic_inject_hw_local(g, vcpu_index_of(0), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	t = lr_of(PPI_VTIMER);
	assert_true(t >= 0);
	redist_wr(0, GICR_ISPENDR0, 4, bit_of(PPI_VTIMER));
	flush(0);
	assert_int_equal(lrs_holding(PPI_VTIMER), 1);
	assert_true(lrs[t].pending && lrs[t].hw);
	assert_int_equal(lrs[t].pintid, PPI_VTIMER);
	/* The guest takes and ends it: nothing of it is left. */
	guest_acknowledge(PPI_VTIMER);
	guest_complete(PPI_VTIMER);
	flush(0);
	assert_int_equal(lrs_holding(PPI_VTIMER), 0);
	assert_false(private_pending(0, PPI_VTIMER));
	assert_int_equal(g->cpu[0].lr_held_mask, 0);
}

/* The same with the active state (GICR_ISACTIVER0) while the guest
 * handles the timer the fast path delivered: the vGIC kept a software
 * active state that no LR held, so the guest's completion never ended it
 * (ISACTIVER0 read active for good, the fast path stayed off). */
static void setting_a_fast_path_timer_active_keeps_it_in_one_lr(void **state)
{
	int t;

	(void)state;
	fast_path_setup();
	vgic_inject_hw_local(g, vcpu_index_of(0), intid_of(PPI_VTIMER),
			     intid_of(PPI_VTIMER));
	t = lr_of(PPI_VTIMER);
	assert_true(t >= 0);
	guest_acknowledge(PPI_VTIMER);
	redist_wr(0, GICR_ISACTIVER0, 4, bit_of(PPI_VTIMER));
	flush(0);
	assert_int_equal(lrs_holding(PPI_VTIMER), 1);
	assert_true(lrs[t].active && lrs[t].hw);
	guest_complete(PPI_VTIMER);
	flush(0);
	assert_int_equal(lrs_holding(PPI_VTIMER), 0);
	/* Ended by the guest: no longer active (the read looks at the LR of
	 * the forwarded interrupt), and the fast path is back. */
	assert_int_equal(redist_rd(0, GICR_ISACTIVER0, 4) & bit_of(PPI_VTIMER), 0);
	assert_int_equal(g->cpu[0].lr_held_mask, 0);
	assert_true(published[0].armed);
}

/* The general path placed (and holds) an instance: once its LR is empty
 * the next decision lets it go and arms the fast path. */
static void a_held_timer_instance_is_released_when_its_lr_empties(void **state)
{
	(void)state;
	fast_path_setup();
	vgic_inject_hw(g, vcpu_index_of(0), intid_of(PPI_VTIMER),
		       intid_of(PPI_VTIMER));
	flush(0);
	assert_true(lr_holding(PPI_VTIMER)->hw);
	assert_false(published[0].armed);     /* held here */
	guest_acknowledge(PPI_VTIMER);
	guest_complete(PPI_VTIMER);
	vgic_timer_fast_update(g, vcpu_index_of(0));
	assert_int_equal(g->cpu[0].lr_held_mask, 0);
	assert_true(published[0].armed);
}

/* Its state belongs to the physical interrupt: the guest cannot clear a
 * forwarded interrupt's pending state by hand (it would never be
 * deactivated physically). */
static void guest_cannot_clear_a_forwarded_interrupts_pending_state(void **state)
{
	(void)state;
	enable_distributor();
	enable_private(1, PPI_VTIMER, 0x20);
	vgic_inject_hw(g, vcpu_index_of(1), intid_of(PPI_VTIMER),
		       intid_of(PPI_VTIMER));
	redist_wr(1, GICR_ICPENDR0, 4, bit_of(PPI_VTIMER));
	assert_true(private_pending(1, PPI_VTIMER));
	flush(1);
	assert_true(lr_holding(PPI_VTIMER)->hw);
}

static void forwarded_spi_goes_to_its_target(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(16), 0x30);
	dist_wr(GICD_IROUTER + 8u * SPI(16), 8, 2);
	forget_kicks();
	vgic_inject_hw(g, vcpu_index_of(0), intid_of(SPI(16)), intid_of(80));
	assert_int_equal(kicks_to(2), 1);
	flush(0);
	assert_int_equal(lr_of(SPI(16)), -1);
	flush(2);
	assert_true(lr_holding(SPI(16))->hw);
	assert_int_equal(lr_holding(SPI(16))->pintid, 80);
}

/* ---- SPI routing ---- */

static void route_spi_and_check(uint32_t intid, uint32_t expect)
{
	forget_kicks();
	vgic_inject(g, vcpu_index_of(0), intid_of(intid), vcpu_index_of(0));
	assert_int_equal(nr_kicks, 1);
	assert_int_equal(kicks_to(expect), 1);
	for (uint32_t c = 0; c < NR_VCPUS; c++) {
		flush(c);
		if (c == expect) {
			assert_true(lr_of(intid) >= 0);
			guest_acknowledge(intid);
			guest_complete(intid);
			flush(c);
		} else {
			assert_int_equal(lr_of(intid), -1);
		}
	}
}

static void v3_irouter_aff0_selects_the_target_vcpu(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	route_spi_and_check(SPI(7), 0); /* reset routing */
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, 2);
	route_spi_and_check(SPI(7), 2);
	dist_wr(GICD_IROUTER + 8u * SPI(7), 4, 3); /* low half alone */
	route_spi_and_check(SPI(7), 3);
}

static void v3_irouter_any_cpu_mode_routes_to_vcpu_0(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, GICD_IROUTER_IRM | 3u);
	route_spi_and_check(SPI(7), 0);
}

static void v3_irouter_to_a_missing_vcpu_routes_to_vcpu_0(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, 2);
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, NR_VCPUS);
	route_spi_and_check(SPI(7), 0);
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, 0xff);
	route_spi_and_check(SPI(7), 0);
}

static void v3_irouter_reads_back_as_written(void **state)
{
	(void)state;
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, 0x0000000500000102ull);
	assert_int_equal(dist_rd(GICD_IROUTER + 8u * SPI(7), 8),
			 0x0000000500000102ull);
	assert_int_equal(dist_rd(GICD_IROUTER + 8u * SPI(7), 4), 0x102);
	assert_int_equal(dist_rd(GICD_IROUTER + 8u * SPI(7) + 4u, 4), 5);
	dist_wr(GICD_IROUTER + 8u * SPI(7) + 4u, 4, 7);
	assert_int_equal(dist_rd(GICD_IROUTER + 8u * SPI(7), 8),
			 0x0000000700000102ull);
	/* No IROUTER for private interrupts. */
	dist_wr(GICD_IROUTER + 8u * 20u, 8, 1);
	assert_int_equal(dist_rd(GICD_IROUTER + 8u * 20u, 8), 0);
}

static void retargeting_a_pending_spi_kicks_the_new_target(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(7)), vcpu_index_of(0));
	forget_kicks();
	dist_wr(GICD_IROUTER + 8u * SPI(7), 8, 3);
	assert_int_equal(kicks_to(3), 1);
	flush(3);
	assert_true(lr_of(SPI(7)) >= 0);
}

static void v2_itargetsr_lowest_set_bit_selects_the_target(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	dist_wr(GICD_ITARGETSR + SPI(7), 1, 0x04);
	route_spi_and_check(SPI(7), 2);
	dist_wr(GICD_ITARGETSR + SPI(7), 1, 0x0a);
	assert_int_equal(dist_rd(GICD_ITARGETSR + SPI(7), 1), 0x0a);
	route_spi_and_check(SPI(7), 1);
	/* Only CPUs the partition lacks: vCPU 0 rather than nowhere. */
	dist_wr(GICD_ITARGETSR + SPI(7), 1, 0x80);
	route_spi_and_check(SPI(7), 0);
	/* Word access sets four at once. */
	dist_wr(GICD_ITARGETSR + SPI(8), 4, 0x01020408u);
	assert_int_equal(dist_rd(GICD_ITARGETSR + SPI(8), 4), 0x01020408u);
	enable_spi(SPI(9), 0x40);
	route_spi_and_check(SPI(9), 2);
}

/* Found by tests/fuzz/fuzz_vgic.c: ITARGETSR kept the bits of CPU
 * interfaces the partition lacks, which IHI 0048B 4.3.12 makes RAZ/WI. */
static void v2_itargetsr_bits_of_missing_cpus_are_raz_wi(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	/* NR_VCPUS = 4: CPU interfaces 4-7 do not exist. */
	dist_wr(GICD_ITARGETSR + SPI(7), 1, 0xf2);
	assert_int_equal(dist_rd(GICD_ITARGETSR + SPI(7), 1), 0x02);
	route_spi_and_check(SPI(7), 1);
	dist_wr(GICD_ITARGETSR + SPI(7), 1, 0x80);
	assert_int_equal(dist_rd(GICD_ITARGETSR + SPI(7), 1), 0x00);
	route_spi_and_check(SPI(7), 0);
	dist_wr(GICD_ITARGETSR + SPI(8), 4, 0x10204080u | 0x01020408u);
	assert_int_equal(dist_rd(GICD_ITARGETSR + SPI(8), 4), 0x01020408u);
}

static void v2_itargetsr_of_private_interrupts_reads_the_own_cpu(void **state)
{
	(void)state;
	assert_int_equal(dist_rd_by(2, GICD_ITARGETSR, 4), 0x04040404u);
	assert_int_equal(dist_rd_by(0, GICD_ITARGETSR + 28u, 4), 0x01010101u);
	dist_wr_by(2, GICD_ITARGETSR, 4, 0x01010101u);
	assert_int_equal(dist_rd_by(2, GICD_ITARGETSR, 4), 0x04040404u);
}

/* ---- kicks ---- */

static void kick_goes_only_where_something_became_deliverable(void **state)
{
	(void)state;
	/* Not enabled anywhere: nobody is disturbed. */
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(7)), vcpu_index_of(0));
	vgic_inject(g, vcpu_index_of(2), intid_of(20), vcpu_index_of(0));
	assert_int_equal(nr_kicks, 0);
	/* Distributor on: every vCPU looks again. */
	enable_distributor();
	for (uint32_t c = 0; c < NR_VCPUS; c++)
		assert_int_equal(kicks_to(c), 1);
	forget_kicks();
	/* Enabling the PPI of vCPU 2 kicks vCPU 2 only. */
	redist_wr(2, GICR_ISENABLER0, 4, bit_of(20));
	assert_int_equal(nr_kicks, 1);
	assert_int_equal(kicks_to(2), 1);
	forget_kicks();
	dist_wr(GICD_IROUTER + 8u * SPI(8), 8, 3);
	enable_spi(SPI(8), 0x40);
	assert_int_equal(nr_kicks, 0);
	vgic_inject(g, vcpu_index_of(1), intid_of(SPI(8)), vcpu_index_of(0));
	assert_int_equal(nr_kicks, 1);
	assert_int_equal(kicks_to(3), 1);
	forget_kicks();
	/* Pending set by the guest through ISPENDR. */
	dist_wr(GICD_IROUTER + 8u * SPI(9), 8, 1);
	enable_spi(SPI(9), 0x40);
	dist_wr(word_of(GICD_ISPENDR, SPI(9)), 4, bit_of(SPI(9)));
	assert_int_equal(nr_kicks, 1);
	assert_int_equal(kicks_to(1), 1);
}

static void no_kick_callback_is_fine(void **state)
{
	(void)state;
	g->kick = NULL;
	enable_distributor();
	enable_spi(SPI(7), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(7)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(7)) >= 0);
}

/* ---- SGIs ---- */

static void enable_sgi_everywhere(uint32_t intid)
{
	enable_distributor();
	for (uint32_t c = 0; c < NR_VCPUS; c++)
		enable_private(c, intid, 0x10);
	forget_kicks();
}

static uint32_t sgi_pending_mask(uint32_t intid)
{
	uint32_t m = 0;

	for (uint32_t c = 0; c < NR_VCPUS; c++) {
		if (private_pending(c, intid))
			m |= 1u << c;
	}
	return m;
}

static void v3_sgi_reaches_the_vcpus_of_the_target_list(void **state)
{
	(void)state;
	enable_sgi_everywhere(5);
	vgic_v3_send_sgi(g, vcpu_index_of(0), SGI1R_INTID(5) | SGI1R_TARGETS(0x0a));
	assert_int_equal(sgi_pending_mask(5), 0x0a);
	assert_int_equal(nr_kicks, 2);
	assert_int_equal(kicks_to(1), 1);
	assert_int_equal(kicks_to(3), 1);
	flush(3);
	assert_int_equal(lr_holding(5)->priority, 0x10);
	/* Target-list bits beyond the partition's vCPUs reach nobody. */
	vgic_v3_send_sgi(g, vcpu_index_of(0), SGI1R_INTID(6) | SGI1R_TARGETS(0xfff0));
	assert_int_equal(sgi_pending_mask(6), 0);
}

static void v3_sgi_to_all_but_self(void **state)
{
	(void)state;
	enable_sgi_everywhere(1);
	vgic_v3_send_sgi(g, vcpu_index_of(2), SGI1R_INTID(1) | SGI1R_IRM | SGI1R_TARGETS(0x4));
	assert_int_equal(sgi_pending_mask(1), 0x0b);
	assert_int_equal(kicks_to(2), 0);
}

/* A partition's vCPUs are 0.0.0.<n>: other affinities, or another range
 * selector, name no vCPU. */
static void v3_sgi_to_another_affinity_reaches_nobody(void **state)
{
	static const uint64_t elsewhere[] = {
		SGI1R_AFF1(1), SGI1R_AFF2(1), SGI1R_AFF3(1), SGI1R_RS(1),
	};

	(void)state;
	enable_sgi_everywhere(2);
	for (size_t i = 0; i < sizeof(elsewhere) / sizeof(elsewhere[0]); i++)
		vgic_v3_send_sgi(g, vcpu_index_of(0), SGI1R_INTID(2) | SGI1R_TARGETS(0xf) |
				       elsewhere[i]);
	assert_int_equal(sgi_pending_mask(2), 0);
	assert_int_equal(nr_kicks, 0);
}

static void v2_sgir_target_list_names_the_cpus(void **state)
{
	(void)state;
	enable_sgi_everywhere(3);
	dist_wr_by(0, GICD_SGIR, 4, SGIR_FILTER_LIST | SGIR_TARGETS(0x06) | 3u);
	assert_int_equal(sgi_pending_mask(3), 0x06);
	assert_int_equal(kicks_to(1), 1);
	assert_int_equal(kicks_to(2), 1);
	/* The LR names the requesting CPU (IHI 0048B 5.3.9 CPUID). */
	flush(2);
	assert_int_equal(lr_holding(3)->pintid, 0);
}

static void v2_sgir_targets_beyond_the_partition_are_ignored(void **state)
{
	(void)state;
	enable_sgi_everywhere(3);
	dist_wr_by(1, GICD_SGIR, 4, SGIR_FILTER_LIST | SGIR_TARGETS(0xf0) | 3u);
	assert_int_equal(sgi_pending_mask(3), 0);
	assert_int_equal(nr_kicks, 0);
	dist_wr_by(1, GICD_SGIR, 4, SGIR_FILTER_LIST | SGIR_TARGETS(0x81) | 3u);
	assert_int_equal(sgi_pending_mask(3), 0x01);
}

static void v2_sgir_all_but_self(void **state)
{
	(void)state;
	enable_sgi_everywhere(4);
	dist_wr_by(2, GICD_SGIR, 4, SGIR_FILTER_OTHERS | SGIR_TARGETS(0x04) | 4u);
	assert_int_equal(sgi_pending_mask(4), 0x0b);
	flush(3);
	assert_int_equal(lr_holding(4)->pintid, 2);
}

static void v2_sgir_self_only(void **state)
{
	(void)state;
	enable_sgi_everywhere(4);
	dist_wr_by(3, GICD_SGIR, 4, SGIR_FILTER_SELF | SGIR_TARGETS(0x01) | 4u);
	assert_int_equal(sgi_pending_mask(4), 0x08);
	dist_wr_by(3, GICD_SGIR, 4, SGIR_FILTER_RESERVED | SGIR_TARGETS(0x0f) | 5u);
	assert_int_equal(sgi_pending_mask(5), 0);
}

/* ---- register views: GICv3 ---- */

static void v3_gicd_typer_reports_256_interrupts_and_the_vcpus(void **state)
{
	uint64_t t;

	(void)state;
	t = dist_rd(GICD_TYPER, 4);
	assert_int_equal(GICD_TYPER_ITLINES(t), 7);
	assert_int_equal(GICD_TYPER_CPUNUM(t), NR_VCPUS - 1u);
	assert_true(GICD_TYPER_IDBITS(t) >= 7); /* INTIDs up to 255 fit */
	vgic_setup(3, 1);
	assert_int_equal(GICD_TYPER_CPUNUM(dist_rd(GICD_TYPER, 4)), 0);
}

static void v3_pidr2_says_gicv3(void **state)
{
	(void)state;
	assert_int_equal(PIDR2_ARCHREV(dist_rd(GICD_PIDR2_V3, 4)), 3);
	assert_int_equal(PIDR2_ARCHREV(redist_rd(1, GICR_PIDR2, 4)), 3);
}

static void v3_gicd_ctlr_keeps_are_ns_and_reflects_the_enable(void **state)
{
	uint64_t c;

	(void)state;
	dist_wr(GICD_CTLR, 4, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A);
	c = dist_rd(GICD_CTLR, 4);
	assert_true((c & GICD_CTLR_ARE_NS) != 0);
	assert_true((c & GICD_CTLR_ENABLE_G1A) != 0);
	assert_int_equal(c & GICD_CTLR_RWP, 0); /* writes take effect at once */
	assert_true(g->enabled);
	/* ARE cannot be turned off; disabling works. */
	dist_wr(GICD_CTLR, 4, 0);
	assert_int_equal(dist_rd(GICD_CTLR, 4), GICD_CTLR_ARE_NS);
	assert_false(g->enabled);
	dist_wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	assert_true(g->enabled);
}

static void v3_gicr_typer_gives_affinity_number_and_last(void **state)
{
	(void)state;
	for (uint32_t c = 0; c < NR_VCPUS; c++) {
		uint64_t t = redist_rd(c, GICR_TYPER, 8);

		assert_int_equal(GICR_TYPER_AFF(t), c);
		assert_int_equal(GICR_TYPER_PROCNUM(t), c);
		assert_int_equal((t & GICR_TYPER_LAST) != 0, c == NR_VCPUS - 1u);
		assert_int_equal(redist_rd(c, GICR_TYPER, 4), t & 0xffffffffu);
		assert_int_equal(redist_rd(c, GICR_TYPER + 4u, 4), t >> 32);
	}
}

static void v3_gicr_waker_sleep_handshake(void **state)
{
	(void)state;
	assert_int_equal(redist_rd(2, GICR_WAKER, 4),
			 GICR_WAKER_PS | GICR_WAKER_CA);
	redist_wr(2, GICR_WAKER, 4, 0);
	/* Linux waits for ChildrenAsleep to clear. */
	assert_int_equal(redist_rd(2, GICR_WAKER, 4), 0);
	assert_int_equal(redist_rd(1, GICR_WAKER, 4),
			 GICR_WAKER_PS | GICR_WAKER_CA);
	redist_wr(2, GICR_WAKER, 4, GICR_WAKER_PS);
	assert_int_equal(redist_rd(2, GICR_WAKER, 4),
			 GICR_WAKER_PS | GICR_WAKER_CA);
}

/* With affinity routing the distributor has nothing for INTIDs 0-31. */
static void v3_gicd_registers_of_private_interrupts_are_raz_wi(void **state)
{
	static const uint32_t bit_regs[] = {
		GICD_IGROUPR, GICD_ISENABLER, GICD_ISPENDR, GICD_ISACTIVER,
	};

	(void)state;
	enable_distributor();
	for (size_t i = 0; i < sizeof(bit_regs) / sizeof(bit_regs[0]); i++) {
		dist_wr(bit_regs[i], 4, 0xffffffffu);
		assert_int_equal(dist_rd(bit_regs[i], 4), 0);
	}
	for (uint32_t c = 0; c < NR_VCPUS; c++) {
		assert_int_equal(redist_rd(c, GICR_ISENABLER0, 4), 0);
		assert_int_equal(redist_rd(c, GICR_ISPENDR0, 4), 0);
		assert_int_equal(redist_rd(c, GICR_ISACTIVER0, 4), 0);
		assert_int_equal(redist_rd(c, GICR_IGROUPR0, 4), 0);
	}
	/* Priorities and configuration of 0-31 too. */
	redist_wr(0, GICR_IPRIORITYR + 8u, 4, 0x11223344u);
	for (uint32_t w = 0; w < 8u; w++) {
		dist_wr(GICD_IPRIORITYR + 4u * w, 4, 0xa0a0a0a0u);
		assert_int_equal(dist_rd(GICD_IPRIORITYR + 4u * w, 4), 0);
	}
	assert_int_equal(redist_rd(0, GICR_IPRIORITYR + 8u, 4), 0x11223344u);
	dist_wr(GICD_ICFGR + 4u, 4, 0xffffffffu);
	assert_int_equal(dist_rd(GICD_ICFGR, 4), 0);
	assert_int_equal(dist_rd(GICD_ICFGR + 4u, 4), 0);
	assert_int_equal(redist_rd(0, GICR_ICFGR1, 4), 0);
	flush(0);
	assert_int_equal(valid_lrs(), 0);
}

static void v3_gicr_isenabler0_is_banked_per_vcpu(void **state)
{
	(void)state;
	redist_wr(1, GICR_ISENABLER0, 4, bit_of(PPI_VTIMER) | bit_of(3));
	assert_int_equal(redist_rd(1, GICR_ISENABLER0, 4),
			 bit_of(PPI_VTIMER) | bit_of(3));
	assert_int_equal(redist_rd(0, GICR_ISENABLER0, 4), 0);
	assert_int_equal(redist_rd(2, GICR_ISENABLER0, 4), 0);
	redist_wr(1, GICR_ICENABLER0, 4, bit_of(3));
	assert_int_equal(redist_rd(1, GICR_ISENABLER0, 4), bit_of(PPI_VTIMER));
}

static void v3_ipriorityr_byte_and_word_access(void **state)
{
	(void)state;
	dist_wr(GICD_IPRIORITYR + SPI(8), 4, 0x44332211u);
	assert_int_equal(dist_rd(GICD_IPRIORITYR + SPI(8), 1), 0x11);
	assert_int_equal(dist_rd(GICD_IPRIORITYR + SPI(8) + 3u, 1), 0x44);
	dist_wr(GICD_IPRIORITYR + SPI(8) + 2u, 1, 0xee);
	assert_int_equal(dist_rd(GICD_IPRIORITYR + SPI(8), 4), 0x44ee2211u);
	/* Redistributor: banked. */
	redist_wr(2, GICR_IPRIORITYR + 24u, 4, 0x80706050u);
	redist_wr(2, GICR_IPRIORITYR + PPI_VTIMER, 1, 0x10);
	assert_int_equal(redist_rd(2, GICR_IPRIORITYR + 24u, 4), 0x10706050u);
	assert_int_equal(redist_rd(1, GICR_IPRIORITYR + 24u, 4), 0);
	/* Halfwords are not an IPRIORITYR access size. */
	assert_false(dist_access(0, GICD_IPRIORITYR + SPI(8), 2, false,
				 &(uint64_t){ 0 }));
}

static void v3_icfgr_keeps_sgis_edge(void **state)
{
	(void)state;
	redist_wr(0, GICR_ICFGR0, 4, 0);
	assert_int_equal(redist_rd(0, GICR_ICFGR0, 4), ICFGR_ALL_EDGE);
	redist_wr(0, GICR_ICFGR1, 4, 2u << (2u * (20u - 16u)));
	assert_int_equal(redist_rd(0, GICR_ICFGR1, 4), 2u << (2u * 4u));
	assert_true(vgic_irq_get(g, vcpu_index_of(0), 20)->edge);
	assert_false(vgic_irq_get(g, vcpu_index_of(1), 20)->edge);
	dist_wr(GICD_ICFGR + 8u, 4, 0x8u);
	assert_int_equal(dist_rd(GICD_ICFGR + 8u, 4), 0x8u);
	assert_true(vgic_irq_get(g, vcpu_index_of(0), SPI(1))->edge);
}

static void v3_igroupr_and_active_registers_set_and_clear(void **state)
{
	(void)state;
	dist_wr(word_of(GICD_IGROUPR, SPI(40)), 4, bit_of(SPI(40)));
	assert_int_equal(dist_rd(word_of(GICD_IGROUPR, SPI(40)), 4),
			 bit_of(SPI(40)));
	dist_wr(word_of(GICD_IGROUPR, SPI(40)), 4, 0);
	assert_int_equal(dist_rd(word_of(GICD_IGROUPR, SPI(40)), 4), 0);
	dist_wr(word_of(GICD_ISACTIVER, SPI(40)), 4, bit_of(SPI(40)));
	assert_true(spi_active(SPI(40)));
	dist_wr(word_of(GICD_ICACTIVER, SPI(40)), 4, bit_of(SPI(40)));
	assert_false(spi_active(SPI(40)));
	dist_wr(word_of(GICD_ISPENDR, SPI(40)), 4, bit_of(SPI(40)));
	assert_true(spi_pending(SPI(40)));
	dist_wr(word_of(GICD_ICPENDR, SPI(40)), 4, bit_of(SPI(40)));
	assert_false(spi_pending(SPI(40)));
	/* Beyond INTID 255: nothing there, nothing kept. */
	dist_wr(GICD_ISENABLER + 4u * 8u, 4, 0xffffffffu);
	assert_int_equal(dist_rd(GICD_ISENABLER + 4u * 8u, 4), 0);
}

static void v3_unknown_offsets_are_refused(void **state)
{
	static const uint32_t gicd[] = {
		0x0014, 0x0020, 0x0040, 0x0f04, 0x1000, 0x5ffc, 0x7fe0, 0xc000,
	};
	static const uint32_t gicr[] = {
		0x0018, 0x0020, 0x0080, 0x1000, GICR_SGI, GICR_SGI + 0x0104u,
		GICR_SGI + 0x0420u, GICR_SGI + 0x0c08u, GICR_FRAME - 4u,
	};
	uint64_t v = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(gicd) / sizeof(gicd[0]); i++) {
		if (dist_access(0, gicd[i], 4, false, &v))
			fail_msg("GICD offset 0x%x accepted", gicd[i]);
	}
	for (size_t i = 0; i < sizeof(gicr) / sizeof(gicr[0]); i++) {
		if (redist_access(0, gicr[i], 4, false, &v))
			fail_msg("GICR offset 0x%x accepted", gicr[i]);
	}
	/* Known register, wrong width. */
	assert_false(dist_access(0, GICD_CTLR, 1, false, &v));
	assert_false(redist_access(0, GICR_WAKER, 8, false, &v));
}

static void v3_redistributor_beyond_the_vcpus_is_refused(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_true(redist_access(NR_VCPUS - 1u, GICR_WAKER, 4, false, &v));
	assert_false(redist_access(NR_VCPUS, GICR_WAKER, 4, false, &v));
	assert_false(redist_access(NR_VCPUS, GICR_TYPER, 8, false, &v));
	v = 0;
	assert_false(redist_access(SK_MAX_CPUS, GICR_WAKER, 4, true, &v));
}

/* ---- register views: GICv2 ---- */

static void v2_gicd_typer_reports_256_interrupts_and_the_cpus(void **state)
{
	uint64_t t;

	(void)state;
	t = dist_rd(GICD_TYPER, 4);
	assert_int_equal(GICD_TYPER_ITLINES(t), 7);
	assert_int_equal(GICD_TYPER_CPUNUM(t), NR_VCPUS - 1u);
	assert_int_equal(PIDR2_ARCHREV(dist_rd(GICD_PIDR2_V2, 4)), 2);
}

static void v2_gicd_ctlr_enables_the_distributor(void **state)
{
	(void)state;
	assert_int_equal(dist_rd(GICD_CTLR, 4), 0);
	dist_wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	assert_int_equal(dist_rd(GICD_CTLR, 4), GICD_CTLR_ENABLE_G1);
	assert_true(g->enabled);
}

/* GICv2 banks INTIDs 0-31 by the accessing CPU. */
static void v2_private_registers_are_banked_by_the_accessing_cpu(void **state)
{
	(void)state;
	dist_wr_by(1, GICD_ISENABLER, 4, bit_of(PPI_VTIMER));
	dist_wr_by(1, GICD_IPRIORITYR + PPI_VTIMER, 1, 0x30);
	assert_int_equal(dist_rd_by(1, GICD_ISENABLER, 4),
			 V2_SGIS_ON | bit_of(PPI_VTIMER));
	assert_int_equal(dist_rd_by(0, GICD_ISENABLER, 4), V2_SGIS_ON);
	assert_int_equal(dist_rd_by(1, GICD_IPRIORITYR + 24u, 4), 0x30000000u);
	assert_int_equal(dist_rd_by(3, GICD_IPRIORITYR + 24u, 4), 0);
	dist_wr_by(0, GICD_ICFGR, 4, 0);
	assert_int_equal(dist_rd_by(0, GICD_ICFGR, 4), ICFGR_ALL_EDGE);
}

/* GIC-400 keeps SGIs enabled for good (IHI 0048B 4.3.5 allows it): so does
 * the GICv2 vGIC, from reset, whatever ICENABLER0 says; GICv3's start
 * disabled and obey (v3_sgis_start_disabled_and_obey_the_guest). */
static void v2_sgis_are_always_enabled(void **state)
{
	(void)state;
	for (uint32_t cpu = 0; cpu < NR_VCPUS; cpu++) {
		assert_int_equal(dist_rd_by(cpu, GICD_ISENABLER, 4), V2_SGIS_ON);
		dist_wr_by(cpu, GICD_ICENABLER, 4, 0xffffffffu);
		assert_int_equal(dist_rd_by(cpu, GICD_ICENABLER, 4), V2_SGIS_ON);
	}
	/* and after a reset (a partition restart) still */
	vgic_reset(g);
	assert_int_equal(dist_rd_by(1, GICD_ISENABLER, 4), V2_SGIS_ON);
	/* A self-SGI is delivered with nothing enabled by hand but the
	 * distributor. */
	dist_wr(GICD_CTLR, 4, GICD_CTLR_ENABLE_G1);
	dist_wr_by(2, GICD_SGIR, 4, SGIR_FILTER_SELF | 7u);
	assert_true(vgic_has_pending(g, vcpu_index_of(2)));
	assert_false(vgic_has_pending(g, vcpu_index_of(1)));
}

static void v3_sgis_start_disabled_and_obey_the_guest(void **state)
{
	(void)state;
	assert_int_equal(redist_rd(0, GICR_ISENABLER0, 4), 0);
	redist_wr(0, GICR_ISENABLER0, 4, V2_SGIS_ON);
	assert_int_equal(redist_rd(0, GICR_ISENABLER0, 4), V2_SGIS_ON);
	redist_wr(0, GICR_ICENABLER0, 4, V2_SGIS_ON);
	assert_int_equal(redist_rd(0, GICR_ISENABLER0, 4), 0);
}

static void v2_unknown_offsets_are_refused(void **state)
{
	static const uint32_t gicd[] = {
		0x00c, 0x040, 0xf04, 0xf30, 0xfcc, 0x1000, GICD_IROUTER,
	};
	uint64_t v = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(gicd) / sizeof(gicd[0]); i++) {
		if (dist_access(0, gicd[i], 4, false, &v))
			fail_msg("GICD offset 0x%x accepted", gicd[i]);
	}
}

/* ---- the explicit states (vgic.h: enum vgic_lr_state, vgic_irq_state) ---- */

/* Each LR state and each interrupt state, reached the way the guest and
 * the devices reach them; every flush checks the invariants on the way. */
static void list_registers_go_through_each_state(void **state)
{
	int n;

	(void)state;
	g->lr_ops = &fake_lr_ops_elrsr;
	enable_distributor();
	make_edge(SPI(5));
	enable_spi(SPI(5), 0x40);
	enable_spi(SPI(6), 0x40);
	assert_int_equal(vgic_lr_state(&g->cpu[0], 0), VGIC_LR_STATE_EMPTY);
	assert_int_equal(vgic_irq_state(vgic_irq_get(g, vcpu_index_of(0), SPI(5))),
			 VGIC_IRQ_INACTIVE);
	/* EMPTY -> SW: a software interrupt placed */
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	assert_int_equal(vgic_irq_state(vgic_irq_get(g, vcpu_index_of(0), SPI(5))),
			 VGIC_IRQ_PENDING);
	read_back(0);
	n = lr_of(SPI(5));
	assert_true(n >= 0);
	assert_int_equal(vgic_lr_state(&g->cpu[0], (uint32_t)n),
			 VGIC_LR_STATE_SW);
	/* PENDING -> ACTIVE -> ACTIVE_PENDING, read back from the LR */
	guest_acknowledge(SPI(5));
	read_back(0);
	assert_int_equal(vgic_irq_state(vgic_irq_get(g, vcpu_index_of(0), SPI(5))),
			 VGIC_IRQ_ACTIVE);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	assert_int_equal(vgic_irq_state(vgic_irq_get(g, vcpu_index_of(0), SPI(5))),
			 VGIC_IRQ_ACTIVE_PENDING);
	read_back(0);
	/* ACTIVE_PENDING -> PENDING: the guest deactivates the first one */
	lr_holding(SPI(5))->active = false;
	read_back(0);
	assert_int_equal(vgic_irq_state(vgic_irq_get(g, vcpu_index_of(0), SPI(5))),
			 VGIC_IRQ_PENDING);
	/* -> INACTIVE and SW -> EMPTY once the guest is done with it */
	guest_acknowledge(SPI(5));
	guest_complete(SPI(5));
	read_back(0);
	assert_int_equal(vgic_irq_state(vgic_irq_get(g, vcpu_index_of(0), SPI(5))),
			 VGIC_IRQ_INACTIVE);
	assert_int_equal(vgic_lr_state(&g->cpu[0], (uint32_t)n),
			 VGIC_LR_STATE_EMPTY);
	/* EMPTY -> HW: a forwarded interrupt */
	vgic_inject_hw(g, vcpu_index_of(0), intid_of(SPI(6)), intid_of(70));
	read_back(0);
	n = lr_of(SPI(6));
	assert_true(n >= 0);
	assert_int_equal(vgic_lr_state(&g->cpu[0], (uint32_t)n),
			 VGIC_LR_STATE_HW);
	assert_int_equal(g->cpu[0].lrs_in_use, 1);
}

/* A broken transition is caught where it happens: an interrupt that
 * claims an LR the vCPU does not hold fails the flush's invariant check,
 * and so does giving back an LR twice. */
static void a_broken_lr_state_fails_an_assertion(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(5), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	assert_true(lr_of(SPI(5)) >= 0);
	/* an SGI naming LR 3, which holds nothing */
	g->cpu[0].priv[2].lr = 3;
	expect_assert_failure(vgic_flush(g, vcpu_index_of(0)));
}

static void a_miscounted_lr_fails_an_assertion(void **state)
{
	(void)state;
	enable_distributor();
	enable_spi(SPI(5), 0x40);
	vgic_inject(g, vcpu_index_of(0), intid_of(SPI(5)), vcpu_index_of(0));
	flush(0);
	g->cpu[0].lrs_in_use++;
	expect_assert_failure(vgic_flush(g, vcpu_index_of(0)));
}

/* ---- the light exit path's distributor reads (vgic_v3_dist_read_fixed) ---- */

#define LIGHT_DIST_BASE 0x08000000u

/* Exactly TYPER, IIDR and PIDR2 of the vGIC's distributor (GICv3 or
 * GICv2, by the version's own function), each the value a 32-bit read
 * through vgic_v3_dist_mmio or vgic_v2_dist_mmio returns, for any vCPU
 * count; every other offset, an address outside the frame and the other
 * version's function declined. */
static void light_dist_reads_answer_like_the_full_path(uint32_t version)
{
	static const uint32_t vcpus[] = { 1, 2, NR_VCPUS };
	bool (*own)(struct vgic *, uint64_t, uint32_t *) =
		version == 3u ? vgic_v3_dist_read_fixed : vgic_v2_dist_read_fixed;
	bool (*other)(struct vgic *, uint64_t, uint32_t *) =
		version == 3u ? vgic_v2_dist_read_fixed : vgic_v3_dist_read_fixed;
	uint32_t pidr2 = version == 3u ? GICD_PIDR2_V3 : GICD_PIDR2_V2;

	for (size_t n = 0; n < sizeof(vcpus) / sizeof(vcpus[0]); n++) {
		uint32_t answered = 0;
		uint32_t val;

		vgic_setup(version, vcpus[n]);
		g->dist_base = LIGHT_DIST_BASE;
		for (uint32_t off = 0; off < VGIC_DIST_SIZE; off += 4u) {
			assert_false(other(g, LIGHT_DIST_BASE + off, &val));
			if (!own(g, LIGHT_DIST_BASE + off, &val))
				continue;
			assert_true(off == GICD_TYPER || off == GICD_IIDR ||
				    off == pidr2);
			assert_int_equal(val, dist_rd(off, 4));
			answered++;
		}
		assert_int_equal(answered, 3);
		assert_false(own(g, LIGHT_DIST_BASE - 4u + GICD_TYPER - 4u, &val));
		assert_false(own(g, LIGHT_DIST_BASE + VGIC_DIST_SIZE + GICD_TYPER, &val));
		assert_false(own(g, GICD_TYPER, &val));
	}
}

static void light_dist_reads_answer_like_the_gicv3_full_path(void **state)
{
	(void)state;
	light_dist_reads_answer_like_the_full_path(3);
}

static void light_dist_reads_answer_like_the_gicv2_full_path(void **state)
{
	(void)state;
	light_dist_reads_answer_like_the_full_path(2);
}

#define V3_TEST(fn) cmocka_unit_test_setup(fn, setup_v3)
#define V2_TEST(fn) cmocka_unit_test_setup(fn, setup_v2)

int main(void)
{
	const struct CMUnitTest tests[] = {
		V3_TEST(reset_state_is_quiet_with_sgis_edge_and_others_level),
		V3_TEST(light_dist_reads_answer_like_the_gicv3_full_path),
		V2_TEST(light_dist_reads_answer_like_the_gicv2_full_path),
		V3_TEST(list_registers_go_through_each_state),
		V3_TEST(a_broken_lr_state_fails_an_assertion),
		V3_TEST(a_miscounted_lr_fails_an_assertion),
		V3_TEST(reset_state_as_the_registers_show_it),
		V3_TEST(reset_forgets_what_the_guest_set),
		V3_TEST(enabled_pending_spi_waits_for_the_distributor_enable),
		V3_TEST(more_injections_than_hints_are_all_delivered),
		V2_TEST(more_injections_than_hints_are_all_delivered),
		V3_TEST(injections_since_the_last_flush_are_delivered),
		V3_TEST(disabled_spi_stays_out_of_the_list_registers),
		V3_TEST(group_and_priority_reach_the_list_register),
		V3_TEST(list_registers_hold_the_best_pending_interrupts),
		V3_TEST(lr_usage_counts_what_the_vgic_holds),
		V3_TEST(lr_usage_falls_back_once_the_guest_is_done),
		V3_TEST(lr_usage_calls_an_unaccounted_lr_stale),
		V3_TEST(lr_usage_of_a_vcpu_out_of_range_is_nothing),
		V3_TEST(consumed_list_registers_are_refilled_in_priority_order),
		V3_TEST(higher_priority_interrupt_evicts_the_worst_pending_one),
		V3_TEST(equal_priority_does_not_evict),
		V3_TEST(active_interrupts_are_never_evicted),
		V3_TEST(active_interrupt_keeps_its_list_register_until_completed),
		V3_TEST(a_single_list_register_is_shared_in_priority_order),
		V3_TEST(level_line_high_makes_the_spi_pending),
		V3_TEST(level_spi_is_pending_again_after_completion_if_still_high),
		V3_TEST(level_spi_whose_line_drops_before_it_is_taken_is_withdrawn),
		V3_TEST(level_spi_serviced_by_the_guest_is_done_at_completion),
		V3_TEST(level_input_on_a_private_interrupt_is_ignored),
		V3_TEST(edge_spi_injected_again_while_active_is_pending_and_active),
		V3_TEST(lr_rewrite_keeps_the_state_the_guest_left),
		V3_TEST(clearing_active_of_an_interrupt_in_a_list_register_frees_it),
		V2_TEST(clearing_active_of_an_interrupt_in_a_list_register_frees_it),
		V3_TEST(setting_active_of_an_interrupt_in_a_list_register_reaches_it),
		V3_TEST(masking_an_acknowledged_interrupt_does_not_deliver_it_again),
		V3_TEST(level_spi_still_high_while_active_is_active_and_pending),
		V3_TEST(clearing_a_level_spi_with_its_line_high_has_no_lasting_effect),
		V3_TEST(forwarded_interrupt_carries_the_physical_intid),
		V3_TEST(forwarded_interrupt_refired_before_sync_keeps_its_hw_link),
		V3_TEST(forwarded_interrupt_is_released_when_its_lr_goes_invalid),
		V3_TEST(local_forwarded_interrupt_is_placed_at_once),
		V3_TEST(timer_fast_path_is_armed_with_the_guests_priority),
		V3_TEST(an_unchanged_fast_path_decision_is_not_published_again),
		V3_TEST(an_ended_edge_interrupt_is_released_at_the_next_exit),
		V3_TEST(a_lazily_held_lr_takes_priority_and_config_changes),
		V3_TEST(a_doorbell_again_reuses_its_ended_list_register),
		V3_TEST(lr_ops_that_read_back_every_exit_keep_edge_lrs_eager),
		V3_TEST(a_fast_path_timer_lr_is_not_reused_while_pending),
		V3_TEST(a_held_timer_instance_is_released_when_its_lr_empties),
		V3_TEST(setting_a_fast_path_timer_pending_keeps_it_in_one_lr),
		V3_TEST(setting_a_fast_path_timer_active_keeps_it_in_one_lr),
		V2_TEST(local_forwarded_interrupt_is_placed_at_once),
		V3_TEST(local_forwarded_interrupt_waits_while_disabled),
		V3_TEST(local_forwarded_interrupt_with_no_free_lr_waits_its_turn),
		V2_TEST(local_forwarded_interrupt_with_no_free_lr_waits_its_turn),
		V2_TEST(local_unlinked_interrupt_is_placed_at_once),
		V2_TEST(local_unlinked_interrupt_while_active_becomes_pending_too),
		V2_TEST(local_unlinked_interrupt_waits_while_disabled),
		V3_TEST(guest_cannot_clear_a_forwarded_interrupts_pending_state),
		V3_TEST(forwarded_spi_goes_to_its_target),
		V3_TEST(v3_irouter_aff0_selects_the_target_vcpu),
		V3_TEST(v3_irouter_any_cpu_mode_routes_to_vcpu_0),
		V3_TEST(v3_irouter_to_a_missing_vcpu_routes_to_vcpu_0),
		V3_TEST(v3_irouter_reads_back_as_written),
		V3_TEST(retargeting_a_pending_spi_kicks_the_new_target),
		V2_TEST(v2_itargetsr_lowest_set_bit_selects_the_target),
		V2_TEST(v2_itargetsr_bits_of_missing_cpus_are_raz_wi),
		V2_TEST(v2_itargetsr_of_private_interrupts_reads_the_own_cpu),
		V3_TEST(kick_goes_only_where_something_became_deliverable),
		V3_TEST(no_kick_callback_is_fine),
		V3_TEST(v3_sgi_reaches_the_vcpus_of_the_target_list),
		V3_TEST(v3_sgi_to_all_but_self),
		V3_TEST(v3_sgi_to_another_affinity_reaches_nobody),
		V2_TEST(v2_sgir_target_list_names_the_cpus),
		V2_TEST(v2_sgir_targets_beyond_the_partition_are_ignored),
		V2_TEST(v2_sgir_all_but_self),
		V2_TEST(v2_sgir_self_only),
		V3_TEST(v3_gicd_typer_reports_256_interrupts_and_the_vcpus),
		V3_TEST(v3_pidr2_says_gicv3),
		V3_TEST(v3_gicd_ctlr_keeps_are_ns_and_reflects_the_enable),
		V3_TEST(v3_gicr_typer_gives_affinity_number_and_last),
		V3_TEST(v3_gicr_waker_sleep_handshake),
		V3_TEST(v3_gicd_registers_of_private_interrupts_are_raz_wi),
		V3_TEST(v3_gicr_isenabler0_is_banked_per_vcpu),
		V3_TEST(v3_ipriorityr_byte_and_word_access),
		V3_TEST(v3_icfgr_keeps_sgis_edge),
		V3_TEST(v3_igroupr_and_active_registers_set_and_clear),
		V3_TEST(v3_unknown_offsets_are_refused),
		V3_TEST(v3_redistributor_beyond_the_vcpus_is_refused),
		V2_TEST(v2_gicd_typer_reports_256_interrupts_and_the_cpus),
		V2_TEST(v2_gicd_ctlr_enables_the_distributor),
		V2_TEST(v2_private_registers_are_banked_by_the_accessing_cpu),
		V2_TEST(v2_sgis_are_always_enabled),
		cmocka_unit_test_setup(v3_sgis_start_disabled_and_obey_the_guest,
				       setup_v3),
		V2_TEST(v2_unknown_offsets_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
