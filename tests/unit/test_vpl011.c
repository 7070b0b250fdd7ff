/* SPDX-License-Identifier: MIT */
/*
 * The virtual PL011 (hypervisor/core/vpl011.c), linked with the real MMIO
 * table walker and console over a fake UART and a fake vGIC line. Each
 * test drives the device the way a guest driver would: through
 * vpl011_mmio() with the access sizes Linux uses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition.h"
#include "core/vpl011.h"
#include "lib/array.h"
#include "core/console.h"
#include "stubs/fake_uart.h"
#include "stubs/fake_vgic.h"

#include "pl011_spec.h"

static struct sk_cfg_partition cfg;
static struct partition part;
static struct vpl011 uart;

static int setup(void **state)
{
	(void)state;
	memset(&cfg, 0, sizeof(cfg));
	strcpy(cfg.name, "linux");
	memset(&part, 0, sizeof(part));
	part.cfg = &cfg;
	fake_uart_reset();
	console_set_uart(&fake_uart_driver, FAKE_UART_BASE);
	fake_vgic_reset();
	vpl011_init(&uart, &part, UART_SPI);
	return 0;
}

static bool access_uart(uint64_t offset, uint32_t size, bool write,
			uint64_t *value)
{
	struct mmio_access a = {
		.addr = 0x09000000u + offset, .size = size, .write = write,
		.value = write ? *value : 0xdeadbeefull,
	};
	bool ok = vpl011_mmio(NULL, &uart, offset, &a);

	if (!write)
		*value = a.value;
	return ok;
}

static uint32_t rd_sized(uint32_t offset, uint32_t size)
{
	uint64_t v = 0;

	assert_true(access_uart(offset, size, false, &v));
	return (uint32_t)v;
}

static void wr_sized(uint32_t offset, uint32_t size, uint32_t value)
{
	uint64_t v = value;

	assert_true(access_uart(offset, size, true, &v));
}

static uint32_t rd(uint32_t offset)
{
	return rd_sized(offset, 4);
}

static void wr(uint32_t offset, uint32_t value)
{
	wr_sized(offset, 4, value);
}

/* The level the device last drove onto its vGIC line (low if never). */
static bool line(void)
{
	const struct fake_vgic_call *c = fake_vgic_last();

	return c != NULL && c->level;
}

/* Set up as Linux' pl011_startup leaves it: FIFO on, UART enabled. */
static void open_port(uint32_t imsc)
{
	wr(LCR_H, LCR_H_8BIT_FIFO);
	wr(CR, CR_ON);
	wr(IMSC, imsc);
}

static void receive_n(uint32_t n, char c)
{
	char buf[FIFO_DEPTH];

	assert_true(n <= FIFO_DEPTH);
	memset(buf, c, n);
	assert_int_equal(vpl011_receive(&uart, buf, n), n);
}

/* ---- identification ----------------------------------------------------- */

static void test_id_registers_identify_a_pl011_to_the_amba_bus(void **state)
{
	uint32_t pid = 0, cid = 0;

	(void)state;
	for (uint32_t i = 0; i < 4; i++) {
		pid |= (rd(PERIPHID0 + 4 * i) & 0xffu) << (8 * i);
		cid |= (rd(PCELLID0 + 4 * i) & 0xffu) << (8 * i);
	}
	assert_int_equal(pid, 0x00341011u);
	assert_int_equal(pid & AMBA_PL011_MASK, AMBA_PL011_ID);
	assert_int_equal(cid, AMBA_CID);
	/* Revision (PeriphID2 bits 7:4) 3: Linux assumes a 32-entry FIFO. */
	assert_int_equal((rd(PERIPHID0 + 8) >> 4) & 0xfu, 3u);
}

static void test_id_registers_are_read_only(void **state)
{
	(void)state;
	wr(PERIPHID0, 0xffu);
	wr(PCELLID0 + 12, 0u);
	assert_int_equal(rd(PERIPHID0), 0x11u);
	assert_int_equal(rd(PCELLID0 + 12), 0xb1u);
}

/* ---- reset values ------------------------------------------------------- */

