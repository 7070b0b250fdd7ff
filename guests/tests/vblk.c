// SPDX-License-Identifier: MIT
/* vblk: one modern virtio-blk PCI function, polled (vblk.h). */
#include "vblk.h"

#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "lib/fmt.h"

/* ECAM: 4 KiB of configuration space per function (PCIe 4.0, 7.2.2). */
#define ECAM_BDF_SHIFT     12u
/* Configuration header (PCI Local Bus 3.0, 6.1, 6.2.2, 6.2.5.1, 6.7). */
#define PCI_ID             0x00u
#define PCI_COMMAND        0x04u
#define PCI_BAR4           0x20u
#define PCI_BAR5           0x24u
#define PCI_CAP_PTR        0x34u
#define PCI_COMMAND_MEMORY (1u << 1)
#define PCI_COMMAND_MASTER (1u << 2)
#define PCI_STATUS_CAP_LIST (1u << 20) /* in the COMMAND dword */
#define PCI_BAR_MEM_TYPE_64 (2u << 1)
#define PCI_BAR_MEM_TYPE_MASK (3u << 1)
#define PCI_BAR_IO         (1u << 0)
#define PCI_COMMAND_MASK   0xffffu
#define PCI_CAP_ID_VNDR    0x09u
#define PCI_CAP_PTR_MASK   0xfcu
/* A capability list longer than this is corrupt (256 bytes of config
 * space hold at most 48 four-byte capabilities). */
#define PCI_CAPS_MAX       48u

/* virtio PCI capability (VIRTIO 1.1, 4.1.4): cap_vndr, cap_next, cap_len,
 * cfg_type, bar at +4, offset at +8, length at +12; the notification
 * capability adds notify_off_multiplier at +16. */
#define VIRTIO_CAP_TYPE_SHIFT 24u
#define VIRTIO_CAP_BAR      0x04u
#define VIRTIO_CAP_OFFSET   0x08u
#define VIRTIO_CAP_NOTIFY_MULT 0x10u
#define VIRTIO_PCI_CAP_COMMON 1u
#define VIRTIO_PCI_CAP_NOTIFY 2u
#define VIRTIO_PCI_CAP_DEVICE 4u
#define VIRTIO_BAR         4u

/* Common configuration (VIRTIO 1.1, 4.1.4.3); 64-bit fields as halves. */
#define VIO_DEVICE_FEATURE_SELECT 0x00u
#define VIO_DEVICE_FEATURE        0x04u
#define VIO_DRIVER_FEATURE_SELECT 0x08u
#define VIO_DRIVER_FEATURE        0x0cu
#define VIO_DEVICE_STATUS         0x14u
#define VIO_QUEUE_SELECT          0x16u
#define VIO_QUEUE_SIZE            0x18u
#define VIO_QUEUE_ENABLE          0x1cu
#define VIO_QUEUE_NOTIFY_OFF      0x1eu
#define VIO_QUEUE_DESC            0x20u
#define VIO_QUEUE_DRIVER          0x28u
#define VIO_QUEUE_DEVICE          0x30u
/* Feature bits 32.. (VIRTIO 1.1, 6): in the second feature word. */
#define VIO_FEATURES_HIGH         1u
#define VIO_F_VERSION_1_HI        (1u << 0)  /* bit 32 */
#define VIO_F_ACCESS_PLATFORM_HI  (1u << 1)  /* bit 33 */
/* Device status bits (VIRTIO 1.1, 2.1). */
#define VIO_S_ACKNOWLEDGE  1u
#define VIO_S_DRIVER       2u
#define VIO_S_DRIVER_OK    4u
#define VIO_S_FEATURES_OK  8u
/* A reset is done when the status reads 0 (VIRTIO 1.1, 4.1.4.3.2). */
#define RESET_MS           100u

/* Split virtqueue (VIRTIO 1.1, 2.6.5, 2.6.6, 2.6.8), one page each. */
#define VRING_DESC_F_NEXT        1u
#define VRING_DESC_F_WRITE       2u
#define VRING_AVAIL_F_NO_INTERRUPT 1u
#define RING_DESC_PAGE           0u
#define RING_AVAIL_PAGE          1u
#define RING_USED_PAGE           2u
/* The descriptors of the one request in flight: header, data, status. */
#define REQ_HDR                  0u
#define REQ_DATA                 1u
#define REQ_STATUS               2u
/* The status byte the device overwrites; anything else means "not yet". */
#define REQ_STATUS_UNSET         0xffu

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static inline uint8_t mmio_read8(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrb %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint8_t)v;
}

