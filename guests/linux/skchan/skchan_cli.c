/* SPDX-License-Identifier: MIT */
/*
 * skchan: shikiri channels from the Linux shell (docs/channels.md).
 *
 *   skchan list                      the partition's channels
 *   skchan send NAME TEXT            one message into the channel's ring
 *   skchan recv NAME [MS]            wait up to MS (default 5000) for one
 *   skchan notify NAME [force]       ring the peer's doorbell; with
 *                                    `force` even without the notify right
 *                                    (to see the hypervisor refuse it)
 *   skchan peek NAME OFFSET          read a 32-bit word of the memory
 *   skchan poke NAME OFFSET VALUE [force]
 *                                    write one; on a read-only endpoint
 *                                    refused with a message, unless
 *                                    `force` (to see the hypervisor stop
 *                                    the write: the process gets SIGBUS)
 *   skchan exchange NAME COUNT       send COUNT numbered messages and take
 *                                    them back from a peer that echoes
 *                                    them; checks none is lost, duplicated,
 *                                    reordered or corrupt
 *   skchan echo NAME [COUNT]         send back every message that arrives
 *                                    (the peer of another partition's
 *                                    `skchan exchange`), until COUNT were
 *                                    echoed or, without COUNT, for ever
 *
 * Everything but peek writes the shared memory (a ring's indexes too, when
 * receiving): on an endpoint without the write right it is refused here,
 * since the hypervisor maps that memory read-only and the write would
 * kill the process with SIGBUS.
 *
 * Messages travel in two rings, one per direction (include/shikiri/ring.h).
 * Exit status: 0 on success, 1 on failure (with a message), 2 on misuse.
 */
#define _GNU_SOURCE

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shikiri/hypercall.h"
#include "shikiri/ring.h"
#include "skchan.h"

#define DEFAULT_RECV_MS    5000
#define EXCHANGE_WAIT_MS   1000
#define EXCHANGE_MAX_IDLE  20   /* waits in a row without progress */
#define ECHO_WAIT_MS       1000

static int usage(void)
{
	fputs("usage: skchan list | send NAME TEXT | recv NAME [MS] | notify NAME [force] |\n"
	      "              peek NAME OFFSET | poke NAME OFFSET VALUE [force] |\n"
	      "              exchange NAME COUNT | echo NAME [COUNT]\n",
	      stderr);
	return 2;
}

static int open_or_fail(struct skchan *ch, const char *name)
{
	if (skchan_open(ch, name) == 0)
		return 0;
	fprintf(stderr, "skchan: %s\n", skchan_error());
	return -1;
}

/* Opens a channel this command will write: refused, with the reason, when
 * the endpoint has no write right. */
static int open_writable(struct skchan *ch, const char *name, const char *what)
{
	if (open_or_fail(ch, name) != 0)
		return -1;
	if ((ch->rights & SK_CHANNEL_WRITE) != 0u)
		return 0;
	fprintf(stderr,
		"skchan: channel '%s' is read-only for this partition (rights %s): %s would write its memory; only peek works\n",
		ch->name, (ch->rights & SK_CHANNEL_READ) ? "r" : "none", what);
	skchan_close(ch);
	return -1;
}

/* The two rings of a channel, as seen from this end. */
static int rings(const struct skchan *ch, struct sk_ring *tx, struct sk_ring *rx)
{
	unsigned t = sk_ring_tx_half(ch->own_id, ch->peer_id);

	if (sk_ring_attach(tx, sk_ring_half(ch->mem, ch->size, t), ch->size / 2u) != 0 ||
	    sk_ring_attach(rx, sk_ring_half(ch->mem, ch->size, 1u - t), ch->size / 2u) != 0) {
		fprintf(stderr, "skchan: channel '%s' is too small for two rings\n", ch->name);
		return -1;
	}
	return 0;
}

static void print_one(const struct skchan *c, void *ctx)
{
	(void)ctx;
	printf("%s: id %u, pci %s, partition %u <-> %u, rights %s%s%s, %zu bytes\n",
	       c->name, c->id, c->pci, c->own_id, c->peer_id,
	       (c->rights & SK_CHANNEL_READ) ? "r" : "",
	       (c->rights & SK_CHANNEL_WRITE) ? "w" : "",
	       (c->rights & SK_CHANNEL_NOTIFY) ? "n" : "", c->size);
}

static int cmd_list(void)
{
	int n = skchan_list(print_one, NULL);

	if (n < 0) {
		fprintf(stderr, "skchan: %s\n", skchan_error());
		return 1;
	}
	printf("%d channel(s)\n", n);
	return 0;
}

