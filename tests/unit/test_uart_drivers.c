/* SPDX-License-Identifier: MIT */
/*
 * The console UART drivers (hypervisor/drivers/) against a fake register
 * file (tests/unit/fake_mmio/arch/mmio.h): the driver chosen by a device
 * tree's compatible list, and each driver's registers and fields as its
 * manual names them (PL011 TRM DDI 0183; i.MX 8M Plus RM, UART chapter;
 * UG1085, UART controller).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/uart.h"

#define BASE 0x30890000u
#define REGS 0x100u

/* The fake device: plain registers, plus one status register whose
 * "transmit full" and "receive empty" bits follow the fake's state, a
 * transmit and a receive data register. */
static struct {
	uint32_t reg[REGS / 4u];
	uint32_t status_off, tx_full_bit, rx_empty_bit, tx_off, rx_off;
	bool tx_full;
	char rx[16];
	size_t rx_len, rx_pos;
	char tx[64];
	size_t tx_len;
	uint32_t writes[REGS / 4u]; /* per register: how many writes */
	uint32_t status_reads;
} dev;

static void fake_device(uint32_t status_off, uint32_t tx_full_bit,
			uint32_t rx_empty_bit, uint32_t tx_off, uint32_t rx_off)
{
	memset(&dev, 0, sizeof(dev));
	dev.status_off = status_off;
	dev.tx_full_bit = tx_full_bit;
	dev.rx_empty_bit = rx_empty_bit;
	dev.tx_off = tx_off;
	dev.rx_off = rx_off;
}

static uint32_t off_of(uintptr_t addr)
{
	assert_true(addr >= BASE && addr < BASE + REGS);
	assert_int_equal(addr % 4u, 0);
	return (uint32_t)(addr - BASE);
}

uint32_t fake_mmio_read32(uintptr_t addr)
{
	uint32_t off = off_of(addr);

	if (off == dev.status_off) {
		uint32_t v = dev.reg[off / 4u] & ~(dev.tx_full_bit | dev.rx_empty_bit);

		dev.status_reads++;
		if (dev.tx_full)
			v |= dev.tx_full_bit;
		if (dev.rx_pos == dev.rx_len)
			v |= dev.rx_empty_bit;
		return v;
	}
	if (off == dev.rx_off && dev.rx_pos < dev.rx_len)
		return (uint32_t)(unsigned char)dev.rx[dev.rx_pos++] | 0x8000u;
	return dev.reg[off / 4u];
}

void fake_mmio_write32(uintptr_t addr, uint32_t v)
{
	uint32_t off = off_of(addr);

	dev.writes[off / 4u]++;
	if (off == dev.tx_off) {
		assert_false(dev.tx_full);
		assert_true(dev.tx_len < sizeof(dev.tx));
		dev.tx[dev.tx_len++] = (char)v;
		return;
	}
	dev.reg[off / 4u] = v;
}

static void rx_push(const char *s)
{
	dev.rx_len = strlen(s);
	memcpy(dev.rx, s, dev.rx_len);
	dev.rx_pos = 0;
}

#define LIST(s) (s), (uint32_t)sizeof(s)

/* --- choosing the driver -------------------------------------------- */

static void the_boards_uarts_get_their_drivers(void **state)
{
	(void)state;
	assert_ptr_equal(uart_driver_find(LIST("arm,pl011\0arm,primecell")),
			 &pl011_driver);
	assert_ptr_equal(uart_driver_find(LIST("fsl,imx8mp-uart\0fsl,imx6q-uart")),
			 &imx_uart_driver);
	assert_ptr_equal(uart_driver_find(LIST("xlnx,zynqmp-uart\0cdns,uart-r1p12")),
			 &cdns_uart_driver);
	assert_ptr_equal(uart_driver_find(LIST("xlnx,xuartps")), &cdns_uart_driver);
}

static void an_unknown_uart_has_no_driver(void **state)
{
	(void)state;
	assert_null(uart_driver_find(LIST("ns16550a")));
	assert_null(uart_driver_find(NULL, 0));
}

