/* SPDX-License-Identifier: MIT */
/*
 * Unit tests of the channel reference monitor (hypervisor/core/channel.c),
 * its audit log (core/audit.c) and the virtual PCI device a "pci" endpoint
 * gets (core/vpci.c), on the host. Three partitions: alpha and beta share
 * "ring" (both read, write, notify; beta reaches it as a PCI device) and
 * "status" (alpha may only read it and may not notify; beta writes and
 * notifies); gamma is on no channel. The vGIC is a recording fake.
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

#include "arch/pgtable.h"
#include "core/audit.h"
#include "core/channel.h"
#include "core/hypercall.h"
#include "core/partition.h"
#include "core/vpci.h"
#include "lib/array.h"
#include "shikiri/channel_pci.h"
#include "shikiri/hypercall.h"
#include "stubs/fake_counter.h"
#include "stubs/fake_partition.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vgic.h"

#define POOL_PAGES   64u
#define RING_SIZE    0x10000u
#define STATUS_SIZE  0x1000u
#define RING_ID      0u
#define STATUS_ID    1u
#define ALPHA_BELL   48u
#define BETA_BELL    49u
#define ALPHA_STATUS_BELL 50u
#define BETA_STATUS_BELL  51u
#define ALPHA_RING_GPA  0x50000000ull
#define BETA_RING_GPA   0x10100000ull  /* a BAR in the PCI window */
#define STATUS_GPA      0x50100000ull
#define ALPHA_RAM_GPA   0x40000000ull
#define ALPHA_RAM_SIZE  0x10000u
#define ECAM_SLOT(n)    ((uint64_t)(n) << 15)
#define PCI_BAR2        0x18u
#define PCI_COMMAND     0x04u
#define PCI_CMD_INTX_OFF (1u << 10)
#define PCI_STATUS_INTX  (1u << 3)
#define RW_NOTIFY (SK_RIGHT_READ | SK_RIGHT_WRITE | SK_RIGHT_NOTIFY)

static struct sk_config cfg;
static struct partition parts[3];
static struct partition *const table[3] = { &parts[0], &parts[1], &parts[2] };
static struct pt_pool pool;
static void *ring_mem, *status_mem, *alpha_ram;

static void set_endpoint(struct sk_cfg_endpoint *e, const char *name,
			 uint64_t guest, uint32_t rights, uint32_t bell,
			 uint32_t interface)
{
	snprintf(e->partition, sizeof(e->partition), "%s", name);
	snprintf(e->path, sizeof(e->path), "/channels/x/%s", name);
	e->guest = guest;
	e->rights = rights;
	e->doorbell = bell;
	e->interface = interface;
}

