/* SPDX-License-Identifier: MIT */
/*
 * The SMMUv3 (Arm IHI 0070) in front of the board's PCIe host: found in
 * the boot device tree, it is reset so that no transaction bypasses it
 * (global bypass off, every stream in the table aborting), and a stream
 * can then be given to a partition (stage-2 translation with the
 * partition's own tables and VMID) and taken back. Registers and fields
 * are named in drivers/smmuv3_regs.h.
 *
 * Memory: the stream table and the queues are static; the hypervisor's
 * identity map makes their addresses the physical ones.
 */
#ifndef SK_DRIVERS_SMMUV3_H
#define SK_DRIVERS_SMMUV3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/fdt.h"

/* The streams the stream table holds (linear, 64 bytes each: 16 KiB).
 * 256 covers PCI bus 0 (stream ID = requester ID: bus << 8 | devfn); a
 * stream ID beyond the table is terminated by the SMMU (C_BAD_STREAMID,
 * IHI 0070 7.3.2), so it aborts like an unassigned one. */
#define SMMUV3_MAX_STREAMS_LOG2 8u
#define SMMUV3_MAX_STREAMS (1u << SMMUV3_MAX_STREAMS_LOG2)
/* Bound on every poll of an acknowledgement or a queue (loop iterations;
 * the SMMU acknowledges in far fewer). */
#define SMMUV3_POLL_LIMIT 1000000u

/* eventq, priq, cmdq-sync, gerror (IHI 0070 3.18). */
#define SMMUV3_DT_SPIS 4u

/* What the device tree says. */
struct smmuv3_dt {
	uint64_t base;
	uint64_t size;
	uint32_t eventq_intid;  /* "eventq" in interrupt-names; 0 if none */
	uint32_t gerror_intid;  /* "gerror"; 0 if none */
	uint32_t sid_end;       /* one past the last stream ID a PCIe host's
				   iommu-map routes to it; 0 if no map */
	uint32_t phandle;       /* the node's (0: none, so no map names it) */
	/* Every SPI in "interrupts" (named or not; INTIDs): the hypervisor
	 * keeps them all, not only the two it takes. */
	uint32_t spis[SMMUV3_DT_SPIS];
	uint32_t spi_count;
};

/* Looks for the first node compatible with "arm,smmu-v3" in the opened
 * tree (the board's: struct board's dt). Returns 0 if there is none, 1 if *out is filled,
 * -1 with a reason in err if the node is malformed. */
int smmuv3_find(const struct fdt *fdt, struct smmuv3_dt *out,
		char *err, uint32_t err_size);

/* What the SMMU said about itself (its ID registers) and how it was set. */
struct smmuv3_info {
	uint32_t idr0;
	uint32_t idr1;
	uint32_t idr5;
	bool stage2;        /* S2P, AArch64 tables, 4 KiB granule */
	bool coherent;      /* COHACC: table and queue walks snoop caches */
	uint32_t sid_bits;  /* IDR1.SIDSIZE */
	uint32_t oas_bits;  /* IDR5.OAS decoded */
	uint32_t streams;   /* entries in the stream table, all aborting */
	uint32_t sid_end;   /* the device tree's (0: no iommu-map) */
};

/* Resets the SMMU at dt->base to the safe state: GBPA.ABORT (nothing
 * bypasses while it is off), a linear stream table of abort STEs sized
 * from dt->sid_end (at most SMMUV3_MAX_STREAMS), the command and event
 * queues, then CMDQ, EVTQ and SMMUEN on and every cached configuration
 * invalidated. On failure writes a reason naming the register that did
 * not answer and returns false: the SMMU may then be left with bypass
 * aborting but not enabled. */
bool smmuv3_init(const struct smmuv3_dt *dt, struct smmuv3_info *info,
		 char *err, uint32_t err_size);

/* One line for the boot log: what was found and how it was set. */
void smmuv3_describe(const struct smmuv3_info *info, char *buf,
		     uint32_t size);

/* Whether stream sid's stage-2 faults are recorded in the event queue
 * (STE.S2R): its DMA is refused the same either way. Nothing to do for a
 * stream that aborts. False with a reason if the SMMU did not take it. */
bool smmuv3_stream_record(uint32_t sid, bool on, char *err,
			  uint32_t err_size);

/* Stage-2 translation of a stream for a partition: its VMID, the
 * physical address of its stage-2 root table and the VTCR_EL2 value its
 * CPUs use (the STE's S2T0SZ, S2SL0, S2IR0, S2OR0, S2SH0, S2TG, S2PS take
 * the same encodings, IHI 0070 5.2). */
struct smmuv3_s2 {
	uint32_t vmid;
	uint64_t root;
	uint64_t vtcr;
};

/* Gives stream sid to the partition s2 describes: the STE becomes stage-2
 * translate (faults recorded: S2R), then CMD_CFGI_STE, CMD_TLBI_S12_VMALL
 * for its VMID and CMD_SYNC. false with a reason if sid is outside the
 * table, the SMMU has no usable stage 2, or a command did not complete. */
bool smmuv3_stream_assign(uint32_t sid, const struct smmuv3_s2 *s2,
			  char *err, uint32_t err_size);
/* Takes stream sid back: abort again, then CMD_CFGI_STE, the TLBs of the
 * VMID it had and CMD_SYNC (partition stop and restart). */
bool smmuv3_stream_abort(uint32_t sid, char *err, uint32_t err_size);

/* The access a fault event reports (its RnW bit). */
enum smmuv3_access {
	SMMUV3_ACCESS_UNKNOWN = 0, /* not a fault record with RnW */
	SMMUV3_ACCESS_READ = 1,
	SMMUV3_ACCESS_WRITE = 2,
};

/* One event record, decoded (IHI 0070 7.3). */
struct smmuv3_event {
	uint32_t type;
	uint32_t sid;
	uint64_t addr;   /* input address (a stage-2-only stream's IPA), for
			    the fault events */
	uint32_t access; /* enum smmuv3_access */
	uint32_t pos;    /* its place in the queue (index and wrap bit) */
};
/* The next event from the event queue; false when it is empty. Bounded
 * by the queue's size per call site loop. */
bool smmuv3_event_next(struct smmuv3_event *ev);
/* Where the next event will be written (EVENTQ_PROD: index and wrap bit):
 * every event recorded so far lies before it. 0 without an SMMU. */
uint32_t smmuv3_event_end(void);
/* The event queue overflowed (events were lost) since the last call:
 * true once per overflow, which is then acknowledged (OVACKFLG). */
bool smmuv3_event_overflowed(void);
/* The global errors active (SMMU_GERROR bits that differ from GERRORN),
 * acknowledged by this call; 0 if none. */
uint32_t smmuv3_gerror_take(void);
/* Turns on the SMMU's event queue and global error interrupts (its
 * wired SPIs, edge-triggered); false with a reason if not acknowledged. */
bool smmuv3_irqs_enable(char *err, uint32_t err_size);
/* The event type's name as the specification names it ("F_TRANSLATION"),
 * "unknown" for others. */
const char *smmuv3_event_name(uint32_t type);

#endif
