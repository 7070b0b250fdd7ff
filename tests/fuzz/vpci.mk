# The virtual PCI host's trapped windows (ECAM configuration space, the
# channel devices' register BARs) against a model of every register.
$(eval $(call fuzz_target,vpci,tests/fuzz/fuzz_system.c \
	$(CORE_TEST_HYPERCALL_SRCS)))
