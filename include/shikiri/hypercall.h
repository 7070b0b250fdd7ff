/* SPDX-License-Identifier: MIT */
/*
 * shikiri hypercall ABI, version 1.4 — the public contract for guests.
 *
 * Calls follow the Arm SMC Calling Convention (SMCCC, DEN0028) and live in
 * the "Vendor Specific Hypervisor Service" range (owning entity 6). They are
 * issued with `hvc #0`; x0 carries the function id, x1..x3 the arguments.
 * On return x0 holds a status (SK_OK or a negative SK_E_* code) and x1..x3
 * the results. Registers x4..x17 are preserved by shikiri (SMCCC v1.1 lets a
 * callee clobber them; we promise not to), x18..x30 and sp always are.
 *
 * Guest-physical buffer arguments must lie entirely inside one memory region
 * of the calling partition; anything else fails with SK_E_BAD_ADDRESS and no
 * side effect. docs/hypercalls.md is the reference; this header and that
 * page change together, and only with a version bump: SK_ABI_VERSION_* is
 * the one definition, and make lint (scripts/check-docs.py) checks this
 * comment, the calls' "Since" notes, the code that reports the version and
 * the page's tables against it.
 */
#ifndef SHIKIRI_HYPERCALL_H
#define SHIKIRI_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#define SK_ABI_VERSION_MAJOR 1u
#define SK_ABI_VERSION_MINOR 4u

/* SMCCC function id fields (DEN0028, section 2.5). */
#define SK_SMCCC_FAST_CALL     (1u << 31)
#define SK_SMCCC_SMC64         (1u << 30)
#define SK_SMCCC_OEN_SHIFT     24u
#define SK_SMCCC_OEN_MASK      0x3fu
#define SK_SMCCC_OEN_VENDOR_HYP 6u
#define SK_SMCCC_FUNC_MASK     0xffffu

#define SK_HC_ID(fn) \
	(SK_SMCCC_FAST_CALL | SK_SMCCC_SMC64 | \
	 (SK_SMCCC_OEN_VENDOR_HYP << SK_SMCCC_OEN_SHIFT) | (uint32_t)(fn))

/* Returns x0=SK_OK, x1=major, x2=minor. */
#define SK_HC_ABI_VERSION      SK_HC_ID(0x0000u)
/* x1=buffer guest-physical address, x2=length. Returns x1=bytes written. */
#define SK_HC_CONSOLE_WRITE    SK_HC_ID(0x0001u)
/* x1=buffer, x2=capacity. Never blocks. Returns x1=bytes read (0: none). */
#define SK_HC_CONSOLE_READ     SK_HC_ID(0x0002u)
/* Returns x1=partition id, x2=calling vCPU index, x3=number of vCPUs. */
#define SK_HC_PARTITION_ID     SK_HC_ID(0x0003u)
/* x1=buffer, x2=capacity. Copies the NUL-terminated name; x1=its length. */
#define SK_HC_PARTITION_NAME   SK_HC_ID(0x0004u)

/* Since 1.1: management. A partition may ask about itself; about, or for,
 * any other partition only if the configuration names it `manager`
 * (otherwise SK_E_DENIED, and the refusal is counted and logged). */
/* x1=partition id. Returns x1=SK_PARTITION_*, x2=restarts, x3=vCPUs. */
#define SK_HC_PARTITION_STATUS SK_HC_ID(0x0005u)
/* x1=partition id: stop it (manager only). */
#define SK_HC_PARTITION_STOP   SK_HC_ID(0x0006u)
/* x1=partition id: restart it from its pristine images (manager only). */
#define SK_HC_PARTITION_RESTART SK_HC_ID(0x0007u)
/* x1=partition id, x2=buffer, x3=capacity: copies struct
 * sk_partition_stats (at most capacity bytes); x1=bytes copied. */
#define SK_HC_PARTITION_STATS  SK_HC_ID(0x0008u)
/* Restarts the partition's watchdog period. x1=the period in ms (0: the
 * partition has no watchdog). */
#define SK_HC_WATCHDOG_KICK    SK_HC_ID(0x0009u)

/* Since 1.2: channels (docs/channels.md). Channel ids are the channels'
 * positions in the configuration's /channels node. A partition that is no
 * endpoint of a channel learns nothing about it: for it the id does not
 * exist. */
/* x1=n: the caller's n-th channel (0-based, configuration order). Returns
 * x1=info word (SK_CHANNEL_INFO_*), x2=guest-physical address of the
 * shared memory, x3=its size; SK_E_INVALID_PARAMETER after the last. */
#define SK_HC_CHANNEL_INFO     SK_HC_ID(0x000au)
/* x1=channel id, x2=buffer, x3=capacity: copies the channel's
 * NUL-terminated name; x1=its length. */
