// SPDX-License-Identifier: MIT
/*
 * dma-hostile: a partition that owns QEMU virt's PCIe host turns its own
 * virtio-blk function against memory outside its RAM (issue 19 point 4,
 * tests/system/test_dma_hostile.py), one line each:
 *  a. a sector written from and read back into its own RAM (its stream is
 *     translated by its stage 2: this works);
 *  b. disk reads into the victim's secret and over shikiri's memory (the
 *     device writes there: the SMMU must block it);
 *  c. disk writes from the same places (the device reads there), then
 *     the sectors read back into its own RAM: they must hold what the
 *     host put there, not the victim's secret;
 *  d. the second virtio-blk function, whose stream no partition owns,
 *     set up to read a sector into the guest's own RAM: nothing happens.
 * In the order a, c, b, d (the reads before the writes: the control shows
 * the secret itself); b and c only when a worked (else they prove
 * nothing). Then it beats. The device tree's bootargs
 * "spare-hypervisor" leaves out the attacks on shikiri: the control
 * system without an SMMU, where they would land.
 *
 * The disk (made by the test): sectors LEGIT_SECTOR.. free for (a);
 * GARBAGE_SECTOR.. DMA_HYP_SIZE bytes of "GARBAGE!" (what (b) tries to
 * write); LEAK_*_SECTOR.. "UNTOUCHD" (what (c) tries to overwrite).
 */
#include "bootargs.h"
#include "console.h"
#include "dma_secret.h"
#include "guest.h"
#include "vblk.h"

/* Bus 0 devices 1 and 2, function 0 (the test's -device ...,addr=N). */
#define OWN_BDF          (1u << 3)
#define FOREIGN_BDF      (2u << 3)
/* Their BAR4s, in the MMIO32 window (0x10000000..). */
#define OWN_BAR          0x10000000u
#define FOREIGN_BAR      0x10100000u

#define LEGIT_SECTOR     1u
#define LEGIT_SIZE       4096u
#define GARBAGE_SECTOR   64u
#define LEAK_VICTIM_SECTOR 8192u
#define LEAK_HYP_SECTOR  8256u
#define LEAK_SIZE        DMA_SECRET_SIZE
#define LEAK_FILLER      0x444843554f544e55ull /* "UNTOUCHD" */
#define FOREIGN_MARKER   0xa5u

/* A request the device completes does so in far less under TCG; one the
 * SMMU blocked never completes. */
#define DONE_MS          2000u
#define BLOCKED_MS       1000u

static uint8_t own_queue[VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE]
	__attribute__((aligned(VBLK_PAGE_SIZE)));
static uint8_t foreign_queue[VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE]
	__attribute__((aligned(VBLK_PAGE_SIZE)));
static uint8_t buf[LEAK_SIZE] __attribute__((aligned(VBLK_PAGE_SIZE)));
static struct vblk_req_hdr hdrs[2] __attribute__((aligned(16)));
static volatile uint8_t statuses[2];

static struct vblk own;

/* A fresh device before each request that may fail: QEMU marks a virtio
 * device broken after a DMA it could not map, until a reset. */
static bool own_init(void)
{
	return vblk_init(&own, own_queue, &hdrs[0], &statuses[0]);
}

static enum vblk_result own_request(uint32_t type, uint64_t sector,
				    uint64_t addr, uint32_t len,
				    uint32_t timeout_ms, uint8_t *status)
{
	if (!own_init())
		return VBLK_NO_COMPLETION;
	return vblk_request(&own, type, sector, addr, len, timeout_ms, status);
}

static bool legit_roundtrip(void)
{
	static uint8_t out[LEGIT_SIZE] __attribute__((aligned(16)));
	uint8_t st_w = 0xff;
	uint8_t st_r = 0xff;
	enum vblk_result w;
	enum vblk_result r;
	bool same;

	for (uint32_t i = 0; i < LEGIT_SIZE; i++)
		out[i] = (uint8_t)(i * 7u + 1u);
	for (uint32_t i = 0; i < LEGIT_SIZE; i++)
		buf[i] = 0;
	w = own_request(VBLK_T_OUT, LEGIT_SECTOR, (uintptr_t)out, LEGIT_SIZE,
			DONE_MS, &st_w);
	r = own_request(VBLK_T_IN, LEGIT_SECTOR, (uintptr_t)buf, LEGIT_SIZE,
			DONE_MS, &st_r);
	same = true;
	for (uint32_t i = 0; i < LEGIT_SIZE; i++)
		if (out[i] != buf[i])
			same = false;
	guest_printf("legit: write %s status %u, read back %s status %u: %s\n",
		     w == VBLK_DONE ? "done" : "lost", st_w,
		     r == VBLK_DONE ? "done" : "lost", st_r,
		     same ? "match" : "MISMATCH");
	return w == VBLK_DONE && r == VBLK_DONE && st_w == 0 && st_r == 0 &&
	       same;
}

