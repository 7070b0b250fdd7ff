# shikiri — top-level build. `make help` lists the targets.
#
# Each area contributes a fragment (hypervisor/hypervisor.mk, tools/tools.mk,
# guests/tests/guests.mk, tests/unit/*.mk) that appends to the lists below.

BUILD         ?= build
CROSS_COMPILE ?= aarch64-linux-gnu-
HOSTCC        ?= gcc
PYTHON        ?= /usr/bin/python3
DTC           ?= dtc
QEMU          ?= qemu-system-aarch64

WARNINGS   := -Wall -Wextra -Werror -Wconversion -Wshadow
# The arch's published headers (arch/cpu.h, arch/vcpu.h, ...): core and the
# host builds reach the architecture only through this folder.
ARCH_INCLUDE := -Ihypervisor/arch/arm64/include
HOST_CFLAGS := -std=c11 -O2 -g $(WARNINGS) -Ihypervisor $(ARCH_INCLUDE) -Iinclude

# Filled in by the fragments.
ALL_TARGETS :=
UNIT_TESTS  :=

.PHONY: all
all: build

include hypervisor/hypervisor.mk
include tools/tools.mk
include guests/tests/guests.mk
include guests/linux/linux.mk
include guests/rtos/rtos.mk
include tests/unit/unit.mk
include tests/fuzz/fuzz.mk
include configs/configs.mk
include bench/bench.mk
include tests/system/system.mk

.PHONY: build
build: $(ALL_TARGETS)

.PHONY: help
help:
	@echo "make run     install missing Debian packages, build, boot the default system in QEMU"
	@echo "make run-shared  the same for Linux and the RTOS sharing one CPU (docs/scheduling.md)"
	@echo "make check   every test: unit tests, static analysis, system tests in QEMU"
	@echo "make build   build the hypervisor, tools, test guests and packed configurations"
	@echo "make unit    host unit tests only"
	@echo "make unit-san  the host unit tests built with ASan and UBSan (part of make check)"
	@echo "make system  system tests only (QEMU)"
	@echo "make lint    cppcheck, clang-tidy, make misra, the docs check and the lint scripts' own tests"
	@echo "make misra   cppcheck's MISRA C:2012 addon over hypervisor/ (docs/testing.md)"
	@echo "make fuzz    every fuzzer for FUZZ_SECONDS (default 300) each; FUZZ=name for one"
	@echo "make fuzz-check  every fuzzer for FUZZ_CHECK_SECONDS (15; part of make check)"
	@echo "make fuzz-coverage  line/branch coverage of each fuzzer's corpus -> $(BUILD)/fuzz/coverage.txt"
	@echo "make soak    long runs: random calls, restarts, hostile suite in a loop (docs/testing.md)"
	@echo "make bench   benchmarks: bare metal, shikiri and Xen side by side (bench/run.py)"
	@echo "make size    code lines and .text of the hypervisor per module (bench/size.py)"
	@echo "make clean   remove $(BUILD)/"

.PHONY: deps
deps:
	@scripts/deps.sh

# Every test. Sub-makes so that deps are installed before anything else is
# even looked at.
.PHONY: check
check: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory unit-san
	@$(MAKE) --no-print-directory -j2 fuzz-check
	@$(MAKE) --no-print-directory lint
	@$(MAKE) --no-print-directory system

include scripts/lint.mk

.PHONY: clean
clean:
	rm -rf $(BUILD)
