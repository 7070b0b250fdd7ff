/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the virtual PCI host (hypervisor/core/vpci.c): its two trapped
 * MMIO windows, ECAM configuration space and the devices' register BARs,
 * as partition beta of fuzz_system.h sees them (device 0: channel "ring",
 * read/write/notify; device 1: channel "log", read only, no notify).
 *
 * Input: one fill byte, then operations of an op byte (which window or
 * event, read/write, width 1/2/4/8), an offset and a value, until the
 * input ends. Events besides accesses: the peer rings a device's
 * doorbell, the partition restarts (vpci_reset).
 *
 * The harness keeps its own model of every guest-visible register,
 * written from include/shikiri/channel_pci.h, docs/channels.md and the
 * PCI Local Bus specification 3.0 (6.1, 6.2), and checks after every
 * operation:
 *  - a read returns the model's value: identification, class, command and
 *    status, BARs, interrupt line/pin, the register BAR; all ones for
 *    absent devices and functions, 0 for unimplemented configuration
 *    registers;
 *  - BAR sizing: after all ones is written, the BAR reads back the size
 *    mask with its flags; the size it encodes is the BAR's size (4 KiB for
 *    the registers, the channel's size for the memory), and the address
 *    read otherwise is aligned to it; any other write leaves the address;
 *  - an access that is misaligned, of a width the window does not take,
 *    or to an unknown register offset of the register BAR is refused (an
 *    external abort) and changes nothing;
 *  - nothing but the device's own guest-visible state (and the host's
 *    lock) changes: not the other device, not another partition, no guest
 *    or channel memory; a doorbell write rings exactly the peer the
 *    channel names, or is refused, counted and audited (one record) when
 *    the device lacks the notify right;
 *  - INTx follows doorbell status, mask and Interrupt Disable, and every
 *    change of the line reaches the vGIC once, on the device's doorbell.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/vpci.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "fuzz_system.h"
#include "shikiri/channel_pci.h"
#include "shikiri/hypercall.h"
#include "stubs/fake_vgic.h"

/* Type 0 configuration header (PCI Local Bus 3.0, 6.1 and 6.2). */
#define PCI_ID            0x00u
#define PCI_COMMAND       0x04u
#define PCI_CLASS_REV     0x08u
#define PCI_BAR0          0x10u
#define PCI_BAR2          0x18u
#define PCI_SUBSYSTEM     0x2cu
#define PCI_INTERRUPT     0x3cu
#define PCI_CMD_MEMORY    (1u << 1)
#define PCI_CMD_MASTER    (1u << 2)
#define PCI_CMD_INTX_OFF  (1u << 10)
#define PCI_STATUS_INTX   (1u << 19) /* bit 3 of the status half */
#define PCI_BAR_PREFETCH  (1u << 3)
#define PCI_BAR_FLAGS     0xfu       /* memory BAR: type and prefetch bits */
#define PCI_PIN_INTA      1u
#define PCI_CFG_SPACE     0x1000u
#define ECAM_SLOT_SHIFT   15u
#define ECAM_FN_SHIFT     12u

#define FV_DEVICES 2u
#define FV_MAX_OPS 128u
/* fv_check_state: which device an operation may change. */
#define FV_NONE (-1)
#define FV_ALL (-2)

/* What the guest can see of one device. */
struct fv_model {
	uint16_t command;
	uint8_t int_line;
	bool sizing0, sizing2;
	uint32_t int_status;
	uint32_t int_mask;
	bool line;
};

static struct fv_model model[FV_DEVICES];
/* The audit log's next sequence number before the operation. */
static uint64_t fv_audit_was;
static struct fs_state before;
static struct partition scratch;

/* Device slot's channel, as the configuration declares it (beta's pci
 * endpoints in /channels order). */
static const uint32_t fv_channel[FV_DEVICES] = { 0, 2 };

static struct partition *fv_beta(void)
{
	return &fs_part[FS_BETA];
}

static const struct sk_cfg_endpoint *fv_endpoint(uint32_t slot)
{
	uint32_t e = 0;

	FUZZ_ASSERT(fs_endpoint(fv_channel[slot], FS_BETA, &e));
	return &fs_cfg.channels[fv_channel[slot]].endpoints[e];
}

static void fv_model_reset(void)
{
	for (uint32_t i = 0; i < FV_DEVICES; i++)
		model[i] = (struct fv_model){ .int_mask = CHPCI_INT_DOORBELL };
}

