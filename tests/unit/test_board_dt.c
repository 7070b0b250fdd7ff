// SPDX-License-Identifier: MIT
/*
 * The board from its device tree (hypervisor/platform/board_dt.c) for the
 * three boards' kinds of tree: the console UART found through
 * /chosen/stdout-path as a path or as an alias, its compatible handed on
 * for the driver choice, the board named by the root's compatible, and the
 * ZCU102's 64 KiB-aliased GIC-400 CPU interfaces moved to where their two
 * pages are contiguous. Blobs are compiled by dtc at test time.
 */
#define _DEFAULT_SOURCE /* mkstemp */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "platform/board.h"
#include "stubs/dtc_blob.h"

#define COMMON_CPUS \
	"	cpus { #address-cells = <1>; #size-cells = <0>;\n" \
	"		cpu@0 { device_type = \"cpu\"; reg = <0>; };\n" \
	"		cpu@1 { device_type = \"cpu\"; reg = <1>; }; };\n" \
	"	psci { compatible = \"arm,psci-1.0\"; method = \"smc\"; };\n"

/* The shape of Linux' device tree for the imx8mp-evk: stdout-path a full path, the GIC
 * and UART under buses with one-cell addresses. */
static const char imx_dts[] =
	"/dts-v1/;\n/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	compatible = \"fsl,imx8mp-evk\", \"fsl,imx8mp\";\n"
	"	chosen { stdout-path = \"/soc@0/bus@30800000/serial@30890000\"; };\n"
	COMMON_CPUS
	"	memory@40000000 { device_type = \"memory\";\n"
	"		reg = <0x0 0x40000000 0x0 0x80000000>; };\n"
	"	soc@0 { #address-cells = <1>; #size-cells = <1>; ranges;\n"
	"		bus@30800000 { #address-cells = <1>; #size-cells = <1>; ranges;\n"
	"			serial@30860000 { compatible = \"fsl,imx8mp-uart\", \"fsl,imx6q-uart\";\n"
	"				reg = <0x30860000 0x10000>; interrupts = <0 26 4>; };\n"
	"			serial@30890000 { compatible = \"fsl,imx8mp-uart\", \"fsl,imx6q-uart\";\n"
	"				reg = <0x30890000 0x10000>; interrupts = <0 27 4>; }; };\n"
	"		interrupt-controller@38800000 { compatible = \"arm,gic-v3\";\n"
	"			reg = <0x38800000 0x10000 0x38880000 0xc0000>; }; };\n"
	"};\n";

/* The shape of Linux' device tree for the zcu102 rev1.0: stdout-path an alias with
 * options, the GIC-400's CPU interfaces as 128 KiB regions. */
static const char zcu_dts[] =
	"/dts-v1/;\n/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	compatible = \"xlnx,zynqmp-zcu102-rev1.0\", \"xlnx,zynqmp-zcu102\", \"xlnx,zynqmp\";\n"
	"	aliases { serial0 = \"/axi/serial@ff000000\"; serial1 = \"/axi/serial@ff010000\"; };\n"
	"	chosen { stdout-path = \"serial0:115200n8\"; };\n"
	COMMON_CPUS
	"	memory@0 { device_type = \"memory\"; reg = <0x0 0x0 0x0 0x80000000>; };\n"
	"	axi { #address-cells = <2>; #size-cells = <2>; ranges;\n"
	"		interrupt-controller@f9010000 { compatible = \"arm,gic-400\";\n"
	"			reg = <0x0 0xf9010000 0x0 0x10000 0x0 0xf9020000 0x0 0x20000\n"
	"			       0x0 0xf9040000 0x0 0x20000 0x0 0xf9060000 0x0 0x20000>; };\n"
	"		serial@ff010000 { compatible = \"xlnx,zynqmp-uart\", \"cdns,uart-r1p12\";\n"
	"			reg = <0x0 0xff010000 0x0 0x1000>; interrupts = <0 22 4>; };\n"
	"		serial@ff000000 { compatible = \"xlnx,zynqmp-uart\", \"cdns,uart-r1p12\";\n"
	"			reg = <0x0 0xff000000 0x0 0x1000>; interrupts = <0 21 4>; }; };\n"
	"};\n";

/* A GIC-400 tree that already gives the 8 KiB interfaces, on a board
 * without the quirk, and no /chosen: the first PL011 is the console. */
static const char plain_dts[] =
	"/dts-v1/;\n/ {\n"
	"	#address-cells = <2>; #size-cells = <2>;\n"
	"	compatible = \"linux,dummy-virt\";\n"
	COMMON_CPUS
	"	memory@40000000 { device_type = \"memory\";\n"
	"		reg = <0x0 0x40000000 0x0 0x40000000>; };\n"
	"	intc@8000000 { compatible = \"arm,cortex-a15-gic\";\n"
	"		reg = <0x0 0x8000000 0x0 0x10000 0x0 0x8010000 0x0 0x2000\n"
	"		       0x0 0x8030000 0x0 0x10000 0x0 0x8040000 0x0 0x2000>; };\n"
	"	pl011@9000000 { compatible = \"arm,pl011\", \"arm,primecell\";\n"
	"		reg = <0x0 0x9000000 0x0 0x1000>; interrupts = <0 1 4>; };\n"
	"};\n";

