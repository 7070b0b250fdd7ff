// SPDX-License-Identifier: MIT
/*
 * The channel test guest (tests/system/test_channels.py). Its role is a
 * word of /chosen/bootargs:
 *
 *   role=producer  sends CHANNEL_MESSAGES numbered messages through the ring
 *                  in channel "ring", ringing the consumer's doorbell after
 *                  each; then tries what its rights forbid: a write to
 *                  channel "status" (read-only to it) and notifies on
 *                  "status" (no notify right) and on an undeclared id.
 *   role=consumer  receives and checks them (waiting on its doorbell when
 *                  the ring is empty, ringing the producer's when it took
 *                  some), then, as the manager, prints the audit log.
 *   role=stranger  is on no channel: lists none, faults on the others'
 *                  channel memory and on a PCI host, is refused a notify.
 *   role=ping / role=pong  the channel benchmark (bench/run.py, "channel"):
 *                  ping measures doorbell round trips to pong, then the
 *                  throughput of the ring to it; "bench: ..." lines.
 *   role=echo      sends back every message that arrives on channel
 *                  "link" (two rings, include/shikiri/ring.h), ringing the
 *                  peer whenever it moved some: the far end of Linux's
 *                  `skchan exchange`.
 *   role=exchange  the other way round: sends CHANNEL_MESSAGES numbered
 *                  messages on "link" and checks what comes back, the far
 *                  end of Linux's `skchan echo`. The peer speaks first
 *                  (Linux's init sends a hello and waits for the answer):
 *                  it answers that, then exchanges, waiting as long as it
 *                  takes for the first echo.
 *
 * Every line it prints is one fact the test checks.
 */
#include <stdbool.h>
#include <stdint.h>

#include "bootargs.h"
#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "stats.h"
#include "core/config_format.h"
#include "shikiri/hypercall.h"
#include "shikiri/ring.h"
#include "try.h"

#define CHANNEL_MESSAGES  10000u
#define CHANNEL_WAIT_MS   200u     /* longest wait for a doorbell */
#define CHANNEL_AUDIT_MS  5000u    /* how long the consumer waits for refusals */
#define CHANNEL_STATUS_WORD 0x53544154u /* "STAT" */
#define CHANNEL_UNDECLARED  5u
/* The other partitions' channel memory, as the configuration places it. */
#define CHANNEL_RING_GPA  0x50000000ull

struct channel_info {
	bool found;
	uint32_t id, rights, doorbell, peer;
	uint64_t gpa, size;
};

/* Fills out with this partition's channel named want, if it has one. */
static void channel_find(const char *want, struct channel_info *out)
{
	static char name[SK_CHANNEL_NAME_MAX];
	struct sk_hc_result r;

	out->found = sk_channel_find(want, name, &r);
	if (!out->found)
		return;
	*out = (struct channel_info){
		.found = true, .id = SK_CHANNEL_INFO_ID(r.r1),
		.rights = SK_CHANNEL_INFO_RIGHTS(r.r1),
		.doorbell = SK_CHANNEL_INFO_DOORBELL(r.r1),
		.peer = SK_CHANNEL_INFO_PEER(r.r1),
		.gpa = r.r2, .size = r.r3,
	};
	guest_printf("channel '%s': id %u rights %u doorbell %u peer %u at 0x%llx size 0x%llx\n",
		     name, out->id, out->rights, out->doorbell, out->peer,
		     (unsigned long long)out->gpa, (unsigned long long)out->size);
}

static bool channel_need(const char *name, struct channel_info *out)
{
	channel_find(name, out);
	if (!out->found)
		guest_printf("channel '%s': not found\n", name);
	return out->found;
}

