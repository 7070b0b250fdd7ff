// SPDX-License-Identifier: MIT
/*
 * Channels (rtos/channel.h) on the shikiri hypercall ABI: SK_HC_CHANNEL_INFO
 * and _NAME find a channel, SK_HC_CHANNEL_NOTIFY rings the peer, and the
 * doorbell SPI is one more interrupt whose handler signals the channel's
 * semaphore.
 */
#include "rtos/channel.h"

#include "arch/arm64/rtos_arm64.h"
#include "shikiri/hypercall.h"

_Static_assert(RTOS_CHN_NAME_MAX == SK_CHANNEL_NAME_MAX,
	       "a channel name as the hypercall ABI has it");

/* The doorbell INTID of each mapped channel and the semaphore it wakes. */
static struct {
	uint32_t doorbell;
	ID semid;
} mapped[RTOS_MAX_CHANNELS];
static uint32_t mapped_count;

static void chn_doorbell(uint32_t intid)
{
	for (uint32_t i = 0; i < mapped_count; i++) {
		if (mapped[i].doorbell == intid)
			(void)sig_sem(mapped[i].semid); /* E_QOVR: already awake */
	}
}

ER rtos_chn_map(struct rtos_chn *ch, const char *name, ID semid)
{
	static char found[RTOS_CHN_NAME_MAX];
	struct sk_hc_result r;
	ER ercd;

	if (ch == NULL || name == NULL)
		return E_PAR;
	if (sns_ctx())
		return E_CTX;
	if (!rtos_arch_in_partition())
		return E_NOEXS; /* bare metal: no hypervisor to ask */
	if (!sk_channel_find(name, found, &r))
		return E_NOEXS;
	if (mapped_count >= RTOS_MAX_CHANNELS)
		return E_OBJ;
	*ch = (struct rtos_chn){
		.id = SK_CHANNEL_INFO_ID(r.r1),
		.own_id = (uint32_t)sk_hvc(SK_HC_PARTITION_ID, 0, 0, 0).r1,
		.peer_id = SK_CHANNEL_INFO_PEER(r.r1),
		.rights = SK_CHANNEL_INFO_RIGHTS(r.r1),
		.doorbell = SK_CHANNEL_INFO_DOORBELL(r.r1),
		.mem = (void *)(uintptr_t)r.r2,
		.size = (size_t)r.r3,
		.semid = semid,
	};
	for (uint32_t i = 0; i < RTOS_CHN_NAME_MAX; i++)
		ch->name[i] = found[i];
	ercd = rtos_attach_isr(ch->doorbell, chn_doorbell);
	if (ercd != E_OK)
		return ercd;
	mapped[mapped_count].doorbell = ch->doorbell;
	mapped[mapped_count].semid = semid;
	mapped_count++;
	return E_OK;
}

ER rtos_chn_notify(const struct rtos_chn *ch)
{
	int64_t st;

	if (ch == NULL)
		return E_PAR;
	st = sk_hvc(SK_HC_CHANNEL_NOTIFY, ch->id, 0, 0).status;
	return st == SK_OK ? E_OK : st == SK_E_DENIED ? E_OACV : E_SYS;
}

ER rtos_chn_wait(const struct rtos_chn *ch, TMO tmout)
{
	if (ch == NULL)
		return E_PAR;
	return twai_sem(ch->semid, tmout);
}
