/* SPDX-License-Identifier: MIT */
/*
 * Interrupts for the test guests: just enough of a GIC driver (v2 or v3,
 * found from GICD_PIDR2) to sleep in WFI until a virtual-timer deadline,
 * and to notice interrupts nobody asked for.
 *
 * Sleeping instead of spinning matters twice: under `-icount` a spinning
 * vCPU eats the instructions that make virtual time, starving the other
 * partitions' CPUs of emulation; and a guest that takes real interrupts
 * exercises the vGIC and the forwarded timer the way an OS does.
 */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "guest.h"

/* INTIDs (GIC architecture, IHI 0069 2.2). */
#define GUEST_INTID_SGI_COUNT 16u
#define GUEST_INTID_VTIMER    27u  /* EL1 virtual timer PPI */
#define GUEST_INTID_SPURIOUS  1023u

/*
 * Finds the GIC version, enables the distributor, this vCPU's interface,
 * the virtual timer PPI and every SGI (so an SGI leaking in from another
 * partition would be seen and reported). Returns the version (2 or 3),
 * or 0 when no GIC answered like one: the guest then sleeps by polling.
 */
uint32_t guest_irq_init(void);
/* The GIC version (2 or 3, 0 if none answered), touching nothing. */
uint32_t guest_gic_detect(void);
uint32_t guest_gic_version(void);

/* Sleeps until the virtual counter reaches deadline (WFI when a GIC is
 * up, polling otherwise). Interrupts are only taken inside this call. */
void guest_sleep_until(uint64_t deadline);

/* The virtual timer: fire at counter value deadline (the IRQ handler
 * masks it when it fires), or not at all. */
void guest_timer_arm(uint64_t deadline);
void guest_timer_disarm(void);
/* Virtual-timer interrupts taken so far. */
uint32_t guest_irq_timer_count(void);

/* Acknowledges the highest-priority pending interrupt by hand (its IAR
 * value, GUEST_INTID_SPURIOUS without a GIC); the caller decides whether
 * it is ever ended. */
uint32_t guest_irq_ack(void);

/* Sends SGI intid to this vCPU (a test of the unexpected-interrupt
 * report: nothing else sends this guest SGIs). */
void guest_irq_send_sgi_self(uint32_t intid);

/* A guest with its own interrupt handling (the RTOS): every interrupt is
 * acknowledged, given to fn, ended (EOI), and then `after` runs (NULL:
 * nothing), where a kernel may switch tasks. Replaces the timer and
 * stray-interrupt handling below. */
void guest_irq_set_owner(void (*fn)(uint32_t intid), void (*after)(void));

/* An SPI the guest expects (a channel's doorbell): counted as expected
 * instead of unexpected. At most GUEST_IRQ_EXPECTED of them. */
#define GUEST_IRQ_EXPECTED 4u
void guest_irq_expect(uint32_t intid);
/* Expected interrupts taken so far. */
uint32_t guest_irq_expected_count(void);
/* Sleeps (WFI) until the expected count differs from seen or the virtual
 * counter reaches deadline; returns the count. */
uint32_t guest_wait_expected(uint32_t seen, uint64_t deadline);

/* Called from the vector for IRQ kinds; true if the IRQ was handled. */
bool guest_irq_exception(unsigned kind);

/* Interrupts other than the timer's taken so far, and the last INTID. */
struct guest_irq_stats {
	uint32_t timer;
	uint32_t unexpected;
	uint32_t last_unexpected;
};
void guest_irq_stats(struct guest_irq_stats *out);

#endif /* GUEST_IRQ_H */
