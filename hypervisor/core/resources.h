/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own resources (Ctrl-] r, docs/architecture.md): every
 * fixed-size pool and table with its used and free counts, the list
 * registers held per CPU, channel doorbells pending, each partition's log
 * budget and its fault and denial counters. A soak (make soak) compares
 * the report before and after a run to see that nothing leaked.
 *
 * Collected into struct resources (resources.c), then formatted one
 * parseable line per pool (resources_format.c, pure, host-tested):
 *
 *   resources <pool>[ <which>]: <key> <value> [<key> <value> ...]
 */
#ifndef SK_CORE_RESOURCES_H
#define SK_CORE_RESOURCES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/config_format.h"

struct resources_cpu {
	uint32_t cpu;
	uint32_t vcpus_on;   /* vCPUs on this CPU that are on */
	uint32_t lrs_held;   /* list registers the vGIC holds for them */
	uint32_t lrs_stale;  /* held, but for no pending or active interrupt */
};

struct resources_partition {
	const char *name;
	bool running;
	uint32_t log_tokens;     /* whole lines of log budget left */
	uint32_t log_suppressed; /* lines refused since the last admitted */
	uint64_t faults;
	uint64_t denied;
	uint64_t restarts;
};

struct resources {
	uint64_t uptime_ms;   /* counter time since boot (virtual under icount) */
	uint32_t partitions_running;
	uint32_t partitions_stopped;
	uint32_t vcpus_on;
	uint32_t vcpus_on_pending;
	uint32_t vcpus_off;
	uint32_t vmids_used;
	uint32_t vmids_free;
	uint32_t cpu_count;   /* CPUs with at least one vCPU */
	struct resources_cpu cpus[SK_MAX_CPUS];
	uint32_t channels;
	uint32_t doorbells_pending;
	uint32_t stage2_pages_used;
	uint32_t stage2_pages_free;
	uint64_t audit_records;             /* refusals recorded since boot */
	uint32_t audit_held;  /* records in the ring now */
	uint32_t audit_size;  /* the ring's capacity */
	uint32_t partition_count;
	struct resources_partition partitions[SK_MAX_PARTITIONS];
};

/* Fills r from the running hypervisor (resources.c). */
void resources_collect(struct resources *r);

/* Line `line` (from 0) of the report of r into buf (NUL-terminated,
 * without a newline); false once there are no more lines. */
bool resources_format(const struct resources *r, uint32_t line, char *buf,
		      uint32_t size);

/* Collects and prints the report, one log line per pool (Ctrl-] r). */
void resources_print(void);

#endif
