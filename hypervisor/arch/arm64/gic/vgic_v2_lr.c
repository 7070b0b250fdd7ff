/* SPDX-License-Identifier: MIT */
/*
 * GICv2 list registers and virtual interface control, through the GICH
 * frame (IHI 0048B, 5.3 "GIC virtual interface control registers").
 */
#include "arch/arm64/gic/vgic_hw.h"

#include "arch/mmio.h"

#define GICH_HCR          0x000u
#define GICH_VTR          0x004u
#define GICH_VMCR         0x008u
#define GICH_APR          0x0f0u
#define GICH_LR(n)        (0x100u + 4u * (n))
#define GICH_HCR_EN       (1u << 0)
#define GICH_HCR_UIE      (1u << 1)
#define GICH_VTR_LISTREGS_MASK 0x3fu

/* GICH_LRn (IHI 0048B 5.3.9) */
#define GICH_LR_VID_MASK    0x3ffu
#define GICH_LR_PID_SHIFT   10
#define GICH_LR_PID_MASK    0x3ffu
#define GICH_LR_CPUID_MASK  0x7u
#define GICH_LR_PRIO_SHIFT  23 /* 5 bits: priority[7:3] */
#define GICH_LR_PENDING     (1u << 28)
#define GICH_LR_ACTIVE      (1u << 29)
#define GICH_LR_GRP1        (1u << 30)
#define GICH_LR_HW          (1u << 31)

static uintptr_t gich;

static uint32_t v2_lr_count(void)
{
	return (mmio_read32(gich + GICH_VTR) & GICH_VTR_LISTREGS_MASK) + 1u;
}

static void v2_lr_read(uint32_t n, struct vgic_lr *lr)
{
	uint32_t v = mmio_read32(gich + GICH_LR(n));

	lr->intid = v & GICH_LR_VID_MASK;
	lr->hw = (v & GICH_LR_HW) != 0;
	lr->pintid = (v >> GICH_LR_PID_SHIFT) &
		     (lr->hw ? GICH_LR_PID_MASK : GICH_LR_CPUID_MASK);
	lr->priority = (uint8_t)(((v >> GICH_LR_PRIO_SHIFT) & 0x1fu) << 3);
	lr->pending = (v & GICH_LR_PENDING) != 0;
	lr->active = (v & GICH_LR_ACTIVE) != 0;
	lr->group1 = (v & GICH_LR_GRP1) != 0;
}

static void v2_lr_write(uint32_t n, const struct vgic_lr *lr)
{
	uint32_t v = 0;

	if (lr->pending || lr->active) {
		v = (lr->intid & GICH_LR_VID_MASK) |
		    ((uint32_t)(lr->priority >> 3) << GICH_LR_PRIO_SHIFT);
		if (lr->hw)
			v |= GICH_LR_HW |
			     ((lr->pintid & GICH_LR_PID_MASK) << GICH_LR_PID_SHIFT);
		else
			v |= (lr->pintid & GICH_LR_CPUID_MASK) << GICH_LR_PID_SHIFT;
		if (lr->group1)
			v |= GICH_LR_GRP1;
		if (lr->pending)
			v |= GICH_LR_PENDING;
		if (lr->active)
			v |= GICH_LR_ACTIVE;
	}
	mmio_write32(gich + GICH_LR(n), v);
}

static void v2_set_underflow(bool on)
{
	uint32_t hcr = mmio_read32(gich + GICH_HCR);

	mmio_write32(gich + GICH_HCR, on ? hcr | GICH_HCR_UIE : hcr & ~GICH_HCR_UIE);
}

const struct vgic_lr_ops vgic_v2_lr_ops = {
	.count = v2_lr_count,
	.read = v2_lr_read,
	.write = v2_lr_write,
	.set_underflow = v2_set_underflow,
};

void vgic_v2_set_gich(uintptr_t base)
{
	gich = base;
}

void vgic_v2_cpu_reset(void)
{
	uint32_t n = v2_lr_count();

	for (uint32_t i = 0; i < n; i++)
		mmio_write32(gich + GICH_LR(i), 0);
	mmio_write32(gich + GICH_VMCR, 0);
	mmio_write32(gich + GICH_APR, 0);
	mmio_write32(gich + GICH_HCR, GICH_HCR_EN);
}

/* A vCPU leaving or entering a shared CPU: the whole virtual CPU
 * interface (IHI 0048B 5.3: HCR, VMCR, APR, LRs). */
void vgic_v2_save(struct vgic_cpu_state *s)
{
	uint32_t n = v2_lr_count();

	s->hcr = mmio_read32(gich + GICH_HCR);
	s->vmcr = mmio_read32(gich + GICH_VMCR);
	s->apr1[0] = mmio_read32(gich + GICH_APR);
	for (uint32_t i = 0; i < n && i < VGIC_MAX_LRS; i++)
		s->lr[i] = mmio_read32(gich + GICH_LR(i));
}

void vgic_v2_restore(const struct vgic_cpu_state *s)
{
	uint32_t n = v2_lr_count();

	for (uint32_t i = 0; i < n && i < VGIC_MAX_LRS; i++)
		mmio_write32(gich + GICH_LR(i), (uint32_t)s->lr[i]);
	mmio_write32(gich + GICH_APR, s->apr1[0]);
	mmio_write32(gich + GICH_VMCR, (uint32_t)s->vmcr);
	mmio_write32(gich + GICH_HCR, (uint32_t)s->hcr);
}

bool vgic_v2_lr_pending(void)
{
	uint32_t n = v2_lr_count();

	for (uint32_t i = 0; i < n && i < VGIC_MAX_LRS; i++) {
		if ((mmio_read32(gich + GICH_LR(i)) & GICH_LR_PENDING) != 0)
			return true;
	}
	return false;
}
