/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the management function (hypervisor/core/manage_pci.c behind
 * core/vpci.c's register window) as a hostile manager drives it: boss of
 * fuzz_system.h, whose only PCI device it is.
 *
 * Input: one fill byte, then operations of an op byte (read/write, width
 * 1/2/4/8), a 13-bit offset (the 4 KiB BAR and beyond) and a 32-bit value,
 * until the input ends; a write of MGPCI_COMMAND runs the command with
 * whatever ARG0/ARG1 hold.
 *
 * After every operation:
 *  - an access is taken exactly when it is 32 bits wide, aligned, inside
 *    the BAR and at a register (include/shikiri/manage_pci.h); a refused
 *    one changes nothing;
 *  - the identification registers read as the header says; ARG0/ARG1 read
 *    back what was written; STATUS is one of the documented codes, and a
 *    failed command returns no data; LENGTH never exceeds the data window;
 *  - a stop or restart acts (one lifecycle call, one audit record saying
 *    the manager did it) exactly when its id names a partition; nothing
 *    else changes another partition, guest or channel memory, or the
 *    audit log.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/audit.h"
#include "core/manage_pci.h"
#include "core/vpci.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_system.h"
#include "shikiri/manage_pci.h"
#include "stubs/fake_vcpu.h"

#define FM_MAX_OPS 128u
#define FM_OFFSET_MASK 0x1fffu

static struct fs_state before;
static uint32_t fm_arg0, fm_arg1;

static bool fm_register(uint32_t reg)
{
	switch (reg) {
	case MGPCI_MAGIC:
	case MGPCI_VERSION:
	case MGPCI_SELF:
	case MGPCI_PARTITIONS:
	case MGPCI_CPUS:
	case MGPCI_ARG0:
	case MGPCI_ARG1:
	case MGPCI_COMMAND:
	case MGPCI_STATUS:
	case MGPCI_LENGTH:
		return true;
	default:
		return reg >= MGPCI_DATA && reg < MGPCI_DATA + MGPCI_DATA_MAX;
	}
}

static bool fm_access(uint32_t off, uint32_t width, bool write, uint64_t *value)
{
	struct partition *boss = &fs_part[FS_BOSS];
	struct mmio_access a = { .size = width, .write = write, .value = *value };
	bool ok = vpci_regs_mmio(&boss->vcpus[0], &boss->pci, off, &a);

	*value = a.value;
	return ok;
}

static uint32_t fm_read(uint32_t reg)
{
	uint64_t v = 0;

	FUZZ_ASSERT(fm_access(reg, 4, false, &v));
	return (uint32_t)v;
}

/* Nothing of another partition, guest or channel memory changed. */
static void fm_check_unchanged(int32_t except)
{
	for (uint32_t i = 0; i < FS_PARTITIONS; i++) {
		if ((int32_t)i == except)
			continue;
		FUZZ_ASSERT(memcmp(&fs_part[i].stats, &before.part[i].stats,
				   sizeof(fs_part[i].stats)) == 0);
		FUZZ_ASSERT(fs_part[i].state == before.part[i].state);
		FUZZ_ASSERT(fs_part[i].stop_requested == before.part[i].stop_requested);
	}
	FUZZ_ASSERT(memcmp(fs_ram, before.ram, sizeof(fs_ram)) == 0);
	FUZZ_ASSERT(memcmp(fs_chan, before.chan, sizeof(fs_chan)) == 0);
	FUZZ_ASSERT(fs_guards_intact());
}

static void fm_check_command(uint32_t cmd, size_t calls_was, uint64_t audit_was)
{
	int32_t st = (int32_t)fm_read(MGPCI_STATUS);
	uint32_t len = fm_read(MGPCI_LENGTH);
	bool acts = cmd == MGPCI_CMD_STOP || cmd == MGPCI_CMD_RESTART;
	bool valid = fm_arg0 < FS_PARTITIONS;

	FUZZ_ASSERT(st == MGPCI_OK || st == MGPCI_E_UNKNOWN_COMMAND ||
		    st == MGPCI_E_NO_SUCH || st == MGPCI_E_STOPPED);
	FUZZ_ASSERT(len <= MGPCI_DATA_MAX);
	if (st != MGPCI_OK)
		FUZZ_ASSERT(len == 0u);
	if (cmd < MGPCI_CMD_PARTITION_INFO || cmd > MGPCI_CMD_FAULTS)
		FUZZ_ASSERT(st == MGPCI_E_UNKNOWN_COMMAND);
	if (acts && valid) {
		struct sk_audit_entry e;

		/* All partitions run here (the fakes do not stop them). */
		FUZZ_ASSERT(st == MGPCI_OK);
		FUZZ_ASSERT(fake_vcpu_calls() == calls_was + 1u);
		if (calls_was < FAKE_VCPU_CALLS_MAX) {
			const struct fake_vcpu_call *c = fake_vcpu_call(calls_was);

			FUZZ_ASSERT(c->partition == &fs_part[fm_arg0]);
			FUZZ_ASSERT(c->kind == (cmd == MGPCI_CMD_STOP ? FAKE_PARTITION_STOP
								      : FAKE_PARTITION_RESTART));
		}
		FUZZ_ASSERT(fs_audit_next() == audit_was + 1u);
		FUZZ_ASSERT(fs_audit_get(audit_was, &e));
		FUZZ_ASSERT(e.partition == FS_BOSS && e.object == fm_arg0 &&
			    e.reason == SK_AUDIT_DONE &&
			    e.op == (cmd == MGPCI_CMD_STOP ? SK_AUDIT_OP_STOP
							   : SK_AUDIT_OP_RESTART));
		fm_check_unchanged((int32_t)fm_arg0);
		return;
	}
	if (acts)
		FUZZ_ASSERT(st == MGPCI_E_NO_SUCH);
	FUZZ_ASSERT(fake_vcpu_calls() == calls_was);
	FUZZ_ASSERT(fs_audit_next() == audit_was);
	fm_check_unchanged(-1);
}

static void fm_op(struct fuzz_input *in)
{
	uint8_t op = (uint8_t)fuzz_take(in, 1);
	bool write = (op & 1u) != 0u;
	uint32_t width = 1u << ((op >> 1) & 3u);
	uint32_t off = (uint32_t)fuzz_take(in, 2) & FM_OFFSET_MASK;
	uint64_t value = fuzz_take(in, 4);
	bool expect = width == 4u && (off & 3u) == 0u && off < MGPCI_BAR0_SIZE &&
		      fm_register(off);
	size_t calls_was = fake_vcpu_calls();
	uint64_t audit_was = fs_audit_next();
	uint64_t v = value;
	bool ok;

	fs_snapshot(&before);
	ok = fm_access(off, width, write, &v);
	FUZZ_ASSERT(ok == expect);
	if (!ok || !write) {
		FUZZ_ASSERT(fake_vcpu_calls() == calls_was);
		FUZZ_ASSERT(fs_audit_next() == audit_was);
		fm_check_unchanged(-1);
		if (ok && off == MGPCI_MAGIC)
			FUZZ_ASSERT(v == MGPCI_MAGIC_VALUE);
		if (ok && off == MGPCI_PARTITIONS)
			FUZZ_ASSERT(v == FS_PARTITIONS);
		if (ok && off == MGPCI_SELF)
			FUZZ_ASSERT(v == FS_BOSS);
		if (ok && off == MGPCI_ARG0)
			FUZZ_ASSERT(v == fm_arg0);
		if (ok && off == MGPCI_ARG1)
			FUZZ_ASSERT(v == fm_arg1);
		if (ok && off >= MGPCI_DATA && off - MGPCI_DATA >= fm_read(MGPCI_LENGTH))
			FUZZ_ASSERT(v == 0u);
		return;
	}
	if (off == MGPCI_ARG0)
		fm_arg0 = (uint32_t)value;
	else if (off == MGPCI_ARG1)
		fm_arg1 = (uint32_t)value;
	if (off == MGPCI_COMMAND) {
		fm_check_command((uint32_t)value, calls_was, audit_was);
		return;
	}
	FUZZ_ASSERT(fake_vcpu_calls() == calls_was);
	FUZZ_ASSERT(fs_audit_next() == audit_was);
	fm_check_unchanged(-1);
	FUZZ_ASSERT(fm_read(MGPCI_MAGIC) == MGPCI_MAGIC_VALUE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct partition *boss = &fs_part[FS_BOSS];

	fs_build((uint8_t)fuzz_take(&in, 1));
	/* Its mailbox from the last input: as after a restart. */
	manage_pci_reset(boss);
	fm_arg0 = fm_arg1 = 0;
	FUZZ_ASSERT(boss->pci.count == 1u && boss->pci.dev[0].manager);
	for (uint32_t i = 1; i < FS_PARTITIONS; i++)
		FUZZ_ASSERT(fs_part[i].pci.count == 0u || !fs_part[i].pci.dev[fs_part[i].pci.count - 1u].manager);
	for (uint32_t n = 0; n < FM_MAX_OPS && in.left > 0; n++)
		fm_op(&in);
	return 0;
}