static bool fv_model_line(const struct fv_model *m)
{
	return (m->int_status & m->int_mask) != 0u &&
	       (m->command & PCI_CMD_INTX_OFF) == 0u;
}

/* ---- configuration space, as the model says ---- */

static uint32_t fv_bar0(uint32_t slot)
{
	return model[slot].sizing0 ? (uint32_t)~(CHPCI_BAR0_SIZE - 1u)
		: (uint32_t)(SK_GUEST_PCI_REGS_BASE + slot * CHPCI_BAR0_SIZE);
}

static uint32_t fv_bar2(uint32_t slot)
{
	const struct sk_cfg_endpoint *ep = fv_endpoint(slot);
	uint64_t size = fs_cfg.channels[fv_channel[slot]].size;

	return (model[slot].sizing2 ? (uint32_t)~(size - 1u) : (uint32_t)ep->guest) |
	       PCI_BAR_PREFETCH;
}

static uint32_t fv_cfg_dword(uint32_t slot, uint32_t reg)
{
	const struct fv_model *m = &model[slot];

	switch (reg) {
	case PCI_ID:
	case PCI_SUBSYSTEM:
		return CHPCI_VENDOR_ID | (CHPCI_DEVICE_ID << 16);
	case PCI_COMMAND:
		return m->command |
		       ((m->int_status & m->int_mask) != 0u ? PCI_STATUS_INTX : 0u);
	case PCI_CLASS_REV:
		return (CHPCI_CLASS << 8) | 1u;
	case PCI_BAR0: return fv_bar0(slot);
	case PCI_BAR2: return fv_bar2(slot);
	case PCI_INTERRUPT:
		return m->int_line | (PCI_PIN_INTA << 8);
	default:
		return 0;
	}
}

static uint64_t fv_width_mask(uint32_t size)
{
	return size >= 8u ? ~0ull : (1ull << (size * 8u)) - 1u;
}

/* A write of the bytes [byte, byte + size) of dword reg. */
static void fv_cfg_write(uint32_t slot, uint32_t reg, uint32_t byte,
			 uint32_t size, uint32_t val)
{
	struct fv_model *m = &model[slot];
	uint32_t mask = (uint32_t)fv_width_mask(size) << (byte * 8u);
	uint32_t v = (fv_cfg_dword(slot, reg) & ~mask) | ((val << (byte * 8u)) & mask);

	switch (reg) {
	case PCI_COMMAND:
		if ((mask & 0xffffu) != 0u)
			m->command = (uint16_t)(v & (PCI_CMD_MEMORY | PCI_CMD_MASTER |
						     PCI_CMD_INTX_OFF));
		break;
	case PCI_BAR0:
	case PCI_BAR2: {
		/* Fixed BARs: all ones (a whole dword, PCI 3.0 6.2.5.1) sizes,
		 * anything else leaves the address. */
		bool sizing = size == 4u && val == 0xffffffffu;

		if (reg == PCI_BAR0)
			m->sizing0 = sizing;
		else
			m->sizing2 = sizing;
		break;
	}
	case PCI_INTERRUPT:
		if ((mask & 0xffu) != 0u)
			m->int_line = (uint8_t)v;
		break;
	default:
		break;
	}
}

/* BAR sizing decodes to the BAR's size, and its address is aligned. */
static void fv_check_bar(uint32_t addr, uint32_t sized, uint64_t size,
			 uint32_t flags)
{
	uint32_t mask = sized & ~PCI_BAR_FLAGS;

	FUZZ_ASSERT((sized & PCI_BAR_FLAGS) == flags && (addr & PCI_BAR_FLAGS) == flags);
	FUZZ_ASSERT(mask != 0u && (uint64_t)(~mask + 1u) == size);
	FUZZ_ASSERT(((addr & ~PCI_BAR_FLAGS) & ~mask) == 0u);
}

/* ---- the register BAR, as the model says ---- */

