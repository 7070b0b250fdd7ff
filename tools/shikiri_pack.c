/* SPDX-License-Identifier: MIT */
/* shikiri-pack: validates a system configuration and packs it with the
 * hypervisor and the guest images into one bootable file. */
#include "pack_cli.h"

int main(int argc, char **argv)
{
	return pack_cli_main(argc, argv);
}
