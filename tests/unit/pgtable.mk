# VMSAv8-64 translation table builder (hypervisor/arch/arm64/pgtable.c).
$(eval $(call unit_test,test_pgtable,hypervisor/arch/arm64/pgtable.c))
