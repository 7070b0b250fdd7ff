# The console UART drivers (hypervisor/drivers/) over a fake register file:
# tests/unit/fake_mmio/arch/mmio.h comes before the arch's own mmio.h.
$(eval $(call unit_test,test_uart_drivers,hypervisor/drivers/uart.c \
	hypervisor/drivers/pl011.c hypervisor/drivers/imx_uart.c \
	hypervisor/drivers/cdns_uart.c hypervisor/lib/fmt.c \
	hypervisor/lib/string.c))
$(call unit_bins,test_uart_drivers): UNIT_CFLAGS := -Itests/unit/fake_mmio $(UNIT_CFLAGS)
$(call unit_bins,test_uart_drivers): tests/unit/fake_mmio/arch/mmio.h

# The board from its device tree (hypervisor/platform/): blobs made by dtc
# at test time in the shapes of the three boards' trees.
$(eval $(call unit_test,test_board_dt,hypervisor/platform/board_dt.c \
	hypervisor/platform/boards.c hypervisor/platform/qemu-virt/qemu_virt.c \
	hypervisor/platform/imx8mp-evk/imx8mp_evk.c \
	hypervisor/platform/zcu102/zcu102.c hypervisor/lib/fdt.c \
	hypervisor/lib/fmt.c hypervisor/lib/string.c tests/unit/stubs/dtc_blob.c))

# The console before its UART is known (hypervisor/core/console.c).
$(eval $(call unit_test,test_console_early,hypervisor/core/console.c \
	tests/unit/stubs/fake_uart.c tests/unit/stubs/fake_counter.c \
	tests/unit/stubs/fake_console_hold.c))

# The SMMUv3 driver (hypervisor/drivers/smmuv3.c) over a fake register file
# (the same stand-in for arch/mmio.h), device trees made by dtc at test time.
$(eval $(call unit_test,test_smmuv3,hypervisor/drivers/smmuv3.c \
	hypervisor/lib/fdt.c hypervisor/lib/fmt.c hypervisor/lib/string.c \
	tests/unit/stubs/fake_cache.c tests/unit/stubs/dtc_blob.c))
$(call unit_bins,test_smmuv3): UNIT_CFLAGS := -Itests/unit/fake_mmio $(UNIT_CFLAGS)
$(call unit_bins,test_smmuv3): tests/unit/fake_mmio/arch/mmio.h

# The PCIe host's quiesce (hypervisor/drivers/pcie_ecam.c) over a fake ECAM
# (the same stand-in for arch/mmio.h), device trees made by dtc.
$(eval $(call unit_test,test_pcie_ecam,hypervisor/drivers/pcie_ecam.c \
	hypervisor/lib/fdt.c hypervisor/lib/fmt.c hypervisor/lib/string.c \
	tests/unit/stubs/dtc_blob.c))
$(call unit_bins,test_pcie_ecam): UNIT_CFLAGS := -Itests/unit/fake_mmio $(UNIT_CFLAGS)
$(call unit_bins,test_pcie_ecam): tests/unit/fake_mmio/arch/mmio.h
