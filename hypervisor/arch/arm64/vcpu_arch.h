/* SPDX-License-Identifier: MIT */
/* Entering a vCPU at EL1 as a boot loader would (Linux arm64 boot protocol). */
#ifndef SK_ARCH_ARM64_VCPU_ARCH_H
#define SK_ARCH_ARM64_VCPU_ARCH_H

#include <stdint.h>

#include "core/panic.h"

struct vcpu;

/* Resets the EL1 state and this CPU's virtual GIC interface, activates the
 * partition's stage-2 and timer offset, and enters the guest at pc with
 * x0 = x0, MMU off, interrupts masked. Discards this CPU's EL2 stack. */
SK_NORETURN void vcpu_arch_enter(struct vcpu *v, uint64_t pc, uint64_t x0);
/* Makes this CPU v's: its identity (VPIDR/VMPIDR), its partition's timer
 * offset and stage-2 tables. */
void vcpu_arch_activate(const struct vcpu *v);
/* Gives up this CPU's vCPU: discards the EL2 stack and waits, interrupts
 * on, for a kick (vcpu_idle_kick decides what it means). */
SK_NORETURN void vcpu_arch_park(void);
/* This CPU's EL2 timer: the earliest watchdog of the partitions whose
 * vCPU 0 runs here, or off. */
void watchdog_arm_cpu(void);

#endif