static int cmd_send(const char *name, const char *text)
{
	struct skchan ch;
	struct sk_ring tx, rx;
	size_t len = strlen(text);
	int rc = 1;

	if (open_writable(&ch, name, "send") != 0)
		return 1;
	if (rings(&ch, &tx, &rx) == 0) {
		int s = sk_ring_send(&tx, text, (uint32_t)(len > SK_RING_PAYLOAD ? SK_RING_PAYLOAD + 1u : len));

		if (s == -2)
			fprintf(stderr, "skchan: message longer than %u bytes\n", SK_RING_PAYLOAD);
		else if (s == -1)
			fprintf(stderr, "skchan: ring full\n");
		else if (skchan_notify(&ch) != 0)
			fprintf(stderr, "skchan: sent, but %s\n", skchan_error());
		else
			rc = 0;
	}
	skchan_close(&ch);
	return rc;
}

static int cmd_recv(const char *name, int ms)
{
	struct skchan ch;
	struct sk_ring tx, rx;
	int rc = 1;

	if (open_writable(&ch, name, "recv") != 0)
		return 1;
	if (rings(&ch, &tx, &rx) == 0) {
		char buf[SK_RING_PAYLOAD + 1];
		int len = sk_ring_recv(&rx, buf, SK_RING_PAYLOAD);

		if (len < 0 && skchan_wait(&ch, ms) > 0)
			len = sk_ring_recv(&rx, buf, SK_RING_PAYLOAD);
		if (len >= 0) {
			buf[len] = '\0';
			printf("%s\n", buf);
			rc = 0;
		} else {
			fprintf(stderr, "skchan: no message within %d ms\n", ms);
		}
	}
	skchan_close(&ch);
	return rc;
}

static int cmd_notify(const char *name, int force)
{
	struct skchan ch;
	int rc = 0;

	if (open_or_fail(&ch, name) != 0)
		return 1;
	if (force)
		ch.rights |= SK_CHANNEL_NOTIFY; /* the library's own check only */
	rc = skchan_notify(&ch);
	if (rc != 0)
		fprintf(stderr, "skchan: %s\n", skchan_error());
	else
		printf("notified\n");
	skchan_close(&ch);
	return rc != 0;
}

