// SPDX-License-Identifier: MIT
/*
 * virq: the guest's EOI that makes a pending interrupt deliverable, with no
 * exit after it. On a board whose GIC does not signal virtual interrupts
 * itself (imx8mp-evk on QEMU 10.0.2, BOARD_QUIRK_GIC_VIRQ_UNWIRED), only a
 * maintenance interrupt tells the hypervisor to raise the virtual IRQ then
 * (hypervisor/arch/arm64/gic/vgic_v3_virq.h). Two cases, interrupts masked
 * (PSTATE.I), GICv3:
 *   - SGI 1 acknowledged, SGIs 2 and 3 sent (pending behind its priority),
 *     SGI 1 ended: the virtual IRQ must rise (an active and two pending list
 *     registers left two pending ones and no underflow: a Linux boot hang);
 *   - SGI 4 acknowledged and sent again (pending and active), ended.
 * Each case watches ISR_EL1.I (the virtual IRQ as the CPU sees it, read
 * without an exit), then takes every SGI, and prints what it saw. Then it
 * beats like heartbeat.
 */
#include "console.h"
#include "guest.h"
#include "irq.h"

/* ISR_EL1.I (Arm ARM D19.2.73): an IRQ, virtual one included, pending. */
#define ISR_I            (1ull << 7)
/* Reads of ISR_EL1 without an exit; the maintenance interrupt that raises
 * the virtual IRQ comes within a few instructions of the EOI. */
#define VIRQ_SPINS       200000u
#define VIRQ_MAX_TAKEN   8u

static bool virq_seen(void)
{
	for (uint32_t i = 0; i < VIRQ_SPINS; i++) {
		uint64_t isr;

		__asm__ volatile("mrs %0, isr_el1" : "=r"(isr));
		if ((isr & ISR_I) != 0u)
			return true;
	}
	return false;
}

static void eoi(uint32_t iar)
{
	__asm__ volatile("msr s3_0_c12_c12_1, %0\n\tisb" : : "r"((uint64_t)iar)); /* ICC_EOIR1_EL1 */
}

/* Takes (acknowledges and ends) every interrupt the virtual IRQ brings;
 * returns a mask of the SGIs taken, bit 31 if one came twice. */
static uint32_t take_all(void)
{
	uint32_t mask = 0;

	for (uint32_t n = 0; n < VIRQ_MAX_TAKEN && virq_seen(); n++) {
		uint32_t iar = guest_irq_ack();

		if (iar >= GUEST_INTID_SPURIOUS)
			continue;
		if (iar < GUEST_INTID_SGI_COUNT)
			mask |= (mask & (1u << iar)) != 0u ? 1u << 31 : 1u << iar;
		eoi(iar);
	}
	return mask;
}

static void report(const char *what, bool seen, uint32_t taken)
{
	guest_printf("virq: %s: virtual IRQ %s after the EOI, SGIs taken 0x%x\n",
		     what, seen ? "raised" : "NOT raised", taken);
}

int main(uint64_t dtb)
{
	struct guest_beat beat;

	guest_hello(dtb);
	if (guest_irq_init() != 3u) {
		guest_printf("virq: needs a GICv3\n");
	} else {
		bool seen;
		uint32_t iar;

		guest_irq_send_sgi_self(1);
		iar = guest_irq_ack();
		guest_irq_send_sgi_self(2);
		guest_irq_send_sgi_self(3);
		eoi(iar);
		seen = virq_seen();
		report("active 1, pending 2 and 3", seen && iar == 1u, take_all());

		guest_irq_send_sgi_self(4);
		iar = guest_irq_ack();
		guest_irq_send_sgi_self(4);
		eoi(iar);
		seen = virq_seen();
		report("4 pending and active", seen && iar == 4u, take_all());
	}
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
