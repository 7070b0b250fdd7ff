// SPDX-License-Identifier: MIT
/*
 * dma-redteam (issue 19 red team, tests/system/test_dma_redteam.py): the
 * partition of configs/tests/dma-redteam.dts turns its own virtio-blk
 * function (stream 0x8) against addresses inside its own guest-physical
 * space that its CPUs may not write or that are not memory:
 *  - its read-only mapping of channel "ro" (CHANNEL_RO_IPA): a disk read
 *    into it (the device writes) must be refused (F_PERMISSION), and the
 *    words its CPUs read there must be unchanged;
 *  - the emulated distributor's IPA (SK_GUEST_GICD_BASE): nothing is
 *    mapped there, the device must fault, not reach the GIC;
 *  - the GICv2 CPU interface's IPA (SK_GUEST_GICC_BASE), which shikiri
 *    maps to the hardware's virtual CPU interface (GICV) in the stage 2
 *    the SMMU walks: a device read there is a read of GICV_CTLR/IAR by no
 *    CPU, last because it may take QEMU down.
 * Then it beats. One line per attempt, as dma_hostile.c.
 */
#include "console.h"
#include "guest.h"
#include "vblk.h"

#define OWN_BDF          (1u << 3)
#define OWN_BAR          0x10000000u
#define GARBAGE_SECTOR   64u
#define LEGIT_SECTOR     1u
#define CHANNEL_RO_IPA   0x50000000ull
#define GICD_IPA         0x08000000ull
#define GICC_IPA         0x08010000ull
#define PAGE             4096u
#define ECAM_BDF_SHIFT   12u
#define PCI_COMMAND      0x04u
#define PCI_COMMAND_MASK 0xffffu
#define PCI_COMMAND_MASTER (1u << 2)
#define DONE_MS          2000u
#define BLOCKED_MS       1000u

static uint8_t own_queue[VBLK_QUEUE_PAGES * VBLK_PAGE_SIZE]
	__attribute__((aligned(VBLK_PAGE_SIZE)));
static uint8_t buf[PAGE] __attribute__((aligned(VBLK_PAGE_SIZE)));
static struct vblk_req_hdr hdr __attribute__((aligned(16)));
static volatile uint8_t status;
static struct vblk own;

static enum vblk_result request(uint32_t type, uint64_t sector, uint64_t addr,
				uint32_t len, uint32_t timeout_ms, uint8_t *st)
{
	if (!vblk_init(&own, own_queue, &hdr, &status))
		return VBLK_NO_COMPLETION;
	return vblk_request(&own, type, sector, addr, len, timeout_ms, st);
}

static uint64_t sum(uint64_t addr, uint32_t len)
{
	const volatile uint64_t *w = (const volatile uint64_t *)(uintptr_t)addr;
	uint64_t s = 0;

	for (uint32_t i = 0; i < len / 8u; i++)
		s = s * 31u + w[i];
	return s;
}

/* The device writes len bytes of the disk's garbage at addr. */
static void device_writes(const char *what, uint64_t addr, uint32_t len,
			  bool cpu_readable)
{
	char text[40];
	uint8_t st = 0xff;
	uint64_t before = cpu_readable ? sum(addr, len) : 0;
	enum vblk_result r = request(VBLK_T_IN, GARBAGE_SECTOR, addr, len,
				     BLOCKED_MS, &st);
	uint64_t after = cpu_readable ? sum(addr, len) : 0;

	guest_printf("redteam: device writes %s 0x%lx +0x%x: %s, device status 0x%x; memory %s\n",
		     what, (unsigned long)addr, len,
		     vblk_outcome(r, st, text, sizeof(text)),
		     vblk_device_status(&own),
		     !cpu_readable ? "not readable" :
		     before == after ? "unchanged" : "CHANGED");
	vblk_reset(&own);
}

/* The device reads len bytes at addr onto the disk. */
static void device_reads(const char *what, uint64_t addr, uint32_t len)
{
	char text[40];
	uint8_t st = 0xff;
	enum vblk_result r = request(VBLK_T_OUT, LEGIT_SECTOR, addr, len,
				     BLOCKED_MS, &st);

	guest_printf("redteam: device reads %s 0x%lx +0x%x: %s, device status 0x%x\n",
		     what, (unsigned long)addr, len,
		     vblk_outcome(r, st, text, sizeof(text)),
		     vblk_device_status(&own));
	vblk_reset(&own);
}

int main(uint64_t dtb)
{
	struct guest_beat beat;
	uint8_t st = 0xff;
	uint32_t cmd;

	guest_hello(dtb);
	/* What a restart left of the previous run's device: QEMU's reset
	 * leaves the command register 0, so bus mastering on here means the
	 * restart did not quiesce the function (dma-redteam-restart.dts);
	 * the hypervisor's quiesce leaves INTx disabled and nothing else. */
	cmd = guest_mmio_read32(VBLK_ECAM_BASE +
				((uint64_t)OWN_BDF << ECAM_BDF_SHIFT) +
				PCI_COMMAND) & PCI_COMMAND_MASK;
	guest_printf("redteam: at start 00:01.0 PCI command 0x%x, bus master %s\n",
		     cmd, (cmd & PCI_COMMAND_MASTER) != 0u ? "ON" : "off");
	/* A run after a restart (the command register not as QEMU's reset
	 * leaves it) attacks no more: a later restart is for what the
	 * earlier run did. */
	if (cmd != 0u) {
		guest_printf("redteam: restarted, quiet\n");
		guest_beat_init(&beat);
		guest_beat_forever(&beat);
	}
	if (!vblk_pci_enable(&own, OWN_BDF, OWN_BAR) ||
	    !vblk_init(&own, own_queue, &hdr, &status)) {
		guest_printf("redteam: no modern virtio-blk at 00:01.0\n");
		guest_halt();
	}
	/* The control: its own RAM works. */
	guest_printf("redteam: own RAM read %s\n",
		     request(VBLK_T_IN, GARBAGE_SECTOR, (uintptr_t)buf, PAGE,
			     DONE_MS, &st) == VBLK_DONE && st == 0 ? "done"
								   : "lost");
	/* The write first: after a read, QEMU 10's SMMU finds the page in
	 * its TLB and takes the write's permission fault for a stage-1 one,
	 * which a stage-2-only STE does not record (QEMU's smmu_translate;
	 * the same write again shows it). */
	device_writes("channel-ro", CHANNEL_RO_IPA, PAGE, true);
	device_reads("channel-ro", CHANNEL_RO_IPA, PAGE);
	device_writes("channel-ro-again", CHANNEL_RO_IPA, PAGE, true);
	device_writes("gicd", GICD_IPA, PAGE, false);
	device_reads("gicd", GICD_IPA, PAGE);
	device_reads("gicc", GICC_IPA, PAGE);
	device_writes("gicc", GICC_IPA, PAGE, false);
	guest_printf("redteam: done\n");
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
