/* SPDX-License-Identifier: MIT */
/* Layout constants shared by assembly and C. C asserts them at compile time
 * (arch/trap_frame.h), so a mismatch cannot build. */
#ifndef SK_ARCH_ASM_OFFSETS_H
#define SK_ARCH_ASM_OFFSETS_H

/* struct trap_frame: x0..x30, elr, spsr, pad */
#define FRAME_ELR    (31 * 8)
#define FRAME_SPSR   (32 * 8)
#define FRAME_SIZE   (34 * 8)

#define CPU_STACK_SIZE 16384
/* Must equal SK_MAX_CPUS (checked in C). */
#define SK_MAX_CPUS_ASM 8

/* Vector kinds passed to the C handlers. */
#define VEC_CUR_SP0_SYNC   0
#define VEC_CUR_SPX_SYNC   4
#define VEC_CUR_SPX_IRQ    5
#define VEC_CUR_SPX_FIQ    6
#define VEC_CUR_SPX_SERROR 7
#define VEC_LOW64_SYNC     8
#define VEC_LOW64_IRQ      9
#define VEC_LOW64_FIQ      10
#define VEC_LOW64_SERROR   11
#define VEC_LOW32_SYNC     12
#define VEC_LOW32_IRQ      13
#define VEC_LOW32_FIQ      14
#define VEC_LOW32_SERROR   15

/* struct percpu (core/percpu.h): the timer fast path's fields, in its arch
 * half (struct percpu_arch, arch/percpu.h; checked in arch/arm64/irq.c). */
#define PERCPU_VTF_ON      40
#define PERCPU_VTF_LR      48
#define PERCPU_VTF_HELD    56
#define PERCPU_PREACKED    64
#define PERCPU_VTF_COUNT   72
#define PREACKED_VALID     0x80000000

/* ELF relocation type for position-independent self-relocation. */
#define R_AARCH64_RELATIVE 1027

#endif
