/* SPDX-License-Identifier: MIT */
/*
 * A virtual Arm PrimeCell UART (PL011 r1p5, Arm DDI 0183G) for partitions
 * whose console is "pl011", so that an unmodified guest's stock driver
 * (Linux: amba-pl011, ttyAMA0, and the pl011 earlycon) works for output and
 * input.
 *
 * The guest's view:
 * - Transmission is instantaneous: every byte written to UARTDR goes to the
 *   partition's labelled console line at once, so UARTFR always reads
 *   TXFE=1, TXFF=0, BUSY=0. Output is accepted whatever UARTCR says (an
 *   early console may print before anyone enabled the UART).
 * - Reception goes through a 32-entry FIFO (1 entry while LCR_H.FEN=0) and
 *   only while UARTCR has UARTEN and RXE set, as on the hardware. Characters
 *   are never received with errors: UARTRSR and the error bits of UARTDR
 *   read 0, and no overrun happens because vpl011_receive() refuses what
 *   does not fit instead of dropping it.
 * - Modem inputs are constant: a terminal that is present and ready
 *   (CTS, DSR, DCD = 1, RI = 0), so no modem-status interrupt ever fires.
 * - Interrupts, one output line (UARTINTR) = (UARTRIS & UARTIMSC) != 0:
 *     TXRIS  set by every write to UARTDR (the byte leaves at once, so the
 *            transmit FIFO falls through its trigger level each time);
 *            cleared only by UARTICR. A driver that keeps TXIM set while it
 *            has data therefore never stalls, and one that has nothing to
 *            send masks TXIM (Linux does) or clears TXRIS, after which the
 *            line stays low until it writes again.
 *     RXRIS  set when received data leaves the FIFO at or above the
 *            UARTIFLS trigger level; cleared by reads of UARTDR that take
 *            it below, or by UARTICR.
 *     RTRIS  the receive timeout: no more data follows a vpl011_receive()
 *            call, so it is set by every arrival that leaves data in the
 *            FIFO; cleared when the FIFO is emptied, or by UARTICR.
 * - Accesses of 8, 16 and 32 bits are accepted on every register (Linux'
 *   amba-pl011 uses 16-bit accesses, its earlycon 8-bit writes to UARTDR
 *   and 32-bit reads of UARTFR); a narrower access at a higher byte offset
 *   reaches those bits of the register (on UARTDR only an access that
 *   covers bits 7:0 moves a character). 64-bit and unaligned accesses
 *   fault.
 * - Offsets the TRM lists as reserved (0x008-0x014, 0x01C, 0x04C-0xFDC,
 *   including the test registers) fault like any unknown offset: the guest
 *   gets an external abort. No PL011 driver touches them.
 * - DMA is not implemented: UARTDMACR reads as zero, writes are ignored.
 *   Loopback (UARTCR.LBE) is stored but does not loop output back.
 *
 * Locking: u->lock guards the registers and the FIFO. The interrupt line
 * is driven under it (lock order: u->lock, then the vGIC's lock), output
 * is written after it is released under the partition's console_lock.
 * Callers must not hold either lock, nor the console lock.
 */
#ifndef SK_CORE_VPL011_H
#define SK_CORE_VPL011_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/spinlock.h"
#include "core/mmio.h"

struct partition;
struct vcpu;

/* Size of the register frame: one 4 KiB page (Arm DDI 0183G table 3-1). */
#define VPL011_MMIO_SIZE 0x1000u
/* Receive FIFO depth: r1p5 has 32-entry FIFOs (earlier revisions 16). */
#define VPL011_FIFO_DEPTH 32u

/* The read/write control registers UARTILPR..UARTIMSC, kept as one block
 * (they are contiguous, 0x020-0x038). */
enum vpl011_ctrl {
	VPL011_CTRL_ILPR,
	VPL011_CTRL_IBRD,
	VPL011_CTRL_FBRD,
	VPL011_CTRL_LCR_H,
	VPL011_CTRL_CR,
	VPL011_CTRL_IFLS,
	VPL011_CTRL_IMSC,
	VPL011_CTRL_COUNT
};

struct vpl011 {
	struct partition *partition;
	uint32_t intid; /* the SPI the guest's device tree gives the UART */
	struct spinlock lock;
	uint32_t ctrl[VPL011_CTRL_COUNT];
	uint32_t ris; /* UARTRIS: raw interrupt status */
	uint8_t rx_fifo[VPL011_FIFO_DEPTH];
	uint32_t rx_head;  /* index of the oldest character */
	uint32_t rx_count; /* characters waiting */
	bool irq_level;    /* the level last driven onto the vGIC line */
	/* Accesses vpl011_mmio took by its light path (UARTFR reads, UARTDR
	 * writes): what the tests check it is taken by. */
	uint64_t light_accesses;
};

/* Reset state, wired to partition p and its SPI intid. Does not touch the
 * vGIC (its lines start low). */
void vpl011_init(struct vpl011 *u, struct partition *p, uint32_t intid);
/* An mmio_handler_fn; dev is the struct vpl011. */
bool vpl011_mmio(struct vcpu *v, void *dev, uint64_t offset,
		 struct mmio_access *a);
/* Input for this partition (from the hypervisor's UART receive path, any
 * CPU). Returns how many of chars[0..n) were taken, in order: fewer when
 * the FIFO fills, 0 while the guest's receiver is disabled. The caller
 * keeps or drops the rest. */
uint32_t vpl011_receive(struct vpl011 *u, const char *chars, uint32_t n);
/* Back to reset values, FIFO emptied, interrupt line lowered (partition
 * restart; call it whenever the partition's vGIC is reset). */
void vpl011_reset(struct vpl011 *u);

#endif
