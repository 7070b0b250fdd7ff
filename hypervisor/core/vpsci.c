/* SPDX-License-Identifier: MIT */
/*
 * PSCI (Arm DEN0022, v1.0) and the SMCCC architecture calls (DEN0028) as a
 * partition sees them: every call acts on the caller's own partition only.
 * CPU_ON starts only the partition's own vCPUs. SYSTEM_OFF ends the
 * partition's run and its fault-policy decides what follows (stop it,
 * restart it, or halt the system); SYSTEM_RESET is a request to restart
 * and always restarts the partition. Nothing reaches the firmware.
 */
#include "arch/nospec.h"
#include "core/guest_mem.h"
#include "core/hypercall.h"
#include "core/lifecycle.h"
#include "core/partition.h"
#include "core/vcpu.h"
#include "lib/array.h"
#include "shikiri/hypercall.h"
#include "spec/mpidr.h"
#include "spec/psci.h"

static void vpsci_ret(uint64_t regs[4], int64_t v)
{
	regs[0] = (uint64_t)v;
}

/*
 * Argument n (1..3) of the call in regs (x0 still its function id). An
 * SMC32/HVC32 call passes its arguments in W1..W7 and the callee ignores
 * the upper halves of X1..X7 (DEN0028, the SMC32/HVC32 argument passing;
 * TF-A and KVM narrow them the same way): a target MPIDR, entry point or
 * context id of CPU_ON_32 is 32 bits whatever the guest left above them.
 */
static uint64_t vpsci_arg(const uint64_t regs[4], uint32_t n)
{
	if (((uint32_t)regs[0] & SK_SMCCC_SMC64) != 0u)
		return regs[n];
	return (uint32_t)regs[n];
}

static struct vcpu *vpsci_target(struct vcpu *v, uint64_t mpidr)
{
	struct partition *p = v->partition;
	uint64_t aff = mpidr & MPIDR_AFF_MASK;

	/* A vCPU's MPIDR is 0.0.0.<index>; anything else names no vCPU. */
	if ((aff & ~MPIDR_AFF0_MASK) != 0 || aff >= p->vcpu_count)
		return NULL;
	return &p->vcpus[index_nospec(aff, p->vcpu_count)];
}

static void vpsci_version(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	vpsci_ret(regs, PSCI_VERSION_1_0);
}

/* Standby only: returning at once is a valid CPU_SUSPEND (5.4.2). */
static void vpsci_cpu_suspend(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	vpsci_ret(regs, PSCI_RET_SUCCESS);
}

static void vpsci_cpu_off(struct vcpu *v, uint64_t regs[4])
{
	(void)regs;
	vcpu_off_self(v);
}

static void vpsci_cpu_on(struct vcpu *v, uint64_t regs[4])
{
	struct vcpu *t = vpsci_target(v, vpsci_arg(regs, 1));
	gpa_t entry = gpa_of(vpsci_arg(regs, 2));
	hpa_t hpa;

	if (t == NULL) {
		vpsci_ret(regs, PSCI_RET_INVALID_PARAMS);
		return;
	}
	if (!guest_range_to_host(v->partition, entry, 4,
				 SK_ACCESS_EXEC, &hpa)) {
		vpsci_ret(regs, PSCI_RET_INVALID_ADDRESS);
		return;
	}
	if (vcpu_request_start(t, entry.addr, vpsci_arg(regs, 3))) {
		vpsci_ret(regs, PSCI_RET_SUCCESS);
		return;
	}
	vpsci_ret(regs, __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) ==
				VCPU_ON_PENDING ? PSCI_RET_ON_PENDING
						: PSCI_RET_ALREADY_ON);
}

static void vpsci_affinity_info(struct vcpu *v, uint64_t regs[4])
{
	struct vcpu *t = vpsci_target(v, vpsci_arg(regs, 1));

	if (t == NULL || vpsci_arg(regs, 2) != 0) {
		vpsci_ret(regs, PSCI_RET_INVALID_PARAMS);
		return;
	}
	switch (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE)) {
	case VCPU_ON: vpsci_ret(regs, PSCI_AFF_ON); break;
	case VCPU_ON_PENDING: vpsci_ret(regs, PSCI_AFF_ON_PENDING); break;
	case VCPU_OFF:
	default: vpsci_ret(regs, PSCI_AFF_OFF); break;
	}
}

