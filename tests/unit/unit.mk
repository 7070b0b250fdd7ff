# Host unit tests (cmocka). Each area registers its tests in a fragment
# tests/unit/<area>.mk with:
#   $(eval $(call unit_test,NAME,SOURCES))
# which builds $(BUILD)/tests/unit/NAME from tests/unit/NAME.c + SOURCES.

UNIT_CFLAGS := $(HOST_CFLAGS) -DSK_HOST_TEST -Itests/unit

define unit_test
UNIT_TESTS += $(BUILD)/tests/unit/$(1)
$(BUILD)/tests/unit/$(1): tests/unit/$(1).c $(2) $(wildcard tests/unit/*.h)
	@mkdir -p $$(dir $$@)
	$(HOSTCC) $(UNIT_CFLAGS) -o $$@ tests/unit/$(1).c $(2) -lcmocka
endef

include $(filter-out tests/unit/unit.mk,$(wildcard tests/unit/*.mk))

ALL_TARGETS += $(UNIT_TESTS)

# Runs every unit test; a failing or missing test fails the target.
.PHONY: unit
unit: $(UNIT_TESTS)
	@set -e; for t in $(UNIT_TESTS); do echo "== $$t"; $$t; done