static int setup(void **state)
{
	static const char *const names[3] = { "alpha", "beta", "gamma" };
	struct sk_cfg_channel *ring = &cfg.channels[RING_ID];
	struct sk_cfg_channel *status = &cfg.channels[STATUS_ID];

	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	memset(parts, 0, sizeof(parts));
	memset(pool.pages, 0, (size_t)POOL_PAGES * PT_PAGE_SIZE);
	pool.used = 0;
	cfg.partition_count = 3;
	for (uint32_t i = 0; i < 3; i++) {
		snprintf(cfg.partitions[i].name, SK_NAME_MAX, "%s", names[i]);
		parts[i].id = i;
		parts[i].cfg = &cfg.partitions[i];
		parts[i].arch.vgic.partition = &parts[i];
		parts[i].vcpus[0].partition = &parts[i];
		assert_int_equal(pt_init(&parts[i].arch.stage2, &pool, 39, 1ull << 48),
				 PT_OK);
	}
	/* alpha can take hypercall buffers (the audit log) at its RAM. */
	cfg.partitions[0].manager = 1;
	cfg.partitions[0].region_count = 1;
	cfg.partitions[0].regions[0] = (struct sk_cfg_region){
		.phys = (uint64_t)(uintptr_t)alpha_ram, .guest = ALPHA_RAM_GPA,
		.size = ALPHA_RAM_SIZE, .access = SK_ACCESS_READ | SK_ACCESS_WRITE,
	};
	cfg.channel_count = 2;
	snprintf(ring->name, SK_NAME_MAX, "ring");
	ring->phys = (uint64_t)(uintptr_t)ring_mem;
	ring->size = RING_SIZE;
	ring->endpoint_count = 2;
	set_endpoint(&ring->endpoints[0], "alpha", ALPHA_RING_GPA, RW_NOTIFY,
		     ALPHA_BELL, SK_ENDPOINT_HYPERCALL);
	set_endpoint(&ring->endpoints[1], "beta", BETA_RING_GPA, RW_NOTIFY,
		     BETA_BELL, SK_ENDPOINT_PCI);
	snprintf(status->name, SK_NAME_MAX, "status");
	status->phys = (uint64_t)(uintptr_t)status_mem;
	status->size = STATUS_SIZE;
	status->endpoint_count = 2;
	set_endpoint(&status->endpoints[0], "alpha", STATUS_GPA, SK_RIGHT_READ,
		     ALPHA_STATUS_BELL, SK_ENDPOINT_HYPERCALL);
	set_endpoint(&status->endpoints[1], "beta", STATUS_GPA, RW_NOTIFY,
		     BETA_STATUS_BELL, SK_ENDPOINT_HYPERCALL);
	memset(ring_mem, 0xa5, RING_SIZE);
	fake_partition_set_table(table, 3);
	fake_vgic_reset();
	return 0;
}

static void create(void)
{
	char err[128] = "";

	assert_true(channels_create(&cfg, err, sizeof(err)));
	fake_vgic_reset();
}

static uint64_t call(struct partition *p, uint32_t fn, uint64_t a1,
		     uint64_t a2, uint64_t a3, uint64_t out[4])
{
	struct vcpu *v = &p->vcpus[0];
	uint64_t regs[4] = { fn, a1, a2, a3 };

	v->partition = p;
	hypercall_dispatch(v, regs);
	if (out != NULL)
		memcpy(out, regs, sizeof(regs));
	return regs[0];
}

/* ---- stage-2: exactly the rights, nothing for others ---- */

static void maps_each_endpoint_with_its_rights(void **state)
{
	uint64_t pa = 0, attrs = 0;

	(void)state;
	create();
	assert_true(pt_lookup(&parts[0].arch.stage2, ALPHA_RING_GPA + 0x1234, &pa,
			      &attrs, NULL));
	assert_int_equal(pa, (uint64_t)(uintptr_t)ring_mem + 0x1234);
	assert_int_equal(attrs & (PT_S2_AP_READ | PT_S2_AP_WRITE),
			 PT_S2_AP_READ | PT_S2_AP_WRITE);
	assert_int_equal(attrs & (0xfull << 2), PT_S2_MEMATTR_NORMAL_NC);
	assert_true((attrs & PT_DESC_XN) != 0);
	/* alpha only reads "status": no write permission at stage 2. */
	assert_true(pt_lookup(&parts[0].arch.stage2, STATUS_GPA, &pa, &attrs, NULL));
	assert_int_equal(attrs & (PT_S2_AP_READ | PT_S2_AP_WRITE), PT_S2_AP_READ);
	assert_true(pt_lookup(&parts[1].arch.stage2, STATUS_GPA, NULL, &attrs, NULL));
	assert_int_equal(attrs & (PT_S2_AP_READ | PT_S2_AP_WRITE),
			 PT_S2_AP_READ | PT_S2_AP_WRITE);
	assert_true(pt_lookup(&parts[1].arch.stage2, BETA_RING_GPA, &pa, NULL, NULL));
	assert_int_equal(pa, (uint64_t)(uintptr_t)ring_mem);
	/* gamma is on no channel: neither address exists for it. */
	assert_false(pt_lookup(&parts[2].arch.stage2, ALPHA_RING_GPA, NULL, NULL, NULL));
	assert_false(pt_lookup(&parts[2].arch.stage2, STATUS_GPA, NULL, NULL, NULL));
	assert_false(pt_lookup(&parts[2].arch.stage2, BETA_RING_GPA, NULL, NULL, NULL));
	/* The memory starts cleared. */
	assert_int_equal(((uint8_t *)ring_mem)[0], 0);
	assert_int_equal(((uint8_t *)ring_mem)[RING_SIZE - 1u], 0);
}

