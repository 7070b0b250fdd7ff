# The virtual PL011 through its MMIO handler and input path, over the real
# console with the physical UART and the vGIC line faked.
$(eval $(call fuzz_target,vpl011,hypervisor/core/vpl011.c \
	hypervisor/core/mmio.c hypervisor/core/console.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c tests/unit/stubs/fake_uart.c \
	tests/unit/stubs/fake_vgic.c tests/unit/stubs/fake_counter.c \
	tests/unit/stubs/fake_console_hold.c))
