/* SPDX-License-Identifier: MIT */
#define SK_HYPERVISOR 1
#include "core/channel.h"

#include "arch/cache.h"
#include "arch/nospec.h"
#include "arch/stage2.h"
#include "arch/vgic.h"
#include "core/audit.h"
#include "core/config_check.h"
#include "core/guest_mem.h"
#include "core/log.h"
#include "core/partition.h"
#include "core/vpci.h"
#include "lib/array.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "shikiri/hypercall.h"

struct channel_end {
	struct partition *p;
	const struct sk_cfg_endpoint *cfg;
	struct vpci_dev *pci; /* NULL: the hypercall interface */
};

struct channel {
	const struct sk_cfg_channel *cfg;
	struct channel_end end[SK_CHANNEL_ENDPOINTS];
};

static struct channel channels[SK_MAX_CHANNELS];
static uint32_t channel_count;

static void channel_setup_pci(struct channel *ch, uint32_t id, uint32_t e)
{
	struct channel_end *me = &ch->end[e];
	struct vpci_dev *d = vpci_add(&me->p->pci, me->p);

	if (d == NULL)
		return; /* the validator bounds pci endpoints by channels */
	d->channel_id = id;
	d->own_id = me->p->id;
	d->peer_id = ch->end[1u - e].p->id;
	d->rights = me->cfg->rights;
	d->doorbell = me->cfg->doorbell;
	d->bar2 = me->cfg->guest;
	d->size = ch->cfg->size;
	d->name = ch->cfg->name;
	me->pci = d;
}

/* Endpoint e of channel ch: its partition, and the channel's memory
 * mapped into that partition with the endpoint's rights. */
static bool channel_map_endpoint(const struct sk_config *cfg,
				 struct channel *ch, uint32_t e, char *err,
				 uint32_t err_size)
{
	const struct sk_cfg_channel *c = ch->cfg;
	const struct sk_cfg_endpoint *ep = &c->endpoints[e];
	int pid = config_partition_index(cfg, ep->partition);
	enum pt_result r;

	ch->end[e].p = partition_get((uint32_t)pid);
	ch->end[e].cfg = ep;
	if (pid < 0 || ch->end[e].p == NULL) {
		(void)sk_snprintf(err, err_size, "%s: no such partition", ep->path);
		return false;
	}
	r = stage2_map(&ch->end[e].p->arch.stage2, gpa_of(ep->guest),
		       hpa_of(c->phys), c->size,
		       stage2_channel_attrs(ep->rights));
	if (r != PT_OK) {
		(void)sk_snprintf(err, err_size, "%s: stage-2 mapping failed (error %d)",
				  ep->path, (int)r);
		return false;
	}
	return true;
}

static void channel_log_created(const struct channel *ch, uint32_t id)
{
	const struct sk_cfg_channel *c = ch->cfg;

	log_line("channel %u '%s': %llu KiB, '%s' (%s%s%s) <-> '%s' (%s%s%s)",
		 id, c->name, (unsigned long long)(c->size >> 10),
		 ch->end[0].p->cfg->name,
		 (ch->end[0].cfg->rights & SK_RIGHT_WRITE) ? "rw" : "r",
		 (ch->end[0].cfg->rights & SK_RIGHT_NOTIFY) ? "n" : "",
		 ch->end[0].pci != NULL ? ", pci" : "",
		 ch->end[1].p->cfg->name,
		 (ch->end[1].cfg->rights & SK_RIGHT_WRITE) ? "rw" : "r",
		 (ch->end[1].cfg->rights & SK_RIGHT_NOTIFY) ? "n" : "",
		 ch->end[1].pci != NULL ? ", pci" : "");
}

/* Channel `id` of the configuration: its memory cleared and mapped into
 * both partitions, PCI endpoints set up. */
static bool channel_create_one(const struct sk_config *cfg, uint32_t id,
			       char *err, uint32_t err_size)
{
	struct channel *ch = &channels[id];
	const struct sk_cfg_channel *c = &cfg->channels[id];

	ch->cfg = c;
	/* Fresh memory for every boot: nothing of an earlier run or of
	 * the boot loader leaks between partitions through it. */
	(void)sk_memset((void *)(uintptr_t)c->phys, 0, (size_t)c->size);
	dcache_clean_inval_range((const void *)(uintptr_t)c->phys,
				 (size_t)c->size);
	for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
		if (!channel_map_endpoint(cfg, ch, e, err, err_size))
			return false;
	}
	for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
		if (c->endpoints[e].interface == SK_ENDPOINT_PCI)
			channel_setup_pci(ch, id, e);
	}
	channel_count = id + 1;
	channel_log_created(ch, id);
	return true;
}

