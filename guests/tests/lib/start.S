/* SPDX-License-Identifier: MIT */
/*
 * Test guest start-up: Linux arm64 Image header, entry, exception vectors.
 *
 * Entered per the arm64 Linux boot protocol (Documentation/arch/arm64/
 * booting.rst): EL1, MMU and D-cache off, x0 = guest-physical address of the
 * device tree, PC = load address, DAIF masked.
 */
#include "guest_frame.h"

/* Image header flags: bit 0 = 0 little-endian, bits 2:1 = 1 4 KiB pages,
 * bit 3 = 1 the image may be placed anywhere in physical memory. */
#define IMAGE_FLAG_LE         (0 << 0)
#define IMAGE_FLAG_PAGE_4K    (1 << 1)
#define IMAGE_FLAG_ANYWHERE   (1 << 3)
#define IMAGE_FLAGS           (IMAGE_FLAG_LE | IMAGE_FLAG_PAGE_4K | IMAGE_FLAG_ANYWHERE)
#define IMAGE_MAGIC           0x644d5241 /* "ARM\x64", little-endian */

#define CPACR_EL1_FPEN_SHIFT  20
#define CPACR_EL1_FPEN_ALL    (3 << CPACR_EL1_FPEN_SHIFT) /* no FP/SIMD traps */
#define DAIF_ASYNC_ABORT_BIT  4 /* daifclr immediate: A */

	.section .text.head, "ax"
	.globl	_start
_start:
	b	guest_entry		/* code0 */
	.long	0			/* code1 */
	.quad	GUEST_TEXT_OFFSET	/* text_offset; from guest.ld */
	.quad	__image_size		/* image_size incl. bss; from guest.ld */
	.quad	IMAGE_FLAGS		/* flags */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.long	IMAGE_MAGIC		/* magic, byte 56 */
	.long	0			/* res5: no PE/COFF header */

/*
 * Entered at EL2 (bare QEMU with virtualization=on): become an EL1 guest
 * of nobody. EL1 runs AArch64 with nothing trapped (HCR_EL2.RW only),
 * reads both counters and uses both timers (CNTHCTL_EL2.EL1PCTEN/EL1PCEN),
 * sees the virtual counter unoffset (CNTVOFF_EL2 resets UNKNOWN), and may
 * use the GICv3 system registers (ICC_SRE_EL2.Enable, SRE; IHI 0069
 * 12.7.7: with Enable 0 EL1's ICC_SRE_EL1 accesses trap to EL2). A CPU
 * without the GICv3 system-register interface skips that one.
 */
#define CURRENT_EL_EL2        (2 << 2)
#define HCR_EL2_RW            (1 << 31)
#define CNTHCTL_EL1PCTEN_PCEN 3
#define ICC_SRE_EL2_SRE_ENABLE 9   /* SRE | Enable */
#define ID_PFR0_GIC_SHIFT     24
#define SPSR_EL1H_DAIF_MASKED 0x3c5 /* EL1h, D A I F set */

	.text
guest_entry:
	/* First thing: when did this guest start, in system-counter ticks
	 * (the benchmark's "boot to first guest instruction"). */
	mrs	x20, cntpct_el0
	mov	x19, x0			/* the DTB address, for main() */

	mrs	x1, CurrentEL
	cmp	x1, #CURRENT_EL_EL2
	b.ne	at_el1
	mov	x1, #HCR_EL2_RW
	msr	hcr_el2, x1
	mov	x1, #CNTHCTL_EL1PCTEN_PCEN
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
	mrs	x1, id_aa64pfr0_el1
	ubfx	x1, x1, #ID_PFR0_GIC_SHIFT, #4
	cbz	x1, 1f
	mov	x1, #ICC_SRE_EL2_SRE_ENABLE
	msr	s3_4_c12_c9_5, x1	/* ICC_SRE_EL2 */
1:	msr	sctlr_el1, xzr		/* MMU and caches off, as at EL1 entry */
	mov	x1, #SPSR_EL1H_DAIF_MASKED
	msr	spsr_el2, x1
	adr	x1, at_el1
	msr	elr_el2, x1
	isb
	eret
at_el1:

#ifndef GUEST_POSITION_INDEPENDENT
	/*
	 * The test guests are linked at their load address and may hold
	 * absolute addresses (pointer tables). If a loader placed one
	 * elsewhere, stop here rather than run on garbage addresses (there is
	 * no console we could reach safely yet). A guest built with
	 * GUEST_POSITION_INDEPENDENT has none (its build proves it), and
	 * everything below is PC-relative.
	 */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	guest_entry_halt
