// SPDX-License-Identifier: MIT
/*
 * dma-victim: keeps a secret in its RAM (dma_secret.h) and prints its
 * CRC-32 after every heartbeat, "secret crc32 0x<crc>". The hostile DMA
 * guest's device tries to overwrite and to read it
 * (tests/system/test_dma_hostile.py): the checksum must never change.
 */
#include "console.h"
#include "dma_secret.h"
#include "guest.h"
#include "lib/crc32.h"

static void secret_report(void)
{
	guest_printf("secret crc32 0x%08x\n",
		     crc32_ieee((const void *)DMA_SECRET_GUEST,
				DMA_SECRET_SIZE));
}

int main(uint64_t dtb)
{
	volatile uint64_t *secret = (volatile uint64_t *)DMA_SECRET_GUEST;
	struct guest_beat beat;

	guest_hello(dtb);
	for (uint64_t i = 0; i < DMA_SECRET_SIZE / sizeof(uint64_t); i++)
		secret[i] = dma_secret_word(i);
	secret_report();
	guest_beat_init(&beat);
	beat.on_beat = secret_report;
	guest_beat_forever(&beat);
}
