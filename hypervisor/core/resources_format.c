/* SPDX-License-Identifier: MIT */
/* The resource report's lines (core/resources.h); pure, host-tested. */
#include "core/resources.h"

#include "core/log_budget.h"
#include "lib/fmt.h"

/* The lines before the per-CPU ones, and between those and the
 * per-partition ones. */
enum res_head_line {
	RES_LINE_UPTIME,
	RES_LINE_PARTITIONS,
	RES_LINE_VCPUS,
	RES_LINE_VMIDS,
	RES_LINES_HEAD,
};
enum res_tail_line {
	RES_LINE_CHANNELS,
	RES_LINE_STAGE2,
	RES_LINE_AUDIT,
	RES_LINES_MIDDLE,
};

static void resources_format_head(const struct resources *r, uint32_t line,
				  char *buf, uint32_t size)
{
	switch (line) {
	case RES_LINE_UPTIME:
		(void)sk_snprintf(buf, size, "resources uptime: ms %llu",
			    (unsigned long long)r->uptime_ms);
		break;
	case RES_LINE_PARTITIONS:
		(void)sk_snprintf(buf, size, "resources partitions: running %u stopped %u",
			    r->partitions_running, r->partitions_stopped);
		break;
	case RES_LINE_VCPUS:
		(void)sk_snprintf(buf, size, "resources vcpus: on %u on-pending %u off %u",
			    r->vcpus_on, r->vcpus_on_pending, r->vcpus_off);
		break;
	case RES_LINE_VMIDS:
	default:
		(void)sk_snprintf(buf, size, "resources vmids: used %u free %u",
			    r->vmids_used, r->vmids_free);
		break;
	}
}

static void resources_format_middle(const struct resources *r, uint32_t line,
				    char *buf, uint32_t size)
{
	switch (line) {
	case RES_LINE_CHANNELS:
		(void)sk_snprintf(buf, size, "resources channels: declared %u doorbells-pending %u",
			    r->channels, r->doorbells_pending);
		break;
	case RES_LINE_STAGE2:
		(void)sk_snprintf(buf, size, "resources stage2-pages: used %u free %u",
			    r->stage2_pages_used, r->stage2_pages_free);
		break;
	case RES_LINE_AUDIT:
	default:
		(void)sk_snprintf(buf, size, "resources audit: records %llu held %u size %u",
			    (unsigned long long)r->audit_records, r->audit_held,
			    r->audit_size);
		break;
	}
}

static void resources_format_cpu(const struct resources_cpu *c, char *buf,
				 uint32_t size)
{
	(void)sk_snprintf(buf, size, "resources lrs CPU%u: vcpus-on %u held %u stale %u",
		    c->cpu, c->vcpus_on, c->lrs_held, c->lrs_stale);
}

static void resources_format_partition(const struct resources_partition *p,
				       char *buf, uint32_t size)
{
	(void)sk_snprintf(buf, size, "resources partition '%s': state %s log-tokens %u log-burst %u log-suppressed %u faults %llu denied %llu restarts %llu",
		    p->name != NULL ? p->name : "?",
		    p->running ? "running" : "stopped", p->log_tokens,
		    LOG_BUDGET_BURST, p->log_suppressed,
		    (unsigned long long)p->faults, (unsigned long long)p->denied,
		    (unsigned long long)p->restarts);
}

bool resources_format(const struct resources *r, uint32_t line, char *buf,
		      uint32_t size)
{
	uint32_t cpus = r->cpu_count <= SK_MAX_CPUS ? r->cpu_count : SK_MAX_CPUS;
	uint32_t parts = r->partition_count <= SK_MAX_PARTITIONS
			 ? r->partition_count : SK_MAX_PARTITIONS;

	if (size == 0u)
		return false;
	if (line < RES_LINES_HEAD) {
		resources_format_head(r, line, buf, size);
		return true;
	}
	line -= RES_LINES_HEAD;
	if (line < cpus) {
		resources_format_cpu(&r->cpus[line], buf, size);
		return true;
	}
	line -= cpus;
	if (line < RES_LINES_MIDDLE) {
		resources_format_middle(r, line, buf, size);
		return true;
	}
	line -= RES_LINES_MIDDLE;
	if (line < parts) {
		resources_format_partition(&r->partitions[line], buf, size);
		return true;
	}
	buf[0] = '\0';
	return false;
}