#define SK_HC_CHANNEL_NAME     SK_HC_ID(0x000bu)
/* x1=channel id: rings the peer endpoint's doorbell. SK_E_DENIED when the
 * caller is no endpoint of the channel or lacks the "notify" right; the
 * refusal is recorded in the audit log. */
#define SK_HC_CHANNEL_NOTIFY   SK_HC_ID(0x000cu)
/* Manager only. x1=first sequence number wanted, x2=buffer, x3=capacity in
 * bytes: copies the audit records (struct sk_audit_entry) from that one on
 * that are still kept. Returns x1=records copied, x2=the sequence number to
 * ask for next, x3=records lost (overwritten before they were read). */
#define SK_HC_AUDIT_READ       SK_HC_ID(0x000du)
/* Since 1.3: the schedulers. */
/* Manager only. x1=physical CPU, x2=buffer, x3=capacity: copies
 * struct sk_sched_stats of that CPU's scheduler (docs/scheduling.md; all
 * zero but version/size/cpu for a CPU that is not shared); x1=bytes
 * copied. */
#define SK_HC_SCHED_STATS      SK_HC_ID(0x000eu)

/* The info word of SK_HC_CHANNEL_INFO. */
#define SK_CHANNEL_INFO_ID(w)        ((uint32_t)((w) & 0xffu))
#define SK_CHANNEL_INFO_RIGHTS(w)    ((uint32_t)(((w) >> 8) & 0xffu))
#define SK_CHANNEL_INFO_DOORBELL(w)  ((uint32_t)(((w) >> 16) & 0xffffu))
#define SK_CHANNEL_INFO_PEER(w)      ((uint32_t)(((w) >> 32) & 0xffu))
#define SK_CHANNEL_INFO_INTERFACE(w) ((uint32_t)(((w) >> 40) & 0xffu))
/* Rights bits. */
#define SK_CHANNEL_READ        (1u << 0)
#define SK_CHANNEL_WRITE       (1u << 1)
#define SK_CHANNEL_NOTIFY      (1u << 2)
/* Interfaces: the memory at the info's address and hypercalls, or a
 * virtual PCI device (include/shikiri/channel_pci.h). */
#define SK_CHANNEL_IF_HYPERCALL 0u
#define SK_CHANNEL_IF_PCI       1u
#define SK_CHANNEL_NAME_MAX    16u /* including the terminating NUL */

/* One refused request (SK_HC_AUDIT_READ). */
struct sk_audit_entry {
	uint64_t seq;        /* 0, 1, 2, ... since boot */
	uint64_t time_ns;    /* when, in ns since the hypervisor started */
	uint32_t partition;  /* who asked */
	uint32_t op;         /* SK_AUDIT_OP_* */
	uint64_t object;     /* what it named: the channel id as passed, the function ID */
	int32_t reason;      /* SK_AUDIT_* */
	uint32_t reserved;
};
#define SK_AUDIT_OP_NOTIFY     1u  /* SK_HC_CHANNEL_NOTIFY or a PCI doorbell write */
/* Since 1.4: firmware calls and management in the audit log, and
 * struct sk_partition_stats version 2; no new calls. */
#define SK_AUDIT_OP_FIRMWARE   2u  /* an SMC/HVC for the firmware; object: its function ID (W0) */
/* Management (docs/management.md): object is the partition id or CPU
 * named. A manager's stops and restarts are recorded with SK_AUDIT_DONE,
 * any management request of a partition that is no manager with
 * SK_AUDIT_NOT_MANAGER. */
#define SK_AUDIT_OP_STOP       3u
#define SK_AUDIT_OP_RESTART    4u
#define SK_AUDIT_OP_QUERY      5u  /* status, statistics, audit log */
#define SK_AUDIT_DONE          0   /* not refused: carried out */
#define SK_AUDIT_NOT_ENDPOINT  1   /* no such channel for the caller */
#define SK_AUDIT_NO_RIGHT      2   /* an endpoint without the right */
#define SK_AUDIT_NOT_FORWARDED 3   /* shikiri forwards no call to the firmware */
#define SK_AUDIT_NOT_MANAGER   4   /* a management request of a non-manager */

/* SK_HC_PARTITION_STATUS states. */
#define SK_PARTITION_STOPPED   0u
#define SK_PARTITION_RUNNING   1u

/* Counters since boot, per partition (SK_HC_PARTITION_STATS). New fields
 * are only ever appended; `size` says how many bytes are valid. */
