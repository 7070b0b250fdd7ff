/* SPDX-License-Identifier: MIT */
/*
 * Task context switch for AArch64 (AAPCS64): a task gives up the CPU only
 * inside a call (a service call, or the tail of an interrupt whose full
 * frame the vector already saved), so only the callee-saved registers
 * x19-x30 and SP need keeping. The stack pointer lives at offset 0 of
 * struct rtos_tcb (kernel.h).
 */
#define TCB_SP        0
#define SWITCH_FRAME  (12 * 8)   /* x19..x30, 16-byte multiple */

/* void rtos_arch_switch(struct rtos_tcb *from, struct rtos_tcb *to) */
	.text
	.globl	rtos_arch_switch
rtos_arch_switch:
	cbz	x0, 1f			/* from gone for good: save nothing */
	sub	sp, sp, #SWITCH_FRAME
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	mov	x2, sp
	str	x2, [x0, #TCB_SP]
1:	ldr	x2, [x1, #TCB_SP]
	mov	sp, x2
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #SWITCH_FRAME
	ret

/*
 * A fresh task's first "return" from rtos_arch_switch lands here with its
 * entry in x19 and argument in x20 (rtos_arch_task_init). It was switched
 * to with interrupts masked, inside a service call or handler of another
 * task: a task runs with them open.
 */
	.globl	rtos_task_trampoline
rtos_task_trampoline:
	msr	daifclr, #2
	mov	x0, x20
	blr	x19
	bl	ext_tsk			/* a task that returns has ended */
1:	b	1b			/* ext_tsk does not return */
