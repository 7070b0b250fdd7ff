/* SPDX-License-Identifier: MIT */
/*
 * Layout of the exception frame the vector stubs in start.S build on the
 * stack. Shared by assembly and C; guest.h checks the offsets against
 * struct guest_frame at compile time.
 */
#ifndef GUEST_FRAME_H
#define GUEST_FRAME_H

#define GUEST_FRAME_NUM_GPRS 31  /* x0..x30 */
#define GUEST_FRAME_ELR      248 /* 31 * 8 */
#define GUEST_FRAME_SPSR     256
#define GUEST_FRAME_ESR      264
#define GUEST_FRAME_FAR      272
/* 280 bytes of content rounded up to keep SP 16-byte aligned (AAPCS64). */
#define GUEST_FRAME_SIZE     288

/*
 * Vector table: 16 entries of 0x80 bytes, base 2 KiB aligned
 * (Arm ARM D1.10.2, VBAR_EL1 bits [10:0] are RES0).
 */
#define GUEST_VECTOR_ENTRY_SIZE 0x80
#define GUEST_VECTOR_ALIGN_LOG2 11

#endif /* GUEST_FRAME_H */
