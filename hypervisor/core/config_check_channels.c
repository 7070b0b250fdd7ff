/* SPDX-License-Identifier: MIT */
/*
 * The mandatory access control part of the configuration: the type labels
 * and conflict sets of /policy, and the channels of /channels with their
 * memory, endpoints, rights and doorbells (docs/channels.md).
 *
 * The policy is Chinese-Wall style, the way sHype applies it to
 * partitions: labels in one conflict set are competing types, and no
 * partition may reach two of them, be it by carrying both, by sharing a
 * channel with a partition of the other type, or through channels to two
 * partitions of different types. Like the rest of the full check this runs
 * in the host tool; at boot only the channels' memory is checked against
 * the board (config_check_board.c).
 */
#include <stdbool.h>

#include "core/config_check_internal.h"
#include "core/vpci_map.h"
#include "lib/string.h"

static const char PATH_POLICY[] = "/policy";
static const char PATH_CHANNELS[] = "/channels";

#define NO_LABEL 0xffffffffu

static uint32_t label_index(const struct check_ctx *c, const char *name)
{
	uint32_t n = min_u32(c->cfg->label_count, SK_MAX_LABELS);

	for (uint32_t i = 0; i < n; i++) {
		if (names_equal(c->cfg->labels[i].name, name))
			return i;
	}
	return NO_LABEL;
}

/* The conflict sets holding label index l, as a bit mask over sets
 * (c->label_sets, filled by resolve_label_sets). */
static uint32_t label_sets(const struct check_ctx *c, uint32_t l)
{
	return l < SK_MAX_LABELS ? c->label_sets[l] : 0u;
}

static void resolve_label_sets(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;
	uint32_t sets = min_u32(cfg->conflict_set_count, SK_MAX_CONFLICT_SETS);

	for (uint32_t s = 0; s < sets; s++) {
		const struct sk_cfg_conflict_set *set = &cfg->conflict_sets[s];
		uint32_t n = min_u32(set->label_count, SK_MAX_LABELS);

		for (uint32_t i = 0; i < n; i++) {
			uint32_t l = label_index(c, set->labels[i].name);

			if (l != NO_LABEL)
				c->label_sets[l] |= 1u << s;
		}
	}
}

/* Each partition's label in each conflict set: the first it carries. */
static void resolve_set_labels(struct check_ctx *c)
{
	for (uint32_t p = 0; p < c->partitions; p++) {
		const struct sk_cfg_partition *part = &c->cfg->partitions[p];
		uint32_t n = min_u32(part->label_count, SK_MAX_PARTITION_LABELS);

		for (uint32_t s = 0; s < SK_MAX_CONFLICT_SETS; s++)
			c->set_label[p][s] = NO_LABEL;
		for (uint32_t i = n; i-- > 0;) {
			uint32_t l = label_index(c, part->labels[i].name);

			for (uint32_t s = 0; s < SK_MAX_CONFLICT_SETS; s++) {
				if ((label_sets(c, l) & (1u << s)) != 0u)
					c->set_label[p][s] = l;
			}
		}
	}
}

/* ---- /policy ------------------------------------------------------------- */

static void check_declared_labels(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;
	uint32_t n = clamp_count(c, PATH_POLICY, sizeof(PATH_POLICY), "labels",
				 cfg->label_count, SK_MAX_LABELS);
	struct check_str name;

	for (uint32_t i = 0; i < n; i++) {
		const char *l = cfg->labels[i].name;

		if (!name_terminated(l) || l[0] == '\0') {
			FAIL_AT(c, PATH_POLICY, "label %u is empty or unterminated", i);
			continue;
		}
		for (uint32_t j = 0; j < i; j++) {
			if (names_equal(cfg->labels[j].name, l)) {
				FAIL_AT(c, PATH_POLICY, "label '%s' is declared twice",
					check_copy(&name, l, SK_NAME_MAX));
				break;
			}
		}
	}
}

/* Every label of a list is declared and listed once. */
static void check_label_list(struct check_ctx *c, const char *path,
			     const struct sk_cfg_label *labels, uint32_t n)
{
	struct check_str name;

	for (uint32_t i = 0; i < n; i++) {
		(void)check_copy(&name, labels[i].name, SK_NAME_MAX);
		if (label_index(c, labels[i].name) == NO_LABEL) {
			config_report(&c->rep, path, SK_PATH_MAX,
				      "label '%s' is not declared in /policy labels",
				      name.s);
			continue;
		}
		for (uint32_t j = 0; j < i; j++) {
			if (names_equal(labels[j].name, labels[i].name)) {
				config_report(&c->rep, path, SK_PATH_MAX,
					      "label '%s' is listed twice", name.s);
				break;
			}
		}
	}
}

