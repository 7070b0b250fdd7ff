/* SPDX-License-Identifier: MIT */
/*
 * The management function (docs/management.md): the manager interface of
 * include/shikiri/hypercall.h for a partition that cannot make hypercalls
 * (stock Linux), as a virtual PCI function its kernel already drives with
 * uio_pci_generic. Only a partition the configuration marks `manager` has
 * it: on bus 0 of its virtual ECAM host, after its channel devices.
 *
 *   BAR0  registers and the result window, 4 KiB, 32-bit non-prefetchable
 *   no interrupt (pin 0), no other BAR
 *
 * A command is run by writing its code to MGPCI_COMMAND, with its
 * arguments in MGPCI_ARG0/MGPCI_ARG1 first. It completes before the write
 * does; MGPCI_STATUS then holds its result (MGPCI_OK or a negative
 * MGPCI_E_* code) and MGPCI_DATA, MGPCI_LENGTH bytes long, what it
 * returns. The function has one such mailbox: users in one partition take
 * turns (libshikiri-ctl holds an flock on the device's config file).
 * Every register is 32 bits wide and accessed with 32-bit loads and
 * stores only; any other width, and an offset that is no register, is an
 * external abort. Every value written is checked; a bad one is answered
 * with a status, never acted on.
 */
#ifndef SHIKIRI_MANAGE_PCI_H
#define SHIKIRI_MANAGE_PCI_H

#include <stdint.h>

#include "shikiri/hypercall.h"

/* Not a PCI-SIG assigned vendor id (the channels' one). */
#define MGPCI_VENDOR_ID     0x5348u /* "SH" */
#define MGPCI_DEVICE_ID     0x4d47u /* "MG" */
#define MGPCI_CLASS         0xff0000u
#define MGPCI_BAR0_SIZE     0x1000u

/* BAR0 registers. */
#define MGPCI_MAGIC         0x000u /* RO: MGPCI_MAGIC_VALUE */
#define MGPCI_VERSION       0x004u /* RO: MGPCI_VERSION_1 */
#define MGPCI_SELF          0x008u /* RO: the manager's own partition id */
#define MGPCI_PARTITIONS    0x00cu /* RO: partitions, ids 0..n-1 */
#define MGPCI_CPUS          0x010u /* RO: physical CPUs, 0..n-1 */
#define MGPCI_ARG0          0x020u /* RW: first argument */
#define MGPCI_ARG1          0x024u /* RW: second argument */
#define MGPCI_COMMAND       0x028u /* WO: MGPCI_CMD_*: runs it; reads 0 */
#define MGPCI_STATUS        0x02cu /* RO: the last command's result (int32) */
#define MGPCI_LENGTH        0x030u /* RO: bytes of MGPCI_DATA it returned */
#define MGPCI_DATA          0x100u /* RO: its result, up to MGPCI_DATA_MAX */
#define MGPCI_DATA_MAX      0x0f00u

#define MGPCI_MAGIC_VALUE   0x474d4b53u /* "SKMG" */
#define MGPCI_VERSION_1     1u

/* Commands (ARG0, ARG1 -> MGPCI_DATA). */
#define MGPCI_CMD_PARTITION_INFO  1u /* id -> struct sk_mgmt_partition */
#define MGPCI_CMD_PARTITION_STATS 2u /* id -> struct sk_partition_stats */
#define MGPCI_CMD_SCHED_STATS     3u /* CPU -> struct sk_sched_stats */
#define MGPCI_CMD_STOP            4u /* id -> nothing; audited */
#define MGPCI_CMD_RESTART         5u /* id -> nothing; audited */
#define MGPCI_CMD_AUDIT_READ      6u /* first seq (low, high) -> struct sk_mgmt_audit */
#define MGPCI_CMD_FAULTS          7u /* id -> struct sk_mgmt_faults */

/* MGPCI_STATUS values (the hypercalls' SK_E_* where they mean the same). */
#define MGPCI_OK                  SK_OK
#define MGPCI_E_UNKNOWN_COMMAND   SK_E_NOT_SUPPORTED
#define MGPCI_E_NO_SUCH           SK_E_INVALID_PARAMETER /* no such partition or CPU */
#define MGPCI_E_DENIED            SK_E_DENIED
#define MGPCI_E_STOPPED           (-6) /* stop: the partition is stopped already */

