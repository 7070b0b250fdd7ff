// SPDX-License-Identifier: MIT
/*
 * probe: touches guest-physical addresses outside its own memory and checks
 * that each access is answered with a synchronous external abort injected by
 * the hypervisor (docs/hypercalls.md, "Exceptions a guest may see"), never with data from a
 * real device, a hang or a hypervisor crash. Then beats like heartbeat.
 */
#include "console.h"
#include "guest.h"
#include "lib/array.h"
#include "lib/fmt.h"
#include "try.h"

enum probe_access {
	PROBE_READ,
	PROBE_WRITE,
	PROBE_FETCH,
};

/* Outside the 16 MiB of RAM at 0x40000000 every test partition has. */
static const uint64_t probe_data_addrs[] = {
	0x41000000ul,  /* just past the partition's RAM */
	0x08ff0000ul,  /* inside the GIC window, beyond the virtual GIC frames */
	0x09000000ul,  /* the board's UART */
	0x0a000000ul,  /* virtio MMIO transports */
	0x80000000ul,  /* high RAM of a bigger board */
	0x100000000ul, /* above 4 GiB */
};
#define PROBE_DATA_COUNT (ARRAY_SIZE(probe_data_addrs))
/* An instruction fetch from unmapped memory. */
#define PROBE_FETCH_ADDR 0x41000000ul
/* Reads + writes of each address, and one fetch. */
#define PROBE_TOTAL ((uint32_t)(2u * PROBE_DATA_COUNT + 1u))

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

/* Why the attempt's outcome is not a contained access, or NULL if it is. */
static const char *probe_failure(enum probe_access access, uint64_t addr,
				 const struct guest_try *t, char *buf, size_t size)
{
	uint32_t want_ec = access == PROBE_FETCH ? GUEST_EC_IABT_CUR
						 : GUEST_EC_DABT_CUR;
	uint32_t ec = guest_esr_ec(t->esr);
	uint32_t fsc = guest_esr_fsc(t->esr);

	if (t->count == 0u)
		return "no exception";
	if (t->count > 1u) {
		sk_snprintf(buf, size, "%u exceptions, the last ESR 0x%lx",
			    t->count, t->esr);
		return buf;
	}
	if (t->kind != GUEST_KIND(GUEST_KIND_CUR_SPX, GUEST_KIND_SYNC)) {
		sk_snprintf(buf, size, "%s exception from %s, ESR 0x%lx",
			    guest_kind_type_name(t->kind),
			    guest_kind_group_name(t->kind), t->esr);
		return buf;
	}
	if (ec != want_ec || fsc != GUEST_FSC_SYNC_EXT) {
		sk_snprintf(buf, size, "EC 0x%02x FSC 0x%02x, want EC 0x%02x "
			    "FSC 0x%02x; ESR 0x%lx, FAR 0x%lx", ec, fsc,
			    want_ec, GUEST_FSC_SYNC_EXT, t->esr, t->far);
		return buf;
	}
	if ((t->esr & GUEST_ESR_ISS_FNV) == 0 && t->far != addr) {
		sk_snprintf(buf, size, "FAR 0x%lx is not the address; ESR 0x%lx",
			    t->far, t->esr);
		return buf;
	}
	return NULL;
}

/* Runs one probe, prints its line, returns whether it was contained. */
static bool probe_run(enum probe_access access, uint64_t addr)
{
	static void (*const ops[])(uint64_t) = {
		[PROBE_READ] = guest_op_read32,
		[PROBE_WRITE] = guest_op_write32,
		[PROBE_FETCH] = guest_op_fetch,
	};
	char why[GUEST_PRINTF_MAX / 2u];
	const char *failure;
	struct guest_try t;

	(void)guest_try(ops[access], addr, &t);
	failure = probe_failure(access, addr, &t, why, sizeof(why));
	if (failure != NULL) {
		guest_printf("probe %s 0x%08lx: NOT contained (%s)\n",
			     probe_access_name(access), addr, failure);
		return false;
	}
	guest_printf("probe %s 0x%08lx: contained (ESR 0x%lx, FAR 0x%lx)\n",
		     probe_access_name(access), addr, t.esr, t.far);
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
	for (size_t i = 0; i < PROBE_DATA_COUNT; i++) {
		contained += probe_run(PROBE_READ, probe_data_addrs[i]) ? 1u : 0u;
		contained += probe_run(PROBE_WRITE, probe_data_addrs[i]) ? 1u : 0u;
	}
	contained += probe_run(PROBE_FETCH, PROBE_FETCH_ADDR) ? 1u : 0u;
	guest_printf("probe summary: %u/%u contained\n", contained, PROBE_TOTAL);
	guest_beat_forever(&beat);
}
