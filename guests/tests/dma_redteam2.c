// SPDX-License-Identifier: MIT
/*
 * dma-redteam2 (issue 19 red team, second round,
 * tests/system/test_dma_redteam2.py). The partition owns QEMU virt's PCIe
 * host (its ECAM: every function's configuration space), but the streams
 * it lists are only its own function's. What it does depends on its
 * device tree's bootargs:
 *
 *  - "split" (configs/tests/dma-redteam2-split.dts): another partition,
 *    the victim, lists the stream of function 00:03.0 (0x18) on the same
 *    host, so that function's DMA is translated with the victim's stage 2.
 *    This partition programs 00:03.0 through the ECAM (BAR in its own
 *    MMIO window, bus mastering on) with its virtqueue in channel "both"
 *    (the same guest address in both partitions): the device reads the
 *    victim's secret (victim guest address) onto the disk and writes the
 *    disk's garbage over it. Then it puts 00:03.0's queue in its own RAM,
 *    which the victim's stage 2 does not map: the device's descriptor
 *    fetch faults, charged to the victim.
 *  - "flood" (configs/tests/dma-redteam2-flood.dts): function 00:02.0 is
 *    no partition's (stream 0x10): this partition programs it anyway and
 *    makes it fault three times a round, rounds= times (its rings where
 *    the unowned streams' empty stage 2 maps nothing). Unowned streams
 *    are not counted against anyone, so no flood pause applies to them.
 *    With "dodge" (configs/tests/dma-redteam2-dodge.dts) its own function
 *    faults every DODGE_EVERY rounds from round from= on.
 *  - "burst" (configs/tests/dma-redteam2-burst.dts): its own function
 *    faults about a thousand times at once, then once more later.
 *
 * One line per attempt; then it beats.
 */
#include "bootargs.h"
#include "console.h"
#include "dma_secret.h"
#include "guest.h"
#include "guest_time.h"
#include "vblk.h"

#define FN2_BDF          (2u << 3)
#define FN3_BDF          (3u << 3)
#define FN2_BAR          0x11000000u
#define FN3_BAR          0x12000000u
/* Channel "both": hostile and victim map it at this guest address. */
#define BOTH_IPA         0x50000000ull
#define GARBAGE_SECTOR   64u
#define LEAK_SECTOR      8192u
#define PAGE             4096u
#define LEAK_SIZE        0x1000u
#define REQ_MS           2000u
#define FLOOD_MS         300u
#define FLOOD_ROUNDS     40000u
#define OWN_BDF          (1u << 3)
#define OWN_BAR          0x10000000u
#define NOTHING_IPA      0x60000000ull
#define DODGE_FROM       2000u
#define DODGE_EVERY      500u
#define FLOOD_BYTES      0x10000u

/* In this partition's RAM: what only it maps. */
static uint8_t own_queue[VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE]
	__attribute__((aligned(VBLK_PAGE_SIZE)));
static struct vblk_req_hdr own_hdr __attribute__((aligned(16)));
static volatile uint8_t own_status;
static uint8_t buf[FLOOD_BYTES] __attribute__((aligned(VBLK_PAGE_SIZE)));

/* 00:03.0, whose stream the victim lists, driven from here. */
static void split(void)
{
	/* The channel: queue pages, then the header and status. */
	uint8_t *queue = (uint8_t *)(uintptr_t)BOTH_IPA;
	struct vblk_req_hdr *hdr = (struct vblk_req_hdr *)(uintptr_t)
		(BOTH_IPA + VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE);
	volatile uint8_t *status = (volatile uint8_t *)(uintptr_t)
		(BOTH_IPA + VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE + 64u);
	struct vblk fn3;
	enum vblk_result r;
	uint8_t st = 0xff;
	char text[40];

	if (!vblk_pci_enable(&fn3, FN3_BDF, FN3_BAR) ||
	    !vblk_init(&fn3, queue, hdr, status)) {
		guest_printf("redteam2: no virtio-blk at 00:03.0\n");
		return;
	}
	r = vblk_request(&fn3, VBLK_T_OUT, LEAK_SECTOR, DMA_SECRET_GUEST,
			 LEAK_SIZE, REQ_MS, &st);
	guest_printf("redteam2: 00:03.0 reads victim 0x%lx +0x%x onto the disk: %s\n",
		     (unsigned long)DMA_SECRET_GUEST, LEAK_SIZE,
		     vblk_outcome(r, st, text, sizeof(text)));
	vblk_reset(&fn3);
	st = 0xff;
	if (!vblk_init(&fn3, queue, hdr, status))
		return;
	r = vblk_request(&fn3, VBLK_T_IN, GARBAGE_SECTOR, DMA_SECRET_GUEST,
			 LEAK_SIZE, REQ_MS, &st);
	guest_printf("redteam2: 00:03.0 writes victim 0x%lx +0x%x: %s\n",
		     (unsigned long)DMA_SECRET_GUEST, LEAK_SIZE,
		     vblk_outcome(r, st, text, sizeof(text)));
	vblk_reset(&fn3);
	/* Its queue where only this partition maps memory: the device's
	 * descriptor fetch faults, in the victim's name. */
	st = 0xff;
	if (!vblk_init(&fn3, own_queue, &own_hdr, &own_status))
		return;
	r = vblk_request(&fn3, VBLK_T_IN, GARBAGE_SECTOR, (uintptr_t)buf, PAGE,
			 REQ_MS, &st);
	guest_printf("redteam2: 00:03.0 with its queue in hostile RAM: %s\n",
		     vblk_outcome(r, st, text, sizeof(text)));
	vblk_reset(&fn3);
}

