/* SPDX-License-Identifier: MIT */
/* Host stand-in for the spin-loop hint: host tests never contend. */
#include "arch/arm64/cpu.h"

void arch_cpu_relax(void)
{
}
