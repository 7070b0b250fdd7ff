/* SPDX-License-Identifier: MIT */
#define SK_HYPERVISOR 1
#include "core/vpci.h"

#include "arch/vgic.h"
#include "core/channel.h"
#include "core/manage_pci.h"
#include "core/partition.h"
#include "core/vpci_map.h"
#include "lib/string.h"
#include "shikiri/channel_pci.h"
#include "shikiri/hypercall.h"
#include "shikiri/manage_pci.h"

/* Type 0 configuration header offsets and bits (PCI Local Bus 3.0, 6.1-6.2). */
#define PCI_ID            0x00u
#define PCI_COMMAND       0x04u /* command (low half), status (high half) */
#define PCI_CLASS_REV     0x08u
#define PCI_HEADER        0x0cu
#define PCI_BAR0          0x10u
#define PCI_BAR2          0x18u
#define PCI_SUBSYSTEM     0x2cu
#define PCI_INTERRUPT     0x3cu /* line (byte 0), pin (byte 1) */
#define PCI_CMD_MEMORY    (1u << 1)
#define PCI_CMD_MASTER    (1u << 2)
#define PCI_CMD_INTX_OFF  (1u << 10)
#define PCI_CMD_WRITABLE  (PCI_CMD_MEMORY | PCI_CMD_MASTER | PCI_CMD_INTX_OFF)
#define PCI_STATUS_INTX   (1u << 3)  /* the function asserts INTx */
#define PCI_BAR_PREFETCH  (1u << 3)
#define PCI_PIN_INTA      1u
#define PCI_REVISION      1u
#define PCI_CFG_SPACE     0x1000u    /* ECAM: 4 KiB per function */
#define ECAM_DEV_SHIFT    15u
#define ECAM_FN_SHIFT     12u
#define ECAM_DEV_MASK     0x1fu
#define ECAM_FN_MASK      0x7u
#define BAR_SIZING(n)     (1u << (n))
#define CHPCI_VERSION_1   1u

static uint64_t vpci_regs_base(const struct vpci_host *h,
			       const struct vpci_dev *d)
{
	return h->regs + (uint64_t)(d - h->dev) * SK_GUEST_PCI_REG_BAR_SIZE;
}

static struct vpci_dev *vpci_add_device(struct vpci_host *h,
					struct partition *p, uint32_t max)
{
	struct vpci_dev *d;

	if (h->count >= max)
		return NULL;
	h->partition = p;
	h->ecam = vpci_map_ecam(p->cfg);
	h->regs = vpci_map_regs(p->cfg);
	d = &h->dev[h->count++];
	d->int_mask = CHPCI_INT_DOORBELL;
	return d;
}

struct vpci_dev *vpci_add(struct vpci_host *h, struct partition *p)
{
	return vpci_add_device(h, p, SK_MAX_CHANNELS);
}

void vpci_register(struct vpci_host *h, struct partition *p)
{
	if (p->cfg->manager != 0u) {
		struct vpci_dev *d = vpci_add_device(h, p, VPCI_MAX_DEVICES);

		if (d != NULL) {
			d->manager = true;
			d->int_mask = 0; /* it has no interrupt */
		}
	}
	if (h->count == 0)
		return;
	partition_register_mmio(h->partition, h->ecam,
				SK_GUEST_PCI_ECAM_SIZE, vpci_ecam_mmio, h, "PCI ECAM");
	partition_register_mmio(h->partition, h->regs,
				(uint64_t)h->count * SK_GUEST_PCI_REG_BAR_SIZE,
				vpci_regs_mmio, h, "channel registers");
}

/* INTx follows the doorbell status, its mask and the command register's
 * Interrupt Disable. Caller holds h->lock. */
static void vpci_update_line(struct vpci_host *h, struct vpci_dev *d)
{
	bool line = (d->int_status & d->int_mask) != 0u &&
		    (d->command & PCI_CMD_INTX_OFF) == 0u;

	if (line == d->line)
		return;
	d->line = line;
	vgic_set_level(h->partition, intid_of(d->doorbell), line);
}

void vpci_doorbell(struct vpci_host *h, struct vpci_dev *d)
{
	spin_lock(&h->lock);
	d->int_status |= CHPCI_INT_DOORBELL;
	vpci_update_line(h, d);
	spin_unlock(&h->lock);
}

bool vpci_doorbell_pending(struct vpci_host *h, const struct vpci_dev *d)
{
	bool pending;

	spin_lock(&h->lock);
	pending = (d->int_status & CHPCI_INT_DOORBELL) != 0u;
	spin_unlock(&h->lock);
	return pending;
}

