/* SPDX-License-Identifier: MIT */
/*
 * The SMCCC dispatcher: every HVC and SMC a guest issues lands here.
 * regs[0..3] are the caller's x0..x3 on entry and the results on return.
 * Each handler validates all arguments before acting (decode, then act):
 * a rejected call has no side effect.
 */
#ifndef SK_CORE_HYPERCALL_H
#define SK_CORE_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include <stddef.h>

#include "core/types.h"

struct vcpu;

typedef void (*hc_handler)(struct vcpu *v, uint64_t regs[4]);

/* One function id and its handler. */
struct hc_desc {
	uint32_t id;
	hc_handler handler;
};

void hypercall_dispatch(struct vcpu *v, uint64_t regs[4]);

/* The light exit path's calls (arch/arm64/trap.c): for a function id of
 * a call that reads and changes no state of the caller, its partition or
 * the hypervisor (the shikiri ABI version, PSCI_VERSION, PSCI_FEATURES,
 * SMCCC_VERSION, SMCCC_ARCH_FEATURES), the handler hypercall_dispatch
 * calls for it, which may be called with v NULL; NULL for any other id. */
hc_handler hypercall_light(uint32_t id);

/* Answers a name query: copies name (at most SK_NAME_MAX - 1 characters)
 * NUL-terminated to the caller's buffer at gpa, x1 = its length; with too
 * small a capacity SK_E_INVALID_PARAMETER and x1 = the length needed, with
 * a buffer outside the caller's memory SK_E_BAD_ADDRESS. */
void hc_copy_name(struct vcpu *v, uint64_t regs[4], const char *name,
		  gpa_t gpa, uint64_t capacity);

/* PSCI and SMCCC architecture calls, scoped to the caller's partition
 * (core/vpsci.c). */
extern const struct hc_desc vpsci_table[];
extern const size_t vpsci_table_len;
/* hypercall_light's PSCI and SMCCC part (core/vpsci.c): the handlers of
 * SMCCC_VERSION + i, and the PSCI ones by id (NULL: not light). */
#define VPSCI_SMCCC_LIGHT 2u
extern const hc_handler vpsci_smccc_light[VPSCI_SMCCC_LIGHT];
hc_handler vpsci_light(uint32_t id);

#endif
