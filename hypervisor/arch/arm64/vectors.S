/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors (Arm ARM D1.10.2). Every entry saves the
 * interrupted context as a struct trap_frame on the EL2 stack, calls the C
 * handler with (frame, kind), and returns through the same frame: for a
 * guest exit the frame *is* the vCPU's general-purpose state while the
 * hypervisor handles it.
 */
#include "arch/asm_offsets.h"

/* The frame's layout (struct trap_frame), in two halves: the registers a
 * C call may change (x0-x18, x30; x19 rides in x18's pair), which the
 * light path alone saves, and the ones it keeps (x20-x29). */
.macro save_caller_regs
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
.endm

.macro save_callee_regs
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
.endm

.macro restore_caller_regs
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
.endm

.macro restore_callee_regs
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
.endm

.macro save_frame
	sub	sp, sp, #FRAME_SIZE
	save_caller_regs
	save_callee_regs
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	stp	x30, x0, [sp, #16 * 15]
	str	x1, [sp, #FRAME_SPSR]
.endm

.macro vector kind, handler
	.balign 0x80
	save_frame
	mov	x0, sp
	mov	x1, #\kind
	b	\handler
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global el2_vectors
el2_vectors:
	vector	VEC_CUR_SP0_SYNC, hyp_exception_entry
	vector	1, hyp_exception_entry
	vector	2, hyp_exception_entry
	vector	3, hyp_exception_entry
	vector	VEC_CUR_SPX_SYNC, hyp_exception_entry
	vector	VEC_CUR_SPX_IRQ, irq_entry
	vector	VEC_CUR_SPX_FIQ, irq_entry
	vector	VEC_CUR_SPX_SERROR, hyp_exception_entry
	/*
	 * A synchronous exit from AArch64: the light path first (trap.c,
	 * trap_light). In assembly because C cannot choose which registers an
	 * exception entry saves: only those a C call may change (x0-x18, x30;
	 * x19 rides in x18's pair) go to the frame before trap_light answers
	 * or declines. Answered: those come back and the guest resumes, the
	 * whole path in this vector's 32 instructions. Declined: light_miss
	 * saves the rest into the same frame and takes the full path.
	 */
	.balign 0x80
	sub	sp, sp, #FRAME_SIZE
	save_caller_regs
	str	x30, [sp, #16 * 15]
	mov	x0, sp
	bl	trap_light
	cbz	w0, light_miss
	restore_caller_regs
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #FRAME_SIZE
	eret
	/* An interrupt while a guest runs: the timer fast path first. */
	.balign 0x80
	stp	x0, x1, [sp, #-32]!
	stp	x2, x3, [sp, #16]
	b	vtimer_fast
	vector	VEC_LOW64_FIQ, irq_entry
	vector	VEC_LOW64_SERROR, guest_sync_entry
	vector	VEC_LOW32_SYNC, guest_sync_entry
	vector	VEC_LOW32_IRQ, irq_entry
	vector	VEC_LOW32_FIQ, irq_entry
	vector	VEC_LOW32_SERROR, guest_sync_entry

hyp_exception_entry:
	bl	hyp_exception		/* prints a dump and halts: no return */
	b	.

guest_sync_entry:
	bl	trap_guest_sync
	b	frame_return

/* trap_light declined: x19-x29 still hold the guest's values (callee-saved
 * in C), ELR_EL2 and SPSR_EL2 are as the exit left them; the rest of
 * save_frame into the frame the vector started. */
light_miss:
	save_callee_regs
	mrs	x0, elr_el2
	mrs	x1, spsr_el2
	str	x0, [sp, #FRAME_ELR]
	str	x1, [sp, #FRAME_SPSR]
	mov	x0, sp
	mov	x1, #VEC_LOW64_SYNC
	b	guest_sync_entry

irq_entry:
	bl	irq_handle
	b	frame_return

/*
 * The forwarded virtual timer's fast path (GICv3). The virtual timer of the
 * vCPU on this CPU fired: when the vGIC armed the path (percpu.arch.vtf_on, see
 * vgic_timer_fast_update), acknowledge it, drop its priority (EOImode 1:
 * the guest's deactivation through the LR's HW link deactivates it), write
 * the prepared list register into one that is empty in hardware
 * (ICH_ELRSR_EL2) and not held by the vGIC, and return to the guest. Any
 * other interrupt, or no free LR, goes the full way with what was
 * acknowledged in percpu.arch.preacked. x0-x3 are on the stack.
 */
#define INTID_MASK        0xffffff
#define INTID_VTIMER      27
vtimer_fast:
	mrs	x0, tpidr_el2			/* struct percpu */
	ldr	w1, [x0, #PERCPU_VTF_ON]
	cbz	w1, irq_full
	mrs	x1, S3_0_C12_C12_0		/* ICC_IAR1_EL1 */
	and	w2, w1, #INTID_MASK
	cmp	w2, #INTID_VTIMER
	b.ne	irq_preacked
	mrs	x2, S3_4_C12_C11_5		/* ICH_ELRSR_EL2 */
	ldr	x3, [x0, #PERCPU_VTF_HELD]
	ldr	w3, [x3]
	bic	w2, w2, w3
	cbz	w2, irq_preacked
	msr	S3_0_C12_C12_1, x1		/* ICC_EOIR1_EL1: priority drop */
	rbit	w2, w2
	clz	w2, w2				/* the lowest free LR */
	ldr	x3, [x0, #PERCPU_VTF_LR]
	adr	x1, vtimer_lr_write
	add	x1, x1, x2, lsl #3		/* two instructions an entry */
	br	x1
vtimer_lr_write:
	msr	S3_4_C12_C12_0, x3
	b	1f
	msr	S3_4_C12_C12_1, x3
	b	1f
	msr	S3_4_C12_C12_2, x3
	b	1f
	msr	S3_4_C12_C12_3, x3
	b	1f
	msr	S3_4_C12_C12_4, x3
	b	1f
	msr	S3_4_C12_C12_5, x3
	b	1f
	msr	S3_4_C12_C12_6, x3
	b	1f
	msr	S3_4_C12_C12_7, x3
	b	1f
	msr	S3_4_C12_C13_0, x3
	b	1f
	msr	S3_4_C12_C13_1, x3
	b	1f
	msr	S3_4_C12_C13_2, x3
	b	1f
	msr	S3_4_C12_C13_3, x3
	b	1f
	msr	S3_4_C12_C13_4, x3
	b	1f
	msr	S3_4_C12_C13_5, x3
	b	1f
	msr	S3_4_C12_C13_6, x3
	b	1f
	msr	S3_4_C12_C13_7, x3
1:	ldr	x1, [x0, #PERCPU_VTF_COUNT]	/* the vCPU's fast_irqs */
	ldr	x2, [x1]
	add	x2, x2, #1
	str	x2, [x1]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp], #32
	eret
irq_preacked:
	orr	w1, w1, #PREACKED_VALID
	str	w1, [x0, #PERCPU_PREACKED]
irq_full:
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp], #32
	save_frame
	mov	x0, sp
	mov	x1, #VEC_LOW64_IRQ
	b	irq_entry

/* Restores the frame at sp and returns to where it points. */
	.global frame_return
frame_return:
	ldr	x1, [sp, #FRAME_SPSR]
	ldp	x30, x0, [sp, #16 * 15]
	msr	elr_el2, x0
	msr	spsr_el2, x1
	restore_caller_regs
	restore_callee_regs
	add	sp, sp, #FRAME_SIZE
	eret


/*
 * void guest_enter(const struct trap_frame *frame, uint64_t stack_top)
 * Drops everything on this CPU's EL2 stack and enters the guest state in
 * *frame (which may itself live on that stack: it is read into registers,
 * never copied). Each later exit builds its frame below stack_top.
 */
	.global guest_enter
guest_enter:
	mov	sp, x1
	ldr	x2, [x0, #FRAME_ELR]
	ldr	x3, [x0, #FRAME_SPSR]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
	ldr	x30, [x0, #16 * 15]
	ldp	x0, x1, [x0, #16 * 0]
	eret

/*
 * void cpu_park(uint64_t stack_top)
 * An idle CPU: fresh stack, interrupts on, wait. Interrupts are handled
 * by irq_entry (current EL) and return here, unless the handler starts a
 * vCPU, which never returns.
 */
	.global cpu_park
cpu_park:
	mov	sp, x0
	msr	daifclr, #0x2
7:	wfi
	b	7b
