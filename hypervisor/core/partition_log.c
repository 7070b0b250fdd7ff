/* SPDX-License-Identifier: MIT */
#include "core/partition_log.h"

#include <stdarg.h>

#include "arch/cpu.h"
#include "core/log.h"
#include "core/partition.h"

static void partition_log_suppressed(const struct partition *p, uint32_t n)
{
	if (n != 0)
		log_line("partition '%s': %u hypervisor line(s) about it suppressed",
			 p->cfg->name, n);
}

static void partition_vlog(struct partition *p, enum log_kind kind,
			   const char *fmt, va_list ap)
{
	uint32_t suppressed;
	bool admit;

	spin_lock(&p->log_lock);
	admit = log_budget_take(&p->log_budget, kind, arch_counter(),
				arch_counter_freq(), &suppressed);
	spin_unlock(&p->log_lock);
	if (!admit)
		return;
	partition_log_suppressed(p, suppressed);
	log_vline(false, fmt, ap);
}

void partition_log(struct partition *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	partition_vlog(p, LOG_ROUTINE, fmt, ap);
	va_end(ap);
}

void partition_log_event(struct partition *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	partition_vlog(p, LOG_EVENT, fmt, ap);
	va_end(ap);
}

void partition_log_final(struct partition *p, const char *fmt, ...)
{
	uint32_t suppressed;
	va_list ap;

	spin_lock(&p->log_lock);
	suppressed = log_budget_take_suppressed(&p->log_budget);
	spin_unlock(&p->log_lock);
	partition_log_suppressed(p, suppressed);
	va_start(ap, fmt);
	log_vline(false, fmt, ap);
	va_end(ap);
}
