/* SPDX-License-Identifier: MIT */
/*
 * The lifecycle test guest's register work (guests/tests/lifecycle.c):
 * reading every EL1/EL0 register a guest can see into a record, filling
 * them all with recognisable values, and the entry of a secondary vCPU that
 * records what it found and switches itself off at once.
 *
 * Record layout (LC_* in lifecycle.c): 25 system registers, then V0-V31
 * (16 bytes each, at a 16-byte aligned offset), FPSR, FPCR.
 */
	.arch_extension fp
	.arch_extension simd

#define LC_FP_OFFSET       208   /* 26 slots of 8 bytes, 16-byte aligned */
#define LC_FPSR_OFFSET     (LC_FP_OFFSET + 512)
#define LC_FPCR_OFFSET     (LC_FP_OFFSET + 520)
#define CPACR_EL1_FPEN_ALL (3 << 20)

	.text
/* void lifecycle_read_el1(uint64_t *record): x1 is the only scratch. */
	.globl	lifecycle_read_el1
lifecycle_read_el1:
	mrs	x1, sctlr_el1
	str	x1, [x0, #8 * 0]
	mrs	x1, cpacr_el1
	str	x1, [x0, #8 * 1]
	mrs	x1, ttbr0_el1
	str	x1, [x0, #8 * 2]
	mrs	x1, ttbr1_el1
	str	x1, [x0, #8 * 3]
	mrs	x1, tcr_el1
	str	x1, [x0, #8 * 4]
	mrs	x1, esr_el1
	str	x1, [x0, #8 * 5]
	mrs	x1, afsr0_el1
	str	x1, [x0, #8 * 6]
	mrs	x1, afsr1_el1
	str	x1, [x0, #8 * 7]
	mrs	x1, far_el1
	str	x1, [x0, #8 * 8]
	mrs	x1, mair_el1
	str	x1, [x0, #8 * 9]
	mrs	x1, vbar_el1
	str	x1, [x0, #8 * 10]
	mrs	x1, contextidr_el1
	str	x1, [x0, #8 * 11]
	mrs	x1, amair_el1
	str	x1, [x0, #8 * 12]
	mrs	x1, cntkctl_el1
	str	x1, [x0, #8 * 13]
	mrs	x1, par_el1
	str	x1, [x0, #8 * 14]
	mrs	x1, tpidr_el1
	str	x1, [x0, #8 * 15]
	mov	x1, sp
	str	x1, [x0, #8 * 16]
	mrs	x1, elr_el1
	str	x1, [x0, #8 * 17]
	mrs	x1, spsr_el1
	str	x1, [x0, #8 * 18]
	mrs	x1, tpidr_el0
	str	x1, [x0, #8 * 19]
	mrs	x1, tpidrro_el0
	str	x1, [x0, #8 * 20]
	mrs	x1, sp_el0
	str	x1, [x0, #8 * 21]
	mrs	x1, csselr_el1
	str	x1, [x0, #8 * 22]
	mrs	x1, cntv_ctl_el0
	str	x1, [x0, #8 * 23]
	mrs	x1, cntv_cval_el0
	str	x1, [x0, #8 * 24]
	stp	q0, q1, [x0, #LC_FP_OFFSET + 32 * 0]
	stp	q2, q3, [x0, #LC_FP_OFFSET + 32 * 1]
	stp	q4, q5, [x0, #LC_FP_OFFSET + 32 * 2]
	stp	q6, q7, [x0, #LC_FP_OFFSET + 32 * 3]
	stp	q8, q9, [x0, #LC_FP_OFFSET + 32 * 4]
	stp	q10, q11, [x0, #LC_FP_OFFSET + 32 * 5]
	stp	q12, q13, [x0, #LC_FP_OFFSET + 32 * 6]
	stp	q14, q15, [x0, #LC_FP_OFFSET + 32 * 7]
	stp	q16, q17, [x0, #LC_FP_OFFSET + 32 * 8]
	stp	q18, q19, [x0, #LC_FP_OFFSET + 32 * 9]
	stp	q20, q21, [x0, #LC_FP_OFFSET + 32 * 10]
	stp	q22, q23, [x0, #LC_FP_OFFSET + 32 * 11]
	stp	q24, q25, [x0, #LC_FP_OFFSET + 32 * 12]
	stp	q26, q27, [x0, #LC_FP_OFFSET + 32 * 13]
	stp	q28, q29, [x0, #LC_FP_OFFSET + 32 * 14]
	stp	q30, q31, [x0, #LC_FP_OFFSET + 32 * 15]
	mrs	x1, fpsr
	str	x1, [x0, #LC_FPSR_OFFSET]
	mrs	x1, fpcr
	str	x1, [x0, #LC_FPCR_OFFSET]
	ret

/*
 * void lifecycle_dirty_el1(uint64_t pattern): every register above that a
 * running guest can change without losing itself gets a value derived from
 * pattern (the MMU stays off, so TTBR/TCR/MAIR are not used). SCTLR, VBAR,
 * CPACR, SP and the timer stay as the guest needs them. PAR_EL1 gets a
 * translation (AT S1E1R of the guest's own code).
 */
	.globl	lifecycle_dirty_el1
lifecycle_dirty_el1:
	msr	ttbr0_el1, x0
	msr	ttbr1_el1, x0
	mov	x1, #0x19		/* T0SZ 25; walks never run, the MMU is off */
	msr	tcr_el1, x1
	msr	esr_el1, x0
	msr	afsr0_el1, x0
	msr	afsr1_el1, x0
	msr	far_el1, x0
	msr	mair_el1, x0
	msr	contextidr_el1, x0
	msr	amair_el1, x0
	mov	x1, #2			/* EL0VCTEN */
	msr	cntkctl_el1, x1
	msr	tpidr_el1, x0
	msr	elr_el1, x0
	mov	x1, #0x3c5
	msr	spsr_el1, x1
	msr	tpidr_el0, x0
	msr	tpidrro_el0, x0
	msr	sp_el0, x0
	mov	x1, #1			/* level 1 instruction cache */
	msr	csselr_el1, x1
	adr	x1, lifecycle_dirty_el1
	at	s1e1r, x1
	dup	v0.2d, x0
	mov	v1.16b, v0.16b
	mov	v2.16b, v0.16b
	mov	v3.16b, v0.16b
	mov	v4.16b, v0.16b
	mov	v5.16b, v0.16b
	mov	v6.16b, v0.16b
	mov	v7.16b, v0.16b
	mov	v8.16b, v0.16b
	mov	v9.16b, v0.16b
	mov	v10.16b, v0.16b
	mov	v11.16b, v0.16b
	mov	v12.16b, v0.16b
	mov	v13.16b, v0.16b
	mov	v14.16b, v0.16b
	mov	v15.16b, v0.16b
	mov	v16.16b, v0.16b
	mov	v17.16b, v0.16b
	mov	v18.16b, v0.16b
	mov	v19.16b, v0.16b
	mov	v20.16b, v0.16b
	mov	v21.16b, v0.16b
	mov	v22.16b, v0.16b
	mov	v23.16b, v0.16b
	mov	v24.16b, v0.16b
	mov	v25.16b, v0.16b
	mov	v26.16b, v0.16b
	mov	v27.16b, v0.16b
	mov	v28.16b, v0.16b
	mov	v29.16b, v0.16b
	mov	v30.16b, v0.16b
	mov	v31.16b, v0.16b
	mov	x1, #0x9f		/* FPSR: every cumulative exception flag */
	msr	fpsr, x1
	mov	x1, #(3 << 22)		/* FPCR.RMode: towards zero */
	msr	fpcr, x1
	isb
	ret

/*
 * A secondary vCPU started by PSCI CPU_ON: no stack, vectors or FP access
 * of its own. Records CPACR_EL1 as found, opens FP/SIMD to read it, records
 * everything, says it is done and calls PSCI CPU_OFF.
 */
	.globl	lifecycle_secondary
lifecycle_secondary:
	adrp	x0, lifecycle_record
	add	x0, x0, :lo12:lifecycle_record
	mrs	x2, cpacr_el1
	orr	x3, x2, #CPACR_EL1_FPEN_ALL
	msr	cpacr_el1, x3
	isb
	bl	lifecycle_read_el1
	str	x2, [x0, #8 * 1]
	adrp	x0, lifecycle_secondary_done
	mov	w1, #1
	str	w1, [x0, :lo12:lifecycle_secondary_done]
	movz	x0, #0x0002
	movk	x0, #0x8400, lsl #16	/* PSCI_CPU_OFF */
	hvc	#0
1:	wfe				/* CPU_OFF does not return */
	b	1b

/*
 * vCPU 1 of a matrix cell (role=matrix in lifecycle.c), started by PSCI
 * CPU_ON with x0 = what to leave behind: a stack of its own and FP/SIMD
 * open, then lifecycle_actor(x0), which ends in CPU_OFF.
 */
#define LC_ACTOR_STACK 4096

	.globl	lifecycle_actor_entry
lifecycle_actor_entry:
	mrs	x1, cpacr_el1
	orr	x1, x1, #CPACR_EL1_FPEN_ALL
	msr	cpacr_el1, x1
	isb
	adrp	x1, lifecycle_actor_stack
	add	x1, x1, :lo12:lifecycle_actor_stack
	add	x1, x1, #LC_ACTOR_STACK
	mov	sp, x1
	bl	lifecycle_actor
1:	wfe				/* lifecycle_actor does not return */
	b	1b

	.bss
	.balign	16
lifecycle_actor_stack:
	.space	LC_ACTOR_STACK
