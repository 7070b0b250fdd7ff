/* SPDX-License-Identifier: MIT */
/*
 * GICv3 list registers and virtual CPU interface control, through the
 * ICH_* system registers (IHI 0069, 12.5).
 */
#include "arch/arm64/gic/vgic_hw.h"

#include "arch/arm64/gic/vgic_v3_virq.h"
#include "arch/arm64/sysreg.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/vcpu.h"

/* ICH_LR<n>_EL2 fields (IHI 0069 12.5.11) */
#define ICH_LR_VINTID_MASK   0xffffffffull
#define ICH_LR_PINTID_SHIFT  32
#define ICH_LR_PINTID_MASK   0x1fffull
#define ICH_LR_PRIO_SHIFT    48
#define ICH_LR_GROUP         (1ull << 60)
#define ICH_LR_HW            (1ull << 61)
#define ICH_LR_PENDING       (1ull << 62)
#define ICH_LR_ACTIVE        (1ull << 63)

/* ICH_HCR_EL2 (12.5.5) and ICH_VTR_EL2 (12.5.13) */
#define ICH_HCR_EN           (1ull << 0)
#define ICH_VTR_LISTREGS_MASK 0x1full
#define ICH_VTR_PREBITS_SHIFT 26
#define ICH_VTR_PRIBITS_SHIFT 29
#define ICH_VTR_BITS_MASK    7ull


static uint64_t v3_lr_get(uint32_t n)
{
	switch (n) {
	case 0: return sysreg_read(S3_4_C12_C12_0);
	case 1: return sysreg_read(S3_4_C12_C12_1);
	case 2: return sysreg_read(S3_4_C12_C12_2);
	case 3: return sysreg_read(S3_4_C12_C12_3);
	case 4: return sysreg_read(S3_4_C12_C12_4);
	case 5: return sysreg_read(S3_4_C12_C12_5);
	case 6: return sysreg_read(S3_4_C12_C12_6);
	case 7: return sysreg_read(S3_4_C12_C12_7);
	case 8: return sysreg_read(S3_4_C12_C13_0);
	case 9: return sysreg_read(S3_4_C12_C13_1);
	case 10: return sysreg_read(S3_4_C12_C13_2);
	case 11: return sysreg_read(S3_4_C12_C13_3);
	case 12: return sysreg_read(S3_4_C12_C13_4);
	case 13: return sysreg_read(S3_4_C12_C13_5);
	case 14: return sysreg_read(S3_4_C12_C13_6);
	case 15: return sysreg_read(S3_4_C12_C13_7);
	default: return 0;
	}
}

static void v3_lr_set(uint32_t n, uint64_t v)
{
	switch (n) {
	case 0: sysreg_write(S3_4_C12_C12_0, v); break;
	case 1: sysreg_write(S3_4_C12_C12_1, v); break;
	case 2: sysreg_write(S3_4_C12_C12_2, v); break;
	case 3: sysreg_write(S3_4_C12_C12_3, v); break;
	case 4: sysreg_write(S3_4_C12_C12_4, v); break;
	case 5: sysreg_write(S3_4_C12_C12_5, v); break;
	case 6: sysreg_write(S3_4_C12_C12_6, v); break;
	case 7: sysreg_write(S3_4_C12_C12_7, v); break;
	case 8: sysreg_write(S3_4_C12_C13_0, v); break;
	case 9: sysreg_write(S3_4_C12_C13_1, v); break;
	case 10: sysreg_write(S3_4_C12_C13_2, v); break;
	case 11: sysreg_write(S3_4_C12_C13_3, v); break;
	case 12: sysreg_write(S3_4_C12_C13_4, v); break;
	case 13: sysreg_write(S3_4_C12_C13_5, v); break;
	case 14: sysreg_write(S3_4_C12_C13_6, v); break;
	case 15: sysreg_write(S3_4_C12_C13_7, v); break;
	default: break;
	}
}

static uint32_t v3_lr_count(void)
{
	return (uint32_t)(sysreg_read(S3_4_C12_C11_1) & ICH_VTR_LISTREGS_MASK) + 1u;
}

