# Issue 4 (many partitions): the fault policy, the watchdog, statistics and
# the management hypercalls (hypervisor/core/manage.c, lifecycle_fail.c,
# lifecycle_watchdog.c), with the real guest
# memory checks, log and console over fake UART, cache, clock, partition
# table and lifecycle functions (tests/unit/stubs/).
MANAGE_TEST_STUB_HDRS := $(wildcard tests/unit/stubs/*.h)

$(eval $(call unit_test,test_manage,hypervisor/core/manage.c \
	hypervisor/core/manage_faults.c hypervisor/core/audit.c \
	hypervisor/core/lifecycle_fail.c hypervisor/core/lifecycle_watchdog.c \
	hypervisor/core/guest_mem.c tests/unit/stubs/fake_partition_mem.c hypervisor/core/log.c \
	hypervisor/core/partition_log.c hypervisor/core/log_budget.c \
	hypervisor/core/console.c hypervisor/lib/fmt.c hypervisor/lib/string.c \
	tests/unit/stubs/fake_cache.c tests/unit/stubs/fake_counter.c \
	tests/unit/stubs/fake_console_hold.c \
	tests/unit/stubs/fake_partition.c tests/unit/stubs/fake_uart.c \
	tests/unit/stubs/fake_vcpu.c))

# unit_test tracks tests/unit/*.h only; the fakes' headers live one deeper.
$(call unit_bins,test_manage): $(MANAGE_TEST_STUB_HDRS)

# Issue 19: a partition's SMMU streams and the SMMU's fault reports
# (core/partition_streams.c, dma_fault.c) over a fake SMMUv3 driver in the
# test, with the real log budget and fault policy.
$(eval $(call unit_test,test_dma_fault,hypervisor/core/dma_fault.c \
	hypervisor/core/partition_streams.c hypervisor/core/lifecycle_fail.c \
	hypervisor/core/manage_faults.c \
	hypervisor/core/log.c hypervisor/core/partition_log.c \
	hypervisor/core/log_budget.c hypervisor/core/console.c \
	hypervisor/lib/fmt.c hypervisor/lib/string.c \
	tests/unit/stubs/fake_cache.c tests/unit/stubs/fake_counter.c \
	tests/unit/stubs/fake_console_hold.c \
	tests/unit/stubs/fake_partition.c tests/unit/stubs/fake_uart.c \
	tests/unit/stubs/fake_vcpu.c))
$(call unit_bins,test_dma_fault): $(MANAGE_TEST_STUB_HDRS)
