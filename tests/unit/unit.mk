# Host unit tests (cmocka). Each area registers its tests in a fragment
# tests/unit/<area>.mk with:
#   $(eval $(call unit_test,NAME,SOURCES))
# which builds tests/unit/NAME.c + SOURCES twice from the one list:
#   $(BUILD)/tests/unit/NAME       plain (make unit, part of make build)
#   $(BUILD)/tests/unit-san/NAME   with ASan and UBSan (make unit-san)
# Prerequisites and target-specific flags a fragment adds by hand go on
# both: $(call unit_bins,NAME...): HEADERS.

UNIT_CFLAGS := $(HOST_CFLAGS) -DSK_HOST_TEST -Itests/unit
# Linked into every test: what any spinlock user needs (arch/spinlock.h),
# and the index clamp guest-chosen indices go through (arch/nospec.h).
UNIT_COMMON_SRCS := tests/unit/stubs/fake_relax.c hypervisor/arch/arm64/nospec.c

# The sanitized variant (docs/testing.md "Sanitizers and coverage"): gcc's
# AddressSanitizer and UndefinedBehaviorSanitizer; any finding aborts the
# test instead of printing and going on.
UNIT_SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
# A finding, a leak included, fails the run with a stack trace.
UNIT_SAN_ENV := ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

UNIT_SAN_TESTS :=

unit_bins = $(foreach t,$(1),$(BUILD)/tests/unit/$(t) $(BUILD)/tests/unit-san/$(t))

define unit_test
UNIT_TESTS += $(BUILD)/tests/unit/$(1)
UNIT_SAN_TESTS += $(BUILD)/tests/unit-san/$(1)
$(BUILD)/tests/unit/$(1): UNIT_VARIANT_FLAGS :=
$(BUILD)/tests/unit-san/$(1): UNIT_VARIANT_FLAGS = $$(UNIT_SAN_FLAGS)
$(call unit_bins,$(1)): tests/unit/$(1).c $(2) $(UNIT_COMMON_SRCS) $(wildcard tests/unit/*.h)
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $$(UNIT_CFLAGS) $$(UNIT_VARIANT_FLAGS) -o $$@ tests/unit/$(1).c $(2) $(UNIT_COMMON_SRCS) -lcmocka
endef

include $(filter-out tests/unit/unit.mk,$(wildcard tests/unit/*.mk))

ALL_TARGETS += $(UNIT_TESTS)

# Runs every unit test; a failing or missing test fails the target.
.PHONY: unit unit-san
unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done
	@echo "== tests/tools (the host tools written in Python)"
	@$(PYTHON) -m pytest -q -p no:cacheprovider tests/tools

# The same tests, sanitized (part of make check, right after make unit).
unit-san: $(UNIT_SAN_TESTS)
	@set -e; for t in $(UNIT_SAN_TESTS); do echo "== $$t"; \
		$(UNIT_SAN_ENV) $$t; done
