/* SPDX-License-Identifier: MIT */
/*
 * Virtual PL011 UART. Register map and behaviour: Arm DDI 0183G (PrimeCell
 * UART (PL011) r1p5 Technical Reference Manual), chapter 3. The design
 * choices (instantaneous transmit, interrupt rules) are in vpl011.h.
 */
#include "core/vpl011.h"

#include <stddef.h>

#include "arch/vgic.h"
#include "core/console.h"
#include "core/partition.h"
#include "lib/array.h"
#include "lib/string.h"

/* Register offsets (DDI 0183G table 3-1). */
#define UARTDR    0x000u
#define UARTRSR   0x004u /* UARTECR when written */
#define UARTFR    0x018u
#define UARTILPR  0x020u /* first of the control block, enum vpl011_ctrl */
#define UARTRIS   0x03cu
#define UARTMIS   0x040u
#define UARTICR   0x044u
#define UARTDMACR 0x048u
#define UARTPERIPHID0 0xfe0u /* PeriphID0-3, then PCellID0-3 */

#define VPL011_REG_STRIDE 4u
#define VPL011_ID_COUNT   8u

/* UARTDR (3.3.1): bits 7:0 data; 11:8 errors, always 0 here. */
#define UARTDR_DATA 0xffu

/* UARTFR (3.3.3). */
#define UARTFR_CTS  (1u << 0)
#define UARTFR_DSR  (1u << 1)
#define UARTFR_DCD  (1u << 2)
#define UARTFR_BUSY (1u << 3)
#define UARTFR_RXFE (1u << 4)
#define UARTFR_TXFF (1u << 5)
#define UARTFR_RXFF (1u << 6)
#define UARTFR_TXFE (1u << 7)
/* A terminal is present and ready; see vpl011.h. */
#define UARTFR_MODEM_INPUTS (UARTFR_CTS | UARTFR_DSR | UARTFR_DCD)

/* UARTLCR_H (3.3.7). */
#define UARTLCR_H_FEN (1u << 4)

/* UARTCR (3.3.8): bits 6:3 are reserved. */
#define UARTCR_UARTEN (1u << 0)
#define UARTCR_TXE    (1u << 8)
#define UARTCR_RXE    (1u << 9)
#define UARTCR_WRITABLE 0xff87u
#define UARTCR_RESET    (UARTCR_TXE | UARTCR_RXE)

/* UARTIFLS (3.3.9): RXIFLSEL bits 5:3, TXIFLSEL bits 2:0; reset: both
 * "1/2 full". */
#define UARTIFLS_RXIFLSEL_SHIFT 3u
#define UARTIFLS_SEL_MASK       0x7u
#define UARTIFLS_RESET          0x12u
/* FIFO fill at each RXIFLSEL encoding, in eighths: b000 1/8 .. b100 7/8.
 * b101-b111 are reserved; they act as the reset value, 1/2. */
static const uint32_t vpl011_rx_trigger_eighths[] = { 1u, 2u, 4u, 6u, 7u };
#define VPL011_RX_TRIGGER_DEFAULT_EIGHTHS 4u
#define VPL011_EIGHTHS 8u

/* Interrupt bits shared by UARTIMSC, UARTRIS, UARTMIS, UARTICR
 * (3.3.10-3.3.13). */
#define UART_INT_RX  (1u << 4)
#define UART_INT_TX  (1u << 5)
#define UART_INT_RT  (1u << 6)
#define UART_INT_ALL 0x7ffu

/* Bits each control register holds, and its reset value (3.3.6-3.3.10). */
struct vpl011_ctrl_desc {
	uint32_t writable;
	uint32_t reset;
};

static const struct vpl011_ctrl_desc vpl011_ctrl_regs[VPL011_CTRL_COUNT] = {
	[VPL011_CTRL_ILPR]  = { 0xffu, 0u },
	[VPL011_CTRL_IBRD]  = { 0xffffu, 0u },
	[VPL011_CTRL_FBRD]  = { 0x3fu, 0u },
	[VPL011_CTRL_LCR_H] = { 0xffu, 0u },
	[VPL011_CTRL_CR]    = { UARTCR_WRITABLE, UARTCR_RESET },
	[VPL011_CTRL_IFLS]  = { 0x3fu, UARTIFLS_RESET },
	[VPL011_CTRL_IMSC]  = { UART_INT_ALL, 0u },
};

/*
 * UARTPeriphID0-3 and UARTPCellID0-3 (3.3.15-3.3.22): part number 0x011,
 * designer 0x41 (Arm), revision 3 (r1p5), configuration 0; PrimeCell id
 * 0xB105F00D. Linux' amba bus matches the peripheral id 0x00341011 under
 * mask 0x000fffff against amba-pl011's 0x00041011, and from revision 3 on
 * its driver assumes a 32-entry FIFO, which is what we emulate.
 */
