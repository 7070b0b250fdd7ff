/* SPDX-License-Identifier: MIT */
/*
 * shikiri-pack's command line, separate from main() so tests can run the
 * whole tool in-process:
 *   shikiri-pack --check CONFIG [-I DIR]...
 *   shikiri-pack --hypervisor HYP.bin -o OUT.img [-I DIR]... CONFIG
 * Returns the exit status: 0 success, 1 errors found, 2 bad usage.
 */
#ifndef SK_TOOLS_PACK_CLI_H
#define SK_TOOLS_PACK_CLI_H

#define PACK_EXIT_OK     0
#define PACK_EXIT_ERRORS 1
#define PACK_EXIT_USAGE  2

int pack_cli_main(int argc, char **argv);

#endif /* SK_TOOLS_PACK_CLI_H */
