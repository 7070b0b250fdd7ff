/* SPDX-License-Identifier: MIT */
/*
 * vblk: the smallest driver for a modern virtio-blk PCI function on QEMU
 * virt's PCIe host, for the hostile DMA guest (guests/tests/dma_hostile.c).
 * It finds functions in ECAM, gives BAR4 (the virtio structures) a memory
 * address, turns on memory decoding and bus mastering, sets up one
 * virtqueue in the guest's RAM and submits one request at a time, polling
 * the used ring for a bounded time.
 *
 * Modern, not legacy, and with VIRTIO_F_ACCESS_PLATFORM: QEMU sends a
 * virtio device's DMA through the IOMMU only when the device has
 * iommu_platform=on, which a legacy or transitional device cannot have
 * (-device virtio-blk-pci,disable-legacy=on,iommu_platform=on); any other
 * virtio device bypasses the SMMU.
 *
 * Specs: PCI Local Bus 3.0 (configuration header, BARs, capabilities,
 * command register), Virtual I/O Device (VIRTIO) 1.1, sections 4.1.4
 * (virtio structure PCI capabilities, common configuration, notification),
 * 2.1 (device status), 2.6 (split virtqueue), 6 (feature bits) and 5.2
 * (block device). The guest runs with its MMU off: all its accesses are
 * Device-nGnRnE, in program order and uncached, so the rings need no cache
 * maintenance and a DSB before the notify write is all the ordering needed.
 */
#ifndef GUEST_VBLK_H
#define GUEST_VBLK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* QEMU virt's PCIe host (hw/arm/virt.c, the board DT): high ECAM. */
#define VBLK_ECAM_BASE     0x4010000000ull

/* A modern virtio-blk function's PCI IDs (VIRTIO 1.1, 4.1.2.1). */
#define VBLK_VENDOR_VIRTIO 0x1af4u
#define VBLK_DEVICE_BLK    0x1042u

#define VBLK_SECTOR_SIZE   512u
/* The queue's memory: up to 256 entries (we ask for fewer), the rings at
 * the start of three pages. */
#define VBLK_QUEUE_ENTRIES 16u
#define VBLK_QUEUE_PAGES   3u
#define VBLK_PAGE_SIZE     4096u

/* Request types (VIRTIO 1.1, 5.2.6). */
#define VBLK_T_IN          0u /* read: the device writes memory */
#define VBLK_T_OUT         1u /* write: the device reads memory */

/* One request's outcome. */
enum vblk_result {
	VBLK_DONE,          /* used ring advanced; status says how it went */
	VBLK_NO_COMPLETION, /* used ring unchanged within the time limit */
};

struct vblk_req_hdr {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;
};

struct vblk {
	uint32_t bdf;        /* bus << 8 | device << 3 | function */
	uint64_t common;     /* the common configuration structure */
	uint64_t notify;     /* the notification structure */
	uint32_t notify_mult; /* its notify_off_multiplier */
	uint64_t config;     /* the device configuration (capacity) */
	bool access_platform; /* the device offered VIRTIO_F_ACCESS_PLATFORM */
	uint16_t qsize;      /* entries of queue 0 */
	uint16_t avail_idx;  /* the next avail index we publish */
	uint16_t used_seen;  /* the used index we consumed up to */
	uint8_t *queue;      /* VBLK_QUEUE_PAGES pages, page-aligned */
	struct vblk_req_hdr *hdr;
	volatile uint8_t *status;
};

/* Vendor and device ID of a function (0xffffffff: none). */
uint32_t vblk_pci_id(uint32_t bdf);
/* Sizes BAR4 (64-bit memory), gives it bar_addr, enables memory decoding
 * and bus mastering, and finds the virtio structures in it. False (after
 * printing why) when the function is not what we drive. */
bool vblk_pci_enable(struct vblk *d, uint32_t bdf, uint32_t bar_addr);
/* Resets the device, negotiates VERSION_1 (and ACCESS_PLATFORM when
 * offered) and sets up queue 0 in `queue` (VBLK_QUEUE_PAGES page-aligned
 * pages). False (after printing why) when the device refuses. */
bool vblk_init(struct vblk *d, uint8_t *queue, struct vblk_req_hdr *hdr,
	       volatile uint8_t *status);
/* Capacity in sectors from the device configuration. */
uint64_t vblk_capacity(const struct vblk *d);
/* Submits one request (type VBLK_T_IN/OUT, len bytes at bus address buf)
 * and polls the used ring for up to timeout_ms. *status gets the
 * request's status byte (0 = OK) when the result is VBLK_DONE. */
enum vblk_result vblk_request(struct vblk *d, uint32_t type, uint64_t sector,
			      uint64_t buf, uint32_t len, uint32_t timeout_ms,
			      uint8_t *status);
/* The device status register (VIRTIO 1.1, 2.1): NEEDS_RESET (0x40) after
 * a DMA the device could not do, 0 after a reset. */
uint8_t vblk_device_status(const struct vblk *d);
/* The used ring's index as the device last wrote it. */
uint16_t vblk_used_idx(const struct vblk *d);
/* Writes 0 to the device status: the device forgets the queue. */
void vblk_reset(const struct vblk *d);
/* A request's outcome as the attack lines print it: "blocked (no
 * completion)", or "completed, status N" written into text. */
const char *vblk_outcome(enum vblk_result r, uint8_t status, char *text,
			 size_t size);

#endif
