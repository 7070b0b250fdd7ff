# The virtual GIC's trapped-MMIO handlers (GICv3 distributor and
# redistributors, GICv2 distributor) with injections, list-register flushes
# and resets in between; the list registers are fakes in the harness.
$(eval $(call fuzz_target,vgic,hypervisor/arch/arm64/gic/vgic.c \
	hypervisor/arch/arm64/gic/vgic_v3_regs.c hypervisor/arch/arm64/gic/vgic_regs.c \
	hypervisor/arch/arm64/gic/vgic_v2_regs.c hypervisor/core/mmio.c \
	hypervisor/lib/string.c))
