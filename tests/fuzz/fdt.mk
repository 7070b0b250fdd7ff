# The device-tree reader: the board's tree at boot, configurations in the packer.
$(eval $(call fuzz_target,fdt,hypervisor/lib/fdt.c))
