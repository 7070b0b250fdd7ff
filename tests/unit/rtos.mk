# The RTOS kernel's arch-independent logic (guests/rtos/kernel) against a
# fake architecture layer (tests/unit/stubs/fake_rtos_arch.c).
RTOS_KERNEL_SRCS := $(wildcard guests/rtos/kernel/*.c)
RTOS_KERNEL_HDRS := $(wildcard guests/rtos/kernel/*.h guests/rtos/include/rtos/*.h)

$(eval $(call unit_test,test_rtos_kernel,$(RTOS_KERNEL_SRCS) \
	tests/unit/stubs/fake_rtos_arch.c))

$(call unit_bins,test_rtos_kernel): UNIT_CFLAGS += -Iguests/rtos -Iguests/rtos/include
$(call unit_bins,test_rtos_kernel): $(RTOS_KERNEL_HDRS) tests/unit/stubs/fake_rtos_arch.h