static void produce(void)
{
	struct channel_info ring_ch, status_ch;
	struct sk_ring ring;
	struct guest_try t;
	uint32_t full_waits = 0, seen = 0;

	if (!channel_need("ring", &ring_ch) || !channel_need("status", &status_ch) ||
	    sk_ring_attach(&ring, (void *)(uintptr_t)ring_ch.gpa, ring_ch.size) != 0)
		return;
	guest_irq_expect(ring_ch.doorbell);
	for (uint32_t seq = 1; seq <= CHANNEL_MESSAGES;) {
		uint32_t msg[2] = { seq, ~seq };

		if (sk_ring_send(&ring, msg, sizeof(msg)) == 0) {
			(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, ring_ch.id, 0, 0);
			seq++;
			continue;
		}
		/* Full: the consumer rings when it has taken some. */
		full_waits++;
		seen = guest_wait_expected(seen, guest_counter() + guest_ms_to_ticks(CHANNEL_WAIT_MS));
	}
	guest_printf("producer: sent %u messages (ring of %u slots, waited %s)\n",
		     CHANNEL_MESSAGES, ring.slots, full_waits != 0 ? "when full" : "never");

	/* What the rights forbid. */
	guest_printf("status word: 0x%x\n",
		     guest_mmio_read32(status_ch.gpa));
	guest_try(guest_op_write32, status_ch.gpa, &t);
	guest_printf("status write: %u fault(s), %u external abort(s), word still 0x%x\n",
		     t.count, t.ext_aborts, guest_mmio_read32(status_ch.gpa));
	guest_printf("notify status: %d\n",
		     (int)sk_hvc(SK_HC_CHANNEL_NOTIFY, status_ch.id, 0, 0).status);
	guest_printf("notify undeclared: %d\n",
		     (int)sk_hvc(SK_HC_CHANNEL_NOTIFY, CHANNEL_UNDECLARED, 0, 0).status);
	guest_printf("producer: done\n");
}

static void consume(void)
{
	struct channel_info ring_ch, status_ch;
	struct sk_ring ring;
	uint32_t expect = 1, got = 0, lost = 0, dup = 0, bad = 0, seen = 0;
	uint32_t wakes = 0;

	if (!channel_need("ring", &ring_ch) || !channel_need("status", &status_ch) ||
	    sk_ring_attach(&ring, (void *)(uintptr_t)ring_ch.gpa, ring_ch.size) != 0)
		return;
	guest_mmio_write32(status_ch.gpa, CHANNEL_STATUS_WORD);
	guest_irq_expect(ring_ch.doorbell);
	while (expect <= CHANNEL_MESSAGES) {
		uint32_t msg[2];
		int len = sk_ring_recv(&ring, msg, sizeof(msg));

		if (len < 0) {
			uint32_t now = guest_wait_expected(seen, guest_counter() +
							   guest_ms_to_ticks(CHANNEL_WAIT_MS));

			if (now == seen && sk_ring_count(&ring) == 0u) {
				guest_printf("consumer: nothing for %u ms after %u messages\n",
					     CHANNEL_WAIT_MS, got);
				return;
			}
			wakes += now != seen;
			seen = now;
			continue;
		}
		got++;
		if (len != (int)sizeof(msg) || msg[1] != ~msg[0])
			bad++;
		else if (msg[0] > expect)
			lost += msg[0] - expect;
		else if (msg[0] < expect)
			dup++;
		if (msg[0] >= expect)
			expect = msg[0] + 1u;
		/* Room again: tell the producer, who may wait for it. */
		(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, ring_ch.id, 0, 0);
	}
	guest_printf("consumer: received %u messages: %u lost, %u duplicated or reordered, %u corrupt; woken by %s\n",
		     got, lost, dup, bad, wakes != 0 ? "doorbells" : "nothing");
}

/* The consumer is the manager: it prints what was refused, once the
 * producer's two and the stranger's one refusal are in (or time is up). */
static void audit_print(void)
{
	static struct sk_audit_entry log[16];
	uint64_t deadline = guest_counter() + guest_ms_to_ticks(CHANNEL_AUDIT_MS);
	struct sk_hc_result r;

	do {
		guest_sleep_until(guest_counter() + guest_ms_to_ticks(10));
		r = sk_hvc(SK_HC_AUDIT_READ, 0, (uint64_t)(uintptr_t)log, sizeof(log));
	} while (r.status == SK_OK && r.r1 < 3u &&
		 (int64_t)(guest_counter() - deadline) < 0);
	guest_printf("audit: status %d, %llu record(s), %llu lost\n", (int)r.status,
		     (unsigned long long)r.r1, (unsigned long long)r.r3);
	for (uint64_t i = 0; r.status == SK_OK && i < r.r1; i++)
		guest_printf("audit %llu: partition %u op %u channel %llu reason %d\n",
			     (unsigned long long)log[i].seq, log[i].partition,
			     log[i].op, (unsigned long long)log[i].object,
			     log[i].reason);
}

