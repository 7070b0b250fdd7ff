/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the SMCCC dispatcher (hypervisor/core/hypercall.c) with all it
 * dispatches to: PSCI (core/vpsci.c), management (core/manage.c), channels
 * (core/channel.c), the audit log (core/audit.c) and the virtual PCI
 * doorbells (core/vpci.c), over the system of fuzz_system.h.
 *
 * Input: one configuration byte, one fill byte, then calls of
 *   caller (vCPU 0..4; bit 7: SMC instead of HVC), flags, function id
 *   selector, x1..x7 (each a kind byte and its bytes)
 * until the input ends; a caller byte with bits 3-6 set is instead an
 * event (a partition stops or runs, a vCPU changes power state). Invariants, after every call:
 *  - no write outside the caller's own state: every other partition (its
 *    struct, vCPUs and counters, its RAM) is as it was, except what the ABI
 *    allows: a manager's stop or restart of it (its stop request flag and
 *    the recorded lifecycle call), a notify on a channel it is the peer of
 *    (its doorbell: an edge on its doorbell INTID, or for a PCI endpoint
 *    the doorbell status bit and INTx line of that device);
 *  - channel memory and every guard byte are untouched; the caller's own
 *    RAM changes only inside the buffer the call names, only on success;
 *  - a refused call (negative status) changes nothing of the caller but
 *    its denial counter (+1 for SK_E_DENIED where the ABI counts it) and
 *    its log budget, and returns x1..x3 as they were (except the length a
 *    too small name buffer needed);
 *  - x4..x7 are preserved;
 *  - the audit log gains exactly one record per refused notify, naming
 *    the caller, the channel id as passed and the reason, and one per
 *    unknown id of a firmware service (SMCCC owning entity other than the
 *    hypervisor's 5 and 6), naming the caller and the function ID; each
 *    also counts as a denial;
 *  - the status is one the ABI documents for that function id, and the
 *    results are those the configuration implies; an unknown id is
 *    NOT_SUPPORTED;
 *  - a call the light exit path answers (hypercall_light) gets the same
 *    results from its handler, called without a vCPU.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/audit.h"
#include "core/hypercall.h"
#include "core/partition.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_system.h"
#include "lib/array.h"
#include "shikiri/channel_pci.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_partition.h"
#include "stubs/fake_vcpu.h"
#include "stubs/fake_vgic.h"

/* Hypervisor-service calls other than shikiri's own: the SMCCC call-count
 * query of the vendor-specific hypervisor range (DEN0028), one the dispatcher
 * must refuse. The PSCI and SMCCC architecture ids, return codes and
 * answers are in spec/psci.h. */
#define SMCCC_CALL_COUNT_HYP    0x8600ff00u

#define PCI_CMD_INTX_OFF        (1u << 10) /* PCI 3.0, 6.2.2 */

#define FH_MAX_CALLS 64u
/* A caller byte with these bits set is an event (fh_event), not a call. */
#define FH_EVENT 0x78u
#define FH_CALLERS 5u
#define FH_REGS 8u

/* The ids the selector byte picks from: every one shikiri answers, their
 * neighbours, and the other conventions' spellings of them. */
static const uint32_t fh_ids[] = {
	SK_HC_ABI_VERSION, SK_HC_CONSOLE_WRITE, SK_HC_CONSOLE_READ,
	SK_HC_PARTITION_ID, SK_HC_PARTITION_NAME, SK_HC_PARTITION_STATUS,
	SK_HC_PARTITION_STOP, SK_HC_PARTITION_RESTART, SK_HC_PARTITION_STATS,
	SK_HC_WATCHDOG_KICK, SK_HC_CHANNEL_INFO, SK_HC_CHANNEL_NAME,
	SK_HC_CHANNEL_NOTIFY, SK_HC_AUDIT_READ, SK_HC_SCHED_STATS,
	SK_HC_ID(0x000fu), SK_HC_ID(0xff00u), SK_HC_CALL_UID,
	SK_HC_CALL_UID | SK_SMCCC_SMC64, SMCCC_CALL_COUNT_HYP,
	SK_HC_CONSOLE_WRITE & ~SK_SMCCC_SMC64, SK_HC_CHANNEL_NOTIFY & ~SK_SMCCC_SMC64,
	PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF,
	PSCI_CPU_ON_32, PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32,
	PSCI_AFFINITY_INFO_64, PSCI_MIGRATE, PSCI_MIGRATE_INFO_TYPE,
	PSCI_MIGRATE_INFO_UP_CPU, PSCI_SYSTEM_OFF, PSCI_SYSTEM_RESET,
	PSCI_FEATURES, PSCI_SYSTEM_SUSPEND_64, PSCI_SYSTEM_RESET2,
	PSCI_VERSION | SK_SMCCC_SMC64, PSCI_CPU_OFF | SK_SMCCC_SMC64,
	PSCI_SYSTEM_OFF | SK_SMCCC_SMC64, SMCCC_VERSION, SMCCC_ARCH_FEATURES,
	SMCCC_ARCH_SOC_ID, SMCCC_ARCH_WORKAROUND_1, SMCCC_ARCH_WORKAROUND_2,
	SMCCC_ARCH_WORKAROUND_3, SMCCC_VERSION | SK_SMCCC_SMC64, 0u, 0xffffffffu,
};

#define FH_IDS (ARRAY_SIZE(fh_ids))

/* The PSCI/SMCCC calls PSCI_FEATURES and SMCCC_ARCH_FEATURES report. */
static const uint32_t fh_psci_ids[] = {
	PSCI_VERSION, PSCI_CPU_SUSPEND_32, PSCI_CPU_SUSPEND_64, PSCI_CPU_OFF,
	PSCI_CPU_ON_32, PSCI_CPU_ON_64, PSCI_AFFINITY_INFO_32,
	PSCI_AFFINITY_INFO_64, PSCI_MIGRATE_INFO_TYPE, PSCI_SYSTEM_OFF,
	PSCI_SYSTEM_RESET, PSCI_FEATURES, SMCCC_VERSION, SMCCC_ARCH_FEATURES,
};

extern bool fake_cpu_speculation_safe; /* tests/unit/stubs/fake_relax.c */

/* ---- reading the input ---- */


static uint8_t fh_u8(struct fuzz_input *in)
{
	return (uint8_t)fuzz_take(in, 1);
}

/* Guest addresses where mistakes show: the caller's RAM and its edges,
 * the read-only region, channel memory, emulated windows, the top. */
static const uint64_t fh_bases[] = {
	FS_RAM_GPA, FS_RAM_GPA + FS_RAM_SIZE, FS_RO_GPA, 0x48000000ull,
	0x48001000ull, 0x10100000ull, SK_GUEST_PCI_ECAM_BASE, 0,
};

/* One argument: a kind byte, then as many bytes as that kind needs. */
static uint64_t fh_arg(struct fuzz_input *in)
{
	uint8_t kind = fh_u8(in);

	switch (kind & 7u) {
	case 0: return fuzz_take(in, 8);
	case 1: return fh_u8(in);
	case 2: /* inside or just around the caller's RAM */
		return FS_RAM_GPA - 0x40u + fuzz_take(in, 2) % (FS_RAM_SIZE + 0x80u);
	case 3:
		return fh_bases[(kind >> 3) % ARRAY_SIZE(fh_bases)] +
		       fh_u8(in);
	case 4: return fuzz_take(in, 2); /* a length */
	case 5: /* an MPIDR: Aff0 and sometimes higher affinity bits */
		return fh_u8(in) | ((uint64_t)(kind >> 3) << (8u * (kind >> 6)));
	case 6: return ~(uint64_t)fh_u8(in);
	case 7:
	default: return kind >> 3; /* a small id */
	}
}

/* ---- what a call may do ---- */

struct fh_call {
	struct vcpu *v;
	struct partition *self;
	uint32_t id;
	uint64_t in[FH_REGS];
	uint64_t r[FH_REGS];
	int64_t st;
	bool escaped;       /* ended in vcpu_off_self or system_halt */
	bool unknown;       /* no handler: NOT_SUPPORTED */
	/* Where the call may write the caller's memory on success. */
	uint64_t buf, buf_len;
};

static struct fs_state before;
static struct partition scratch;

static struct vcpu *fh_vcpu(uint32_t n)
{
	static const uint8_t pid[FH_CALLERS] = { 0, 1, 1, 2, 3 };
	static const uint8_t idx[FH_CALLERS] = { 0, 0, 1, 0, 0 };

	return &fs_part[pid[n]].vcpus[idx[n]];
}

/* The light exit path's calls (hypercall_light) answer exactly as the
 * dispatcher does, from the same registers, and never end the caller. */
static bool fh_dispatch(struct vcpu *v, uint64_t regs[FH_REGS])
{
	hc_handler light = hypercall_light((uint32_t)regs[0]);
	uint64_t light_regs[FH_REGS];

	memcpy(light_regs, regs, sizeof(light_regs));
	if (light != NULL)
		light(NULL, light_regs);
	if (setjmp(fake_vcpu_off_escape) != 0) {
		FUZZ_ASSERT(light == NULL);
		return false;
	}
	fake_vcpu_arm_off_escape();
	hypercall_dispatch(v, regs);
	FUZZ_ASSERT(light == NULL ||
		    memcmp(light_regs, regs, sizeof(light_regs)) == 0);
	return true;
}

static bool fh_is_manager(const struct fh_call *c)
{
	return c->self->cfg->manager != 0;
}

static int64_t fh_clamp(uint64_t v, uint64_t max)
{
	return (int64_t)(v < max ? v : max);
}

/* The caller's n-th channel (configuration order), or -1. */
static int fh_nth_channel(uint32_t pid, uint64_t n, uint32_t *e)
{
	for (uint32_t id = 0; id < FS_CHANNELS; id++) {
		if (fs_endpoint(id, pid, e) && n-- == 0u)
			return (int)id;
	}
	return -1;
}

static void fh_expect_name(const struct fh_call *c, const char *name,
			   uint64_t gpa, uint64_t cap)
{
	uint64_t len = 0;

	while (len < SK_NAME_MAX - 1u && name[len] != '\0')
		len++;

	if (c->st == SK_OK) {
		FUZZ_ASSERT(c->r[1] == len && cap >= len + 1u);
		FUZZ_ASSERT(gpa >= FS_RAM_GPA &&
			    gpa + len + 1u <= FS_RAM_GPA + FS_RAM_SIZE);
		FUZZ_ASSERT(memcmp(&fs_ram[c->self->id].mem[gpa - FS_RAM_GPA],
				   name, len) == 0);
		FUZZ_ASSERT(fs_ram[c->self->id].mem[gpa - FS_RAM_GPA + len] == 0);
	} else if (c->st == SK_E_INVALID_PARAMETER) {
		FUZZ_ASSERT(cap < len + 1u && c->r[1] == len);
	} else {
		FUZZ_ASSERT(c->st == SK_E_BAD_ADDRESS);
	}
}

/* The management calls: rights first, then the id, then the buffer. */
static void fh_expect_manage(const struct fh_call *c, bool others_only)
{
	uint64_t t = c->in[1];

	if (!fh_is_manager(c) && (!others_only || t != c->self->id)) {
		FUZZ_ASSERT(c->st == SK_E_DENIED);
		return;
	}
	if (t >= FS_PARTITIONS) {
		FUZZ_ASSERT(c->st == SK_E_INVALID_PARAMETER);
		return;
	}
	switch (c->id) {
	case SK_HC_PARTITION_STATUS:
		FUZZ_ASSERT(c->st == SK_OK);
		FUZZ_ASSERT(c->r[1] == (before.part[t].state == PARTITION_RUNNING
					? SK_PARTITION_RUNNING : SK_PARTITION_STOPPED));
		FUZZ_ASSERT(c->r[2] == before.part[t].restarts);
		FUZZ_ASSERT(c->r[3] == before.part[t].vcpu_count);
		break;
	case SK_HC_PARTITION_STATS:
		FUZZ_ASSERT(c->st == SK_OK || c->st == SK_E_BAD_ADDRESS);
		if (c->st == SK_OK)
			FUZZ_ASSERT(c->r[1] == (uint64_t)fh_clamp(
				c->in[3], sizeof(struct sk_partition_stats)));
		break;
	default: /* stop, restart */
		FUZZ_ASSERT(c->st == SK_OK);
		break;
	}
}

static void fh_expect_sched_stats(const struct fh_call *c)
{
	if (!fh_is_manager(c)) {
		FUZZ_ASSERT(c->st == SK_E_DENIED);
	} else if (c->in[1] >= SK_MAX_CPUS || c->in[1] == 3u) {
		/* The fake scheduler has no CPU 3 (stubs/fake_vcpu.c). */
		FUZZ_ASSERT(c->st == SK_E_INVALID_PARAMETER);
	} else {
		FUZZ_ASSERT(c->st == SK_OK || c->st == SK_E_BAD_ADDRESS);
		if (c->st == SK_OK)
			FUZZ_ASSERT(c->r[1] == (uint64_t)fh_clamp(
				c->in[3], sizeof(struct sk_sched_stats)));
	}
}

static void fh_expect_channel_info(const struct fh_call *c)
{
	uint32_t e = 0;
	int id = fh_nth_channel(c->self->id, c->in[1], &e);
	const struct sk_cfg_channel *ch;
	const struct sk_cfg_endpoint *ep;
	uint32_t peer;

	if (id < 0) {
		FUZZ_ASSERT(c->st == SK_E_INVALID_PARAMETER);
		return;
	}
	ch = &fs_cfg.channels[id];
	ep = &ch->endpoints[e];
	FUZZ_ASSERT(fs_endpoint((uint32_t)id, c->self->id, &e));
	for (peer = 0; peer < FS_PARTITIONS; peer++) {
		uint32_t pe;

		if (peer != c->self->id && fs_endpoint((uint32_t)id, peer, &pe))
			break;
	}
	FUZZ_ASSERT(c->st == SK_OK);
	FUZZ_ASSERT(SK_CHANNEL_INFO_ID(c->r[1]) == (uint32_t)id);
	FUZZ_ASSERT(SK_CHANNEL_INFO_RIGHTS(c->r[1]) == ep->rights);
	FUZZ_ASSERT(SK_CHANNEL_INFO_DOORBELL(c->r[1]) == ep->doorbell);
	FUZZ_ASSERT(SK_CHANNEL_INFO_PEER(c->r[1]) == peer);
	FUZZ_ASSERT(SK_CHANNEL_INFO_INTERFACE(c->r[1]) == ep->interface);
	FUZZ_ASSERT(c->r[2] == ep->guest && c->r[3] == ch->size);
}

static bool fh_may_notify(const struct fh_call *c, uint32_t *e)
{
	return c->in[1] < FS_CHANNELS &&
	       fs_endpoint((uint32_t)c->in[1], c->self->id, e) &&
	       (fs_cfg.channels[c->in[1]].endpoints[*e].rights &
		SK_RIGHT_NOTIFY) != 0u;
}

static void fh_expect_audit_read(const struct fh_call *c)
{
	const size_t entry = sizeof(struct sk_audit_entry);
	uint64_t max = c->in[3] / entry;

	if (!fh_is_manager(c)) {
		FUZZ_ASSERT(c->st == SK_E_DENIED);
		return;
	}
	FUZZ_ASSERT(c->st == SK_OK || c->st == SK_E_BAD_ADDRESS);
	if (c->st != SK_OK)
		return;
	FUZZ_ASSERT(c->r[1] <= max && c->r[1] <= AUDIT_RING_SIZE);
	FUZZ_ASSERT(c->r[2] >= c->r[1]);
	/* Each record copied says who was refused what, numbered in order. */
	for (uint64_t i = 0; i < c->r[1]; i++) {
		struct sk_audit_entry a;

		memcpy(&a, &fs_ram[c->self->id].mem[c->in[2] - FS_RAM_GPA + i * entry],
		       entry);
		FUZZ_ASSERT(a.seq == c->r[2] - c->r[1] + i);
		FUZZ_ASSERT(a.partition < FS_PARTITIONS);
		FUZZ_ASSERT((a.op == SK_AUDIT_OP_NOTIFY &&
			     (a.reason == SK_AUDIT_NOT_ENDPOINT ||
			      a.reason == SK_AUDIT_NO_RIGHT)) ||
			    (a.op == SK_AUDIT_OP_FIRMWARE &&
			     a.reason == SK_AUDIT_NOT_FORWARDED &&
			     a.object <= UINT32_MAX) ||
			    ((a.op == SK_AUDIT_OP_STOP || a.op == SK_AUDIT_OP_RESTART) &&
			     (a.reason == SK_AUDIT_DONE ||
			      a.reason == SK_AUDIT_NOT_MANAGER)) ||
			    (a.op == SK_AUDIT_OP_QUERY &&
			     a.reason == SK_AUDIT_NOT_MANAGER));
	}
}

static bool fh_psci_implemented(uint32_t id)
{
	for (size_t i = 0; i < ARRAY_SIZE(fh_psci_ids); i++) {
		if (fh_psci_ids[i] == id)
			return true;
	}
	return false;
}

/* Argument n of a PSCI call: SMC32/HVC32 calls pass W1..W7, and the
 * callee ignores the upper halves of X1..X7 (SMCCC, DEN0028; TF-A's
 * psci_smc_handler and KVM's kvm_psci_narrow_to_32bit do the same). */
static uint64_t fh_psci_arg(const struct fh_call *c, uint32_t n)
{
	return (c->id & SK_SMCCC_SMC64) != 0u ? c->in[n] : (uint32_t)c->in[n];
}

/* The vCPU an MPIDR names in the caller's partition (Aff0 = index), or
 * NULL. */
static struct vcpu *fh_psci_target(const struct fh_call *c)
{
	uint64_t aff = fh_psci_arg(c, 1) & 0xff00ffffffull;

	return aff < c->self->vcpu_count ? &c->self->vcpus[aff] : NULL;
}

static void fh_expect_psci(const struct fh_call *c, bool start_ok)
{
	struct vcpu *t = fh_psci_target(c);

	switch (c->id) {
	case PSCI_VERSION: FUZZ_ASSERT(c->st == PSCI_VERSION_1_0); break;
	case PSCI_CPU_SUSPEND_32:
	case PSCI_CPU_SUSPEND_64: FUZZ_ASSERT(c->st == PSCI_RET_SUCCESS); break;
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		if (t == NULL)
			FUZZ_ASSERT(c->st == PSCI_RET_INVALID_PARAMS);
		else if (fh_psci_arg(c, 2) < FS_RAM_GPA ||
			 fh_psci_arg(c, 2) > FS_RAM_GPA + FS_RAM_SIZE - 4u)
			FUZZ_ASSERT(c->st == PSCI_RET_INVALID_ADDRESS);
		else if (start_ok)
			FUZZ_ASSERT(c->st == PSCI_RET_SUCCESS);
		else
			FUZZ_ASSERT(c->st == (t->state == VCPU_ON_PENDING
					      ? PSCI_RET_ON_PENDING : PSCI_RET_ALREADY_ON));
		break;
	case PSCI_AFFINITY_INFO_32:
	case PSCI_AFFINITY_INFO_64:
		if (t == NULL || fh_psci_arg(c, 2) != 0u)
			FUZZ_ASSERT(c->st == PSCI_RET_INVALID_PARAMS);
		else
			FUZZ_ASSERT(c->st == (t->state == VCPU_ON ? 0 :
					      t->state == VCPU_ON_PENDING ? 2 : 1));
		break;
	case PSCI_MIGRATE_INFO_TYPE: FUZZ_ASSERT(c->st == PSCI_TOS_NOT_PRESENT); break;
	case PSCI_FEATURES:
		FUZZ_ASSERT(c->st == (fh_psci_implemented((uint32_t)c->in[1])
				      ? PSCI_RET_SUCCESS : PSCI_RET_NOT_SUPPORTED));
		break;
	case SMCCC_VERSION: FUZZ_ASSERT(c->st == SMCCC_VERSION_1_1); break;
	case SMCCC_ARCH_FEATURES: {
		uint32_t q = (uint32_t)c->in[1];
		bool workaround = q == SMCCC_ARCH_WORKAROUND_1 ||
				  q == SMCCC_ARCH_WORKAROUND_2 ||
				  q == SMCCC_ARCH_WORKAROUND_3;

		if (workaround && fake_cpu_speculation_safe)
			FUZZ_ASSERT(c->st == SMCCC_WORKAROUND_NOT_REQUIRED);
		else
			FUZZ_ASSERT(c->st == (fh_psci_implemented(q) ? PSCI_RET_SUCCESS
							       : PSCI_RET_NOT_SUPPORTED));
		break;
	}
	case PSCI_CPU_OFF:
		FUZZ_ASSERT(c->escaped);
		break;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
		/* Ends the partition's run: nothing is answered (x0 stays). */
		FUZZ_ASSERT(c->escaped || c->r[0] == c->in[0]);
		break;
	default:
		FUZZ_ASSERT(false);
	}
}

/* The status and results the ABI documents for the call. */
static void fh_expect_status(struct fh_call *c, bool start_ok)
{
	const struct sk_cfg_partition *cfg = c->self->cfg;
	uint32_t e = 0;

	switch (c->id) {
	case SK_HC_ABI_VERSION:
		FUZZ_ASSERT(c->st == SK_OK && c->r[1] == SK_ABI_VERSION_MAJOR &&
			    c->r[2] == SK_ABI_VERSION_MINOR);
		break;
	case SK_HC_CONSOLE_WRITE:
		if (c->st == SK_OK)
			FUZZ_ASSERT(cfg->console != SK_CONSOLE_NONE &&
				    c->r[1] == (uint64_t)fh_clamp(c->in[2], SK_CONSOLE_WRITE_MAX));
		else
			FUZZ_ASSERT(c->st == SK_E_BAD_ADDRESS ||
				    (c->st == SK_E_DENIED && cfg->console == SK_CONSOLE_NONE));
		break;
	case SK_HC_CONSOLE_READ:
		FUZZ_ASSERT(c->st == SK_OK || c->st == SK_E_BAD_ADDRESS);
		if (c->st == SK_OK) {
			FUZZ_ASSERT(c->r[1] <= (uint64_t)fh_clamp(c->in[2], 64));
			FUZZ_ASSERT(c->r[1] == 0u || partition_has_input_focus(c->self));
			c->buf = c->in[1];
			c->buf_len = c->r[1];
		}
		break;
	case SK_HC_PARTITION_ID:
		FUZZ_ASSERT(c->st == SK_OK && c->r[1] == c->self->id &&
			    c->r[2] == c->v->index.index && c->r[3] == c->self->vcpu_count);
		break;
	case SK_HC_PARTITION_NAME:
		fh_expect_name(c, cfg->name, c->in[1], c->in[2]);
		c->buf = c->in[1];
		c->buf_len = c->r[1] + 1u;
		break;
	case SK_HC_CALL_UID:
		FUZZ_ASSERT(c->r[0] == SK_UID_0 && c->r[1] == SK_UID_1 &&
			    c->r[2] == SK_UID_2 && c->r[3] == SK_UID_3);
		c->st = SK_OK;
		break;
	case SK_HC_PARTITION_STATUS:
	case SK_HC_PARTITION_STATS:
		fh_expect_manage(c, true);
		c->buf = c->in[2];
		c->buf_len = c->r[1];
		break;
	case SK_HC_PARTITION_STOP:
	case SK_HC_PARTITION_RESTART:
		fh_expect_manage(c, false);
		break;
	case SK_HC_WATCHDOG_KICK:
		FUZZ_ASSERT(c->st == SK_OK && c->r[1] == cfg->watchdog_ms);
		break;
	case SK_HC_SCHED_STATS:
		fh_expect_sched_stats(c);
		c->buf = c->in[2];
		c->buf_len = c->r[1];
		break;
	case SK_HC_CHANNEL_INFO:
		fh_expect_channel_info(c);
		break;
	case SK_HC_CHANNEL_NAME:
		if (c->in[1] >= FS_CHANNELS || !fs_endpoint((uint32_t)c->in[1],
							     c->self->id, &e)) {
			FUZZ_ASSERT(c->st == SK_E_INVALID_PARAMETER &&
				    c->r[1] == c->in[1]);
			break;
		}
		fh_expect_name(c, fs_cfg.channels[c->in[1]].name, c->in[2], c->in[3]);
		c->buf = c->in[2];
		c->buf_len = c->r[1] + 1u;
		break;
	case SK_HC_CHANNEL_NOTIFY:
		FUZZ_ASSERT(c->st == (fh_may_notify(c, &e) ? SK_OK : SK_E_DENIED));
		break;
	case SK_HC_AUDIT_READ:
		fh_expect_audit_read(c);
		c->buf = c->in[2];
		c->buf_len = c->r[1] * sizeof(struct sk_audit_entry);
		break;
	default:
		if (fh_psci_implemented(c->id) || c->id == PSCI_CPU_OFF) {
			fh_expect_psci(c, start_ok);
			break;
		}
		/* Every other id: NOT_SUPPORTED, arguments as they were. */
		c->unknown = true;
		FUZZ_ASSERT(c->st == SK_E_NOT_SUPPORTED);
		FUZZ_ASSERT(memcmp(&c->r[1], &c->in[1], 3 * sizeof(c->r[1])) == 0);
		break;
	}
}

/* ---- isolation ---- */

/* The lifecycle calls the fake recorded: only what the id allows, for
 * the partition it may act on. */
static void fh_check_lifecycle(const struct fh_call *c)
{
	size_t n = fake_vcpu_calls();
	const struct fake_vcpu_call *l = fake_vcpu_call(0);

	switch (c->id) {
	case PSCI_CPU_ON_32:
	case PSCI_CPU_ON_64:
		FUZZ_ASSERT(n <= 1u);
		if (n == 1u) {
			FUZZ_ASSERT(l->kind == FAKE_VCPU_REQUEST_START);
			FUZZ_ASSERT(l->vcpu == fh_psci_target(c));
			FUZZ_ASSERT(l->pc == fh_psci_arg(c, 2) &&
				    l->ctx == fh_psci_arg(c, 3));
		} else {
			FUZZ_ASSERT(c->st != PSCI_RET_SUCCESS &&
				    c->st != PSCI_RET_ALREADY_ON);
		}
		return;
	case PSCI_CPU_OFF:
		FUZZ_ASSERT(n == 1u && l->kind == FAKE_VCPU_OFF_SELF && l->vcpu == c->v);
		return;
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET: {
		uint32_t policy = c->id == PSCI_SYSTEM_RESET ? SK_FAULT_RESTART
							     : c->self->cfg->fault_policy;

		FUZZ_ASSERT(n == 1u);
		if (policy == SK_FAULT_HALT_SYSTEM) {
			FUZZ_ASSERT(c->escaped && l->kind == FAKE_SYSTEM_HALT);
			return;
		}
		FUZZ_ASSERT(!c->escaped);
		FUZZ_ASSERT(l->kind == (policy == SK_FAULT_RESTART
					? FAKE_PARTITION_RESTART : FAKE_PARTITION_STOP));
		FUZZ_ASSERT(l->partition == c->self && l->vcpu == c->v);
		return;
	}
	case SK_HC_PARTITION_STOP:
	case SK_HC_PARTITION_RESTART:
		if (c->st == SK_OK && (c->id == SK_HC_PARTITION_RESTART ||
				       before.part[c->in[1]].state == PARTITION_RUNNING)) {
			FUZZ_ASSERT(n == 1u && l->partition == &fs_part[c->in[1]]);
			FUZZ_ASSERT(l->vcpu == c->v);
			FUZZ_ASSERT(l->kind == (c->id == SK_HC_PARTITION_STOP
						? FAKE_PARTITION_STOP : FAKE_PARTITION_RESTART));
			return;
		}
		break;
	default:
		break;
	}
	FUZZ_ASSERT(!c->escaped);
	FUZZ_ASSERT(n == 0u);
}

/* A successful notify rings the peer of channel x1: the one change the
 * ABI allows in the peer's state. Returns the peer (or NULL) and checks
 * the doorbell it got. */
static const struct partition *fh_check_doorbell(const struct fh_call *c)
{
	uint32_t e = 0;
	const struct sk_cfg_channel *ch;
	const struct sk_cfg_endpoint *pe;
	const struct partition *peer;

	if (c->id != SK_HC_CHANNEL_NOTIFY || c->st != SK_OK) {
		FUZZ_ASSERT(fake_vgic_calls() == 0u);
		return NULL;
	}
	FUZZ_ASSERT(fh_may_notify(c, &e));
	ch = &fs_cfg.channels[c->in[1]];
	pe = &ch->endpoints[1u - e];
	peer = NULL;
	for (uint32_t i = 0; i < FS_PARTITIONS; i++) {
		if (strcmp(fs_part[i].cfg->name, pe->partition) == 0)
			peer = &fs_part[i];
	}
	FUZZ_ASSERT(peer != NULL && peer != c->self);
	if (pe->interface == SK_ENDPOINT_HYPERCALL) {
		FUZZ_ASSERT(fake_vgic_calls() == 1u);
		FUZZ_ASSERT(fake_vgic_last()->partition == peer);
		FUZZ_ASSERT(fake_vgic_last()->intid == pe->doorbell);
		FUZZ_ASSERT(fake_vgic_last()->edge);
	} else {
		/* A level: raised only if it was low and is unmasked. */
		FUZZ_ASSERT(fake_vgic_calls() <= 1u);
		if (fake_vgic_calls() == 1u) {
			FUZZ_ASSERT(fake_vgic_last()->partition == peer);
			FUZZ_ASSERT(fake_vgic_last()->intid == pe->doorbell);
			FUZZ_ASSERT(fake_vgic_last()->level && !fake_vgic_last()->edge);
		}
	}
	return peer;
}

/* Partition q is as it was but for what the ABI lets c change in it. */
static void fh_check_other(const struct fh_call *c, uint32_t q,
			   const struct partition *rung)
{
	const struct partition *was = &before.part[q];

	scratch = fs_part[q];
	if (rung == &fs_part[q]) {
		for (uint32_t i = 0; i < was->pci.count; i++) {
			const struct vpci_dev *d = &scratch.pci.dev[i];

			if (d->channel_id != c->in[1]) {
				continue;
			}
			FUZZ_ASSERT(d->int_status ==
				    (was->pci.dev[i].int_status | CHPCI_INT_DOORBELL));
			FUZZ_ASSERT(d->line == ((d->int_status & d->int_mask) != 0u &&
						(d->command & PCI_CMD_INTX_OFF) == 0u));
			scratch.pci.dev[i].int_status = was->pci.dev[i].int_status;
			scratch.pci.dev[i].line = was->pci.dev[i].line;
		}
		scratch.pci.lock = was->pci.lock;
	}
	if (c->st == SK_OK && c->in[1] == q &&
	    (c->id == SK_HC_PARTITION_STOP || c->id == SK_HC_PARTITION_RESTART)) {
		FUZZ_ASSERT(scratch.stop_requested ==
			    (c->id == SK_HC_PARTITION_STOP ? 1u : 0u));
		scratch.stop_requested = was->stop_requested;
	}
	FUZZ_ASSERT(memcmp(&scratch, was, sizeof(scratch)) == 0);
	FUZZ_ASSERT(memcmp(&fs_ram[q], &before.ram[q], sizeof(fs_ram[q])) == 0);
}

/* A call for the firmware (DEN0028 6.1, Table 6-1: owning entity in bits
 * [29:24], 5 and 6 the hypervisor services): refused and audited. */
static bool fh_audited_firmware_call(const struct fh_call *c)
{
	uint32_t owner = (c->id >> 24) & 0x3fu;

	return c->unknown && owner != 5u && owner != 6u;
}

/* A refused call leaves the caller as it was, but for the denial it is
 * documented to count and the log line's budget. */
static void fh_check_refused_caller(const struct fh_call *c)
{
	const struct partition *was = &before.part[c->self->id];
	/* Management and channel refusals are counted (struct
	 * sk_partition_stats.denied, core/audit.h); a console write without a
	 * console is not, and PSCI's -4 (ALREADY_ON) is no SK_E_DENIED. */
	bool counted = (c->st == SK_E_DENIED &&
			c->id >= SK_HC_PARTITION_STATUS && c->id <= SK_HC_SCHED_STATS &&
			c->id != SK_HC_WATCHDOG_KICK) ||
		       fh_audited_firmware_call(c);

	scratch = *c->self;
	FUZZ_ASSERT(scratch.stats.denied == was->stats.denied + (counted ? 1u : 0u));
	scratch.stats.denied = was->stats.denied;
	scratch.log_lock = was->log_lock;
	scratch.log_budget = was->log_budget;
	FUZZ_ASSERT(memcmp(&scratch, was, sizeof(scratch)) == 0);
	/* x1..x3 as they were, but the length a name needed. */
	if (c->st == SK_E_INVALID_PARAMETER &&
	    (c->id == SK_HC_PARTITION_NAME || c->id == SK_HC_CHANNEL_NAME) &&
	    c->r[1] != c->in[1]) {
		FUZZ_ASSERT(c->r[2] == c->in[2] && c->r[3] == c->in[3]);
		return;
	}
	FUZZ_ASSERT(memcmp(&c->r[1], &c->in[1], 3 * sizeof(c->r[1])) == 0);
}

/* The caller's memory: changed only inside the buffer a successful call
 * names; read-only memory never. */
static void fh_check_caller_memory(const struct fh_call *c)
{
	const struct fs_ram *now = &fs_ram[c->self->id];
	const struct fs_ram *was = &before.ram[c->self->id];

	for (uint64_t i = 0; i < FS_RAM_SIZE; i++) {
		uint64_t gpa = FS_RAM_GPA + i;

		if (now->mem[i] == was->mem[i])
			continue;
		FUZZ_ASSERT(c->st == SK_OK && c->buf_len > 0u);
		FUZZ_ASSERT(gpa >= c->buf && gpa - c->buf < c->buf_len);
	}
	FUZZ_ASSERT(memcmp(&fs_ro, &before.ro, sizeof(fs_ro)) == 0);
}

/* The audit operation of a management call: recorded when refused to a
 * partition that is no manager, and for a manager's stop or restart
 * (docs/management.md); 0: not recorded. */
static uint32_t fh_management_audit_op(const struct fh_call *c)
{
	bool done = c->st == SK_OK;
	bool denied = c->st == SK_E_DENIED;

	switch (c->id) {
	case SK_HC_PARTITION_STATUS:
	case SK_HC_PARTITION_STATS:
	case SK_HC_SCHED_STATS:
	case SK_HC_AUDIT_READ:
		return denied ? SK_AUDIT_OP_QUERY : 0u;
	case SK_HC_PARTITION_STOP:
		return denied || done ? SK_AUDIT_OP_STOP : 0u;
	case SK_HC_PARTITION_RESTART:
		return denied || done ? SK_AUDIT_OP_RESTART : 0u;
	default:
		return 0u;
	}
}

/* The audit log holds exactly the refusals of the reference monitor (one
 * record per refused notify, saying who, what and why), the firmware
 * calls, and the management calls above. */
static void fh_check_audit(const struct fh_call *c, uint64_t audit_was)
{
	uint64_t next = fs_audit_next();
	struct sk_audit_entry a;
	uint32_t e = 0;
	bool refused = c->id == SK_HC_CHANNEL_NOTIFY && c->st == SK_E_DENIED;
	bool firmware = fh_audited_firmware_call(c);
	uint32_t manage_op = c->escaped ? 0u : fh_management_audit_op(c);

	FUZZ_ASSERT(next == audit_was + (refused || firmware || manage_op != 0u ? 1u : 0u));
	if (!refused && !firmware && manage_op == 0u)
		return;
	FUZZ_ASSERT(fs_audit_get(audit_was, &a));
	FUZZ_ASSERT(a.seq == audit_was && a.partition == c->self->id);
	if (manage_op != 0u) {
		FUZZ_ASSERT(a.op == manage_op && a.object == c->in[1]);
		FUZZ_ASSERT(a.reason == (c->st == SK_OK ? SK_AUDIT_DONE
							  : SK_AUDIT_NOT_MANAGER));
		return;
	}
	if (firmware) {
		FUZZ_ASSERT(a.op == SK_AUDIT_OP_FIRMWARE && a.object == c->id &&
			    a.reason == SK_AUDIT_NOT_FORWARDED);
		return;
	}
	FUZZ_ASSERT(a.op == SK_AUDIT_OP_NOTIFY && a.object == c->in[1]);
	FUZZ_ASSERT(a.reason == (c->in[1] < FS_CHANNELS &&
				 fs_endpoint((uint32_t)c->in[1], c->self->id, &e)
				 ? SK_AUDIT_NO_RIGHT : SK_AUDIT_NOT_ENDPOINT));
}

static void fh_check(struct fh_call *c, bool start_ok, uint64_t audit_was)
{
	const struct partition *rung;

	for (uint32_t i = 4; i < FH_REGS; i++)
		FUZZ_ASSERT(c->r[i] == c->in[i]);
	c->st = (int64_t)c->r[0];
	if (!c->escaped)
		fh_expect_status(c, start_ok);
	fh_check_lifecycle(c);
	rung = fh_check_doorbell(c);
	for (uint32_t q = 0; q < FS_PARTITIONS; q++) {
		if (q != c->self->id)
			fh_check_other(c, q, rung);
	}
	/* No hypercall writes channel memory (guests do, through stage 2). */
	FUZZ_ASSERT(memcmp(fs_chan, before.chan, sizeof(fs_chan)) == 0);
	FUZZ_ASSERT(fs_guards_intact());
	/* SYSTEM_OFF and SYSTEM_RESET answer nothing: x0 keeps the id. */
	if (!c->escaped && c->st < 0 && c->id != PSCI_SYSTEM_OFF &&
	    c->id != PSCI_SYSTEM_RESET)
		fh_check_refused_caller(c);
	if (!c->escaped)
		fh_check_caller_memory(c);
	fh_check_audit(c, audit_was);
}

static uint32_t fh_pick_id(struct fuzz_input *in, uint8_t sel)
{
	if (sel < 0xe0u)
		return fh_ids[sel % FH_IDS];
	return (uint32_t)fuzz_take(in, 4);
}

/* Between calls, the world moves: a partition stops or runs again, a
 * vCPU turns off, is starting or runs (what the lifecycle code, faked
 * here, would have done). e: bits 0-1 the partition, bit 2 its state,
 * else bit 3 the vCPU and bits 4-5 its state. */
static void fh_event(uint8_t e)
{
	struct partition *p = &fs_part[e & 3u];

	if ((e & 4u) != 0u) {
		p->state = p->state == PARTITION_RUNNING ? PARTITION_STOPPED
							  : PARTITION_RUNNING;
		return;
	}
	p->vcpus[((e >> 3) & 1u) % p->vcpu_count].state = (uint32_t)((e >> 4) & 3u) % 3u;
}

static void fh_configure(uint8_t conf)
{
	static struct partition *const focus[4] = {
		&fs_part[FS_ALPHA], &fs_part[FS_GAMMA], &fs_part[FS_BOSS], NULL,
	};
	struct sk_cfg_partition *alpha = &fs_cfg.partitions[FS_ALPHA];
	struct sk_cfg_partition *beta = &fs_cfg.partitions[FS_BETA];

	alpha->fault_policy = (conf & 3u) % 3u;
	beta->fault_policy = ((conf >> 2) & 3u) % 3u;
	fake_cpu_speculation_safe = (conf & 0x10u) != 0u;
	fake_partition_set_focus(focus[conf >> 6]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint8_t conf = fh_u8(&in);
	bool start_ok = (conf & 0x20u) == 0u;
	/* FUZZ_TRACE=1: each call and its answer on stderr (reproducing). */
	static int trace = -1;

	if (trace < 0)
		trace = getenv("FUZZ_TRACE") != NULL;

	fs_build(fh_u8(&in));
	fh_configure(conf);
	for (uint32_t n = 0; n < FH_MAX_CALLS && in.left > 0; n++) {
		struct fh_call c = { 0 };
		uint64_t audit_was;
		uint8_t who = fh_u8(&in);
		uint8_t flags = fh_u8(&in);

		if ((who & FH_EVENT) == FH_EVENT) {
			fh_event(flags);
			continue;
		}
		c.v = fh_vcpu((uint32_t)(who & 0x7fu) % FH_CALLERS);
		c.self = c.v->partition;
		/* who bit 7: SMC instead of HVC. Both conduits enter the same
		 * dispatcher (arch/arm64/trap.c: trap_hypercall), which has no
		 * way to tell them apart: the bit only varies the input. */
		c.id = fh_pick_id(&in, fh_u8(&in));
		c.in[0] = c.id;
		if ((flags & 1u) != 0u) /* SMCCC: only W0 is the id */
			c.in[0] |= fuzz_take(&in, 4) << 32;
		for (uint32_t i = 1; i < FH_REGS; i++)
			c.in[i] = fh_arg(&in);
		/* Time moves between calls (log budgets, audit times). */
		fake_counter_advance((uint64_t)(flags >> 1) << 20);
		fake_vcpu_reset();
		fake_vcpu_set_start_result(start_ok);
		fake_vgic_reset();
		audit_was = fs_audit_next();
		fs_snapshot(&before);
		memcpy(c.r, c.in, sizeof(c.r));
		if (trace)
			fprintf(stderr, "call %u: partition %u vCPU %u x0 %#llx x1 %#llx x2 %#llx x3 %#llx\n",
				n, c.self->id, c.v->index.index, (unsigned long long)c.in[0],
				(unsigned long long)c.in[1], (unsigned long long)c.in[2],
				(unsigned long long)c.in[3]);
		c.escaped = !fh_dispatch(c.v, c.r);
		if (trace)
			fprintf(stderr, "  -> x0 %#llx x1 %#llx x2 %#llx x3 %#llx%s\n",
				(unsigned long long)c.r[0], (unsigned long long)c.r[1],
				(unsigned long long)c.r[2], (unsigned long long)c.r[3],
				c.escaped ? " (did not return)" : "");
		fh_check(&c, start_ok, audit_was);
	}
	return 0;
}
