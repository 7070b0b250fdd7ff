/* SPDX-License-Identifier: MIT */
/*
 * Emulated MMIO: a guest access to a guest-physical address that stage-2
 * does not map lands here when it falls inside one of the partition's
 * emulated devices (virtual GIC, virtual UART, ...). Each device is a table
 * of register descriptors (table-driven, as Linux KVM's vgic-mmio), so an access
 * to an unknown offset has exactly one place that decides what happens.
 */
#ifndef SK_CORE_MMIO_H
#define SK_CORE_MMIO_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* One decoded guest load or store. For a read the handler fills value
 * (zero-extended to 64 bits); for a write value holds the stored data. */
struct mmio_access {
	uint64_t addr;   /* guest-physical address */
	uint32_t size;   /* 1, 2, 4 or 8 bytes */
	bool write;
	uint64_t value;
};

/* Returns false if the access is not allowed (unknown offset that must
 * fault, wrong width): the guest then gets an external abort. */
typedef bool (*mmio_handler_fn)(struct vcpu *v, void *dev, uint64_t offset,
				struct mmio_access *a);

struct mmio_region {
	uint64_t base;
	uint64_t size;
	mmio_handler_fn handler;
	void *dev;
	const char *name;
};

/* Access sizes a register accepts (bit mask). */
#define MMIO_W8  (1u << 0)
#define MMIO_W16 (1u << 1)
#define MMIO_W32 (1u << 2)
#define MMIO_W64 (1u << 3)

/* Whether an access of size bytes is one of widths (MMIO_W*). Always
 * inlined: every emulated access asks, and -Os would make it a call. */
static inline __attribute__((always_inline)) bool
mmio_width_ok(uint32_t widths, uint32_t size)
{
	switch (size) {
	case 1: return (widths & MMIO_W8) != 0u;
	case 2: return (widths & MMIO_W16) != 0u;
	case 4: return (widths & MMIO_W32) != 0u;
	case 8: return (widths & MMIO_W64) != 0u;
	default: return false;
	}
}

/* Register descriptor for table-driven devices: `count` registers of
 * `stride` bytes from `offset`. A handler gets the index of the register
 * the access starts in, the byte offset inside it and the access size. */
struct mmio_reg {
	uint32_t offset;
	uint32_t count;   /* 1 for a single register */
	uint32_t stride;  /* bytes per register */
	uint32_t widths;  /* MMIO_W* sizes accepted */
	uint64_t (*read)(struct vcpu *v, void *dev, uint32_t index,
			 uint32_t byte, uint32_t size);
	void (*write)(struct vcpu *v, void *dev, uint32_t index,
		      uint32_t byte, uint32_t size, uint64_t val);
};

/* Finds the register of `table` that covers offset, checks the size is
 * accepted and the access is naturally aligned and stays inside the
 * register, and performs it. Reads of registers without a read function
 * return 0 and writes without a write function are ignored (RAZ/WI);
 * offsets not in the table and refused sizes return false. */
bool mmio_table_access(const struct mmio_reg *table, uint32_t count,
		       struct vcpu *v, void *dev, uint64_t offset,
		       struct mmio_access *a);

#endif