static void read_board(const char *dts, struct board *b)
{
	char err[160] = "";
	void *blob = dtc_blob(dts);

	if (!board_from_dt(blob, b, err, sizeof(err)))
		fail_msg("board_from_dt: %s", err);
	/* uart_compat points into the blob: compare before freeing it. */
	free(blob);
}

static void imx_console_is_the_uart_stdout_path_names(void **state)
{
	struct board b;
	char err[160];
	void *blob = dtc_blob(imx_dts);

	(void)state;
	assert_true(board_from_dt(blob, &b, err, sizeof(err)));
	assert_string_equal(b.name, "imx8mp-evk");
	assert_int_equal(b.uart.base, 0x30890000u);
	assert_int_equal(b.uart_intid, 32u + 27u);
	assert_int_equal(b.uart_compat_len, sizeof("fsl,imx8mp-uart\0fsl,imx6q-uart"));
	assert_memory_equal(b.uart_compat, "fsl,imx8mp-uart\0fsl,imx6q-uart",
			    b.uart_compat_len);
	assert_int_equal(b.gic_version, BOARD_GIC_V3);
	assert_int_equal(b.gicd.base, 0x38800000u);
	assert_int_equal(b.gicr.base, 0x38880000u);
	assert_int_equal(b.ram[0].base, 0x40000000u);
	free(blob);
}

static void zcu102_console_is_found_through_the_serial0_alias(void **state)
{
	struct board b;
	char err[160];
	void *blob = dtc_blob(zcu_dts);

	(void)state;
	assert_true(board_from_dt(blob, &b, err, sizeof(err)));
	assert_string_equal(b.name, "zcu102");
	assert_int_equal(b.uart.base, 0xff000000u);
	assert_int_equal(b.uart_intid, 32u + 21u);
	assert_string_equal(b.uart_path, "/axi/serial@ff000000");
	assert_memory_equal(b.uart_compat, "xlnx,zynqmp-uart\0cdns,uart-r1p12",
			    b.uart_compat_len);
	free(blob);
}

static void zcu102_gic400_cpu_interfaces_move_to_their_contiguous_alias(void **state)
{
	struct board b;

	(void)state;
	read_board(zcu_dts, &b);
	assert_int_equal(b.gic_version, BOARD_GIC_V2);
	assert_int_equal(b.gicd.base, 0xf9010000u);
	assert_int_equal(b.gicc.base, 0xf902f000u);
	assert_int_equal(b.gicc.size, 0x2000u);
	assert_int_equal(b.gicv.base, 0xf906f000u);
	assert_int_equal(b.gicv.size, 0x2000u);
	/* Every alias stays the GIC's: the windows as the DT gives them. */
	assert_int_equal(b.gicc_window.base, 0xf9020000u);
	assert_int_equal(b.gicc_window.size, 0x20000u);
	assert_int_equal(b.gicv_window.base, 0xf9060000u);
	assert_int_equal(b.gicv_window.size, 0x20000u);
	/* The control interface is one page: used where the DT says. */
	assert_int_equal(b.gich.base, 0xf9040000u);
}

static void a_gicv2_given_as_8k_is_left_alone(void **state)
{
	struct board b;

	(void)state;
	read_board(plain_dts, &b);
	assert_string_equal(b.name, "qemu-virt");
	assert_int_equal(b.gicc.base, 0x8010000u);
	assert_int_equal(b.gicc.size, 0x2000u);
	assert_int_equal(b.gicv.base, 0x8040000u);
}

static void without_chosen_the_first_pl011_is_the_console(void **state)
{
	struct board b;

	(void)state;
	read_board(plain_dts, &b);
	assert_int_equal(b.uart.base, 0x9000000u);
	assert_null(b.uart_path);
}

static void an_alias_that_names_nothing_is_no_console(void **state)
{
	struct board b;
	char err[160] = "";
	char dts[sizeof(zcu_dts) + 16];
	char *at;
	void *blob;

	(void)state;
	strcpy(dts, zcu_dts);
	at = strstr(dts, "serial0:115200n8");
	assert_non_null(at);
	memcpy(at, "serial7", 7); /* no such alias */
	blob = dtc_blob(dts);
	assert_false(board_from_dt(blob, &b, err, sizeof(err)));
	assert_non_null(strstr(err, "no console UART"));
	free(blob);
}

static void an_unknown_board_still_works_from_its_tree(void **state)
{
	struct board b;
	char dts[sizeof(imx_dts) + 16];
	char *at;

	(void)state;
	strcpy(dts, imx_dts);
	at = strstr(dts, "fsl,imx8mp-evk");
	memcpy(at, "acme,board-evk", 14);
	read_board(dts, &b);
	assert_string_equal(b.name, "unknown board");
	assert_int_equal(b.uart.base, 0x30890000u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(imx_console_is_the_uart_stdout_path_names),
		cmocka_unit_test(zcu102_console_is_found_through_the_serial0_alias),
		cmocka_unit_test(zcu102_gic400_cpu_interfaces_move_to_their_contiguous_alias),
		cmocka_unit_test(a_gicv2_given_as_8k_is_left_alone),
		cmocka_unit_test(without_chosen_the_first_pl011_is_the_console),
		cmocka_unit_test(an_alias_that_names_nothing_is_no_console),
		cmocka_unit_test(an_unknown_board_still_works_from_its_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
