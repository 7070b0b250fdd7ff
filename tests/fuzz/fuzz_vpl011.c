/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the virtual PL011 (hypervisor/core/vpl011.c) through its trapped
 * MMIO handler (core/mmio.c) and its input path, with the console over the
 * fake UART and the vGIC line recorded (tests/unit/stubs).
 *
 * Input: a sequence of operations, an opcode byte and its arguments each:
 * a register access (offset, width, read/write, value), characters
 * arriving from the console, a partition reset.
 *
 * Invariants (offsets and bits written out from Arm DDI 0183G, behaviour
 * as vpl011.h documents it):
 * - the receive FIFO never overflows or underflows: what the guest reads
 *   from UARTDR is exactly what vpl011_receive accepted, in order, and it
 *   accepts no more than the FIFO depth (32, or 1 without LCR_H.FEN) and
 *   nothing while the receiver is off;
 * - the interrupt line is (UARTRIS & UARTIMSC) != 0 after every access and
 *   arrival, drives only the UART's own SPI of its own partition, and
 *   UARTMIS reads UARTRIS & UARTIMSC; RTRIS is clear when the FIFO is;
 * - UARTFR agrees with the FIFO (RXFE, RXFF) and the constant transmit and
 *   modem bits; control registers read back as written within their
 *   defined bits; read-only registers ignore writes; UARTRSR/UARTDMACR
 *   read 0; reserved offsets and 64-bit or unaligned accesses are refused
 *   and change nothing;
 * - another partition's UART never changes;
 * - no out-of-bounds access or undefined behaviour (ASan, UBSan).
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/partition.h"
#include "core/vpl011.h"
#include "fuzz_check.h"
#include "fuzz_input.h"
#include "core/console.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vgic.h"

#include "pl011_spec.h"

/* The end of the UART's 4 KiB frame; the harness also tries offsets past it. */
#define FRAME_END 0x1000u

static struct sk_cfg_partition cfg;
static struct partition part;
static struct vpl011 uart, other_uart, other_before;

/* What the guest must read from UARTDR, oldest first. */
static uint8_t model[FIFO_DEPTH];
static uint32_t model_count;


static bool access_uart(uint64_t off, uint32_t size, bool write,
			uint64_t *val)
{
	struct mmio_access a = {
		.addr = 0x09000000u + off, .size = size, .write = write,
		.value = write ? *val : 0xdeadbeefcafef00dull,
	};
	bool ok = vpl011_mmio(NULL, &uart, off, &a);

	if (!write)
		*val = a.value;
	return ok;
}

/* A whole 32-bit register, read without side effects (not UARTDR). */
static uint32_t rd(uint32_t off)
{
	uint64_t v = 0;

	FUZZ_ASSERT(off != DR);
	FUZZ_ASSERT(access_uart(off, 4, false, &v));
	FUZZ_ASSERT(v <= 0xffffffffu);
	return (uint32_t)v;
}

static uint32_t depth(void)
{
	return (uart.ctrl[VPL011_CTRL_LCR_H] & LCR_H_FEN) != 0 ? FIFO_DEPTH : 1u;
}

/* The state a refused access or a read of anything but UARTDR keeps. */
struct snapshot {
	uint32_t ctrl[VPL011_CTRL_COUNT];
	uint32_t ris, rx_head, rx_count;
	uint8_t fifo[FIFO_DEPTH];
	bool level;
	size_t vgic_calls;
};

static void snap(struct snapshot *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->ctrl, uart.ctrl, sizeof(s->ctrl));
	s->ris = uart.ris;
	s->rx_head = uart.rx_head;
	s->rx_count = uart.rx_count;
	memcpy(s->fifo, uart.rx_fifo, sizeof(s->fifo));
	s->level = uart.irq_level;
	s->vgic_calls = fake_vgic_calls();
}

