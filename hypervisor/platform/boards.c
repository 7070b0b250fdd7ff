/* SPDX-License-Identifier: MIT */
/* The boards shikiri knows; each is a file in hypervisor/platform/<board>/. */
#include "platform/board.h"

const struct board_desc *const board_descs[BOARD_DESC_COUNT] = {
	&board_qemu_virt,
	&board_imx8mp_evk,
	&board_zcu102,
};
