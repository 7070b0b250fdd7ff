# Host tools: shikiri-pack validates a system configuration and packs it
# with the hypervisor and the guest images (docs/configuration.md).

TOOLS_PACK := $(BUILD)/tools/shikiri-pack

# Everything but main(): the unit tests link these too.
TOOLS_PACK_LIB_SRCS := \
	tools/pack_cli.c \
	tools/config_load.c \
	tools/config_parse.c \
	tools/config_schema.c \
	tools/image_find.c \
	tools/package_write.c \
	tools/pci_dtb.c \
	tools/guest_dt.c \
	tools/dtb_walk.c \
	tools/hyp_image.c \
	tools/file_io.c \
	tools/diag.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c \
	hypervisor/lib/fdt.c \
	hypervisor/lib/fmt.c \
	hypervisor/lib/string.c \
	hypervisor/lib/crc32.c

TOOLS_PACK_HDRS := $(wildcard tools/*.h) \
	hypervisor/core/config_format.h hypervisor/core/config_check.h \
	hypervisor/lib/fdt.h hypervisor/lib/fmt.h hypervisor/lib/string.h \
	hypervisor/lib/crc32.h

$(TOOLS_PACK): tools/shikiri_pack.c $(TOOLS_PACK_LIB_SRCS) $(TOOLS_PACK_HDRS)
	@mkdir -p $(dir $@)
	$(HOSTCC) $(HOST_CFLAGS) -Itools -o $@ tools/shikiri_pack.c $(TOOLS_PACK_LIB_SRCS)

ALL_TARGETS += $(TOOLS_PACK)

.PHONY: tools
tools: $(TOOLS_PACK)
