/* SPDX-License-Identifier: MIT */
/*
 * A partition's table of emulated devices (core/mmio.h): which windows trap
 * to which handler. Apart from partition.c so the host tests of the devices
 * that register themselves (the channels' PCI host) run the real code.
 */
#include "core/partition.h"

const struct mmio_region *partition_find_mmio(const struct partition *p,
					      gpa_t gpa)
{
	for (uint32_t i = 0; i < p->mmio_count && i < PARTITION_MAX_MMIO; i++) {
		const struct mmio_region *r = &p->mmio[i];

		if (gpa.addr >= r->base && gpa.addr - r->base < r->size)
			return r;
	}
	return NULL;
}

void partition_register_mmio(struct partition *p, uint64_t base,
			     uint64_t size, mmio_handler_fn fn, void *dev,
			     const char *name)
{
	if (p->mmio_count < PARTITION_MAX_MMIO)
		p->mmio[p->mmio_count++] = (struct mmio_region){
			.base = base, .size = size, .handler = fn, .dev = dev,
			.name = name,
		};
}