static void check_conflict_sets(struct check_ctx *c)
{
	const struct sk_config *cfg = c->cfg;
	uint32_t sets = clamp_count(c, PATH_POLICY, sizeof(PATH_POLICY),
				    "conflict sets", cfg->conflict_set_count,
				    SK_MAX_CONFLICT_SETS);

	for (uint32_t s = 0; s < sets; s++) {
		const struct sk_cfg_conflict_set *set = &cfg->conflict_sets[s];
		uint32_t n = clamp_count(c, set->path, sizeof(set->path),
					 "labels", set->label_count,
					 SK_MAX_LABELS);

		if (n < 2u)
			FAIL_AT(c, set->path,
				"a conflict set needs at least two labels, it has %u",
				n);
		check_label_list(c, set->path, set->labels, n);
	}
}

/* A partition carrying two types of one conflict set contradicts itself. */
static void check_partition_labels(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t n = clamp_count(c, part->path, sizeof(part->path), "labels",
				 part->label_count, SK_MAX_PARTITION_LABELS);
	struct check_str a, b, set;

	check_label_list(c, part->path, part->labels, n);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t li = label_index(c, part->labels[i].name);

		for (uint32_t j = 0; j < i; j++) {
			uint32_t lj = label_index(c, part->labels[j].name);
			uint32_t common = label_sets(c, li) & label_sets(c, lj);

			if (li == lj || common == 0u)
				continue;
			FAIL_AT(c, part->path,
				"labels '%s' and '%s' conflict (%s): a partition may carry only one of them",
				check_copy(&a, part->labels[j].name, SK_NAME_MAX),
				check_copy(&b, part->labels[i].name, SK_NAME_MAX),
				check_copy(&set,
					   c->cfg->conflict_sets[__builtin_ctz(common)].path,
					   SK_PATH_MAX));
		}
	}
}

void check_policy(struct check_ctx *c)
{
	check_declared_labels(c);
	check_conflict_sets(c);
	resolve_label_sets(c);
	resolve_set_labels(c);
	for (uint32_t p = 0; p < c->partitions; p++)
		check_partition_labels(c, p);
}

/* ---- /channels: each channel ---------------------------------------------- */

static bool power_of_two(uint64_t v)
{
	return v != 0u && (v & (v - 1u)) == 0u;
}

static void check_channel_name(struct check_ctx *c, uint32_t i)
{
	const struct sk_cfg_channel *ch = &c->cfg->channels[i];
	struct check_str name;

	if (!check_name(c, ch->path, sizeof(ch->path), "channel", ch->name))
		return;
	for (uint32_t j = 0; j < i; j++) {
		if (names_equal(c->cfg->channels[j].name, ch->name)) {
			FAIL_AT(c, ch->path, "channel name '%s' is used twice",
				check_copy(&name, ch->name, SK_NAME_MAX));
			return;
		}
	}
}

/* The shared memory: RAM of its own, a power of two for PCI BARs. */
static bool check_channel_memory(struct check_ctx *c,
				 const struct sk_cfg_channel *ch)
{
	bool ok = check_range_form(c, ch->path, sizeof(ch->path), "phys",
				   "size", ch->phys, ch->size);

	if (!ok)
		return false;
	if (!power_of_two(ch->size)) {
		FAIL_AT(c, ch->path,
			"size 0x%llx is not a power of two (a PCI BAR's size must be)",
			ull(ch->size));
		ok = false;
	}
	return check_ram_placement(c, ch->path, sizeof(ch->path), ch->phys,
				   ch->size) && ok;
}

/* A channel's memory as the subject or the other side of an overlap. */
static struct check_span channel_span(const struct sk_cfg_channel *ch)
{
	return (struct check_span){ .base = ch->phys, .size = ch->size,
				    .path = ch->path, .what = "physical range",
				    .prefix = "channel ", .name = ch->path };
}

