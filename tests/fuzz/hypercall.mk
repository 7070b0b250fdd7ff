# The SMCCC dispatcher with all it dispatches to (PSCI, management,
# channels, audit log, virtual PCI doorbells), over the unit tests' fakes
# and a four-partition system with channels (fuzz_system.c).
$(eval $(call fuzz_target,hypercall,tests/fuzz/fuzz_system.c \
	$(CORE_TEST_HYPERCALL_SRCS)))