static bool fv_reg_read(uint32_t slot, uint32_t reg, uint32_t *value)
{
	const struct sk_cfg_endpoint *ep = fv_endpoint(slot);
	const struct sk_cfg_channel *ch = &fs_cfg.channels[fv_channel[slot]];
	uint32_t peer = 0;

	for (uint32_t p = 0; p < FS_PARTITIONS; p++) {
		uint32_t e;

		if (p != FS_BETA && fs_endpoint(fv_channel[slot], p, &e))
			peer = p;
	}
	switch (reg) {
	case CHPCI_MAGIC: *value = CHPCI_MAGIC_VALUE; return true;
	case CHPCI_VERSION: *value = 1; return true;
	case CHPCI_OWN_ID: *value = FS_BETA; return true;
	case CHPCI_PEER_ID: *value = peer; return true;
	case CHPCI_CHANNEL_ID: *value = fv_channel[slot]; return true;
	case CHPCI_RIGHTS: *value = ep->rights; return true;
	case CHPCI_SIZE: *value = (uint32_t)ch->size; return true;
	case CHPCI_DOORBELL: *value = 0; return true; /* write only */
	case CHPCI_INT_STATUS: *value = model[slot].int_status; return true;
	case CHPCI_INT_MASK: *value = model[slot].int_mask; return true;
	default:
		if (reg >= CHPCI_NAME && reg < CHPCI_NAME + 16u) {
			char name[20] = "";

			snprintf(name, sizeof(name), "%s", ch->name);
			memcpy(value, &name[reg - CHPCI_NAME], 4);
			return true;
		}
		return false;
	}
}

/* ---- operations ---- */


/* A value: all ones (sizing) or zero often, else bytes of the input. */
static uint64_t fv_value(struct fuzz_input *in)
{
	uint8_t k = (uint8_t)fuzz_take(in, 1);

	switch (k & 3u) {
	case 0: return ~0ull;
	case 1: return k >> 2;
	case 2: return fuzz_take(in, 4);
	default: return fuzz_take(in, 8);
	}
}

enum fv_expect {
	FV_NOTHING,     /* no doorbell */
	FV_RANG,        /* the device's peer was rung */
	FV_REFUSED,     /* a doorbell without the right: audited */
};

/* Everything but what an operation on device slot (FV_NONE, FV_ALL) may
 * change is as it was; the devices' state is the model's; the vGIC heard
 * of every change of a line. */
static void fv_check_state(int slot, enum fv_expect bell, const bool line_was[FV_DEVICES])
{
	struct partition *beta = fv_beta();
	const struct partition *was = &before.part[FS_BETA];
	size_t level_calls = 0, edge_calls = 0;

	scratch = *beta;
	for (uint32_t i = 0; i < FV_DEVICES; i++) {
		const struct vpci_dev *d = &beta->pci.dev[i];
		const struct fv_model *m = &model[i];

		FUZZ_ASSERT(d->command == m->command && d->int_line == m->int_line);
		FUZZ_ASSERT(d->int_status == m->int_status && d->int_mask == m->int_mask);
		FUZZ_ASSERT(d->line == fv_model_line(m));
		FUZZ_ASSERT(((d->sizing & 1u) != 0u) == m->sizing0 &&
			    ((d->sizing & 4u) != 0u) == m->sizing2 &&
			    (d->sizing & ~5u) == 0u);
		/* Only the device operated on changes. */
		if ((int)i != slot && slot != FV_ALL)
			FUZZ_ASSERT(memcmp(d, &was->pci.dev[i], sizeof(*d)) == 0);
		scratch.pci.dev[i].command = was->pci.dev[i].command;
		scratch.pci.dev[i].int_line = was->pci.dev[i].int_line;
		scratch.pci.dev[i].sizing = was->pci.dev[i].sizing;
		scratch.pci.dev[i].int_status = was->pci.dev[i].int_status;
		scratch.pci.dev[i].int_mask = was->pci.dev[i].int_mask;
		scratch.pci.dev[i].line = was->pci.dev[i].line;
		if (d->line != line_was[i])
			level_calls++;
	}
	scratch.pci.lock = was->pci.lock;
	if (bell == FV_REFUSED) {
		FUZZ_ASSERT(beta->stats.denied == was->stats.denied + 1u);
		scratch.stats.denied = was->stats.denied;
		scratch.log_lock = was->log_lock;
		scratch.log_budget = was->log_budget;
	}
	FUZZ_ASSERT(memcmp(&scratch, was, sizeof(scratch)) == 0);
	for (uint32_t q = 0; q < FS_PARTITIONS; q++) {
		if (q != FS_BETA)
			FUZZ_ASSERT(memcmp(&fs_part[q], &before.part[q], sizeof(fs_part[q])) == 0);
	}
	FUZZ_ASSERT(memcmp(fs_ram, before.ram, sizeof(fs_ram)) == 0);
	FUZZ_ASSERT(memcmp(&fs_ro, &before.ro, sizeof(fs_ro)) == 0);
	FUZZ_ASSERT(memcmp(fs_chan, before.chan, sizeof(fs_chan)) == 0);
	FUZZ_ASSERT(fs_guards_intact());
	/* The vGIC: each line change once, on beta's doorbell for it; a ring
	 * of a hypercall peer as one edge on the peer's doorbell. */
	for (size_t i = 0; i < fake_vgic_calls() && i < FAKE_VGIC_CALLS_MAX; i++) {
		const struct fake_vgic_call *c = fake_vgic_call(i);

		if (c->edge) {
			const struct sk_cfg_channel *ch =
				&fs_cfg.channels[fv_channel[slot]];
			uint32_t e = 0;

			FUZZ_ASSERT(bell == FV_RANG && slot >= 0);
			/* The peer of "ring" is alpha, a hypercall endpoint. */
			FUZZ_ASSERT(fs_endpoint(fv_channel[slot], FS_BETA, &e));
			FUZZ_ASSERT(c->partition == &fs_part[FS_ALPHA] &&
				    strcmp(ch->endpoints[1u - e].partition, "alpha") == 0);
			FUZZ_ASSERT(c->intid == ch->endpoints[1u - e].doorbell);
			edge_calls++;
			continue;
		}
		/* A level: the new state of a line that changed. */
		FUZZ_ASSERT(c->partition == beta);
		for (uint32_t d = 0; d < FV_DEVICES; d++) {
			if (c->intid == fv_endpoint(d)->doorbell) {
				FUZZ_ASSERT(beta->pci.dev[d].line != line_was[d]);
				FUZZ_ASSERT(c->level == beta->pci.dev[d].line);
			}
		}
		FUZZ_ASSERT(c->intid == fv_endpoint(0)->doorbell ||
			    c->intid == fv_endpoint(1)->doorbell);
	}
	FUZZ_ASSERT(fake_vgic_calls() == level_calls + edge_calls);
	FUZZ_ASSERT(edge_calls == (bell == FV_RANG ? 1u : 0u));
	/* A refused doorbell is audited like a refused notify, once. */
	FUZZ_ASSERT(fs_audit_next() == fv_audit_was + (bell == FV_REFUSED ? 1u : 0u));
	if (bell == FV_REFUSED) {
		struct sk_audit_entry a;

		FUZZ_ASSERT(fs_audit_get(fv_audit_was, &a));
		FUZZ_ASSERT(a.partition == FS_BETA && a.op == SK_AUDIT_OP_NOTIFY);
		FUZZ_ASSERT(a.object == fv_channel[slot] && a.reason == SK_AUDIT_NO_RIGHT);
	}
}

