/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the management function (hypervisor/core/manage_pci.c, its
 * PCI header in core/vpci.c, include/shikiri/manage_pci.h), on the host:
 * alpha is the manager, beta and gamma are not; no channels. A manager
 * gets the function as device 0 of its virtual PCI host; its commands
 * answer with the right data; every bad value a hostile manager writes is
 * answered and changes nothing; the others have no such device.
 */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/audit.h"
#include "core/channel.h"
#include "core/fault.h"
#include "core/hypercall.h"
#include "core/manage_pci.h"
#include "core/partition.h"
#include "core/vpci.h"
#include "shikiri/hypercall.h"
#include "shikiri/manage_pci.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_partition.h"
#include "stubs/fake_vcpu.h"
#include "stubs/fake_vgic.h"

#define ECAM_SLOT(n) ((uint64_t)(n) << 15)
#define PCI_ID       0x00u
#define PCI_CLASS    0x08u
#define PCI_BAR0     0x10u
#define PCI_BAR2     0x18u
#define PCI_INTR     0x3cu

static struct sk_config cfg;
static struct partition parts[3];
static struct partition *const table[3] = { &parts[0], &parts[1], &parts[2] };

static int setup(void **state)
{
	static const char *const names[3] = { "alpha", "beta", "gamma" };
	char err[128] = "";

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(parts, 0, sizeof(parts));
	cfg.partition_count = 3;
	for (uint32_t i = 0; i < 3; i++) {
		snprintf(cfg.partitions[i].name, SK_NAME_MAX, "%s", names[i]);
		snprintf(cfg.partitions[i].path, SK_PATH_MAX, "/partitions/%s", names[i]);
		cfg.partitions[i].cpu_count = 1;
		cfg.partitions[i].cpus[0] = i;
		parts[i].id = i;
		parts[i].cfg = &cfg.partitions[i];
		parts[i].vcpu_count = 1;
		parts[i].state = PARTITION_RUNNING;
		parts[i].arch.vgic.partition = &parts[i];
		parts[i].vcpus[0].partition = &parts[i];
	}
	cfg.partitions[0].manager = 1;
	cfg.partitions[1].fault_policy = SK_FAULT_RESTART;
	cfg.partitions[1].region_count = 1;
	cfg.partitions[1].regions[0] = (struct sk_cfg_region){
		.guest = 0x40000000, .size = 0x100000, .path = "/partitions/beta/memory/ram" };
	fake_partition_set_table(table, 3);
	fake_vgic_reset();
	fake_vcpu_reset();
	fake_counter_reset();
	assert_true(channels_create(&cfg, err, sizeof(err)));
	return 0;
}

static bool reg_access(struct partition *p, uint32_t reg, uint32_t size,
		       bool write, uint64_t *value)
{
	struct mmio_access a = { .size = size, .write = write, .value = *value };
	bool ok = vpci_regs_mmio(&p->vcpus[0], &p->pci, reg, &a);

	*value = a.value;
	return ok;
}

static uint32_t rd(struct partition *p, uint32_t reg)
{
	uint64_t v = 0;

	assert_true(reg_access(p, reg, 4, false, &v));
	return (uint32_t)v;
}

static void wr(struct partition *p, uint32_t reg, uint32_t value)
{
	uint64_t v = value;

	assert_true(reg_access(p, reg, 4, true, &v));
}

/* Runs cmd from the manager; its status. */
static int32_t command(uint32_t cmd, uint32_t a0, uint32_t a1)
{
	wr(&parts[0], MGPCI_ARG0, a0);
	wr(&parts[0], MGPCI_ARG1, a1);
	wr(&parts[0], MGPCI_COMMAND, cmd);
	return (int32_t)rd(&parts[0], MGPCI_STATUS);
}

static void result(void *out, size_t size)
{
	assert_true(rd(&parts[0], MGPCI_LENGTH) >= size);
	for (size_t i = 0; i < size; i += 4) {
		uint32_t w = rd(&parts[0], MGPCI_DATA + (uint32_t)i);

		memcpy((char *)out + i, &w, 4);
	}
}

static uint32_t ecam(struct partition *p, uint32_t slot, uint32_t reg)
{
	struct mmio_access a = { .size = 4 };

	assert_true(vpci_ecam_mmio(&p->vcpus[0], &p->pci, ECAM_SLOT(slot) + reg, &a));
	return (uint32_t)a.value;
}