static bool same(const struct snapshot *a, const struct snapshot *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* What holds after every operation. */
static void check_state(void)
{
	const struct fake_vgic_call *last = fake_vgic_last();
	bool line = last != NULL && last->level;
	bool want = (uart.ris & uart.ctrl[VPL011_CTRL_IMSC] & INT_ALL) != 0;

	FUZZ_ASSERT(uart.rx_count == model_count);
	FUZZ_ASSERT(uart.rx_count <= FIFO_DEPTH && uart.rx_head < FIFO_DEPTH);
	for (uint32_t i = 0; i < model_count; i++)
		FUZZ_ASSERT(uart.rx_fifo[(uart.rx_head + i) % FIFO_DEPTH] == model[i]);
	FUZZ_ASSERT(line == want && uart.irq_level == want);
	if (last != NULL)
		FUZZ_ASSERT(last->partition == &part && last->intid == UART_SPI &&
			    !last->edge);
	if (uart.rx_count == 0)
		FUZZ_ASSERT((uart.ris & INT_RT) == 0);
	FUZZ_ASSERT((uart.ris & ~INT_ALL) == 0);
	FUZZ_ASSERT(memcmp(&other_uart, &other_before, sizeof(other_uart)) == 0);

	uint32_t ris = rd(RIS), imsc = rd(IMSC), fr = rd(FR);

	FUZZ_ASSERT(rd(MIS) == (ris & imsc));
	FUZZ_ASSERT((fr & (FR_TXFE | FR_CTS | FR_DSR | FR_DCD)) ==
		    (FR_TXFE | FR_CTS | FR_DSR | FR_DCD));
	FUZZ_ASSERT((fr & (FR_TXFF | FR_BUSY)) == 0);
	FUZZ_ASSERT(((fr & FR_RXFE) != 0) == (model_count == 0));
	FUZZ_ASSERT(((fr & FR_RXFF) != 0) == (model_count >= depth()));
	FUZZ_ASSERT(rd(RSR) == 0 && rd(DMACR) == 0);
}

/* Bits each control register keeps (DDI 0183G 3.3.6-3.3.10). */
static uint32_t writable(uint32_t off)
{
	switch (off) {
	case ILPR: return 0xffu;
	case IBRD: return 0xffffu;
	case FBRD: return 0x3fu;
	case LCR_H: return 0xffu;
	case CR: return 0xff87u;   /* bits 6:3 reserved */
	case IFLS: return 0x3fu;
	case IMSC: return INT_ALL;
	default: return 0;
	}
}

/* Offsets that are registers (the rest of the frame is reserved). */
static bool is_register(uint32_t reg)
{
	return reg == DR || reg == RSR || reg == FR ||
	       (reg >= ILPR && reg <= DMACR) ||
	       (reg >= PERIPHID0 && reg < FRAME_END);
}

static void op_access(struct fuzz_input *in)
{
	uint32_t how = (uint32_t)fuzz_take(in, 1);
	uint32_t size = 1u << (how & 3u);
	bool write = (how & 4u) != 0;
	uint64_t off = fuzz_take(in, 2) % (FRAME_END + 0x100u);
	uint64_t val = write ? fuzz_take(in, size) : 0;
	struct snapshot before, after;

	if ((how & 8u) == 0)
		off &= ~(uint64_t)(size - 1u); /* mostly aligned */
	uint32_t reg = (uint32_t)(off & ~3ull);
	uint32_t byte = (uint32_t)(off & 3u);
	bool valid = size <= 4u && off % size == 0 && off < FRAME_END &&
		     is_register(reg);
	uint32_t old = valid && reg >= ILPR && reg <= IMSC ? rd(reg) : 0;

	snap(&before);
	bool ok = access_uart(off, size, write, &val);
	snap(&after);

	FUZZ_ASSERT(ok == valid);
	if (!ok) {
		FUZZ_ASSERT(same(&before, &after));
		return;
	}
	uint32_t lanes = (size == 4u ? 0xffffffffu : (1u << (8u * size)) - 1u)
			 << (8u * byte);
	if (reg == DR && byte == 0) {
		if (write)
			FUZZ_ASSERT((after.ris & INT_TX) != 0);
		if (!write) {
			/* The oldest character, or 0 from an empty FIFO. */
			FUZZ_ASSERT(val == (model_count > 0 ? model[0] : 0u));
			if (model_count > 0) {
				memmove(model, model + 1, --model_count);
			}
		}
		return;
	}
	if (!write) {
		FUZZ_ASSERT(val < (1ull << (8u * size)));
		FUZZ_ASSERT(same(&before, &after));
		if (reg == RSR || reg == DMACR || reg == DR)
			FUZZ_ASSERT(val == 0);
		return;
	}
	if (reg >= ILPR && reg <= IMSC) {
		uint32_t w = (uint32_t)(val << (8u * byte));
		uint32_t want = ((old & ~lanes) | (w & lanes)) & writable(reg);

		FUZZ_ASSERT(rd(reg) == want);
	} else if (reg == ICR) {
		uint32_t clear = (uint32_t)(val << (8u * byte)) & lanes & INT_ALL;

		FUZZ_ASSERT((after.ris & clear) == 0);
		FUZZ_ASSERT(after.ris == (before.ris & ~clear));
	} else {
		/* Read-only or write-ignored (UARTDR above bits 7:0 too): the
		 * line may not even move. */
		FUZZ_ASSERT(same(&before, &after));
	}
}

static void op_receive(struct fuzz_input *in)
{
	uint32_t n = (uint32_t)fuzz_take(in, 1) % (FIFO_DEPTH + 8u);
	char chars[FIFO_DEPTH + 8u];
	bool on = (uart.ctrl[VPL011_CTRL_CR] & (CR_UARTEN | CR_RXE)) ==
		  (CR_UARTEN | CR_RXE);
	uint32_t room = depth() > model_count ? depth() - model_count : 0u;
	uint32_t want = on ? (n < room ? n : room) : 0u;

	for (uint32_t i = 0; i < n; i++)
		chars[i] = (char)fuzz_take(in, 1);
	uint32_t taken = vpl011_receive(&uart, chars, n);

	FUZZ_ASSERT(taken == want);
	for (uint32_t i = 0; i < taken; i++)
		model[model_count++] = (uint8_t)chars[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint32_t steps = 0;

	memset(&cfg, 0, sizeof(cfg));
	memcpy(cfg.name, "fuzz", 5);
	memset(&part, 0, sizeof(part));
	part.cfg = &cfg;
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	fake_vgic_reset();
	vpl011_init(&uart, &part, UART_SPI);
	vpl011_init(&other_uart, NULL, UART_SPI + 1u);
	other_before = other_uart;
	model_count = 0;

	while (in.left > 0 && steps++ < 4096u) {
		uint32_t opcode = (uint32_t)fuzz_take(&in, 1) % 8u;

		if (opcode < 6u) {
			op_access(&in);
		} else if (opcode == 6u) {
			op_receive(&in);
		} else {
			vpl011_reset(&uart);
			model_count = 0;
		}
		check_state();
		/* The console keeps what it is fed inside its own buffers. */
		if (fake_uart_output_len() > FAKE_UART_OUT_MAX / 2u)
			fake_uart_clear_output();
	}
	return 0;
}
