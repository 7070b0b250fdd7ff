# The hypervisor image: build/hypervisor/shikiri.bin (raw, Linux arm64 Image
# header) and shikiri.elf (symbols for gdb-multiarch).
#
# One image for every board: the board comes from the boot device tree and
# hypervisor/platform/<board>/ (docs/architecture.md).
# SK_TEST_HOOKS=1 builds the test variant into build/hypervisor-test/: it
# answers test-only hypercalls (core/test_hooks.h) and is never shipped.

CC_ARM   := $(CROSS_COMPILE)gcc
OBJCOPY  := $(CROSS_COMPILE)objcopy
READELF  := $(CROSS_COMPILE)readelf

HYP_SRCS := \
	hypervisor/arch/arm64/head.S \
	hypervisor/arch/arm64/vectors.S \
	hypervisor/arch/arm64/fpsimd.S \
	hypervisor/arch/arm64/cache.c \
	hypervisor/arch/arm64/cpu.c \
	hypervisor/arch/arm64/crc32.c \
	hypervisor/arch/arm64/el2_mmu.c \
	hypervisor/arch/arm64/esr_decode.c \
	hypervisor/arch/arm64/exception_dump.c \
	hypervisor/arch/arm64/inject.c \
	hypervisor/arch/arm64/irq.c \
	hypervisor/arch/arm64/pgtable.c \
	hypervisor/arch/arm64/psci.c \
	hypervisor/arch/arm64/stage2.c \
	hypervisor/arch/arm64/stage2_attrs.c \
	hypervisor/arch/arm64/sched_switch.c \
	hypervisor/arch/arm64/trap.c \
	hypervisor/arch/arm64/vcpu_arch.c \
	hypervisor/arch/arm64/gic/gic.c \
	hypervisor/arch/arm64/gic/gicv2.c \
	hypervisor/arch/arm64/gic/gicv3.c \
	hypervisor/arch/arm64/gic/vgic.c \
	hypervisor/arch/arm64/gic/vgic_arch.c \
	hypervisor/arch/arm64/gic/vgic_regs.c \
	hypervisor/arch/arm64/gic/vgic_v2_lr.c \
	hypervisor/arch/arm64/gic/vgic_v2_regs.c \
	hypervisor/arch/arm64/gic/vgic_v3_lr.c \
	hypervisor/arch/arm64/gic/vgic_v3_regs.c \
	hypervisor/arch/arm64/gic/vgic_v3_virq.c \
	hypervisor/core/audit.c \
	hypervisor/core/boot.c \
	hypervisor/core/channel.c \
	hypervisor/core/config_check_board.c \
	hypervisor/core/console.c \
	hypervisor/core/console_commands.c \
	hypervisor/core/fault.c \
	hypervisor/core/granule.c \
	hypervisor/core/guest_mem.c \
	hypervisor/core/load_plan.c \
	hypervisor/core/hypercall.c \
	hypervisor/core/lifecycle_fail.c \
	hypervisor/core/lifecycle_partition.c \
	hypervisor/core/lifecycle_start.c \
	hypervisor/core/lifecycle_watchdog.c \
	hypervisor/core/log.c \
	hypervisor/core/log_budget.c \
	hypervisor/core/manage.c hypervisor/core/manage_faults.c hypervisor/core/manage_pci.c \
	hypervisor/core/mmio.c \
	hypervisor/core/package.c \
	hypervisor/core/panic.c \
	hypervisor/core/partition.c \
	hypervisor/core/partition_log.c \
	hypervisor/core/partition_mem.c \
	hypervisor/core/partition_mmio.c \
	hypervisor/core/partition_streams.c \
	hypervisor/core/dma_fault.c \
	hypervisor/core/resources.c \
	hypervisor/core/resources_format.c \
	hypervisor/core/sched.c \
	hypervisor/core/sched_decide.c \
	hypervisor/core/sched_stats.c \
	hypervisor/core/sched_vcpu.c \
	hypervisor/core/setway.c \
	hypervisor/core/vcpu.c \
	hypervisor/core/vpci.c \
	hypervisor/core/vpsci.c \
	hypervisor/core/vpl011.c \
	hypervisor/drivers/cdns_uart.c \
	hypervisor/drivers/imx_uart.c \
	hypervisor/drivers/pcie_ecam.c \
	hypervisor/drivers/pl011.c \
	hypervisor/drivers/smmuv3.c \
	hypervisor/drivers/uart.c \
	hypervisor/lib/crc32.c \
	hypervisor/lib/fdt.c \
	hypervisor/lib/fmt.c \
	hypervisor/arch/arm64/nospec.c \
	hypervisor/lib/string.c \
	hypervisor/platform/board_dt.c \
	hypervisor/platform/boards.c \
	hypervisor/platform/imx8mp-evk/imx8mp_evk.c \
	hypervisor/platform/qemu-virt/qemu_virt.c \
	hypervisor/platform/zcu102/zcu102.c

