/* SPDX-License-Identifier: MIT */
/*
 * Fuzzes the packer's check of a partition's device tree against its
 * "pci" channel endpoints (tools/pci_dtb.c): any blob as the dtb image of
 * a partition with two pci endpoints (doorbells 48 and 49, as
 * configs/tests/linux-channel.dts) and of one with none. Invariants:
 *  - a partition without pci endpoints passes whatever its tree, and the
 *    tree is not even read;
 *  - the answer is deterministic (same result, same message);
 *  - a refusal is one message that starts with the dtb image's node path;
 *  - a tree that passes has, read back through lib/fdt.c, the ECAM host at
 *    SK_GUEST_PCI_ECAM_BASE and /chosen linux,pci-probe-only = <1>.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz_check.h"
#include "lib/fdt.h"
#include "pci_dtb.h"

#define ERR_SIZE 1024u
#define PCI_PARTITION 0u
#define PLAIN_PARTITION 1u
#define PCI_ENDPOINTS 2u
#define FIRST_DOORBELL 48u

static struct sk_config cfg;
static const struct sk_cfg_image dtb_img = {
	.role = SK_IMAGE_DTB,
	.file = "linux-channel.dtb",
	.path = "/partitions/linux/images/dtb",
};
static const char dtb_img_prefix[] = "/partitions/linux/images/dtb: ";

/* linux: two pci endpoints, then a hypercall one; rtos: the other ends. */
static void config_init(void)
{
	cfg.partition_count = 2;
	snprintf(cfg.partitions[PCI_PARTITION].name, SK_NAME_MAX, "linux");
	snprintf(cfg.partitions[PLAIN_PARTITION].name, SK_NAME_MAX, "rtos");
	cfg.channel_count = PCI_ENDPOINTS + 1u;
	for (uint32_t c = 0; c < cfg.channel_count; c++) {
		struct sk_cfg_channel *ch = &cfg.channels[c];

		snprintf(ch->endpoints[0].partition, SK_NAME_MAX, "linux");
		snprintf(ch->endpoints[0].path, SK_PATH_MAX, "/channels/c%u/linux", c);
		ch->endpoints[0].doorbell = FIRST_DOORBELL + c;
		ch->endpoints[0].interface = c < PCI_ENDPOINTS ? SK_ENDPOINT_PCI :
								 SK_ENDPOINT_HYPERCALL;
		snprintf(ch->endpoints[1].partition, SK_NAME_MAX, "rtos");
		ch->endpoints[1].doorbell = FIRST_DOORBELL;
		ch->endpoint_count = 2;
	}
}

/* What a passing tree must hold, read without pci_dtb.c. */
static void check_passing_tree(const uint8_t *data, size_t size)
{
	struct fdt fdt;
	uint64_t base = 0, len = 0;
	uint32_t probe_only = 0;
	int host, chosen;

	FUZZ_ASSERT(fdt_open(&fdt, data, size) == 0);
	host = fdt_find_compatible(&fdt, -1, "pci-host-ecam-generic");
	FUZZ_ASSERT(host >= 0);
	FUZZ_ASSERT(fdt_get_reg(&fdt, host, 0, &base, &len) &&
		    base == SK_GUEST_PCI_ECAM_BASE);
	chosen = fdt_find_node(&fdt, "/chosen");
	FUZZ_ASSERT(chosen >= 0);
	FUZZ_ASSERT(fdt_get_u32(&fdt, chosen, "linux,pci-probe-only",
				&probe_only) && probe_only == 1u);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[ERR_SIZE], again[ERR_SIZE];
	int rc;

	if (cfg.partition_count == 0)
		config_init();
	memset(err, 'x', sizeof(err));
	err[sizeof(err) - 1] = '\0';
	FUZZ_ASSERT(pci_dtb_check(data, size, &cfg, PLAIN_PARTITION, &dtb_img,
				  err, sizeof(err)) == 0);
	FUZZ_ASSERT(err[0] == 'x');

	err[0] = again[0] = '\0';
	rc = pci_dtb_check(data, size, &cfg, PCI_PARTITION, &dtb_img, err,
			   sizeof(err));
	FUZZ_ASSERT(pci_dtb_check(data, size, &cfg, PCI_PARTITION, &dtb_img,
				  again, sizeof(again)) == rc);
	FUZZ_ASSERT(strcmp(err, again) == 0);
	if (rc != 0) {
		FUZZ_ASSERT(rc == -1);
		FUZZ_ASSERT(strncmp(err, dtb_img_prefix, strlen(dtb_img_prefix)) == 0);
		FUZZ_ASSERT(err[strlen(dtb_img_prefix)] != '\0');
		return 0;
	}
	check_passing_tree(data, size);
	return 0;
}
