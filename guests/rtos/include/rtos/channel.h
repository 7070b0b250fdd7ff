/* SPDX-License-Identifier: MIT */
/*
 * Channels for RTOS applications (docs/channels.md, "RTOS"): shared memory
 * with another partition, as the shikiri configuration declares it, and a
 * doorbell each way. A task maps a channel by name, writes and reads its
 * memory (include/shikiri/ring.h gives a ready-made message ring), rings
 * the peer, and waits, with a timeout, for the peer to ring back: the
 * doorbell interrupt signals a semaphore the application configures
 * (binary: maximum count 1, so rings that arrive together are one wake-up).
 *
 * Only inside a shikiri partition: the calls are hypercalls (on bare metal
 * rtos_chn_map answers E_NOEXS).
 */
#ifndef RTOS_CHANNEL_H
#define RTOS_CHANNEL_H

#include <stddef.h>
#include <stdint.h>

#include "rtos/itron.h"

#define RTOS_MAX_CHANNELS 8u
#define RTOS_CHN_NAME_MAX 16u /* including the NUL */

struct rtos_chn {
	char name[RTOS_CHN_NAME_MAX];
	uint32_t id;        /* the channel id (hypercall ABI) */
	uint32_t own_id;    /* this partition's id */
	uint32_t peer_id;   /* the other endpoint's partition id */
	uint32_t rights;    /* SK_CHANNEL_READ | WRITE | NOTIFY */
	uint32_t doorbell;  /* this end's doorbell INTID */
	void *mem;          /* where the memory is mapped here */
	size_t size;
	ID semid;           /* signalled by the doorbell */
};

/* Finds this partition's channel `name`, attaches its doorbell so that it
 * signals semaphore semid. E_NOEXS: no such channel here (or not in a
 * shikiri partition); E_OBJ: more than RTOS_MAX_CHANNELS mapped; E_PAR:
 * NULL arguments; E_CTX: called from a handler. */
ER rtos_chn_map(struct rtos_chn *ch, const char *name, ID semid);
/* Rings the peer's doorbell. E_OACV: no notify right (the hypervisor
 * refused and recorded it in its audit log). */
ER rtos_chn_notify(const struct rtos_chn *ch);
/* Waits up to tmout us (TMO_POL, TMO_FEVR) for the peer's doorbell: E_OK,
 * E_TMOUT, or what twai_sem returns. A doorbell only says "look": check
 * the memory before waiting again. */
ER rtos_chn_wait(const struct rtos_chn *ch, TMO tmout);

#endif /* RTOS_CHANNEL_H */
