// SPDX-License-Identifier: MIT
/*
 * The RTOS image: one arm64 Image that runs bare on QEMU (entered at EL1 or
 * EL2, console on the PL011) and in a shikiri partition (console through
 * the hypercall ABI). /chosen/bootargs says which: "console=shikiri", and
 * which application: "app=selftest" (the system tests' checks), otherwise
 * the demo.
 */
#include "arch/arm64/rtos_arm64.h"
#include "apps/apps.h"
#include "bootargs.h"
#include "console.h"
#include "guest.h"

int main(uint64_t dtb)
{
	bool shikiri = guest_bootargs_has(dtb, "console=shikiri");
	bool selftest = guest_bootargs_has(dtb, "app=selftest");

	guest_console_select(shikiri ? GUEST_CONSOLE_SHIKIRI : GUEST_CONSOLE_PL011);
	guest_printf("rtos: %s on %s\n", selftest ? "selftest" : "demo",
		     shikiri ? "shikiri" : "bare metal");
	(void)rtos_arch_start(selftest ? &rtos_selftest_config : &rtos_demo_config);
	guest_halt();
}
