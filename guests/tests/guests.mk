# Test guests: tiny bare-metal EL1 programs that system tests boot inside
# shikiri partitions (guests/tests/*.c on the runtime in guests/tests/lib/).
#
#   $(BUILD)/guests/<name>.bin   raw Image to load at guest-physical 0x40000000
#   $(BUILD)/guests/<name>.elf   the same with symbols, for gdb; <name>.map
#   $(BUILD)/guests/guest.dtb    a minimal device tree for any of them
#
# `make guests-bare` builds TEST-AID variants into $(BUILD)/guests/bare/ whose
# console is the QEMU virt PL011 instead of hypercalls (-DGUEST_BARE_CONSOLE),
# and `make guests-bare-smoke` boots them on bare QEMU at EL1 and checks the
# runtime (start-up, vectors, exception reports, probe handling). Those are
# not part of ALL_TARGETS.

GUEST_DIR     := guests/tests
GUEST_OUT     := $(BUILD)/guests
GUEST_CC      := $(CROSS_COMPILE)gcc
GUEST_OBJCOPY := $(CROSS_COMPILE)objcopy
GUEST_LDS     := $(GUEST_DIR)/lib/guest.ld

# -mstrict-align: with the MMU off all data memory is Device memory, where an
# unaligned access faults. -fno-tree-loop-distribute-patterns: do not turn
# loops into calls to memset/memcpy (lib/string.c implements those).
GUEST_CFLAGS := -std=c11 -O2 -g -ffreestanding -nostdlib -nostartfiles \
	-mgeneral-regs-only -mstrict-align -fno-pie -no-pie \
	-fno-stack-protector -fno-tree-loop-distribute-patterns \
	$(WARNINGS) -Iinclude -Ihypervisor -I$(GUEST_DIR)/lib -MMD -MP
GUEST_LDFLAGS := -T $(GUEST_LDS) -Wl,--build-id=none -Wl,--no-warn-rwx-segments

GUEST_LIB_SRCS := \
	$(GUEST_DIR)/lib/start.S \
	$(GUEST_DIR)/lib/exception.c \
	$(GUEST_DIR)/lib/console.c \
	$(GUEST_DIR)/lib/guest_time.c \
	$(GUEST_DIR)/lib/hello.c \
	$(GUEST_DIR)/lib/beat.c \
	$(GUEST_DIR)/lib/irq.c \
	$(GUEST_DIR)/lib/try.c \
	$(GUEST_DIR)/lib/string.c \
	hypervisor/lib/fmt.c

# The part of the runtime a guest that is not a test guest builds on (the
# RTOS, the benchmark guest): start-up, exceptions, console, time, GIC,
# bootargs.
GUEST_RUNTIME_SRCS := \
	$(GUEST_DIR)/lib/start.S \
	$(GUEST_DIR)/lib/exception.c \
	$(GUEST_DIR)/lib/console.c \
	$(GUEST_DIR)/lib/guest_time.c \
	$(GUEST_DIR)/lib/irq.c \
	$(GUEST_DIR)/lib/string.c \
	$(GUEST_DIR)/lib/stats.c \
	$(GUEST_DIR)/lib/bootargs.c \
	hypervisor/lib/fmt.c \
	hypervisor/lib/fdt.c

# name -> main source file
GUEST_NAMES          := heartbeat probe hyp-fault control hostile channel spin remnant \
	rtc lifecycle thumb cpu-features stall console-hostile redteam soak virq \
	dma-hostile dma-victim dma-redteam dma-redteam2 light light-spin lazyred
GUEST_SRC_heartbeat  := $(GUEST_DIR)/heartbeat.c
GUEST_SRC_light      := $(GUEST_DIR)/light.c $(GUEST_DIR)/light_regs.S
GUEST_SRC_light-spin := $(GUEST_DIR)/light_spin.c $(GUEST_DIR)/light_spin_regs.S \
	$(GUEST_DIR)/lib/bootargs.c hypervisor/lib/fdt.c
GUEST_SRC_probe      := $(GUEST_DIR)/probe.c
GUEST_SRC_control    := $(GUEST_DIR)/control.c
GUEST_SRC_channel    := $(GUEST_DIR)/channel.c $(GUEST_DIR)/lib/bootargs.c \
	$(GUEST_DIR)/lib/stats.c hypervisor/lib/fdt.c
GUEST_SRC_hyp-fault  := $(GUEST_DIR)/hyp_fault.c
GUEST_SRC_spin       := $(GUEST_DIR)/spin.c
GUEST_SRC_remnant    := $(GUEST_DIR)/remnant.c
GUEST_SRC_lazyred    := $(GUEST_DIR)/lazyred.c
GUEST_SRC_rtc        := $(GUEST_DIR)/rtc.c $(GUEST_DIR)/lib/bootargs.c \
	hypervisor/lib/fdt.c
GUEST_SRC_lifecycle  := $(GUEST_DIR)/lifecycle.c $(GUEST_DIR)/lifecycle_regs.S \
	$(GUEST_DIR)/lib/bootargs.c hypervisor/lib/fdt.c
GUEST_SRC_thumb      := $(GUEST_DIR)/thumb.c $(GUEST_DIR)/thumb_el0.S
GUEST_SRC_cpu-features := $(GUEST_DIR)/cpu_features.c
GUEST_SRC_stall      := $(GUEST_DIR)/stall.c
GUEST_SRC_virq       := $(GUEST_DIR)/virq.c
GUEST_SRC_console-hostile := $(GUEST_DIR)/console_hostile.c \
	$(GUEST_DIR)/lib/bootargs.c hypervisor/lib/fdt.c