static void echo(void)
{
	struct channel_info link;
	struct sk_ring tx, rx;
	uint32_t own, seen = 0, held_len = 0;
	uint32_t held[SK_RING_PAYLOAD / 4u];
	bool holding = false;

	if (!channel_need("link", &link))
		return;
	own = (uint32_t)sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0).r1;
	if (sk_ring_attach(&tx, sk_ring_half((void *)(uintptr_t)link.gpa, link.size,
					     sk_ring_tx_half(own, link.peer)),
			   link.size / 2u) != 0 ||
	    sk_ring_attach(&rx, sk_ring_half((void *)(uintptr_t)link.gpa, link.size,
					     1u - sk_ring_tx_half(own, link.peer)),
			   link.size / 2u) != 0)
		return;
	guest_irq_expect(link.doorbell);
	guest_printf("echo: ready on channel %u\n", link.id);
	for (;;) {
		bool progress = false;

		for (;;) {
			if (!holding) {
				int len = sk_ring_recv(&rx, held, sizeof(held));

				if (len < 0)
					break;
				held_len = (uint32_t)len;
				holding = true;
				progress = true;
			}
			if (sk_ring_send(&tx, held, held_len) != 0)
				break; /* full: the peer rings when it took some */
			holding = false;
		}
		/* Echoes to read, or room in the ring: the peer may wait. */
		if (progress)
			(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, link.id, 0, 0);
		else
			seen = guest_wait_expected(seen, guest_counter() +
						   guest_ms_to_ticks(1000));
	}
}

/* Both rings of "link" as this partition sees them; false if absent. */
static bool link_rings(struct channel_info *link, struct sk_ring *tx,
		       struct sk_ring *rx)
{
	uint32_t own;

	if (!channel_need("link", link))
		return false;
	own = (uint32_t)sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0).r1;
	return sk_ring_attach(tx, sk_ring_half((void *)(uintptr_t)link->gpa, link->size,
					       sk_ring_tx_half(own, link->peer)),
			      link->size / 2u) == 0 &&
	       sk_ring_attach(rx, sk_ring_half((void *)(uintptr_t)link->gpa, link->size,
					       1u - sk_ring_tx_half(own, link->peer)),
			      link->size / 2u) == 0;
}

#define EXCHANGE_MAX_IDLE 10u /* 1 s waits in a row without progress, once echoing */

static void exchange(void)
{
	struct channel_info link;
	struct sk_ring tx, rx;
	uint32_t sent = 0, got = 0, expect = 1, lost = 0, dup = 0, bad = 0;
	uint32_t seen = 0, idle = 0;

	uint32_t hello[SK_RING_PAYLOAD / 4u];
	int hello_len;

	if (!link_rings(&link, &tx, &rx))
		return;
	guest_irq_expect(link.doorbell);
	while ((hello_len = sk_ring_recv(&rx, hello, sizeof(hello))) < 0)
		seen = guest_wait_expected(seen, guest_counter() + guest_ms_to_ticks(1000));
	(void)sk_ring_send(&tx, hello, (uint32_t)hello_len);
	(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, link.id, 0, 0);
	guest_printf("exchange: answered the peer's first message (%d bytes); sending %u messages on channel %u\n",
		     hello_len, CHANNEL_MESSAGES, link.id);
	while (got < CHANNEL_MESSAGES && idle < EXCHANGE_MAX_IDLE) {
		uint32_t msg[2];
		bool progress = false;
		int len;

		while (sent < CHANNEL_MESSAGES) {
			msg[0] = sent + 1u;
			msg[1] = ~msg[0];
			if (sk_ring_send(&tx, msg, sizeof(msg)) != 0)
				break;
			sent++;
			progress = true;
		}
		while ((len = sk_ring_recv(&rx, msg, sizeof(msg))) >= 0) {
			got++;
			progress = true;
			if (len != (int)sizeof(msg) || msg[1] != ~msg[0])
				bad++;
			else if (msg[0] > expect)
				lost += msg[0] - expect;
			else if (msg[0] < expect)
				dup++;
			if (len == (int)sizeof(msg) && msg[0] >= expect)
				expect = msg[0] + 1u;
		}
		if (progress) {
			(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, link.id, 0, 0);
			idle = 0;
			continue;
		}
		{
			uint32_t now = guest_wait_expected(seen, guest_counter() +
							   guest_ms_to_ticks(1000));

			/* Before the first echo the peer may still be booting. */
			idle += got != 0u && now == seen;
			seen = now;
		}
	}
	guest_printf("exchange: sent %u, received %u: %u lost, %u duplicated or reordered, %u corrupt\n",
		     sent, got, lost, dup, bad);
}

