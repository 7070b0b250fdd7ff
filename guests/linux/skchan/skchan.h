/* SPDX-License-Identifier: MIT */
/*
 * libskchan: shikiri channels from Linux user space, with the kernel's own
 * drivers only (docs/channels.md, "Linux"). Each channel of the partition
 * is a PCI device (include/shikiri/channel_pci.h) bound to uio_pci_generic;
 * this library finds it by name in sysfs, maps its registers and shared
 * memory, rings the peer's doorbell and waits for its own on /dev/uioN.
 *
 *   struct skchan ch;
 *   if (skchan_open(&ch, "telemetry") != 0) { puts(skchan_error()); ... }
 *   ... write to ch.mem ...; skchan_notify(&ch);
 *   skchan_wait(&ch, 100);   1: the peer rang, 0: timeout, -1: error
 *   skchan_close(&ch);
 *
 * Not thread-safe per channel; different channels are independent.
 */
#ifndef SKCHAN_H
#define SKCHAN_H

#include <stddef.h>
#include <stdint.h>

#define SKCHAN_NAME_MAX 16u /* including the NUL */

struct skchan {
	char name[SKCHAN_NAME_MAX];
	char pci[32];            /* the device's sysfs name, e.g. 0000:00:00.0 */
	uint32_t id;             /* channel id (hypercall ABI) */
	uint32_t own_id, peer_id;/* partition ids */
	uint32_t rights;         /* SK_CHANNEL_READ | WRITE | NOTIFY */
	size_t size;             /* bytes of shared memory */
	void *mem;               /* the shared memory (BAR2, write-combining) */
	volatile uint32_t *regs; /* the registers (BAR0) */
	int uio_fd;              /* /dev/uioN: doorbell events */
	int config_fd;           /* sysfs config space: INTx unmasking */
	uint32_t events;         /* doorbell interrupts seen so far */
};

/* Opens the channel called name: binds uio_pci_generic to the channel
 * devices if it is not yet, maps both BARs, enables the doorbell
 * interrupt. Returns 0, or -1 with skchan_error() saying why. */
int skchan_open(struct skchan *ch, const char *name);
void skchan_close(struct skchan *ch);

/* Rings the peer's doorbell. -1 (and skchan_error()) if the channel gives
 * no notify right: the hypervisor refuses and audits the attempt. */
int skchan_notify(struct skchan *ch);

/* Waits up to timeout_ms (negative: forever) for the peer's doorbell.
 * Returns 1 when it rang (since the last call), 0 on timeout, -1 on error.
 * Check the shared memory before waiting again: a doorbell only says
 * "look", and several rings may arrive as one. */
int skchan_wait(struct skchan *ch, int timeout_ms);

/* Calls fn for every channel device of the partition (bound or not);
 * returns how many there were, or -1. */
int skchan_list(void (*fn)(const struct skchan *info, void *ctx), void *ctx);

/* Why the last call failed (one line, no newline). */
const char *skchan_error(void);

#endif /* SKCHAN_H */