static void vpsci_migrate_info_type(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	vpsci_ret(regs, PSCI_TOS_NOT_PRESENT);
}

static void vpsci_system_off(struct vcpu *v, uint64_t regs[4])
{
	(void)regs;
	partition_fail(v->partition, v, PARTITION_EVENT_GUEST_OFF);
}

static void vpsci_system_reset(struct vcpu *v, uint64_t regs[4])
{
	(void)regs;
	partition_restart(v->partition, v, "guest called PSCI SYSTEM_RESET");
}

static bool vpsci_implemented(uint32_t id);

static void vpsci_features(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	vpsci_ret(regs, vpsci_implemented((uint32_t)regs[1])
				? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED);
}

static void smccc_version(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	vpsci_ret(regs, SMCCC_VERSION_1_1);
}

static bool smccc_is_workaround(uint32_t id)
{
	return id == SMCCC_ARCH_WORKAROUND_1 || id == SMCCC_ARCH_WORKAROUND_2 ||
	       id == SMCCC_ARCH_WORKAROUND_3;
}

/*
 * Only the calls of this table are "features". The CPU-erratum
 * workarounds are not provided: they would need the firmware, which is
 * never called on a guest's behalf. On a CPU that needs none of them
 * (Cortex-A35/A53/A55) the guest is told so (1, "not required", as TF-A
 * and KVM answer); elsewhere NOT_SUPPORTED tells it truthfully that it is
 * not mitigated.
 */
static void smccc_arch_features(struct vcpu *v, uint64_t regs[4])
{
	uint32_t id = (uint32_t)regs[1];
	int64_t r;

	(void)v;
	/* A workaround is never in vpsci_table: NOT_SUPPORTED unless not
	 * required. */
	if (smccc_is_workaround(id))
		r = arch_cpu_speculation_safe() ? SMCCC_WORKAROUND_NOT_REQUIRED
						: PSCI_RET_NOT_SUPPORTED;
	else
		r = vpsci_implemented(id) ? PSCI_RET_SUCCESS
					  : PSCI_RET_NOT_SUPPORTED;
	vpsci_ret(regs, r);
}

const struct hc_desc vpsci_table[] = {
	{ PSCI_VERSION, vpsci_version },
	{ PSCI_CPU_SUSPEND_32, vpsci_cpu_suspend },
	{ PSCI_CPU_SUSPEND_64, vpsci_cpu_suspend },
	{ PSCI_CPU_OFF, vpsci_cpu_off },
	{ PSCI_CPU_ON_32, vpsci_cpu_on },
	{ PSCI_CPU_ON_64, vpsci_cpu_on },
	{ PSCI_AFFINITY_INFO_32, vpsci_affinity_info },
	{ PSCI_AFFINITY_INFO_64, vpsci_affinity_info },
	{ PSCI_MIGRATE_INFO_TYPE, vpsci_migrate_info_type },
	{ PSCI_SYSTEM_OFF, vpsci_system_off },
	{ PSCI_SYSTEM_RESET, vpsci_system_reset },
	{ PSCI_FEATURES, vpsci_features },
	{ SMCCC_VERSION, smccc_version },
	{ SMCCC_ARCH_FEATURES, smccc_arch_features },
};

const size_t vpsci_table_len = ARRAY_SIZE(vpsci_table);

static bool vpsci_implemented(uint32_t id)
{
	for (size_t i = 0; i < vpsci_table_len; i++) {
		if (vpsci_table[i].id == id)
			return true;
	}
	return false;
}

/* The calls of vpsci_table that read no state (core/hypercall.h,
 * hypercall_light): their own handlers, which do not look at the vCPU. */
const hc_handler vpsci_light[VPSCI_LIGHT_COUNT] = {
	[VPSCI_LIGHT_SMCCC_VERSION] = smccc_version,
	[VPSCI_LIGHT_SMCCC_ARCH_FEATURES] = smccc_arch_features,
	[VPSCI_LIGHT_PSCI_VERSION] = vpsci_version,
	[VPSCI_LIGHT_PSCI_FEATURES] = vpsci_features,
};