/* An ECAM access: offset biased to devices 0..3, function 0 and the
 * header's registers. */
static void fv_ecam(struct fuzz_input *in, bool write, uint32_t size,
		    bool line_was[FV_DEVICES])
{
	uint8_t where = (uint8_t)fuzz_take(in, 1);
	uint16_t at = (uint16_t)fuzz_take(in, 2);
	uint32_t slot = (where & 0x80u) != 0u ? where & 0x1fu : where & 3u;
	uint32_t fn = (where & 0x40u) != 0u ? (where >> 2) & 7u : 0u;
	uint32_t reg = (at & 0x8000u) != 0u ? at & (PCI_CFG_SPACE - 1u) : at & 0x3fu;
	uint64_t offset = (uint64_t)slot << ECAM_SLOT_SHIFT |
			  (uint64_t)fn << ECAM_FN_SHIFT | reg;
	struct mmio_access a = {
		.addr = SK_GUEST_PCI_ECAM_BASE + offset, .size = size,
		.write = write, .value = write ? fv_value(in) : 0x5a5a5a5a5a5a5a5aull,
	};
	uint64_t value = a.value;
	bool ok = vpci_ecam_mmio(&fv_beta()->vcpus[0], &fv_beta()->pci, offset, &a);
	bool exists = fn == 0u && slot < FV_DEVICES;

	/* Configuration space takes 1, 2 and 4 bytes, naturally aligned. */
	if (size > 4u || (reg & (size - 1u)) != 0u) {
		FUZZ_ASSERT(!ok && a.value == value);
		fv_check_state(FV_NONE, FV_NOTHING, line_was);
		return;
	}
	FUZZ_ASSERT(ok);
	if (!write) {
		uint64_t want = exists ? (fv_cfg_dword(slot, reg & ~3u) >> ((reg & 3u) * 8u)) &
					 fv_width_mask(size)
				       : fv_width_mask(size); /* master abort */

		FUZZ_ASSERT(a.value == want);
	} else if (exists) {
		fv_cfg_write(slot, reg & ~3u, reg & 3u, size, (uint32_t)value);
	}
	fv_check_state(exists ? (int)slot : FV_NONE, FV_NOTHING, line_was);
}

