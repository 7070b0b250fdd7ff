/* SPDX-License-Identifier: MIT */
/*
 * The test guests' tiny runtime: start-up (start.S), exceptions, halting,
 * and the hello/heartbeat behaviour the test guests share.
 *
 * A guest runs at EL1 with its MMU and caches off, so virtual address ==
 * guest-physical address and every data access is Device-nGnRnE (Arm ARM
 * D8.2.9). That is why the guests are compiled with -mstrict-align.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "guest_frame.h"

/* Every partition's guest-physical RAM starts here (see guest.ld). */
#define GUEST_RAM_BASE 0x40000000ul

/* What the vector stubs save; offsets fixed by guest_frame.h. */
struct guest_frame {
	uint64_t x[GUEST_FRAME_NUM_GPRS];
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t pad;
};

_Static_assert(offsetof(struct guest_frame, elr) == GUEST_FRAME_ELR, "elr");
_Static_assert(offsetof(struct guest_frame, spsr) == GUEST_FRAME_SPSR, "spsr");
_Static_assert(offsetof(struct guest_frame, esr) == GUEST_FRAME_ESR, "esr");
_Static_assert(offsetof(struct guest_frame, far) == GUEST_FRAME_FAR, "far");
_Static_assert(sizeof(struct guest_frame) == GUEST_FRAME_SIZE, "size");

/*
 * Exception "kind" = index of the vector table entry that was taken:
 * source group * 4 + type (Arm ARM D1.10.2, table D1-7).
 */
#define GUEST_KIND_TYPE_MASK   3u
#define GUEST_KIND_GROUP_SHIFT 2u
#define GUEST_KIND_SYNC        0u
#define GUEST_KIND_IRQ         1u
#define GUEST_KIND_FIQ         2u
#define GUEST_KIND_SERROR      3u
#define GUEST_KIND_CUR_SP0     0u /* current EL, SP_EL0 */
#define GUEST_KIND_CUR_SPX     1u /* current EL, SP_ELx: where our faults land */
#define GUEST_KIND_LOWER_A64   2u
#define GUEST_KIND_LOWER_A32   3u
#define GUEST_KIND(group, type) (((group) << GUEST_KIND_GROUP_SHIFT) | (type))
#define GUEST_KIND_COUNT       16u

/* ESR_ELx fields (Arm ARM D17.2.37). */
#define GUEST_ESR_EC_SHIFT     26u
#define GUEST_ESR_EC_MASK      0x3fu
#define GUEST_ESR_ISS_FSC_MASK 0x3fu   /* DFSC / IFSC */
#define GUEST_ESR_ISS_FNV      (1u << 10) /* FAR not valid */
#define GUEST_ESR_ISS_WNR      (1u << 6)  /* data abort caused by a write */
#define GUEST_EC_UNKNOWN       0x00u
#define GUEST_EC_IABT_CUR      0x21u /* instruction abort, same EL */
#define GUEST_EC_DABT_CUR      0x25u /* data abort, same EL */
#define GUEST_FSC_SYNC_EXT     0x10u /* synchronous external abort */

#define GUEST_INSN_SIZE        4u

/*
 * A 32-bit device register. In asm, as a plain LDR/STR: a compiler may
 * otherwise pick a form with base-register writeback, whose data abort
 * carries no instruction syndrome (ESR ISV = 0, Arm ARM D17.2.40), so a
 * hypervisor cannot emulate the access.
 */
static inline uint32_t guest_mmio_read32(uint64_t addr)
{
	uint32_t val;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
}

static inline void guest_mmio_write32(uint64_t addr, uint32_t val)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

static inline uint32_t guest_esr_ec(uint64_t esr)
{
	return (uint32_t)(esr >> GUEST_ESR_EC_SHIFT) & GUEST_ESR_EC_MASK;
}

static inline uint32_t guest_esr_fsc(uint64_t esr)
{
	return (uint32_t)esr & GUEST_ESR_ISS_FSC_MASK;
}

/*
 * A guest may install one hook that sees every exception first. It returns
 * true when it handled the exception (possibly after editing the frame, e.g.
 * ELR), false to fall back to the default: report one line and halt.
 */
typedef bool (*guest_exception_hook_fn)(struct guest_frame *frame,
					unsigned kind);
void guest_set_exception_hook(guest_exception_hook_fn hook);

/* Called by the vector stubs in start.S. */
void guest_exception(struct guest_frame *frame, unsigned kind);

/* Stops this vCPU for good: interrupts masked, WFI forever. */
void guest_halt(void) __attribute__((noreturn));

/* "sync", "irq", ... and "current EL SPx", ... for messages. */
const char *guest_kind_type_name(unsigned kind);
const char *guest_kind_group_name(unsigned kind);

/* Name of a hypercall status (SK_OK, SK_E_*), "?" if unknown. */
const char *guest_status_name(int64_t status);

/*
 * Prints "hello from <name>: partition <id>, vCPU <i> of <n>, ABI <maj>.<min>,
 * dtb at 0x<addr> (ok|bad magic|bad address)" and then the SMCCC UID check.
 */
void guest_hello(uint64_t dtb);
/* The system-register exits the hypervisor emulated for this partition so
 * far (SK_HC_PARTITION_STATS): how a guest sees that an access trapped. */
uint64_t guest_sysreg_exits(void);

/* Heartbeat: "heartbeat <n>" every GUEST_BEAT_PERIOD_MS, echoing keys. */
#define GUEST_BEAT_PERIOD_MS 200u

struct guest_beat {
	uint64_t next_tick; /* counter value of the next beat */
	uint64_t period;    /* in counter ticks */
	uint32_t count;     /* beats printed so far */
	uint64_t max_late;  /* ticks: the latest a beat came after its deadline */
	uint32_t stalls;    /* beats a whole period or more late */
	uint32_t unexpected_seen; /* unexpected interrupts already reported */
	/* Optional: a key the guest acts on (true: consumed, not reported),
	 * and work done at every beat. */
	bool (*on_key)(int c);
	void (*on_beat)(void);
};

/* Also brings up the interrupt controller so the loop sleeps in WFI. */
void guest_beat_init(struct guest_beat *beat);
/* "lateness: max <us> us over <n> beats, stalls <s>; gic v<g>, ..." */
void guest_beat_report(const struct guest_beat *beat);
/* Beats (and reports keys) until beat->count reaches last. */
void guest_beat_until(struct guest_beat *beat, uint32_t last);
void guest_beat_forever(struct guest_beat *beat) __attribute__((noreturn));

/* The guest's entry point, called by start.S with x0 as passed at boot. */
int main(uint64_t dtb);

#endif /* GUEST_H */