static bool channel_span_at(const struct check_ctx *c, const void *set,
			    uint32_t k, struct check_span *out)
{
	(void)set;
	*out = channel_span(&c->cfg->channels[k]);
	return c->channel_ok[k];
}

/* Channel memory is nobody's but the channel's: no region of any
 * partition overlaps it (other channels: check_channels). */
static void check_channel_regions(struct check_ctx *c, uint32_t i)
{
	struct check_span ch = channel_span(&c->cfg->channels[i]);

	for (uint32_t p = 0; p < c->partitions; p++) {
		for (uint32_t r = 0; r < SK_MAX_REGIONS; r++) {
			const struct sk_cfg_region *o =
				&c->cfg->partitions[p].regions[r];
			struct check_span region = { .base = o->phys,
						     .size = o->size,
						     .name = o->path };

			if (c->region_ok[p][r])
				(void)check_overlap(c, &ch, &region);
		}
	}
}

/* ---- /channels: endpoints -------------------------------------------------- */

static void check_endpoint_rights(struct check_ctx *c,
				  const struct sk_cfg_endpoint *e)
{
	const uint32_t known = SK_RIGHT_READ | SK_RIGHT_WRITE | SK_RIGHT_NOTIFY;

	if ((e->rights & ~known) != 0u)
		FAIL_AT(c, e->path, "unknown rights bits 0x%x", e->rights);
	else if (e->rights == 0u)
		FAIL_AT(c, e->path, "no rights: give at least \"read\"");
	else if ((e->rights & SK_RIGHT_READ) == 0u)
		FAIL_AT(c, e->path,
			"rights contradict each other: \"write\" or \"notify\" without \"read\" (the memory is always mapped readable to an endpoint that uses it)");
}

/* The earlier doorbell or device interrupt of partition p that is intid,
 * as a path, or NULL. Earlier: channels before ch, endpoints before e. */
static const char *doorbell_clash(const struct check_ctx *c, uint32_t p,
				  uint32_t ch, uint32_t e, uint32_t intid)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t devices = min_u32(part->device_count, SK_MAX_DEVICES);

	for (uint32_t d = 0; d < devices; d++) {
		const struct sk_cfg_device *dev = &part->devices[d];
		uint32_t irqs = min_u32(dev->irq_count, SK_MAX_DEVICE_IRQS);

		for (uint32_t k = 0; k < irqs; k++) {
			if (dev->irqs[k] == intid)
				return dev->path;
		}
	}
	for (uint32_t i = 0; i <= ch; i++) {
		const struct sk_cfg_channel *o = &c->cfg->channels[i];
		uint32_t end = i == ch ? e : SK_CHANNEL_ENDPOINTS;

		for (uint32_t k = 0; k < end; k++) {
			if (c->endpoint_owner[i][k] == p &&
			    o->endpoints[k].doorbell == intid)
				return o->endpoints[k].path;
		}
	}
	return NULL;
}

static void check_endpoint_doorbell(struct check_ctx *c, uint32_t ch,
				    uint32_t e)
{
	const struct sk_cfg_endpoint *ep = &c->cfg->channels[ch].endpoints[e];
	uint32_t p = c->endpoint_owner[ch][e];
	const char *clash;
	struct check_str other;

	if (ep->doorbell < GIC_INTID_SPI_FIRST || ep->doorbell > SK_MAX_SPI_INTID) {
		FAIL_AT(c, ep->path,
			"doorbell %u is not an SPI the virtual GIC has (%u..%u)",
			ep->doorbell, GIC_INTID_SPI_FIRST, SK_MAX_SPI_INTID);
		return;
	}
	if (p == NO_OWNER)
		return;
	if (c->cfg->partitions[p].console == SK_CONSOLE_PL011 &&
	    ep->doorbell == SK_GUEST_UART_INTID) {
		FAIL_AT(c, ep->path,
			"doorbell %u is the partition's virtual PL011 interrupt",
			ep->doorbell);
		return;
	}
	clash = doorbell_clash(c, p, ch, e, ep->doorbell);
	if (clash != NULL)
		FAIL_AT(c, ep->path,
			"doorbell %u is already the interrupt of %s in the same partition",
			ep->doorbell, check_copy(&other, clash, SK_PATH_MAX));
}

/* Where the partition sees the memory. A pci endpoint's memory is its
 * memory BAR: inside the host bridge's window, aligned to its size. */