static void v3_lr_decode(uint64_t v, struct vgic_lr *lr)
{
	lr->intid = (uint32_t)(v & ICH_LR_VINTID_MASK);
	lr->pintid = (uint32_t)((v >> ICH_LR_PINTID_SHIFT) & ICH_LR_PINTID_MASK);
	lr->priority = (uint8_t)(v >> ICH_LR_PRIO_SHIFT);
	lr->pending = (v & ICH_LR_PENDING) != 0;
	lr->active = (v & ICH_LR_ACTIVE) != 0;
	lr->hw = (v & ICH_LR_HW) != 0;
	lr->group1 = (v & ICH_LR_GROUP) != 0;
}

static void v3_lr_read(uint32_t n, struct vgic_lr *lr)
{
	v3_lr_decode(v3_lr_get(n), lr);
}

uint64_t vgic_v3_lr_encode(const struct vgic_lr *lr)
{
	uint64_t v = 0;

	if (lr->pending || lr->active) {
		v = lr->intid | ((uint64_t)lr->priority << ICH_LR_PRIO_SHIFT);
		if (lr->hw)
			v |= ICH_LR_HW | ((uint64_t)(lr->pintid & ICH_LR_PINTID_MASK)
					  << ICH_LR_PINTID_SHIFT);
		if (lr->group1)
			v |= ICH_LR_GROUP;
		if (lr->pending)
			v |= ICH_LR_PENDING;
		if (lr->active)
			v |= ICH_LR_ACTIVE;
	}
	return v;
}

static void v3_lr_write(uint32_t n, const struct vgic_lr *lr)
{
	v3_lr_set(n, vgic_v3_lr_encode(lr));
}

/* ICH_ELRSR_EL2 (IHI 0069 12.5.9): bit n set when LR n holds nothing. */
static uint32_t v3_lr_empty_mask(void)
{
	return (uint32_t)sysreg_read(S3_4_C12_C11_5);
}

static void v3_set_underflow(bool on)
{
	uint64_t hcr = sysreg_read(S3_4_C12_C11_0);

	hcr = on ? hcr | ICH_HCR_UIE : hcr & ~ICH_HCR_UIE;
	sysreg_write(S3_4_C12_C11_0, hcr);
}

const struct vgic_lr_ops vgic_v3_lr_ops = {
	.count = v3_lr_count,
	.read = v3_lr_read,
	.write = v3_lr_write,
	.set_underflow = v3_set_underflow,
	.empty_mask = v3_lr_empty_mask,
};

/* ICH_VTR_EL2.PREbits (IHI 0069 12.5.13): 5, 6 or 7 priority bits mean
 * 1, 2 or 4 active-priority registers per group. Reading one that is not
 * implemented is UNDEFINED. */
static uint32_t v3_pre_bits(void)
{
	return (uint32_t)((sysreg_read(S3_4_C12_C11_1) >> ICH_VTR_PREBITS_SHIFT) &
			  ICH_VTR_BITS_MASK) + 1u;
}

static uint32_t v3_apr_count(void)
{
	uint32_t pre = v3_pre_bits();

	return pre >= 7u ? 4u : pre == 6u ? 2u : 1u;
}

static uint32_t v3_apr_get(uint32_t group, uint32_t n)
{
	switch (group * 4u + n) {
	case 0: return (uint32_t)sysreg_read(S3_4_C12_C8_0);
	case 1: return (uint32_t)sysreg_read(S3_4_C12_C8_1);
	case 2: return (uint32_t)sysreg_read(S3_4_C12_C8_2);
	case 3: return (uint32_t)sysreg_read(S3_4_C12_C8_3);
	case 4: return (uint32_t)sysreg_read(S3_4_C12_C9_0);
	case 5: return (uint32_t)sysreg_read(S3_4_C12_C9_1);
	case 6: return (uint32_t)sysreg_read(S3_4_C12_C9_2);
	case 7: return (uint32_t)sysreg_read(S3_4_C12_C9_3);
	default: return 0;
	}
}