static void a_compatible_list_without_its_nul_is_refused(void **state)
{
	static const char cut[] = { 'a', 'r', 'm', ',', 'p', 'l', '0', '1', '1' };

	(void)state;
	assert_null(uart_driver_find(cut, (uint32_t)sizeof(cut)));
}

static void the_error_message_names_every_known_compatible(void **state)
{
	char names[256];

	(void)state;
	uart_driver_names(names, sizeof(names));
	assert_non_null(strstr(names, "arm,pl011"));
	assert_non_null(strstr(names, "fsl,imx8mp-uart"));
	assert_non_null(strstr(names, "cdns,uart-r1p12"));
	uart_driver_names(names, 8);
	assert_int_equal(strlen(names), 7);
}

/* --- i.MX UART -------------------------------------------------------- */

#define IMX_URXD 0x00u
#define IMX_UTXD 0x40u
#define IMX_UCR1 0x80u
#define IMX_UCR2 0x84u
#define IMX_UCR4 0x8cu
#define IMX_UTS  0xb4u

static int imx_setup(void **state)
{
	(void)state;
	fake_device(IMX_UTS, 1u << 4, 1u << 5, IMX_UTXD, IMX_URXD);
	return 0;
}

static void imx_init_enables_the_uart_and_both_directions(void **state)
{
	(void)state;
	dev.reg[IMX_UCR1 / 4u] = 0x0200u;          /* RRDYEN set by firmware */
	dev.reg[IMX_UCR2 / 4u] = 0x4021u;          /* IRTS | WS | SRST */
	uart_select(&imx_uart_driver, BASE);
	assert_int_equal(dev.reg[IMX_UCR1 / 4u], 0x0201u);      /* + UARTEN */
	assert_int_equal(dev.reg[IMX_UCR2 / 4u], 0x4027u);      /* + TXEN, RXEN */
}

static void imx_putc_waits_for_room_in_utxd(void **state)
{
	(void)state;
	uart_select(&imx_uart_driver, BASE);
	uart_putc('k');
	assert_int_equal(dev.tx_len, 1);
	assert_int_equal(dev.tx[0], 'k');
}

static void imx_putc_gives_up_on_a_uart_that_never_drains(void **state)
{
	(void)state;
	uart_select(&imx_uart_driver, BASE);
	dev.tx_full = true;
	dev.status_reads = 0;
	uart_putc('x');
	assert_int_equal(dev.tx_len, 0);
	assert_int_equal(dev.status_reads, UART_TX_SPIN_LIMIT);
}

static void imx_getc_reads_the_data_byte_until_rxempty(void **state)
{
	char c;

	(void)state;
	uart_select(&imx_uart_driver, BASE);
	rx_push("ab");
	assert_true(uart_getc(&c));
	assert_int_equal(c, 'a');
	assert_true(uart_getc(&c));
	assert_int_equal(c, 'b');
	assert_false(uart_getc(&c));
}

static void imx_receive_interrupt_is_dren(void **state)
{
	(void)state;
	uart_select(&imx_uart_driver, BASE);
	dev.reg[IMX_UCR4 / 4u] = 0x8000u;
	uart_enable_rx_interrupt();
	assert_int_equal(dev.reg[IMX_UCR4 / 4u], 0x8001u);
}

/* --- Cadence UART ----------------------------------------------------- */

#define CDNS_CR   0x00u
#define CDNS_IER  0x08u
#define CDNS_ISR  0x14u
#define CDNS_RXWM 0x20u
#define CDNS_SR   0x2cu
#define CDNS_FIFO 0x30u

static int cdns_setup(void **state)
{
	(void)state;
	fake_device(CDNS_SR, 1u << 4, 1u << 1, CDNS_FIFO, CDNS_FIFO);
	return 0;
}

static void cdns_init_clears_the_disables_and_sets_the_enables(void **state)
{
	(void)state;
	dev.reg[CDNS_CR / 4u] = 0x128u; /* reset: STPBRK, TX_DIS, RX_DIS */
	uart_select(&cdns_uart_driver, BASE);
	assert_int_equal(dev.reg[CDNS_CR / 4u], 0x114u); /* STPBRK, TX_EN, RX_EN */
}