/* ---- the benchmark: round trips and throughput ---- */

#define BENCH_ROUND_TRIPS  1000u
#define BENCH_BYTES        (4u << 20)   /* pushed through the ring */
#define BENCH_WAIT_MS      1000u
/* Words in the second half of the channel (the ring has the first). */
#define BENCH_PING_WORD    0u    /* ping's sequence number */
#define BENCH_PONG_WORD    64u   /* pong's answer */
#define BENCH_BYTES_WORD   128u  /* bytes pong has taken from the ring */

struct bench_link {
	struct channel_info ch;
	volatile uint32_t *words;
	struct sk_ring ring;
};

static bool bench_attach(struct bench_link *b)
{
	if (!channel_need("bench", &b->ch))
		return false;
	b->words = (volatile uint32_t *)(uintptr_t)(b->ch.gpa + b->ch.size / 2u);
	guest_irq_expect(b->ch.doorbell);
	return sk_ring_attach(&b->ring, (void *)(uintptr_t)b->ch.gpa,
			      b->ch.size / 2u) == 0;
}

/* Waits for the doorbell until the word at off says want. */
static bool bench_wait_word(struct bench_link *b, uint32_t off, uint32_t want,
			    uint32_t *seen)
{
	uint64_t deadline = guest_counter() + guest_ms_to_ticks(BENCH_WAIT_MS);

	while (b->words[off / 4u] != want) {
		if ((int64_t)(guest_counter() - deadline) >= 0)
			return false;
		*seen = guest_wait_expected(*seen, deadline);
	}
	return true;
}

static void ping(void)
{
	static int64_t rtt[BENCH_ROUND_TRIPS];
	struct bench_link b;
	uint32_t seen = 0, chunk[SK_RING_PAYLOAD / 4u] = { 0 };
	uint64_t start, total, sent = 0;

	guest_printf("bench: start\n");
	if (!bench_attach(&b)) {
		guest_printf("bench: error: no channel 'bench'\n");
		return;
	}
	/* Round trips: a word and a doorbell there, a word and one back. */
	for (uint32_t i = 0; i < BENCH_ROUND_TRIPS; i++) {
		uint64_t t0 = guest_counter();

		b.words[BENCH_PING_WORD / 4u] = i + 1u;
		(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, b.ch.id, 0, 0);
		if (!bench_wait_word(&b, BENCH_PONG_WORD, i + 1u, &seen)) {
			guest_printf("bench: error: no answer to round trip %u\n", i + 1u);
			return;
		}
		rtt[i] = (int64_t)(guest_counter() - t0);
	}
	total = 0;
	for (uint32_t i = 0; i < BENCH_ROUND_TRIPS; i++)
		total += (uint64_t)rtt[i];
	guest_sort_i64(rtt, BENCH_ROUND_TRIPS);
	guest_printf("bench: doorbell-rtt n=%u min=%llu median=%llu p99=%llu max=%llu mean=%llu\n",
		     BENCH_ROUND_TRIPS, (unsigned long long)guest_ticks_to_ns((uint64_t)rtt[0]),
		     (unsigned long long)guest_ticks_to_ns((uint64_t)rtt[BENCH_ROUND_TRIPS / 2u]),
		     (unsigned long long)guest_ticks_to_ns((uint64_t)rtt[BENCH_ROUND_TRIPS * 99u / 100u]),
		     (unsigned long long)guest_ticks_to_ns((uint64_t)rtt[BENCH_ROUND_TRIPS - 1u]),
		     (unsigned long long)guest_ticks_to_ns(total) / BENCH_ROUND_TRIPS);

	/* Throughput: full messages through the ring until pong took them. */
	start = guest_counter();
	while (sent < BENCH_BYTES) {
		bool moved = false;

		while (sent < BENCH_BYTES &&
		       sk_ring_send(&b.ring, chunk, SK_RING_PAYLOAD) == 0) {
			sent += SK_RING_PAYLOAD;
			moved = true;
		}
		if (moved)
			(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, b.ch.id, 0, 0);
		else
			seen = guest_wait_expected(seen, guest_counter() +
						   guest_ms_to_ticks(BENCH_WAIT_MS));
	}
	if (!bench_wait_word(&b, BENCH_BYTES_WORD, (uint32_t)sent, &seen)) {
		guest_printf("bench: error: pong took %u of %llu bytes\n",
			     b.words[BENCH_BYTES_WORD / 4u], (unsigned long long)sent);
		return;
	}
	total = guest_ticks_to_ns(guest_counter() - start);
	guest_printf("bench: ring-throughput bytes=%llu ns=%llu kb_per_s=%llu\n",
		     (unsigned long long)sent, (unsigned long long)total,
		     (unsigned long long)(sent * 1000000u / (total != 0 ? total : 1u)));
	guest_printf("bench: done\n");
}

