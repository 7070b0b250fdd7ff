// SPDX-License-Identifier: MIT
/* Words of /chosen/bootargs: how a loader tells a guest where it runs. */
#include "bootargs.h"

#include <stddef.h>

#include "lib/fdt.h"

/* The device tree may be anywhere the loader put it; we read at most this. */
#define DTB_MAX_SIZE 0x100000u

static bool word_at(const char *p, const char *end, const char *word)
{
	while (p < end && *word != '\0' && *p == *word) {
		p++;
		word++;
	}
	return *word == '\0' && (p == end || *p == ' ' || *p == '\0');
}

bool guest_bootargs_has(uint64_t dtb, const char *word)
{
	struct fdt fdt;
	const char *args;
	uint32_t len;
	int node;

	if (dtb == 0 || fdt_open(&fdt, (const void *)(uintptr_t)dtb, DTB_MAX_SIZE) != 0)
		return false;
	node = fdt_find_node(&fdt, "/chosen");
	args = node >= 0 ? fdt_get_prop(&fdt, node, "bootargs", &len) : NULL;
	if (args == NULL)
		return false;
	for (const char *p = args, *end = args + len; p < end && *p != '\0'; p++) {
		if ((p == args || p[-1] == ' ') && word_at(p, end, word))
			return true;
	}
	return false;
}
