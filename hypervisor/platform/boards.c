/* SPDX-License-Identifier: MIT */
/* The boards shikiri knows; each is a file in hypervisor/platform/<board>/. */
#include "platform/board.h"

#include <stddef.h>

extern const struct board_desc board_qemu_virt;
extern const struct board_desc board_imx8mp_evk;
extern const struct board_desc board_zcu102;

const struct board_desc *const board_descs[] = {
	&board_qemu_virt,
	&board_imx8mp_evk,
	&board_zcu102,
	NULL,
};
