# Arch-independent hypervisor core: package loading, guest memory access,
# the console multiplexer and the hypercall dispatcher (with PSCI and the
# management calls). Arch code, drivers, the partition table and the vCPU
# lifecycle are replaced by recording fakes in tests/unit/stubs/.
CORE_TEST_STUB_HDRS := $(wildcard tests/unit/stubs/*.h)
CORE_TEST_FAKE_UART := tests/unit/stubs/fake_uart.c
CORE_TEST_FAKE_CACHE := tests/unit/stubs/fake_cache.c
CORE_TEST_FAKE_PARTITION := tests/unit/stubs/fake_partition.c
CORE_TEST_FAKE_VCPU := tests/unit/stubs/fake_vcpu.c
CORE_TEST_FAKE_COUNTER := tests/unit/stubs/fake_counter.c
# Every test that links core/console.c: the timer its hold arms.
CORE_TEST_FAKE_CONSOLE_HOLD := tests/unit/stubs/fake_console_hold.c

$(eval $(call unit_test,test_package_open,hypervisor/core/package.c \
	hypervisor/lib/crc32.c hypervisor/lib/fmt.c hypervisor/lib/string.c))
$(eval $(call unit_test,test_guest_mem,hypervisor/core/guest_mem.c tests/unit/stubs/fake_partition_mem.c \
	hypervisor/lib/string.c $(CORE_TEST_FAKE_CACHE)))
$(eval $(call unit_test,test_console,hypervisor/core/console.c \
	$(CORE_TEST_FAKE_UART) $(CORE_TEST_FAKE_COUNTER) $(CORE_TEST_FAKE_CONSOLE_HOLD)))
$(eval $(call unit_test,test_log_budget,hypervisor/core/log_budget.c))
# A partition's load in bounded chunks (restarts load on vCPU 0's CPU).
$(eval $(call unit_test,test_load_plan,hypervisor/core/load_plan.c \
	hypervisor/core/granule.c))
# Its RAM in 2 MiB granules, cleared on first touch.
$(eval $(call unit_test,test_granule,hypervisor/core/granule.c))
# The dispatcher with everything it dispatches to: PSCI, management and the
# channel calls (the channel monitor, its audit log and virtual PCI device,
# stage-2 tables on the host, the vGIC a recording fake).
CORE_TEST_HYPERCALL_SRCS := hypervisor/core/hypercall.c \
	hypervisor/core/vpsci.c hypervisor/core/manage.c \
	hypervisor/core/manage_faults.c hypervisor/core/manage_pci.c \
	hypervisor/core/lifecycle_fail.c hypervisor/core/lifecycle_watchdog.c \
	hypervisor/core/channel.c hypervisor/core/audit.c hypervisor/core/vpci.c \
	hypervisor/core/partition_mmio.c \
	hypervisor/core/fault.c hypervisor/core/partition_log.c \
	hypervisor/core/log_budget.c hypervisor/core/config_check.c \
	hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c \
	hypervisor/arch/arm64/pgtable.c hypervisor/arch/arm64/stage2_attrs.c \
	hypervisor/core/console.c hypervisor/core/log.c \
	hypervisor/core/guest_mem.c tests/unit/stubs/fake_partition_mem.c hypervisor/lib/fmt.c hypervisor/lib/string.c \
	$(CORE_TEST_FAKE_UART) $(CORE_TEST_FAKE_CACHE) \
	$(CORE_TEST_FAKE_PARTITION) $(CORE_TEST_FAKE_VCPU) \
	$(CORE_TEST_FAKE_COUNTER) $(CORE_TEST_FAKE_CONSOLE_HOLD) \
	tests/unit/stubs/fake_vgic.c
$(eval $(call unit_test,test_hypercall,$(CORE_TEST_HYPERCALL_SRCS)))
$(eval $(call unit_test,test_channel,$(CORE_TEST_HYPERCALL_SRCS)))
# The management function of a manager (core/manage_pci.c) over the same.
$(eval $(call unit_test,test_manage_pci,$(CORE_TEST_HYPERCALL_SRCS)))

# unit_test tracks tests/unit/*.h only; the fakes' headers live one deeper.
$(call unit_bins,test_guest_mem test_console test_hypercall test_channel test_manage_pci): \
	$(CORE_TEST_STUB_HDRS)
$(eval $(call unit_test,test_ring,))
$(call unit_bins,test_ring): include/shikiri/ring.h
# The shared-CPU scheduler's decisions (core/sched.c); the test fakes what
# the arch code says about each vCPU.
$(eval $(call unit_test,test_sched,hypervisor/core/sched.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c \
	hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c))
# The scheduler's view of one vCPU and a shared CPU's decision
# (core/sched_vcpu.c, sched_decide.c) under the real sched_pick; the test
# sets the vCPUs' saved timer and vGIC state in the real structures.
$(eval $(call unit_test,test_sched_vcpu,hypervisor/core/sched_vcpu.c \
	hypervisor/core/sched_decide.c hypervisor/core/sched.c \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c \
	hypervisor/core/config_check_schedule.c hypervisor/core/config_check_dma.c hypervisor/core/config_check_board.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c $(CORE_TEST_FAKE_COUNTER)))
# Emulated set/way maintenance: the chunked flush's cursor (core/setway.c).
$(eval $(call unit_test,test_setway,hypervisor/core/setway.c))
# The resource report's lines (Ctrl-] r; core/resources.h).
$(eval $(call unit_test,test_resources,hypervisor/core/resources_format.c \
	hypervisor/lib/fmt.c))