GUEST_SRC_redteam    := $(GUEST_DIR)/redteam.c $(GUEST_DIR)/lib/bootargs.c \
	hypervisor/lib/fdt.c
GUEST_SRC_soak       := $(GUEST_DIR)/soak.c $(GUEST_DIR)/lib/bootargs.c \
	hypervisor/lib/fdt.c
GUEST_SRC_dma-hostile := $(GUEST_DIR)/dma_hostile.c $(GUEST_DIR)/vblk.c \
	$(GUEST_DIR)/lib/bootargs.c hypervisor/lib/fdt.c
GUEST_SRC_dma-redteam := $(GUEST_DIR)/dma_redteam.c $(GUEST_DIR)/vblk.c
GUEST_SRC_dma-redteam2 := $(GUEST_DIR)/dma_redteam2.c $(GUEST_DIR)/vblk.c \
	$(GUEST_DIR)/lib/bootargs.c hypervisor/lib/fdt.c
GUEST_SRC_dma-victim := $(GUEST_DIR)/dma_victim.c hypervisor/lib/crc32.c
GUEST_SRC_hostile    := $(GUEST_DIR)/hostile.c $(GUEST_DIR)/hostile_gic.c \
	$(GUEST_DIR)/hostile_cpu.c $(GUEST_DIR)/lib/bootargs.c hypervisor/lib/fdt.c

guest_objs = $(patsubst %,$(1)/obj/%.o,$(basename $(GUEST_LIB_SRCS) $(GUEST_SRC_$(2))))

# $(1) output directory, $(2) extra compiler flags.
define guest_variant
$(1)/obj/%.o: %.c $(GUEST_DIR)/guests.mk
	@mkdir -p $$(dir $$@)
	$$(GUEST_CC) $$(GUEST_CFLAGS) $(2) -c -o $$@ $$<

$(1)/obj/%.o: %.S $(GUEST_DIR)/guests.mk
	@mkdir -p $$(dir $$@)
	$$(GUEST_CC) $$(GUEST_CFLAGS) $(2) -c -o $$@ $$<

$(foreach g,$(GUEST_NAMES),
$(1)/$(g).elf: $(call guest_objs,$(1),$(g)) $(GUEST_LDS)
	$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_LDFLAGS) -Wl,-Map=$(1)/$(g).map \
		-o $$@ $(call guest_objs,$(1),$(g)) -lgcc
)

$(1)/%.bin: $(1)/%.elf
	$$(GUEST_OBJCOPY) -O binary $$< $$@

-include $(foreach g,$(GUEST_NAMES),$(patsubst %.o,%.d,$(call guest_objs,$(1),$(g))))
endef

$(eval $(call guest_variant,$(GUEST_OUT),))
$(eval $(call guest_variant,$(GUEST_OUT)/bare,-DGUEST_BARE_CONSOLE))

# guest.dts, and guests that differ only in their bootargs (channel-*.dts,
# rtc-*.dts, lifecycle-*.dts...): every guests/tests/*.dts.
GUEST_DTBS := $(patsubst $(GUEST_DIR)/%.dts,$(GUEST_OUT)/%.dtb,$(wildcard $(GUEST_DIR)/*.dts))

$(GUEST_OUT)/%.dtb: $(GUEST_DIR)/%.dts $(GUEST_DIR)/guest.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -o $@ $<

GUEST_BINS      := $(foreach g,$(GUEST_NAMES),$(GUEST_OUT)/$(g).bin)

# heartbeat linked at 0x48000000: the guest of an identity-mapped partition
# (configs/tests/dma-unrestricted.dts), whose RAM cannot start at
# 0x40000000, where shikiri itself is.
GUEST_IDENTITY_ADDR := 0x48000000
$(GUEST_OUT)/heartbeat-identity.elf: $(call guest_objs,$(GUEST_OUT),heartbeat) $(GUEST_LDS)
	$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) \
		-Wl,--defsym=GUEST_LOAD_ADDR=$(GUEST_IDENTITY_ADDR) \
		-o $@ $(call guest_objs,$(GUEST_OUT),heartbeat) -lgcc
GUEST_BINS      += $(GUEST_OUT)/heartbeat-identity.bin
# dma-hostile's RAM is identity-mapped at 0x48000000 too, so that the
# addresses it aims at (shikiri's, the victim's) are outside its
# guest-physical space (guests/tests/dma_secret.h).
$(GUEST_OUT)/dma-hostile.elf $(GUEST_OUT)/dma-redteam.elf \
	$(GUEST_OUT)/dma-redteam2.elf: GUEST_LDFLAGS += \
	-Wl,--defsym=GUEST_LOAD_ADDR=$(GUEST_IDENTITY_ADDR)
GUEST_BARE_BINS := $(foreach g,$(GUEST_NAMES),$(GUEST_OUT)/bare/$(g).bin)

ALL_TARGETS += $(GUEST_BINS) $(GUEST_DTBS)

.PHONY: guests guests-bare guests-bare-smoke
guests: $(GUEST_BINS) $(GUEST_DTBS)
guests-bare: $(GUEST_BARE_BINS)
guests-bare-smoke: $(GUEST_BARE_BINS)
	$(PYTHON) $(GUEST_DIR)/bare_smoke.py $(GUEST_OUT)/bare