bool channels_create(const struct sk_config *cfg, char *err,
		     uint32_t err_size)
{
	for (uint32_t id = 0; id < cfg->channel_count; id++) {
		if (!channel_create_one(cfg, id, err, err_size))
			return false;
	}
	for (uint32_t i = 0; i < partition_total(); i++)
		vpci_register(&partition_get(i)->pci, partition_get(i));
	return true;
}

/* The end of channel id that p owns, or -1: also for ids that do not exist,
 * so a partition cannot tell an undeclared channel from someone else's. */
static int channel_end_of(const struct partition *p, uint64_t id)
{
	if (id >= channel_count)
		return -1;
	id = index_nospec(id, channel_count);
	for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
		if (channels[id].end[e].p == p)
			return (int)e;
	}
	return -1;
}

int64_t channel_notify(struct partition *caller, uint64_t id)
{
	int e = channel_end_of(caller, id);
	struct channel_end *peer;

	if (e < 0) {
		audit_record(caller, SK_AUDIT_OP_NOTIFY, id, SK_AUDIT_NOT_ENDPOINT);
		return SK_E_DENIED;
	}
	id = index_nospec(id, channel_count);
	if ((channels[id].end[e].cfg->rights & SK_RIGHT_NOTIFY) == 0u) {
		audit_record(caller, SK_AUDIT_OP_NOTIFY, id, SK_AUDIT_NO_RIGHT);
		return SK_E_DENIED;
	}
	peer = &channels[id].end[1 - e];
	if (peer->pci != NULL)
		vpci_doorbell(&peer->p->pci, peer->pci);
	else
		vgic_inject(&peer->p->arch.vgic, vcpu_index_of(0),
			    intid_of(peer->cfg->doorbell), vcpu_index_of(0));
	return SK_OK;
}

uint32_t channel_declared(void)
{
	return channel_count;
}

uint32_t channel_doorbells_pending(void)
{
	uint32_t n = 0;

	for (uint32_t id = 0; id < channel_count && id < SK_MAX_CHANNELS; id++) {
		for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
			const struct channel_end *end = &channels[id].end[e];
			struct partition *owner = end->p;
			bool pending = end->pci != NULL
				? vpci_doorbell_pending(&owner->pci, end->pci)
				: vgic_irq_pending(&owner->arch.vgic,
						   vcpu_index_of(0),
						   intid_of(end->cfg->doorbell));

			n += pending ? 1u : 0u;
		}
	}
	return n;
}

/* ---- hypercalls ---- */

static void hc_channel_info(struct vcpu *v, uint64_t regs[4])
{
	const struct partition *p = v->partition;
	uint64_t n = regs[1];

	for (uint32_t id = 0; id < channel_count; id++) {
		int e = channel_end_of(p, id);
		const struct channel *ch = &channels[id];
		const struct sk_cfg_endpoint *ep;

		if (e < 0 || n-- != 0u)
			continue;
		ep = ch->end[e].cfg;
		regs[0] = SK_OK;
		regs[1] = (uint64_t)id | (uint64_t)ep->rights << 8 |
			  (uint64_t)ep->doorbell << 16 |
			  (uint64_t)ch->end[1 - e].p->id << 32 |
			  (uint64_t)ep->interface << 40;
		regs[2] = ep->guest;
		regs[3] = ch->cfg->size;
		return;
	}
	regs[0] = (uint64_t)(int64_t)SK_E_INVALID_PARAMETER;
}

static void hc_channel_name(struct vcpu *v, uint64_t regs[4])
{
	if (channel_end_of(v->partition, regs[1]) < 0) {
		regs[0] = (uint64_t)(int64_t)SK_E_INVALID_PARAMETER;
		return;
	}
	hc_copy_name(v, regs, channels[index_nospec(regs[1], channel_count)].cfg->name,
		     gpa_of(regs[2]), regs[3]);
}

static void hc_channel_notify(struct vcpu *v, uint64_t regs[4])
{
	regs[0] = (uint64_t)channel_notify(v->partition, regs[1]);
}

const struct hc_desc channel_table[] = {
	{ SK_HC_CHANNEL_INFO, hc_channel_info },
	{ SK_HC_CHANNEL_NAME, hc_channel_name },
	{ SK_HC_CHANNEL_NOTIFY, hc_channel_notify },
	{ SK_HC_AUDIT_READ, audit_hc_read },
};

const size_t channel_table_len = ARRAY_SIZE(channel_table);
