/* SPDX-License-Identifier: MIT */
/*
 * Round-trip loops of the benchmark guest. Each measured loop has a twin
 * that is the same instruction for instruction except that the operation
 * under test is a NOP, so (measured - twin) / n is what one operation
 * costs beyond one instruction: under `-icount shift=0` virtual time is one
 * nanosecond per instruction, so that is the instructions it made the
 * board execute (in the hypervisor included).
 *
 * All take n (> 0) in x0 and count in x9, which neither SMCCC (shikiri
 * preserves x4-x17) nor Xen's hypercall ABI (x0-x4 and x16 only) clobbers.
 */

/* void bench_loop_shikiri_hvc(uint64_t n, uint64_t function_id) */
	.text
	.globl	bench_loop_shikiri_hvc
bench_loop_shikiri_hvc:
	mov	x9, x0
	mov	x10, x1
1:	mov	x0, x10
	hvc	#0
	subs	x9, x9, #1
	b.ne	1b
	ret

/* void bench_loop_smc(uint64_t n, uint64_t function_id): the same through
 * SMC #0 (which shikiri traps; its twin is bench_loop_shikiri_nop). */
	.globl	bench_loop_smc
bench_loop_smc:
	mov	x9, x0
	mov	x10, x1
1:	mov	x0, x10
	smc	#0
	subs	x9, x9, #1
	b.ne	1b
	ret

/* void bench_loop_hvc_arg(uint64_t n, uint64_t function_id, uint64_t arg):
 * an SMCCC call with an argument in x1 (SMCCC_ARCH_FEATURES). */
	.globl	bench_loop_hvc_arg
bench_loop_hvc_arg:
	mov	x9, x0
	mov	x10, x1
	mov	x11, x2
1:	mov	x0, x10
	mov	x1, x11
	hvc	#0
	subs	x9, x9, #1
	b.ne	1b
	ret

	.globl	bench_loop_hvc_arg_nop
bench_loop_hvc_arg_nop:
	mov	x9, x0
	mov	x10, x1
	mov	x11, x2
1:	mov	x0, x10
	mov	x1, x11
	nop
	subs	x9, x9, #1
	b.ne	1b
	ret

	.globl	bench_loop_shikiri_nop
bench_loop_shikiri_nop:
	mov	x9, x0
	mov	x10, x1
1:	mov	x0, x10
	nop
	subs	x9, x9, #1
	b.ne	1b
	ret

/* void bench_loop_xen_hvc(uint64_t n): xen_version(XENVER_version, NULL),
 * the cheapest call Xen has (hypercall 17, HVC #0xEA1). */
#define XEN_HYPERCALL_XEN_VERSION 17

	.globl	bench_loop_xen_hvc
bench_loop_xen_hvc:
	mov	x9, x0
1:	mov	x16, #XEN_HYPERCALL_XEN_VERSION
	mov	x0, xzr
	mov	x1, xzr
	hvc	#0xea1
	subs	x9, x9, #1
	b.ne	1b
	ret

	.globl	bench_loop_xen_nop
bench_loop_xen_nop:
	mov	x9, x0
1:	mov	x16, #XEN_HYPERCALL_XEN_VERSION
	mov	x0, xzr
	mov	x1, xzr
	nop
	subs	x9, x9, #1
	b.ne	1b
	ret

/* void bench_loop_read32(uint64_t n, uint64_t addr): a device register
 * read (a plain LDR, so a hypervisor can emulate it). */
	.globl	bench_loop_read32
bench_loop_read32:
	mov	x9, x0
1:	ldr	w10, [x1]
	subs	x9, x9, #1
	b.ne	1b
	ret

	.globl	bench_loop_read32_nop
bench_loop_read32_nop:
	mov	x9, x0
1:	nop
	subs	x9, x9, #1
	b.ne	1b
	ret
