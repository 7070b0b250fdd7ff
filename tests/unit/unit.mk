# Host unit tests (cmocka). Each area registers its tests in a fragment
# tests/unit/<area>.mk with:
#   $(eval $(call unit_test,NAME,SOURCES))
# which builds $(BUILD)/tests/unit/NAME from tests/unit/NAME.c + SOURCES.

UNIT_CFLAGS := $(HOST_CFLAGS) -DSK_HOST_TEST -Itests/unit
# Linked into every test: what any spinlock user needs (lib/spinlock.h),
# and the index clamp guest-chosen indices go through (lib/nospec.h).
UNIT_COMMON_SRCS := tests/unit/stubs/fake_relax.c hypervisor/lib/nospec.c

define unit_test
UNIT_TESTS += $(BUILD)/tests/unit/$(1)
$(BUILD)/tests/unit/$(1): tests/unit/$(1).c $(2) $(UNIT_COMMON_SRCS) $(wildcard tests/unit/*.h)
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $$(UNIT_CFLAGS) -o $$@ tests/unit/$(1).c $(2) $(UNIT_COMMON_SRCS) -lcmocka
endef

include $(filter-out tests/unit/unit.mk,$(wildcard tests/unit/*.mk))

ALL_TARGETS += $(UNIT_TESTS)

# Runs every unit test; a failing or missing test fails the target.
.PHONY: unit
unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done