static const uint8_t vpl011_id[VPL011_ID_COUNT] = {
	0x11u, 0x10u, 0x34u, 0x00u, 0x0du, 0xf0u, 0x05u, 0xb1u,
};

#define VPL011_ALL_WIDTHS (MMIO_W8 | MMIO_W16 | MMIO_W32)
#define BITS_PER_BYTE 8u

/* What one access did, passed to the register handlers as their dev: the
 * byte to transmit is written out after u->lock is released. */
struct vpl011_op {
	struct vpl011 *u;
	bool tx;
	char tx_char;
};

/* ---- helpers ---------------------------------------------------------- */

/* The bits of a 32-bit register that an access of `size` bytes at byte
 * `byte` covers. */
static uint32_t vpl011_lane_mask(uint32_t byte, uint32_t size)
{
	uint32_t low = size >= sizeof(uint32_t) ? 0xffffffffu
			: (1u << (size * BITS_PER_BYTE)) - 1u;

	return low << (byte * BITS_PER_BYTE);
}

static uint64_t vpl011_extract(uint32_t reg, uint32_t byte, uint32_t size)
{
	return (reg & vpl011_lane_mask(byte, size)) >> (byte * BITS_PER_BYTE);
}

/* The register's value after a write of `size` bytes at byte `byte`. */
static uint32_t vpl011_merge(uint32_t old, uint32_t byte, uint32_t size,
			     uint64_t val)
{
	uint32_t mask = vpl011_lane_mask(byte, size);
	uint32_t bits = (uint32_t)(val << (byte * BITS_PER_BYTE));

	return (old & ~mask) | (bits & mask);
}

static uint32_t vpl011_rx_depth(const struct vpl011 *u)
{
	/* Without FEN the FIFOs are one-character holding registers
	 * (3.3.7). */
	return (u->ctrl[VPL011_CTRL_LCR_H] & UARTLCR_H_FEN) != 0
		? VPL011_FIFO_DEPTH : 1u;
}

/* FIFO level at which RXRIS is asserted (3.3.9; UARTRXINTR in the TRM's
 * description of the interrupts). */
static uint32_t vpl011_rx_trigger(const struct vpl011 *u)
{
	uint32_t sel = (u->ctrl[VPL011_CTRL_IFLS] >> UARTIFLS_RXIFLSEL_SHIFT) &
		       UARTIFLS_SEL_MASK;
	uint32_t eighths = VPL011_RX_TRIGGER_DEFAULT_EIGHTHS;
	size_t known = sizeof(vpl011_rx_trigger_eighths) /
		       sizeof(vpl011_rx_trigger_eighths[0]);

	if ((u->ctrl[VPL011_CTRL_LCR_H] & UARTLCR_H_FEN) == 0)
		return 1u;
	if (sel < known)
		eighths = vpl011_rx_trigger_eighths[sel];
	return VPL011_FIFO_DEPTH * eighths / VPL011_EIGHTHS;
}

static bool vpl011_rx_enabled(const struct vpl011 *u)
{
	uint32_t need = UARTCR_UARTEN | UARTCR_RXE;

	return (u->ctrl[VPL011_CTRL_CR] & need) == need;
}

/* Drives UARTINTR onto the vGIC line when it changes. Caller holds
 * u->lock, so two CPUs cannot leave the line at a stale level. */
static void vpl011_update_line(struct vpl011 *u)
{
	bool level = (u->ris & u->ctrl[VPL011_CTRL_IMSC] & UART_INT_ALL) != 0;

	if (level == u->irq_level)
		return;
	u->irq_level = level;
	vgic_set_level(u->partition, intid_of(u->intid), level);
}

static void vpl011_reset_state(struct vpl011 *u)
{
	for (uint32_t i = 0; i < VPL011_CTRL_COUNT; i++)
		u->ctrl[i] = vpl011_ctrl_regs[i].reset;
	u->ris = 0;
	u->rx_head = 0;
	u->rx_count = 0;
	(void)sk_memset(u->rx_fifo, 0, sizeof(u->rx_fifo));
}

/* Pops the oldest character and updates the receive interrupts. */
static uint32_t vpl011_rx_pop(struct vpl011 *u)
{
	uint32_t c;

	/* Reading an empty FIFO returns 0 (the TRM leaves it undefined). */
	if (u->rx_count == 0)
		return 0;
	c = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1u) % VPL011_FIFO_DEPTH;
	u->rx_count--;
	if (u->rx_count < vpl011_rx_trigger(u))
		u->ris &= ~UART_INT_RX;
	if (u->rx_count == 0)
		u->ris &= ~UART_INT_RT;
	return c;
}