#endif

	/* Exceptions taken to EL1 always use SP_EL1; run main on it too. */
	msr	spsel, #1

	/* Zero bss (which also holds the stack); bounds are 16-byte aligned. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1
	adrp	x1, guest_boot_count
	str	x20, [x1, :lo12:guest_boot_count]

	adrp	x1, guest_vectors
	add	x1, x1, :lo12:guest_vectors
	msr	vbar_el1, x1

	/* Let compiler-generated FP/SIMD code run (we still build with
	 * -mgeneral-regs-only). */
	mrs	x1, cpacr_el1
	orr	x1, x1, #CPACR_EL1_FPEN_ALL
	msr	cpacr_el1, x1
	isb

	/* Unmask SError so an asynchronous abort is reported, not left
	 * pending forever. IRQ and FIQ stay masked: the test guests poll. */
	msr	daifclr, #DAIF_ASYNC_ABORT_BIT

	mov	x29, xzr		/* end of the frame-pointer chain */
	mov	x30, xzr
	mov	x0, x19
	bl	main
guest_entry_halt:
	wfi
	b	guest_entry_halt

/*
 * Vector table: each entry makes room for a struct guest_frame, saves x0/x1,
 * puts the entry index ("kind") in x1 and joins the common path.
 */
	.macro	vector_entry kind
	.balign	GUEST_VECTOR_ENTRY_SIZE
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x1, #\kind
	b	guest_vector_common
	.endm

/*
 * Spins until the virtual counter reaches \target, counting turns in
 * \count; \tmp is scratch. Four instructions a turn, the same wherever
 * it is expanded: guest_spins_to_tick() measures what a turn costs.
 */
	.macro	spin_to_tick target, count, tmp
1:	mrs	\tmp, cntvct_el0
	add	\count, \count, #1
	cmp	\tmp, \target
	b.lo	1b
	.endm

/*
 * The IRQ entry this guest's interrupts arrive at (current EL, SP_ELx):
 * before anything else it notes the counter tick it is in and how many
 * spin turns remain until the next tick, so the entry time is known to a
 * turn, not just to a tick (16 ns on QEMU virt): entry = next tick - turns
 * * turn cost. guest_irq_stamp holds {next tick, turns}.
 */
	.macro	irq_stamp_entry kind
	.balign	GUEST_VECTOR_ENTRY_SIZE
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
	mrs	x0, cntvct_el0
	add	x0, x0, #1
	mov	x1, xzr
	stp	x2, x3, [sp, #16]
	spin_to_tick x0, x1, x2
	adrp	x2, guest_irq_stamp
	add	x2, x2, :lo12:guest_irq_stamp
	stp	x0, x1, [x2]
	ldp	x2, x3, [sp, #16]
	mov	x1, #\kind
	b	guest_vector_common
	.endm

/* uint64_t guest_spins_to_tick(uint64_t tick): turns until the counter
 * reaches tick. */
	.text
	.globl	guest_spins_to_tick
guest_spins_to_tick:
	mov	x1, xzr
	spin_to_tick x0, x1, x2
	mov	x0, x1
	ret

	.section .text.vectors, "ax"
	.balign	(1 << GUEST_VECTOR_ALIGN_LOG2)
	.globl	guest_vectors
guest_vectors:
	vector_entry 0	/* current EL, SP_EL0: sync */
	vector_entry 1	/*                      irq */
	vector_entry 2	/*                      fiq */
	vector_entry 3	/*                      serror */
	vector_entry 4	/* current EL, SP_ELx: sync */
	irq_stamp_entry 5
	vector_entry 6
	vector_entry 7
	vector_entry 8	/* lower EL, AArch64 */
	vector_entry 9
	vector_entry 10
	vector_entry 11
	vector_entry 12	/* lower EL, AArch32 */
	vector_entry 13
	vector_entry 14
	vector_entry 15
	/* Exactly 16 entries: .org fails to assemble if we went past. */
	.org	guest_vectors + 16 * GUEST_VECTOR_ENTRY_SIZE

/* x0/x1 saved, x1 = kind. Save the rest, call C, restore (the handler may
 * have changed any of it, ELR in particular) and return. */
guest_vector_common:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	str	x30, [sp, #16 * 15]
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	stp	x2, x3, [sp, #GUEST_FRAME_ELR]
	mrs	x2, esr_el1
	mrs	x3, far_el1
	stp	x2, x3, [sp, #GUEST_FRAME_ESR]

	mov	x0, sp
	bl	guest_exception

	ldp	x2, x3, [sp, #GUEST_FRAME_ELR]
	msr	elr_el1, x2
	msr	spsr_el1, x3
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
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	add	sp, sp, #GUEST_FRAME_SIZE
	eret
