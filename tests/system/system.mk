# System tests: pytest + pexpect boot packed images in QEMU
# (tests/system/README.md). Every QEMU run has a timeout.

PYTEST_ARGS ?=

.PHONY: system
system: build
	$(PYTHON) -m pytest -ra -p no:cacheprovider tests/system $(PYTEST_ARGS)

# The lifecycle matrix's configurations, generated from its table
# (tests/system/lifecycle_matrix.py; docs/testing.md, "Lifecycle matrix").
MATRIX_PY      := tests/system/lifecycle_matrix.py
MATRIX_CONFIGS := $(shell $(PYTHON) $(MATRIX_PY) configs)
MATRIX_IMGS    := $(patsubst %,$(BUILD)/configs/tests/%.img,$(MATRIX_CONFIGS))

$(BUILD)/matrix/%.dts: $(MATRIX_PY)
	@mkdir -p $(dir $@)
	$(PYTHON) $(MATRIX_PY) dts $* > $@.tmp && mv $@.tmp $@

$(BUILD)/configs/tests/matrix-%.img: $(BUILD)/matrix/matrix-%.dts $(HYP_BIN) \
		$(TOOLS_PACK) $(GUEST_IMAGES)
	@mkdir -p $(dir $@)
	$(TOOLS_PACK) --hypervisor $(PACK_HYP) $(PACK_DIRS) -o $@ $<

# Kept for reading what a cell booted.
.SECONDARY: $(patsubst %,$(BUILD)/matrix/%.dts,$(MATRIX_CONFIGS))

ALL_TARGETS += $(MATRIX_IMGS)