struct sk_partition_stats {
	uint32_t version;         /* 2 */
	uint32_t size;            /* sizeof(struct sk_partition_stats) */
	uint64_t exits;           /* all exits to the hypervisor */
	uint64_t exits_hypercall; /* HVC and SMC */
	uint64_t exits_mmio;      /* emulated device accesses */
	uint64_t exits_sysreg;    /* emulated system-register accesses */
	uint64_t exits_irq;       /* physical interrupts while it ran */
	uint64_t faults;          /* stray accesses and refused instructions */
	uint64_t irqs_injected;   /* virtual interrupts made pending */
	uint64_t restarts;
	uint64_t denied;          /* management calls refused to it */
	/* Version 2: */
	uint64_t dma_faults;      /* its devices' DMA the SMMU blocked */
};
#define SK_PARTITION_STATS_VERSION 2u

/* A shared CPU's scheduler since boot (SK_HC_SCHED_STATS). Times in ns of
 * the system counter. New fields are only ever appended. */
#define SK_SCHED_STATS_VCPUS 8u
struct sk_sched_stats {
	uint32_t version;          /* 1 */
	uint32_t size;             /* sizeof(struct sk_sched_stats) */
	uint32_t cpu;
	uint32_t shared;           /* 1: vCPUs share it; else nothing below */
	uint64_t switches;         /* changes of the running vCPU, idle included */
	uint64_t idle_ns;
	uint64_t rt_wakeups;       /* real-time vCPUs switched in after waiting */
	uint64_t worst_rt_latency_ns;
	uint64_t average_switch_ns; /* scheduler decision to guest */
	uint32_t vcpu_count;
	uint32_t reserved;
	struct sk_sched_vcpu {
		uint32_t partition;    /* partition id */
		uint32_t vcpu;         /* vCPU index in it */
		uint32_t priority;     /* 0: best-effort */
		uint32_t reserved;
		uint64_t run_ns;       /* up to its last switch */
	} vcpus[SK_SCHED_STATS_VCPUS];
};
#define SK_SCHED_STATS_VERSION 1u

/*
 * SMCCC general queries of the service range (DEN0028, section 6.2). These
 * use the SMC32 id. The UID tells a guest it runs on shikiri.
 */
#define SK_HC_CALL_UID         0x8600ff01u
/* UID words returned in x0..x3 by SK_HC_CALL_UID. */
#define SK_UID_0 0x6b696873u /* "shik" */
#define SK_UID_1 0x2d697269u /* "iri-" */
#define SK_UID_2 0x0e15c0a5u
#define SK_UID_3 0x00010000u

/* Limits a guest can rely on. */
#define SK_CONSOLE_WRITE_MAX   4096u /* larger writes are truncated to this */
#define SK_PARTITION_NAME_MAX  16u   /* including the terminating NUL */

/* Status codes in x0. The first ones are SMCCC's own. */
#define SK_OK                    0
#define SK_E_NOT_SUPPORTED      (-1) /* unknown function id (SMCCC) */
#define SK_E_INVALID_PARAMETER  (-3) /* SMCCC value */
#define SK_E_DENIED             (-4) /* the caller lacks the right */
#define SK_E_BAD_ADDRESS        (-5) /* buffer outside the caller's memory */

#if defined(__aarch64__) && !defined(SK_HYPERVISOR)
struct sk_hc_result {
	int64_t status;
	uint64_t r1, r2, r3;
};

static inline struct sk_hc_result sk_hvc(uint64_t fn, uint64_t a1,
					 uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	struct sk_hc_result r;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "memory");
	r.status = (int64_t)x0;
	r.r1 = x1;
	r.r2 = x2;
	r.r3 = x3;
	return r;
}

/*
 * Finds the caller's channel called name: true with *info the answer of
 * SK_HC_CHANNEL_INFO for it (x1 the info word, x2 the guest address, x3
 * the size). scratch: SK_CHANNEL_NAME_MAX bytes of the caller's memory,
 * where the hypervisor writes each channel's name to compare.
 */
static inline bool sk_channel_find(const char *name, char *scratch,
				   struct sk_hc_result *info)
{
	for (uint64_t n = 0; n <= SK_CHANNEL_INFO_ID(~0ull); n++) {
		*info = sk_hvc(SK_HC_CHANNEL_INFO, n, 0, 0);
		if (info->status != SK_OK)
			return false;
		if (sk_hvc(SK_HC_CHANNEL_NAME, SK_CHANNEL_INFO_ID(info->r1),
			   (uint64_t)(uintptr_t)scratch,
			   SK_CHANNEL_NAME_MAX).status != SK_OK)
			continue;
		for (uint32_t i = 0; i < SK_CHANNEL_NAME_MAX &&
				     scratch[i] == name[i]; i++) {
			if (name[i] == '\0')
				return true;
		}
	}
	return false;
}
#endif

#endif /* SHIKIRI_HYPERCALL_H */
