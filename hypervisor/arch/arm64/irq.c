/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts taken at EL2 (HCR_EL2.IMO routes them here while a
 * guest runs; an idle CPU takes them in its park loop). With EOImode 1 the
 * priority drop (eoi) and the deactivation are separate: interrupts the
 * hypervisor consumes are deactivated here, the virtual timer is handed to
 * the guest still active and is deactivated by the guest through the list
 * register's HW link (IHI 0069 4.1.1, 6.2.1).
 */
#include <stddef.h>
#include <stdint.h>

#include "arch/asm_offsets.h"
#include "arch/arm64/sysreg.h"
#include "arch/cpu.h"
#include "arch/gic.h"
#include "arch/trap_frame.h"
#include "core/console.h"
#include "core/dma_fault.h"
#include "core/lifecycle.h"
#include "core/log.h"
#include "core/panic.h"
#include "core/partition.h"
#include "core/percpu.h"
#include "core/sched_arch.h"
#include "core/vcpu.h"
#include "core/vcpu_arch.h"
#include "core/vcpu_entry.h"

/* GICv2 IAR carries the source CPU above the interrupt number. */
#define IRQ_INTID_MASK 0x3ffu

void irq_handle(struct trap_frame *f, uint64_t kind);

static bool irq_from_guest(uint64_t kind)
{
	return kind >= VEC_LOW64_SYNC;
}

/*
 * GICv2: the timer is not linked to its list register (HW bit). A guest
 * deactivating a linked interrupt deactivates the physical one too (IHI
 * 0048B 5.3, GICH_LRn.HW), and when the timer's line is still asserted
 * then (the guest's handler armed a deadline already past, as the RTOS
 * demo does when two of its events fall together) the distributor must
 * signal it again. QEMU's GICv2 model does not (hw/intc/arm_gic.c, QEMU
 * 10.0: gic_clear_active clears the physical active bit, and a write to
 * the virtual CPU interface re-evaluates only that interface,
 * gic_update_virt): PPI 27 stays pending, enabled, inactive and
 * unsignalled (GICC_HPPIR 1023) until something else touches the GIC, so a
 * real-time vCPU waited for its timer for ever on a CPU it shared
 * (docs/scheduling.md). Instead, as Xen does on Arm, the timer's output is
 * masked (CNTV_CTL_EL0.IMASK, which the guest clears when it arms the timer
 * again: Arm ARM D13.8), the physical interrupt ends here, and the guest
 * gets a virtual interrupt of its own. An expired timer the guest arms
 * again then raises the line afresh, which the model does signal.
 */
static void irq_forward_vtimer_unlinked(struct vcpu *v, uint32_t raw)
{
	sysreg_write(cntv_ctl_el0, sysreg_read(cntv_ctl_el0) | CNT_CTL_IMASK);
	isb();
	gic_deactivate(raw);
	vgic_inject_local(&v->partition->arch.vgic, v->index,
			  intid_of(VGIC_PPI_VTIMER));
}

/* The virtual timer of the vCPU on this CPU fired: forward it. */
static bool irq_forward_vtimer(struct vcpu *v, uint32_t raw)
{
	if (v == NULL || __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON)
		return false;
	gic_eoi(raw);
	if (gic_active_version() == BOARD_GIC_V2) {
		irq_forward_vtimer_unlinked(v, raw);
		return true;
	}
	vgic_inject_hw_local(&v->partition->arch.vgic, v->index,
			     intid_of(VGIC_PPI_VTIMER),
			     intid_of(GIC_PPI_VTIMER));
	return true;
}

/* The EL2 timer of a CPU running partitions' vCPU 0: their watchdogs
 * (core/lifecycle_watchdog.c). v: the vCPU that was running (NULL: idle). */
static void irq_hyp_timer(struct vcpu *v)
{
	struct percpu *pc = this_cpu();
	uint64_t hold = pc->console_hold_deadline;

	arch_hyp_timer_stop();
	watchdog_check_cpu(pcpu_of(pc->id), v);
	if (hold != 0 && arch_counter() >= hold) {
		pc->console_hold_deadline = 0;
		console_hold_expire();
	}
	watchdog_arch_timer_update();
}

