# Flattened device tree reader (hypervisor/lib/fdt.c); the tests run dtc and
# qemu-system-aarch64 (for the virt board's tree) at test time.
$(eval $(call unit_test,test_fdt,hypervisor/lib/fdt.c))
