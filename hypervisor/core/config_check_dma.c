/* SPDX-License-Identifier: MIT */
/*
 * DMA honesty (docs/devices.md). The boards shikiri runs on today have no
 * IOMMU in front of their bus masters, so a device that does DMA reaches
 * every byte of physical memory, whatever the partition's stage-2 says.
 * The configuration states it instead of hiding it:
 *  - every pass-through device says whether it can master the bus
 *    (dma = "capable" or "none"): the packer cannot tell from an address;
 *  - a partition with a capable device says dma = "unrestricted", the
 *    designer's acknowledgement that it is trusted like the hypervisor for
 *    memory, and is identity-mapped (each region's guest address is its
 *    physical one), since its driver programs the device with the
 *    guest-physical addresses it knows, and the device uses them as
 *    physical ones;
 *  - a partition without one does not say it.
 * Behind an SMMU (issue 19) a capable device instead lists the stream IDs
 * of its bus masters (streams = <FIRST COUNT>): the SMMU translates them
 * with the partition's own stage 2, so its DMA reaches exactly the
 * partition's memory and no identity map is needed. A stream belongs to
 * one device of one partition; at boot the board's SMMU must exist,
 * translate by stage 2 and hold the streams in its table.
 */
#include "core/config_check_internal.h"

static const char *const DMA_HINT =
	"add dma = \"capable\"; if it can master the bus (reads or writes memory itself), dma = \"none\"; if not";

/* The form of a device's streams, and whether the board's SMMU can take
 * them (at boot; the host tool does not know the board). */
static void check_stream_range(struct check_ctx *c,
				 const struct sk_cfg_device *d)
{
	uint32_t first;
	uint32_t count;

	if (d->stream_cells == 0u)
		return;
	if (d->stream_cells != SK_STREAM_CELLS) {
		FAIL_AT(c, d->path,
			"streams has %u cells: write streams = <FIRST COUNT>; (the first SMMU stream ID and how many)",
			d->stream_cells);
		return;
	}
	if (d->streams[1] == 0u) {
		FAIL_AT(c, d->path,
			"streams = <0x%x 0>: COUNT must be at least 1",
			d->streams[0]);
		return;
	}
	if (!stream_range(d, &first, &count)) {
		FAIL_AT(c, d->path,
			"streams = <0x%x 0x%x> runs past stream ID 0xffffffff",
			d->streams[0], d->streams[1]);
		return;
	}
	if (d->dma != SK_DMA_CAPABLE) {
		FAIL_AT(c, d->path,
			"streams on a device that does no DMA (dma = \"none\"): remove streams, or say dma = \"capable\";");
		return;
	}
	check_board_streams(c, d, first, count);
}

/* The DMA-capable devices of partition p: the first of all (*capable) and
 * the first without streams (returned), or NULL. Also refuses a device
 * whose statement is missing or unknown, or whose streams are wrong. */
static const struct sk_cfg_device *
check_device_dma(struct check_ctx *c, uint32_t p,
		 const struct sk_cfg_device **capable)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t devices = min_u32(part->device_count, SK_MAX_DEVICES);
	const struct sk_cfg_device *unconfined = NULL;

	*capable = NULL;
	for (uint32_t i = 0; i < devices; i++) {
		const struct sk_cfg_device *d = &part->devices[i];

		switch (d->dma) {
		case SK_DMA_CAPABLE:
			if (*capable == NULL)
				*capable = d;
			if (unconfined == NULL && d->stream_cells == 0u)
				unconfined = d;
			break;
		case SK_DMA_NONE:
			break;
		case SK_DMA_UNSTATED:
			FAIL_AT(c, d->path,
				"device does not say whether it can do DMA: %s",
				DMA_HINT);
			break;
		default:
			FAIL_AT(c, d->path, "unknown dma value %u: %s", d->dma,
				DMA_HINT);
			break;
		}
		check_stream_range(c, d);
	}
	return unconfined;
}