void vpci_reset(struct vpci_host *h)
{
	spin_lock(&h->lock);
	for (uint32_t i = 0; i < h->count && i < VPCI_MAX_DEVICES; i++) {
		struct vpci_dev *d = &h->dev[i];

		d->command = 0;
		d->int_line = 0;
		d->sizing = 0;
		d->int_status = 0;
		d->int_mask = d->manager ? 0u : CHPCI_INT_DOORBELL;
		vpci_update_line(h, d);
	}
	spin_unlock(&h->lock);
	if (h->partition != NULL)
		manage_pci_reset(h->partition);
}

/* ---- configuration space ---- */

static bool vpci_asserted(const struct vpci_dev *d)
{
	return (d->int_status & d->int_mask) != 0u;
}

static uint32_t vpci_bar_read(const struct vpci_dev *d, uint32_t n,
			      uint64_t base, uint64_t size, uint32_t flags)
{
	if ((d->sizing & BAR_SIZING(n)) != 0u)
		return (uint32_t)~(size - 1u) | flags;
	return (uint32_t)base | flags;
}

/* The management function's header: its ids, BAR0, nothing else. */
static uint32_t vpci_manager_cfg_read(const struct vpci_host *h,
				      const struct vpci_dev *d, uint32_t reg)
{
	switch (reg) {
	case PCI_ID:
	case PCI_SUBSYSTEM:
		return MGPCI_VENDOR_ID | (MGPCI_DEVICE_ID << 16);
	case PCI_COMMAND:
		return d->command;
	case PCI_CLASS_REV:
		return (MGPCI_CLASS << 8) | PCI_REVISION;
	case PCI_BAR0:
		return vpci_bar_read(d, 0, vpci_regs_base(h, d), MGPCI_BAR0_SIZE, 0);
	case PCI_INTERRUPT:
		return d->int_line; /* pin 0: no interrupt */
	default:
		return 0;
	}
}

static uint32_t vpci_cfg_read(const struct vpci_host *h,
			      const struct vpci_dev *d, uint32_t reg)
{
	const uint32_t ids = CHPCI_VENDOR_ID | (CHPCI_DEVICE_ID << 16);

	if (d->manager)
		return vpci_manager_cfg_read(h, d, reg);
	switch (reg) {
	case PCI_ID:
	case PCI_SUBSYSTEM:
		return ids;
	case PCI_COMMAND:
		return d->command |
		       (vpci_asserted(d) ? PCI_STATUS_INTX << 16 : 0u);
	case PCI_CLASS_REV:
		return (CHPCI_CLASS << 8) | PCI_REVISION;
	case PCI_BAR0:
		return vpci_bar_read(d, 0, vpci_regs_base(h, d),
				     SK_GUEST_PCI_REG_BAR_SIZE, 0);
	case PCI_BAR2:
		return vpci_bar_read(d, 2, d->bar2, d->size, PCI_BAR_PREFETCH);
	case PCI_INTERRUPT:
		return d->int_line | (PCI_PIN_INTA << 8);
	default:
		return 0; /* header type 0, no capabilities, other BARs absent */
	}
}

/* A write of `val` to the bytes of `reg` that `mask` selects. */
static void vpci_cfg_write(struct vpci_host *h, struct vpci_dev *d,
			   uint32_t reg, uint32_t val, uint32_t mask)
{
	uint32_t v = (vpci_cfg_read(h, d, reg) & ~mask) | (val & mask);

	switch (reg) {
	case PCI_COMMAND:
		if ((mask & 0xffffu) != 0u)
			d->command = (uint16_t)(v & PCI_CMD_WRITABLE);
		vpci_update_line(h, d);
		break;
	case PCI_BAR0:
	case PCI_BAR2: {
		/* Sizing: all ones written, the size mask read back; any
		 * other value restores the (fixed) address. */
		uint8_t bit = (uint8_t)BAR_SIZING((reg - PCI_BAR0) / 4u);

		if (reg == PCI_BAR2 && d->manager)
			break; /* the management function has no BAR2 */
		if ((val & mask) == mask && mask == 0xffffffffu)
			d->sizing |= bit;
		else
			d->sizing &= (uint8_t)~bit;
		break;
	}
	case PCI_INTERRUPT:
		d->int_line = (uint8_t)v;
		break;
	default:
		break; /* read-only or absent */
	}
}

static uint32_t vpci_width_mask(uint32_t size)
{
	return size >= 4u ? 0xffffffffu : (1u << (size * 8u)) - 1u;
}

