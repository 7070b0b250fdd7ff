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
#include "shikiri/hypercall.h"
#include "spec/psci.h"

struct vcpu;

typedef void (*hc_handler)(struct vcpu *v, uint64_t regs[4]);

/* One function id and its handler. */
struct hc_desc {
	uint32_t id;
	hc_handler handler;
};

void hypercall_dispatch(struct vcpu *v, uint64_t regs[4]);


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
/*
 * The light exit path's calls (arch/arm64/trap.c): the calls that read
 * and change no state of the caller, its partition or the hypervisor,
 * each by the handler hypercall_dispatch calls for it, which may be
 * called with v NULL. vpsci_light holds the PSCI and SMCCC ones
 * (core/vpsci.c), hc_light_abi_version the shikiri ABI version
 * (core/hypercall.c).
 */
#define VPSCI_LIGHT_SMCCC_VERSION       0u /* SMCCC_VERSION + 0 */
#define VPSCI_LIGHT_SMCCC_ARCH_FEATURES 1u /* SMCCC_VERSION + 1 */
#define VPSCI_LIGHT_PSCI_VERSION        2u
#define VPSCI_LIGHT_PSCI_FEATURES       3u
#define VPSCI_LIGHT_COUNT               4u
extern const hc_handler vpsci_light[VPSCI_LIGHT_COUNT];
extern const hc_handler hc_light_abi_version;

/* For a function id of a light call (the shikiri ABI version,
 * PSCI_VERSION, PSCI_FEATURES, SMCCC_VERSION, SMCCC_ARCH_FEATURES) its
 * handler, for any other NULL. Inline: the light path asks it on every
 * HVC and SMC, and most are not light. */
static inline hc_handler hypercall_light(uint32_t id)
{
	uint32_t smccc = id - SMCCC_VERSION;

	if (smccc <= VPSCI_LIGHT_SMCCC_ARCH_FEATURES)
		return vpsci_light[smccc];
	if (id == PSCI_VERSION)
		return vpsci_light[VPSCI_LIGHT_PSCI_VERSION];
	if (id == PSCI_FEATURES)
		return vpsci_light[VPSCI_LIGHT_PSCI_FEATURES];
	if (id == SK_HC_ABI_VERSION)
		return hc_light_abi_version;
	return NULL;
}

#endif
