/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the device-tree reader (hypervisor/lib/fdt.c), which reads the
 * board's tree at boot and every configuration the packer is given.
 * Invariants, for any blob that opens: every walk ends, every name and
 * property lies inside the blob, child/parent links agree, and a node's
 * path leads back to a node of the same path.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "lib/fdt.h"

/* More nodes than a blob of libFuzzer's default maximum size can hold. */
#define FUZZ_FDT_MAX_NODES 4096

static void check_props(const struct fdt *fdt, const uint8_t *data,
			size_t size, int node)
{
	unsigned int n = 0;

	for (int p = fdt_first_prop(fdt, node); p >= 0; p = fdt_next_prop(fdt, p)) {
		const char *name = NULL;
		uint32_t len = 0;
		const void *val = fdt_prop_at(fdt, p, &name, &len);

		FUZZ_ASSERT(++n < FUZZ_FDT_MAX_NODES);
		FUZZ_ASSERT(val != NULL && name != NULL);
		FUZZ_ASSERT(FUZZ_INSIDE(val, len, data, size));
		FUZZ_ASSERT(FUZZ_INSIDE(name, strlen(name) + 1, data, size));
		/* By name, the first property of that name is found. */
		FUZZ_ASSERT(fdt_get_prop(fdt, node, name, NULL) != NULL);
	}
	(void)fdt_get_string(fdt, node, "compatible");
	(void)fdt_prop_has_string(fdt, node, "compatible", "arm,gic-v3");
	for (uint32_t i = 0; i < 4; i++) {
		uint64_t base, sz;

		(void)fdt_get_reg(fdt, node, i, &base, &sz);
	}
	uint32_t v;
	(void)fdt_get_u32(fdt, node, "#interrupt-cells", &v);
}

static void check_node(const struct fdt *fdt, const uint8_t *data,
		       size_t size, int node)
{
	const char *name = fdt_node_name(fdt, node);
	char path[512];

	FUZZ_ASSERT(name != NULL);
	FUZZ_ASSERT(FUZZ_INSIDE(name, strlen(name) + 1, data, size));
	check_props(fdt, data, size, node);
	(void)fdt_address_cells(fdt, node);
	(void)fdt_size_cells(fdt, node);

	int rc = fdt_node_path(fdt, node, path, sizeof(path));
	if (rc == 0) {
		char again[512];
		int found = fdt_find_node(fdt, path);

		FUZZ_ASSERT(path[0] == '/');
		FUZZ_ASSERT(found >= 0);
		/* Names may repeat, so the node found may be another one, but
		 * its path must be the one asked for. */
		FUZZ_ASSERT(fdt_node_path(fdt, found, again, sizeof(again)) == 0);
		FUZZ_ASSERT(strcmp(path, again) == 0);
	} else {
		FUZZ_ASSERT(rc == FDT_E_NO_SPACE && path[0] == '\0');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdt fdt;

	(void)fdt_header_size(size >= 8 ? data : (const uint8_t *)"\0\0\0\0\0\0\0\0");
	if (fdt_open(&fdt, data, size) != 0) {
		/* An unusable fdt answers nothing. */
		FUZZ_ASSERT(fdt_root(&fdt) < 0);
		return 0;
	}
	int root = fdt_root(&fdt);
	FUZZ_ASSERT(root >= 0);
	FUZZ_ASSERT(fdt_parent(&fdt, root) < 0);

	/* Depth-first over the whole tree without recursion: a bounded walk
	 * even if the links were to loop. */
	int stack[FDT_MAX_DEPTH + 1];
	int depth = 0;
	unsigned int visited = 0;

	stack[0] = root;
	check_node(&fdt, data, size, root);
	int child = fdt_first_child(&fdt, root);
	while (depth >= 0) {
		if (child >= 0) {
			FUZZ_ASSERT(++visited < FUZZ_FDT_MAX_NODES);
			FUZZ_ASSERT(fdt_parent(&fdt, child) == stack[depth]);
			check_node(&fdt, data, size, child);
			FUZZ_ASSERT(depth + 1 <= FDT_MAX_DEPTH);
			stack[++depth] = child;
			child = fdt_first_child(&fdt, child);
			continue;
		}
		int done = stack[depth--];
		if (depth >= 0)
			child = fdt_next_sibling(&fdt, done);
	}
	for (int n = fdt_find_compatible(&fdt, -1, "arm,pl011"), i = 0; n >= 0;
	     n = fdt_find_compatible(&fdt, n, "arm,pl011"))
		FUZZ_ASSERT(++i < FUZZ_FDT_MAX_NODES);
	return 0;
}