/* Virtio 1.1 4.1.4.3, the common configuration (as vblk.c). */
#define VIO_DRIVER_FEATURE_SELECT 0x08u
#define VIO_DRIVER_FEATURE        0x0cu
#define VIO_DEVICE_STATUS         0x14u
#define VIO_QUEUE_SELECT          0x16u
#define VIO_QUEUE_ENABLE          0x1cu
#define VIO_QUEUE_DESC            0x20u
#define VIO_QUEUE_DRIVER          0x28u
#define VIO_QUEUE_DEVICE          0x30u
#define VIO_FEATURES_HIGH         1u
#define VIO_FEATURES_WANTED_HI    3u /* VERSION_1, ACCESS_PLATFORM */
#define VIO_S_ACK_DRIVER          3u
#define VIO_S_FEATURES_OK         8u
#define VIO_S_DRIVER_OK           4u

static void w8(uint64_t a, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)a = v;
}

static void w16(uint64_t a, uint16_t v)
{
	*(volatile uint16_t *)(uintptr_t)a = v;
}

/* 00:02.0, nobody's: its queue in this partition's RAM, which the
 * unowned streams' empty stage 2 does not map, so each DRIVER_OK makes
 * QEMU map the rings through the SMMU: three faults (used ring read and
 * write, avail ring read), and the device is broken until reset. Reset,
 * features, rings, DRIVER_OK again: FLOOD_ROUNDS times, no waiting. */
static uint8_t kick_queue[VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE]
	__attribute__((aligned(VBLK_PAGE_SIZE)));
static struct vblk_req_hdr kick_hdr __attribute__((aligned(16)));
static volatile uint8_t kick_status;

/* "dodge": its own function (stream 0x8) faults now and then during the
 * flood (a 4 KiB disk read to where nothing is mapped: about a thousand
 * faults under QEMU), not waiting for it. */
static void kick_own(struct vblk *own)
{
	uint8_t st;

	if (vblk_init(own, kick_queue, &kick_hdr, &kick_status))
		(void)vblk_request(own, VBLK_T_IN, GARBAGE_SECTOR,
				   NOTHING_IPA, PAGE, 0, &st);
}