bool vpci_ecam_mmio(struct vcpu *v, void *dev, uint64_t offset,
		    struct mmio_access *a)
{
	struct vpci_host *h = dev;
	uint32_t slot = (uint32_t)(offset >> ECAM_DEV_SHIFT) & ECAM_DEV_MASK;
	uint32_t fn = (uint32_t)(offset >> ECAM_FN_SHIFT) & ECAM_FN_MASK;
	uint32_t byte = (uint32_t)(offset & 3u);
	uint32_t reg = (uint32_t)(offset & (PCI_CFG_SPACE - 1u)) & ~3u;
	uint32_t shift = byte * 8u;
	struct vpci_dev *d;

	(void)v;
	if (a->size > 4u || (offset & (a->size - 1u)) != 0u)
		return false;
	/* Only function 0 of devices 0..count-1 exists: the rest reads as
	 * all ones, as an absent device does (master abort). */
	if (fn != 0u || slot >= h->count) {
		if (!a->write)
			a->value = vpci_width_mask(a->size);
		return true;
	}
	d = &h->dev[slot];
	spin_lock(&h->lock);
	if (a->write)
		vpci_cfg_write(h, d, reg, (uint32_t)a->value << shift,
			       vpci_width_mask(a->size) << shift);
	else
		a->value = (vpci_cfg_read(h, d, reg) >> shift) &
			   vpci_width_mask(a->size);
	spin_unlock(&h->lock);
	return true;
}

/* ---- the register BAR ---- */

static uint32_t vpci_name_word(const struct vpci_dev *d, uint32_t at)
{
	uint32_t w = 0;

	for (uint32_t i = 0; i < 4u && at + i < SK_NAME_MAX; i++) {
		uint32_t ch = (uint8_t)d->name[at + i];

		if (sk_strnlen(d->name, SK_NAME_MAX) <= at + i)
			ch = 0;
		w |= ch << (8u * i);
	}
	return w;
}

static bool vpci_reg_read(const struct vpci_dev *d, uint32_t reg,
			  uint64_t *value)
{
	switch (reg) {
	case CHPCI_MAGIC: *value = CHPCI_MAGIC_VALUE; return true;
	case CHPCI_VERSION: *value = CHPCI_VERSION_1; return true;
	case CHPCI_OWN_ID: *value = d->own_id; return true;
	case CHPCI_PEER_ID: *value = d->peer_id; return true;
	case CHPCI_CHANNEL_ID: *value = d->channel_id; return true;
	case CHPCI_RIGHTS: *value = d->rights; return true;
	case CHPCI_SIZE: *value = (uint32_t)d->size; return true;
	case CHPCI_DOORBELL: *value = 0; return true;
	case CHPCI_INT_STATUS: *value = d->int_status; return true;
	case CHPCI_INT_MASK: *value = d->int_mask; return true;
	default:
		if (reg >= CHPCI_NAME && reg < CHPCI_NAME + SK_NAME_MAX) {
			*value = vpci_name_word(d, reg - CHPCI_NAME);
			return true;
		}
		return false;
	}
}

bool vpci_regs_mmio(struct vcpu *v, void *dev, uint64_t offset,
		    struct mmio_access *a)
{
	struct vpci_host *h = dev;
	uint64_t slot = offset / SK_GUEST_PCI_REG_BAR_SIZE;
	uint32_t reg = (uint32_t)(offset % SK_GUEST_PCI_REG_BAR_SIZE);
	struct vpci_dev *d;
	bool ok = true;

	if (slot >= h->count || a->size != 4u || (reg & 3u) != 0u)
		return false;
	d = &h->dev[slot];
	/* Its own lock: a command may stop or restart a partition. */
	if (d->manager)
		return manage_pci_mmio(v, reg, a);
	if (!a->write) {
		spin_lock(&h->lock);
		ok = vpci_reg_read(d, reg, &a->value);
		spin_unlock(&h->lock);
		return ok;
	}
	if (reg == CHPCI_DOORBELL) {
		/* Without the lock: the peer's doorbell takes the peer's. */
		(void)channel_notify(v->partition, d->channel_id);
		return true;
	}
	spin_lock(&h->lock);
	if (reg == CHPCI_INT_STATUS)
		d->int_status &= ~((uint32_t)a->value & CHPCI_INT_DOORBELL);
	else if (reg == CHPCI_INT_MASK)
		d->int_mask = (uint32_t)a->value & CHPCI_INT_DOORBELL;
	else /* read-only registers ignore writes; unknown offsets fault */
		ok = vpci_reg_read(d, reg, &(uint64_t){ 0 });
	if (ok)
		vpci_update_line(h, d);
	spin_unlock(&h->lock);
	return ok;
}