static void test_registers_start_at_their_reset_values(void **state)
{
	(void)state;
	assert_int_equal(rd(CR), 0x300u);
	assert_int_equal(rd(IFLS), 0x12u);
	assert_int_equal(rd(FR), FR_TXFE | FR_RXFE | FR_CTS | FR_DSR | FR_DCD);
	assert_int_equal(rd(ILPR), 0u);
	assert_int_equal(rd(IBRD), 0u);
	assert_int_equal(rd(FBRD), 0u);
	assert_int_equal(rd(LCR_H), 0u);
	assert_int_equal(rd(IMSC), 0u);
	assert_int_equal(rd(RIS), 0u);
	assert_int_equal(rd(MIS), 0u);
	assert_int_equal(fake_vgic_calls(), 0u);
}

static void test_control_registers_keep_only_defined_bits(void **state)
{
	(void)state;
	wr(ILPR, 0xffffffffu);
	wr(IBRD, 0xffffffffu);
	wr(FBRD, 0xffffffffu);
	wr(LCR_H, 0xffffffffu);
	wr(CR, 0xffffffffu);
	wr(IFLS, 0xffffffffu);
	wr(IMSC, 0xffffffffu);
	assert_int_equal(rd(ILPR), 0xffu);
	assert_int_equal(rd(IBRD), 0xffffu);
	assert_int_equal(rd(FBRD), 0x3fu);
	assert_int_equal(rd(LCR_H), 0xffu);
	assert_int_equal(rd(CR), 0xff87u); /* bits 6:3 reserved */
	assert_int_equal(rd(IFLS), 0x3fu);
	assert_int_equal(rd(IMSC), INT_ALL);
}

static void test_reset_restores_reset_values(void **state)
{
	(void)state;
	open_port(INT_RX | INT_RT | INT_TX);
	wr(IBRD, 13);
	wr(FBRD, 2);
	wr(IFLS, IFLS_RX_7_8);
	receive_n(5, 'x');
	assert_true(line());

	vpl011_reset(&uart);

	assert_int_equal(rd(CR), 0x300u);
	assert_int_equal(rd(IFLS), 0x12u);
	assert_int_equal(rd(IBRD), 0u);
	assert_int_equal(rd(FBRD), 0u);
	assert_int_equal(rd(LCR_H), 0u);
	assert_int_equal(rd(IMSC), 0u);
	assert_int_equal(rd(RIS), 0u);
	assert_true((rd(FR) & FR_RXFE) != 0);
	assert_false(line());
	assert_int_equal(fake_vgic_last()->intid, UART_SPI);
}

static void test_reset_lowers_the_line_even_if_already_low(void **state)
{
	(void)state;
	/* The vGIC may have been reset with the partition: the line is
	 * driven low again, not assumed low. */
	vpl011_reset(&uart);
	assert_int_equal(fake_vgic_calls(), 1u);
	assert_false(fake_vgic_last()->level);
	assert_ptr_equal(fake_vgic_last()->partition, &part);
}

/* ---- transmit ----------------------------------------------------------- */

static void test_dr_writes_appear_as_labelled_console_lines(void **state)
{
	(void)state;
	open_port(0);
	wr(DR, 'h');
	wr(DR, 'i');
	/* Lines go out whole: nothing before the newline. */
	assert_int_equal(fake_uart_output_len(), 0u);
	wr(DR, '\n');
	assert_string_equal(fake_uart_output(), "[linux] hi\r\n");
}

static void test_dr_write_sends_only_the_data_byte(void **state)
{
	(void)state;
	/* Bits above 7:0 of a written word are not data. */
	wr(DR, 0x1200u | 'A');
	wr(DR, '\n');
	assert_string_equal(fake_uart_output(), "[linux] A\r\n");
}

static void test_earlycon_byte_writes_and_word_flag_reads_work(void **state)
{
	const char *msg = "early\n";

	(void)state;
	/* Linux' pl011 earlycon (UPIO_MEM): polls FR with 32-bit reads,
	 * writes DR with 8-bit stores, on a UART nobody has enabled. */
	for (const char *c = msg; *c != '\0'; c++) {
		assert_int_equal(rd(FR) & FR_TXFF, 0u);
		wr_sized(DR, 1, (uint8_t)*c);
		assert_int_equal(rd(FR) & FR_BUSY, 0u);
	}
	assert_string_equal(fake_uart_output(), "[linux] early\r\n");
}

