/* SPDX-License-Identifier: MIT */
/*
 * The v1 configuration schema (docs/configuration.md) as tables, plus the
 * hooks that allocate a partition, region, device or image slot when the
 * walker enters its node and locate an image file when it leaves one.
 */
#define _POSIX_C_SOURCE 200809L

#include "config_schema.h"

#include <stdio.h>
#include <string.h>

#include "image_find.h"
#include "lib/array.h"

#define SYSTEM_COMPATIBLE "shikiri,system-v1"

/* ---- hooks ------------------------------------------------------------- */

/* Copies path into a fixed-size field, reporting it if it does not fit. */
static void store_path(struct parse_ctx *ctx, char dst[SK_PATH_MAX],
		       const char *path)
{
	size_t len = strlen(path);

	if (len >= SK_PATH_MAX)
		PARSE_ERROR(ctx, path,
			    "node path is too long: %zu characters, at most %u",
			    len, SK_PATH_MAX - 1u);
	snprintf(dst, SK_PATH_MAX, "%s", path);
}

/* The name must fit its field; its syntax and uniqueness are
 * config_check()'s (check_name), so the hypervisor applies them too. */
static void check_name_length(struct parse_ctx *ctx, const char *what,
			      const char *name, const char *path)
{
	size_t len = strlen(name);

	if (len >= SK_NAME_MAX)
		PARSE_ERROR(ctx, path,
			    "%s name \"%s\" is too long: %zu characters, at most %u",
			    what, name, len, SK_NAME_MAX - 1u);
}

static void *enter_partition(struct parse_ctx *ctx, void *parent, uint32_t tag,
			     const char *name, const char *path)
{
	struct sk_config *cfg = parent;
	struct sk_cfg_partition *part;

	(void)tag;
	if (cfg->partition_count >= SK_MAX_PARTITIONS)
		return NULL;
	check_name_length(ctx, "partition", name, path);
	part = &cfg->partitions[cfg->partition_count++];
	snprintf(part->name, sizeof(part->name), "%s", name);
	store_path(ctx, part->path, path);
	return part;
}

static void *enter_channel(struct parse_ctx *ctx, void *parent, uint32_t tag,
			   const char *name, const char *path)
{
	struct sk_config *cfg = parent;
	struct sk_cfg_channel *ch;

	(void)tag;
	if (cfg->channel_count >= SK_MAX_CHANNELS)
		return NULL;
	check_name_length(ctx, "channel", name, path);
	ch = &cfg->channels[cfg->channel_count++];
	snprintf(ch->name, sizeof(ch->name), "%s", name);
	store_path(ctx, ch->path, path);
	return ch;
}

/* An endpoint node is named after its partition (config_check resolves
 * the name, so the hypervisor checks it too). */
static void *enter_endpoint(struct parse_ctx *ctx, void *parent, uint32_t tag,
			    const char *name, const char *path)
{
	struct sk_cfg_channel *ch = parent;
	struct sk_cfg_endpoint *e;

	(void)tag;
	if (ch->endpoint_count >= SK_CHANNEL_ENDPOINTS)
		return NULL;
	if (strlen(name) >= SK_NAME_MAX)
		PARSE_ERROR(ctx, path,
			    "endpoint \"%s\" names no partition: partition names have at most %u characters",
			    name, SK_NAME_MAX - 1u);
	e = &ch->endpoints[ch->endpoint_count++];
	snprintf(e->partition, sizeof(e->partition), "%s", name);
	store_path(ctx, e->path, path);
	return e;
}

static void *enter_frame(struct parse_ctx *ctx, void *parent, uint32_t tag,
			 const char *name, const char *path)
{
	struct sk_config *cfg = parent;
	struct sk_cfg_frame *f;

	(void)tag;
	(void)name;
	if (cfg->frame_count >= SK_MAX_CPUS)
		return NULL;
	f = &cfg->frames[cfg->frame_count++];
	store_path(ctx, f->path, path);
	return f;
}

