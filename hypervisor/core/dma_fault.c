/* SPDX-License-Identifier: MIT */
/*
 * The SMMU's reports (core/dma_fault.h). The events are taken first, all
 * of them (bounded), and the dma-fault choices applied after: a partition
 * whose run ends on this CPU does not return, and the events behind its
 * own would otherwise wait for the next interrupt, which an edge-triggered
 * SPI only raises for a new one.
 */
#include "core/dma_fault.h"

#include "arch/gic.h"
#include "core/config_format.h"
#include "core/lifecycle.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/partition_streams.h"
#include "core/vcpu.h"
#include "drivers/smmuv3.h"
#include "lib/string.h"

static uint32_t eventq_intid;
static uint32_t gerror_intid;
/* Said once each (since boot). */
static uint32_t overflow_said;
static uint32_t gerror_said;
/* Lines about streams no partition owns: a device nobody owns cannot
 * drown the console either. */
#define DMA_FAULT_UNOWNED_LINES 16u
static uint32_t unowned_lines;

/* Per partition: its faults taken since the event queue was last found
 * empty, whether its streams' recording is paused meanwhile, and where in
 * the queue its previous run's events end. */
struct dma_flood {
	uint32_t events;
	bool paused;
	uint32_t said_run; /* 1 + p->restarts when the pause was last said */
	uint32_t old_end;  /* smmuv3_event_end() when its streams aborted */
	bool old_pending;  /* events before old_end are still queued */
};
static struct dma_flood flood[SK_MAX_PARTITIONS];
/* The same for the streams no partition owns (a device its partition's
 * ECAM owner may still program: they can flood too). */
static struct dma_flood unowned_flood;

