// SPDX-License-Identifier: MIT
/*
 * The RTOS image: one arm64 Image that runs bare on QEMU (entered at EL1 or
 * EL2, console on the PL011) and in a shikiri partition (console through
 * the hypercall ABI). /chosen/bootargs says which: "console=shikiri", and
 * which application: "app=selftest" (the system tests' checks),
 * "app=bench" (bench/run.py), otherwise the demo.
 */
#include "arch/arm64/rtos_arm64.h"
#include "apps/apps.h"
#include "bootargs.h"
#include "console.h"
#include "guest.h"

int main(uint64_t dtb)
{
	bool shikiri = guest_bootargs_has(dtb, "console=shikiri");
	const char *app = "demo";
	const struct rtos_config *cfg = &rtos_demo_config;

	if (guest_bootargs_has(dtb, "app=selftest")) {
		app = "selftest";
		cfg = &rtos_selftest_config;
	} else if (guest_bootargs_has(dtb, "app=bench")) {
		app = "bench";
		cfg = &rtos_bench_config;
	}
	guest_console_select(shikiri ? GUEST_CONSOLE_SHIKIRI : GUEST_CONSOLE_PL011);
	rtos_arch_set_partition(shikiri);
	guest_printf("rtos: %s on %s\n", app, shikiri ? "shikiri" : "bare metal");
	(void)rtos_arch_start(cfg);
	guest_halt();
}