static void pci_windows_exist_only_with_a_pci_endpoint_or_a_manager(void **state)
{
	(void)state;
	create();
	/* alpha, the manager: its management function alone. */
	assert_int_equal(parts[0].mmio_count, 2);
	assert_int_equal(parts[0].pci.count, 1);
	assert_true(parts[0].pci.dev[0].manager);
	assert_int_equal(parts[1].mmio_count, 2);
	assert_int_equal(parts[1].mmio[0].base, SK_GUEST_PCI_ECAM_BASE);
	assert_int_equal(parts[1].mmio[1].base, SK_GUEST_PCI_REGS_BASE);
	assert_int_equal(parts[2].mmio_count, 0);
	assert_int_equal(parts[1].pci.count, 1);
}

/* ---- notify: the policy and the doorbells ---- */

static void notify_rings_a_hypercall_peer_with_an_edge(void **state)
{
	(void)state;
	create();
	assert_int_equal(call(&parts[1], SK_HC_CHANNEL_NOTIFY, STATUS_ID, 0, 0, NULL),
			 SK_OK);
	assert_int_equal(fake_vgic_calls(), 1);
	assert_ptr_equal(fake_vgic_last()->partition, &parts[0]);
	assert_int_equal(fake_vgic_last()->intid, ALPHA_STATUS_BELL);
	assert_true(fake_vgic_last()->edge);
}

static void notify_raises_a_pci_peer_intx_until_cleared(void **state)
{
	struct vpci_dev *d;
	struct mmio_access a = { .size = 4, .write = true, .value = 1 };

	(void)state;
	create();
	d = &parts[1].pci.dev[0];
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_NOTIFY, RING_ID, 0, 0, NULL),
			 SK_OK);
	assert_ptr_equal(fake_vgic_last()->partition, &parts[1]);
	assert_int_equal(fake_vgic_last()->intid, BETA_BELL);
	assert_true(fake_vgic_last()->level);
	assert_false(fake_vgic_last()->edge);
	assert_int_equal(d->int_status, CHPCI_INT_DOORBELL);
	/* The guest clears the status: the line drops. */
	assert_true(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci,
				   CHPCI_INT_STATUS, &a));
	assert_false(fake_vgic_last()->level);
	assert_int_equal(fake_vgic_calls(), 2);
}

/* The resource report's channel line (core/resources.h). */
static void doorbells_rung_and_not_taken_are_counted(void **state)
{
	struct mmio_access a = { .size = 4, .write = true, .value = 1 };

	(void)state;
	create();
	assert_int_equal(channel_declared(), cfg.channel_count);
	assert_int_equal(channel_doorbells_pending(), 0);
	assert_int_equal(call(&parts[1], SK_HC_CHANNEL_NOTIFY, STATUS_ID, 0, 0, NULL),
			 SK_OK);
	assert_int_equal(channel_doorbells_pending(), 1);
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_NOTIFY, RING_ID, 0, 0, NULL),
			 SK_OK);
	assert_int_equal(channel_doorbells_pending(), 2);
	/* The PCI endpoint's guest acknowledges its doorbell. */
	assert_true(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci,
				   CHPCI_INT_STATUS, &a));
	assert_int_equal(channel_doorbells_pending(), 1);
}

