/* SPDX-License-Identifier: MIT */
/*
 * Facts of the Power State Coordination Interface (Arm DEN0022D, PSCI 1.0)
 * and of the SMC Calling Convention's architecture calls (Arm DEN0028,
 * SMCCC 1.1) that several layers need: the hypervisor calls the firmware's
 * PSCI (arch/arm64/psci.c), emulates PSCI for its partitions
 * (core/vpsci.c), and the unit tests and fuzzers check that emulation
 * against the spec. Numbers only, no code, so every folder may include it.
 */
#ifndef SK_SPEC_PSCI_H
#define SK_SPEC_PSCI_H

/* PSCI function IDs (DEN0022D 5.1, Table 5). _32 is the SMC32/HVC32
 * convention, _64 the SMC64/HVC64 one (bit 30, DEN0028 2.5). */
#define PSCI_VERSION             0x84000000u
#define PSCI_CPU_SUSPEND_32      0x84000001u
#define PSCI_CPU_SUSPEND_64      0xc4000001u
#define PSCI_CPU_OFF             0x84000002u
#define PSCI_CPU_ON_32           0x84000003u
#define PSCI_CPU_ON_64           0xc4000003u
#define PSCI_AFFINITY_INFO_32    0x84000004u
#define PSCI_AFFINITY_INFO_64    0xc4000004u
#define PSCI_MIGRATE             0x84000005u
#define PSCI_MIGRATE_INFO_TYPE   0x84000006u
#define PSCI_MIGRATE_INFO_UP_CPU 0x84000007u
#define PSCI_SYSTEM_OFF          0x84000008u
#define PSCI_SYSTEM_RESET        0x84000009u
#define PSCI_FEATURES            0x8400000au
#define PSCI_CPU_FREEZE          0x8400000bu
#define PSCI_CPU_DEFAULT_SUSPEND_32 0x8400000cu
#define PSCI_SYSTEM_SUSPEND_32   0x8400000eu
#define PSCI_SYSTEM_SUSPEND_64   0xc400000eu
#define PSCI_SYSTEM_RESET2       0x84000012u

/* PSCI return codes (DEN0022D 5.2.2, Table 6). */
#define PSCI_RET_SUCCESS          0
#define PSCI_RET_NOT_SUPPORTED    (-1)
#define PSCI_RET_INVALID_PARAMS   (-2)
#define PSCI_RET_DENIED           (-3)
#define PSCI_RET_ALREADY_ON       (-4)
#define PSCI_RET_ON_PENDING       (-5)
#define PSCI_RET_INTERNAL_FAILURE (-6)
#define PSCI_RET_NOT_PRESENT      (-7)
#define PSCI_RET_DISABLED         (-8)
#define PSCI_RET_INVALID_ADDRESS  (-9)

/* PSCI_VERSION's answer for 1.0: major in bits [30:16], minor in [15:0]
 * (DEN0022D 5.1.1). */
#define PSCI_VERSION_1_0 0x00010000u

/* AFFINITY_INFO answers (DEN0022D 5.7.2). */
#define PSCI_AFF_ON         0u
#define PSCI_AFF_OFF        1u
#define PSCI_AFF_ON_PENDING 2u

/* MIGRATE_INFO_TYPE: no Trusted OS needing migration (DEN0022D 5.9.2). */
#define PSCI_TOS_NOT_PRESENT 2u

/* A function ID's owning entity: bits [29:24] (DEN0028 2.5, Table 2-1;
 * 6.1, Table 6-1). Only the two hypervisor services are addressed to a
 * hypervisor; every other one is the firmware's (Arm architecture, CPU,
 * SiP, OEM, standard secure incl. PSCI, trusted applications and OS). */
#define SMCCC_OWNER_SHIFT       24u
#define SMCCC_OWNER_MASK        0x3fu
#define SMCCC_OWNER_ARCH        0u
#define SMCCC_OWNER_CPU         1u
#define SMCCC_OWNER_SIP         2u
#define SMCCC_OWNER_OEM         3u
#define SMCCC_OWNER_STD_SECURE  4u
#define SMCCC_OWNER_STD_HYP     5u
#define SMCCC_OWNER_VENDOR_HYP  6u
#define SMCCC_OWNER_TRUSTED_APP_FIRST 48u
#define SMCCC_OWNER_TRUSTED_OS_FIRST  50u

/* SMCCC architecture call IDs (DEN0028 7). */
#define SMCCC_VERSION           0x80000000u
#define SMCCC_ARCH_FEATURES     0x80000001u
#define SMCCC_ARCH_SOC_ID       0x80000002u
/* The CPU-erratum workarounds (DEN0028 7.5-7.7). */
#define SMCCC_ARCH_WORKAROUND_1 0x80008000u
#define SMCCC_ARCH_WORKAROUND_2 0x80007fffu
#define SMCCC_ARCH_WORKAROUND_3 0x80003fffu

/* SMCCC_VERSION's answer for 1.1 (DEN0028 7.2). */
#define SMCCC_VERSION_1_1 0x00010001u
/* SMCCC_ARCH_FEATURES' answer for a workaround this PE does not need
 * (DEN0028 7.3). */
#define SMCCC_WORKAROUND_NOT_REQUIRED 1

#endif