static void only_a_manager_has_the_function(void **state)
{
	struct mmio_access a = { .size = 4 };

	(void)state;
	assert_int_equal(parts[0].pci.count, 1);
	assert_int_equal(ecam(&parts[0], 0, PCI_ID), MGPCI_VENDOR_ID | (MGPCI_DEVICE_ID << 16));
	assert_int_equal(ecam(&parts[0], 0, PCI_CLASS), (MGPCI_CLASS << 8) | 1u);
	assert_int_equal(ecam(&parts[0], 0, PCI_BAR0), SK_GUEST_PCI_REGS_BASE);
	assert_int_equal(ecam(&parts[0], 0, PCI_BAR2), 0);
	assert_int_equal(ecam(&parts[0], 0, PCI_INTR) >> 8, 0); /* no pin */
	assert_int_equal(ecam(&parts[0], 1, PCI_ID), 0xffffffffu);
	assert_int_equal(parts[0].mmio_count, 2);
	/* beta and gamma: no PCI host at all. */
	assert_int_equal(parts[1].pci.count, 0);
	assert_int_equal(parts[1].mmio_count, 0);
	assert_int_equal(parts[2].mmio_count, 0);
	/* Even called directly, the registers refuse a non-manager. */
	assert_false(manage_pci_mmio(&parts[1].vcpus[0], MGPCI_MAGIC, &a));
}

static void registers_identify_the_system(void **state)
{
	(void)state;
	assert_int_equal(rd(&parts[0], MGPCI_MAGIC), MGPCI_MAGIC_VALUE);
	assert_int_equal(rd(&parts[0], MGPCI_VERSION), MGPCI_VERSION_1);
	assert_int_equal(rd(&parts[0], MGPCI_SELF), 0);
	assert_int_equal(rd(&parts[0], MGPCI_PARTITIONS), 3);
	assert_int_equal(rd(&parts[0], MGPCI_CPUS), 3);
}

static void partition_info_describes_it(void **state)
{
	struct sk_mgmt_partition info;

	(void)state;
	parts[1].stats.restarts = 2;
	parts[1].stats.faults = 5;
	parts[1].stats.denied = 7;
	parts[2].state = PARTITION_STOPPED;
	assert_int_equal(command(MGPCI_CMD_PARTITION_INFO, 1, 0), MGPCI_OK);
	result(&info, sizeof(info));
	assert_string_equal(info.name, "beta");
	assert_int_equal(info.id, 1);
	assert_int_equal(info.state, SK_PARTITION_RUNNING);
	assert_int_equal(info.cpus, 1u << 1);
	assert_int_equal(info.fault_policy, SK_MGMT_POLICY_RESTART);
	assert_int_equal(info.manager, 0);
	assert_int_equal(info.restarts, 2);
	assert_int_equal(info.faults, 5);
	assert_int_equal(info.denied, 7);
	assert_int_equal(command(MGPCI_CMD_PARTITION_INFO, 2, 0), MGPCI_OK);
	result(&info, sizeof(info));
	assert_int_equal(info.state, SK_PARTITION_STOPPED);
	assert_int_equal(info.uptime_ns, 0);
}

static void restart_and_stop_act_and_are_audited(void **state)
{
	struct sk_mgmt_audit log;

	(void)state;
	assert_int_equal(command(MGPCI_CMD_RESTART, 2, 0), MGPCI_OK);
	assert_int_equal(fake_vcpu_calls(), 1);
	assert_int_equal(fake_vcpu_call(0)->kind, FAKE_PARTITION_RESTART);
	assert_ptr_equal(fake_vcpu_call(0)->partition, &parts[2]);
	assert_int_equal(command(MGPCI_CMD_STOP, 1, 0), MGPCI_OK);
	assert_int_equal(fake_vcpu_call(1)->kind, FAKE_PARTITION_STOP);
	assert_ptr_equal(fake_vcpu_call(1)->partition, &parts[1]);
	/* A stopped one: said so, nothing done. */
	parts[1].state = PARTITION_STOPPED;
	assert_int_equal(command(MGPCI_CMD_STOP, 1, 0), MGPCI_E_STOPPED);
	assert_int_equal(fake_vcpu_calls(), 2);
	assert_int_equal(command(MGPCI_CMD_AUDIT_READ, 0, 0), MGPCI_OK);
	result(&log, sizeof(log));
	assert_true(log.count >= 2);
	assert_int_equal(log.entries[log.count - 3].op, SK_AUDIT_OP_RESTART);
	assert_int_equal(log.entries[log.count - 3].object, 2);
	assert_int_equal(log.entries[log.count - 3].partition, 0);
	assert_int_equal(log.entries[log.count - 3].reason, SK_AUDIT_DONE);
	assert_int_equal(log.entries[log.count - 2].op, SK_AUDIT_OP_STOP);
	assert_int_equal(log.entries[log.count - 1].op, SK_AUDIT_OP_STOP);
	assert_int_equal(log.next, log.entries[log.count - 1].seq + 1);
}

