# The management function of a manager partition (core/manage_pci.c, behind
# core/vpci.c's register window) driven by a hostile manager.
$(eval $(call fuzz_target,manage,tests/fuzz/fuzz_system.c \
	$(CORE_TEST_HYPERCALL_SRCS)))
