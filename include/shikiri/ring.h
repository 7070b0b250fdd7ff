/* SPDX-License-Identifier: MIT */
/*
 * A message ring in channel memory: one writer, one reader, fixed-size
 * slots, no locks (docs/channels.md, "Rings"). The same header serves the
 * RTOS, the test guests, and Linux user space (libshikiri-channel), so both
 * ends agree on the layout by construction.
 *
 * A ring needs no set-up: channel memory is zero at boot, and zero is an
 * empty ring. Its geometry follows from the bytes it is given, so both ends
 * only need to agree on where it lies. A channel carrying both directions
 * holds two rings, one in each half (sk_ring_half()).
 *
 *   offset 0     head: messages written, by the writer only
 *   offset 64    tail: messages read, by the reader only
 *   offset 128   slots of SK_RING_SLOT bytes: a 32-bit length, then data
 *
 * Every access is an aligned 32-bit one: channel memory may be Device
 * memory to one side (a guest running with its MMU off, or Linux mapping a
 * BAR without write-combining), where wider or unaligned accesses fault.
 * Counters run freely and wrap at 2^32; the slot count is a power of two.
 */
#ifndef SHIKIRI_RING_H
#define SHIKIRI_RING_H

#include <stddef.h>
#include <stdint.h>

#define SK_RING_HEAD      0u
#define SK_RING_TAIL      64u  /* its own 64-byte line: no false sharing */
#define SK_RING_SLOTS_AT  128u
#define SK_RING_SLOT      64u
#define SK_RING_PAYLOAD   (SK_RING_SLOT - 4u) /* bytes of data per message */
#define SK_RING_MIN_BYTES (SK_RING_SLOTS_AT + 2u * SK_RING_SLOT)

struct sk_ring {
	volatile uint32_t *base; /* the ring's first byte */
	uint32_t slots;          /* a power of two, at least 2 */
};

/* Orders this side's accesses to the ring as seen by the other side. The
 * other side may be another CPU, and the memory non-cacheable: a full
 * barrier over the outer-shareable domain covers both. */
static inline void sk_ring_barrier(void)
{
#if defined(__aarch64__)
	__asm__ volatile("dmb osh" ::: "memory");
#else
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

static inline uint32_t sk_ring_word(const struct sk_ring *r, uint32_t off)
{
	return r->base[off / 4u];
}

static inline void sk_ring_set_word(const struct sk_ring *r, uint32_t off,
				    uint32_t v)
{
	r->base[off / 4u] = v;
}

/*
 * A ring over [mem, mem + bytes): 0 on success, -1 if the memory is too
 * small or misaligned (4 bytes). The slot count is the largest power of
 * two that fits.
 */
static inline int sk_ring_attach(struct sk_ring *r, void *mem, size_t bytes)
{
	size_t fit;
	uint32_t slots = 2;

	if (mem == NULL || ((uintptr_t)mem & 3u) != 0u || bytes < SK_RING_MIN_BYTES)
		return -1;
	fit = (bytes - SK_RING_SLOTS_AT) / SK_RING_SLOT;
	while ((size_t)slots * 2u <= fit && slots < (1u << 30))
		slots *= 2u;
	r->base = (volatile uint32_t *)mem;
	r->slots = slots;
	return 0;
}

/* Half `which` (0 or 1) of a channel's memory, for two-way channels. */
static inline void *sk_ring_half(void *mem, size_t bytes, unsigned which)
{
	return (uint8_t *)mem + (which != 0u ? bytes / 2u : 0u);
}

/*
 * The convention of two-way channels: the first half carries messages from
 * the endpoint with the lower partition id to the other, the second half
 * back. Returns the half partition `own` writes (its peer reads it); it
 * reads the other one.
 */
static inline unsigned sk_ring_tx_half(uint32_t own, uint32_t peer)
{
	return own < peer ? 0u : 1u;
}

/* Messages waiting to be read. */
static inline uint32_t sk_ring_count(const struct sk_ring *r)
{
	return sk_ring_word(r, SK_RING_HEAD) - sk_ring_word(r, SK_RING_TAIL);
}

/*
 * Writes one message of len bytes (at most SK_RING_PAYLOAD). Returns 0,
 * -1 if the ring is full (nothing written), -2 if len is too large.
 */
static inline int sk_ring_send(const struct sk_ring *r, const void *msg,
			       uint32_t len)
{
	uint32_t head = sk_ring_word(r, SK_RING_HEAD);
	uint32_t slot, words = (len + 3u) / 4u;
	const uint8_t *src = (const uint8_t *)msg;

	if (len > SK_RING_PAYLOAD)
		return -2;
	if (head - sk_ring_word(r, SK_RING_TAIL) >= r->slots)
		return -1;
	/* The reader freed the slot before it moved the tail: read the tail
	 * before reusing the slot. */
	sk_ring_barrier();
	slot = SK_RING_SLOTS_AT + (head & (r->slots - 1u)) * SK_RING_SLOT;
	sk_ring_set_word(r, slot, len);
	for (uint32_t w = 0; w < words; w++) {
		uint32_t v = 0;

		for (uint32_t b = 0; b < 4u && w * 4u + b < len; b++)
			v |= (uint32_t)src[w * 4u + b] << (8u * b);
		sk_ring_set_word(r, slot + 4u + 4u * w, v);
	}
	/* The message before the head that announces it. */
	sk_ring_barrier();
	sk_ring_set_word(r, SK_RING_HEAD, head + 1u);
	return 0;
}

/*
 * Reads the oldest message into buf (cap bytes). Returns its length, -1 if
 * the ring is empty, -2 if the message is longer than cap or than a slot
 * holds (a corrupt ring: the message is dropped).
 */
static inline int sk_ring_recv(const struct sk_ring *r, void *buf,
			       uint32_t cap)
{
	uint32_t tail = sk_ring_word(r, SK_RING_TAIL);
	uint32_t slot, len;
	uint8_t *dst = (uint8_t *)buf;
	int rc;

	if (sk_ring_word(r, SK_RING_HEAD) == tail)
		return -1;
	/* The head before the message it announces. */
	sk_ring_barrier();
	slot = SK_RING_SLOTS_AT + (tail & (r->slots - 1u)) * SK_RING_SLOT;
	len = sk_ring_word(r, slot);
	rc = len <= SK_RING_PAYLOAD && len <= cap ? (int)len : -2;
	for (uint32_t w = 0; rc >= 0 && w * 4u < len; w++) {
		uint32_t v = sk_ring_word(r, slot + 4u + 4u * w);

		for (uint32_t b = 0; b < 4u && w * 4u + b < len; b++)
			dst[w * 4u + b] = (uint8_t)(v >> (8u * b));
	}
	/* Done with the slot before the writer may reuse it. */
	sk_ring_barrier();
	sk_ring_set_word(r, SK_RING_TAIL, tail + 1u);
	return rc;
}

#endif /* SHIKIRI_RING_H */
