/* SPDX-License-Identifier: MIT */
/*
 * The light-path test guest's register work (guests/tests/light.c): one
 * trapping instruction with every general-purpose register set to a
 * pattern first and recorded right after, so light.c can tell which
 * registers the trap changed.
 *
 * void light_probe(struct light_probe *p)
 *   p->in[0..3]  x0-x3 before the instruction (x4-x30 get
 *                LIGHT_PATTERN(n): 0x5a00000000000000 | n << 32 | ~n)
 *   p->kind      0 HVC #0, 1 SMC #0, 2 HVC #1, 3 LDR W5, [x1]
 *                then LDR W20, [x1] (the same register, once in a
 *                register the light path writes, once in one it leaves
 *                to the full path)
 *   p->out[0..30] x0-x30 after it
 */
#define P_IN    0
#define P_KIND  32
#define P_OUT   40

.macro pattern reg, n
	mov	\reg, #\n
	mvn	\reg, \reg
	and	\reg, \reg, #0xffffffff
	movk	\reg, #\n, lsl #32
	movk	\reg, #0x5a00, lsl #48
.endm

	.text
	.globl	light_probe
light_probe:
	stp	x29, x30, [sp, #-96]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	str	x0, [sp, #-16]!		/* p, found again after the trap */
	ldr	x16, [x0, #P_KIND]
	pattern	x4, 4
	pattern	x5, 5
	pattern	x6, 6
	pattern	x7, 7
	pattern	x8, 8
	pattern	x9, 9
	pattern	x10, 10
	pattern	x11, 11
	pattern	x12, 12
	pattern	x13, 13
	pattern	x14, 14
	pattern	x15, 15
	pattern	x17, 17
	pattern	x18, 18
	pattern	x19, 19
	pattern	x20, 20
	pattern	x21, 21
	pattern	x22, 22
	pattern	x23, 23
	pattern	x24, 24
	pattern	x25, 25
	pattern	x26, 26
	pattern	x27, 27
	pattern	x28, 28
	pattern	x29, 29
	pattern	x30, 30
	ldp	x2, x3, [x0, #P_IN + 16]
	ldp	x0, x1, [x0, #P_IN]
	cmp	x16, #1
	b.eq	1f
	cmp	x16, #2
	b.eq	2f
	cmp	x16, #3
	b.eq	3f
	pattern	x16, 16
	hvc	#0
	b	9f
1:	pattern	x16, 16
	smc	#0
	b	9f
2:	pattern	x16, 16
	hvc	#1
	b	9f
3:	pattern	x16, 16
	ldr	w5, [x1]
	ldr	w20, [x1]
9:	stp	x0, x1, [sp, #-16]!
	ldr	x0, [sp, #16]		/* p */
	add	x0, x0, #P_OUT
	str	x2, [x0, #8 * 2]
	stp	x3, x4, [x0, #8 * 3]
	stp	x5, x6, [x0, #8 * 5]
	stp	x7, x8, [x0, #8 * 7]
	stp	x9, x10, [x0, #8 * 9]
	stp	x11, x12, [x0, #8 * 11]
	stp	x13, x14, [x0, #8 * 13]
	stp	x15, x16, [x0, #8 * 15]
	stp	x17, x18, [x0, #8 * 17]
	stp	x19, x20, [x0, #8 * 19]
	stp	x21, x22, [x0, #8 * 21]
	stp	x23, x24, [x0, #8 * 23]
	stp	x25, x26, [x0, #8 * 25]
	stp	x27, x28, [x0, #8 * 27]
	stp	x29, x30, [x0, #8 * 29]
	ldp	x1, x2, [sp], #16
	stp	x1, x2, [x0, #8 * 0]
	add	sp, sp, #16
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #96
	ret
