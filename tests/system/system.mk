# System tests: pytest + pexpect boot packed images in QEMU
# (docs/testing.md). Every QEMU run has a timeout.

PYTEST_ARGS ?=
# QEMU runs at once (pytest-xdist): one per host core by default. The tests
# are independent (each has its own QEMU and tmp_path) and assert behaviour
# or virtual time, never host time, so a loaded host slows them, nothing more.
SYSTEM_JOBS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: system
system: build
	$(PYTHON) -m pytest -ra -p no:cacheprovider -n $(SYSTEM_JOBS) tests/system $(PYTEST_ARGS)

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

# make soak (docs/testing.md, "Soak"; not part of make check): the sizes
# default to issue 16's. SOAK_PARTS picks parts; SOAK_MATRIX_CMD is the hook
# for the lifecycle matrix's full product (a shell command; empty: the
# summary reports that part NOT RUN); by default the matrix's full product.
SOAK_CALLS           ?= 1000000
SOAK_RESTARTS        ?= 1000
SOAK_LINUX_RESTARTS  ?= 100
SOAK_HOSTILE_MINUTES ?= 10
SOAK_PARTS           ?= selfcheck calls restarts linux hostile matrix
SOAK_MATRIX_CMD      ?= $(PYTHON) -m pytest -ra -p no:cacheprovider \
	tests/system/test_lifecycle_matrix.py --matrix=full

.PHONY: soak
soak: build
	SOAK_CALLS=$(SOAK_CALLS) SOAK_RESTARTS=$(SOAK_RESTARTS) \
	SOAK_LINUX_RESTARTS=$(SOAK_LINUX_RESTARTS) \
	SOAK_HOSTILE_MINUTES=$(SOAK_HOSTILE_MINUTES) SOAK_PARTS="$(SOAK_PARTS)" \
	SOAK_MATRIX_CMD='$(SOAK_MATRIX_CMD)' PYTHON=$(PYTHON) \
		$(PYTHON) scripts/soak.py

# The SoC boards' variants of test configurations (tests/system/boards.py):
# generated from virt's configs/tests/NAME.dts with the board's addresses.
BOARDS_PY      := tests/system/boards.py
SOC_BOARDS     := imx8mp-evk zcu102
SOC_CONFIGS    := tests/heartbeats tests/hostile tests/rtos tests/cpu5 \
	tests/device-on-uart tests/device-on-gic tests/device-on-clocks
# The EOI the VIRQ workaround must see (guests/tests/virq.c).
SOC_CONFIGS_imx8mp-evk := tests/virq
# Only where the board's GIC matches the guest device tree's.
SOC_CONFIGS_zcu102 := tests/linux-gicv2 tests/device-on-gic-alias \
	tests/device-irq-beyond-gic qemu-virt-shared-gicv2
SOC_IMGS       := $(foreach b,$(SOC_BOARDS),\
	$(patsubst %,$(BUILD)/configs/$(b)/%.img,$(SOC_CONFIGS) $(SOC_CONFIGS_$(b))))

define soc_board_rules
$(BUILD)/boards/$(1)/%.dts: configs/%.dts $(BOARDS_PY)
	@mkdir -p $$(dir $$@)
	$(PYTHON) $(BOARDS_PY) dts $(1) $$< > $$@.tmp && mv $$@.tmp $$@

$(BUILD)/configs/$(1)/%.img: $(BUILD)/boards/$(1)/%.dts $(HYP_BIN) \
		$(TOOLS_PACK) $(GUEST_IMAGES) $(LINUX_IMAGES)
	@mkdir -p $$(dir $$@)
	$(TOOLS_PACK) --hypervisor $(PACK_HYP) $(PACK_DIRS) -o $$@ $$<

.SECONDARY: $(patsubst %,$(BUILD)/boards/$(1)/%.dts,$(SOC_CONFIGS) $(SOC_CONFIGS_$(1)))
endef
$(foreach b,$(SOC_BOARDS),$(eval $(call soc_board_rules,$(b))))

ALL_TARGETS += $(SOC_IMGS)