static void v3_apr_set(uint32_t group, uint32_t n, uint32_t v)
{
	switch (group * 4u + n) {
	case 0: sysreg_write(S3_4_C12_C8_0, v); break;
	case 1: sysreg_write(S3_4_C12_C8_1, v); break;
	case 2: sysreg_write(S3_4_C12_C8_2, v); break;
	case 3: sysreg_write(S3_4_C12_C8_3, v); break;
	case 4: sysreg_write(S3_4_C12_C9_0, v); break;
	case 5: sysreg_write(S3_4_C12_C9_1, v); break;
	case 6: sysreg_write(S3_4_C12_C9_2, v); break;
	case 7: sysreg_write(S3_4_C12_C9_3, v); break;
	default: break;
	}
}

/* Empty: every list register, every implemented active-priority
 * register of both groups (v3_apr_count), VMCR; the interface enabled. */
void vgic_v3_cpu_reset(void)
{
	uint32_t n = v3_lr_count();
	uint32_t aprs = v3_apr_count();

	for (uint32_t i = 0; i < n; i++)
		v3_lr_set(i, 0);
	for (uint32_t i = 0; i < aprs; i++) {
		v3_apr_set(0, i, 0);
		v3_apr_set(1, i, 0);
	}
	sysreg_write(S3_4_C12_C11_7, 0);      /* ICH_VMCR_EL2 */
	sysreg_write(S3_4_C12_C11_0, ICH_HCR_EN);
	isb();
}

/* A vCPU leaving or entering a shared CPU: the whole virtual CPU
 * interface (IHI 0069 12.5: ICH_HCR, ICH_VMCR, ICH_AP0R/AP1R, ICH_LR). */
void vgic_v3_save(struct vgic_cpu_state *s, bool every_lr)
{
	uint32_t n = v3_lr_count();
	uint32_t aprs = v3_apr_count();
	uint32_t live = every_lr ? ~0u : ~v3_lr_empty_mask();

	s->hcr = sysreg_read(S3_4_C12_C11_0);
	s->vmcr = sysreg_read(S3_4_C12_C11_7);
	for (uint32_t i = 0; i < aprs; i++) {
		s->apr0[i] = v3_apr_get(0, i);
		s->apr1[i] = v3_apr_get(1, i);
	}
	/* Only the list registers in use are read: an empty one (ICH_ELRSR_EL2,
	 * IHI 0069H 12.5.9) is saved as 0, which is empty too and which every
	 * reader of the state takes the same way (not pending, not active). */
	for (uint32_t i = 0; i < n && i < VGIC_MAX_LRS; i++)
		s->lr[i] = (live & (1u << i)) != 0u ? v3_lr_get(i) : 0u;
}

void vgic_v3_restore(const struct vgic_cpu_state *s, bool every_lr)
{
	uint32_t n = v3_lr_count();
	uint32_t aprs = v3_apr_count();
	uint32_t busy = every_lr ? ~0u : ~v3_lr_empty_mask();

	/* A vCPU switch writes only the list registers that differ from
	 * empty on either side: what the outgoing vCPU left in use is
	 * cleared, what the incoming one had is put back; a register empty
	 * on both sides is left as it is (empty: it signals nothing, and
	 * the vGIC reads only the state bits of a register it holds). */
	for (uint32_t i = 0; i < n && i < VGIC_MAX_LRS; i++) {
		if (s->lr[i] != 0u || (busy & (1u << i)) != 0u)
			v3_lr_set(i, s->lr[i]);
	}
	for (uint32_t i = 0; i < aprs; i++) {
		v3_apr_set(0, i, s->apr0[i]);
		v3_apr_set(1, i, s->apr1[i]);
	}
	sysreg_write(S3_4_C12_C11_7, s->vmcr);
	sysreg_write(S3_4_C12_C11_0, s->hcr);
	isb();
}

bool vgic_v3_lr_pending(void)
{
	uint32_t n = v3_lr_count();

	for (uint32_t i = 0; i < n && i < VGIC_MAX_LRS; i++) {
		if ((v3_lr_get(i) & ICH_LR_PENDING) != 0)
			return true;
	}
	return false;
}

/*
 * BOARD_QUIRK_GIC_VIRQ_UNWIRED (vgic_v3_virq.h): HCR_EL2.VI/VF follow what
 * the virtual CPU interface of this CPU would signal, re-decided after
 * every list register write and underflow change (these ops), when a vCPU
 * is entered or switched in and at each maintenance interrupt
 * (vgic_arch.c). The underflow interrupt the vGIC asks for itself (LRs
 * overflowing, vgic.c: struct vgic_cpu.underflow) is kept beside the one
 * this adds.
 */
