/* SPDX-License-Identifier: MIT */
/*
 * Entry point. The image starts with a Linux arm64 Image header
 * (Documentation/arch/arm64/booting.rst) so that QEMU's -kernel and U-Boot's
 * booti load and enter it like a kernel: at EL2, MMU off, x0 = device tree.
 *
 * shikiri is linked at address 0 as a position-independent executable and
 * applies its own R_AARCH64_RELATIVE relocations here, before any C code,
 * so it runs wherever the boot loader put it.
 */
#include "arch/asm_offsets.h"

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	/* image_size: the whole footprint, bss too. Two absolute 32-bit
	 * halves, so the linker resolves it without a run-time relocation. */
	.long	__hyp_image_size_lo
	.long	__hyp_image_size_hi
	.quad	0xa			/* flags: LE, 4K pages, any 4K-aligned base */
	.quad	0, 0, 0			/* res2..res4 */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* res5 */

primary_entry:
	mov	x19, x0			/* boot device tree */
	adr	x20, _start		/* where we were loaded */
	msr	daifset, #0xf
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	bl	relocate
	bl	clear_bss
	/* Refuse any exception level but EL2, loudly (on the console the
	 * device tree names). */
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.ne	1f
	msr	tpidr_el2, xzr		/* no per-CPU data yet */
	adrp	x0, el2_vectors
	add	x0, x0, :lo12:el2_vectors
	msr	vbar_el2, x0
	isb
	mov	x0, x19
	mov	x1, x20
	bl	boot_main		/* does not return */
	b	hang
1:	lsr	x0, x0, #2
	mov	x1, x19			/* the device tree names the console */
	bl	boot_wrong_el		/* prints, then hangs */
	b	hang

/*
 * Secondary CPUs arrive here from PSCI CPU_ON with x0 = context id = the
 * CPU's logical index (checked by secondary_main against its MPIDR).
 */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	msr	tpidr_el2, xzr
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	hang
	/*
	 * MMU and caches on before the first store, with the boot CPU's
	 * registers (struct el2_mmu_regs, cleaned to memory by the boot CPU):
	 * nothing this CPU writes is ever seen with two cacheabilities.
	 */
	adrp	x1, el2_mmu_regs
	add	x1, x1, :lo12:el2_mmu_regs
	ldp	x2, x3, [x1]		/* mair, tcr */
	ldp	x4, x5, [x1, #16]	/* ttbr, sctlr */
	msr	mair_el2, x2
	msr	tcr_el2, x3
	msr	ttbr0_el2, x4
	isb
	tlbi	alle2
	dsb	sy
	isb
	msr	sctlr_el2, x5
	isb
	adrp	x1, cpu_stacks
	add	x1, x1, :lo12:cpu_stacks
	add	x2, x19, #1
	mov	x3, #CPU_STACK_SIZE
	madd	x1, x2, x3, x1		/* top of this CPU's stack */
	mov	sp, x1
	adrp	x0, el2_vectors
	add	x0, x0, :lo12:el2_vectors
	msr	vbar_el2, x0
	isb
	mov	x0, x19
	bl	secondary_main		/* does not return */
hang:
	wfi
	b	hang

/* Applies .rela.dyn: *(base + offset) = base + addend for each RELATIVE. */
relocate:
	adrp	x1, __rela_start
	add	x1, x1, :lo12:__rela_start
	adrp	x2, __rela_end
	add	x2, x2, :lo12:__rela_end
	mov	x5, #R_AARCH64_RELATIVE
2:	cmp	x1, x2
	b.hs	3f
	ldp	x3, x4, [x1], #16	/* r_offset, r_info */
	ldr	x6, [x1], #8		/* r_addend */
	cmp	x4, x5
	b.ne	2b			/* nothing else is emitted (checked at link) */
	add	x6, x6, x20
	str	x6, [x3, x20]
	b	2b
3:	ret

clear_bss:
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
	/* 64 bytes a turn (both ends are 64-byte aligned, shikiri.ld): the
	 * bss is over a MiB and this is most of what boot costs. Not DC ZVA:
	 * with the MMU off memory is Device, where DC ZVA faults. */
4:	cmp	x1, x2
	b.hs	5f
	stp	xzr, xzr, [x1]
	stp	xzr, xzr, [x1, #16]
	stp	xzr, xzr, [x1, #32]
	stp	xzr, xzr, [x1, #48]
	add	x1, x1, #64
	b	4b
5:	ret

	.section .bss.stacks, "aw", %nobits
	.balign 16
	.global cpu_stacks
cpu_stacks:
	.space	CPU_STACK_SIZE * SK_MAX_CPUS_ASM
boot_stack:
	.space	CPU_STACK_SIZE
	.global boot_stack_top
boot_stack_top:
