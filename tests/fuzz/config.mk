# The configuration path: schema parser, semantic check, packer, and the
# boot's package reader reading back what the packer wrote.
$(eval $(call fuzz_target,config,tools/config_parse.c tools/config_schema.c \
	tools/image_find.c tools/package_write.c tools/pci_dtb.c tools/dtb_walk.c \
	tools/hyp_image.c tools/file_io.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c \
	hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/core/package.c \
	hypervisor/lib/fdt.c hypervisor/lib/fmt.c hypervisor/lib/string.c \
	hypervisor/lib/crc32.c))