static void pong(void)
{
	struct bench_link b;
	uint32_t seen = 0, answered = 0, taken = 0;
	uint32_t chunk[SK_RING_PAYLOAD / 4u];

	if (!bench_attach(&b))
		return;
	for (;;) {
		uint32_t asked = b.words[BENCH_PING_WORD / 4u];
		bool moved = false;
		int len;

		if (asked != answered) {
			answered = asked;
			b.words[BENCH_PONG_WORD / 4u] = asked;
			(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, b.ch.id, 0, 0);
			continue;
		}
		while ((len = sk_ring_recv(&b.ring, chunk, sizeof(chunk))) >= 0) {
			taken += (uint32_t)len;
			moved = true;
		}
		if (moved) {
			b.words[BENCH_BYTES_WORD / 4u] = taken;
			(void)sk_hvc(SK_HC_CHANNEL_NOTIFY, b.ch.id, 0, 0);
			continue;
		}
		seen = guest_wait_expected(seen, guest_counter() +
					   guest_ms_to_ticks(BENCH_WAIT_MS));
	}
}

static void stranger(void)
{
	struct sk_hc_result r = sk_hvc(SK_HC_CHANNEL_INFO, 0, 0, 0);
	struct guest_try t;

	guest_printf("stranger: channel info: %d\n", (int)r.status);
	guest_try(guest_op_read32, CHANNEL_RING_GPA, &t);
	guest_printf("stranger: ring memory: %u fault(s), %u external abort(s)\n",
		     t.count, t.ext_aborts);
	guest_try(guest_op_read32, SK_GUEST_PCI_ECAM_BASE, &t);
	guest_printf("stranger: pci config space: %u fault(s)\n", t.count);
	guest_printf("stranger: notify ring: %d\n",
		     (int)sk_hvc(SK_HC_CHANNEL_NOTIFY, 0, 0, 0).status);
	guest_printf("stranger: done\n");
}

int main(uint64_t dtb)
{
	guest_hello(dtb);
	guest_irq_init();
	if (guest_bootargs_has(dtb, "role=producer")) {
		produce();
	} else if (guest_bootargs_has(dtb, "role=consumer")) {
		consume();
		audit_print();
	} else if (guest_bootargs_has(dtb, "role=stranger")) {
		stranger();
	} else if (guest_bootargs_has(dtb, "role=echo")) {
		echo();
	} else if (guest_bootargs_has(dtb, "role=exchange")) {
		exchange();
	} else if (guest_bootargs_has(dtb, "role=ping")) {
		ping();
	} else if (guest_bootargs_has(dtb, "role=pong")) {
		pong();
	} else {
		guest_printf("channel guest: no role=producer|consumer|stranger|echo|exchange|ping|pong in bootargs\n");
	}
	for (;;)
		guest_sleep_until(guest_counter() + guest_ms_to_ticks(1000));
}
