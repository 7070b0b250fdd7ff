/* SPDX-License-Identifier: MIT */
/*
 * Attempting things that should fault: between guest_try_begin() and
 * guest_try_end(), every synchronous exception and SError taken at EL1 is
 * counted, the last one recorded, and execution resumes after the
 * offending instruction (for an instruction fetch: at the caller's return
 * address, as branch-and-link set it). Each attempt must be a single
 * instruction, or a call made with BLR.
 */
#ifndef GUEST_TRY_H
#define GUEST_TRY_H

#include <stdbool.h>
#include <stdint.h>

struct guest_try {
	uint32_t count;  /* exceptions taken since guest_try_begin() */
	uint32_t ext_aborts; /* of which synchronous external aborts */
	unsigned kind;   /* the last one's vector kind, ESR_EL1, FAR_EL1 */
	uint64_t esr;
	uint64_t far;
};

void guest_try_begin(void);
/* Stops catching; returns the number of exceptions taken (and details). */
uint32_t guest_try_end(struct guest_try *out);

/* One attempt: begin, op(arg), end. Returns the exceptions it took. */
uint32_t guest_try(void (*op)(uint64_t arg), uint64_t arg,
		   struct guest_try *out);

/* Attempts for guest_try(): one 32-bit load, one 32-bit store of 0
 * (harmless should it ever reach a device register), one instruction
 * fetch (a branch-and-link to the address). */
void guest_op_read32(uint64_t addr);
void guest_op_write32(uint64_t addr);
void guest_op_fetch(uint64_t addr);

/*
 * A stage-2 fault storm: n reads of an address outside the partition, each
 * of which the hypervisor must answer with a synchronous external abort.
 * Returns how many were answered that way.
 */
uint32_t guest_fault_storm(uint64_t addr, uint32_t n);

#endif /* GUEST_TRY_H */