static void test_transmitter_is_always_empty_and_never_busy(void **state)
{
	(void)state;
	open_port(0);
	for (uint32_t i = 0; i < 3 * FIFO_DEPTH; i++) {
		wr_sized(DR, 2, 'z');
		assert_int_equal(rd_sized(FR, 2) & (FR_TXFE | FR_TXFF | FR_BUSY),
				 FR_TXFE);
	}
}

static void test_output_shares_the_partition_console_line(void **state)
{
	(void)state;
	/* Text the partition started through another path (hypercall
	 * console) and text written to the UART end up on one line. */
	console_feed(&part.console, cfg.name, "a", 1);
	wr(DR, 'b');
	wr(DR, '\n');
	assert_string_equal(fake_uart_output(), "[linux] ab\r\n");
}

/* ---- Linux' 16-bit register accesses ------------------------------------ */

static void test_halfword_accesses_reach_every_register(void **state)
{
	(void)state;
	/* amba-pl011 on an Arm PL011 (UPIO_MEM) uses readw/writew. */
	wr_sized(CR, 2, CR_ON);
	wr_sized(LCR_H, 2, LCR_H_8BIT_FIFO);
	wr_sized(IBRD, 2, 0x1234u);
	wr_sized(IMSC, 2, INT_RX | INT_RT);
	assert_int_equal(rd_sized(CR, 2), CR_ON);
	assert_int_equal(rd_sized(LCR_H, 2), LCR_H_8BIT_FIFO);
	assert_int_equal(rd_sized(IBRD, 2), 0x1234u);
	assert_int_equal(rd_sized(IMSC, 2), INT_RX | INT_RT);
	assert_int_equal(vpl011_receive(&uart, "q", 1), 1u);
	assert_int_equal(rd_sized(RIS, 2) & INT_RT, INT_RT);
	assert_int_equal(rd_sized(DR, 2), 'q');
	assert_int_equal(rd_sized(PERIPHID0, 2), 0x11u);
}

static void test_byte_access_at_upper_byte_reaches_upper_bits(void **state)
{
	(void)state;
	/* CR resets to 0x300: TXE and RXE live in byte 1. */
	assert_int_equal(rd_sized(CR + 1, 1), 0x03u);
	wr_sized(CR + 1, 1, 0x00u);
	wr_sized(CR, 1, CR_UARTEN);
	assert_int_equal(rd(CR), CR_UARTEN);
	wr_sized(IBRD + 1, 1, 0xabu);
	assert_int_equal(rd(IBRD), 0xab00u);
}

static void test_upper_bytes_of_dr_move_no_character(void **state)
{
	(void)state;
	open_port(0);
	assert_int_equal(vpl011_receive(&uart, "k", 1), 1u);
	/* Reading the error byte does not pop the FIFO ... */
	assert_int_equal(rd_sized(DR + 1, 1), 0u);
	assert_int_equal(rd(FR) & FR_RXFE, 0u);
	/* ... and writing it transmits nothing. */
	wr_sized(DR + 1, 1, 'x');
	wr(DR, '\n');
	assert_string_equal(fake_uart_output(), "[linux] \r\n");
	assert_int_equal(rd(DR), 'k');
}

/* ---- receive ------------------------------------------------------------ */

static void test_received_chars_read_back_in_order(void **state)
{
	(void)state;
	open_port(0);
	assert_int_equal(vpl011_receive(&uart, "ls\r", 3), 3u);
	assert_int_equal(rd(DR), 'l');
	assert_int_equal(rd(DR), 's');
	assert_int_equal(rd(DR), '\r');
	assert_true((rd(FR) & FR_RXFE) != 0);
}

