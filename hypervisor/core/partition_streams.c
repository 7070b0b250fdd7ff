/* SPDX-License-Identifier: MIT */
/*
 * A partition's SMMU streams (core/partition_streams.h). The SMMU walks the
 * partition's stage-2 tables itself: the stream table entry takes the
 * VMID, the root table's physical address (the hypervisor's identity map
 * makes it the pointer's value) and VTCR_EL2 as the partition's CPUs use
 * them (IHI 0070 5.2), so a device has the same view and rights as they.
 */
#include "core/partition_streams.h"

#include <stddef.h>

#include "arch/stage2.h"
#include "core/config_format.h"
#include "core/dma_fault.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "drivers/pcie_ecam.h"
#include "drivers/smmuv3.h"
#include "lib/fmt.h"

#define STREAM_ERR_MAX 120u

_Static_assert(SK_MAX_PARTITIONS < STREAMS_UNOWNED_VMID &&
		       STREAMS_UNOWNED_VMID < STAGE2_VMID_COUNT,
	       "the unowned streams' VMID is no partition's");

/* The empty stage 2 of unowned streams: a level-1 root (39-bit IPA, as
 * stage2_vtcr says) of invalid descriptors only, never written. */
static uint64_t unowned_root[SK_PAGE_SIZE / sizeof(uint64_t)]
	__attribute__((aligned(SK_PAGE_SIZE)));

/* Device d's streams first..last, if it lists a well-formed range (the
 * validator refused anything else). */
static bool cfg_streams(const struct sk_cfg_device *d, uint32_t *first,
			uint32_t *last)
{
	if (d->stream_cells != SK_STREAM_CELLS || d->streams[1] == 0u ||
	    d->streams[1] - 1u > UINT32_MAX - d->streams[0])
		return false;
	*first = d->streams[0];
	*last = d->streams[0] + (d->streams[1] - 1u);
	return true;
}

static uint32_t partition_devices(const struct partition *p)
{
	return p->cfg->device_count < SK_MAX_DEVICES ? p->cfg->device_count
						     : SK_MAX_DEVICES;
}

/* What streams_apply does to each stream of a range. */
enum stream_op {
	STREAM_ABORT,       /* smmuv3_stream_abort */
	STREAM_RECORD_ON,   /* smmuv3_stream_record(true) */
	STREAM_RECORD_OFF,  /* smmuv3_stream_record(false) */
};

static bool stream_apply(uint32_t sid, enum stream_op op, char *err,
			 uint32_t err_size)
{
	switch (op) {
	case STREAM_RECORD_ON:
		return smmuv3_stream_record(sid, true, err, err_size);
	case STREAM_RECORD_OFF:
		return smmuv3_stream_record(sid, false, err, err_size);
	case STREAM_ABORT:
	default:
		return smmuv3_stream_abort(sid, err, err_size);
	}
}

/* Applies op to streams first..last (all of them, whatever fails); false
 * if one did not take it, with the first reason in err. */
static bool streams_apply(uint32_t first, uint32_t last, enum stream_op op,
			  char *err, uint32_t err_size)
{
	bool ok = true;

	/* last - first + 1 may wrap to 0 only for all 2^32 IDs, which no
	 * table holds: k counts from 0 to last - first inclusive. */
	for (uint32_t k = 0; k <= last - first; k++) {
		char e[STREAM_ERR_MAX];

		if (!stream_apply(first + k, op, e, sizeof(e)) && ok) {
			ok = false;
			(void)sk_snprintf(err, err_size, "stream 0x%x: %s",
					  first + k, e);
		}
		if (k == last - first)
			break;
	}
	return ok;
}

/* The streams of p's first `devices` devices back to abort (a failed
 * assignment leaves none of p's streams translating). */
static void streams_undo(const struct partition *p, uint32_t devices)
{
	char e[STREAM_ERR_MAX];

	for (uint32_t i = 0; i < devices; i++) {
		uint32_t first;
		uint32_t last;

		if (cfg_streams(&p->cfg->devices[i], &first, &last))
			(void)streams_apply(first, last, STREAM_ABORT, e,
					    sizeof(e));
	}
}

bool partition_streams_assign(struct partition *p, bool boot, char *err,
			      uint32_t err_size)
{
	struct smmuv3_s2 s2;

	s2.vmid = p->arch.vmid;
	/* GICv2: the copy without GICV (vgic_arch_dma_stage2). */
	s2.root = (uint64_t)(uintptr_t)(p->arch.dma_stage2.root != NULL
					 ? p->arch.dma_stage2.root
					 : p->arch.stage2.root);
	s2.vtcr = stage2_vtcr();
	for (uint32_t i = 0; i < partition_devices(p); i++) {
		const struct sk_cfg_device *d = &p->cfg->devices[i];
		uint32_t first;
		uint32_t last;

		if (!cfg_streams(d, &first, &last))
			continue;
		for (uint32_t k = 0; k <= last - first; k++) {
			char e[STREAM_ERR_MAX];

			if (!smmuv3_stream_assign(first + k, &s2, e, sizeof(e))) {
				(void)sk_snprintf(err, err_size,
						  "SMMUv3: partition '%s' stream 0x%x: %s",
						  p->cfg->name, first + k, e);
				streams_undo(p, i + 1u);
				return false;
			}
			if (k == last - first)
				break;
		}
		if (boot)
			log_line("SMMUv3: partition '%s' streams 0x%x..0x%x",
				 p->cfg->name, first, last);
		else
			partition_log_event(p, "SMMUv3: partition '%s' streams 0x%x..0x%x",
					    p->cfg->name, first, last);
	}
	return true;
}

