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

/* /chosen/bootargs of the device tree at dtb, or NULL. */
static const char *bootargs_of(uint64_t dtb, uint32_t *len)
{
	static struct fdt fdt;
	int node;

	if (dtb == 0 || fdt_open(&fdt, (const void *)(uintptr_t)dtb, DTB_MAX_SIZE) != 0)
		return NULL;
	node = fdt_find_node(&fdt, "/chosen");
	return node >= 0 ? fdt_get_prop(&fdt, node, "bootargs", len) : NULL;
}

bool guest_bootargs_has(uint64_t dtb, const char *word)
{
	uint32_t len;
	const char *args = bootargs_of(dtb, &len);

	if (args == NULL)
		return false;
	for (const char *p = args, *end = args + len; p < end && *p != '\0'; p++) {
		if ((p == args || p[-1] == ' ') && word_at(p, end, word))
			return true;
	}
	return false;
}

/* Whether the word at p starts with key; then *rest is what follows. */
static bool key_at(const char *p, const char *end, const char *key,
		   const char **rest)
{
	while (p < end && *key != '\0' && *p == *key) {
		p++;
		key++;
	}
	*rest = p;
	return *key == '\0';
}

uint64_t guest_bootargs_number(uint64_t dtb, const char *key,
			       uint64_t fallback)
{
	uint32_t len;
	const char *args = bootargs_of(dtb, &len);
	const char *end = args != NULL ? args + len : NULL;

	for (const char *p = args; p != NULL && p < end && *p != '\0'; p++) {
		const char *q;
		uint64_t n = 0;

		if ((p != args && p[-1] != ' ') || !key_at(p, end, key, &q))
			continue;
		if (q == end || *q < '0' || *q > '9')
			return fallback;
		for (; q < end && *q >= '0' && *q <= '9'; q++)
			n = n * 10u + (uint64_t)(*q - '0');
		return n;
	}
	return fallback;
}
