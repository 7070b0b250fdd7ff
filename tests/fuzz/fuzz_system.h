/* SPDX-License-Identifier: MIT */
/*
 * A small system for the harnesses that drive guest-facing entry points
 * (the hypercall dispatcher, virtual PCI): four partitions and four
 * channels built with the real channel code (core/channel.c, stage-2
 * tables on the host) over the fakes of tests/unit/stubs. Each partition
 * has guest RAM of its own (a host buffer between guard bytes), so a write
 * into the wrong partition shows as a changed byte, not as a shared one.
 *
 *   0 boss   manager, 1 vCPU, no console
 *   1 alpha  2 vCPUs, hypercall console, RAM and a read-only region
 *   2 beta   1 vCPU, reaches "ring" and "log" as virtual PCI devices
 *   3 gamma  1 vCPU, hypercall console, a watchdog
 *
 *   channel 0 "ring"    alpha (rw, notify)         <-> beta (pci, rw, notify)
 *   channel 1 "status"  alpha (read only)          <-> beta (rw, notify)
 *   channel 2 "log"     beta (pci, read only)      <-> gamma (rw, notify)
 *   channel 3 "control" boss (read, notify)        <-> gamma (read only)
 */
#ifndef SK_FUZZ_SYSTEM_H
#define SK_FUZZ_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/partition.h"
#include "shikiri/hypercall.h"

#define FS_PARTITIONS 4u
#define FS_CHANNELS 4u
#define FS_BOSS 0u
#define FS_ALPHA 1u
#define FS_BETA 2u
#define FS_GAMMA 3u

#define FS_RAM_GPA 0x40000000ull
#define FS_RAM_SIZE 0x2000u
#define FS_RO_GPA 0x50000000ull
#define FS_RO_SIZE 0x1000u
#define FS_CHAN_SIZE 0x1000u
#define FS_GUARD 64u
#define FS_GUARD_BYTE 0xa5u
#define FS_WATCHDOG_MS 100u

/* Guest memory between guard bytes no call may touch. */
struct fs_ram {
	uint8_t before[FS_GUARD];
	uint8_t mem[FS_RAM_SIZE];
	uint8_t after[FS_GUARD];
};

/* Everything a call could change, as it was (fs_snapshot). */
struct fs_state {
	struct partition part[FS_PARTITIONS];
	struct fs_ram ram[FS_PARTITIONS];
	struct fs_ram ro;
	uint8_t chan[FS_CHANNELS][FS_CHAN_SIZE];
};

extern struct partition fs_part[FS_PARTITIONS];
extern struct sk_config fs_cfg;
extern struct fs_ram fs_ram[FS_PARTITIONS];
extern struct fs_ram fs_ro; /* alpha's read-only region */
extern uint8_t fs_chan[FS_CHANNELS][FS_CHAN_SIZE];

/* Builds the system afresh: configuration, partitions (all running),
 * channels and their PCI devices, fakes reset. fill seeds guest RAM. */
void fs_build(uint8_t fill);
/* Copies the current state into *s. */
void fs_snapshot(struct fs_state *s);
/* True if guard bytes around every region are intact. */
bool fs_guards_intact(void);
/* The audit log as a manager reads it (SK_HC_AUDIT_READ), through an
 * auditor partition of the harness's own outside the partition table:
 * the sequence number the next record will get, and record seq (false if
 * it is no longer or not yet kept). */
uint64_t fs_audit_next(void);
bool fs_audit_get(uint64_t seq, struct sk_audit_entry *e);
/* True if partition pid is an endpoint of channel id (*e: which one). */
bool fs_endpoint(uint32_t id, uint32_t pid, uint32_t *e);

#endif /* SK_FUZZ_SYSTEM_H */
