/* SPDX-License-Identifier: MIT */
#include "core/console_commands.h"

#include <stddef.h>

#include "core/log.h"
#include "core/manage.h"
#include "core/partition.h"
#include "core/resources.h"
#include "lib/array.h"
#include "lib/fmt.h"

/* The help line: the focus keys first, then each command's text. */
#define CONSOLE_HELP_MAX 192u

struct console_command {
	char key;
	void (*run)(void);
	const char *help; /* what the key does, as the help line says it */
};

static const struct console_command console_commands[] = {
	{ .key = 's', .run = manage_print_stats, .help = "'s' prints statistics" },
	{ .key = 'r', .run = resources_print, .help = "'r' resources" },
};

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
	log_line("console: Ctrl-] then a partition number (0-%u, with a console) moves the input focus%s",
		 partition_count() - 1u, line);
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
