/* SPDX-License-Identifier: MIT */
/* Host stand-ins for the spin-loop hint (host tests never contend) and the
 * speculation barrier (host tests do not speculate about guests). */
#include "arch/cpu.h"

void arch_cpu_relax(void)
{
}

void arch_speculation_barrier(void)
{
}

/* Tests choose the CPU (test_vpsci.c); by default one that needs the
 * Spectre workarounds. */
bool fake_cpu_speculation_safe;

bool arch_cpu_speculation_safe(void)
{
	return fake_cpu_speculation_safe;
}
