/* SPDX-License-Identifier: MIT */
/*
 * Partitions and their vCPUs, created once at boot from the validated
 * configuration. No allocation: everything lives in fixed arrays sized by
 * the configuration limits.
 */
#ifndef SK_CORE_PARTITION_H
#define SK_CORE_PARTITION_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/partition.h"
#include "arch/spinlock.h"
#include "arch/vcpu.h"
#include "core/config_format.h"
#include "core/console.h"
#include "core/load_plan.h"
#include "core/log_budget.h"
#include "core/mmio.h"
#include "core/sched.h"
#include "core/setway.h"
#include "core/types.h"
#include "core/vpci.h"
#include "core/vpl011.h"

struct partition;

/* Counts one event in a partition's statistics (any CPU). */
#define PARTITION_STAT_INC(p, field) \
	((void)__atomic_fetch_add(&(p)->stats.field, 1u, __ATOMIC_RELAXED))
/* One of a vCPU's exit counters; only its own CPU calls this. */
#define VCPU_EXIT_STAT_INC(v, field) \
	__atomic_store_n(&(v)->exit_stats.field, (v)->exit_stats.field + 1u, \
			 __ATOMIC_RELAXED)

/* vCPU power state, as PSCI AFFINITY_INFO reports it. */
enum vcpu_state {
	VCPU_OFF = 0,
	VCPU_ON_PENDING = 1,
	VCPU_ON = 2,
};

/* Requests to the CPU that owns a vCPU, acted on at its next exit (or,
 * for an idle CPU, at the kick that wakes it). */
#define VCPU_REQ_START (1u << 0)
#define VCPU_REQ_STOP  (1u << 1)

struct vcpu {
	struct partition *partition;
	vcpu_index_t index; /* vCPU number inside the partition */
	pcpu_t pcpu;        /* the physical CPU it runs on */
	uint32_t state;    /* enum vcpu_state; atomic */
	uint32_t requests; /* VCPU_REQ_*; atomic */
	uint64_t boot_pc;  /* where VCPU_REQ_START enters */
	uint64_t boot_x0;
	/* Abort-loop detection: the exception vector last injected, and how
	 * many faults in a row were taken right there. */
	uint64_t last_vector;
	/* Exit counters, written by this vCPU's CPU only (no atomics on the
	 * exit path); SK_HC_PARTITION_STATS sums them over the vCPUs.
	 * fast_irqs: timer interrupts the IRQ vector's fast path delivered
	 * (counted as exits, interrupt exits and injections).
	 * light_hypercalls, light_mmio: the exits the light path answered
	 * (arch/arm64/trap.c, trap_light; counted as exits and as hypercall
	 * or MMIO exits). One counter each, not in exits: the light path
	 * increments one word. */
	struct vcpu_exit_stats {
		uint64_t exits;
		uint64_t exits_hypercall;
		uint64_t exits_mmio;
		uint64_t exits_sysreg;
		uint64_t exits_irq;
		uint64_t fast_irqs;
		uint64_t light_hypercalls;
		uint64_t light_mmio;
	} exit_stats;
	uint32_t vector_faults;
	/* Its emulated set/way flush (arch/arm64/trap.c): the cursor of a
	 * flush under way and the run it belongs to. Its CPU only. */
	struct setway_flush setway;
	/* On a shared CPU: its scheduling, and its state while switched out. */
	struct vcpu_sched sched;
	struct vcpu_arch arch;   /* its arch half: saved context (arch/vcpu.h) */
};

enum partition_state {
	PARTITION_STOPPED = 0,
	PARTITION_RUNNING = 1,
};

#define PARTITION_MAX_MMIO 6u

