# The ESR_EL2 decoder of guest exits: exit kind, data-abort syndrome,
# trapped system instructions.
$(eval $(call fuzz_target,esr,hypervisor/arch/arm64/esr_decode.c))