void partition_streams_abort(struct partition *p, struct partition *cause)
{
	bool any = false;

	for (uint32_t i = 0; i < partition_devices(p); i++) {
		char e[STREAM_ERR_MAX];
		uint32_t first;
		uint32_t last;

		if (!cfg_streams(&p->cfg->devices[i], &first, &last))
			continue;
		any = true;
		if (!streams_apply(first, last, STREAM_ABORT, e, sizeof(e)))
			partition_log_event(cause,
					    "SMMUv3: partition '%s' streams 0x%x..0x%x did not abort: %s",
					    p->cfg->name, first, last, e);
		else
			partition_log_event(cause,
					    "SMMUv3: partition '%s' streams 0x%x..0x%x abort",
					    p->cfg->name, first, last);
	}
	/* After the aborts' CMD_SYNC: the run's events are all queued. */
	if (any)
		dma_fault_run_ended(p);
}

/* Quiesces the functions of streams first..last; how many there were, and
 * the first stream whose function would not stop (UINT32_MAX if none). */
static uint32_t functions_quiesce(uint32_t first, uint32_t last,
				  uint32_t *stuck)
{
	uint32_t n = 0;

	*stuck = UINT32_MAX;
	for (uint32_t k = 0; k <= last - first; k++) {
		uint32_t rid = 0;

		switch (pcie_ecam_quiesce(first + k, &rid)) {
		case PCIE_QUIESCE_DONE:
			n++;
			break;
		case PCIE_QUIESCE_STUCK:
			n++;
			if (*stuck == UINT32_MAX)
				*stuck = first + k;
			break;
		case PCIE_QUIESCE_NO_FUNCTION:
		default:
			break;
		}
		if (k == last - first)
			break;
	}
	return n;
}

void partition_streams_quiesce(struct partition *p, struct partition *cause)
{
	for (uint32_t i = 0; i < partition_devices(p); i++) {
		uint32_t first;
		uint32_t last;
		uint32_t stuck;
		uint32_t n;

		if (!cfg_streams(&p->cfg->devices[i], &first, &last))
			continue;
		n = functions_quiesce(first, last, &stuck);
		if (stuck != UINT32_MAX)
			partition_log_event(cause,
					    "SMMUv3: partition '%s' stream 0x%x: its PCI function still masters the bus (its streams stay aborted only while it is stopped)",
					    p->cfg->name, stuck);
		else if (n != 0u)
			partition_log_event(cause,
					    "SMMUv3: partition '%s' streams 0x%x..0x%x: %u PCI function%s quiesced",
					    p->cfg->name, first, last, n,
					    n == 1u ? "" : "s");
	}
}

bool partition_streams_record(struct partition *p, bool on, char *err,
			      uint32_t err_size)
{
	enum stream_op op = on ? STREAM_RECORD_ON : STREAM_RECORD_OFF;
	bool ok = true;

	for (uint32_t i = 0; i < partition_devices(p); i++) {
		char e[STREAM_ERR_MAX];
		uint32_t first;
		uint32_t last;

		if (cfg_streams(&p->cfg->devices[i], &first, &last) &&
		    !streams_apply(first, last, op, e, sizeof(e)) && ok) {
			ok = false;
			(void)sk_snprintf(err, err_size, "%s", e);
		}
	}
	return ok;
}

/* How many streams partition_streams_fence_unowned looked at. */
static uint32_t fenced_streams;

bool partition_streams_record_unowned(bool on, char *err, uint32_t err_size)
{
	bool ok = true;

	for (uint32_t sid = 0; sid < fenced_streams; sid++) {
		char e[STREAM_ERR_MAX];

		if (partition_owner_of_stream(sid) != NULL)
			continue;
		if (!smmuv3_stream_record(sid, on, e, sizeof(e)) && ok) {
			ok = false;
			(void)sk_snprintf(err, err_size, "stream 0x%x: %s", sid, e);
		}
	}
	return ok;
}

uint32_t partition_streams_fence_unowned(uint32_t streams, char *err,
					 uint32_t err_size, bool *ok)
{
	struct smmuv3_s2 s2;
	uint32_t n = 0;

	fenced_streams = streams;
	s2.vmid = STREAMS_UNOWNED_VMID;
	s2.root = (uint64_t)(uintptr_t)unowned_root;
	s2.vtcr = stage2_vtcr();
	*ok = true;
	for (uint32_t sid = 0; sid < streams; sid++) {
		if (partition_owner_of_stream(sid) != NULL)
			continue;
		if (!smmuv3_stream_assign(sid, &s2, err, err_size)) {
			*ok = false;
			break;
		}
		n++;
	}
	return n;
}

bool partition_has_streams(const struct partition *p)
{
	for (uint32_t i = 0; i < partition_devices(p); i++) {
		uint32_t first;
		uint32_t last;

		if (cfg_streams(&p->cfg->devices[i], &first, &last))
			return true;
	}
	return false;
}

struct partition *partition_owner_of_stream(uint32_t sid)
{
	for (uint32_t id = 0; id < partition_total(); id++) {
		struct partition *p = partition_get(id);

		for (uint32_t i = 0; p != NULL && i < partition_devices(p);
		     i++) {
			uint32_t first;
			uint32_t last;

			if (cfg_streams(&p->cfg->devices[i], &first, &last) &&
			    sid >= first && sid <= last)
				return p;
		}
	}
	return NULL;
}
