# The packer's check of a partition's device tree against the partition
# (CPUs, memory, GIC, timer, virtual UART, devices: tools/guest_dt.c).
$(eval $(call fuzz_target,guest_dt,tools/guest_dt.c tools/dtb_walk.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c \
	hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c \
	hypervisor/lib/fdt.c hypervisor/lib/fmt.c hypervisor/lib/string.c))
