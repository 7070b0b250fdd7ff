# The packer's check of a partition's device tree against its "pci"
# channel endpoints (ECAM host, probe-only, interrupt-map).
$(eval $(call fuzz_target,pci_dtb,tools/pci_dtb.c tools/dtb_walk.c hypervisor/lib/fdt.c \
	hypervisor/lib/string.c))
