/* SPDX-License-Identifier: MIT */
#include "arch/vgic_arch.h"

#include "arch/gic.h"
#include "arch/arm64/gic/vgic_assert.h"
#include "arch/arm64/gic/vgic_hw.h"
#include "arch/arm64/gic/vgic_regs.h"
#include "arch/stage2.h"
#include "core/panic.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/log.h"
#include "core/vcpu.h"
#include "lib/fmt.h"

#if VGIC_ASSERTS
void vgic_assert_fail(const char *file, int line, uint64_t a, uint64_t b)
{
	panic("vGIC invariant broken at %s:%d (0x%llx, 0x%llx)", file, line,
	      (unsigned long long)a, (unsigned long long)b);
}
#endif

static uint32_t vgic_version;
static uint64_t vgic_gicv_base;
/* BOARD_QUIRK_GIC_VIRQ_UNWIRED on a GICv3 board: HCR_EL2.VI is driven
 * here (vgic_v3_virq.h), the timer fast path is off. */
static bool vgic_virq_by_hcr;

bool vgic_arch_setup(const struct board *b, char *err, uint32_t err_size)
{
	vgic_version = (uint32_t)b->gic_version;
	vgic_virq_by_hcr = vgic_version == BOARD_GIC_V3 &&
			   (b->quirks & BOARD_QUIRK_GIC_VIRQ_UNWIRED) != 0u;
	if (vgic_virq_by_hcr)
		log_line("%s: the GIC's virtual IRQ is not wired to the CPUs: "
			 "the hypervisor raises it (HCR_EL2.VI)", b->name);
	if (vgic_version == BOARD_GIC_V2) {
		if (b->gich.size == 0 || b->gicv.size < VGIC_V2_CPUIF_SIZE) {
			(void)sk_snprintf(err, err_size,
					  "the GICv2 has no virtualization frames (GICH/GICV) in the device tree");
			return false;
		}
		vgic_v2_set_gich((uintptr_t)b->gich.base);
		vgic_gicv_base = b->gicv.base;
	}
	return true;
}

static void vgic_arch_kick(struct partition *p, vcpu_index_t target)
{
	vcpu_kick_irq(&p->vcpus[target.index]);
}

/* Arms (lr) or disarms (NULL) the timer fast path of the CPU that runs
 * the vCPU (arch/arm64/vectors.S reads these fields). */
static void vgic_arch_timer_publish(struct partition *p, vcpu_index_t vcpu,
				    const struct vgic_lr *lr)
{
	struct percpu *pc = &percpu[p->vcpus[vcpu.index].pcpu.index];

	/* On a shared CPU another vCPU may run there now: its fast path is
	 * not this one's to change (a switch re-decides it anyway). */
	if (pc->vcpu != &p->vcpus[vcpu.index])
		return;
	if (lr == NULL) {
		__atomic_store_n(&pc->arch.vtf_on, 0u, __ATOMIC_RELEASE);
		return;
	}
	pc->arch.vtf_held = &p->arch.vgic.cpu[vcpu.index].lr_held_mask;
	pc->arch.vtf_count = &p->vcpus[vcpu.index].exit_stats.fast_irqs;
	pc->arch.vtf_lr = vgic_v3_lr_encode(lr);
	__atomic_store_n(&pc->arch.vtf_on, 1u, __ATOMIC_RELEASE);
}

/*
 * BOARD_QUIRK_GIC_VIRQ_UNWIRED: the timer fast path stays off (the vector
 * would return to the guest without deciding HCR_EL2.VI), and the points
 * where the vGIC decides it (a vCPU entered or switched in on this CPU:
 * vgic_timer_fast_refresh; each flush: vgic_timer_fast_update) re-decide
 * the virtual IRQ instead. So no other board's path gains an instruction.
 */
static void vgic_arch_virq_publish(struct partition *p, vcpu_index_t vcpu,
				   const struct vgic_lr *lr)
{
	(void)lr;
	if (this_cpu()->vcpu == &p->vcpus[vcpu.index])
		vgic_v3_virq_update();
}

