/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlock on compiler atomics (no inline assembly, so generic code
 * that uses it stays host-testable). Fair: CPUs get the lock in the order
 * they asked. Only valid once the MMU is on (exclusives need Normal memory).
 */
#ifndef SK_ARCH_SPINLOCK_H
#define SK_ARCH_SPINLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/cpu.h" /* arch_cpu_relax */

struct spinlock {
	uint32_t next;
	uint32_t owner;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1u, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		arch_cpu_relax();
}

/* Gives up after `spins` attempts; used only on the panic path, where the
 * holder may never release. */
static inline bool spin_lock_bounded(struct spinlock *l, uint32_t spins)
{
	for (uint32_t i = 0; i < spins; i++) {
		uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
		uint32_t expected = owner;

		if (__atomic_load_n(&l->next, __ATOMIC_RELAXED) == owner &&
		    __atomic_compare_exchange_n(&l->next, &expected, owner + 1u,
						false, __ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return true;
		arch_cpu_relax();
	}
	return false;
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1u, __ATOMIC_RELEASE);
}

#endif