static void notify_without_the_right_is_denied_and_audited(void **state)
{
	struct sk_audit_entry *log = alpha_ram;
	uint64_t out[4];
	uint64_t before;

	(void)state;
	create();
	before = parts[0].stats.denied;
	assert_int_equal((int64_t)call(&parts[0], SK_HC_CHANNEL_NOTIFY, STATUS_ID,
				       0, 0, NULL), SK_E_DENIED);
	assert_int_equal(fake_vgic_calls(), 0);
	assert_int_equal(parts[0].stats.denied, before + 1u);
	/* The newest record says who, what and why. */
	assert_int_equal(call(&parts[0], SK_HC_AUDIT_READ, 0, ALPHA_RAM_GPA,
			      ALPHA_RAM_SIZE, out), SK_OK);
	assert_true(out[1] >= 1u);
	assert_int_equal(log[out[1] - 1u].seq, out[2] - 1u);
	assert_int_equal(log[out[1] - 1u].partition, 0);
	assert_int_equal(log[out[1] - 1u].object, STATUS_ID);
	assert_int_equal(log[out[1] - 1u].op, SK_AUDIT_OP_NOTIFY);
	assert_int_equal(log[out[1] - 1u].reason, SK_AUDIT_NO_RIGHT);
}

static void a_stranger_cannot_notify_or_see_a_channel(void **state)
{
	struct sk_audit_entry *log = alpha_ram;
	uint64_t out[4];
	const uint64_t ids[] = { RING_ID, STATUS_ID, 2, 0xffffffffffffffffull };

	(void)state;
	create();
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		assert_int_equal((int64_t)call(&parts[2], SK_HC_CHANNEL_NOTIFY,
					       ids[i], 0, 0, NULL), SK_E_DENIED);
		assert_int_equal(call(&parts[0], SK_HC_AUDIT_READ, 0,
				      ALPHA_RAM_GPA, ALPHA_RAM_SIZE, out), SK_OK);
		assert_int_equal(log[out[1] - 1u].partition, 2);
		assert_int_equal(log[out[1] - 1u].object, ids[i]);
		assert_int_equal(log[out[1] - 1u].reason, SK_AUDIT_NOT_ENDPOINT);
	}
	assert_int_equal(fake_vgic_calls(), 0);
	/* Its channel list is empty and names are not given out. */
	assert_int_equal((int64_t)call(&parts[2], SK_HC_CHANNEL_INFO, 0, 0, 0, NULL),
			 SK_E_INVALID_PARAMETER);
	assert_int_equal((int64_t)call(&parts[2], SK_HC_CHANNEL_NAME, RING_ID,
				       ALPHA_RAM_GPA, 16, NULL),
			 SK_E_INVALID_PARAMETER);
}

static void info_lists_the_callers_channels_in_order(void **state)
{
	uint64_t out[4];

	(void)state;
	create();
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_INFO, 0, 0, 0, out), SK_OK);
	assert_int_equal(SK_CHANNEL_INFO_ID(out[1]), RING_ID);
	assert_int_equal(SK_CHANNEL_INFO_RIGHTS(out[1]), RW_NOTIFY);
	assert_int_equal(SK_CHANNEL_INFO_DOORBELL(out[1]), ALPHA_BELL);
	assert_int_equal(SK_CHANNEL_INFO_PEER(out[1]), 1);
	assert_int_equal(SK_CHANNEL_INFO_INTERFACE(out[1]), SK_CHANNEL_IF_HYPERCALL);
	assert_int_equal(out[2], ALPHA_RING_GPA);
	assert_int_equal(out[3], RING_SIZE);
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_INFO, 1, 0, 0, out), SK_OK);
	assert_int_equal(SK_CHANNEL_INFO_ID(out[1]), STATUS_ID);
	assert_int_equal(SK_CHANNEL_INFO_RIGHTS(out[1]), SK_CHANNEL_READ);
	assert_int_equal((int64_t)call(&parts[0], SK_HC_CHANNEL_INFO, 2, 0, 0, NULL),
			 SK_E_INVALID_PARAMETER);
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_NAME, STATUS_ID,
			      ALPHA_RAM_GPA, 16, out), SK_OK);
	assert_int_equal(out[1], 6);
	assert_string_equal((const char *)alpha_ram, "status");
	/* A buffer outside the caller's memory is refused. */
	assert_int_equal((int64_t)call(&parts[0], SK_HC_CHANNEL_NAME, STATUS_ID,
				       ALPHA_RING_GPA, 16, NULL), SK_E_BAD_ADDRESS);
}

