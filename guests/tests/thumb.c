// SPDX-License-Identifier: MIT
/*
 * thumb: 16-bit T32 instructions the hypervisor emulates must be skipped by
 * 2, not 4 (ESR_EL2.IL, Arm ARM D19.2.40). A Cortex-A53 runs AArch32 at EL0
 * under an AArch64 EL1 (ID_AA64PFR0_EL1.EL0 = 2), so any partition's user
 * space can execute T32 code whose MMIO accesses (and, on a shared CPU,
 * WFIs) trap to EL2.
 *
 * The guest enters AArch32 EL0 at two short T32 sequences, each a trapped
 * 16-bit instruction followed by counting instructions and an SVC back to
 * EL1:
 *   mmio: str r1, [r0] (a write of 0 to the virtual GICD_ISENABLER1);
 *         adds r2, #1; adds r3, #1; svc #0
 *   wfi:  wfi (the virtual timer ends it); adds r4, #1;
 *         adds r5, #1; svc #0   (only on a shared CPU, where WFI traps)
 * and prints "thumb: <name>: after <n> <m>" — "1 1" when the instruction
 * after the trapped one ran, "0 1" when it was skipped — then "thumb: ok"
 * or "thumb: FAILED" (tests/system/test_traps.py).
 */
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "shikiri/hypercall.h"

uint64_t thumb_el0_run(uint64_t pc, const uint64_t regs[6]);
void thumb_el0_return(void);

/* T32 encodings (Arm ARM F3): STR (immediate) T1, ADDS (immediate) T2,
 * WFI T1, SVC T1. */
#define T32_STR_R1_R0   0x6001u
#define T32_ADDS_R2_1   0x3201u
#define T32_ADDS_R3_1   0x3301u
#define T32_ADDS_R4_1   0x3401u
#define T32_ADDS_R5_1   0x3501u
#define T32_WFI         0xbf30u
#define T32_SVC_0       0xdf00u

static const uint16_t thumb_mmio[] __attribute__((aligned(16))) = {
	T32_STR_R1_R0, T32_ADDS_R2_1, T32_ADDS_R3_1, T32_SVC_0,
};
static const uint16_t thumb_wfi[] __attribute__((aligned(16))) = {
	T32_WFI, T32_ADDS_R4_1, T32_ADDS_R5_1, T32_SVC_0,
};

#define EC_SVC32          0x11u
#define SCTLR_EL1_NTWI    (1ull << 16) /* EL0 WFI does not trap to EL1 */
#define SPSR_EL1H_MASKED  0x3c5ull
#define GICD_ISENABLER1   (GICD_ISENABLER + 4u)

static volatile uint64_t thumb_regs_out[6];
static volatile uint64_t thumb_esr;

/* Back to EL1 from AArch32 EL0, whatever ended it: the SVC, or anything
 * else (recorded in thumb_esr). */
static bool thumb_hook(struct guest_frame *frame, unsigned kind)
{
	if (kind != GUEST_KIND(GUEST_KIND_LOWER_A32, GUEST_KIND_SYNC))
		return false;
	for (uint32_t i = 0; i < 6u; i++)
		thumb_regs_out[i] = frame->x[i] & 0xffffffffull;
	thumb_esr = frame->esr;
	frame->elr = (uint64_t)(uintptr_t)thumb_el0_return;
	frame->spsr = SPSR_EL1H_MASKED;
	return true;
}

static bool thumb_run(const char *name, const uint16_t *code, uint64_t r0,
		      uint32_t first, uint32_t second)
{
	const uint64_t regs[6] = { r0, 0, 0, 0, 0, 0 };
	bool ok;

	thumb_esr = 0;
	guest_set_exception_hook(thumb_hook);
	(void)thumb_el0_run((uint64_t)(uintptr_t)code, regs);
	guest_set_exception_hook(NULL);
	ok = guest_esr_ec(thumb_esr) == EC_SVC32 &&
	     thumb_regs_out[first] == 1u && thumb_regs_out[second] == 1u;
	guest_printf("thumb: %s: after %lu %lu, EL0 left with EC 0x%x\n", name,
		     thumb_regs_out[first], thumb_regs_out[second],
		     guest_esr_ec(thumb_esr));
	return ok;
}

/* Whether WFI traps here: this partition's CPU 0 is shared (the
 * configuration makes it a manager so that it may ask). */
static bool thumb_cpu_shared(void)
{
	static struct sk_sched_stats st;
	struct sk_hc_result r = sk_hvc(SK_HC_SCHED_STATS, 0,
				       (uint64_t)(uintptr_t)&st, sizeof(st));

	return r.status == SK_OK && st.shared != 0u;
}

int main(uint64_t dtb)
{
	struct guest_beat beat;
	uint64_t sctlr;
	bool ok;

	guest_hello(dtb);
	__asm__ volatile("mrs %0, sctlr_el1" : "=r"(sctlr));
	__asm__ volatile("msr sctlr_el1, %0\n\tisb" : : "r"(sctlr | SCTLR_EL1_NTWI));
	ok = thumb_run("mmio", thumb_mmio, GIC_GICD_BASE + GICD_ISENABLER1, 2, 3);
	if (thumb_cpu_shared()) {
		/* Nothing pending, so the WFI traps (with an interrupt
		 * pending it would complete without, Arm ARM D1.6.2); the
		 * virtual timer ends it 1 ms later (masked at EL0, taken by
		 * the beat loop). */
		(void)guest_irq_init();
		guest_timer_arm(guest_counter() + guest_ms_to_ticks(1));
		ok = thumb_run("wfi", thumb_wfi, 0, 4, 5) && ok;
		guest_timer_disarm();
	} else {
		guest_printf("thumb: wfi: not trapped on a dedicated CPU\n");
	}
	guest_printf("thumb: %s\n", ok ? "ok" : "FAILED");
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