static void *enter_window(struct parse_ctx *ctx, void *parent, uint32_t tag,
			  const char *name, const char *path)
{
	struct sk_cfg_frame *f = parent;
	struct sk_cfg_window *w;

	(void)tag;
	(void)name;
	if (f->window_count >= SK_MAX_WINDOWS)
		return NULL;
	w = &f->windows[f->window_count++];
	store_path(ctx, w->path, path);
	return w;
}

static void *enter_conflict_set(struct parse_ctx *ctx, void *parent,
				uint32_t tag, const char *name,
				const char *path)
{
	struct sk_config *cfg = parent;
	struct sk_cfg_conflict_set *set;

	(void)tag;
	(void)name;
	if (cfg->conflict_set_count >= SK_MAX_CONFLICT_SETS)
		return NULL;
	set = &cfg->conflict_sets[cfg->conflict_set_count++];
	store_path(ctx, set->path, path);
	return set;
}

static void *enter_region(struct parse_ctx *ctx, void *parent, uint32_t tag,
			  const char *name, const char *path)
{
	struct sk_cfg_partition *part = parent;
	struct sk_cfg_region *r;

	(void)tag;
	(void)name;
	if (part->region_count >= SK_MAX_REGIONS)
		return NULL;
	r = &part->regions[part->region_count++];
	store_path(ctx, r->path, path);
	return r;
}

static void *enter_device(struct parse_ctx *ctx, void *parent, uint32_t tag,
			  const char *name, const char *path)
{
	struct sk_cfg_partition *part = parent;
	struct sk_cfg_device *d;

	(void)tag;
	(void)name;
	if (part->device_count >= SK_MAX_DEVICES)
		return NULL;
	d = &part->devices[part->device_count++];
	store_path(ctx, d->path, path);
	return d;
}

static void *enter_image(struct parse_ctx *ctx, void *parent, uint32_t tag,
			 const char *name, const char *path)
{
	struct sk_cfg_partition *part = parent;
	size_t p = (size_t)(part - ctx->out->cfg.partitions);
	struct sk_cfg_image *img;

	(void)name;
	if (part->image_count >= SK_MAX_IMAGES || p >= SK_MAX_PARTITIONS)
		return NULL;
	ctx->image_file_slot = ctx->out->image_files[p][part->image_count];
	img = &part->images[part->image_count++];
	img->role = tag;
	store_path(ctx, img->path, path);
	return img;
}

/* Lists the searched directories for a "not found" message. */
static void describe_search(const struct config_search *s, char *buf,
			    size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i <= s->dir_count && used < size; i++) {
		const char *dir = i < s->dir_count ? s->dirs[i] : s->config_dir;
		int n = snprintf(buf + used, size - used, "%s%s",
				 i == 0 ? "" : ", ", dir);

		if (n < 0)
			break;
		used += (size_t)n;
	}
}

static void finish_image(struct parse_ctx *ctx, void *target, const char *path)
{
	struct sk_cfg_image *img = target;
	char searched[SCHEMA_PATH_MAX];
	uint64_t size = 0;

	if (img->file[0] == '\0' || ctx->image_file_slot == NULL)
		return; /* missing or bad "file" was reported already */
	switch (image_find(ctx->search, img->file, ctx->image_file_slot,
			   CONFIG_HOST_PATH_MAX, &size)) {
	case IMAGE_FIND_OK:
		if (size == 0u)
			PARSE_ERROR(ctx, path, "image file %s is empty",
				    ctx->image_file_slot);
		img->size = size;
		break;
	case IMAGE_FIND_NOT_FOUND:
		describe_search(ctx->search, searched, sizeof(searched));
		PARSE_ERROR(ctx, path, "image file \"%s\" not found (searched: %s)",
			    img->file, searched);
		break;
	case IMAGE_FIND_TOO_LONG:
		PARSE_ERROR(ctx, path, "image file \"%s\": host path too long",
			    img->file);
		break;
	default:
		PARSE_ERROR(ctx, path, "image file \"%s\": internal error",
			    img->file);
		break;
	}
	ctx->image_file_slot = NULL;
}

