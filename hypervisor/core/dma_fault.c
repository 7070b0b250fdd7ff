/* SPDX-License-Identifier: MIT */
/*
 * The SMMU's reports (core/dma_fault.h). The events are taken first, all
 * of them (bounded), and the dma-fault choices applied after: a partition
 * whose run ends on this CPU does not return, and the events behind its
 * own would otherwise wait for the next interrupt, which an edge-triggered
 * SPI only raises for a new one.
 */
#include "core/dma_fault.h"

#include "core/config_format.h"
#include "core/lifecycle.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/partition_streams.h"
#include "core/vcpu.h"
#include "drivers/smmuv3.h"

static uint32_t eventq_intid;
static uint32_t gerror_intid;
/* Said once each (since boot). */
static uint32_t overflow_said;
static uint32_t gerror_said;
/* Lines about streams no partition owns: a device nobody owns cannot
 * drown the console either. */
#define DMA_FAULT_UNOWNED_LINES 16u
static uint32_t unowned_lines;

void dma_fault_set_interrupts(uint32_t eventq, uint32_t gerror)
{
	eventq_intid = eventq;
	gerror_intid = gerror;
}

static const char *access_name(uint32_t access)
{
	switch (access) {
	case SMMUV3_ACCESS_READ:
		return " read";
	case SMMUV3_ACCESS_WRITE:
		return " write";
	default:
		return "";
	}
}

/* One event: said (within the owner's budget) and counted; returns the
 * owner whose dma-fault ends its run, or NULL. */
static struct partition *dma_fault_event(const struct smmuv3_event *ev)
{
	struct partition *p = partition_owner_of_stream(ev->sid);

	if (p == NULL) {
		if (unowned_lines < DMA_FAULT_UNOWNED_LINES) {
			unowned_lines++;
			log_line("DMA fault: a device no partition owns (stream 0x%x): %s%s at 0x%llx",
				 ev->sid, smmuv3_event_name(ev->type),
				 access_name(ev->access),
				 (unsigned long long)ev->addr);
		}
		return NULL;
	}
	PARTITION_STAT_INC(p, dma_faults);
	partition_log(p, "DMA fault: partition '%s' stream 0x%x: %s%s at IPA 0x%llx",
		      p->cfg->name, ev->sid, smmuv3_event_name(ev->type),
		      access_name(ev->access), (unsigned long long)ev->addr);
	if (p->cfg->dma_fault == SK_DMA_FAULT_FAULT_POLICY &&
	    __atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING)
		return p;
	return NULL;
}

static void dma_fault_global(void)
{
	uint32_t active = smmuv3_gerror_take();

	if (smmuv3_event_overflowed() && overflow_said == 0u) {
		overflow_said = 1u;
		log_line("SMMUv3: event queue overflowed: events were lost");
	}
	if (active != 0u && gerror_said == 0u) {
		gerror_said = 1u;
		log_line("SMMUv3: global error 0x%x (GERROR)", active);
	}
}

bool dma_fault_irq(uint32_t intid, struct vcpu *self)
{
	uint32_t ended = 0; /* bit p: partition p's run ends */
	struct smmuv3_event ev;
	struct partition *own = NULL;

	if (intid == 0u || (intid != eventq_intid && intid != gerror_intid))
		return false;
	for (uint32_t i = 0; i < DMA_FAULT_DRAIN_MAX; i++) {
		struct partition *p;

		if (!smmuv3_event_next(&ev))
			break;
		p = dma_fault_event(&ev);
		if (p != NULL && p->id < 32u)
			ended |= 1u << p->id;
	}
	dma_fault_global();
	/* The others first; the interrupted vCPU's own partition last (its
	 * stop does not return). */
	for (uint32_t id = 0; id < partition_count() && id < 32u; id++) {
		struct partition *p = partition_get(id);

		if ((ended & (1u << id)) == 0u || p == NULL)
			continue;
		if (self != NULL && self->partition == p) {
			own = p;
			continue;
		}
		partition_fail(p, NULL, PARTITION_EVENT_DMA_FAULT);
	}
	if (own != NULL)
		partition_fail(own, self, PARTITION_EVENT_DMA_FAULT);
	return true;
}
