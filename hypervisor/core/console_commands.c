/* SPDX-License-Identifier: MIT */
#include "core/console_commands.h"

#include <stddef.h>

#include "core/log.h"
#include "core/manage.h"
#include "core/partition.h"
#include "core/resources.h"
#include "lib/array.h"
#include "lib/fmt.h"

/* The help: the focus keys, then each command's key and text. */
#define CONSOLE_HELP_MAX 192u

struct console_command {
	char key;
	void (*run)(void);
	const char *help; /* what the key does, as the help line says it */
};

static void console_command_help(void);
static void console_command_list(void);

static const struct console_command console_commands[] = {
	{ .key = '?', .run = console_command_help, .help = "'?' this help" },
	{ .key = 'l', .run = console_command_list, .help = "'l' lists partitions" },
	{ .key = 's', .run = manage_print_stats, .help = "'s' prints statistics" },
	{ .key = 'r', .run = resources_print, .help = "'r' resources" },
};

static const char *console_command_console_name(uint32_t console)
{
	switch (console) {
	case SK_CONSOLE_PL011:
		return "terminal (PL011)";
	case SK_CONSOLE_HYPERCALL:
		return "hypercall";
	case SK_CONSOLE_NONE:
		return "none";
	default:
		return "?";
	}
}

/* Who has the keyboard (and the terminal: core/console.h). */
static void console_command_focus_line(void)
{
	const struct partition *f = partition_input_focus();

	if (f == NULL)
		log_line("console: the keyboard goes to no partition");
	else
		log_line("console: partition %u '%s' has the keyboard and the terminal",
			 f->id, f->cfg->name);
}

static void console_command_help(void)
{
	char line[CONSOLE_HELP_MAX];
	size_t used = 0;

	for (size_t i = 0; i < ARRAY_SIZE(console_commands) && used < sizeof(line); i++) {
		int n = sk_snprintf(line + used, sizeof(line) - used, ", %s",
				    console_commands[i].help);

		if (n < 0)
			break;
		used += (size_t)n;
	}
	line[used < sizeof(line) ? used : sizeof(line) - 1u] = '\0';
	log_line("console: Ctrl-] then a partition number (0-%u, with a console) moves the input focus, Ctrl-] sends Ctrl-]",
		 partition_total() - 1u);
	/* line starts with ", " (the table is never empty). */
	log_line("console: Ctrl-] then%s", used > 0u ? line + 1 : line);
	console_command_focus_line();
}

/* One line per partition: id, name, state, vCPUs, console, restarts, and
 * which has the keyboard. */
static void console_command_list(void)
{
	const struct partition *f = partition_input_focus();

	for (uint32_t i = 0; i < partition_total(); i++) {
		const struct partition *p = partition_get(i);

		if (p == NULL)
			continue;
		log_line("partition %u '%s': %s, %u vCPU%s, console %s, restarts %u%s",
			 p->id, p->cfg->name,
			 __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING
				 ? "running" : "stopped",
			 p->vcpu_count, p->vcpu_count == 1u ? "" : "s",
			 console_command_console_name(p->cfg->console),
			 __atomic_load_n(&p->restarts, __ATOMIC_RELAXED),
			 p == f ? ", has the keyboard" : "");
	}
}

/* A digit: the input focus to that partition, if it has a console. */
static bool console_command_focus(char key)
{
	struct partition *p;

	if (key < '0' || key > '9')
		return false;
	p = partition_get((uint32_t)(key - '0'));
	if (p == NULL || p->cfg->console == SK_CONSOLE_NONE)
		return false;
	partition_set_focus(p);
	log_line("input focus: partition %u '%s'", p->id, p->cfg->name);
	return true;
}

void console_command_run(char key)
{
	for (size_t i = 0; i < ARRAY_SIZE(console_commands); i++) {
		if (console_commands[i].key == key) {
			console_commands[i].run();
			return;
		}
	}
	if (!console_command_focus(key))
		console_command_help();
}