/* Output goes to the partition's console line under its console_lock,
 * exactly like the hypercall console's. */
static void vpl011_transmit(struct vpl011 *u, char c)
{
	struct partition *p = u->partition;

	spin_lock(&p->console_lock);
	console_feed(&p->console, p->cfg->name, &c, 1);
	spin_unlock(&p->console_lock);
}

/* ---- register handlers ------------------------------------------------ */

static uint64_t vpl011_dr_read(struct vcpu *v, void *dev, uint32_t index,
			       uint32_t byte, uint32_t size)
{
	struct vpl011_op *op = dev;

	(void)v;
	(void)index;
	(void)size;
	/* Only bits 7:0 carry data and only an access that covers them
	 * takes a character; the error bits above always read 0. */
	if (byte != 0)
		return 0;
	return vpl011_rx_pop(op->u) & UARTDR_DATA;
}

static void vpl011_dr_write(struct vcpu *v, void *dev, uint32_t index,
			    uint32_t byte, uint32_t size, uint64_t val)
{
	struct vpl011_op *op = dev;

	(void)v;
	(void)index;
	(void)size;
	if (byte != 0)
		return;
	op->tx = true;
	op->tx_char = (char)(val & UARTDR_DATA);
	/* The byte leaves at once: the transmit FIFO passes its trigger
	 * level on the way back to empty (UARTTXINTR). */
	op->u->ris |= UART_INT_TX;
}

static uint64_t vpl011_fr_read(struct vcpu *v, void *dev, uint32_t index,
			       uint32_t byte, uint32_t size)
{
	const struct vpl011 *u = ((struct vpl011_op *)dev)->u;
	uint32_t fr = UARTFR_TXFE | UARTFR_MODEM_INPUTS;

	(void)v;
	(void)index;
	if (u->rx_count == 0)
		fr |= UARTFR_RXFE;
	if (u->rx_count >= vpl011_rx_depth(u))
		fr |= UARTFR_RXFF;
	return vpl011_extract(fr, byte, size);
}

static uint64_t vpl011_ctrl_read(struct vcpu *v, void *dev, uint32_t index,
				 uint32_t byte, uint32_t size)
{
	const struct vpl011 *u = ((struct vpl011_op *)dev)->u;

	(void)v;
	return vpl011_extract(u->ctrl[index], byte, size);
}

static void vpl011_ctrl_write(struct vcpu *v, void *dev, uint32_t index,
			      uint32_t byte, uint32_t size, uint64_t val)
{
	struct vpl011 *u = ((struct vpl011_op *)dev)->u;
	uint32_t merged = vpl011_merge(u->ctrl[index], byte, size, val);

	(void)v;
	/* A new IMSC takes effect through vpl011_update_line() after the
	 * access; trigger level and enables apply from the next event. */
	u->ctrl[index] = merged & vpl011_ctrl_regs[index].writable;
}

static uint64_t vpl011_ris_read(struct vcpu *v, void *dev, uint32_t index,
				uint32_t byte, uint32_t size)
{
	const struct vpl011 *u = ((struct vpl011_op *)dev)->u;

	(void)v;
	(void)index;
	return vpl011_extract(u->ris, byte, size);
}

static uint64_t vpl011_mis_read(struct vcpu *v, void *dev, uint32_t index,
				uint32_t byte, uint32_t size)
{
	const struct vpl011 *u = ((struct vpl011_op *)dev)->u;

	(void)v;
	(void)index;
	return vpl011_extract(u->ris & u->ctrl[VPL011_CTRL_IMSC], byte, size);
}

static void vpl011_icr_write(struct vcpu *v, void *dev, uint32_t index,
			     uint32_t byte, uint32_t size, uint64_t val)
{
	struct vpl011 *u = ((struct vpl011_op *)dev)->u;
	uint32_t clear = vpl011_merge(0, byte, size, val) & UART_INT_ALL;

	(void)v;
	(void)index;
	u->ris &= ~clear;
}

static uint64_t vpl011_id_read(struct vcpu *v, void *dev, uint32_t index,
			       uint32_t byte, uint32_t size)
{
	(void)v;
	(void)dev;
	return vpl011_extract(vpl011_id[index], byte, size);
}

/*
 * The register frame (DDI 0183G table 3-1). A register without a read
 * handler reads as zero, one without a write handler ignores writes
 * (UARTRSR/ECR: no receive errors ever happen; UARTDMACR: no DMA).
 * Offsets not listed fault.
 */