static void test_fifo_keeps_order_across_wraparound(void **state)
{
	char expect = 'a';
	char next = 'a';

	(void)state;
	open_port(0);
	/* Fill and drain in uneven steps so head and tail wrap. */
	for (uint32_t round = 0; round < 10; round++) {
		for (uint32_t i = 0; i < 7; i++, next++)
			assert_int_equal(vpl011_receive(&uart, &next, 1), 1u);
		for (uint32_t i = 0; i < 5; i++, expect++)
			assert_int_equal(rd(DR), (uint8_t)expect);
	}
	while ((rd(FR) & FR_RXFE) == 0)
		assert_int_equal(rd(DR), (uint8_t)expect++);
	assert_int_equal(expect, next);
}

static void test_flags_reflect_rx_fifo_state(void **state)
{
	(void)state;
	open_port(0);
	assert_int_equal(rd(FR) & (FR_RXFE | FR_RXFF), FR_RXFE);
	receive_n(1, 'a');
	assert_int_equal(rd(FR) & (FR_RXFE | FR_RXFF), 0u);
	receive_n(FIFO_DEPTH - 1, 'a');
	assert_int_equal(rd(FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
	(void)rd(DR);
	assert_int_equal(rd(FR) & (FR_RXFE | FR_RXFF), 0u);
}

static void test_full_fifo_refuses_extra_chars(void **state)
{
	char many[FIFO_DEPTH + 8];

	(void)state;
	open_port(0);
	for (uint32_t i = 0; i < sizeof(many); i++)
		many[i] = (char)('0' + i % 10);
	assert_int_equal(vpl011_receive(&uart, many, sizeof(many)), FIFO_DEPTH);
	assert_int_equal(vpl011_receive(&uart, "x", 1), 0u);
	/* What was taken is intact: the first FIFO_DEPTH characters. */
	assert_int_equal(rd(DR), '0');
	/* One slot free: exactly one more is taken. */
	assert_int_equal(vpl011_receive(&uart, "xy", 2), 1u);
	for (uint32_t i = 1; i < FIFO_DEPTH; i++)
		assert_int_equal(rd(DR), (uint8_t)many[i]);
	assert_int_equal(rd(DR), 'x');
	assert_true((rd(FR) & FR_RXFE) != 0);
	assert_int_equal(rd(RSR), 0u); /* refused is not overrun */
}

static void test_without_fifo_one_char_is_held(void **state)
{
	(void)state;
	wr(CR, CR_ON); /* LCR_H.FEN = 0: character mode */
	assert_int_equal(vpl011_receive(&uart, "ab", 2), 1u);
	assert_int_equal(rd(FR) & (FR_RXFE | FR_RXFF), FR_RXFF);
	assert_int_equal(rd(DR), 'a');
	assert_int_equal(vpl011_receive(&uart, "b", 1), 1u);
	assert_int_equal(rd(DR), 'b');
}

static void test_disabled_receiver_takes_nothing(void **state)
{
	(void)state;
	/* Reset: RXE set but UARTEN clear. */
	assert_int_equal(vpl011_receive(&uart, "a", 1), 0u);
	wr(CR, CR_UARTEN | CR_TXE);
	assert_int_equal(vpl011_receive(&uart, "a", 1), 0u);
	wr(CR, CR_ON);
	assert_int_equal(vpl011_receive(&uart, "a", 1), 1u);
	assert_int_equal(fake_vgic_calls(), 0u);
}

static void test_reading_an_empty_fifo_returns_zero(void **state)
{
	(void)state;
	open_port(0);
	assert_int_equal(rd(DR), 0u);
	assert_true((rd(FR) & FR_RXFE) != 0);
	receive_n(1, 'm');
	assert_int_equal(rd(DR), 'm');
}

/* ---- receive interrupts ------------------------------------------------- */

static void test_rx_interrupt_rises_at_trigger_level(void **state)
{
	(void)state;
	open_port(INT_RX);
	receive_n(RESET_RX_TRIGGER - 1, 'a');
	assert_int_equal(rd(RIS) & INT_RX, 0u);
	assert_int_equal(fake_vgic_calls(), 0u);
	receive_n(1, 'a');
	assert_int_equal(rd(RIS) & INT_RX, INT_RX);
	assert_int_equal(rd(MIS), INT_RX);
	assert_int_equal(fake_vgic_calls(), 1u);
	assert_ptr_equal(fake_vgic_call(0)->partition, &part);
	assert_int_equal(fake_vgic_call(0)->intid, UART_SPI);
	assert_true(fake_vgic_call(0)->level);
}

static void test_rx_interrupt_falls_when_drained_below_trigger(void **state)
{
	(void)state;
	open_port(INT_RX);
	receive_n(RESET_RX_TRIGGER + 1, 'a');
	assert_true(line());
	(void)rd(DR); /* at the trigger level: still asserted */
	assert_true(line());
	(void)rd(DR); /* below it */
	assert_false(line());
	assert_int_equal(rd(RIS) & INT_RX, 0u);
	assert_int_equal(fake_vgic_calls(), 2u);
}

static void test_rx_trigger_follows_ifls(void **state)
{
	(void)state;
	open_port(INT_RX);
	wr(IFLS, IFLS_RX_1_8);
	receive_n(3, 'a');
	assert_false(line());
	receive_n(1, 'a'); /* 1/8 of 32 */
	assert_true(line());

	vpl011_reset(&uart);
	open_port(INT_RX);
	wr(IFLS, IFLS_RX_7_8);
	receive_n(27, 'a');
	assert_false(line());
	receive_n(1, 'a'); /* 7/8 of 32 */
	assert_true(line());
}

static void test_rx_interrupt_without_fifo_on_every_char(void **state)
{
	(void)state;
	wr(CR, CR_ON);
	wr(IMSC, INT_RX);
	receive_n(1, 'a');
	assert_true(line());
	(void)rd(DR);
	assert_false(line());
}

static void test_rt_interrupt_for_chars_below_trigger(void **state)
{
	(void)state;
	open_port(INT_RT);
	receive_n(3, 'a');
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RT);
	assert_true(line());
	(void)rd(DR);
	(void)rd(DR);
	assert_true(line()); /* data still waiting */
	(void)rd(DR);
	assert_false(line());
	assert_int_equal(rd(RIS) & INT_RT, 0u);
}

static void test_masking_lowers_the_line(void **state)
{
	(void)state;
	open_port(INT_RX | INT_RT);
	receive_n(2, 'a');
	assert_true(line());
	wr(IMSC, 0);
	assert_false(line());
	assert_int_equal(rd(RIS) & INT_RT, INT_RT); /* raw status stays */
	assert_int_equal(rd(MIS), 0u);
	wr(IMSC, INT_RT);
	assert_true(line());
}

static void test_icr_clears_raw_status(void **state)
{
	(void)state;
	open_port(INT_RX | INT_RT);
	receive_n(RESET_RX_TRIGGER, 'a');
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RX | INT_RT);
	wr(ICR, INT_RX);
	assert_int_equal(rd(RIS) & (INT_RX | INT_RT), INT_RT);
	assert_true(line());
	wr(ICR, INT_RT);
	assert_int_equal(rd(RIS), 0u);
	assert_false(line());
	/* The data is still there, and the next arrival signals again. */
	assert_int_equal(rd(FR) & FR_RXFE, 0u);
	receive_n(1, 'b');
	assert_true(line());
}

