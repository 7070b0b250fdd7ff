/* SPDX-License-Identifier: MIT */
/*
 * The PL011 as its specification describes it, for the tests of the
 * virtual UART (test_vpl011.c, tests/fuzz/fuzz_vpl011.c).
 */
#ifndef SK_TEST_PL011_SPEC_H
#define SK_TEST_PL011_SPEC_H

/* Register offsets and bits, written out from Arm DDI 0183G chapter 3 so
 * the tests do not share the implementation's constants. */
#define DR    0x000u
#define RSR   0x004u
#define FR    0x018u
#define ILPR  0x020u
#define IBRD  0x024u
#define FBRD  0x028u
#define LCR_H 0x02cu
#define CR    0x030u
#define IFLS  0x034u
#define IMSC  0x038u
#define RIS   0x03cu
#define MIS   0x040u
#define ICR   0x044u
#define DMACR 0x048u
#define PERIPHID0 0xfe0u
#define PCELLID0  0xff0u

#define FR_CTS  0x001u
#define FR_DSR  0x002u
#define FR_DCD  0x004u
#define FR_BUSY 0x008u
#define FR_RXFE 0x010u
#define FR_TXFF 0x020u
#define FR_RXFF 0x040u
#define FR_TXFE 0x080u

#define LCR_H_FEN 0x10u
#define LCR_H_8BIT_FIFO 0x70u /* WLEN=8, FEN: what Linux programs */

#define CR_UARTEN 0x001u
#define CR_TXE    0x100u
#define CR_RXE    0x200u
#define CR_ON     (CR_UARTEN | CR_TXE | CR_RXE)

#define INT_RX 0x10u
#define INT_TX 0x20u
#define INT_RT 0x40u
#define INT_ALL 0x7ffu

/* IFLS RXIFLSEL (bits 5:3) encodings. */
#define IFLS_RX_1_8 (0u << 3)
#define IFLS_RX_7_8 (4u << 3)

#define FIFO_DEPTH 32u
#define RESET_RX_TRIGGER 16u /* 1/2 of 32 */

/* Linux' amba bus: drivers/amba/bus.c reads these, amba-pl011 matches. */
#define AMBA_PL011_ID   0x00041011u
#define AMBA_PL011_MASK 0x000fffffu
#define AMBA_CID        0xb105f00du

#define UART_SPI 33u

#endif /* SK_TEST_PL011_SPEC_H */