static void a_refused_management_call_is_audited(void **state)
{
	struct sk_mgmt_audit log;
	uint64_t regs[4] = { SK_HC_PARTITION_RESTART, 0, 0, 0 };

	(void)state;
	hypercall_dispatch(&parts[2].vcpus[0], regs);
	assert_int_equal((int64_t)regs[0], SK_E_DENIED);
	assert_int_equal(fake_vcpu_calls(), 0);
	assert_int_equal(command(MGPCI_CMD_AUDIT_READ, 0, 0), MGPCI_OK);
	result(&log, sizeof(log));
	assert_true(log.count >= 1);
	assert_int_equal(log.entries[log.count - 1].partition, 2);
	assert_int_equal(log.entries[log.count - 1].op, SK_AUDIT_OP_RESTART);
	assert_int_equal(log.entries[log.count - 1].object, 0);
	assert_int_equal(log.entries[log.count - 1].reason, SK_AUDIT_NOT_MANAGER);
}

static void statistics_and_sched_come_through(void **state)
{
	struct sk_partition_stats st;
	struct sk_sched_stats sc;

	(void)state;
	parts[1].stats.denied = 3;
	assert_int_equal(command(MGPCI_CMD_PARTITION_STATS, 1, 0), MGPCI_OK);
	result(&st, sizeof(st));
	assert_int_equal(st.version, SK_PARTITION_STATS_VERSION);
	assert_int_equal(st.denied, 3);
	assert_int_equal(command(MGPCI_CMD_SCHED_STATS, 1, 0), MGPCI_OK);
	result(&sc, sizeof(sc));
	assert_int_equal(sc.shared, 1);
	assert_int_equal(sc.switches, 1001);
}

static void faults_are_kept_with_where_they_hit(void **state)
{
	struct sk_mgmt_faults f;

	(void)state;
	fault_report(&parts[1].vcpus[0], FAULT_DATA_WRITE, 0x40000010, 0x93c08046, 0x40001000);
	fault_report(&parts[1].vcpus[0], FAULT_DATA_READ, 0x30000000, 0x93c08006, 0x40001004);
	assert_int_equal(command(MGPCI_CMD_FAULTS, 1, 0), MGPCI_OK);
	result(&f, sizeof(f));
	assert_true(f.total >= 2 && f.count >= 2);
	assert_int_equal(f.faults[f.count - 2].kind, SK_MGMT_FAULT_DATA_WRITE);
	assert_string_equal(f.faults[f.count - 2].where, "/partitions/beta/memory/ram");
	assert_int_equal(f.faults[f.count - 2].action, SK_MGMT_ACTION_ABORT_INJECTED);
	assert_int_equal(f.faults[f.count - 1].kind, SK_MGMT_FAULT_DATA_READ);
	assert_string_equal(f.faults[f.count - 1].where, "");
	assert_int_equal(f.faults[f.count - 1].addr, 0x30000000);
	assert_int_equal(f.faults[f.count - 1].pc, 0x40001004);
}

/* ---- a hostile manager ---- */