/* ---- the audit log ---- */

static void only_a_manager_reads_the_audit_log(void **state)
{
	uint64_t before;

	(void)state;
	create();
	before = parts[1].stats.denied;
	assert_int_equal((int64_t)call(&parts[1], SK_HC_AUDIT_READ, 0,
				       ALPHA_RAM_GPA, 64, NULL), SK_E_DENIED);
	assert_int_equal(parts[1].stats.denied, before + 1u);
}

static void the_audit_log_keeps_the_newest_and_counts_the_lost(void **state)
{
	struct sk_audit_entry *log = alpha_ram;
	uint64_t out[4], start;

	(void)state;
	create();
	/* From past the end: nothing, and the number of the next record. */
	assert_int_equal(call(&parts[0], SK_HC_AUDIT_READ, UINT64_MAX,
			      ALPHA_RAM_GPA, 0, out), SK_OK);
	assert_int_equal(out[1], 0);
	start = out[2];
	for (uint64_t i = 0; i < AUDIT_RING_SIZE + 10u; i++)
		(void)call(&parts[2], SK_HC_CHANNEL_NOTIFY, 1000u + i, 0, 0, NULL);
	/* From where we were: the first ten are gone. */
	assert_int_equal(call(&parts[0], SK_HC_AUDIT_READ, start, ALPHA_RAM_GPA,
			      ALPHA_RAM_SIZE, out), SK_OK);
	assert_int_equal(out[3], 10);
	assert_int_equal(out[1], AUDIT_RING_SIZE);
	assert_int_equal(out[2], start + AUDIT_RING_SIZE + 10u);
	assert_int_equal(log[0].seq, start + 10u);
	assert_int_equal(log[0].object, 1010u);
	assert_int_equal(log[AUDIT_RING_SIZE - 1u].object, 1000u + AUDIT_RING_SIZE + 9u);
	/* Asking past the end returns nothing and the same next number. */
	assert_int_equal(call(&parts[0], SK_HC_AUDIT_READ, out[2] + 5u,
			      ALPHA_RAM_GPA, ALPHA_RAM_SIZE, out), SK_OK);
	assert_int_equal(out[1], 0);
	assert_int_equal(out[3], 0);
	/* Capacity is respected. */
	assert_int_equal(call(&parts[0], SK_HC_AUDIT_READ, start + 20u,
			      ALPHA_RAM_GPA, 3 * sizeof(struct sk_audit_entry) + 5u,
			      out), SK_OK);
	assert_int_equal(out[1], 3);
	assert_int_equal(out[2], start + 23u);
}

/* ---- the virtual PCI device ---- */

static uint32_t ecam(struct partition *p, uint64_t off, uint32_t size)
{
	struct mmio_access a = { .size = size, .write = false };

	assert_true(vpci_ecam_mmio(&p->vcpus[0], &p->pci, off, &a));
	return (uint32_t)a.value;
}

static void ecam_write(struct partition *p, uint64_t off, uint32_t size,
		       uint32_t v)
{
	struct mmio_access a = { .size = size, .write = true, .value = v };

	assert_true(vpci_ecam_mmio(&p->vcpus[0], &p->pci, off, &a));
}

/* virtual-pci-ecam and virtual-pci-window move the host: the windows are
 * registered there and BAR0 reads back the moved register BAR. */
static void pci_windows_move_with_the_partition_configuration(void **state)
{
	(void)state;
	cfg.partitions[1].vpci_ecam = 0x70000000;
	cfg.partitions[1].vpci_window = (struct sk_cfg_range){ 0x60000000, 0x01000000 };
	create();
	assert_int_equal(parts[1].mmio_count, 2);
	assert_int_equal(parts[1].mmio[0].base, 0x70000000);
	assert_int_equal(parts[1].mmio[1].base, 0x60000000);
	assert_int_equal(ecam(&parts[1], 0x10, 4), 0x60000000);
}

