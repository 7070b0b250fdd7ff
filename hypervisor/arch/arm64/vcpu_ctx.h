/* SPDX-License-Identifier: MIT */
/*
 * The state of a vCPU that is not on its CPU (shared CPUs,
 * docs/scheduling.md): everything a guest at EL1 can see or change of a
 * processor, so that whoever runs next sees none of it and the vCPU
 * continues exactly where it was.
 */
#ifndef SK_ARCH_ARM64_VCPU_CTX_H
#define SK_ARCH_ARM64_VCPU_CTX_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/gic/vgic_arch.h"
#include "arch/arm64/trap_frame.h"

/* EL1 and EL0 system registers (vcpu_switch.c lists them). */
#define VCPU_EL1_REGS 23u

/* FP/SIMD: V0-V31 and the two control registers (Arm ARM A1.4, C5.2). */
struct fpsimd_state {
	uint64_t v[64];
	uint64_t fpsr;
	uint64_t fpcr;
};

struct vcpu_ctx {
	struct trap_frame frame;           /* general registers, PC, PSTATE */
	uint64_t el1[VCPU_EL1_REGS];
	struct fpsimd_state fp __attribute__((aligned(16)));
	uint64_t cntv_ctl;                 /* its virtual timer */
	uint64_t cntv_cval;
	struct vgic_cpu_state gic;         /* its virtual CPU interface */
};

#endif
