/* SPDX-License-Identifier: MIT */
/*
 * The secret the DMA victim keeps in its RAM (guests/tests/dma_victim.c)
 * and the hostile DMA guest aims at (guests/tests/dma_hostile.c), and where
 * the systems of tests/system/test_dma_hostile.py put things: the victim's
 * RAM is physical 0x43000000 at guest 0x40000000, so its secret, at guest
 * 0x40800000, is physical 0x43800000; shikiri sits at physical 0x40000000
 * (QEMU loads its image at +2 MiB); the hostile partition's RAM is
 * physical = guest 0x48000000 +16 MiB. test_dma_hostile.py builds the same
 * pattern to know the checksum the victim must keep printing.
 */
#ifndef GUEST_DMA_SECRET_H
#define GUEST_DMA_SECRET_H

#include <stdint.h>

#define DMA_SECRET_GUEST   0x40800000ul
#define DMA_SECRET_PHYS    0x43800000ul
#define DMA_SECRET_SIZE    0x4000u
/* Word i of the secret: "SECRET" over its top six bytes, i below. */
#define DMA_SECRET_TAG     0x5445524345530000ull
#define DMA_SECRET_INDEX   0xffffull

/* Where QEMU's -kernel put shikiri's image, and how much of its memory
 * (text, data, stacks, page tables: build/hypervisor/shikiri.map's
 * __hyp_end is below 2 MiB) the hostile guest tries to overwrite. */
#define DMA_HYP_PHYS       0x40200000ul
#define DMA_HYP_SIZE       0x200000u

static inline uint64_t dma_secret_word(uint64_t i)
{
	return DMA_SECRET_TAG | (i & DMA_SECRET_INDEX);
}

#endif
