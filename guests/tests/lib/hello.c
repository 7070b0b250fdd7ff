// SPDX-License-Identifier: MIT
/* The hello line every test guest prints first, the UID check, and what
 * the hypervisor counts of this guest. */
#include "guest.h"

#include "console.h"
#include "lib/fmt.h"
#include "shikiri/hypercall.h"

/* Flattened device tree header magic, stored big-endian (DT spec 5.2). */
#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAGIC_BYTES 4u
#define BITS_PER_BYTE 8u

/* Room for a 64-bit value in decimal, or "?". */
#define NUM_TEXT_MAX 24u

const char *guest_status_name(int64_t status)
{
	switch (status) {
	case SK_OK:
		return "OK";
	case SK_E_NOT_SUPPORTED:
		return "NOT_SUPPORTED";
	case SK_E_INVALID_PARAMETER:
		return "INVALID_PARAMETER";
	case SK_E_DENIED:
		return "DENIED";
	case SK_E_BAD_ADDRESS:
		return "BAD_ADDRESS";
	default:
		return "?";
	}
}

/* A number for the hello line, or "?" when the call that gave it failed. */
static const char *num_text(char *buf, size_t size, bool ok, uint64_t v)
{
	if (!ok)
		return "?";
	sk_snprintf(buf, size, "%lu", v);
	return buf;
}

/* Byte reads: correct whatever the DTB's alignment, no endianness games. */
static const char *dtb_check(uint64_t dtb)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)dtb;
	uint32_t magic = 0;

	/* Anything below our RAM cannot be the DTB; don't fault on it. */
	if (dtb < GUEST_RAM_BASE)
		return "bad address";
	for (uint32_t i = 0; i < FDT_MAGIC_BYTES; i++)
		magic = (magic << BITS_PER_BYTE) | p[i];
	return magic == FDT_MAGIC ? "ok" : "bad magic";
}

static void uid_check(void)
{
	struct sk_hc_result r = sk_hvc(SK_HC_CALL_UID, 0, 0, 0);

	/* An SMC32 call: only the low 32 bits of each result count. */
	if ((uint32_t)r.status == SK_UID_0 && (uint32_t)r.r1 == SK_UID_1 &&
	    (uint32_t)r.r2 == SK_UID_2 && (uint32_t)r.r3 == SK_UID_3)
		guest_puts("shikiri UID ok\n");
	else
		guest_printf("UID mismatch (0x%x 0x%x 0x%x 0x%x)\n",
			     (uint32_t)r.status, (uint32_t)r.r1,
			     (uint32_t)r.r2, (uint32_t)r.r3);
}

void guest_hello(uint64_t dtb)
{
	static char name[SK_PARTITION_NAME_MAX];
	char id_text[NUM_TEXT_MAX], vcpu_text[NUM_TEXT_MAX];
	char nvcpu_text[NUM_TEXT_MAX], major_text[NUM_TEXT_MAX];
	char minor_text[NUM_TEXT_MAX];
	struct sk_hc_result nr, id, abi;
	bool id_ok, abi_ok;

	nr = sk_hvc(SK_HC_PARTITION_NAME, (uint64_t)(uintptr_t)name,
		    sizeof(name), 0);
	name[sizeof(name) - 1u] = '\0';
	if (nr.status != SK_OK || name[0] == '\0') {
		name[0] = '?';
		name[1] = '\0';
	}
	id = sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0);
	abi = sk_hvc(SK_HC_ABI_VERSION, 0, 0, 0);
	id_ok = id.status == SK_OK;
	abi_ok = abi.status == SK_OK;

	guest_printf("hello from %s: partition %s, vCPU %s of %s, ABI %s.%s, "
		     "dtb at 0x%lx (%s)\n", name,
		     num_text(id_text, sizeof(id_text), id_ok, id.r1),
		     num_text(vcpu_text, sizeof(vcpu_text), id_ok, id.r2),
		     num_text(nvcpu_text, sizeof(nvcpu_text), id_ok, id.r3),
		     num_text(major_text, sizeof(major_text), abi_ok, abi.r1),
		     num_text(minor_text, sizeof(minor_text), abi_ok, abi.r2),
		     dtb, dtb_check(dtb));
	uid_check();
}

uint64_t guest_sysreg_exits(void)
{
	static struct sk_partition_stats st;
	struct sk_hc_result id = sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0);

	st.exits_sysreg = 0;
	(void)sk_hvc(SK_HC_PARTITION_STATS, id.r1, (uint64_t)(uintptr_t)&st,
		     sizeof(st));
	return st.exits_sysreg;
}
