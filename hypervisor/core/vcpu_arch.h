/* SPDX-License-Identifier: MIT */
/*
 * The vCPU hooks core calls and the arch implements (arch/arm64/vcpu_arch.c):
 * entering a vCPU at EL1 as a boot loader would (Linux arm64 boot
 * protocol), and leaving it.
 */
#ifndef SK_CORE_VCPU_ARCH_H
#define SK_CORE_VCPU_ARCH_H

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
/* v turns off; every way a vCPU turns off (PSCI CPU_OFF, SYSTEM_OFF and
 * SYSTEM_RESET, a manager's stop or restart, a fault policy, the watchdog)
 * ends here, on v's CPU, for the vCPU running here and for one switched out
 * of a shared CPU alike. Nothing it left stays: when it is the vCPU on
 * this CPU, vcpu_arch_vacate; when switched out, its saved state is
 * dropped. Then v is marked off (others wait for that). */
void vcpu_arch_retire(struct vcpu *v);
/* Clears everything the vCPU on this CPU left in it: its virtual timer
 * (CNTV_CTL/CVAL), the forwarded timer PPI's physical active state, the
 * timer fast path (percpu.arch.vtf_on), the virtual CPU interface (list
 * registers, active priorities, VMCR); stage-1 walks off
 * (vcpu_arch_walks_off). Interrupts masked. */
void vcpu_arch_vacate(void);
/* No stage-1 walk through this CPU's EL1 registers (TCR_EL1.EPD0/1) until
 * a vCPU's own TCR_EL1 is written again: before VTTBR_EL2 changes to
 * another VMID (Cortex-A57/A72 errata 1319537/1319367: a speculative AT
 * could otherwise cache one partition's stage-1 walk under another's
 * VMID; KVM does the same). */
void vcpu_arch_walks_off(void);
/* Gives up this CPU's retired vCPU: discards the EL2 stack and waits, interrupts
 * on, for a kick (vcpu_idle_kick, core/lifecycle.h, decides what it means). */
SK_NORETURN void vcpu_arch_park(void);
/* The watchdogs' hook: this CPU's EL2 timer (CNTHP, PPI 26) set to the
 * earliest watchdog deadline of the partitions whose vCPU 0 runs here
 * (watchdog_cpu_deadline), or stopped when there is none. */
void watchdog_arch_timer_update(void);

#endif