void dma_fault_set_interrupts(uint32_t eventq, uint32_t gerror)
{
	eventq_intid = eventq;
	gerror_intid = gerror;
	/* Reports start here (once at boot; each unit test's setup). */
	(void)sk_memset(flood, 0, sizeof(flood));
	(void)sk_memset(&unowned_flood, 0, sizeof(unowned_flood));
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

void dma_fault_run_ended(const struct partition *p)
{
	struct dma_flood *f;

	if (p->id >= SK_MAX_PARTITIONS)
		return;
	f = &flood[p->id];
	__atomic_store_n(&f->old_end, smmuv3_event_end(), __ATOMIC_RELAXED);
	__atomic_store_n(&f->old_pending, true, __ATOMIC_RELEASE);
}

/* The event at queue position pos is taken: a run's end mark reached
 * there is passed (that event and the later ones are newer). */
static void dma_fault_marks_pass(uint32_t pos)
{
	for (uint32_t id = 0; id < partition_total() && id < SK_MAX_PARTITIONS;
	     id++) {
		struct dma_flood *f = &flood[id];

		if (__atomic_load_n(&f->old_pending, __ATOMIC_ACQUIRE) &&
		    __atomic_load_n(&f->old_end, __ATOMIC_RELAXED) == pos)
			__atomic_store_n(&f->old_pending, false, __ATOMIC_RELAXED);
	}
}

/* Counts one fault of p; true when p's faults since the queue was last
 * empty pass DMA_FAULT_FLOOD_EVENTS (its recording is to pause). */
static bool dma_fault_flood_count(const struct partition *p)
{
	struct dma_flood *f = &flood[p->id];

	if (f->events < UINT32_MAX)
		f->events++;
	if (f->paused || f->events <= DMA_FAULT_FLOOD_EVENTS)
		return false;
	f->paused = true;
	return true;
}

/* p floods: its streams stop recording until the queue is drained (said
 * once per run of p). */
static void dma_fault_flood_pause(struct partition *p)
{
	char err[120];

	if (!partition_streams_record(p, false, err, sizeof(err)))
		log_line("SMMUv3: partition '%s': recording not paused: %s",
			 p->cfg->name, err);
	if (flood[p->id].said_run != p->restarts + 1u) {
		flood[p->id].said_run = p->restarts + 1u;
		partition_log_final(p, "DMA faults: partition '%s' floods the event queue (%u queued): not recorded until it drains, still refused",
				    p->cfg->name, DMA_FAULT_FLOOD_EVENTS + 1u);
	}
}

/* The queue was found empty: every count starts again, and a paused
 * partition records again (a stopped one's streams abort: nothing to do;
 * a restarted one's were given back recording). */
static void dma_fault_flood_drained(void)
{
	for (uint32_t id = 0; id < partition_total() && id < SK_MAX_PARTITIONS;
	     id++) {
		struct dma_flood *f = &flood[id];
		char err[120];

		f->events = 0;
		/* Every event recorded before any mark has been taken. */
		__atomic_store_n(&f->old_pending, false, __ATOMIC_RELAXED);
		if (!f->paused)
			continue;
		f->paused = false;
		if (!partition_streams_record(partition_get(id), true, err,
					      sizeof(err)))
			log_line("SMMUv3: partition '%s': recording not resumed: %s",
				 partition_get(id)->cfg->name, err);
	}
	unowned_flood.events = 0;
	if (unowned_flood.paused) {
		char err[120];

		unowned_flood.paused = false;
		if (!partition_streams_record_unowned(true, err, sizeof(err)))
			log_line("SMMUv3: streams no partition owns: recording not resumed: %s",
				 err);
	}
}

/* The streams no partition owns flood: they stop recording until the
 * queue is drained (said once since boot). */
static void dma_fault_unowned_pause(void)
{
	char err[120];

	if (!partition_streams_record_unowned(false, err, sizeof(err)))
		log_line("SMMUv3: streams no partition owns: recording not paused: %s",
			 err);
	if (unowned_flood.said_run == 0u) {
		unowned_flood.said_run = 1u;
		log_line("DMA faults: devices no partition owns flood the event queue (%u queued): not recorded until it drains, still refused",
			 DMA_FAULT_FLOOD_EVENTS + 1u);
	}
}

/* One event: said (within the owner's budget) and counted; returns its
 * owner (NULL: none). *ends: the owner's dma-fault ends its run;
 * *floods: the owner passed the flood bound with this one. */
static struct partition *dma_fault_event(const struct smmuv3_event *ev,
					 bool *ends, bool *floods)
{
	struct partition *p = partition_owner_of_stream(ev->sid);

	if (p == NULL) {
		if (unowned_flood.events < UINT32_MAX)
			unowned_flood.events++;
		if (!unowned_flood.paused &&
		    unowned_flood.events > DMA_FAULT_FLOOD_EVENTS) {
			unowned_flood.paused = true;
			*floods = true;
		}
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
	if (p->id < SK_MAX_PARTITIONS)
		*floods = dma_fault_flood_count(p);
	partition_log(p, "DMA fault: partition '%s' stream 0x%x: %s%s at IPA 0x%llx",
		      p->cfg->name, ev->sid, smmuv3_event_name(ev->type),
		      access_name(ev->access), (unsigned long long)ev->addr);
	/* A fault of a run that already ended (its events still queued
	 * when the restart gave the streams back) does not end the next. */
	*ends = p->cfg->dma_fault == SK_DMA_FAULT_FAULT_POLICY &&
		__atomic_load_n(&p->state, __ATOMIC_ACQUIRE) == PARTITION_RUNNING &&
		!(p->id < SK_MAX_PARTITIONS &&
		  __atomic_load_n(&flood[p->id].old_pending, __ATOMIC_ACQUIRE));
	return p;
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
	uint32_t ended = 0;   /* bit p: partition p's run ends */
	uint32_t flooding = 0; /* bit p: partition p's recording pauses */
	struct smmuv3_event ev;
	struct partition *own = NULL;
	uint32_t taken = 0;
	bool unowned_floods = false;

	if (intid == 0u || (intid != eventq_intid && intid != gerror_intid))
		return false;
	for (; taken < DMA_FAULT_DRAIN_MAX; taken++) {
		struct partition *p;
		bool ends = false;
		bool floods = false;

		if (!smmuv3_event_next(&ev))
			break;
		dma_fault_marks_pass(ev.pos);
		p = dma_fault_event(&ev, &ends, &floods);
		if (p == NULL && floods)
			unowned_floods = true;
		if (p != NULL && p->id < 32u) {
			if (ends)
				ended |= 1u << p->id;
			if (floods)
				flooding |= 1u << p->id;
		}
	}
	for (uint32_t id = 0; id < partition_total() && id < 32u; id++) {
		if ((flooding & (1u << id)) != 0u)
			dma_fault_flood_pause(partition_get(id));
	}
	if (unowned_floods)
		dma_fault_unowned_pause();
	/* More may wait: taken again once this CPU has been let go (no new
	 * event would raise the edge). Empty: a flooder records again. */
	if (taken == DMA_FAULT_DRAIN_MAX) {
		if (eventq_intid != 0u)
			gic_set_pending_spi(eventq_intid);
	} else {
		dma_fault_flood_drained();
	}
	dma_fault_global();
	/* The others first; the interrupted vCPU's own partition last (its
	 * stop does not return). */
	for (uint32_t id = 0; id < partition_total() && id < 32u; id++) {
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