static void pci_config_space_identifies_and_sizes(void **state)
{
	(void)state;
	create();
	assert_int_equal(ecam(&parts[1], 0, 4),
			 CHPCI_VENDOR_ID | (CHPCI_DEVICE_ID << 16));
	assert_int_equal(ecam(&parts[1], 2, 2), CHPCI_DEVICE_ID);
	assert_int_equal(ecam(&parts[1], 0x0b, 1), CHPCI_CLASS >> 16);
	assert_int_equal(ecam(&parts[1], 0x3d, 1), 1); /* INTA */
	/* Only device 0 function 0 exists. */
	assert_int_equal(ecam(&parts[1], ECAM_SLOT(1), 4), 0xffffffffu);
	assert_int_equal(ecam(&parts[1], 0x1000, 2), 0xffffu);
	/* BAR0: registers at their window; BAR2: the memory, prefetchable. */
	assert_int_equal(ecam(&parts[1], 0x10, 4), SK_GUEST_PCI_REGS_BASE);
	assert_int_equal(ecam(&parts[1], PCI_BAR2, 4), BETA_RING_GPA | 8u);
	ecam_write(&parts[1], PCI_BAR2, 4, 0xffffffffu);
	assert_int_equal(ecam(&parts[1], PCI_BAR2, 4), (uint32_t)~(RING_SIZE - 1u) | 8u);
	ecam_write(&parts[1], PCI_BAR2, 4, BETA_RING_GPA + 0x100000u);
	/* Moving it is ignored: the BAR stays where the memory is mapped. */
	assert_int_equal(ecam(&parts[1], PCI_BAR2, 4), BETA_RING_GPA | 8u);
	/* Absent BARs size to 0. */
	ecam_write(&parts[1], 0x14, 4, 0xffffffffu);
	assert_int_equal(ecam(&parts[1], 0x14, 4), 0);
	/* Wider than 32 bits or misaligned: an abort. */
	{
		struct mmio_access a = { .size = 8 };

		assert_false(vpci_ecam_mmio(&parts[1].vcpus[0], &parts[1].pci, 0, &a));
		a.size = 4;
		assert_false(vpci_ecam_mmio(&parts[1].vcpus[0], &parts[1].pci, 2, &a));
	}
}

/* What uio_pci_generic relies on: Interrupt Disable reads back, status
 * shows the pending INTx even while it is disabled. */
static void pci_intx_follows_command_and_status(void **state)
{
	(void)state;
	create();
	ecam_write(&parts[1], PCI_COMMAND, 2, PCI_CMD_INTX_OFF);
	assert_int_equal(ecam(&parts[1], PCI_COMMAND, 2), PCI_CMD_INTX_OFF);
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_NOTIFY, RING_ID, 0, 0, NULL),
			 SK_OK);
	assert_int_equal(fake_vgic_calls(), 0); /* disabled: no line */
	assert_int_equal(ecam(&parts[1], PCI_COMMAND + 2, 2), PCI_STATUS_INTX);
	ecam_write(&parts[1], PCI_COMMAND, 2, 0);
	assert_true(fake_vgic_last()->level);
	assert_int_equal(fake_vgic_last()->intid, BETA_BELL);
	ecam_write(&parts[1], PCI_COMMAND, 2, PCI_CMD_INTX_OFF);
	assert_false(fake_vgic_last()->level);
}

static uint32_t reg(struct partition *p, uint32_t off)
{
	struct mmio_access a = { .size = 4 };

	assert_true(vpci_regs_mmio(&p->vcpus[0], &p->pci, off, &a));
	return (uint32_t)a.value;
}