HYP_TEST_SRCS := hypervisor/core/test_hooks.c

# -Os: most of the hypervisor runs once (boot, configuration checks,
# device-tree parsing), and its size is part of what it is trusted for;
# the hottest path, the forwarded timer, is assembly (vectors.S). Measured
# against -O2 in docs/performance.md. -fomit-frame-pointer: 1 KiB less
# .text; nothing walks frame records (gdb unwinds with the DWARF of -g).
# -fpie + hidden visibility: PC-relative code, absolute pointers only in
# data (fixed up by head.S). -mstrict-align: C runs before the MMU is on,
# when all memory is Device and unaligned accesses fault.
# -fno-tree-loop-distribute-patterns: sk_memcpy must not become a call to
# memcpy.
# -flto=auto: the image is one link of all sources; link-time optimisation
# inlines across files and drops what is unreachable as a whole: less
# .text, and fewer instructions on the trap paths besides (measured in
# docs/performance.md, "Size per module").
HYP_CFLAGS := -std=c11 -Os -g -flto=auto -fomit-frame-pointer $(WARNINGS) -ffreestanding -nostdlib \
	-fno-builtin -fno-tree-loop-distribute-patterns -fno-stack-protector \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics -fpie -fvisibility=hidden \
	-fno-asynchronous-unwind-tables -ffunction-sections -fdata-sections \
	-Ihypervisor $(ARCH_INCLUDE) -Iinclude \
	-DSK_HYPERVISOR=1
HYP_LDFLAGS := -nostdlib -static-pie -Wl,--no-dynamic-linker -Wl,-z,norelro \
	-Wl,--gc-sections -Wl,-z,noexecstack -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
	-T hypervisor/arch/arm64/shikiri.ld

HYP_HEADERS := $(shell find hypervisor include -name '*.h')

# $(call hyp_image,OUTDIR,EXTRA_SRCS,EXTRA_CFLAGS)
define hyp_image
$(1)/shikiri.elf: $(HYP_SRCS) $(2) $(HYP_HEADERS) hypervisor/arch/arm64/shikiri.ld \
		hypervisor/hypervisor.mk
	@mkdir -p $(1)
	$(CC_ARM) $(HYP_CFLAGS) $(3) $(HYP_LDFLAGS) -Wl,-Map,$(1)/shikiri.map \
		-o $$@ $(HYP_SRCS) $(2)
	@# head.S applies R_AARCH64_RELATIVE only: refuse any other kind.
	@if $(READELF) -rW $$@ | grep -E '^[0-9a-f]+ ' | grep -v R_AARCH64_RELATIVE; then \
		echo "error: $$@ needs relocations head.S does not apply" >&2; rm -f $$@; exit 1; fi

$(1)/shikiri.bin: $(1)/shikiri.elf
	$(OBJCOPY) -O binary $$< $$@
endef

$(eval $(call hyp_image,$(BUILD)/hypervisor,,))
$(eval $(call hyp_image,$(BUILD)/hypervisor-test,$(HYP_TEST_SRCS),-DSK_TEST_HOOKS=1))

# The same image without link-time optimisation, for `make size`: each
# function stays in the file that defines it, so bench/size.py can say what
# each module costs on its own (link-time inlining moves code into callers).
$(eval $(call hyp_image,$(BUILD)/hypervisor-modules,,-fno-lto))

HYP_BIN      := $(BUILD)/hypervisor/shikiri.bin
HYP_TEST_BIN := $(BUILD)/hypervisor-test/shikiri.bin
ALL_TARGETS  += $(HYP_BIN) $(HYP_TEST_BIN)
