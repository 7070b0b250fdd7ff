/* SPDX-License-Identifier: MIT */
/*
 * The physical console's commands: Ctrl-] then a key (core/console.h
 * reads them). A digit moves the input focus to that partition; the other
 * keys are a table of key, handler and help text (console_commands.c).
 */
#ifndef SK_CORE_CONSOLE_COMMANDS_H
#define SK_CORE_CONSOLE_COMMANDS_H

/* Runs the command of key; an unknown key prints the help. The console's
 * command handler (console_set_command_handler). */
void console_command_run(char key);

#endif
