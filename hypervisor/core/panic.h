/* SPDX-License-Identifier: MIT */
/*
 * Fatal errors inside the hypervisor. A panic prints what failed, where and
 * with which values, stops every other CPU, and halts. Refusals (a
 * configuration the board cannot run) use system_halt() after saying why.
 */
#ifndef SK_CORE_PANIC_H
#define SK_CORE_PANIC_H

#define SK_NORETURN __attribute__((noreturn))

SK_NORETURN void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Stops every CPU (others by IPI, this one last) after one message. */
SK_NORETURN void system_halt(const char *why);
/* A refusal at boot (the system cannot run on this board): system_halt,
 * then the machine is powered off (PSCI SYSTEM_OFF), so that nothing
 * waits on a board that will never run it (QEMU exits); halts if the
 * firmware returns. */
SK_NORETURN void system_refuse(const char *why);
/* Called on a CPU that received the halt request. */
SK_NORETURN void cpu_halt_self(void);

/* For multi-line reports (register dumps): begin stops the other CPUs,
 * each line is written even if the console lock is never released, end
 * halts this CPU. */
void panic_begin(void);
void panic_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
SK_NORETURN void panic_end(void);

#endif
