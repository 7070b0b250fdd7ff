# The virtual PL011 UART over the real MMIO table walker and console, with
# the physical UART and the vGIC line replaced by recording fakes.
VPL011_TEST_STUBS := tests/unit/stubs/fake_uart.c tests/unit/stubs/fake_vgic.c \
	tests/unit/stubs/fake_counter.c tests/unit/stubs/fake_console_hold.c

$(eval $(call unit_test,test_vpl011,hypervisor/core/vpl011.c \
	hypervisor/core/mmio.c hypervisor/core/console.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c $(VPL011_TEST_STUBS)))

# unit_test tracks tests/unit/*.h only; the fakes' headers live one deeper.
$(call unit_bins,test_vpl011): $(wildcard tests/unit/stubs/*.h)
