# The packer writes the initrd's location into a partition's packed dtb
# (tools/package_write.c). dtc runs at test time. Sources are listed here
# rather than taken from config.mk so the order fragments are read in does
# not matter.

PACKAGE_INITRD_TEST_SRCS := tools/pack_cli.c tools/config_load.c \
	tools/config_parse.c tools/config_schema.c tools/image_find.c \
	tools/package_write.c tools/pci_dtb.c tools/guest_dt.c tools/dtb_walk.c tools/hyp_image.c tools/file_io.c tools/diag.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/lib/fdt.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c hypervisor/lib/crc32.c

$(eval $(call unit_test,test_package_initrd,$(PACKAGE_INITRD_TEST_SRCS)))

$(call unit_bins,test_package_initrd): $(wildcard tools/*.h) \
	hypervisor/core/config_format.h hypervisor/core/config_check.h \
	hypervisor/lib/fdt.h