/* A pass-through device's interrupt: dropped here, ended by the guest.
 * One whose partition stopped is released (partition.c), not just
 * deactivated: a level interrupt still asserted would fire again at once,
 * forever, on this CPU. */
static bool irq_forward_device(uint32_t intid, uint32_t raw)
{
	struct partition *p = partition_owner_of_irq(intid);

	if (p == NULL)
		return false;
	gic_eoi(raw);
	if (partition_device_irq_deliverable(p, intid))
		vgic_inject_hw(&p->arch.vgic, vcpu_index_of(0), intid_of(intid),
			       intid_of(intid));
	return true;
}

_Static_assert(offsetof(struct percpu, arch.vtf_on) == PERCPU_VTF_ON, "vtf_on");
_Static_assert(offsetof(struct percpu, arch.vtf_lr) == PERCPU_VTF_LR, "vtf_lr");
_Static_assert(offsetof(struct percpu, arch.vtf_held) == PERCPU_VTF_HELD, "vtf_held");
_Static_assert(offsetof(struct percpu, arch.preacked) == PERCPU_PREACKED, "preacked");
_Static_assert(offsetof(struct percpu, arch.vtf_count) == PERCPU_VTF_COUNT, "vtf_count");

/* The interrupt to handle: acknowledged here, or already by the vector's
 * timer fast path when it was not the timer (or found no free LR). */
static uint32_t irq_acknowledge(struct percpu *pc)
{
	uint32_t pre;

	if (pc == NULL || (pc->arch.preacked & PREACKED_VALID) == 0)
		return gic_ack();
	pre = pc->arch.preacked & ~(uint32_t)PREACKED_VALID;
	pc->arch.preacked = 0;
	return pre;
}

/* An interrupt the hypervisor consumes itself: ended and deactivated
 * here, then acted on. v: the vCPU that was running (NULL: idle). */
static inline void irq_handle_own(const struct percpu *pc, struct vcpu *v,
				  uint32_t intid, uint32_t raw)
{
	gic_eoi(raw);
	gic_deactivate(raw);
	switch (intid) {
	case GIC_SGI_HALT:
		cpu_halt_self();
	case GIC_SGI_KICK:
	case GIC_PPI_MAINTENANCE:
		break; /* the work is done below */
	case GIC_PPI_HYP_TIMER:
		irq_hyp_timer(v);
		break;
	case GIC_PPI_SCHED_TIMER:
		sched_timer_fired();
		break;
	default:
		if (intid == console_rx_interrupt()) {
			console_input_poll();
			partition_console_deliver();
			break;
		}
		if (dma_fault_irq(intid, v))
			break;
		gic_disable(intid);
		log_line("CPU%u: unexpected interrupt %u disabled",
			 pc != NULL ? pc->id : 0u, intid);
		break;
	}
}

/* Back to the interrupted guest through the one before-entry path, or an
 * idle CPU rechecks whether it has work. */
static inline void irq_resume(struct vcpu *v, uint64_t kind)
{
	if (irq_from_guest(kind) && v != NULL) {
		VCPU_EXIT_STAT_INC(v, exits);
		VCPU_EXIT_STAT_INC(v, exits_irq);
		vcpu_before_entry(v, VCPU_ENTRY_AFTER_EXIT);
	}
	else
		vcpu_idle_kick(v);
}

void irq_handle(struct trap_frame *f, uint64_t kind)
{
	struct percpu *pc = this_cpu();
	uint32_t raw = irq_acknowledge(pc);
	uint32_t intid = raw & IRQ_INTID_MASK;
	struct vcpu *v = pc != NULL ? pc->vcpu : NULL;

	(void)f;
	if (intid >= GIC_INTID_SPECIAL_FIRST)
		return; /* spurious */
	/* On a shared CPU any interrupt but the running vCPU's own timer may
	 * change who runs next. */
	if (pc != NULL && (intid != GIC_PPI_VTIMER || v == NULL))
		sched_poke(pc->id);
	if (intid == GIC_PPI_VTIMER && irq_forward_vtimer(v, raw)) {
		/* deactivated by the guest */
	} else if (irq_forward_device(intid, raw)) {
		/* deactivated by the guest */
	} else {
		irq_handle_own(pc, v, intid, raw);
	}
	irq_resume(v, kind);
}
