# System configuration: validator, parser, CRC, packer (tools/, docs/configuration.md).
# test_config_parse and test_package run dtc at test time.

CONFIG_TEST_LIB_SRCS := hypervisor/lib/fdt.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c hypervisor/lib/crc32.c
CONFIG_TEST_TOOL_SRCS := tools/config_load.c tools/config_parse.c \
	tools/config_schema.c tools/image_find.c tools/package_write.c tools/pci_dtb.c tools/guest_dt.c tools/dtb_walk.c \
	tools/hyp_image.c tools/file_io.c tools/diag.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c $(CONFIG_TEST_LIB_SRCS)

$(eval $(call unit_test,test_crc32,hypervisor/lib/crc32.c))
$(eval $(call unit_test,test_config_check,hypervisor/core/config_check.c hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/lib/fmt.c hypervisor/lib/string.c))
$(eval $(call unit_test,test_config_parse,$(CONFIG_TEST_TOOL_SRCS)))
$(eval $(call unit_test,test_package,tools/pack_cli.c $(CONFIG_TEST_TOOL_SRCS)))

# Headers the tests see through the sources above (the macro tracks only
# tests/unit/*.h).
CONFIG_TEST_HDRS := $(wildcard tools/*.h) hypervisor/core/config_format.h \
	hypervisor/core/config_check.h hypervisor/lib/crc32.h hypervisor/lib/fdt.h
$(call unit_bins,test_config_check test_config_parse test_package test_crc32): \
	$(CONFIG_TEST_HDRS)
$(eval $(call unit_test,test_pci_dtb,tools/pci_dtb.c tools/dtb_walk.c hypervisor/lib/fdt.c hypervisor/lib/string.c))
$(call unit_bins,test_pci_dtb): tools/pci_dtb.h hypervisor/core/config_format.h hypervisor/lib/fdt.h
