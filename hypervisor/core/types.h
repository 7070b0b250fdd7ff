/* SPDX-License-Identifier: MIT */
/*
 * Scalars that are easy to mix up, each its own type: a function that takes
 * a guest-physical address refuses a host-physical one, and an INTID cannot
 * be passed where a vCPU index belongs. Each is a one-member struct (like
 * Linux's pte_t): it costs nothing (AAPCS64 passes and returns it in a
 * register) and the compiler checks every use. Make one with its
 * constructor (gpa_of(x)), read it through its member (.addr, .id, .index).
 */
#ifndef SK_CORE_TYPES_H
#define SK_CORE_TYPES_H

#include <stdint.h>

/* An address in a partition's guest-physical space (what stage 2
 * translates). */
typedef struct { uint64_t addr; } gpa_t;
/* A host-physical address (what stage 2 translates to, what the
 * hypervisor's own identity map uses). */
typedef struct { uint64_t addr; } hpa_t;
/* A GIC interrupt ID (spec/gic.h has the ranges). */
typedef struct { uint32_t id; } intid_t;
/* A vCPU's number inside its partition (0 .. vcpu_count - 1). */
typedef struct { uint32_t index; } vcpu_index_t;
/* A physical CPU's logical number (the order of /cpus in the device
 * tree; struct percpu's id). */
typedef struct { uint32_t index; } pcpu_t;

static inline gpa_t gpa_of(uint64_t addr) { return (gpa_t){ .addr = addr }; }
static inline hpa_t hpa_of(uint64_t addr) { return (hpa_t){ .addr = addr }; }
/* The guest-physical address off bytes after a (no wrap check: the
 * caller has checked the range, e.g. with guest_range_to_host). */
static inline gpa_t gpa_add(gpa_t a, uint64_t off)
{
	return gpa_of(a.addr + off);
}
static inline intid_t intid_of(uint32_t id) { return (intid_t){ .id = id }; }
static inline vcpu_index_t vcpu_index_of(uint32_t index)
{
	return (vcpu_index_t){ .index = index };
}
static inline pcpu_t pcpu_of(uint32_t index)
{
	return (pcpu_t){ .index = index };
}

#endif
