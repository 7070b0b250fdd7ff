/* SPDX-License-Identifier: MIT */
/*
 * Facts of the Arm generic timer (Arm ARM D11, D13.8) that several layers
 * need: the arch programs the timers (arch/arm64/sched_switch.c), the
 * scheduler in core reads a switched-out vCPU's saved virtual timer
 * through arch/vcpu.h, and the unit tests set one. Numbers only, no code.
 */
#ifndef SK_SPEC_TIMER_H
#define SK_SPEC_TIMER_H

#include <stdint.h>

/* The generic timers' control registers, CNTV_CTL_EL0, CNTP_CTL_EL0 and
 * CNTHP_CTL_EL2, share one layout (Arm ARM D13.8). */
#define CNT_CTL_ENABLE  (UINT64_C(1) << 0)
#define CNT_CTL_IMASK   (UINT64_C(1) << 1) /* output masked */
#define CNT_CTL_ISTATUS (UINT64_C(1) << 2) /* condition met (read only) */

#endif
