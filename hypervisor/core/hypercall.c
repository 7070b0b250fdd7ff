/* SPDX-License-Identifier: MIT */
#define SK_HYPERVISOR 1
#include "core/hypercall.h"

#include <stddef.h>

#include "core/audit.h"
#include "core/channel.h"
#include "core/guest_mem.h"
#include "core/manage.h"
#include "core/partition.h"
#include "core/test_hooks.h"
#include "lib/array.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

/* Bytes moved per step of a console write: bounds the stack buffer. */
#define HC_CONSOLE_CHUNK 256u
/* Characters handed out per console read. */
#define HC_CONSOLE_READ_MAX 64u

static void hc_status(uint64_t regs[4], int64_t status)
{
	regs[0] = (uint64_t)status;
}

static void hc_abi_version(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	hc_status(regs, SK_OK);
	regs[1] = SK_ABI_VERSION_MAJOR;
	regs[2] = SK_ABI_VERSION_MINOR;
}

static void hc_console_write(struct vcpu *v, uint64_t regs[4])
{
	struct partition *p = v->partition;
	gpa_t gpa = gpa_of(regs[1]);
	uint64_t len = regs[2] > SK_CONSOLE_WRITE_MAX ? SK_CONSOLE_WRITE_MAX
						      : regs[2];
	hpa_t hpa;
	char chunk[HC_CONSOLE_CHUNK];

	if (!guest_range_to_host(p, gpa, len, SK_ACCESS_READ, &hpa)) {
		hc_status(regs, SK_E_BAD_ADDRESS);
		return;
	}
	if (p->cfg->console == SK_CONSOLE_NONE) {
		hc_status(regs, SK_E_DENIED);
		return;
	}
	spin_lock(&p->console_lock);
	for (uint64_t done = 0; done < len;) {
		size_t n = (size_t)(len - done < HC_CONSOLE_CHUNK ? len - done
								 : HC_CONSOLE_CHUNK);

		(void)guest_copy_from(p, chunk, gpa_add(gpa, done), n);
		console_feed(&p->console, p->cfg->name, chunk, n);
		done += n;
	}
	spin_unlock(&p->console_lock);
	hc_status(regs, SK_OK);
	regs[1] = len;
}

static void hc_console_read(struct vcpu *v, uint64_t regs[4])
{
	struct partition *p = v->partition;
	uint64_t cap = regs[2] > HC_CONSOLE_READ_MAX ? HC_CONSOLE_READ_MAX
						     : regs[2];
	hpa_t hpa;
	char buf[HC_CONSOLE_READ_MAX];
	size_t n = 0;

	if (!guest_range_to_host(p, gpa_of(regs[1]), cap, SK_ACCESS_WRITE,
				 &hpa)) {
		hc_status(regs, SK_E_BAD_ADDRESS);
		return;
	}
	if (partition_has_input_focus(p))
		n = console_read(buf, (size_t)cap);
	if (n > 0)
		(void)guest_copy_to(p, gpa_of(regs[1]), buf, n);
	hc_status(regs, SK_OK);
	regs[1] = n;
}

static void hc_partition_id(struct vcpu *v, uint64_t regs[4])
{
	hc_status(regs, SK_OK);
	regs[1] = v->partition->id;
	regs[2] = v->index.index;
	regs[3] = v->partition->vcpu_count;
}

void hc_copy_name(struct vcpu *v, uint64_t regs[4], const char *name,
		  gpa_t gpa, uint64_t capacity)
{
	struct partition *c = v->partition;
	size_t len = sk_strnlen(name, SK_NAME_MAX - 1);
	hpa_t hpa;

	if (capacity < len + 1) {
		hc_status(regs, SK_E_INVALID_PARAMETER);
		regs[1] = len;
		return;
	}
	if (!guest_range_to_host(c, gpa, len + 1, SK_ACCESS_WRITE, &hpa)) {
		hc_status(regs, SK_E_BAD_ADDRESS);
		return;
	}
	(void)guest_copy_to(c, gpa, name, len);
	(void)guest_copy_to(c, gpa_add(gpa, len), "", 1);
	hc_status(regs, SK_OK);
	regs[1] = len;
}

static void hc_partition_name(struct vcpu *v, uint64_t regs[4])
{
	hc_copy_name(v, regs, v->partition->cfg->name, gpa_of(regs[1]),
		     regs[2]);
}

