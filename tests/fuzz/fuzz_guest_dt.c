/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the packer's check of a partition's device tree against the
 * partition (tools/guest_dt.c): any blob as the dtb image of a 2-vCPU
 * partition with 256 MiB of RAM, the PL011 console, one device with one
 * interrupt and a pci channel endpoint, on a board whose GIC version is
 * stated (3) and on one where it is not. Invariants:
 *  - no crash, no read outside the blob (ASan), bounded time;
 *  - the answer is deterministic (same count, same messages);
 *  - every report is at the dtb image's node path and names its file;
 *  - the count returned is the count reported.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_check.h"
#include "guest_dt.h"

#define LOG_MAX 8192u

static struct sk_config cfg;
static const struct sk_cfg_image dtb_img = {
	.role = SK_IMAGE_DTB,
	.file = "linux.dtb",
	.path = "/partitions/linux/images/dtb",
};

struct log {
	char text[LOG_MAX];
	size_t len;
	unsigned count;
};

static void config_init(void)
{
	struct sk_cfg_partition *p = &cfg.partitions[0];

	cfg.partition_count = 1;
	snprintf(p->name, SK_NAME_MAX, "linux");
	snprintf(p->path, SK_PATH_MAX, "/partitions/linux");
	p->cpu_count = 2;
	p->cpus[1] = 1;
	p->console = SK_CONSOLE_PL011;
	p->region_count = 1;
	p->regions[0] = (struct sk_cfg_region){ .phys = 0x44000000, .guest = 0x40000000,
						.size = 0x10000000 };
	p->device_count = 1;
	p->devices[0] = (struct sk_cfg_device){ .phys = 0x09010000, .guest = 0x09010000,
						.size = 0x1000, .irq_count = 1,
						.irqs = { 34 } };
	snprintf(p->devices[0].path, SK_PATH_MAX, "/partitions/linux/devices/rtc");
	cfg.channel_count = 1;
	cfg.channels[0].size = 0x10000;
	cfg.channels[0].endpoint_count = 1;
	snprintf(cfg.channels[0].endpoints[0].partition, SK_NAME_MAX, "linux");
	cfg.channels[0].endpoints[0].interface = SK_ENDPOINT_PCI;
	cfg.channels[0].endpoints[0].guest = 0x10100000;
}

static void record(void *ctx, const char *path, const char *msg)
{
	struct log *l = ctx;
	int n;

	FUZZ_ASSERT(path != NULL && strcmp(path, dtb_img.path) == 0);
	FUZZ_ASSERT(strncmp(msg, dtb_img.file, strlen(dtb_img.file)) == 0);
	l->count++;
	n = snprintf(l->text + l->len, sizeof(l->text) - l->len, "%s\n", msg);
	if (n > 0 && (size_t)n < sizeof(l->text) - l->len)
		l->len += (size_t)n;
}

static unsigned run(const uint8_t *data, size_t size, struct log *l)
{
	struct sk_config_reporter rep = { record, l, 0 };
	struct guest_dt_seen seen = { 0, NULL };
	unsigned n;

	memset(l, 0, sizeof(*l));
	n = guest_dt_check(data, size, &cfg, 0, &dtb_img, &seen, &rep);
	FUZZ_ASSERT(n == l->count && n == rep.errors);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct log a, b;

	if (cfg.partition_count == 0)
		config_init();
	for (uint32_t v = 0; v <= 3u; v += 3u) {
		cfg.gic_version = v;
		FUZZ_ASSERT(run(data, size, &a) == run(data, size, &b));
		FUZZ_ASSERT(a.len == b.len && memcmp(a.text, b.text, a.len) == 0);
	}
	return 0;
}