bool vgic_arch_partition_init(struct partition *p, char *err,
			      uint32_t err_size)
{
	struct vgic *g = &p->arch.vgic;

	vgic_init(g, p, vgic_version, p->vcpu_count,
		  vgic_virq_by_hcr ? &vgic_v3_virq_lr_ops
		  : vgic_version == BOARD_GIC_V3 ? &vgic_v3_lr_ops : &vgic_v2_lr_ops);
	g->kick = vgic_arch_kick;
	if (vgic_version == BOARD_GIC_V3)
		g->timer_publish = vgic_virq_by_hcr ? vgic_arch_virq_publish
						    : vgic_arch_timer_publish;
	g->dist_base = SK_GUEST_GICD_BASE;
	if (vgic_version == BOARD_GIC_V3) {
		g->redist_base = SK_GUEST_GICR_BASE;
		partition_register_mmio(p, SK_GUEST_GICD_BASE, VGIC_DIST_SIZE,
					vgic_v3_dist_mmio, g, "GICv3 distributor");
		partition_register_mmio(p, SK_GUEST_GICR_BASE,
					(uint64_t)p->vcpu_count * VGIC_V3_REDIST_SIZE,
					vgic_v3_redist_mmio, g,
					"GICv3 redistributors");
		return true;
	}
	partition_register_mmio(p, SK_GUEST_GICD_BASE, VGIC_DIST_SIZE,
				vgic_v2_dist_mmio, g, "GICv2 distributor");
	/* The guest's CPU interface is the hardware's virtual one (GICV). */
	if (pt_map(&p->arch.stage2, SK_GUEST_GICC_BASE, vgic_gicv_base,
		   VGIC_V2_CPUIF_SIZE, stage2_device_attrs()) != PT_OK) {
		(void)sk_snprintf(err, err_size, "%s: cannot map the GICv2 CPU interface",
				  p->cfg->path);
		return false;
	}
	return true;
}

bool vgic_arch_dma_stage2(struct partition *p, char *err, uint32_t err_size)
{
	enum pt_result r;

	if (vgic_version != BOARD_GIC_V2 || p->arch.dma_stage2.root != NULL)
		return true;
	/* The stage 2 never changes after boot (channels, restarts and
	 * set/way emulation only use what is mapped), so the SMMU's copy,
	 * which shares all but the path to GICV, stays equal to it. GICV's
	 * 8 KiB lie in one last-level table (SK_GUEST_GICC_BASE is 64 KiB
	 * aligned). */
	r = pt_copy_hole(&p->arch.stage2, &p->arch.dma_stage2,
			 SK_GUEST_GICC_BASE, VGIC_V2_CPUIF_SIZE);
	if (r != PT_OK) {
		p->arch.dma_stage2.root = NULL;
		(void)sk_snprintf(err, err_size,
				  "%s: no stage-2 pages for the SMMU's tables without the GICv2 CPU interface (error %d)",
				  p->cfg->path, (int)r);
		return false;
	}
	return true;
}

void vgic_arch_cpu_reset(void)
{
	/* A timer interrupt forwarded to the previous run of this vCPU may
	 * still be active, linked to a list register about to be emptied:
	 * end it, or the timer could never fire again on this CPU. */
	gic_clear_active(GIC_PPI_VTIMER);
	if (vgic_version == BOARD_GIC_V3)
		vgic_v3_cpu_reset();
	else
		vgic_v2_cpu_reset();
}

void vgic_arch_save(struct vgic_cpu_state *s)
{
	if (vgic_version == BOARD_GIC_V3)
		vgic_v3_save(s, vgic_virq_by_hcr);
	else
		vgic_v2_save(s);
	/* A timer interrupt forwarded to this vCPU and not yet deactivated
	 * by it keeps the physical PPI active, which would silence the next
	 * vCPU's timer: it is ended here and made active again when this
	 * vCPU's list registers return (the guest's deactivation through the
	 * HW link must find it active). */
	s->vtimer_active = gic_ppi_active(GIC_PPI_VTIMER);
	if (s->vtimer_active)
		gic_clear_active(GIC_PPI_VTIMER);
}

void vgic_arch_restore(const struct vgic_cpu_state *s)
{
	if (s->vtimer_active)
		gic_ppi_set_active(GIC_PPI_VTIMER);
	if (vgic_version == BOARD_GIC_V3)
		vgic_v3_restore(s, vgic_virq_by_hcr);
	else
		vgic_v2_restore(s);
}

bool vgic_arch_lr_pending(void)
{
	return vgic_version == BOARD_GIC_V3 ? vgic_v3_lr_pending()
					    : vgic_v2_lr_pending();
}

void vgic_arch_maintenance(void)
{
	/* The guest acknowledged, enabled or disabled something, or ended
	 * an interrupt: what the interface would signal may have changed. */
	if (vgic_virq_by_hcr)
		vgic_v3_virq_update();
}