static int cmd_peek_poke(const char *name, const char *off_s, const char *val_s,
			 int force)
{
	struct skchan ch;
	unsigned long off = strtoul(off_s, NULL, 0);
	volatile uint32_t *word;

	if (val_s != NULL && !force) {
		if (open_writable(&ch, name, "poke (force: try)") != 0)
			return 1;
	} else if (open_or_fail(&ch, name) != 0) {
		return 1;
	}
	if (off % 4u != 0u || off + 4u > ch.size) {
		fprintf(stderr, "skchan: offset %lu is not a word inside the %zu bytes\n",
			off, ch.size);
		skchan_close(&ch);
		return 1;
	}
	word = (volatile uint32_t *)((uint8_t *)ch.mem + off);
	if (val_s != NULL) {
		printf("writing 0x%lx at %lu\n", strtoul(val_s, NULL, 0), off);
		fflush(stdout);
		*word = (uint32_t)strtoul(val_s, NULL, 0);
	}
	printf("word %lu: 0x%08x\n", off, *word);
	skchan_close(&ch);
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

struct tally {
	uint32_t sent, got, expect, lost, dup, bad;
};

static void check(struct tally *t, const uint32_t msg[2], int len)
{
	t->got++;
	if (len != 8 || msg[1] != ~msg[0])
		t->bad++;
	else if (msg[0] > t->expect)
		t->lost += msg[0] - t->expect;
	else if (msg[0] < t->expect)
		t->dup++;
	if (len == 8 && msg[0] >= t->expect)
		t->expect = msg[0] + 1u;
}

static int cmd_exchange(const char *name, uint32_t count)
{
	struct skchan ch;
	struct sk_ring tx, rx;
	struct tally t = { .expect = 1 };
	uint32_t waits = 0, idle = 0;
	uint64_t start;
	int ok;

	if (open_writable(&ch, name, "exchange") != 0)
		return 1;
	if (rings(&ch, &tx, &rx) != 0) {
		skchan_close(&ch);
		return 1;
	}
	start = now_ns();
	while (t.got < count && idle < EXCHANGE_MAX_IDLE) {
		uint32_t msg[2];
		int len, progress = 0;

		while (t.sent < count) {
			msg[0] = t.sent + 1u;
			msg[1] = ~msg[0];
			if (sk_ring_send(&tx, msg, sizeof(msg)) != 0)
				break;
			t.sent++;
			progress = 1;
		}
		while ((len = sk_ring_recv(&rx, msg, sizeof(msg))) != -1) {
			check(&t, msg, len);
			progress = 1;
		}
		if (progress) {
			/* New messages, or room for the echo: either way the
			 * peer may be waiting for it. */
			if (skchan_notify(&ch) != 0)
				break;
			idle = 0;
			continue;
		}
		waits++;
		if (skchan_wait(&ch, EXCHANGE_WAIT_MS) == 0)
			idle++;
	}
	ok = t.got == count && t.lost == 0 && t.dup == 0 && t.bad == 0;
	printf("exchange '%s': sent %u, received %u: %u lost, %u duplicated or reordered, %u corrupt; %u waits, %u doorbells, %llu ms%s\n",
	       ch.name, t.sent, t.got, t.lost, t.dup, t.bad, waits, ch.events,
	       (unsigned long long)((now_ns() - start) / 1000000u),
	       idle >= EXCHANGE_MAX_IDLE ? " (peer went quiet)" : "");
	skchan_close(&ch);
	return ok ? 0 : 1;
}

/* Sends back every message from the peer, in order: a message taken from
 * rx is held until tx has room. Stops after count echoes (0: never). */
static int cmd_echo(const char *name, uint32_t count)
{
	struct skchan ch;
	struct sk_ring tx, rx;
	uint32_t held[SK_RING_PAYLOAD / 4u + 1u];
	uint32_t echoed = 0;
	int held_len = -1;

	if (open_writable(&ch, name, "echo") != 0)
		return 1;
	if (rings(&ch, &tx, &rx) != 0) {
		skchan_close(&ch);
		return 1;
	}
	printf("echo '%s': echoing%s\n", ch.name, count != 0u ? "" : " until interrupted");
	fflush(stdout);
	while (count == 0u || echoed < count) {
		int progress = 0;

		for (;;) {
			if (held_len < 0) {
				held_len = sk_ring_recv(&rx, held, SK_RING_PAYLOAD);
				if (held_len < 0)
					break;
				progress = 1;
			}
			if (sk_ring_send(&tx, held, (uint32_t)held_len) != 0)
				break; /* full: the peer rings when it took some */
			held_len = -1;
			echoed++;
		}
		/* Echoes to read, or room in its ring: the peer may wait. */
		if (progress) {
			if (skchan_notify(&ch) != 0) {
				fprintf(stderr, "skchan: %s\n", skchan_error());
				break;
			}
			continue;
		}
		if (skchan_wait(&ch, ECHO_WAIT_MS) < 0) {
			fprintf(stderr, "skchan: %s\n", skchan_error());
			break;
		}
	}
	printf("echo '%s': %u message(s) echoed\n", ch.name, echoed);
	skchan_close(&ch);
	return count == 0u || echoed >= count ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "list") == 0 && argc == 2)
		return cmd_list();
	if (strcmp(argv[1], "send") == 0 && argc == 4)
		return cmd_send(argv[2], argv[3]);
	if (strcmp(argv[1], "recv") == 0 && (argc == 3 || argc == 4))
		return cmd_recv(argv[2], argc == 4 ? atoi(argv[3]) : DEFAULT_RECV_MS);
	if (strcmp(argv[1], "notify") == 0 && argc == 3)
		return cmd_notify(argv[2], 0);
	if (strcmp(argv[1], "notify") == 0 && argc == 4 && strcmp(argv[3], "force") == 0)
		return cmd_notify(argv[2], 1);
	if (strcmp(argv[1], "peek") == 0 && argc == 4)
		return cmd_peek_poke(argv[2], argv[3], NULL, 0);
	if (strcmp(argv[1], "poke") == 0 && argc == 5)
		return cmd_peek_poke(argv[2], argv[3], argv[4], 0);
	if (strcmp(argv[1], "poke") == 0 && argc == 6 && strcmp(argv[5], "force") == 0)
		return cmd_peek_poke(argv[2], argv[3], argv[4], 1);
	if (strcmp(argv[1], "exchange") == 0 && argc == 4)
		return cmd_exchange(argv[2], (uint32_t)strtoul(argv[3], NULL, 0));
	if (strcmp(argv[1], "echo") == 0 && (argc == 3 || argc == 4))
		return cmd_echo(argv[2], argc == 4 ? (uint32_t)strtoul(argv[3], NULL, 0) : 0u);
	return usage();
}
