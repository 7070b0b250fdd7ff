/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupts taken at EL2 (HCR_EL2.IMO routes them here while a
 * guest runs). Until guests receive virtual interrupts, the only one with a
 * meaning is the halt SGI; any other source is reported once and disabled
 * so it cannot storm.
 */
#include <stdint.h>

#include "arch/arm64/gic/gic.h"
#include "arch/arm64/trap_frame.h"
#include "core/log.h"
#include "core/panic.h"

/* GICv2 IAR carries the source CPU above the interrupt number. */
#define IRQ_INTID_MASK 0x3ffu

void irq_handle(struct trap_frame *f, uint64_t kind);

void irq_handle(struct trap_frame *f, uint64_t kind)
{
	uint32_t raw = gic_ack();
	uint32_t intid = raw & IRQ_INTID_MASK;

	(void)f;
	(void)kind;
	if (intid >= GIC_INTID_SPECIAL)
		return; /* spurious */
	if (intid == GIC_SGI_HALT) {
		gic_eoi(raw);
		cpu_halt_self();
	}
	gic_disable(intid);
	gic_eoi(raw);
	log_line("unexpected interrupt %u disabled", intid);
}