struct partition {
	uint32_t id;
	const struct sk_cfg_partition *cfg;
	gpa_t entry; /* entry point of vCPU 0 */
	gpa_t dtb;   /* device tree passed in x0, or 0 */
	uint32_t vcpu_count;
	struct vcpu vcpus[SK_MAX_CPUS];
	struct spinlock console_lock;
	struct console_line console;
	const uint8_t *package;   /* pristine images, for restarts */
	uint32_t state;           /* enum partition_state; atomic */
	uint32_t restarts;
	/* Its arch half: VMID, stage-2 tables, CNTVOFF_EL2, vGIC
	 * (arch/partition.h). */
	struct partition_arch arch;
	struct vpl011 uart;       /* used when console == SK_CONSOLE_PL011 */
	uint32_t mmio_count;
	struct mmio_region mmio[PARTITION_MAX_MMIO];
	struct vpci_host pci;     /* its "pci" channel endpoints */
	/* Counted from any CPU, atomically; exits are counted per vCPU
	 * (struct vcpu) and SK_HC_PARTITION_STATS adds them up. */
	struct partition_stats {
		uint64_t faults;
		uint64_t irqs_injected;
		uint64_t restarts;
		uint64_t denied;
		uint64_t dma_faults; /* SMMU fault events on its streams */
		/* granules cleared on the guest's first touch */
		uint64_t granule_faults;
	} stats;
	/* Its RAM cleared on first touch (core/partition_mem.h). */
	struct partition_mem {
		struct spinlock lock;
		uint64_t *uncleared; /* bit g: granule g not cleared yet */
		uint32_t granules;   /* 0: cleared whole at each load */
	} mem;
	uint64_t watchdog_deadline; /* counter value; 0: not armed */
	/* Its load (boot, restarts): the generation last asked for (atomic,
	 * by the CPU that restarts it) and where the CPU of its vCPU 0, the
	 * only one that loads it, is. */
	uint32_t load_gen;
	struct load_cursor load;
	uint32_t started_gen;     /* the load vCPU 0 last started after */
	/* Taken (atomically, 0 -> 1) by the one CPU that stops or restarts
	 * it at a time (core/lifecycle_partition.c). */
	uint32_t lifecycle_claim;
	/* A manager asked for a stop (atomic): a restart under way when it
	 * came, or starting after it, ends in a stop instead; a manager's
	 * restart clears it. */
	uint32_t stop_requested;
	/* Every hypervisor line it causes goes through this budget
	 * (core/partition_log.h). */
	struct spinlock log_lock;
	struct log_budget log_budget;
};

/* Builds every partition: stage-2 tables, images copied from the package,
 * vCPUs bound to their CPUs. On failure writes the reason into err. */
bool partitions_create(const struct sk_config *cfg, const uint8_t *package,
		       char *err, uint32_t err_size);
uint32_t partition_total(void);
struct partition *partition_get(uint32_t id);
/* A vCPU on physical CPU cpu (on a shared CPU: one of them), or NULL. */
struct vcpu *partition_vcpu_of_cpu(pcpu_t cpu);
/* True for the partition that receives console input. */
bool partition_has_input_focus(const struct partition *p);
/* The partition with the input focus, or NULL. */
struct partition *partition_input_focus(void);
/* Gives p the input focus (Ctrl-] <id>, core/console_commands.c); keys
 * typed for the partition that had it and not yet taken are dropped. */
void partition_set_focus(struct partition *p);
/* The partition a pass-through interrupt belongs to, or NULL. */
struct partition *partition_owner_of_irq(uint32_t intid);
/* Routes p's pass-through interrupts to the CPU of its vCPU 0 and enables
 * them, if p runs and that CPU's GIC interface is up (else they stay off). */
void partition_route_device_irqs(const struct partition *p);
/* The same for every partition whose vCPU 0 is on cpu: cpu, once its GIC
 * interface is up, before it runs a guest. */
void partition_route_device_irqs_of_cpu(pcpu_t cpu);
/* Takes p's pass-through interrupts back when it stops: disabled, pending
 * and active cleared, so a device left asserting interrupts nobody. */
void partition_release_device_irqs(const struct partition *p);
/* For a pass-through interrupt of p just taken (priority dropped): true if
 * p runs and gets it; else the interrupt was released (it raced with p's
 * stop) and is not handed on. */
bool partition_device_irq_deliverable(const struct partition *p,
				      uint32_t intid);
/* Hands queued console input to the focused partition's virtual UART
 * (as much as its FIFO takes). */
void partition_console_deliver(void);
/* The emulated device covering gpa, or NULL. */
const struct mmio_region *partition_find_mmio(const struct partition *p,
					      gpa_t gpa);
/* Adds an emulated device to p (at creation). */
void partition_register_mmio(struct partition *p, uint64_t base,
			     uint64_t size, mmio_handler_fn fn, void *dev,
			     const char *name);
enum partition_load_result {
	PARTITION_LOAD_MORE,   /* one chunk done, more to do */
	PARTITION_LOAD_DONE,   /* memory cleared, images in place */
	PARTITION_LOAD_FAILED, /* err says why */
};

/* A restart: p's memory is to be cleared and its images copied from the
 * package again, by partition_load_continue on its vCPU 0's CPU (core/
 * load_plan.h). Called while vCPU 0 is off. */
void partition_load_request(struct partition *p);
/* One bounded chunk of the load asked for last (a few µs), on the CPU of
 * p's vCPU 0 only: LOAD_DONE once complete (and at once when nothing is
 * left to do). */
enum partition_load_result partition_load_continue(struct partition *p,
						   char *err, uint32_t err_size);

#endif