static const struct mmio_reg vpl011_regs[] = {
	{ .offset = UARTDR, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS,
	  .read = vpl011_dr_read, .write = vpl011_dr_write },
	/* receive errors never happen: RAZ/WI */
	{ .offset = UARTRSR, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS },
	{ .offset = UARTFR, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS,
	  .read = vpl011_fr_read },
	/* ILPR, IBRD, FBRD, LCR_H, CR, IFLS, IMSC */
	{ .offset = UARTILPR, .count = VPL011_CTRL_COUNT,
	  .stride = VPL011_REG_STRIDE, .widths = VPL011_ALL_WIDTHS,
	  .read = vpl011_ctrl_read, .write = vpl011_ctrl_write },
	{ .offset = UARTRIS, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS,
	  .read = vpl011_ris_read },
	{ .offset = UARTMIS, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS,
	  .read = vpl011_mis_read },
	{ .offset = UARTICR, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS,
	  .write = vpl011_icr_write },
	/* no DMA: RAZ/WI */
	{ .offset = UARTDMACR, .count = 1, .stride = VPL011_REG_STRIDE,
	  .widths = VPL011_ALL_WIDTHS },
	/* the peripheral and PrimeCell IDs */
	{ .offset = UARTPERIPHID0, .count = VPL011_ID_COUNT,
	  .stride = VPL011_REG_STRIDE, .widths = VPL011_ALL_WIDTHS,
	  .read = vpl011_id_read },
};

#define VPL011_REG_ROWS \
	((uint32_t)ARRAY_SIZE(vpl011_regs))

/* ---- interface -------------------------------------------------------- */

void vpl011_init(struct vpl011 *u, struct partition *p, uint32_t intid)
{
	(void)sk_memset(u, 0, sizeof(*u));
	u->partition = p;
	u->intid = intid;
	vpl011_reset_state(u);
}

/*
 * The two accesses a polled console makes for every character (Linux'
 * amba-pl011 console: read UARTFR until TXFF is clear, write UARTDR), done
 * without the register table's walk and, for the UARTFR read, which changes
 * nothing, without driving the interrupt line. The same handlers as the
 * table's, with the access the table would accept: a 32-bit read of UARTFR
 * or a write of UARTDR that covers its data byte (8, 16 or 32 bits).
 * Anything else takes the table. Caller holds u->lock.
 */
static bool vpl011_light(struct vcpu *v, struct vpl011_op *op,
			 uint64_t offset, struct mmio_access *a)
{
	if (offset == UARTFR && !a->write && a->size == sizeof(uint32_t)) {
		a->value = vpl011_fr_read(v, op, 0, 0, a->size);
		op->u->light_accesses++;
		return true;
	}
	if (offset == UARTDR && a->write && a->size <= sizeof(uint32_t)) {
		vpl011_dr_write(v, op, 0, 0, a->size, a->value);
		vpl011_update_line(op->u);
		op->u->light_accesses++;
		return true;
	}
	return false;
}

bool vpl011_mmio(struct vcpu *v, void *dev, uint64_t offset,
		 struct mmio_access *a)
{
	struct vpl011_op op = { .u = dev, .tx = false, .tx_char = 0 };
	bool ok = true;

	spin_lock(&op.u->lock);
	if (!vpl011_light(v, &op, offset, a)) {
		ok = mmio_table_access(vpl011_regs, VPL011_REG_ROWS, v, &op,
				       offset, a);
		vpl011_update_line(op.u);
	}
	spin_unlock(&op.u->lock);
	if (op.tx)
		vpl011_transmit(op.u, op.tx_char);
	return ok;
}

uint32_t vpl011_receive(struct vpl011 *u, const char *chars, uint32_t n)
{
	uint32_t taken = 0;

	spin_lock(&u->lock);
	if (vpl011_rx_enabled(u)) {
		uint32_t depth = vpl011_rx_depth(u);

		while (taken < n && u->rx_count < depth) {
			uint32_t tail = (u->rx_head + u->rx_count) %
					VPL011_FIFO_DEPTH;

			u->rx_fifo[tail] = (uint8_t)chars[taken];
			u->rx_count++;
			taken++;
		}
	}
	if (taken > 0) {
		if (u->rx_count >= vpl011_rx_trigger(u))
			u->ris |= UART_INT_RX;
		/* Nothing more arrives after this burst: the receive timeout
		 * runs out at once (UARTRTINTR). */
		u->ris |= UART_INT_RT;
	}
	vpl011_update_line(u);
	spin_unlock(&u->lock);
	return taken;
}

void vpl011_reset(struct vpl011 *u)
{
	spin_lock(&u->lock);
	vpl011_reset_state(u);
	/* Forced, not only on change: the vGIC may have been reset too. */
	u->irq_level = false;
	vgic_set_level(u->partition, intid_of(u->intid), false);
	spin_unlock(&u->lock);
	/* The terminal it drove forgets the old run's screen state. */
	console_terminal_reset(&u->partition->console);
}