static void hc_call_uid(struct vcpu *v, uint64_t regs[4])
{
	(void)v;
	regs[0] = SK_UID_0;
	regs[1] = SK_UID_1;
	regs[2] = SK_UID_2;
	regs[3] = SK_UID_3;
}

static const struct hc_desc hc_table[] = {
	{ SK_HC_ABI_VERSION, hc_abi_version },
	{ SK_HC_CONSOLE_WRITE, hc_console_write },
	{ SK_HC_CONSOLE_READ, hc_console_read },
	{ SK_HC_PARTITION_ID, hc_partition_id },
	{ SK_HC_PARTITION_NAME, hc_partition_name },
	{ SK_HC_CALL_UID, hc_call_uid },
#ifdef SK_TEST_HOOKS
	{ SK_HC_TEST_EL2_FAULT, test_hook_el2_fault },
#endif
};

static const struct hc_desc *hc_find(const struct hc_desc *table, size_t n,
				     uint32_t id)
{
	for (size_t i = 0; i < n; i++) {
		if (table[i].id == id)
			return &table[i];
	}
	return NULL;
}

/* The other modules' tables, the most frequent calls first. */
struct hc_module {
	const struct hc_desc *table;
	const size_t *len;
};

static const struct hc_module hc_modules[] = {
	{ channel_table, &channel_table_len },
	{ manage_table, &manage_table_len },
	{ vpsci_table, &vpsci_table_len },
};

#define HC_MODULES (ARRAY_SIZE(hc_modules))

/*
 * The modules list consecutive ids in order wherever they can, so the
 * entry for id is found by subtraction in each table first (a few
 * instructions a table); only ids outside those runs (PSCI's SMC32/SMC64
 * pairs) are searched for entry by entry.
 */
static const struct hc_desc *hc_find_module(uint32_t id)
{
	for (size_t m = 0; m < HC_MODULES; m++) {
		const struct hc_desc *table = hc_modules[m].table;
		uint32_t i = id - table[0].id;

		if (i < *hc_modules[m].len && table[i].id == id)
			return &table[i];
	}
	for (size_t m = 0; m < HC_MODULES; m++) {
		const struct hc_desc *d = hc_find(hc_modules[m].table,
						  *hc_modules[m].len, id);

		if (d != NULL)
			return d;
	}
	return NULL;
}

/*
 * A call meant for the firmware: any service but the two hypervisor ones
 * (spec/psci.h, SMCCC_OWNER_*). On a real board these are the SiP
 * services that switch clocks, resets and power domains (ZynqMP's PMU
 * firmware EEMI calls, i.MX's TF-A SiP calls), which reach devices other
 * partitions own, the OEM and trusted OS services, and standard secure
 * calls beyond PSCI. shikiri answers the PSCI and SMCCC calls it emulates
 * itself and forwards nothing (docs/hypercalls.md, "Firmware calls"):
 * the rest is NOT_SUPPORTED and audited, naming the partition and the
 * function ID.
 */
static bool hc_for_firmware(uint32_t id)
{
	uint32_t owner = (id >> SMCCC_OWNER_SHIFT) & SMCCC_OWNER_MASK;

	return owner != SMCCC_OWNER_STD_HYP && owner != SMCCC_OWNER_VENDOR_HYP;
}

static void hc_unknown(struct vcpu *v, uint64_t regs[4], uint32_t id)
{
	hc_status(regs, SK_E_NOT_SUPPORTED);
	if (hc_for_firmware(id))
		audit_record(v->partition, SK_AUDIT_OP_FIRMWARE, id,
			     SK_AUDIT_NOT_FORWARDED);
}

/* The light exit path's ABI version (core/hypercall.h). */
const hc_handler hc_light_abi_version = hc_abi_version;

void hypercall_dispatch(struct vcpu *v, uint64_t regs[4])
{
	/* SMCCC: the function id is W0; the upper half is ignored. */
	uint32_t id = (uint32_t)regs[0];
	const struct hc_desc *d =
		hc_find(hc_table, ARRAY_SIZE(hc_table), id);

	if (d == NULL)
		d = hc_find_module(id);
	if (d != NULL)
		d->handler(v, regs);
	else
		hc_unknown(v, regs, id);
}