static void cdns_putc_and_getc_use_the_fifo(void **state)
{
	char c;

	(void)state;
	uart_select(&cdns_uart_driver, BASE);
	uart_putc('z');
	assert_int_equal(dev.tx_len, 1);
	assert_int_equal(dev.tx[0], 'z');
	rx_push("q");
	assert_true(uart_getc(&c));
	assert_int_equal(c, 'q');
}

static void cdns_getc_on_empty_clears_the_sticky_receive_status(void **state)
{
	char c;

	(void)state;
	uart_select(&cdns_uart_driver, BASE);
	dev.writes[CDNS_ISR / 4u] = 0;
	assert_false(uart_getc(&c));
	assert_int_equal(dev.writes[CDNS_ISR / 4u], 1);
	assert_int_equal(dev.reg[CDNS_ISR / 4u], 0x101u); /* TOUT | RXTRIG */
}

static void cdns_receive_interrupt_fires_per_character(void **state)
{
	(void)state;
	uart_select(&cdns_uart_driver, BASE);
	uart_enable_rx_interrupt();
	assert_int_equal(dev.reg[CDNS_RXWM / 4u], 1);
	assert_int_equal(dev.reg[CDNS_IER / 4u], 0x1u); /* RXTRIG */
}

/* --- PL011 ------------------------------------------------------------ */

#define PL011_DR   0x00u
#define PL011_FR   0x18u
#define PL011_IMSC 0x38u

static int pl011_setup(void **state)
{
	(void)state;
	fake_device(PL011_FR, 1u << 5, 1u << 4, PL011_DR, PL011_DR);
	return 0;
}

static void pl011_keeps_its_behaviour(void **state)
{
	char c;

	(void)state;
	uart_select(&pl011_driver, BASE);
	for (size_t i = 0; i < REGS / 4u; i++)
		assert_int_equal(dev.writes[i], 0); /* init writes nothing */
	uart_putc('p');
	assert_int_equal(dev.tx[0], 'p');
	rx_push("r");
	assert_true(uart_getc(&c));
	assert_int_equal(c, 'r');
	assert_false(uart_getc(&c));
	uart_enable_rx_interrupt();
	assert_int_equal(dev.reg[PL011_IMSC / 4u], (1u << 4) | (1u << 6));
}

static void no_uart_selected_touches_nothing(void **state)
{
	char c;

	(void)state;
	uart_select(NULL, BASE);
	uart_putc('n');
	assert_false(uart_getc(&c));
	uart_enable_rx_interrupt();
	assert_int_equal(dev.tx_len, 0);
	for (size_t i = 0; i < REGS / 4u; i++)
		assert_int_equal(dev.writes[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_boards_uarts_get_their_drivers),
		cmocka_unit_test(an_unknown_uart_has_no_driver),
		cmocka_unit_test(a_compatible_list_without_its_nul_is_refused),
		cmocka_unit_test(the_error_message_names_every_known_compatible),
		cmocka_unit_test_setup(imx_init_enables_the_uart_and_both_directions, imx_setup),
		cmocka_unit_test_setup(imx_putc_waits_for_room_in_utxd, imx_setup),
		cmocka_unit_test_setup(imx_putc_gives_up_on_a_uart_that_never_drains, imx_setup),
		cmocka_unit_test_setup(imx_getc_reads_the_data_byte_until_rxempty, imx_setup),
		cmocka_unit_test_setup(imx_receive_interrupt_is_dren, imx_setup),
		cmocka_unit_test_setup(cdns_init_clears_the_disables_and_sets_the_enables, cdns_setup),
		cmocka_unit_test_setup(cdns_putc_and_getc_use_the_fifo, cdns_setup),
		cmocka_unit_test_setup(cdns_getc_on_empty_clears_the_sticky_receive_status, cdns_setup),
		cmocka_unit_test_setup(cdns_receive_interrupt_fires_per_character, cdns_setup),
		cmocka_unit_test_setup(pl011_keeps_its_behaviour, pl011_setup),
		cmocka_unit_test_setup(no_uart_selected_touches_nothing, pl011_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