/* ---- tables ------------------------------------------------------------ */

static const struct schema_enum console_values[] = {
	{ "hypercall", SK_CONSOLE_HYPERCALL },
	{ "none", SK_CONSOLE_NONE },
	{ "pl011", SK_CONSOLE_PL011 },
	{ NULL, 0 },
};

static const struct schema_enum sched_class_values[] = {
	{ "best-effort", SK_SCHED_BEST_EFFORT },
	{ "realtime", SK_SCHED_REALTIME },
	{ NULL, 0 },
};

static const struct schema_enum fault_policy_values[] = {
	{ "stop", SK_FAULT_STOP },
	{ "restart", SK_FAULT_RESTART },
	{ "halt-system", SK_FAULT_HALT_SYSTEM },
	{ NULL, 0 },
};

#define ACCESS_RWX (SK_ACCESS_READ | SK_ACCESS_WRITE | SK_ACCESS_EXEC)
static const struct schema_enum access_values[] = {
	{ "rwx", ACCESS_RWX },
	{ "rw", SK_ACCESS_READ | SK_ACCESS_WRITE },
	{ "rx", SK_ACCESS_READ | SK_ACCESS_EXEC },
	{ "r", SK_ACCESS_READ },
	{ NULL, 0 },
};

static const struct schema_enum right_values[] = {
	{ "read", SK_RIGHT_READ },
	{ "write", SK_RIGHT_WRITE },
	{ "notify", SK_RIGHT_NOTIFY },
	{ NULL, 0 },
};

static const struct schema_enum interface_values[] = {
	{ "hypercall", SK_ENDPOINT_HYPERCALL },
	{ "pci", SK_ENDPOINT_PCI },
	{ NULL, 0 },
};

/* A device's bus mastering; absent packs SK_DMA_UNSTATED, which
 * config_check refuses with what to write (so the hypervisor does too). */
static const struct schema_enum device_dma_values[] = {
	{ "none", SK_DMA_NONE },
	{ "capable", SK_DMA_CAPABLE },
	{ NULL, 0 },
};

static const struct schema_enum partition_dma_values[] = {
	{ "unrestricted", SK_PARTITION_DMA_UNRESTRICTED },
	{ NULL, 0 },
};

static const struct schema_enum dma_fault_values[] = {
	{ "report", SK_DMA_FAULT_REPORT },
	{ "fault-policy", SK_DMA_FAULT_FAULT_POLICY },
	{ NULL, 0 },
};

/* /partitions/NAME/images/{kernel,dtb,initrd} */
static const struct schema_prop image_props[] = {
	{ .name = "file", .kind = PROP_STRING, .required = true,
	  .offset = offsetof(struct sk_cfg_image, file), .max = SK_FILE_MAX },
	{ .name = "load", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_image, load) },
};

static const struct schema_node image_node = {
	.props = image_props, .prop_count = ARRAY_SIZE(image_props),
	.enter = enter_image, .finish = finish_image,
};

static const struct schema_child images_children[] = {
	{ "kernel", "kernel image", &image_node, true, 1, SK_IMAGE_KERNEL },
	{ "dtb", "dtb image", &image_node, false, 1, SK_IMAGE_DTB },
	{ "initrd", "initrd image", &image_node, false, 1, SK_IMAGE_INITRD },
};

static const struct schema_node images_node = {
	.children = images_children, .child_count = ARRAY_SIZE(images_children),
};

/* /partitions/NAME/memory/ANY */
static const struct schema_prop region_props[] = {
	{ .name = "phys", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_region, phys) },
	{ .name = "guest", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_region, guest) },
	{ .name = "size", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_region, size) },
	{ .name = "access", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_region, access),
	  .enums = access_values, .default_value = ACCESS_RWX },
};

static const struct schema_node region_node = {
	.props = region_props, .prop_count = ARRAY_SIZE(region_props),
	.enter = enter_region,
};