static void test_icr_ignores_unset_bits(void **state)
{
	(void)state;
	open_port(INT_RT);
	receive_n(1, 'a');
	wr(ICR, 0);
	wr(ICR, INT_ALL & ~INT_RT);
	assert_int_equal(rd(RIS), INT_RT);
	assert_true(line());
}

static void test_linux_startup_drains_and_rearms(void **state)
{
	(void)state;
	/* Characters typed before the port was opened ... */
	open_port(0);
	receive_n(5, 'z');
	/* ... pl011_enable_interrupts: clear RX/RT, drain, unmask. */
	wr_sized(ICR, 2, INT_RX | INT_RT);
	for (uint32_t i = 0; i < 2 * FIFO_DEPTH; i++) {
		if (rd_sized(FR, 2) & FR_RXFE)
			break;
		(void)rd_sized(DR, 2);
	}
	wr_sized(IMSC, 2, INT_RX | INT_RT);
	assert_false(line());
	receive_n(1, '\r');
	assert_true(line());
}

/* ---- transmit interrupt ------------------------------------------------- */

static void test_tx_interrupt_is_not_raw_pending_at_reset(void **state)
{
	(void)state;
	wr(CR, CR_ON);
	wr(IMSC, INT_TX);
	assert_int_equal(rd(RIS) & INT_TX, 0u);
	assert_false(line());
}