static bool virq_vgic_underflow(void)
{
	const struct vcpu *v = this_cpu()->vcpu;

	return v != NULL &&
	       v->partition->arch.vgic.cpu[v->index.index].underflow;
}

static void v3_cpuif_read(struct vgic_v3_cpuif *s)
{
	uint64_t vtr = sysreg_read(S3_4_C12_C11_1);

	s->lr_count = v3_lr_count();
	for (uint32_t i = 0; i < s->lr_count && i < VGIC_MAX_LRS; i++)
		s->lr[i] = v3_lr_get(i);
	s->vmcr = sysreg_read(S3_4_C12_C11_7);
	s->apr_count = v3_apr_count();
	for (uint32_t i = 0; i < s->apr_count; i++) {
		s->apr0[i] = v3_apr_get(0, i);
		s->apr1[i] = v3_apr_get(1, i);
	}
	s->pre_bits = v3_pre_bits();
	s->pri_bits = (uint32_t)((vtr >> ICH_VTR_PRIBITS_SHIFT) & ICH_VTR_BITS_MASK) + 1u;
}

static void v3_virq_apply(bool vgic_underflow)
{
	struct vgic_v3_cpuif s;
	struct vgic_v3_virq d;
	uint64_t hcr;
	uint64_t ich;

	v3_cpuif_read(&s);
	vgic_v3_virq_decide(&s, &d);
	if (vgic_underflow)
		d.maint |= ICH_HCR_UIE;
	ich = sysreg_read(S3_4_C12_C11_0);
	sysreg_write(S3_4_C12_C11_0, (ich & ~VGIC_V3_VIRQ_MAINT) | d.maint);
	hcr = sysreg_read(hcr_el2) & ~(HCR_EL2_VI | HCR_EL2_VF);
	if (d.irq)
		hcr |= HCR_EL2_VI;
	if (d.fiq)
		hcr |= HCR_EL2_VF;
	sysreg_write(hcr_el2, hcr);
	isb();
}

void vgic_v3_virq_update(void)
{
	v3_virq_apply(virq_vgic_underflow());
}

/* At most VGIC_V3_VIRQ_LRS LRs, so that the guest's EOI of an interrupt
 * blocking a pending one is an underflow (vgic_v3_virq.h). */
static uint32_t v3_virq_lr_count(void)
{
	uint32_t n = v3_lr_count();

	return n < VGIC_V3_VIRQ_LRS ? n : VGIC_V3_VIRQ_LRS;
}

static void v3_virq_lr_write(uint32_t n, const struct vgic_lr *lr)
{
	v3_lr_set(n, vgic_v3_virq_lr_hide(vgic_v3_lr_encode(lr)));
	vgic_v3_virq_update();
}

/* A hidden pending state (vgic_v3_virq_lr_hide) is reported, and written
 * back as pending once the guest has ended the active one. */
static void v3_virq_lr_read(uint32_t n, struct vgic_lr *lr)
{
	bool rewrite;
	uint64_t v = vgic_v3_virq_lr_unhide(v3_lr_get(n), &rewrite);

	if (rewrite) {
		v3_lr_set(n, v);
		vgic_v3_virq_update();
	}
	v3_lr_decode(v, lr);
}

/* An ended LR with a hidden pending state is not empty. */
static uint32_t v3_virq_lr_empty_mask(void)
{
	uint32_t empty = v3_lr_empty_mask();
	uint32_t n = v3_virq_lr_count();

	for (uint32_t i = 0; i < n; i++) {
		if (vgic_v3_virq_lr_hidden(v3_lr_get(i)))
			empty &= ~(1u << i);
	}
	return empty;
}

/* Called before the vGIC records its new wish (vgic_flush_overflow). */
static void v3_virq_set_underflow(bool on)
{
	v3_virq_apply(on);
}

const struct vgic_lr_ops vgic_v3_virq_lr_ops = {
	.count = v3_virq_lr_count,
	.read = v3_virq_lr_read,
	.write = v3_virq_lr_write,
	.set_underflow = v3_virq_set_underflow,
	.empty_mask = v3_virq_lr_empty_mask,
	.read_back_every_exit = true,
};