/* The register BAR: 32-bit accesses to the known registers only. */
static void fv_regs(struct fuzz_input *in, bool write, uint32_t size,
		    bool line_was[FV_DEVICES])
{
	uint8_t where = (uint8_t)fuzz_take(in, 1);
	uint16_t at = (uint16_t)fuzz_take(in, 2);
	uint32_t slot = where % FV_DEVICES;
	uint32_t reg = (at & 0x8000u) != 0u ? at & (CHPCI_BAR0_SIZE - 1u) : at & 0x7fu;
	uint64_t offset = (uint64_t)slot * CHPCI_BAR0_SIZE + reg;
	struct mmio_access a = {
		.addr = SK_GUEST_PCI_REGS_BASE + offset, .size = size,
		.write = write, .value = write ? fv_value(in) : 0x5a5a5a5a5a5a5a5aull,
	};
	uint64_t value = a.value;
	bool ok = vpci_regs_mmio(&fv_beta()->vcpus[0], &fv_beta()->pci, offset, &a);
	uint32_t want = 0;
	bool known = fv_reg_read(slot, reg, &want);
	enum fv_expect bell = FV_NOTHING;

	if (size != 4u || (reg & 3u) != 0u || !known) {
		FUZZ_ASSERT(!ok && a.value == value);
		fv_check_state(FV_NONE, FV_NOTHING, line_was);
		return;
	}
	FUZZ_ASSERT(ok);
	if (!write) {
		FUZZ_ASSERT(a.value == want);
	} else if (reg == CHPCI_DOORBELL) {
		bell = (fv_endpoint(slot)->rights & SK_RIGHT_NOTIFY) != 0u ? FV_RANG
									  : FV_REFUSED;
	} else if (reg == CHPCI_INT_STATUS) {
		model[slot].int_status &= ~((uint32_t)value & CHPCI_INT_DOORBELL);
	} else if (reg == CHPCI_INT_MASK) {
		model[slot].int_mask = (uint32_t)value & CHPCI_INT_DOORBELL;
	}
	fv_check_state((int)slot, bell, line_was);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };

	fs_build((uint8_t)fuzz_take(&in, 1));
	fv_model_reset();
	FUZZ_ASSERT(fv_beta()->pci.count == FV_DEVICES);
	/* The BARs as the guest finds them, sized as the protocol says. */
	for (uint32_t i = 0; i < FV_DEVICES; i++) {
		uint32_t s0, s2;

		model[i].sizing0 = model[i].sizing2 = true;
		s0 = fv_bar0(i);
		s2 = fv_bar2(i);
		model[i].sizing0 = model[i].sizing2 = false;
		fv_check_bar(fv_bar0(i), s0, CHPCI_BAR0_SIZE, 0);
		fv_check_bar(fv_bar2(i), s2, fs_cfg.channels[fv_channel[i]].size,
			     PCI_BAR_PREFETCH);
	}
	for (uint32_t n = 0; n < FV_MAX_OPS && in.left > 0; n++) {
		uint8_t op = (uint8_t)fuzz_take(&in, 1);
		bool write = (op & 4u) != 0u;
		uint32_t width = 1u << ((op >> 3) & 3u);
		bool line_was[FV_DEVICES];

		for (uint32_t i = 0; i < FV_DEVICES; i++)
			line_was[i] = fv_beta()->pci.dev[i].line;
		fake_vgic_reset();
		fv_audit_was = fs_audit_next();
		fs_snapshot(&before);
		switch (op & 3u) {
		case 0:
			fv_ecam(&in, write, width, line_was);
			break;
		case 1:
			fv_regs(&in, write, width, line_was);
			break;
		case 2: { /* the peer rings device (op >> 2) & 1 */
			uint32_t slot = (op >> 2) & 1u;
			struct partition *peer =
				&fs_part[slot == 0u ? FS_ALPHA : FS_GAMMA];

			FUZZ_ASSERT(channel_notify(peer, fv_channel[slot]) == SK_OK);
			model[slot].int_status |= CHPCI_INT_DOORBELL;
			fv_check_state((int)slot, FV_NOTHING, line_was);
			break;
		}
		default: /* the partition restarts */
			vpci_reset(&fv_beta()->pci);
			fv_model_reset();
			fv_check_state(FV_ALL, FV_NOTHING, line_was);
			break;
		}
	}
	return 0;
}
