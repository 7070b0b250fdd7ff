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
 */
#include "core/config_check_internal.h"

static const char *const DMA_HINT =
	"add dma = \"capable\"; if it can master the bus (reads or writes memory itself), dma = \"none\"; if not";

/* The first DMA-capable device of partition p, or NULL. Also refuses a
 * device whose statement is missing or unknown. */
static const struct sk_cfg_device *check_device_dma(struct check_ctx *c,
						    uint32_t p)
{
	const struct sk_cfg_partition *part = &c->cfg->partitions[p];
	uint32_t devices = min_u32(part->device_count, SK_MAX_DEVICES);
	const struct sk_cfg_device *capable = NULL;

	for (uint32_t i = 0; i < devices; i++) {
		const struct sk_cfg_device *d = &part->devices[i];

		switch (d->dma) {
		case SK_DMA_CAPABLE:
			if (capable == NULL)
				capable = d;
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
	}
	return capable;
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
	const struct sk_cfg_device *capable = check_device_dma(c, p);
	struct check_str dev;

	switch (part->dma) {
	case SK_PARTITION_DMA_NONE:
		if (capable != NULL)
			FAIL_AT(c, part->path,
				"device %s can do DMA, and with no IOMMU it reaches all memory: the partition must say dma = \"unrestricted\"; and be identity-mapped",
				check_copy(&dev, capable->path,
					   sizeof(capable->path)));
		break;
	case SK_PARTITION_DMA_UNRESTRICTED:
		if (capable == NULL)
			FAIL_AT(c, part->path,
				"dma = \"unrestricted\" but none of its devices says dma = \"capable\": remove it");
		else
			check_identity_mapped(c, p, capable);
		break;
	default:
		FAIL_AT(c, part->path, "unknown partition dma value %u",
			part->dma);
		break;
	}
}

void check_dma(struct check_ctx *c)
{
	for (uint32_t p = 0; p < c->partitions; p++)
		check_partition_dma(c, p);
}