static bool check_endpoint_guest(struct check_ctx *c, uint32_t ch,
				 uint32_t e)
{
	const struct sk_cfg_channel *chan = &c->cfg->channels[ch];
	const struct sk_cfg_endpoint *ep = &chan->endpoints[e];
	struct sk_cfg_range win;
	uint32_t owner;

	if (!c->channel_ok[ch] ||
	    !check_guest_side(c, ep->path, sizeof(ep->path), ep->guest,
			      chan->size))
		return false;
	if (ep->interface != SK_ENDPOINT_PCI)
		return true;
	owner = c->endpoint_owner[ch][e];
	if (owner == NO_OWNER)
		return false; /* reported as an unknown endpoint */
	win = vpci_map_window(&c->cfg->partitions[owner]);
	if (!range_inside(ep->guest, chan->size, win.base, win.size)) {
		FAIL_AT(c, ep->path,
			"guest range 0x%llx-0x%llx is outside the PCI host bridge's memory window (0x%llx-0x%llx), where a pci endpoint's memory BAR must lie",
			ull(ep->guest), last_byte(ep->guest, chan->size),
			ull(win.base), last_byte(win.base, win.size));
		return false;
	}
	if ((ep->guest & (chan->size - 1u)) != 0u) {
		FAIL_AT(c, ep->path,
			"guest 0x%llx is not aligned to the channel's size 0x%llx (a PCI BAR is naturally aligned)",
			ull(ep->guest), ull(chan->size));
		return false;
	}
	return true;
}

static void check_endpoint(struct check_ctx *c, uint32_t ch, uint32_t e)
{
	const struct sk_cfg_endpoint *ep = &c->cfg->channels[ch].endpoints[e];
	int p = config_partition_index(c->cfg, ep->partition);
	struct check_str name;

	c->endpoint_owner[ch][e] = NO_OWNER;
	if (p < 0 || (uint32_t)p >= c->partitions) {
		FAIL_AT(c, ep->path,
			"unknown endpoint '%s': no partition has that name",
			check_copy(&name, ep->partition, SK_NAME_MAX));
	} else if (e == 1u && c->endpoint_owner[ch][0] == (uint32_t)p) {
		FAIL_AT(c, ep->path,
			"both endpoints are partition '%s': a channel connects two partitions",
			check_copy(&name, ep->partition, SK_NAME_MAX));
	} else {
		c->endpoint_owner[ch][e] = (uint32_t)p;
	}
	check_endpoint_rights(c, ep);
	if (ep->interface != SK_ENDPOINT_HYPERCALL &&
	    ep->interface != SK_ENDPOINT_PCI)
		FAIL_AT(c, ep->path, "unknown interface %u", ep->interface);
	check_endpoint_doorbell(c, ch, e);
	c->endpoint_guest_ok[ch][e] = check_endpoint_guest(c, ch, e);
}

static void check_channel(struct check_ctx *c, uint32_t i)
{
	const struct sk_cfg_channel *ch = &c->cfg->channels[i];
	uint32_t n = clamp_count(c, ch->path, sizeof(ch->path), "endpoints",
				 ch->endpoint_count, SK_CHANNEL_ENDPOINTS);
	uint32_t writers = 0;

	check_channel_name(c, i);
	c->channel_ok[i] = check_channel_memory(c, ch);
	if (c->channel_ok[i])
		check_channel_regions(c, i);
	if (n != SK_CHANNEL_ENDPOINTS)
		FAIL_AT(c, ch->path,
			"%u endpoint(s): a channel connects exactly two partitions (one node each, named after the partition)",
			n);
	for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++)
		c->endpoint_owner[i][e] = NO_OWNER;
	for (uint32_t e = 0; e < n; e++) {
		check_endpoint(c, i, e);
		if ((ch->endpoints[e].rights & SK_RIGHT_WRITE) != 0u)
			writers++;
	}
	if (n == SK_CHANNEL_ENDPOINTS && writers == 0u)
		FAIL_AT(c, ch->path,
			"no endpoint may write: the channel could carry nothing");
}

/* ---- /channels: the Chinese Wall -------------------------------------------- */

/* Partition p's label in conflict set s (NO_LABEL: none). */
static uint32_t label_in_set(const struct check_ctx *c, uint32_t p, uint32_t s)
{
	return c->set_label[p][s];
}