static const struct schema_child memory_children[] = {
	{ NULL, "memory region", &region_node, true, SK_MAX_REGIONS, 0 },
};

static const struct schema_node memory_node = {
	.children = memory_children, .child_count = ARRAY_SIZE(memory_children),
};

/* /partitions/NAME/devices/ANY */
static const struct schema_prop device_props[] = {
	{ .name = "phys", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_device, phys) },
	{ .name = "guest", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_device, guest) },
	{ .name = "size", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_device, size) },
	{ .name = "interrupts", .kind = PROP_U32_LIST,
	  .offset = offsetof(struct sk_cfg_device, irqs),
	  .count_offset = offsetof(struct sk_cfg_device, irq_count),
	  .max = SK_MAX_DEVICE_IRQS },
	{ .name = "dma", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_device, dma),
	  .enums = device_dma_values, .default_value = SK_DMA_UNSTATED },
	/* <FIRST COUNT>: its form is config_check()'s (so the hypervisor
	 * checks it too); more cells than a pair are refused here. */
	{ .name = "streams", .kind = PROP_U32_LIST,
	  .offset = offsetof(struct sk_cfg_device, streams),
	  .count_offset = offsetof(struct sk_cfg_device, stream_cells),
	  .max = SK_STREAM_CELLS },
};

static const struct schema_node device_node = {
	.props = device_props, .prop_count = ARRAY_SIZE(device_props),
	.enter = enter_device,
};

static const struct schema_child devices_children[] = {
	{ NULL, "device", &device_node, false, SK_MAX_DEVICES, 0 },
};

static const struct schema_node devices_node = {
	.children = devices_children,
	.child_count = ARRAY_SIZE(devices_children),
};

/* /partitions/NAME */
static const struct schema_prop partition_props[] = {
	{ .name = "cpus", .kind = PROP_U32_LIST, .required = true,
	  .offset = offsetof(struct sk_cfg_partition, cpus),
	  .count_offset = offsetof(struct sk_cfg_partition, cpu_count),
	  .max = SK_MAX_CPUS },
	{ .name = "console", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_partition, console),
	  .enums = console_values, .default_value = SK_CONSOLE_HYPERCALL },
	{ .name = "fault-policy", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_partition, fault_policy),
	  .enums = fault_policy_values, .default_value = SK_FAULT_STOP },
	{ .name = "manager", .kind = PROP_FLAG,
	  .offset = offsetof(struct sk_cfg_partition, manager) },
	{ .name = "watchdog-ms", .kind = PROP_U32,
	  .offset = offsetof(struct sk_cfg_partition, watchdog_ms) },
	{ .name = "virtual-pci-ecam", .kind = PROP_ADDRESS,
	  .offset = offsetof(struct sk_cfg_partition, vpci_ecam) },
	{ .name = "virtual-pci-window", .kind = PROP_RANGE,
	  .offset = offsetof(struct sk_cfg_partition, vpci_window) },
	{ .name = "scheduling", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_partition, sched_class),
	  .enums = sched_class_values, .default_value = SK_SCHED_BEST_EFFORT },
	{ .name = "priority", .kind = PROP_U32,
	  .offset = offsetof(struct sk_cfg_partition, priority) },
	{ .name = "dma", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_partition, dma),
	  .enums = partition_dma_values,
	  .default_value = SK_PARTITION_DMA_NONE },
	{ .name = "dma-fault", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_partition, dma_fault),
	  .enums = dma_fault_values, .default_value = SK_DMA_FAULT_REPORT },
	{ .name = "labels", .kind = PROP_NAME_LIST,
	  .offset = offsetof(struct sk_cfg_partition, labels),
	  .count_offset = offsetof(struct sk_cfg_partition, label_count),
	  .max = SK_MAX_PARTITION_LABELS },
};