/* MGPCI_CMD_PARTITION_INFO. New fields are only ever appended. */
struct sk_mgmt_partition {
	uint32_t version;        /* 1 */
	uint32_t size;           /* sizeof(struct sk_mgmt_partition) */
	uint32_t id;
	uint32_t state;          /* SK_PARTITION_STOPPED / RUNNING */
	char name[SK_PARTITION_NAME_MAX]; /* NUL-terminated */
	uint32_t vcpus;
	uint32_t cpus;           /* bit n: physical CPU n runs one of its vCPUs */
	uint32_t sched_class;    /* SK_MGMT_CLASS_* */
	uint32_t priority;       /* real-time: 1..99; best-effort: 0 */
	uint32_t fault_policy;   /* SK_MGMT_POLICY_* */
	uint32_t manager;        /* 1: a manager */
	uint64_t restarts;
	uint64_t faults;
	uint64_t denied;         /* its requests refused */
	uint64_t uptime_ns;      /* since its last start; 0 while stopped */
};
#define SK_MGMT_PARTITION_VERSION 1u
#define SK_MGMT_CLASS_BEST_EFFORT 0u
#define SK_MGMT_CLASS_REALTIME    1u
#define SK_MGMT_POLICY_STOP       0u
#define SK_MGMT_POLICY_RESTART    1u
#define SK_MGMT_POLICY_HALT       2u

/* MGPCI_CMD_AUDIT_READ: the records from the sequence number asked for on
 * that are still kept, at most SK_MGMT_AUDIT_ENTRIES. */
#define SK_MGMT_AUDIT_ENTRIES 16u
struct sk_mgmt_audit {
	uint64_t next;           /* the sequence number to ask for next */
	uint64_t lost;           /* records overwritten before they were read */
	uint32_t count;          /* entries below */
	uint32_t reserved;
	struct sk_audit_entry entries[SK_MGMT_AUDIT_ENTRIES];
};

/* MGPCI_CMD_FAULTS: a partition's last faults, kept across its restarts,
 * oldest first. */
#define SK_MGMT_FAULTS_KEPT   8u
#define SK_MGMT_WHERE_MAX     96u /* a configuration node path, NUL included */
struct sk_mgmt_fault {
	uint64_t seq;            /* its fault number since boot, from 0 */
	uint64_t time_ns;        /* when, since the hypervisor started */
	uint64_t addr;           /* the guest-physical address (PC for a trapped instruction) */
	uint64_t pc;
	uint64_t esr;            /* ESR_EL2: exception class in bits 31:26 */
	uint32_t kind;           /* SK_MGMT_FAULT_* */
	uint32_t vcpu;
	uint32_t run;            /* its restarts when it happened: 0 = first run */
	uint32_t action;         /* SK_MGMT_ACTION_*: what followed */
	/* The configuration node addr falls in (a region, device or channel
	 * endpoint of the partition), "" when in none. */
	char where[SK_MGMT_WHERE_MAX];
};
struct sk_mgmt_faults {
	uint64_t total;          /* faults recorded since boot */
	uint32_t count;          /* entries below */
	uint32_t reserved;
	struct sk_mgmt_fault faults[SK_MGMT_FAULTS_KEPT];
};
#define SK_MGMT_FAULT_DATA_READ   1u
#define SK_MGMT_FAULT_DATA_WRITE  2u
#define SK_MGMT_FAULT_INSN_FETCH  3u
#define SK_MGMT_FAULT_UNDEFINED   4u /* trapped instruction or register */
#define SK_MGMT_FAULT_SERROR      5u
#define SK_MGMT_FAULT_ABORT_LOOP  6u /* faulted again at the vector it was sent to */
#define SK_MGMT_FAULT_WATCHDOG    7u /* not kicked in time */
#define SK_MGMT_FAULT_GUEST_OFF   8u /* it asked for SYSTEM_OFF */
#define SK_MGMT_FAULT_DMA         9u /* the SMMU blocked its DMA */
#define SK_MGMT_ACTION_ABORT_INJECTED 1u /* an external abort, its handler runs */
#define SK_MGMT_ACTION_UNDEF_INJECTED 2u /* an undefined instruction exception */
#define SK_MGMT_ACTION_IGNORED        3u
#define SK_MGMT_ACTION_STOPPED        4u /* the fault policy stopped it */
#define SK_MGMT_ACTION_RESTARTED      5u /* ... restarted it */
#define SK_MGMT_ACTION_HALTED         6u /* ... halted the system */

#endif /* SHIKIRI_MANAGE_PCI_H */