/* Every region of an unrestricted partition at guest == phys. */
static void check_identity_mapped(struct check_ctx *c, uint32_t p,
				  const struct sk_cfg_device *capable)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t regions = min_u32(part->region_count, SK_MAX_REGIONS);
	struct check_str dev;

	for (uint32_t i = 0; i < regions; i++) {
		const struct sk_cfg_region *r = &part->regions[i];

		if (r->guest == r->phys)
			continue;
		FAIL_AT(c, r->path,
			"guest 0x%llx is not phys 0x%llx: a partition with a DMA-capable device (%s) must be identity-mapped, since the device uses the guest-physical addresses its driver gives it as physical ones",
			ull(r->guest), ull(r->phys),
			check_copy(&dev, capable->path, sizeof(capable->path)));
	}
}

static void check_partition_dma(struct check_ctx *c, uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	const struct sk_cfg_device *capable;
	const struct sk_cfg_device *unconfined =
		check_device_dma(c, p, &capable);
	struct check_str dev;

	switch (part->dma) {
	case SK_PARTITION_DMA_NONE:
		if (unconfined != NULL)
			FAIL_AT(c, part->path,
				"device %s can do DMA and lists no SMMU streams, so it reaches all memory: give it streams = <FIRST COUNT>; (its stream IDs behind the SMMU), or the partition must say dma = \"unrestricted\"; and be identity-mapped",
				check_copy(&dev, unconfined->path,
					   sizeof(unconfined->path)));
		break;
	case SK_PARTITION_DMA_UNRESTRICTED:
		if (capable == NULL)
			FAIL_AT(c, part->path,
				"dma = \"unrestricted\" but none of its devices says dma = \"capable\": remove it");
		else if (unconfined == NULL)
			FAIL_AT(c, part->path,
				"dma = \"unrestricted\" but every DMA-capable device lists SMMU streams, which confine it: remove it");
		else
			check_identity_mapped(c, p, unconfined);
		break;
	default:
		FAIL_AT(c, part->path, "unknown partition dma value %u",
			part->dma);
		break;
	}
	switch (part->dma_fault) {
	case SK_DMA_FAULT_REPORT:
	case SK_DMA_FAULT_FAULT_POLICY:
		break;
	default:
		FAIL_AT(c, part->path, "unknown dma-fault value %u",
			part->dma_fault);
		break;
	}
}

/* d's streams against every well-formed device before it (in partition
 * order, then device order): a stream ID belongs to one device. */
static void check_streams_unique(struct check_ctx *c, uint32_t p, uint32_t i)
{
	const struct sk_cfg_device *d = device_at(c, p, i);
	uint32_t first;
	uint32_t count;
	struct check_str other;

	if (d == NULL || !stream_range(d, &first, &count))
		return;
	for (uint32_t q = 0; q <= p; q++) {
		for (uint32_t j = 0; j < SK_MAX_DEVICES; j++) {
			const struct sk_cfg_device *e = device_at(c, q, j);
			uint32_t ef;
			uint32_t en;

			if (q == p && j == i)
				return;
			if (e == NULL || !stream_range(e, &ef, &en))
				continue;
			if (first - ef >= en && ef - first >= count)
				continue; /* disjoint (unsigned distances) */
			FAIL_AT(c, d->path,
				"streams 0x%x..0x%x overlap those of %s (0x%x..0x%x): a stream ID belongs to one device",
				first, first + (count - 1u),
				check_copy(&other, e->path, sizeof(e->path)),
				ef, ef + (en - 1u));
			return;
		}
	}
}

void check_dma(struct check_ctx *c)
{
	for (uint32_t p = 0; p < c->partitions; p++)
		check_partition_dma(c, p);
	for (uint32_t p = 0; p < c->partitions; p++) {
		for (uint32_t i = 0; i < SK_MAX_DEVICES; i++)
			check_streams_unique(c, p, i);
	}
	check_board_pcie(c);
}
