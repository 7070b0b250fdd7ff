/* SPDX-License-Identifier: MIT */
/*
 * light-spin's trap (guests/tests/light_spin.c): x4-x30 set to seed + n,
 * one exit the light path answers, then each register compared with what
 * it was set to.
 *
 * uint64_t light_spin_call(uint64_t kind, uint64_t seed, uint64_t *answer)
 *   kind 0: HVC #0 PSCI_VERSION; 1: SMC #0 SMCCC_VERSION;
 *        2: LDR W3, [GICD_TYPER] (a fixed distributor register)
 *   returns a mask of the registers x4-x30 that changed (bit n: xn),
 *   *answer the call's x0 (kind 0, 1) or the value read (kind 2)
 */
#define PSCI_VERSION_ID   0x84000000
#define SMCCC_VERSION_ID  0x80000000
#define GICD_TYPER_ADDR   0x08000004

.macro seeded n
	add	x\n, x1, #\n
.endm

.macro check n
	add	x0, x1, #\n
	cmp	x\n, x0
	b.eq	1f
	orr	x3, x3, #(1 << \n)
1:
.endm

	.text
	.globl	light_spin_call
light_spin_call:
	stp	x29, x30, [sp, #-112]!
	stp	x19, x20, [sp, #16]
	stp	x21, x22, [sp, #32]
	stp	x23, x24, [sp, #48]
	stp	x25, x26, [sp, #64]
	stp	x27, x28, [sp, #80]
	stp	x1, x2, [sp, #96]	/* seed and answer, found after the trap */
	mov	x16, x0
	seeded 4
	seeded 5
	seeded 6
	seeded 7
	seeded 8
	seeded 9
	seeded 10
	seeded 11
	seeded 12
	seeded 13
	seeded 14
	seeded 15
	seeded 17
	seeded 18
	seeded 19
	seeded 20
	seeded 21
	seeded 22
	seeded 23
	seeded 24
	seeded 25
	seeded 26
	seeded 27
	seeded 28
	seeded 29
	seeded 30
	cmp	x16, #1
	b.eq	11f
	cmp	x16, #2
	b.eq	12f
	seeded 16
	mov	x0, #PSCI_VERSION_ID
	hvc	#0
	b	19f
11:	seeded 16
	mov	x0, #SMCCC_VERSION_ID
	smc	#0
	b	19f
12:	seeded 16
	movz	x0, #(GICD_TYPER_ADDR >> 16), lsl #16
	movk	x0, #(GICD_TYPER_ADDR & 0xffff)
	ldr	w3, [x0]
	mov	x0, x3
19:	mov	x2, x0			/* the answer */
	ldr	x1, [sp, #96]		/* the seed */
	mov	x3, #0
	check 4
	check 5
	check 6
	check 7
	check 8
	check 9
	check 10
	check 11
	check 12
	check 13
	check 14
	check 15
	check 16
	check 17
	check 18
	check 19
	check 20
	check 21
	check 22
	check 23
	check 24
	check 25
	check 26
	check 27
	check 28
	check 29
	check 30
	ldr	x1, [sp, #104]
	str	x2, [x1]
	mov	x0, x3
	ldp	x19, x20, [sp, #16]
	ldp	x21, x22, [sp, #32]
	ldp	x23, x24, [sp, #48]
	ldp	x25, x26, [sp, #64]
	ldp	x27, x28, [sp, #80]
	ldp	x29, x30, [sp], #112
	ret
