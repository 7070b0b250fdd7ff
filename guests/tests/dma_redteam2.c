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
 *    makes it fault page after page (a disk read into its own RAM, which
 *    the unowned streams' empty stage 2 refuses). Unowned streams are not
 *    counted against anyone, so no flood pause applies to them.
 *
 * One line per attempt; then it beats.
 */
#include "bootargs.h"
#include "console.h"
#include "dma_secret.h"
#include "guest.h"
#include "lib/fmt.h"
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
#define FLOOD_ROUNDS     64u
#define FLOOD_BYTES      0x10000u

/* In this partition's RAM: what only it maps. */
static uint8_t own_queue[VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE]
	__attribute__((aligned(VBLK_PAGE_SIZE)));
static struct vblk_req_hdr own_hdr __attribute__((aligned(16)));
static volatile uint8_t own_status;
static uint8_t buf[FLOOD_BYTES] __attribute__((aligned(VBLK_PAGE_SIZE)));

static const char *outcome(enum vblk_result r, uint8_t st, char *text,
			   size_t size)
{
	if (r == VBLK_NO_COMPLETION)
		return "blocked (no completion)";
	sk_snprintf(text, size, "completed, status %u", st);
	return text;
}

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
		     outcome(r, st, text, sizeof(text)));
	vblk_reset(&fn3);
	st = 0xff;
	if (!vblk_init(&fn3, queue, hdr, status))
		return;
	r = vblk_request(&fn3, VBLK_T_IN, GARBAGE_SECTOR, DMA_SECRET_GUEST,
			 LEAK_SIZE, REQ_MS, &st);
	guest_printf("redteam2: 00:03.0 writes victim 0x%lx +0x%x: %s\n",
		     (unsigned long)DMA_SECRET_GUEST, LEAK_SIZE,
		     outcome(r, st, text, sizeof(text)));
	vblk_reset(&fn3);
	/* Its queue where only this partition maps memory: the device's
	 * descriptor fetch faults, in the victim's name. */
	st = 0xff;
	if (!vblk_init(&fn3, own_queue, &own_hdr, &own_status))
		return;
	r = vblk_request(&fn3, VBLK_T_IN, GARBAGE_SECTOR, (uintptr_t)buf, PAGE,
			 REQ_MS, &st);
	guest_printf("redteam2: 00:03.0 with its queue in hostile RAM: %s\n",
		     outcome(r, st, text, sizeof(text)));
	vblk_reset(&fn3);
}

/* 00:02.0, nobody's, made to fault FLOOD_ROUNDS times FLOOD_BYTES. */
static void flood(void)
{
	struct vblk fn2;
	uint32_t blocked = 0;

	if (!vblk_pci_enable(&fn2, FN2_BDF, FN2_BAR)) {
		guest_printf("redteam2: no virtio-blk at 00:02.0\n");
		return;
	}
	for (uint32_t i = 0; i < FLOOD_ROUNDS; i++) {
		uint8_t st = 0xff;

		/* Its queue in this partition's RAM, which the unowned
		 * streams' stage 2 does not map: the fetch faults too. */
		if (!vblk_init(&fn2, own_queue, &own_hdr, &own_status))
			break;
		if (vblk_request(&fn2, VBLK_T_IN, GARBAGE_SECTOR,
				 (uintptr_t)buf, FLOOD_BYTES, FLOOD_MS,
				 &st) == VBLK_NO_COMPLETION)
			blocked++;
		vblk_reset(&fn2);
	}
	guest_printf("redteam2: 00:02.0 flood: %u of %u requests blocked\n",
		     blocked, FLOOD_ROUNDS);
}

int main(uint64_t dtb)
{
	struct guest_beat beat;

	guest_hello(dtb);
	if (guest_bootargs_has(dtb, "split"))
		split();
	if (guest_bootargs_has(dtb, "flood"))
		flood();
	guest_printf("redteam2: done\n");
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
