# Packed, bootable system images: one per configuration.
#   configs/NAME.dts        -> build/configs/NAME.img        (product hypervisor)
#   configs/tests/NAME.dts  -> build/configs/tests/NAME.img  (used by tests/system)
# Test configurations that need test hooks name the test hypervisor below.

GUEST_IMAGES := $(GUEST_BINS) $(GUEST_DTBS) $(RTOS_IMAGES)

CONFIG_IMGS := $(patsubst configs/%.dts,$(BUILD)/configs/%.img,\
	$(wildcard configs/*.dts) $(wildcard configs/tests/*.dts))

# Which hypervisor each image is packed with.
PACK_HYP = $(HYP_BIN)
$(BUILD)/configs/tests/hyp-fault.img: PACK_HYP = $(HYP_TEST_BIN)
$(BUILD)/configs/tests/hyp-fault.img: $(HYP_TEST_BIN)

# Image search path: test guests, the RTOS, then the Linux partition's files.
PACK_DIRS := -I $(BUILD)/guests -I $(BUILD)/rtos -I $(LINUX_OUT) -I $(LINUX_DEBIAN)

$(BUILD)/configs/%.img: configs/%.dts $(HYP_BIN) $(TOOLS_PACK) $(GUEST_IMAGES) \
		$(LINUX_IMAGES)
	@mkdir -p $(dir $@)
	$(TOOLS_PACK) --hypervisor $(PACK_HYP) $(PACK_DIRS) -o $@ $<

# The default system; its guest device tree must match the board's GIC.
DEMO_IMG = $(BUILD)/configs/qemu-virt-demo$(if $(filter 2,$(QEMU_GIC)),-gicv2).img
ALL_TARGETS += $(CONFIG_IMGS)

# `make run`: the default system on the reference board (QEMU_GIC and
# QEMU_CPU come from guests/linux/linux.mk). Leave QEMU with Ctrl-A X.
QEMU_RUN := $(QEMU) -M virt,virtualization=on,gic-version=$(QEMU_GIC) \
	-cpu $(QEMU_CPU) -smp 4 -m 1G -nographic

# BOARD picks the board: virt (the default), or a SoC model with its
# configs/<board>-demo.dts and the QEMU arguments tests/system/boards.py
# keeps for the tests too.
BOARD     ?= virt
RUN_BOARDS := virt imx8mp-evk zcu102
# The SD card a SoC board's Linux partition owns (its SD host is passed
# through, docs/boards.md): a raw image, kept between runs.
RUN_SD    ?= $(BUILD)/boards/$(BOARD)-sd.img

.PHONY: run run-check-board
# $(call board_check,TARGET,BOARDS): refuses a BOARD that is not one word of
# BOARDS, listing them, before anything is installed or built.
board_check = if [ -z "$(filter $(BOARD),$(2))" ] || \
	    [ "$(words $(BOARD))" != 1 ]; then \
		echo "make $(1): unknown BOARD '$(BOARD)'; the boards are: $(2)" >&2; \
		exit 1; fi

run-check-board:
	@$(call board_check,run,$(RUN_BOARDS))

# Each run target builds only what it boots (a first run on a fresh
# machine does not wait for every test guest and unit test).
RUN_IMG = $(if $(filter virt,$(BOARD)),$(DEMO_IMG),$(BUILD)/configs/$(BOARD)-demo.img)

run: run-check-board deps
	@$(MAKE) --no-print-directory $(RUN_IMG)
ifeq ($(BOARD),virt)
	@echo "Booting $(DEMO_IMG) — leave QEMU with Ctrl-A X"
	$(QEMU_RUN) -kernel $(DEMO_IMG)
else
	@test -f $(RUN_SD) || { mkdir -p $(dir $(RUN_SD)) && truncate -s 64M $(RUN_SD) && \
		echo "make run: an empty 64 MiB SD card for $(BOARD)'s Linux: $(RUN_SD)"; }
	@echo "Booting $(BUILD)/configs/$(BOARD)-demo.img on $(BOARD), SD card $(RUN_SD) — leave QEMU with Ctrl-A X"
	$(QEMU) $$($(PYTHON) tests/system/boards.py qemu-args $(BOARD)) \
		$$($(PYTHON) tests/system/boards.py sd-args $(BOARD) $(RUN_SD)) \
		-nographic -kernel $(BUILD)/configs/$(BOARD)-demo.img
endif

# `make run-shared`: Linux and the RTOS demo sharing one CPU, the RTOS
# real-time (configs/qemu-virt-shared.dts, docs/scheduling.md);
# QEMU_GIC=2 runs its GICv2 twin (configs/qemu-virt-shared-gicv2.dts).
SHARED_IMG = $(BUILD)/configs/qemu-virt-shared$(if $(filter 2,$(QEMU_GIC)),-gicv2).img

# BOARD=zcu102: the GICv2 twin moved onto the ZCU102's memory map
# (tests/system/boards.py), on its CPU 0; the board's other CPUs stay off.
SHARED_BOARDS := virt zcu102

.PHONY: run-shared run-shared-check-board
run-shared-check-board:
	@$(call board_check,run-shared,$(SHARED_BOARDS))

RUN_SHARED_IMG = $(if $(filter virt,$(BOARD)),$(SHARED_IMG),\
	$(BUILD)/configs/$(BOARD)/qemu-virt-shared-gicv2.img)

run-shared: run-shared-check-board deps
	@$(MAKE) --no-print-directory $(RUN_SHARED_IMG)
ifeq ($(BOARD),virt)
	@echo "Booting $(SHARED_IMG) — leave QEMU with Ctrl-A X"
	$(QEMU) -M virt,virtualization=on,gic-version=$(QEMU_GIC) -cpu cortex-a53 -smp 1 -m 1G \
		-nographic -kernel $(SHARED_IMG)
else
	@echo "Booting $(BUILD)/configs/$(BOARD)/qemu-virt-shared-gicv2.img on $(BOARD) — leave QEMU with Ctrl-A X"
	$(QEMU) $$($(PYTHON) tests/system/boards.py qemu-args $(BOARD)) \
		-nographic -kernel $(BUILD)/configs/$(BOARD)/qemu-virt-shared-gicv2.img
endif

# `make run-io`: Linux owning QEMU virt's PCIe host — a virtio disk and a
# virtio network card, their DMA translated by the SMMUv3 with Linux's own
# stage 2 — beside the RTOS demo (configs/qemu-virt-io.dts; QEMU_GIC=2: its
# GICv2 twin). The disk is a copy of the build's ext4 image, kept between
# runs (RUN_IO_DISK; delete it for a fresh one); the network is QEMU's user
# network with restrict=on: the guest gets an address and reaches nothing.
# The virtio devices are modern-only with iommu_platform=on: otherwise
# QEMU sends their DMA past the SMMU (tests/system/test_linux_io.py).
IO_IMG       = $(BUILD)/configs/qemu-virt-io$(if $(filter 2,$(QEMU_GIC)),-gicv2).img
RUN_IO_DISK ?= $(BUILD)/linux/disk-run-io.img
RUN_IO_SMMU ?= ,iommu=smmuv3 -global arm-smmuv3.stage=2
RUN_IO_DEVICE_OPTS := ,disable-legacy=on,iommu_platform=on

.PHONY: run-io
run-io: deps
	@$(MAKE) --no-print-directory $(IO_IMG) $(LINUX_DISK)
	@test -f $(RUN_IO_DISK) || { mkdir -p $(dir $(RUN_IO_DISK)) && \
		cp $(LINUX_DISK) $(RUN_IO_DISK) && \
		echo "make run-io: Linux's disk is a copy of $(LINUX_DISK): $(RUN_IO_DISK)"; }
	@echo "Booting $(IO_IMG) with the disk $(RUN_IO_DISK) — leave QEMU with Ctrl-A X"
	$(QEMU) -M virt,virtualization=on,gic-version=$(QEMU_GIC)$(RUN_IO_SMMU) \
		-cpu $(QEMU_CPU) -smp 4 -m 1G -nographic -kernel $(IO_IMG) \
		-device virtio-blk-pci,drive=d0$(RUN_IO_DEVICE_OPTS) \
		-drive if=none,id=d0,file=$(RUN_IO_DISK),format=raw \
		-device virtio-net-pci,netdev=n0$(RUN_IO_DEVICE_OPTS) \
		-netdev user,id=n0,restrict=on
