# The decoder of ESR_EL2 for guest exits (arch/arm64/esr_decode.c): which
# exit, a data abort's instruction syndrome, a trapped system instruction.
$(eval $(call unit_test,test_esr_decode,hypervisor/arch/arm64/esr_decode.c))