/* (b): a disk read whose data goes to addr, outside our RAM. */
static void attack_write(const char *what, uint64_t addr, uint32_t len)
{
	char text[40];
	uint8_t st = 0xff;
	enum vblk_result r = own_request(VBLK_T_IN, GARBAGE_SECTOR, addr, len,
					 BLOCKED_MS, &st);

	guest_printf("attack: device writes %s 0x%lx +0x%x: %s, device status 0x%x\n",
		     what, (unsigned long)addr, len,
		     vblk_outcome(r, st, text, sizeof(text)),
		     vblk_device_status(&own));
	vblk_reset(&own);
}

/* What a leak sector range holds now, read into our own buffer. */
static const char *leak_contents(uint32_t sector)
{
	const volatile uint64_t *w = (const volatile uint64_t *)(void *)buf;
	uint8_t st = 0xff;
	bool filler = true;
	bool secret = false;

	for (uint32_t i = 0; i < LEAK_SIZE; i++)
		buf[i] = 0;
	if (own_request(VBLK_T_IN, sector, (uintptr_t)buf, LEAK_SIZE, DONE_MS,
			&st) != VBLK_DONE || st != 0)
		return "unreadable";
	for (uint32_t i = 0; i < LEAK_SIZE / 8u; i++) {
		if (w[i] != LEAK_FILLER)
			filler = false;
		if (w[i] == dma_secret_word(i))
			secret = true;
	}
	if (secret)
		return "VICTIM SECRET";
	return filler ? "unchanged" : "CHANGED";
}

/* (c): a disk write whose data comes from addr, outside our RAM. */
static void attack_read(const char *what, uint64_t addr, uint32_t sector)
{
	char text[40];
	uint8_t st = 0xff;
	enum vblk_result r = own_request(VBLK_T_OUT, sector, addr, LEAK_SIZE,
					 BLOCKED_MS, &st);
	uint8_t dev_status = vblk_device_status(&own);

	guest_printf("attack: device reads %s 0x%lx +0x%x: %s, device status 0x%x; sector %u now %s\n",
		     what, (unsigned long)addr, LEAK_SIZE,
		     vblk_outcome(r, st, text, sizeof(text)), dev_status, sector,
		     leak_contents(sector));
	vblk_reset(&own);
}

/* (d): the function no partition owns, pointed at our own RAM. */
static void foreign_dma(void)
{
	struct vblk dev;
	char text[40];
	uint8_t st = 0xff;
	enum vblk_result r = VBLK_NO_COMPLETION;
	uint32_t changed = 0;

	for (uint32_t i = 0; i < LEAK_SIZE; i++)
		buf[i] = FOREIGN_MARKER;
	if (!vblk_pci_enable(&dev, FOREIGN_BDF, FOREIGN_BAR))
		return;
	if (vblk_init(&dev, foreign_queue, &hdrs[1], &statuses[1]))
		r = vblk_request(&dev, VBLK_T_IN, GARBAGE_SECTOR,
				 (uintptr_t)buf, LEAK_SIZE, BLOCKED_MS, &st);
	for (uint32_t i = 0; i < LEAK_SIZE; i++)
		if (buf[i] != FOREIGN_MARKER)
			changed++;
	guest_printf("foreign: device 00:02.0 reads into own RAM 0x%lx: %s, "
		     "used idx %u, device status 0x%x, %u bytes changed\n",
		     (unsigned long)(uintptr_t)buf,
		     vblk_outcome(r, st, text, sizeof(text)), vblk_used_idx(&dev),
		     vblk_device_status(&dev), changed);
	vblk_reset(&dev);
}

static void list_functions(void)
{
	for (uint32_t dev = 0; dev < 32u; dev++) {
		uint32_t id = vblk_pci_id(dev << 3);

		if (id != 0xffffffffu)
			guest_printf("pci 00:%02x.0 %04x:%04x\n", dev,
				     id & 0xffffu, id >> 16);
	}
}

int main(uint64_t dtb)
{
	struct guest_beat beat;
	bool spare_hyp = guest_bootargs_has(dtb, "spare-hypervisor");

	guest_hello(dtb);
	list_functions();
	if (vblk_pci_id(OWN_BDF) != (VBLK_VENDOR_VIRTIO |
				     VBLK_DEVICE_BLK << 16) ||
	    !vblk_pci_enable(&own, OWN_BDF, OWN_BAR) || !own_init()) {
		guest_printf("dma-hostile: no modern virtio-blk at 00:01.0\n");
		guest_halt();
	}
	/* Without ACCESS_PLATFORM QEMU's device bypasses the SMMU (vblk.h). */
	guest_printf("dma-hostile: own disk %lu sectors, ACCESS_PLATFORM %s\n",
		     (unsigned long)vblk_capacity(&own),
		     own.access_platform ? "offered" : "not offered");
	if (legit_roundtrip()) {
		attack_read("victim", DMA_SECRET_PHYS, LEAK_VICTIM_SECTOR);
		if (!spare_hyp)
			attack_read("hypervisor", DMA_HYP_PHYS,
				    LEAK_HYP_SECTOR);
		attack_write("victim", DMA_SECRET_PHYS, DMA_SECRET_SIZE);
		if (!spare_hyp)
			attack_write("hypervisor", DMA_HYP_PHYS, DMA_HYP_SIZE);
	}
	foreign_dma();
	guest_printf("dma-hostile: done\n");
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