static inline uint16_t mmio_read16(uint64_t addr)
{
	uint32_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return (uint16_t)v;
}

static inline void mmio_write8(uint64_t addr, uint8_t v)
{
	__asm__ volatile("strb %w0, [%1]" : : "rZ"((uint32_t)v), "r"(addr)
			 : "memory");
}

static inline void mmio_write16(uint64_t addr, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" : : "rZ"((uint32_t)v), "r"(addr)
			 : "memory");
}

/* Everything the device may read is in memory before it is told. */
static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static uint64_t cfg_addr(uint32_t bdf)
{
	return VBLK_ECAM_BASE + ((uint64_t)bdf << ECAM_BDF_SHIFT);
}

uint32_t vblk_pci_id(uint32_t bdf)
{
	return guest_mmio_read32(cfg_addr(bdf) + PCI_ID);
}

static void say(uint32_t bdf, const char *what, uint32_t value)
{
	guest_printf("vblk %02x:%02x.%x: %s 0x%x\n", bdf >> 8,
		     (bdf >> 3) & 0x1fu, bdf & 7u, what, value);
}

/* BAR4 sized (for the log) and placed at bar_addr, above 4 GiB never. */
static bool place_bar(uint32_t bdf, uint32_t bar_addr)
{
	uint64_t cfg = cfg_addr(bdf);
	uint32_t bar;

	guest_mmio_write32(cfg + PCI_BAR4, 0xffffffffu);
	bar = guest_mmio_read32(cfg + PCI_BAR4);
	if ((bar & PCI_BAR_IO) != 0 ||
	    (bar & PCI_BAR_MEM_TYPE_MASK) != PCI_BAR_MEM_TYPE_64) {
		say(bdf, "BAR4 is not a 64-bit memory BAR:", bar);
		return false;
	}
	guest_mmio_write32(cfg + PCI_BAR4, bar_addr);
	guest_mmio_write32(cfg + PCI_BAR5, 0);
	return true;
}

/* The virtio structures named by the vendor capabilities (in BAR4). */
static bool find_structures(struct vblk *d, uint64_t bar_base)
{
	uint64_t cfg = cfg_addr(d->bdf);
	uint32_t ptr = guest_mmio_read32(cfg + PCI_CAP_PTR) & PCI_CAP_PTR_MASK;

	d->common = d->notify = d->config = 0;
	for (uint32_t n = 0; n < PCI_CAPS_MAX && ptr != 0; n++) {
		uint32_t head = guest_mmio_read32(cfg + ptr);
		uint32_t type = head >> VIRTIO_CAP_TYPE_SHIFT;
		uint32_t bar = guest_mmio_read32(cfg + ptr + VIRTIO_CAP_BAR) &
			       0xffu;
		uint64_t at = bar_base +
			guest_mmio_read32(cfg + ptr + VIRTIO_CAP_OFFSET);

		if ((head & 0xffu) == PCI_CAP_ID_VNDR && bar == VIRTIO_BAR) {
			if (type == VIRTIO_PCI_CAP_COMMON)
				d->common = at;
			else if (type == VIRTIO_PCI_CAP_NOTIFY) {
				d->notify = at;
				d->notify_mult = guest_mmio_read32(
					cfg + ptr + VIRTIO_CAP_NOTIFY_MULT);
			}
			else if (type == VIRTIO_PCI_CAP_DEVICE)
				d->config = at;
		}
		ptr = (head >> 8) & PCI_CAP_PTR_MASK;
	}
	if (d->common == 0 || d->notify == 0 || d->config == 0) {
		say(d->bdf, "virtio structures missing in BAR", VIRTIO_BAR);
		return false;
	}
	return true;
}