static void pci_registers_describe_and_ring(void **state)
{
	struct mmio_access a = { .size = 4, .write = true, .value = 0 };
	char name[17] = "";

	(void)state;
	create();
	assert_int_equal(reg(&parts[1], CHPCI_MAGIC), CHPCI_MAGIC_VALUE);
	assert_int_equal(reg(&parts[1], CHPCI_OWN_ID), 1);
	assert_int_equal(reg(&parts[1], CHPCI_PEER_ID), 0);
	assert_int_equal(reg(&parts[1], CHPCI_CHANNEL_ID), RING_ID);
	assert_int_equal(reg(&parts[1], CHPCI_RIGHTS), RW_NOTIFY);
	assert_int_equal(reg(&parts[1], CHPCI_SIZE), RING_SIZE);
	for (uint32_t i = 0; i < 4; i++) {
		uint32_t w = reg(&parts[1], CHPCI_NAME + 4u * i);

		memcpy(name + 4u * i, &w, 4);
	}
	assert_string_equal(name, "ring");
	/* The doorbell register rings alpha, like the hypercall. */
	assert_true(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci,
				   CHPCI_DOORBELL, &a));
	assert_ptr_equal(fake_vgic_last()->partition, &parts[0]);
	assert_int_equal(fake_vgic_last()->intid, ALPHA_BELL);
	/* Unknown offsets, other widths, and a second slot fault. */
	a.write = false;
	assert_false(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci, 0x1c, &a));
	assert_false(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci, 0x800, &a));
	assert_false(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci,
				    SK_GUEST_PCI_REG_BAR_SIZE, &a));
	a.size = 2;
	assert_false(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci, 0, &a));
	/* Masked: a doorbell sets the status but raises nothing. */
	a = (struct mmio_access){ .size = 4, .write = true, .value = 0 };
	assert_true(vpci_regs_mmio(&parts[1].vcpus[0], &parts[1].pci,
				   CHPCI_INT_MASK, &a));
	fake_vgic_reset();
	assert_int_equal(call(&parts[0], SK_HC_CHANNEL_NOTIFY, RING_ID, 0, 0, NULL),
			 SK_OK);
	assert_int_equal(fake_vgic_calls(), 0);
	assert_int_equal(reg(&parts[1], CHPCI_INT_STATUS), CHPCI_INT_DOORBELL);
	/* A restart brings the reset state back: unmasked, nothing pending. */
	vpci_reset(&parts[1].pci);
	assert_int_equal(reg(&parts[1], CHPCI_INT_STATUS), 0);
	assert_int_equal(reg(&parts[1], CHPCI_INT_MASK), CHPCI_INT_DOORBELL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(maps_each_endpoint_with_its_rights, setup),
		cmocka_unit_test_setup(pci_windows_exist_only_with_a_pci_endpoint_or_a_manager, setup),
		cmocka_unit_test_setup(pci_windows_move_with_the_partition_configuration, setup),
		cmocka_unit_test_setup(notify_rings_a_hypercall_peer_with_an_edge, setup),
		cmocka_unit_test_setup(notify_raises_a_pci_peer_intx_until_cleared, setup),
		cmocka_unit_test_setup(doorbells_rung_and_not_taken_are_counted, setup),
		cmocka_unit_test_setup(notify_without_the_right_is_denied_and_audited, setup),
		cmocka_unit_test_setup(a_stranger_cannot_notify_or_see_a_channel, setup),
		cmocka_unit_test_setup(info_lists_the_callers_channels_in_order, setup),
		cmocka_unit_test_setup(only_a_manager_reads_the_audit_log, setup),
		cmocka_unit_test_setup(the_audit_log_keeps_the_newest_and_counts_the_lost, setup),
		cmocka_unit_test_setup(pci_config_space_identifies_and_sizes, setup),
		cmocka_unit_test_setup(pci_intx_follows_command_and_status, setup),
		cmocka_unit_test_setup(pci_registers_describe_and_ring, setup),
	};

	pool.pages = aligned_alloc(PT_PAGE_SIZE, (size_t)POOL_PAGES * PT_PAGE_SIZE);
	ring_mem = aligned_alloc(RING_SIZE, RING_SIZE);
	status_mem = aligned_alloc(STATUS_SIZE, STATUS_SIZE);
	alpha_ram = aligned_alloc(4096, ALPHA_RAM_SIZE);
	pool.count = POOL_PAGES;
	if (pool.pages == NULL || ring_mem == NULL || status_mem == NULL ||
	    alpha_ram == NULL)
		return 1;
	fake_counter_set_freq(62500000u);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
