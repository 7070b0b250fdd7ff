/* SPDX-License-Identifier: MIT */
#include "core/panic.h"

#include <stdarg.h>
#include <stdbool.h>

#include "arch/cpu.h"
#include "arch/gic.h"
#include "arch/psci.h"
#include "core/console.h"
#include "core/log.h"
#include "core/percpu.h"
#include "lib/fmt.h"

static uint32_t panic_in_progress;

SK_NORETURN void cpu_halt_self(void)
{
	arch_cpu_halt();
}

static uint32_t panic_cpu_id(void)
{
	struct percpu *pc = this_cpu();

	return pc != NULL ? pc->id : 0;
}

void panic_begin(void)
{
	/* A second CPU failing at the same time only halts: one report. */
	if (__atomic_exchange_n(&panic_in_progress, 1u, __ATOMIC_ACQ_REL) != 0)
		cpu_halt_self();
	gic_send_halt_to_others();
}

void panic_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vline(true, fmt, ap);
	va_end(ap);
}

SK_NORETURN void panic_end(void)
{
	panic_line("all CPUs stopped");
	cpu_halt_self();
}

SK_NORETURN void system_halt(const char *why)
{
	panic_begin();
	panic_line("system halted: %s", why);
	cpu_halt_self();
}

SK_NORETURN void system_refuse(const char *why)
{
	panic_begin();
	panic_line("system halted: %s", why);
	panic_line("powering off");
	psci_system_off();
	cpu_halt_self();
}

SK_NORETURN void panic(const char *fmt, ...)
{
	char buf[CONSOLE_LINE_MAX];
	va_list ap;

	panic_begin();
	va_start(ap, fmt);
	(void)sk_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	panic_line("PANIC on CPU %u: %s", panic_cpu_id(), buf);
	panic_end();
}
