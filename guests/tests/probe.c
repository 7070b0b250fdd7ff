// SPDX-License-Identifier: MIT
/*
 * probe: touches guest-physical addresses outside its own memory and checks
 * that each access is answered with a synchronous external abort injected by
 * the hypervisor (DESIGN.md, "Traps and emulation"), never with data from a
 * real device, a hang or a hypervisor crash. Then beats like heartbeat.
 */
#include "console.h"
#include "guest.h"
#include "lib/fmt.h"

enum probe_access {
	PROBE_READ,
	PROBE_WRITE,
	PROBE_FETCH,
};

/* What the exception hook saw during the probe in flight. */
struct probe_record {
	bool armed;             /* a probe access is in flight */
	enum probe_access access;
	bool taken;             /* an exception arrived during it */
	unsigned kind;
	uint64_t esr;
	uint64_t far;
};

static volatile struct probe_record probe_rec;

/* Outside the 16 MiB of RAM at 0x40000000 every test partition has. */
static const uint64_t probe_data_addrs[] = {
	0x41000000ul,  /* just past the partition's RAM */
	0x08ff0000ul,  /* inside the GIC window, beyond the virtual GIC frames */
	0x09000000ul,  /* the board's UART */
	0x0a000000ul,  /* virtio MMIO transports */
	0x80000000ul,  /* high RAM of a bigger board */
	0x100000000ul, /* above 4 GiB */
};
#define PROBE_DATA_COUNT (sizeof(probe_data_addrs) / sizeof(probe_data_addrs[0]))
/* An instruction fetch from unmapped memory. */
#define PROBE_FETCH_ADDR 0x41000000ul
/* Reads + writes of each address, and one fetch. */
#define PROBE_TOTAL ((uint32_t)(2u * PROBE_DATA_COUNT + 1u))
/* Harmless if it ever reached a device register. */
#define PROBE_WRITE_VALUE 0u

static const char *probe_access_name(enum probe_access access)
{
	switch (access) {
	case PROBE_READ:
		return "read";
	case PROBE_WRITE:
		return "write";
	case PROBE_FETCH:
		return "fetch";
	default:
		return "?";
	}
}

/*
 * Records the exception and resumes after the probing instruction: the
 * next instruction for a load/store, the caller's return address for the
 * fetch (the branch-and-link set LR before the abort).
 */
static bool probe_exception_hook(struct guest_frame *frame, unsigned kind)
{
	if (!probe_rec.armed)
		return false;
	probe_rec.armed = false;
	probe_rec.taken = true;
	probe_rec.kind = kind;
	probe_rec.esr = frame->esr;
	probe_rec.far = frame->far;

	switch (kind & GUEST_KIND_TYPE_MASK) {
	case GUEST_KIND_SYNC:
		if (probe_rec.access == PROBE_FETCH)
			frame->elr = frame->x[30];
		else
			frame->elr += GUEST_INSN_SIZE;
		return true;
	case GUEST_KIND_SERROR:
		/* Asynchronous: nothing to skip, the report says what it was. */
		return true;
	default:
		return false;
	}
}

/* Each access is exactly one instruction, so skipping 4 bytes is right. */
static void probe_access_once(enum probe_access access, uint64_t addr)
{
	uint32_t value;

	switch (access) {
	case PROBE_READ:
		__asm__ volatile("ldr %w0, [%1]"
				 : "=r"(value) : "r"(addr) : "memory");
		(void)value;
		break;
	case PROBE_WRITE:
		__asm__ volatile("str %w0, [%1]"
				 : : "r"(PROBE_WRITE_VALUE), "r"(addr) : "memory");
		break;
	case PROBE_FETCH:
		/* Clobbers: everything a call may change, in case something
		 * did run there before an exception brought us back. */
		__asm__ volatile("blr %0"
				 : : "r"(addr)
				 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
				   "x8", "x9", "x10", "x11", "x12", "x13", "x14",
				   "x15", "x16", "x17", "x30", "cc", "memory");
		break;
	default:
		break;
	}
}

/* Why the recorded outcome is not a contained access, or NULL if it is. */
static const char *probe_failure(enum probe_access access, uint64_t addr,
				 char *buf, size_t size)
{
	uint32_t want_ec = access == PROBE_FETCH ? GUEST_EC_IABT_CUR
						 : GUEST_EC_DABT_CUR;
	uint32_t ec = guest_esr_ec(probe_rec.esr);
	uint32_t fsc = guest_esr_fsc(probe_rec.esr);

	if (!probe_rec.taken)
		return "no exception";
	if (probe_rec.kind != GUEST_KIND(GUEST_KIND_CUR_SPX, GUEST_KIND_SYNC)) {
		sk_snprintf(buf, size, "%s exception from %s, ESR 0x%lx",
			    guest_kind_type_name(probe_rec.kind),
			    guest_kind_group_name(probe_rec.kind),
			    probe_rec.esr);
		return buf;
	}
	if (ec != want_ec || fsc != GUEST_FSC_SYNC_EXT) {
		sk_snprintf(buf, size, "EC 0x%02x FSC 0x%02x, want EC 0x%02x "
			    "FSC 0x%02x; ESR 0x%lx, FAR 0x%lx", ec, fsc,
			    want_ec, GUEST_FSC_SYNC_EXT, probe_rec.esr,
			    probe_rec.far);
		return buf;
	}
	if ((probe_rec.esr & GUEST_ESR_ISS_FNV) == 0 && probe_rec.far != addr) {
		sk_snprintf(buf, size, "FAR 0x%lx is not the address; ESR 0x%lx",
			    probe_rec.far, probe_rec.esr);
		return buf;
	}
	return NULL;
}

/* Runs one probe, prints its line, returns whether it was contained. */
static bool probe_run(enum probe_access access, uint64_t addr)
{
	char why[GUEST_PRINTF_MAX / 2u];
	const char *failure;

	probe_rec.access = access;
	probe_rec.taken = false;
	probe_rec.kind = 0;
	probe_rec.esr = 0;
	probe_rec.far = 0;
	probe_rec.armed = true;
	probe_access_once(access, addr);
	probe_rec.armed = false;

	failure = probe_failure(access, addr, why, sizeof(why));
	if (failure != NULL) {
		guest_printf("probe %s 0x%08lx: NOT contained (%s)\n",
			     probe_access_name(access), addr, failure);
		return false;
	}
	guest_printf("probe %s 0x%08lx: contained (ESR 0x%lx, FAR 0x%lx)\n",
		     probe_access_name(access), addr, probe_rec.esr,
		     probe_rec.far);
	return true;
}

/* Heartbeats before the probes start. */
#define PROBE_BEATS_BEFORE 3u

int main(uint64_t dtb)
{
	struct guest_beat beat;
	uint32_t contained = 0;

	guest_hello(dtb);
	/* A few beats first, so the neighbour partition is running while the
	 * probes go on and a test can see it keep beating through them. */
	guest_beat_init(&beat);
	guest_beat_until(&beat, PROBE_BEATS_BEFORE);
	guest_set_exception_hook(probe_exception_hook);
	for (size_t i = 0; i < PROBE_DATA_COUNT; i++) {
		contained += probe_run(PROBE_READ, probe_data_addrs[i]) ? 1u : 0u;
		contained += probe_run(PROBE_WRITE, probe_data_addrs[i]) ? 1u : 0u;
	}
	contained += probe_run(PROBE_FETCH, PROBE_FETCH_ADDR) ? 1u : 0u;
	guest_set_exception_hook(NULL);
	guest_printf("probe summary: %u/%u contained\n", contained, PROBE_TOTAL);
	guest_beat_forever(&beat);
}
