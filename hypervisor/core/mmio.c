/* SPDX-License-Identifier: MIT */
#include "core/mmio.h"

#include <stddef.h>

bool mmio_table_access(const struct mmio_reg *table, uint32_t count,
		       struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a)
{
	for (uint32_t i = 0; i < count; i++) {
		const struct mmio_reg *r = &table[i];
		uint64_t end = (uint64_t)r->offset + (uint64_t)r->count * r->stride;
		uint32_t index, byte;

		if (offset < r->offset || offset >= end)
			continue;
		index = (uint32_t)((offset - r->offset) / r->stride);
		byte = (uint32_t)((offset - r->offset) % r->stride);
		if (!mmio_width_ok(r->widths, a->size) || byte % a->size != 0 ||
		    byte + a->size > r->stride)
			return false;
		if (a->write) {
			if (r->write != NULL)
				r->write(v, dev, index, byte, a->size, a->value);
		} else {
			a->value = r->read != NULL
				? r->read(v, dev, index, byte, a->size) : 0;
		}
		return true;
	}
	return false;
}
