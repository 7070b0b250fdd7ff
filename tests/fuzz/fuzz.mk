# Coverage-guided fuzzers (libFuzzer through Debian's clang, with ASan and
# UBSan; docs/testing.md "Fuzzing"). Each harness tests/fuzz/fuzz_NAME.c is
# registered with
#   $(eval $(call fuzz_target,NAME,SOURCES))
# and builds $(BUILD)/fuzz/fuzz_NAME from the harness, SOURCES and the code
# every host test links (UNIT_COMMON_SRCS). Seeds live in
# tests/fuzz/corpus/NAME/ (in the repository); what a run discovers goes to
# $(BUILD)/fuzz/corpus/NAME/, crashes to $(BUILD)/fuzz/crashes/.
#
#   make fuzz                 every harness for FUZZ_SECONDS (default 300) each
#   make fuzz FUZZ=fdt        one harness
#   make fuzz-check           every harness for FUZZ_CHECK_SECONDS (part of make check)
#   make fuzz-coverage        line and branch coverage each harness's corpus
#                             reaches in the code under test ($(BUILD)/fuzz/coverage.txt)
#
# The macro also defines the coverage build $(BUILD)/fuzz/cov/fuzz_NAME; a
# fragment's extra prerequisites or flags go on both: $(call fuzz_bins,NAME).

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 300
FUZZ_CHECK_SECONDS ?= 15
FUZZ_SANITIZERS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_CFLAGS := -std=c11 -O1 -g $(WARNINGS) -Wno-unknown-warning-option \
	$(FUZZ_SANITIZERS) -DSK_HOST_TEST -DSK_FUZZ -Ihypervisor $(ARCH_INCLUDE) -Iinclude \
	-Itests/unit -Itests/fuzz -Itools
# The coverage build is the same harness with clang's source-based coverage
# on top; libFuzzer's main runs a corpus once with -runs=0, and the
# sanitizers stay so that the coverage run checks what it counts.
FUZZ_COV_FLAGS := -fprofile-instr-generate -fcoverage-mapping
LLVM_PROFDATA ?= llvm-profdata-14
LLVM_COV ?= llvm-cov-14

FUZZ_NAMES :=

fuzz_bins = $(foreach n,$(1),$(BUILD)/fuzz/fuzz_$(n) $(BUILD)/fuzz/cov/fuzz_$(n))

define fuzz_target
FUZZ_NAMES += $(1)
FUZZ_COV_SRCS_$(1) := $(filter hypervisor/% tools/%,$(2))
$(BUILD)/fuzz/fuzz_$(1): FUZZ_VARIANT_FLAGS :=
$(BUILD)/fuzz/cov/fuzz_$(1): FUZZ_VARIANT_FLAGS = $$(FUZZ_COV_FLAGS)
$(call fuzz_bins,$(1)): tests/fuzz/fuzz_$(1).c $(2) $(UNIT_COMMON_SRCS) \
		$(wildcard tests/fuzz/*.h) $(wildcard tests/unit/*.h) \
		$(wildcard tests/unit/stubs/*.h)
	@mkdir -p $$(dir $$@)
	$(FUZZ_CC) $$(FUZZ_CFLAGS) $$(FUZZ_VARIANT_FLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $(2) $(UNIT_COMMON_SRCS)
endef

include $(filter-out tests/fuzz/fuzz.mk,$(wildcard tests/fuzz/*.mk))

FUZZ_BINS := $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ_NAMES))
FUZZ ?= $(FUZZ_NAMES)

.PHONY: fuzz-build fuzz fuzz-check fuzz-coverage
fuzz-build: $(FUZZ_BINS)

# Long runs, one harness after another (each libFuzzer run uses one core).
fuzz: deps $(addprefix $(BUILD)/fuzz/fuzz_,$(FUZZ))
	@set -e; for n in $(FUZZ); do \
		scripts/fuzz-run.sh $(BUILD) $$n $(FUZZ_SECONDS); done
	@cat $(addprefix $(BUILD)/fuzz/summary-,$(FUZZ))

# Bounded runs for make check: a regression that crashes on the seeds or
# within seconds of them fails CI. Independent, so make -j runs them side
# by side.
FUZZ_CHECK_STAMPS := $(addprefix fuzz-check-,$(FUZZ_NAMES))
.PHONY: $(FUZZ_CHECK_STAMPS)
$(FUZZ_CHECK_STAMPS): fuzz-check-%: $(BUILD)/fuzz/fuzz_%
	@scripts/fuzz-run.sh $(BUILD) $* $(FUZZ_CHECK_SECONDS)
fuzz-check: $(FUZZ_CHECK_STAMPS)
	@cat $(addprefix $(BUILD)/fuzz/summary-,$(FUZZ_NAMES))

# Coverage per harness: each coverage build runs its seeds and what make fuzz
# discovered (scripts/fuzz-coverage.sh); the report covers the harness's
# SOURCES under hypervisor/ and tools/, not the harness or the fakes.
FUZZ_COV_STAMPS := $(addprefix fuzz-coverage-,$(FUZZ_NAMES))
.PHONY: $(FUZZ_COV_STAMPS)
$(FUZZ_COV_STAMPS): fuzz-coverage-%: $(BUILD)/fuzz/cov/fuzz_%
	@LLVM_PROFDATA=$(LLVM_PROFDATA) LLVM_COV=$(LLVM_COV) \
		scripts/fuzz-coverage.sh $(BUILD) $* $(FUZZ_COV_SRCS_$*)
fuzz-coverage: $(FUZZ_COV_STAMPS)
	@{ cat $(addprefix $(BUILD)/fuzz/cov/summary-,$(FUZZ_NAMES)); \
	   for n in $(FUZZ_NAMES); do echo; cat $(BUILD)/fuzz/cov/report-$$n.txt; done; \
	 } >$(BUILD)/fuzz/coverage.txt
	@cat $(addprefix $(BUILD)/fuzz/cov/summary-,$(FUZZ_NAMES))
	@echo "fuzz-coverage: per-file tables in $(BUILD)/fuzz/coverage.txt"
