/* SPDX-License-Identifier: MIT */
/*
 * Entering AArch32 EL0 in T32 state and coming back (guests/tests/thumb.c).
 *
 * uint64_t thumb_el0_run(uint64_t pc, const uint64_t regs[6]): erets to
 * AArch32 User mode (SPSR M[4:0] = 0b10000) with the T bit set at pc,
 * r0..r5 = regs[0..5], interrupts masked. The EL0 code ends with an SVC;
 * the exception hook in thumb.c then returns here, at thumb_el0_return,
 * in EL1h, which unwinds to thumb_el0_run's caller.
 */
#define SPSR_AARCH32_USR 0x10
#define SPSR_T           0x20
#define SPSR_AIF         0x1c0

	.text
	.globl	thumb_el0_run
thumb_el0_run:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	adrp	x9, thumb_el0_sp
	mov	x10, sp
	str	x10, [x9, :lo12:thumb_el0_sp]
	mov	x11, x1
	msr	elr_el1, x0
	mov	x12, #(SPSR_AARCH32_USR | SPSR_T | SPSR_AIF)
	msr	spsr_el1, x12
	ldp	x0, x1, [x11]
	ldp	x2, x3, [x11, #16]
	ldp	x4, x5, [x11, #32]
	isb
	eret

	.globl	thumb_el0_return
thumb_el0_return:
	adrp	x9, thumb_el0_sp
	ldr	x10, [x9, :lo12:thumb_el0_sp]
	mov	sp, x10
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret

	.bss
	.balign	8
thumb_el0_sp:
	.skip	8