static void bad_ids_and_commands_are_answered_and_change_nothing(void **state)
{
	static const uint32_t ids[] = { 3, 8, 0x7fffffffu, 0xffffffffu };

	(void)state;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(command(MGPCI_CMD_PARTITION_INFO, ids[i], 0), MGPCI_E_NO_SUCH);
		assert_int_equal(rd(&parts[0], MGPCI_LENGTH), 0);
		assert_int_equal(rd(&parts[0], MGPCI_DATA), 0);
		assert_int_equal(command(MGPCI_CMD_PARTITION_STATS, ids[i], 0), MGPCI_E_NO_SUCH);
		assert_int_equal(command(MGPCI_CMD_STOP, ids[i], 0), MGPCI_E_NO_SUCH);
		assert_int_equal(command(MGPCI_CMD_RESTART, ids[i], 0), MGPCI_E_NO_SUCH);
		assert_int_equal(command(MGPCI_CMD_FAULTS, ids[i], 0), MGPCI_E_NO_SUCH);
		assert_int_equal(command(MGPCI_CMD_SCHED_STATS, ids[i], 0), MGPCI_E_NO_SUCH);
	}
	assert_int_equal(command(0, 0, 0), MGPCI_E_UNKNOWN_COMMAND);
	assert_int_equal(command(8, 0, 0), MGPCI_E_UNKNOWN_COMMAND);
	assert_int_equal(command(0xffffffffu, 1, 1), MGPCI_E_UNKNOWN_COMMAND);
	/* An audit read from beyond the end: none, and where to ask. */
	assert_int_equal(command(MGPCI_CMD_AUDIT_READ, 0xffffffffu, 0xffffffffu), MGPCI_OK);
	assert_int_equal(rd(&parts[0], MGPCI_DATA + 16), 0); /* count */
	assert_int_equal(fake_vcpu_calls(), 0);
}

static void bad_accesses_fault_and_change_nothing(void **state)
{
	static const uint32_t sizes[] = { 1, 2, 8 };
	uint64_t v;

	(void)state;
	wr(&parts[0], MGPCI_ARG0, 1);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		v = 2;
		assert_false(reg_access(&parts[0], MGPCI_ARG0, sizes[i], true, &v));
		assert_false(reg_access(&parts[0], MGPCI_COMMAND, sizes[i], true, &v));
		assert_false(reg_access(&parts[0], MGPCI_MAGIC, sizes[i], false, &v));
	}
	v = 0;
	assert_false(reg_access(&parts[0], MGPCI_ARG0 + 2, 4, false, &v));
	assert_false(reg_access(&parts[0], 0x34, 4, false, &v));   /* no register */
	assert_false(reg_access(&parts[0], 0xfc, 4, true, &v));
	/* Past the BAR: no device there. */
	assert_false(reg_access(&parts[0], MGPCI_BAR0_SIZE, 4, false, &v));
	/* Read-only registers ignore writes. */
	wr(&parts[0], MGPCI_MAGIC, 0);
	wr(&parts[0], MGPCI_STATUS, 5);
	wr(&parts[0], MGPCI_DATA, 5);
	assert_int_equal(rd(&parts[0], MGPCI_MAGIC), MGPCI_MAGIC_VALUE);
	assert_int_equal(rd(&parts[0], MGPCI_ARG0), 1);
	assert_int_equal(fake_vcpu_calls(), 0);
	/* The data window reads as 0 past the result, up to the BAR's end. */
	assert_int_equal(command(MGPCI_CMD_PARTITION_INFO, 0, 0), MGPCI_OK);
	assert_int_equal(rd(&parts[0], MGPCI_DATA + MGPCI_DATA_MAX - 4), 0);
}

static void a_restart_resets_the_mailbox(void **state)
{
	(void)state;
	assert_int_equal(command(MGPCI_CMD_PARTITION_INFO, 1, 0), MGPCI_OK);
	assert_true(rd(&parts[0], MGPCI_LENGTH) > 0);
	vpci_reset(&parts[0].pci);
	assert_int_equal(rd(&parts[0], MGPCI_LENGTH), 0);
	assert_int_equal(rd(&parts[0], MGPCI_ARG0), 0);
	assert_int_equal(rd(&parts[0], MGPCI_DATA), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(only_a_manager_has_the_function, setup),
		cmocka_unit_test_setup(registers_identify_the_system, setup),
		cmocka_unit_test_setup(partition_info_describes_it, setup),
		cmocka_unit_test_setup(restart_and_stop_act_and_are_audited, setup),
		cmocka_unit_test_setup(a_refused_management_call_is_audited, setup),
		cmocka_unit_test_setup(statistics_and_sched_come_through, setup),
		cmocka_unit_test_setup(faults_are_kept_with_where_they_hit, setup),
		cmocka_unit_test_setup(bad_ids_and_commands_are_answered_and_change_nothing, setup),
		cmocka_unit_test_setup(bad_accesses_fault_and_change_nothing, setup),
		cmocka_unit_test_setup(a_restart_resets_the_mailbox, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
