/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the virtual GIC's trapped-MMIO handlers (GICv3 distributor and
 * redistributors, GICv2 distributor: hypervisor/arch/arm64/gic/vgic*_regs.c
 * over core/mmio.c) together with what happens between two accesses:
 * injections (software, forwarded, the timer's fast path), level lines,
 * list-register flushes and the "hardware" acknowledging and completing
 * what the list registers hold, and partition resets. A forwarded
 * interrupt fires again only once the guest deactivated it, as on the
 * hardware.
 *
 * Input: byte 0 picks the GIC version (bit 0: 1 = GICv2), the number of
 * vCPUs (bits 3:1, plus one) and of list registers (bits 7:4, plus one);
 * then a sequence of operations, an opcode byte and its arguments each.
 *
 * Invariants (register offsets and fields written out from Arm IHI 0069
 * and IHI 0048B, not taken from the implementation):
 * - another partition's vGIC never changes, nor the vCPU slots beyond the
 *   partition's vCPUs;
 * - a refused access and any read change no interrupt's state, a read
 *   answers only the bytes it covers; a write
 *   to a read-only or RAZ/WI register changes nothing; reserved and
 *   RAZ registers (INTIDs beyond the 256 implemented, INTIDs 0-31 in a
 *   GICv3 distributor, ...) read 0;
 * - a write reaches only the interrupts its frame owns: a GICv3
 *   distributor write no SGI/PPI, a redistributor write only its own
 *   vCPU's, a GICv2 write only the writer's banked ones (SGIR makes SGIs
 *   pending, nothing else);
 * - set/clear registers read back as written (enable, group, pending,
 *   active; forwarded interrupts keep their physical state), priorities
 *   read back as written, ICFGR keeps SGIs edge, IROUTER and ITARGETSR
 *   read back within the implemented bits and agree with the target;
 * - the list-register bookkeeping is consistent: an interrupt is valid in
 *   at most one list register of all vCPUs, the vGIC's record of what each
 *   LR holds matches the interrupt's, an SPI's target is a vCPU of the
 *   partition, a kick goes to one of its vCPUs;
 * - a reset brings back exactly the initial state;
 * - no out-of-bounds access or undefined behaviour (ASan, UBSan).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/gic/vgic_regs.h"
#include "arch/vgic.h"
#include "core/partition.h"
#include "fuzz_check.h"
#include "fuzz_input.h"

/* GICD (IHI 0069 12.9, IHI 0048B 4.3) */
#define GICD_IROUTER_END 0x7fe0u

/* GICR: RD_base, then SGI_base 64 KiB on (IHI 0069 12.10, 12.11) */
#define GICR_FRAME      0x20000u
#define GICR_SGI        0x10000u
#define GICR_WAKER_PS   (1u << 1)
#define GICR_WAKER_CA   (1u << 2)

#define NR_IRQS      256u  /* what GICD_TYPER.ITLinesNumber = 7 promises */
#define NR_PRIVATE   32u
#define NR_SGIS      16u
#define MAX_VCPUS    SK_MAX_CPUS
#define MAX_LRS      VGIC_MAX_LRS
#define LR_FREE      0xffu
#define PPI_VTIMER   27u

/* ---- fakes: one set of list registers per vCPU's CPU, kicks ---- */

static struct vgic_lr lrs[MAX_VCPUS][MAX_LRS];
static uint32_t nr_lrs;
static uint32_t cur_cpu; /* the CPU the vGIC code runs on now */
static struct partition part, other;
static uint32_t nr_vcpus;

/* A broken vGIC invariant (VGIC_ASSERT) is a finding. */
void vgic_assert_fail(const char *file, int line, uint64_t a, uint64_t b)
{
	(void)fprintf(stderr, "VGIC_ASSERT at %s:%d (0x%llx, 0x%llx)\n", file,
		      line, (unsigned long long)a, (unsigned long long)b);
	abort();
}

static uint32_t fake_lr_count(void)
{
	return nr_lrs;
}

static void fake_lr_read(uint32_t n, struct vgic_lr *lr)
{
	FUZZ_ASSERT(n < nr_lrs);
	*lr = lrs[cur_cpu][n];
}

static void fake_lr_write(uint32_t n, const struct vgic_lr *lr)
{
	FUZZ_ASSERT(n < nr_lrs);
	/* The LR holds an INTID the partition has (or nothing). */
	FUZZ_ASSERT((!lr->pending && !lr->active) || lr->intid < NR_IRQS);
	lrs[cur_cpu][n] = *lr;
}

static void fake_set_underflow(bool on)
{
	(void)on;
}

/* ICH_ELRSR_EL2 */
static uint32_t fake_lr_empty_mask(void)
{
	uint32_t m = 0;

	for (uint32_t n = 0; n < nr_lrs; n++) {
		if (!lrs[cur_cpu][n].pending && !lrs[cur_cpu][n].active)
			m |= 1u << n;
	}
	return m;
}

/* As the hypervisor wires them: GICv3 with ICH_ELRSR_EL2 and the timer
 * fast path, GICv2 with neither. */
static const struct vgic_lr_ops lr_ops_v3 = {
	.count = fake_lr_count, .read = fake_lr_read, .write = fake_lr_write,
	.set_underflow = fake_set_underflow, .empty_mask = fake_lr_empty_mask,
};
static const struct vgic_lr_ops lr_ops_v2 = {
	.count = fake_lr_count, .read = fake_lr_read, .write = fake_lr_write,
	.set_underflow = fake_set_underflow,
};

/* cppcheck-suppress constParameter ; the signature of vgic's kick hook */
static void record_kick(struct partition *p, vcpu_index_t target)
{
	FUZZ_ASSERT(p == &part);
	FUZZ_ASSERT(target.index < nr_vcpus);
}

/* cppcheck-suppress constParameter ; the signature of vgic's timer_publish hook */
static void record_publish(struct partition *p, vcpu_index_t vcpu,
			   const struct vgic_lr *lr)
{
	FUZZ_ASSERT(p == &part);
	FUZZ_ASSERT(vcpu.index < nr_vcpus);
	FUZZ_ASSERT(lr == NULL || (lr->intid == PPI_VTIMER && lr->hw));
}

/* ---- input ---- */


/* ---- the interrupt state a register access may change ---- */

struct irq_view {
	uint64_t irouter;
	uint8_t priority, target, targets_v2;
	bool group1, edge, enabled, pending, active, line, hw;
};

struct view {
	struct irq_view priv[MAX_VCPUS][NR_PRIVATE];
	struct irq_view spi[NR_IRQS - NR_PRIVATE];
	bool asleep[MAX_VCPUS];
	bool enabled;
};

static struct irq_view view_of(const struct vgic_irq *irq)
{
	struct irq_view v;

	memset(&v, 0, sizeof(v));
	v.irouter = irq->irouter;
	v.priority = irq->priority;
	v.target = irq->target;
	v.targets_v2 = irq->targets_v2;
	v.group1 = irq->group1;
	v.edge = irq->edge;
	v.enabled = irq->enabled;
	v.pending = irq->pending;
	v.active = irq->active;
	v.line = irq->line;
	v.hw = irq->hw;
	return v;
}

static void take_view(struct view *v)
{
	const struct vgic *g = &part.arch.vgic;

	memset(v, 0, sizeof(*v));
	for (uint32_t c = 0; c < nr_vcpus; c++) {
		for (uint32_t i = 0; i < NR_PRIVATE; i++)
			v->priv[c][i] = view_of(&g->cpu[c].priv[i]);
		v->asleep[c] = g->cpu[c].asleep;
	}
	for (uint32_t i = 0; i < NR_IRQS - NR_PRIVATE; i++)
		v->spi[i] = view_of(&g->spi[i]);
	v->enabled = g->enabled;
}

static bool same_irq(const struct irq_view *a, const struct irq_view *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* The same, pending state aside (a GICv2 SGIR write makes SGIs pending). */
static bool same_irq_but_pending(const struct irq_view *a,
				 const struct irq_view *b)
{
	struct irq_view x = *a, y = *b;

	x.pending = y.pending = false;
	return same_irq(&x, &y);
}

static bool same_private(const struct view *a, const struct view *b,
			 uint32_t c)
{
	return memcmp(a->priv[c], b->priv[c], sizeof(a->priv[c])) == 0 &&
	       a->asleep[c] == b->asleep[c];
}

static bool same_spis(const struct view *a, const struct view *b)
{
	return memcmp(a->spi, b->spi, sizeof(a->spi)) == 0;
}

static const struct irq_view *irq_in(const struct view *v, uint32_t vcpu,
				     uint32_t intid)
{
	return intid < NR_PRIVATE ? &v->priv[vcpu][intid]
				  : &v->spi[intid - NR_PRIVATE];
}

/* ---- state outside the partition's reach ---- */

static struct vgic other_before;
static struct vgic_cpu spare_cpu; /* a vCPU slot as reset leaves it */
static struct vgic part_reset;    /* part's vGIC right after init */

static void check_untouchable(void)
{
	const struct vgic *g = &part.arch.vgic;

	FUZZ_ASSERT(memcmp(&other.arch.vgic, &other_before, sizeof(other_before)) == 0);
	for (uint32_t c = nr_vcpus; c < MAX_VCPUS; c++)
		FUZZ_ASSERT(memcmp(&g->cpu[c].priv, &spare_cpu.priv,
				   sizeof(spare_cpu.priv)) == 0 &&
			    g->cpu[c].lrs_in_use == 0 &&
			    g->cpu[c].lr_held_mask == 0);
}

/* ---- list-register bookkeeping ---- */

static struct vgic_irq *irq_of(uint32_t vcpu, uint32_t intid)
{
	return vgic_irq_get(&part.arch.vgic, vcpu_index_of(vcpu), intid);
}

static void check_bookkeeping(void)
{
	struct vgic *g = &part.arch.vgic;
	uint32_t spi_holder[NR_IRQS - NR_PRIVATE];

	for (uint32_t i = 0; i < NR_IRQS - NR_PRIVATE; i++) {
		FUZZ_ASSERT(g->spi[i].target < nr_vcpus);
		spi_holder[i] = MAX_VCPUS;
	}
	for (uint32_t c = 0; c < nr_vcpus; c++) {
		const struct vgic_cpu *cpu = &g->cpu[c];
		uint32_t in_use = 0;
		bool seen[NR_IRQS];

		memset(seen, 0, sizeof(seen));
		for (uint32_t n = 0; n < MAX_LRS; n++) {
			uint32_t intid = cpu->lr_intid[n];
			const struct vgic_lr *lr = &lrs[c][n];

			if (n >= nr_lrs) {
				FUZZ_ASSERT(intid == VGIC_LR_EMPTY);
				FUZZ_ASSERT((cpu->lr_held_mask & (1u << n)) == 0);
				continue;
			}
			if (lr->pending || lr->active) {
				/* Never valid in two LRs (IHI 0069 4.9.3:
				 * UNPREDICTABLE). */
				FUZZ_ASSERT(lr->intid < NR_IRQS);
				FUZZ_ASSERT(!seen[lr->intid]);
				seen[lr->intid] = true;
				if (lr->intid >= NR_PRIVATE) {
					uint32_t s = lr->intid - NR_PRIVATE;

					FUZZ_ASSERT(spi_holder[s] == MAX_VCPUS);
					spi_holder[s] = c;
				}
			}
			FUZZ_ASSERT(((cpu->lr_held_mask >> n) & 1u) ==
				    (intid != VGIC_LR_EMPTY));
			if (intid == VGIC_LR_EMPTY)
				continue;
			in_use++;
			FUZZ_ASSERT(intid < NR_IRQS);
			FUZZ_ASSERT(irq_of(c, intid)->lr == n);
		}
		FUZZ_ASSERT(in_use == cpu->lrs_in_use);
		for (uint32_t i = 0; i < NR_PRIVATE; i++) {
			uint8_t n = cpu->priv[i].lr;

			FUZZ_ASSERT(n == LR_FREE ||
				    (n < nr_lrs && cpu->lr_intid[n] == i));
		}
	}
	for (uint32_t i = 0; i < NR_IRQS - NR_PRIVATE; i++) {
		uint8_t n = g->spi[i].lr;
		bool found = n == LR_FREE;

		for (uint32_t c = 0; !found && c < nr_vcpus; c++)
			found = n < nr_lrs && g->cpu[c].lr_intid[n] == i + NR_PRIVATE;
		FUZZ_ASSERT(found);
	}
}

/* ---- register classes, from the specifications ---- */

enum reg_kind {
	REG_OTHER,     /* checked by the generic rules only */
	REG_RAZ,       /* reads 0, writes change nothing */
	REG_RO,        /* writes change nothing */
	REG_SET,       /* set-bit register of field `field` */
	REG_CLEAR,
	REG_GROUP,
	REG_PRIORITY,
	REG_CONFIG,
	REG_IROUTER,
	REG_ITARGETS,
	REG_WAKER,
};

struct reg_class {
	enum reg_kind kind;
	enum vgic_field field;
	uint32_t first; /* first INTID the (32-bit) register covers */
};

/* The bit-per-INTID registers at 0x080-0x3ff of both distributors and of
 * the SGI frame. */
static bool bits_class(uint32_t off, struct reg_class *rc)
{
	static const struct {
		uint32_t base;
		enum reg_kind kind;
		enum vgic_field field;
	} rows[] = {
		{ GICD_IGROUPR, REG_GROUP, VGIC_FIELD_GROUP },
		{ GICD_ISENABLER, REG_SET, VGIC_FIELD_ENABLE },
		{ GICD_ICENABLER, REG_CLEAR, VGIC_FIELD_ENABLE },
		{ GICD_ISPENDR, REG_SET, VGIC_FIELD_PENDING },
		{ GICD_ICPENDR, REG_CLEAR, VGIC_FIELD_PENDING },
		{ GICD_ISACTIVER, REG_SET, VGIC_FIELD_ACTIVE },
		{ GICD_ICACTIVER, REG_CLEAR, VGIC_FIELD_ACTIVE },
	};

	for (uint32_t r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		if (off >= rows[r].base && off < rows[r].base + 0x80u) {
			rc->kind = rows[r].kind;
			rc->field = rows[r].field;
			rc->first = 8u * ((off - rows[r].base) & ~3u);
			return true;
		}
	}
	return false;
}

/* Per-INTID registers of a distributor: 0x080-0xc00 and ICFGR. first is
 * the INTID of the access's first byte (priority, targets) or of the
 * register's bit 0. */
static void intid_class(uint32_t off, struct reg_class *rc)
{
	if (bits_class(off, rc))
		return;
	if (off >= GICD_IPRIORITYR && off < GICD_IPRIORITYR + 0x400u) {
		rc->kind = REG_PRIORITY;
		rc->first = off - GICD_IPRIORITYR;
	} else if (off >= GICD_ITARGETSR && off < GICD_ITARGETSR + 0x400u) {
		rc->kind = REG_ITARGETS;
		rc->first = off - GICD_ITARGETSR;
	} else if (off >= GICD_ICFGR && off < GICD_ICFGR + 0x100u) {
		rc->kind = REG_CONFIG;
		rc->first = 4u * ((off - GICD_ICFGR) & ~3u);
	}
}

/* Registers of interrupts the partition does not have read as zero
 * (IHI 0069 12.9: "RAZ/WI for INTIDs not supported"; IHI 0048B 4.3). */
static void beyond_the_irqs(struct reg_class *rc)
{
	if (rc->kind != REG_OTHER && rc->kind != REG_RAZ &&
	    rc->kind != REG_RO && rc->kind != REG_WAKER &&
	    rc->first >= NR_IRQS)
		rc->kind = REG_RAZ;
}

static struct reg_class v3_dist_class(uint32_t off)
{
	struct reg_class rc = { REG_OTHER, VGIC_FIELD_GROUP, 0 };

	if (off >= 0x0004u && off < 0x000cu)
		rc.kind = REG_RO;           /* TYPER, IIDR */
	else if (off >= 0x000cu && off < 0x0014u)
		rc.kind = REG_RAZ;          /* TYPER2 (no extensions), STATUSR */
	else if (off >= GICD_IGROUPR && off < 0x0c00u)
		intid_class(off, &rc);
	else if (off >= GICD_ICFGR && off < 0x0d00u)
		intid_class(off, &rc);
	else if (off >= 0x0d00u && off < 0x0f30u)
		rc.kind = REG_RAZ; /* IGRPMODR, NSACR, SGIR, C/SPENDSGIR: ARE=1 */
	else if (off >= GICD_IROUTER && off < GICD_IROUTER_END) {
		rc.kind = REG_IROUTER;
		rc.first = (off - GICD_IROUTER) / 8u;
	} else if (off >= 0xffd0u)
		rc.kind = REG_RO;           /* identification */
	/* Affinity routing: the distributor's SGI/PPI registers are RAZ/WI
	 * (IHI 0069 12.9), and so is ITARGETSR (ARE=1). */
	if (rc.kind == REG_ITARGETS ||
	    (rc.kind > REG_RO && rc.first < NR_PRIVATE))
		rc.kind = REG_RAZ;
	beyond_the_irqs(&rc);
	return rc;
}

static struct reg_class v3_redist_class(uint32_t off)
{
	struct reg_class rc = { REG_OTHER, VGIC_FIELD_GROUP, 0 };

	if (off == 0x0000u || off == 0x0010u || (off >= 0x0070u && off < 0x0080u))
		rc.kind = REG_RAZ; /* CTLR: no LPIs; STATUSR; PROP/PENDBASER */
	else if ((off >= 0x0004u && off < 0x0010u) || (off >= 0xffd0u && off < GICR_SGI))
		rc.kind = REG_RO;  /* IIDR, TYPER, identification */
	else if (off >= GICR_WAKER && off < GICR_WAKER + 4u)
		rc.kind = REG_WAKER;
	else if (off >= GICR_SGI + GICD_IGROUPR && off < GICR_SGI + 0x0084u)
		intid_class(off - GICR_SGI, &rc);
	else if (off >= GICR_SGI + GICD_ISENABLER && off < GICR_SGI + 0x0400u &&
		 (off - GICR_SGI) % 0x80u < 4u)
		intid_class(off - GICR_SGI, &rc);
	else if (off >= GICR_SGI + GICD_IPRIORITYR && off < GICR_SGI + 0x0420u)
		intid_class(off - GICR_SGI, &rc);
	else if (off >= GICR_SGI + GICD_ICFGR && off < GICR_SGI + 0x0c08u)
		intid_class(off - GICR_SGI, &rc);
	else if (off >= GICR_SGI + 0x0d00u && off < GICR_SGI + 0x0e04u)
		rc.kind = REG_RAZ; /* IGRPMODR0, NSACR: one security state */
	return rc;
}

static struct reg_class v2_dist_class(uint32_t off)
{
	struct reg_class rc = { REG_OTHER, VGIC_FIELD_GROUP, 0 };

	if (off >= 0x0004u && off < 0x000cu)
		rc.kind = REG_RO;           /* TYPER, IIDR */
	else if (off >= GICD_IGROUPR && off < 0x0d00u)
		intid_class(off, &rc);
	else if (off >= 0x0fd0u && off < 0x1000u)
		rc.kind = REG_RO;
	/* ITARGETSR0-7 (SGIs, PPIs) are read-only (IHI 0048B 4.3.12). */
	if (rc.kind == REG_ITARGETS && rc.first < NR_PRIVATE)
		rc.kind = REG_RO;
	beyond_the_irqs(&rc);
	return rc;
}

/* ---- one register access, and what must hold around it ---- */

enum frame { FRAME_DIST, FRAME_REDIST };

static bool access(uint32_t caller, enum frame frame, uint64_t off,
		   uint32_t size, bool write, uint64_t *val)
{
	struct vgic *g = &part.arch.vgic;
	struct mmio_access a = {
		.addr = off, .size = size, .write = write,
		.value = write ? *val : 0x5a5a5a5a5a5a5a5aull,
	};
	bool ok;

	cur_cpu = caller;
	if (frame == FRAME_REDIST)
		ok = vgic_v3_redist_mmio(&part.vcpus[caller], g, off, &a);
	else if (g->version == 3)
		ok = vgic_v3_dist_mmio(&part.vcpus[caller], g, off, &a);
	else
		ok = vgic_v2_dist_mmio(&part.vcpus[caller], g, off, &a);
	if (!write && ok)
		*val = a.value;
	return ok;
}

/* Which interrupts a register access of this frame may change. */
static void check_scope(const struct view *before, const struct view *after,
			uint32_t caller, enum frame frame, uint32_t rd_vcpu)
{
	struct vgic *g = &part.arch.vgic;

	for (uint32_t c = 0; c < nr_vcpus; c++) {
		bool own = (frame == FRAME_REDIST && c == rd_vcpu) ||
			   (frame == FRAME_DIST && g->version == 2 && c == caller);

		if (own)
			continue;
		if (frame == FRAME_DIST && g->version == 2) {
			/* GICD_SGIR: other vCPUs' SGIs become pending. */
			for (uint32_t i = 0; i < NR_PRIVATE; i++)
				FUZZ_ASSERT(i < NR_SGIS
					? same_irq_but_pending(&before->priv[c][i],
							       &after->priv[c][i])
					: same_irq(&before->priv[c][i],
						   &after->priv[c][i]));
			FUZZ_ASSERT(before->asleep[c] == after->asleep[c]);
		} else {
			FUZZ_ASSERT(same_private(before, after, c));
		}
	}
	if (frame == FRAME_REDIST) {
		FUZZ_ASSERT(same_spis(before, after));
		FUZZ_ASSERT(before->enabled == after->enabled);
	}
}

/* Bits of a 32-bit bit-per-INTID register whose interrupts exist. */
static uint32_t implemented_bits(uint32_t first)
{
	return first < NR_IRQS ? 0xffffffffu : 0u;
}

/* The register read back right after a write, as the writer sees it. */
static uint32_t read_back32(uint32_t caller, enum frame frame, uint64_t off)
{
	uint64_t v = 0;

	FUZZ_ASSERT(access(caller, frame, off & ~3ull, 4, false, &v));
	return (uint32_t)v;
}

static void check_bits_read_back(const struct view *before,
				 const struct reg_class *rc, uint32_t caller,
				 enum frame frame, uint64_t off, uint32_t vcpu,
				 uint32_t written)
{
	uint32_t got = read_back32(caller, frame, off);
	uint32_t mask = written & implemented_bits(rc->first);
	uint32_t exempt = 0;

	for (uint32_t b = 0; b < 32u && rc->first + b < NR_IRQS; b++) {
		const struct irq_view *iv = irq_in(before, vcpu, rc->first + b);

		/* A forwarded interrupt's pending and active state is the
		 * physical one's; a level line still high keeps it pending. */
		if (rc->field == VGIC_FIELD_PENDING || rc->field == VGIC_FIELD_ACTIVE) {
			if (iv->hw)
				exempt |= 1u << b;
			if (rc->field == VGIC_FIELD_PENDING && !iv->edge && iv->line)
				exempt |= 1u << b;
		}
		/* GICv2 keeps SGIs enabled for good, as GIC-400 does (vgic.c
		 * vgic_sgi_fixed_on): ICENABLER0 leaves them on. */
		if (rc->field == VGIC_FIELD_ENABLE && rc->kind == REG_CLEAR &&
		    part.arch.vgic.version == 2u && rc->first + b < 16u)
			exempt |= 1u << b;
	}
	mask &= ~exempt;
	switch (rc->kind) {
	case REG_SET:
		FUZZ_ASSERT((got & mask) == mask);
		break;
	case REG_CLEAR:
		FUZZ_ASSERT((got & mask) == 0);
		break;
	case REG_GROUP:
		FUZZ_ASSERT(got == (written & implemented_bits(rc->first)));
		break;
	default:
		break;
	}
}

static void check_read_back(const struct view *before,
			    const struct reg_class *rc, uint32_t caller,
			    enum frame frame, uint64_t off, uint32_t size,
			    uint32_t vcpu, uint64_t written)
{
	uint64_t got = 0;

	switch (rc->kind) {
	case REG_SET:
	case REG_CLEAR:
	case REG_GROUP:
		if (size == 4u)
			check_bits_read_back(before, rc, caller, frame, off, vcpu,
					     (uint32_t)written);
		break;
	case REG_PRIORITY:
		/* Eight priority bits are implemented: read back as written. */
		FUZZ_ASSERT(access(caller, frame, off, size, false, &got));
		FUZZ_ASSERT(got == (written & (size == 4u ? 0xffffffffu : 0xffu)));
		break;
	case REG_CONFIG: {
		uint32_t v = read_back32(caller, frame, off);

		for (uint32_t i = 0; i < 16u && rc->first + i < NR_IRQS; i++) {
			uint32_t field = (v >> (2u * i)) & 3u;
			uint32_t want = rc->first + i < NR_SGIS
				? 2u : (uint32_t)(written >> (2u * i)) & 2u;

			/* Bit 0 of each field is RES0 (IHI 0069 12.9.7). */
			FUZZ_ASSERT(field == want);
		}
		break;
	}
	case REG_IROUTER: {
		const struct vgic_irq *irq = irq_of(0, rc->first);
		uint64_t r;

		FUZZ_ASSERT(access(caller, frame, off & ~7ull, 8, false, &r));
		/* Aff0 picks the vCPU (affinity 0.0.0.n), IRM=1 any: vCPU 0;
		 * a vCPU the partition lacks: vCPU 0. */
		uint64_t aff0 = r & 0xffu;
		uint32_t want = (r & GICD_IROUTER_IRM) != 0 || aff0 >= nr_vcpus
			? 0u : (uint32_t)aff0;

		FUZZ_ASSERT(irq->target == want);
		if (size == 8u)
			FUZZ_ASSERT(r == written);
		break;
	}
	case REG_ITARGETS: {
		uint32_t cpus = (1u << nr_vcpus) - 1u;

		FUZZ_ASSERT(access(caller, frame, off, size, false, &got));
		for (uint32_t b = 0; b < size; b++) {
			uint32_t t = (uint32_t)(got >> (8u * b)) & 0xffu;
			uint32_t w = (uint32_t)(written >> (8u * b)) & 0xffu;
			const struct vgic_irq *irq = irq_of(0, rc->first + b);

			if (irq == NULL)
				continue;
			/* Bits of CPU interfaces the partition lacks are
			 * RAZ/WI (IHI 0048B 4.3.12). */
			FUZZ_ASSERT(t == (w & cpus));
			FUZZ_ASSERT(irq->target ==
				    (t != 0 ? (uint32_t)__builtin_ctz(t) : 0u));
		}
		break;
	}
	case REG_WAKER: {
		uint32_t v = read_back32(caller, frame, off);
		bool ps = (written & GICR_WAKER_PS) != 0;

		FUZZ_ASSERT((v & GICR_WAKER_PS) == (ps ? GICR_WAKER_PS : 0u));
		FUZZ_ASSERT((v & GICR_WAKER_CA) == (ps ? GICR_WAKER_CA : 0u));
		break;
	}
	default:
		break;
	}
}

/* A forwarded interrupt's pending and active state is the physical
 * one's: the guest's set/clear writes leave it alone. */
static void check_hw_untouched(const struct view *before,
			       const struct view *after,
			       const struct reg_class *rc, uint32_t vcpu,
			       uint32_t written)
{
	for (uint32_t b = 0; b < 32u && rc->first + b < NR_IRQS; b++) {
		const struct irq_view *x = irq_in(before, vcpu, rc->first + b);
		const struct irq_view *y = irq_in(after, vcpu, rc->first + b);

		if ((written & (1u << b)) == 0 || !x->hw)
			continue;
		if (rc->field == VGIC_FIELD_PENDING)
			FUZZ_ASSERT(x->pending == y->pending);
		else
			FUZZ_ASSERT(x->active == y->active);
	}
}

static void op_access(struct fuzz_input *in)
{
	struct vgic *g = &part.arch.vgic;
	uint32_t caller = (uint32_t)fuzz_take(in, 1) % nr_vcpus;
	uint32_t how = (uint32_t)fuzz_take(in, 1);
	enum frame frame = g->version == 3 && (how & 1u) != 0 ? FRAME_REDIST
							   : FRAME_DIST;
	uint32_t size = 1u << ((how >> 1) & 3u);
	bool write = (how & 8u) != 0;
	bool aligned = (how & 16u) == 0;
	uint64_t off = fuzz_take(in, 2);
	uint64_t val = write ? fuzz_take(in, size) : 0;
	uint32_t rd_vcpu = 0;
	struct reg_class rc;
	struct view before, after;

	if (frame == FRAME_REDIST) {
		/* One frame pair per vCPU, and one beyond the last; bit 7:
		 * RD_base rather than SGI_base. */
		uint32_t where = (uint32_t)fuzz_take(in, 1);

		rd_vcpu = (where & 0x7fu) % (nr_vcpus + 1u);
		off += (uint64_t)rd_vcpu * GICR_FRAME +
		       ((where & 0x80u) != 0 ? 0u : GICR_SGI);
		off %= (uint64_t)(nr_vcpus + 1u) * GICR_FRAME;
	}
	if (aligned)
		off &= ~(uint64_t)(size - 1u);
	if (frame == FRAME_REDIST) {
		rd_vcpu = (uint32_t)(off / GICR_FRAME);
		rc = v3_redist_class((uint32_t)(off % GICR_FRAME));
	} else {
		rc = g->version == 3 ? v3_dist_class((uint32_t)off)
				     : v2_dist_class((uint32_t)off);
	}

	/* The access is made at an exit: the caller's list registers were
	 * folded in already. */
	cur_cpu = caller;
	vgic_flush(g, vcpu_index_of(caller));
	take_view(&before);
	bool ok = access(caller, frame, off, size, write, &val);
	take_view(&after);

	if (frame == FRAME_REDIST && rd_vcpu >= nr_vcpus)
		FUZZ_ASSERT(!ok);
	if (!ok || !write) {
		/* Refused, or a read: no interrupt changes. A read answers
		 * only the bytes it covers (struct mmio_access). */
		FUZZ_ASSERT(memcmp(&before, &after, sizeof(before)) == 0);
		if (ok && size < 8u)
			FUZZ_ASSERT(val < (1ull << (8u * size)));
		if (ok && rc.kind == REG_RAZ)
			FUZZ_ASSERT(val == 0);
		return;
	}
	if (rc.kind == REG_RAZ || rc.kind == REG_RO) {
		FUZZ_ASSERT(memcmp(&before, &after, sizeof(before)) == 0);
		return;
	}
	check_scope(&before, &after, caller, frame, rd_vcpu);
	if (frame == FRAME_DIST && g->version == 3)
		for (uint32_t c = 0; c < nr_vcpus; c++)
			FUZZ_ASSERT(same_private(&before, &after, c));
	if ((rc.kind == REG_SET || rc.kind == REG_CLEAR) && size == 4u &&
	    (rc.field == VGIC_FIELD_PENDING || rc.field == VGIC_FIELD_ACTIVE))
		check_hw_untouched(&before, &after, &rc,
				   frame == FRAME_REDIST ? rd_vcpu : caller,
				   (uint32_t)val);
	/* Bit registers are read back after whole-register writes only. */
	if (size < 4u && rc.kind != REG_PRIORITY && rc.kind != REG_ITARGETS)
		return;
	check_read_back(&before, &rc, caller, frame, off, size,
			frame == FRAME_REDIST ? rd_vcpu : caller, val);
}

/* ---- the rest of the world ---- */

static uint32_t take_intid(struct fuzz_input *in)
{
	/* Mostly INTIDs the partition has, sometimes beyond. */
	return (uint32_t)fuzz_take(in, 2) % (NR_IRQS + 64u);
}

/* The guest acknowledges, completes or the hardware drops an LR's
 * interrupt, as the virtual CPU interface would (EOImode 0). */
static void op_guest_lr(struct fuzz_input *in)
{
	uint32_t c = (uint32_t)fuzz_take(in, 1) % nr_vcpus;
	uint32_t what = (uint32_t)fuzz_take(in, 1);
	struct vgic_lr *lr = &lrs[c][(what >> 2) % nr_lrs];

	switch (what & 3u) {
	case 0: /* IAR: pending -> active */
		if (lr->pending) {
			lr->pending = false;
			lr->active = true;
		}
		break;
	case 1: /* EOIR: priority drop and deactivation */
		lr->active = false;
		break;
	default: /* acknowledged and completed between two exits */
		lr->pending = false;
		lr->active = false;
		break;
	}
}

static void check_reset(void)
{
	struct vgic *g = &part.arch.vgic;

	FUZZ_ASSERT(g->enabled == part_reset.enabled);
	FUZZ_ASSERT(memcmp(g->spi, part_reset.spi, sizeof(g->spi)) == 0);
	for (uint32_t c = 0; c < MAX_VCPUS; c++) {
		FUZZ_ASSERT(memcmp(g->cpu[c].priv, part_reset.cpu[c].priv,
				   sizeof(g->cpu[c].priv)) == 0);
		FUZZ_ASSERT(g->cpu[c].lrs_in_use == 0 &&
			    g->cpu[c].lr_held_mask == 0 &&
			    g->cpu[c].lr_sw_mask == 0 &&
			    g->cpu[c].lr_eager_mask == 0 && g->cpu[c].asleep);
	}
}

/* Whether physical interrupt pintid, forwarded to vcpu, is still active:
 * it cannot fire again before the guest deactivates the virtual one
 * linked to it (ICH_LR.HW, IHI 0069 4.4.9), so the harness, playing the
 * hardware, injects it only when it is not. A PPI is each CPU's own. */
static bool physically_active(uint32_t vcpu, uint32_t pintid)
{
	struct vgic *g = &part.arch.vgic;
	bool ppi = pintid < NR_PRIVATE;

	for (uint32_t c = 0; c < nr_vcpus; c++) {
		if (ppi && c != vcpu)
			continue;
		for (uint32_t n = 0; n < nr_lrs; n++) {
			const struct vgic_lr *lr = &lrs[c][n];

			if ((lr->pending || lr->active) && lr->hw &&
			    lr->pintid == pintid)
				return true;
		}
		for (uint32_t i = 0; i < NR_PRIVATE; i++)
			if (g->cpu[c].priv[i].hw && g->cpu[c].priv[i].pintid == pintid)
				return true;
	}
	for (uint32_t i = 0; i < NR_IRQS - NR_PRIVATE; i++)
		if (g->spi[i].hw && g->spi[i].pintid == pintid)
			return true;
	return false;
}

static void op_other(struct fuzz_input *in, uint32_t opcode)
{
	struct vgic *g = &part.arch.vgic;
	uint32_t vcpu = (uint32_t)fuzz_take(in, 1) % nr_vcpus;

	switch (opcode) {
	case 0:
		vgic_inject(g, vcpu_index_of(vcpu), intid_of(take_intid(in)),
			    vcpu_index_of((uint32_t)fuzz_take(in,
			    1) % nr_vcpus));
		break;
	case 1: {
		/* A pass-through interrupt keeps its number. */
		uint32_t intid = take_intid(in);

		if (!physically_active(vcpu, intid))
			vgic_inject_hw(g, vcpu_index_of(vcpu), intid_of(intid),
				       intid_of(intid));
		break;
	}
	case 2: {
		uint32_t pick = (uint32_t)fuzz_take(in, 1);
		uint32_t intid = (pick & 1u) != 0 ? PPI_VTIMER : pick % NR_IRQS;

		cur_cpu = vcpu;
		/* GICv2's timer is not linked (arch/arm64/irq.c); GICv3's
		 * never goes this way: its fast path's LR is not held, so an
		 * unlinked instance beside it would be the harness's own
		 * impossible sequence, not the hypervisor's. */
		if ((pick & 2u) != 0 && g->version == 2)
			vgic_inject_local(g, vcpu_index_of(vcpu), intid_of(intid));
		else if (!physically_active(vcpu, intid))
			vgic_inject_hw_local(g, vcpu_index_of(vcpu),
					     intid_of(intid), intid_of(intid));
		break;
	}
	case 3:
		vgic_set_level(&part, intid_of(take_intid(in)), (fuzz_take(in,
			       1) & 1u) != 0);
		break;
	case 4:
	case 5:
		cur_cpu = vcpu;
		vgic_sync_and_flush(g, vcpu_index_of(vcpu));
		break;
	case 6:
		if (g->version == 3)
			vgic_v3_send_sgi(g, vcpu_index_of(vcpu), fuzz_take(in, 8));
		break;
	case 7:
		cur_cpu = vcpu;
		vgic_timer_fast_refresh(g, vcpu_index_of(vcpu));
		break;
	case 8:
		/* Partition restart: the vGIC and every CPU interface. */
		vgic_reset(g);
		memset(lrs, 0, sizeof(lrs));
		check_reset();
		break;
	default:
		op_guest_lr(in);
		break;
	}
}

static void setup(uint8_t config)
{
	uint32_t version = (config & 1u) != 0 ? 2u : 3u;

	nr_vcpus = 1u + ((config >> 1) & 7u);
	nr_lrs = 1u + ((config >> 4) & 0xfu);
	memset(lrs, 0, sizeof(lrs));
	cur_cpu = 0;
	memset(&part, 0, sizeof(part));
	memset(&other, 0, sizeof(other));
	part.vcpu_count = nr_vcpus;
	for (uint32_t i = 0; i < MAX_VCPUS; i++) {
		part.vcpus[i].partition = &part;
		part.vcpus[i].index = vcpu_index_of(i);
		other.vcpus[i].partition = &other;
		other.vcpus[i].index = vcpu_index_of(i);
	}
	other.vcpu_count = MAX_VCPUS;
	vgic_init(&part.arch.vgic, &part, version, nr_vcpus,
		  version == 3 ? &lr_ops_v3 : &lr_ops_v2);
	part.arch.vgic.kick = record_kick;
	if (version == 3)
		part.arch.vgic.timer_publish = record_publish;
	vgic_init(&other.arch.vgic, &other, version, MAX_VCPUS,
		  version == 3 ? &lr_ops_v3 : &lr_ops_v2);
	other_before = other.arch.vgic;
	spare_cpu = part.arch.vgic.cpu[MAX_VCPUS - 1u];
	part_reset = part.arch.vgic;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint32_t steps = 0;

	if (size == 0)
		return 0;
	setup((uint8_t)fuzz_take(&in, 1));
	while (in.left > 0 && steps++ < 4096u) {
		uint32_t opcode = (uint32_t)fuzz_take(&in, 1) % 20u;

		if (opcode < 10u)
			op_access(&in);
		else
			op_other(&in, opcode - 10u);
		check_untouchable();
		check_bookkeeping();
	}
	return 0;
}