/* The two endpoints of one channel carry different types of one set. */
static void check_channel_direct(struct check_ctx *c, uint32_t i, uint32_t s)
{
	const struct sk_cfg_channel *ch = &c->cfg->channels[i];
	uint32_t a = c->endpoint_owner[i][0];
	uint32_t b = c->endpoint_owner[i][1];
	uint32_t la, lb;
	struct check_str na, nb, set;

	if (a == NO_OWNER || b == NO_OWNER)
		return;
	la = label_in_set(c, a, s);
	lb = label_in_set(c, b, s);
	if (la == NO_LABEL || lb == NO_LABEL || la == lb)
		return;
	FAIL_AT(c, ch->path,
		"endpoints carry conflicting types '%s' and '%s' (%s): partitions of conflicting types may not share a channel",
		check_copy(&na, c->cfg->labels[la].name, SK_NAME_MAX),
		check_copy(&nb, c->cfg->labels[lb].name, SK_NAME_MAX),
		check_copy(&set, c->cfg->conflict_sets[s].path, SK_PATH_MAX));
}

/* Partition p, itself without a type of set s, reaches two partitions of
 * different types of s through two channels. */
static void check_partition_reach(struct check_ctx *c, uint32_t p, uint32_t s)
{
	uint32_t first = NO_LABEL;
	uint32_t first_channel = 0;
	struct check_str name, a, b, via, set;

	if (label_in_set(c, p, s) != NO_LABEL)
		return; /* a conflict with its peers is a direct one */
	for (uint32_t i = 0; i < c->channels; i++) {
		for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
			uint32_t peer = c->endpoint_owner[i][1u - e];
			uint32_t l;

			if (c->endpoint_owner[i][e] != p || peer == NO_OWNER)
				continue;
			l = label_in_set(c, peer, s);
			if (l == NO_LABEL)
				continue;
			if (first == NO_LABEL) {
				first = l;
				first_channel = i;
			} else if (l != first) {
				const struct sk_cfg_channel *ch = &c->cfg->channels[i];

				FAIL_AT(c, ch->path,
					"partition '%s' would reach types '%s' (through %s) and '%s' (through this channel) of %s",
					check_copy(&name, c->cfg->partitions[p].name, SK_NAME_MAX),
					check_copy(&a, c->cfg->labels[first].name, SK_NAME_MAX),
					check_copy(&via, c->cfg->channels[first_channel].path, SK_PATH_MAX),
					check_copy(&b, c->cfg->labels[l].name, SK_NAME_MAX),
					check_copy(&set, c->cfg->conflict_sets[s].path, SK_PATH_MAX));
				return;
			}
		}
	}
}

void check_channels(struct check_ctx *c)
{
	uint32_t sets = min_u32(c->cfg->conflict_set_count, SK_MAX_CONFLICT_SETS);

	c->channels = clamp_count(c, PATH_CHANNELS, sizeof(PATH_CHANNELS),
				  "channels", c->cfg->channel_count,
				  SK_MAX_CHANNELS);
	for (uint32_t i = 0; i < c->channels; i++)
		check_channel(c, i);
	check_overlaps_within(c, NULL, c->channels, channel_span_at);
	for (uint32_t s = 0; s < sets; s++) {
		for (uint32_t i = 0; i < c->channels; i++)
			check_channel_direct(c, i, s);
		for (uint32_t p = 0; p < c->partitions; p++)
			check_partition_reach(c, p, s);
	}
}

uint32_t check_channel_spans(const struct check_ctx *c, uint32_t p,
			     struct check_span *out, uint32_t max, bool *pci)
{
	uint32_t n = 0;

	*pci = false;
	for (uint32_t i = 0; i < c->channels; i++) {
		const struct sk_cfg_channel *ch = &c->cfg->channels[i];

		for (uint32_t e = 0; e < SK_CHANNEL_ENDPOINTS; e++) {
			const struct sk_cfg_endpoint *ep = &ch->endpoints[e];

			if (c->endpoint_owner[i][e] != p)
				continue;
			if (ep->interface == SK_ENDPOINT_PCI)
				*pci = true;
			if (c->endpoint_guest_ok[i][e] && n < max)
				out[n++] = (struct check_span){
					.base = ep->guest, .size = ch->size,
					.path = ep->path, .what = "guest range",
					.name = ep->path };
		}
	}
	return n;
}