static void test_tx_interrupt_follows_each_write(void **state)
{
	(void)state;
	open_port(0);
	wr(DR, 'a');
	assert_int_equal(rd(RIS) & INT_TX, INT_TX);
	/* A driver that wrote and then waits for TXIS gets it at once:
	 * output never stalls. */
	wr(IMSC, INT_TX);
	assert_true(line());
}

static void test_tx_interrupt_stays_while_unmasked_and_writing(void **state)
{
	(void)state;
	open_port(INT_TX);
	/* pl011_int -> pl011_tx_chars(from_irq): writes half a FIFO each
	 * pass without looking at TXFF; TXIS stays up, no line toggling. */
	for (uint32_t i = 0; i < 4 * FIFO_DEPTH; i++)
		wr_sized(DR, 2, 'c');
	assert_true(line());
	assert_int_equal(fake_vgic_calls(), 1u);
}

static void test_masking_tx_ends_it_without_storm(void **state)
{
	(void)state;
	open_port(INT_RX | INT_RT | INT_TX);
	wr(DR, 'a');
	assert_true(line());
	/* Buffer empty: pl011_stop_tx masks TXIM. */
	wr(IMSC, INT_RX | INT_RT);
	assert_false(line());
	/* Later output (with TXIM masked) does not raise the line again. */
	for (uint32_t i = 0; i < FIFO_DEPTH; i++)
		wr(DR, 'b');
	assert_false(line());
	assert_int_equal(fake_vgic_calls(), 2u);
}

static void test_icr_clears_tx_until_next_write(void **state)
{
	(void)state;
	open_port(INT_TX);
	wr(DR, 'a');
	assert_true(line());
	wr(ICR, INT_TX);
	assert_false(line());
	assert_int_equal(rd(RIS) & INT_TX, 0u);
	/* Reads and other registers do not bring it back ... */
	(void)rd(FR);
	wr(IBRD, 1);
	assert_false(line());
	/* ... the next byte written does. */
	wr(DR, 'b');
	assert_true(line());
	assert_int_equal(fake_vgic_calls(), 3u);
}

/* ---- faults ------------------------------------------------------------- */

static void test_reserved_and_unknown_offsets_are_refused(void **state)
{
	static const uint32_t refused[] = {
		0x008, 0x00c, 0x010, 0x014, 0x01c, 0x04c, 0x07c,
		0x080, 0x08c, 0x400, 0xfcc, 0xfd0, 0xfdc, 0x1000,
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		uint64_t v = 0;

		assert_false(access_uart(refused[i], 4, false, &v));
		assert_false(access_uart(refused[i], 4, true, &v));
	}
	assert_int_equal(fake_uart_output_len(), 0u);
}

static void test_doubleword_accesses_are_refused(void **state)
{
	uint64_t v = 'x';

	(void)state;
	assert_false(access_uart(DR, 8, true, &v));
	assert_false(access_uart(DR, 8, false, &v));
	assert_false(access_uart(CR, 8, false, &v));
	assert_false(access_uart(PERIPHID0, 8, false, &v));
	wr(DR, '\n');
	assert_string_equal(fake_uart_output(), "[linux] \r\n");
}

static void test_misaligned_accesses_are_refused(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_false(access_uart(DR + 1, 2, false, &v));
	assert_false(access_uart(CR + 2, 4, false, &v));
	assert_false(access_uart(CR + 3, 2, true, &v));
	assert_int_equal(rd(CR), 0x300u);
}

/* ---- registers without function ----------------------------------------- */

