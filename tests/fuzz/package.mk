# The package reader: what the hypervisor trusts, after checking, from the
# bytes tools/shikiri-pack appended to it, and what the boot does with it
# (config_check, then the loader's copy plan).
$(eval $(call fuzz_target,package,hypervisor/core/package.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c \
	hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/core/load_plan.c hypervisor/core/granule.c \
	hypervisor/core/guest_mem.c tests/unit/stubs/fake_partition_mem.c tests/unit/stubs/fake_cache.c \
	hypervisor/lib/crc32.c hypervisor/lib/fmt.c hypervisor/lib/string.c))