bool vblk_pci_enable(struct vblk *d, uint32_t bdf, uint32_t bar_addr)
{
	uint64_t cfg = cfg_addr(bdf);
	uint32_t cmd = guest_mmio_read32(cfg + PCI_COMMAND);

	d->bdf = bdf;
	if ((cmd & PCI_STATUS_CAP_LIST) == 0) {
		say(bdf, "no capability list, status/command", cmd);
		return false;
	}
	if (!place_bar(bdf, bar_addr))
		return false;
	/* Status (the upper half) is write-1-to-clear: write zeros there. */
	guest_mmio_write32(cfg + PCI_COMMAND, (cmd & PCI_COMMAND_MASK) |
			   PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (!find_structures(d, bar_addr))
		return false;
	say(bdf, "BAR4, bus master on, at", bar_addr);
	return true;
}

static volatile struct vring_desc *ring_desc(const struct vblk *d)
{
	return (volatile struct vring_desc *)(void *)
		(d->queue + RING_DESC_PAGE * VBLK_PAGE_SIZE);
}

/* flags, idx, ring[qsize] */
static volatile uint16_t *ring_avail(const struct vblk *d)
{
	return (volatile uint16_t *)(void *)
		(d->queue + RING_AVAIL_PAGE * VBLK_PAGE_SIZE);
}

/* flags, idx, ring[qsize] of {id, len} */
static volatile uint16_t *ring_used(const struct vblk *d)
{
	return (volatile uint16_t *)(void *)
		(d->queue + RING_USED_PAGE * VBLK_PAGE_SIZE);
}

uint8_t vblk_device_status(const struct vblk *d)
{
	return mmio_read8(d->common + VIO_DEVICE_STATUS);
}

uint16_t vblk_used_idx(const struct vblk *d)
{
	return ring_used(d)[1];
}

void vblk_reset(const struct vblk *d)
{
	uint64_t deadline = guest_counter() + guest_ms_to_ticks(RESET_MS);

	mmio_write8(d->common + VIO_DEVICE_STATUS, 0);
	while (vblk_device_status(d) != 0 &&
	       (int64_t)(guest_counter() - deadline) < 0)
		;
}

static bool negotiate(struct vblk *d)
{
	uint64_t c = d->common;
	uint32_t offered;
	uint32_t wanted = VIO_F_VERSION_1_HI;

	mmio_write8(c + VIO_DEVICE_STATUS, VIO_S_ACKNOWLEDGE);
	mmio_write8(c + VIO_DEVICE_STATUS, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER);
	guest_mmio_write32(c + VIO_DEVICE_FEATURE_SELECT, VIO_FEATURES_HIGH);
	offered = guest_mmio_read32(c + VIO_DEVICE_FEATURE);
	d->access_platform = (offered & VIO_F_ACCESS_PLATFORM_HI) != 0;
	if (d->access_platform)
		wanted |= VIO_F_ACCESS_PLATFORM_HI;
	guest_mmio_write32(c + VIO_DRIVER_FEATURE_SELECT, 0);
	guest_mmio_write32(c + VIO_DRIVER_FEATURE, 0);
	guest_mmio_write32(c + VIO_DRIVER_FEATURE_SELECT, VIO_FEATURES_HIGH);
	guest_mmio_write32(c + VIO_DRIVER_FEATURE, wanted);
	mmio_write8(c + VIO_DEVICE_STATUS, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER |
		    VIO_S_FEATURES_OK);
	if ((vblk_device_status(d) & VIO_S_FEATURES_OK) == 0) {
		say(d->bdf, "refused features (high word)", wanted);
		return false;
	}
	return true;
}

static void set_queue_addr(uint64_t reg, const volatile void *p)
{
	uint64_t a = (uintptr_t)p;

	guest_mmio_write32(reg, (uint32_t)a);
	guest_mmio_write32(reg + 4u, (uint32_t)(a >> 32));
}

bool vblk_init(struct vblk *d, uint8_t *queue, struct vblk_req_hdr *hdr,
	       volatile uint8_t *status)
{
	uint64_t c = d->common;
	uint16_t size;

	d->queue = queue;
	d->hdr = hdr;
	d->status = status;
	vblk_reset(d);
	if (!negotiate(d))
		return false;
	mmio_write16(c + VIO_QUEUE_SELECT, 0);
	size = mmio_read16(c + VIO_QUEUE_SIZE);
	if (size == 0) {
		say(d->bdf, "has no queue 0, size", size);
		return false;
	}
	if (size > VBLK_QUEUE_ENTRIES)
		size = VBLK_QUEUE_ENTRIES;
	mmio_write16(c + VIO_QUEUE_SIZE, size);
	d->qsize = size;
	for (uint32_t i = 0; i < VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE; i++)
		((volatile uint8_t *)queue)[i] = 0;
	ring_avail(d)[0] = VRING_AVAIL_F_NO_INTERRUPT;
	d->avail_idx = 0;
	d->used_seen = 0;
	set_queue_addr(c + VIO_QUEUE_DESC, ring_desc(d));
	set_queue_addr(c + VIO_QUEUE_DRIVER, ring_avail(d));
	set_queue_addr(c + VIO_QUEUE_DEVICE, ring_used(d));
	dsb_sy();
	mmio_write16(c + VIO_QUEUE_ENABLE, 1);
	mmio_write8(c + VIO_DEVICE_STATUS, VIO_S_ACKNOWLEDGE | VIO_S_DRIVER |
		    VIO_S_FEATURES_OK | VIO_S_DRIVER_OK);
	return true;
}

uint64_t vblk_capacity(const struct vblk *d)
{
	uint64_t lo = guest_mmio_read32(d->config);
	uint64_t hi = guest_mmio_read32(d->config + 4u);

	return hi << 32 | lo;
}

/* Queue 0's notification address: the notify structure plus its
 * queue_notify_off times the multiplier (VIRTIO 1.1, 4.1.4.4). */
static uint64_t notify_addr(const struct vblk *d)
{
	mmio_write16(d->common + VIO_QUEUE_SELECT, 0);
	return d->notify + (uint64_t)d->notify_mult *
		mmio_read16(d->common + VIO_QUEUE_NOTIFY_OFF);
}

static void set_desc(volatile struct vring_desc *desc, uint64_t addr,
		     uint32_t len, uint16_t flags, uint16_t next)
{
	desc->addr = addr;
	desc->len = len;
	desc->flags = flags;
	desc->next = next;
}

enum vblk_result vblk_request(struct vblk *d, uint32_t type, uint64_t sector,
			      uint64_t buf, uint32_t len, uint32_t timeout_ms,
			      uint8_t *status)
{
	volatile struct vring_desc *desc = ring_desc(d);
	volatile uint16_t *avail = ring_avail(d);
	uint16_t data_flags = VRING_DESC_F_NEXT;
	uint64_t deadline;

	d->hdr->type = type;
	d->hdr->reserved = 0;
	d->hdr->sector = sector;
	*d->status = REQ_STATUS_UNSET;
	if (type == VBLK_T_IN)
		data_flags |= VRING_DESC_F_WRITE;
	set_desc(&desc[REQ_HDR], (uintptr_t)d->hdr, sizeof(*d->hdr),
		 VRING_DESC_F_NEXT, REQ_DATA);
	set_desc(&desc[REQ_DATA], buf, len, data_flags, REQ_STATUS);
	set_desc(&desc[REQ_STATUS], (uintptr_t)d->status, 1,
		 VRING_DESC_F_WRITE, 0);
	avail[2u + d->avail_idx % d->qsize] = REQ_HDR;
	d->avail_idx++;
	dsb_sy();
	avail[1] = d->avail_idx;
	dsb_sy();
	mmio_write16(notify_addr(d), 0);
	deadline = guest_counter() + guest_ms_to_ticks(timeout_ms);
	while (vblk_used_idx(d) == d->used_seen) {
		if ((int64_t)(guest_counter() - deadline) >= 0)
			return VBLK_NO_COMPLETION;
	}
	d->used_seen = vblk_used_idx(d);
	*status = *d->status;
	return VBLK_DONE;
}

const char *vblk_outcome(enum vblk_result r, uint8_t status, char *text,
			 size_t size)
{
	if (r == VBLK_NO_COMPLETION)
		return "blocked (no completion)";
	sk_snprintf(text, size, "completed, status %u", status);
	return text;
}
