# Static analysis: cppcheck over all C, clang-tidy over the code that also
# builds for the host (tools, generic hypervisor code). Both must be quiet.

LINT_C_SRCS := $(shell find hypervisor tools guests bench -name '*.c')
TIDY_SRCS := $(wildcard tools/*.c) $(wildcard hypervisor/lib/*.c) \
	hypervisor/core/config_check.c hypervisor/core/config_check_channels.c hypervisor/core/config_check_schedule.c hypervisor/core/package.c \
	hypervisor/core/guest_mem.c hypervisor/core/console.c \
	hypervisor/core/hypercall.c hypervisor/arch/arm64/pgtable.c \
	hypervisor/arch/arm64/esr_decode.c \
	$(wildcard guests/rtos/kernel/*.c)

.PHONY: lint cppcheck tidy
lint: cppcheck tidy

cppcheck:
	cppcheck --quiet --error-exitcode=1 --inline-suppr \
		--enable=warning,style,performance,portability \
		--suppress=missingIncludeSystem --suppress=unusedFunction \
		--suppress=constParameterCallback \
		--std=c11 -Ihypervisor -Iinclude -Ihypervisor/platform/$(PLATFORM) \
		-Iguests/tests/lib -Iguests/rtos -Iguests/rtos/include -DSK_HYPERVISOR=1 \
	$(LINT_C_SRCS)

tidy:
	@out=$$(clang-tidy --quiet $(TIDY_SRCS) -- -std=c11 -Ihypervisor -Iinclude \
		-Itools -Iguests/rtos -Iguests/rtos/include -D_POSIX_C_SOURCE=200809L 2>&1); status=$$?; \
	echo "$$out" | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated' || true; \
	exit $$status