static const struct schema_child partition_children[] = {
	{ "memory", "memory", &memory_node, true, 1, 0 },
	{ "devices", "devices", &devices_node, false, 1, 0 },
	{ "images", "images", &images_node, true, 1, 0 },
};

static const struct schema_node partition_node = {
	.props = partition_props, .prop_count = ARRAY_SIZE(partition_props),
	.children = partition_children,
	.child_count = ARRAY_SIZE(partition_children),
	.enter = enter_partition,
};

/* /partitions: an empty one is config_check()'s "no partitions". */
static const struct schema_child partitions_children[] = {
	{ NULL, "partition", &partition_node, false, SK_MAX_PARTITIONS, 0 },
};

static const struct schema_node partitions_node = {
	.children = partitions_children,
	.child_count = ARRAY_SIZE(partitions_children),
};

/* /channels/NAME/PARTITION */
static const struct schema_prop endpoint_props[] = {
	{ .name = "guest", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_endpoint, guest) },
	{ .name = "rights", .kind = PROP_ENUM_SET, .required = true,
	  .offset = offsetof(struct sk_cfg_endpoint, rights),
	  .enums = right_values },
	{ .name = "doorbell", .kind = PROP_U32, .required = true,
	  .offset = offsetof(struct sk_cfg_endpoint, doorbell) },
	{ .name = "interface", .kind = PROP_ENUM,
	  .offset = offsetof(struct sk_cfg_endpoint, interface),
	  .enums = interface_values, .default_value = SK_ENDPOINT_HYPERCALL },
};

static const struct schema_node endpoint_node = {
	.props = endpoint_props, .prop_count = ARRAY_SIZE(endpoint_props),
	.enter = enter_endpoint,
};

/* /channels/NAME: fewer than two endpoints is config_check()'s error. */
static const struct schema_prop channel_props[] = {
	{ .name = "phys", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_channel, phys) },
	{ .name = "size", .kind = PROP_ADDRESS, .required = true,
	  .offset = offsetof(struct sk_cfg_channel, size) },
};

static const struct schema_child channel_children[] = {
	{ NULL, "endpoint", &endpoint_node, false, SK_CHANNEL_ENDPOINTS, 0 },
};

static const struct schema_node channel_node = {
	.props = channel_props, .prop_count = ARRAY_SIZE(channel_props),
	.children = channel_children,
	.child_count = ARRAY_SIZE(channel_children),
	.enter = enter_channel,
};

static const struct schema_child channels_children[] = {
	{ NULL, "channel", &channel_node, false, SK_MAX_CHANNELS, 0 },
};

static const struct schema_node channels_node = {
	.children = channels_children,
	.child_count = ARRAY_SIZE(channels_children),
};

/* /policy/conflict-sets/NAME */
static const struct schema_prop conflict_set_props[] = {
	{ .name = "labels", .kind = PROP_NAME_LIST, .required = true,
	  .offset = offsetof(struct sk_cfg_conflict_set, labels),
	  .count_offset = offsetof(struct sk_cfg_conflict_set, label_count),
	  .max = SK_MAX_LABELS },
};

static const struct schema_node conflict_set_node = {
	.props = conflict_set_props,
	.prop_count = ARRAY_SIZE(conflict_set_props),
	.enter = enter_conflict_set,
};

static const struct schema_child conflict_sets_children[] = {
	{ NULL, "conflict set", &conflict_set_node, false,
	  SK_MAX_CONFLICT_SETS, 0 },
};

static const struct schema_node conflict_sets_node = {
	.children = conflict_sets_children,
	.child_count = ARRAY_SIZE(conflict_sets_children),
};

/* /policy */
static const struct schema_prop policy_props[] = {
	{ .name = "labels", .kind = PROP_NAME_LIST, .required = true,
	  .offset = offsetof(struct sk_config, labels),
	  .count_offset = offsetof(struct sk_config, label_count),
	  .max = SK_MAX_LABELS },
};

static const struct schema_child policy_children[] = {
	{ "conflict-sets", "conflict-sets", &conflict_sets_node, false, 1, 0 },
};

