/* SPDX-License-Identifier: MIT */
/*
 * The layout of a PE's affinity as MPIDR_EL1 (Arm ARM D19.2.88) gives it:
 * what the boot device tree's /cpus reg holds, what PSCI CPU_ON and
 * AFFINITY_INFO take (DEN0022D 5.1.4), and what a vCPU's VMPIDR_EL2 shows.
 * Numbers only, no code, so every folder may include it.
 */
#ifndef SK_SPEC_MPIDR_H
#define SK_SPEC_MPIDR_H

/* Aff3 (bits 39:32) and Aff2..Aff0 (bits 23:0), without the U (30) and
 * MT (24) bits and bit 31 (RES1 in MPIDR_EL1, 0 in a PSCI target). */
#define MPIDR_AFF_MASK  0xff00ffffffull
/* Aff0 (bits 7:0): the lowest affinity level. */
#define MPIDR_AFF0_MASK 0xffull

#endif
