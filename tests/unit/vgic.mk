# Issue 3 (Linux in a partition): the MMIO register-table walker, virtual
# PSCI and the virtual GIC, host-tested. The lifecycle functions PSCI calls
# and the list registers the vGIC fills are fakes (tests/unit/stubs/ and
# test_vgic.c itself).
VGIC_TEST_STUB_HDRS := $(wildcard tests/unit/stubs/*.h)

$(eval $(call unit_test,test_mmio,hypervisor/core/mmio.c))
# SYSTEM_OFF goes through the fault policy (core/lifecycle_fail.c), which may log:
# the real log and console over the fake UART.
$(eval $(call unit_test,test_vpsci,hypervisor/core/vpsci.c \
	hypervisor/core/manage.c hypervisor/core/guest_mem.c tests/unit/stubs/fake_partition_mem.c \
	hypervisor/core/manage_faults.c hypervisor/core/audit.c \
	hypervisor/core/lifecycle_fail.c hypervisor/core/lifecycle_watchdog.c \
	hypervisor/core/log.c hypervisor/core/console.c \
	hypervisor/core/partition_log.c hypervisor/core/log_budget.c \
	hypervisor/lib/fmt.c hypervisor/lib/string.c \
	tests/unit/stubs/fake_cache.c tests/unit/stubs/fake_vcpu.c \
	tests/unit/stubs/fake_uart.c tests/unit/stubs/fake_partition.c \
	tests/unit/stubs/fake_counter.c tests/unit/stubs/fake_console_hold.c))
$(eval $(call unit_test,test_vgic,hypervisor/arch/arm64/gic/vgic.c \
	hypervisor/arch/arm64/gic/vgic_v3_regs.c hypervisor/arch/arm64/gic/vgic_regs.c \
	hypervisor/arch/arm64/gic/vgic_v2_regs.c hypervisor/core/mmio.c \
	hypervisor/lib/string.c))

# unit_test tracks tests/unit/*.h only; the fakes' headers live one deeper.
$(call unit_bins,test_vpsci test_vgic): $(VGIC_TEST_STUB_HDRS)
# The virtual IRQ raised by software where the GIC's is not wired
# (BOARD_QUIRK_GIC_VIRQ_UNWIRED): the decision over a register snapshot.
$(eval $(call unit_test,test_vgic_virq,hypervisor/arch/arm64/gic/vgic_v3_virq.c))