static void flood(uint32_t rounds, bool dodge, uint32_t from)
{
	struct vblk own;
	uint32_t kicks = 0;
	struct vblk fn2;
	uint64_t c;
	uint64_t q = (uintptr_t)own_queue;

	if (!vblk_pci_enable(&fn2, FN2_BDF, FN2_BAR) ||
	    !vblk_init(&fn2, own_queue, &own_hdr, &own_status)) {
		guest_printf("redteam2: no virtio-blk at 00:02.0\n");
		return;
	}
	if (dodge && !vblk_pci_enable(&own, OWN_BDF, OWN_BAR))
		dodge = false;
	c = fn2.common;
	for (uint32_t i = 0; i < rounds; i++) {
		if (dodge && i >= from && i % DODGE_EVERY == 0u) {
			kick_own(&own);
			kicks++;
		}
		w8(c + VIO_DEVICE_STATUS, 0);
		w8(c + VIO_DEVICE_STATUS, VIO_S_ACK_DRIVER);
		guest_mmio_write32(c + VIO_DRIVER_FEATURE_SELECT,
				   VIO_FEATURES_HIGH);
		guest_mmio_write32(c + VIO_DRIVER_FEATURE,
				   VIO_FEATURES_WANTED_HI);
		w8(c + VIO_DEVICE_STATUS, VIO_S_ACK_DRIVER | VIO_S_FEATURES_OK);
		w16(c + VIO_QUEUE_SELECT, 0);
		guest_mmio_write32(c + VIO_QUEUE_DESC, (uint32_t)q);
		guest_mmio_write32(c + VIO_QUEUE_DRIVER,
				   (uint32_t)(q + VBLK_PAGE_SIZE));
		guest_mmio_write32(c + VIO_QUEUE_DEVICE,
				   (uint32_t)(q + 2u * VBLK_PAGE_SIZE));
		w16(c + VIO_QUEUE_ENABLE, 1);
		w8(c + VIO_DEVICE_STATUS, VIO_S_ACK_DRIVER | VIO_S_FEATURES_OK |
		   VIO_S_DRIVER_OK);
		if (i % (rounds / 8u) == 0u)
			guest_printf("redteam2: 00:02.0 flood round %u\n", i);
	}
	vblk_reset(&fn2);
	guest_printf("redteam2: 00:02.0 flood: %u rounds\n", rounds);
	if (dodge)
		guest_printf("redteam2: own function faulted %u times meanwhile\n",
			     kicks);
}

/* Its own function (00:01.0, stream 0x8, its own stage 2) writes
 * BURST_BYTES where it may only read: one burst of about a thousand
 * faults per 4 KiB under QEMU, more than the event queue holds. Then,
 * after a pause, one 512-byte faulting write (about 128 faults): are
 * faults recorded again once the queue has drained? */
/* Channel "ro" of dma-redteam2-burst.dts: 64 KiB this partition may
 * only read (a write there is refused 4 bytes at a time under QEMU). */
#define RO_IPA           0x50000000ull
#define BURST_BYTES      0x1000u
#define PROBE_BYTES      512u
#define PAUSE_MS         2000u

static void delay_ms(uint32_t ms)
{
	uint64_t end = guest_counter() + guest_ms_to_ticks(ms);

	while ((int64_t)(guest_counter() - end) < 0)
		;
}

static void burst(void)
{
	struct vblk own;
	uint8_t st = 0xff;
	char text[40];
	enum vblk_result r;

	if (!vblk_pci_enable(&own, OWN_BDF, OWN_BAR) ||
	    !vblk_init(&own, own_queue, &own_hdr, &own_status)) {
		guest_printf("redteam2: no virtio-blk at 00:01.0\n");
		return;
	}
	r = vblk_request(&own, VBLK_T_IN, GARBAGE_SECTOR, RO_IPA,
			 BURST_BYTES, REQ_MS, &st);
	guest_printf("redteam2: burst of 0x%x: %s\n", BURST_BYTES,
		     vblk_outcome(r, st, text, sizeof(text)));
	vblk_reset(&own);
	delay_ms(PAUSE_MS);
	guest_printf("redteam2: probe next\n");
	delay_ms(PAUSE_MS);
	st = 0xff;
	if (!vblk_init(&own, own_queue, &own_hdr, &own_status))
		return;
	r = vblk_request(&own, VBLK_T_IN, GARBAGE_SECTOR, RO_IPA,
			 PROBE_BYTES, REQ_MS, &st);
	guest_printf("redteam2: probe of 0x%x: %s\n", PROBE_BYTES,
		     vblk_outcome(r, st, text, sizeof(text)));
	vblk_reset(&own);
	delay_ms(PAUSE_MS);
	guest_printf("redteam2: probe done\n");
}

int main(uint64_t dtb)
{
	struct guest_beat beat;

	guest_hello(dtb);
	if (guest_bootargs_has(dtb, "split"))
		split();
	if (guest_bootargs_has(dtb, "flood"))
		flood((uint32_t)guest_bootargs_number(dtb, "rounds=",
						      FLOOD_ROUNDS),
		      guest_bootargs_has(dtb, "dodge"),
		      (uint32_t)guest_bootargs_number(dtb, "from=",
						      DODGE_FROM));
	if (guest_bootargs_has(dtb, "burst"))
		burst();
	guest_printf("redteam2: done\n");
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