static void test_rsr_and_dmacr_read_zero_and_ignore_writes(void **state)
{
	(void)state;
	wr(RSR, 0xffu);
	wr(DMACR, 0x7u);
	assert_int_equal(rd(RSR), 0u);
	assert_int_equal(rd(DMACR), 0u);
}

static void test_status_registers_ignore_writes(void **state)
{
	(void)state;
	open_port(0);
	wr(FR, 0u);
	wr(RIS, INT_ALL);
	wr(MIS, INT_ALL);
	assert_int_equal(rd(RIS), 0u);
	assert_int_equal(rd(FR) & FR_TXFE, FR_TXFE);
	assert_int_equal(rd(ICR), 0u); /* write-only: reads as zero */
	assert_false(line());
}

/* A polled console's two accesses per character take vpl011_mmio's light
 * path, with what the register table would have done; every other access
 * still takes the table. */
static void test_console_polling_takes_the_light_path(void **state)
{
	(void)state;
	open_port(INT_TX);
	assert_int_equal(uart.light_accesses, 0u);
	assert_int_equal(rd(FR) & (FR_TXFF | FR_BUSY), 0u);
	wr(DR, 0x1200u | 'o');
	wr_sized(DR, 1, 'k');
	wr_sized(DR, 2, '\n');
	assert_int_equal(uart.light_accesses, 4u);
	assert_string_equal(fake_uart_output(), "[linux] ok\r\n");
	/* The write raised TXRIS and, unmasked, the line. */
	assert_true(line());
	/* A byte read of UARTFR, a read of UARTDR, control registers: the
	 * table. */
	assert_int_equal(rd_sized(FR, 1) & FR_TXFE, FR_TXFE);
	(void)rd(DR);
	wr(ICR, INT_TX);
	assert_false(line());
	assert_int_equal(uart.light_accesses, 4u);
}

#define T(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_id_registers_identify_a_pl011_to_the_amba_bus),
		T(test_id_registers_are_read_only),
		T(test_registers_start_at_their_reset_values),
		T(test_control_registers_keep_only_defined_bits),
		T(test_reset_restores_reset_values),
		T(test_reset_lowers_the_line_even_if_already_low),
		T(test_dr_writes_appear_as_labelled_console_lines),
		T(test_dr_write_sends_only_the_data_byte),
		T(test_earlycon_byte_writes_and_word_flag_reads_work),
		T(test_transmitter_is_always_empty_and_never_busy),
		T(test_output_shares_the_partition_console_line),
		T(test_halfword_accesses_reach_every_register),
		T(test_byte_access_at_upper_byte_reaches_upper_bits),
		T(test_upper_bytes_of_dr_move_no_character),
		T(test_received_chars_read_back_in_order),
		T(test_fifo_keeps_order_across_wraparound),
		T(test_flags_reflect_rx_fifo_state),
		T(test_full_fifo_refuses_extra_chars),
		T(test_without_fifo_one_char_is_held),
		T(test_disabled_receiver_takes_nothing),
		T(test_reading_an_empty_fifo_returns_zero),
		T(test_rx_interrupt_rises_at_trigger_level),
		T(test_rx_interrupt_falls_when_drained_below_trigger),
		T(test_rx_trigger_follows_ifls),
		T(test_rx_interrupt_without_fifo_on_every_char),
		T(test_rt_interrupt_for_chars_below_trigger),
		T(test_masking_lowers_the_line),
		T(test_icr_clears_raw_status),
		T(test_icr_ignores_unset_bits),
		T(test_linux_startup_drains_and_rearms),
		T(test_tx_interrupt_is_not_raw_pending_at_reset),
		T(test_tx_interrupt_follows_each_write),
		T(test_tx_interrupt_stays_while_unmasked_and_writing),
		T(test_masking_tx_ends_it_without_storm),
		T(test_icr_clears_tx_until_next_write),
		T(test_reserved_and_unknown_offsets_are_refused),
		T(test_doubleword_accesses_are_refused),
		T(test_misaligned_accesses_are_refused),
		T(test_rsr_and_dmacr_read_zero_and_ignore_writes),
		T(test_status_registers_ignore_writes),
		T(test_console_polling_takes_the_light_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