static const struct schema_node policy_node = {
	.props = policy_props, .prop_count = ARRAY_SIZE(policy_props),
	.children = policy_children,
	.child_count = ARRAY_SIZE(policy_children),
};

/* /schedule/FRAME/WINDOW */
static const struct schema_prop window_props[] = {
	{ .name = "partition", .kind = PROP_STRING, .required = true,
	  .offset = offsetof(struct sk_cfg_window, partition),
	  .max = SK_NAME_MAX },
	{ .name = "start-us", .kind = PROP_U32, .required = true,
	  .offset = offsetof(struct sk_cfg_window, start_us) },
	{ .name = "length-us", .kind = PROP_U32, .required = true,
	  .offset = offsetof(struct sk_cfg_window, length_us) },
};

static const struct schema_node window_node = {
	.props = window_props, .prop_count = ARRAY_SIZE(window_props),
	.enter = enter_window,
};

/* /schedule/FRAME: no window at all is config_check()'s error. */
static const struct schema_prop frame_props[] = {
	{ .name = "cpu", .kind = PROP_U32, .required = true,
	  .offset = offsetof(struct sk_cfg_frame, cpu) },
	{ .name = "major-frame-us", .kind = PROP_U32, .required = true,
	  .offset = offsetof(struct sk_cfg_frame, period_us) },
};

static const struct schema_child frame_children[] = {
	{ NULL, "time window", &window_node, false, SK_MAX_WINDOWS, 0 },
};

static const struct schema_node frame_node = {
	.props = frame_props, .prop_count = ARRAY_SIZE(frame_props),
	.children = frame_children, .child_count = ARRAY_SIZE(frame_children),
	.enter = enter_frame,
};

static const struct schema_child schedule_children[] = {
	{ NULL, "major frame", &frame_node, false, SK_MAX_CPUS, 0 },
};

static const struct schema_node schedule_node = {
	.children = schedule_children,
	.child_count = ARRAY_SIZE(schedule_children),
};

/* /platform */
static const struct schema_prop platform_props[] = {
	{ .name = "cpus", .kind = PROP_U32, .required = true,
	  .offset = offsetof(struct sk_config, platform_cpu_count) },
	{ .name = "memory", .kind = PROP_RANGE_LIST, .required = true,
	  .offset = offsetof(struct sk_config, ram),
	  .count_offset = offsetof(struct sk_config, ram_bank_count),
	  .max = SK_MAX_RAM_BANKS },
	{ .name = "gic-version", .kind = PROP_U32,
	  .offset = offsetof(struct sk_config, gic_version) },
};

static const struct schema_node platform_node = {
	.props = platform_props, .prop_count = ARRAY_SIZE(platform_props),
};

/* /hypervisor */
static const struct schema_prop hypervisor_props[] = {
	{ .name = "memory", .kind = PROP_RANGE, .required = true,
	  .offset = offsetof(struct sk_config, hypervisor) },
};

static const struct schema_node hypervisor_node = {
	.props = hypervisor_props, .prop_count = ARRAY_SIZE(hypervisor_props),
};

/* / */
static const struct schema_prop root_props[] = {
	{ .name = "compatible", .kind = PROP_EXACT_STRING, .required = true,
	  .exact = SYSTEM_COMPATIBLE },
};

static const struct schema_child root_children[] = {
	{ "platform", "platform", &platform_node, true, 1, 0 },
	{ "hypervisor", "hypervisor", &hypervisor_node, true, 1, 0 },
	{ "partitions", "partitions", &partitions_node, true, 1, 0 },
	{ "policy", "policy", &policy_node, false, 1, 0 },
	{ "schedule", "schedule", &schedule_node, false, 1, 0 },
	{ "channels", "channels", &channels_node, false, 1, 0 },
};

const struct schema_node schema_root = {
	.props = root_props, .prop_count = ARRAY_SIZE(root_props),
	.children = root_children, .child_count = ARRAY_SIZE(root_children),
};
