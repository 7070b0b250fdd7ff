# The Linux partition's images: Debian 12's stock arm64 kernel and static
# busybox (fetched into $(BUILD)/debian by scripts/fetch-debian.sh, never
# committed), the initramfs built from busybox and guests/linux/initramfs,
# and the partition's device trees (GICv3 and GICv2 boards).
#
#   make fetch-debian   fetch (or report the cached) kernel and busybox
#   make linux-bare     the same kernel and initramfs on QEMU without shikiri,
#                       with the partition's bootargs (Ctrl-A X leaves QEMU);
#                       QEMU_GIC=2, QEMU_CPU=max and LINUX_BARE_EXTRA="-icount
#                       shift=0,sleep=off" pick other setups
#   make linux-bare-io  the same with a virtio disk (a copy of the build's
#                       ext4 image, mounted on /mnt) and a virtio network card
#                       (user network, restrict=on: nothing outside QEMU),
#                       interrupts by INTx (pci=nomsi)

LINUX_DEBIAN     := $(BUILD)/debian
LINUX_KERNEL     := $(LINUX_DEBIAN)/Image
LINUX_BUSYBOX    := $(LINUX_DEBIAN)/busybox
LINUX_MODULES    := $(LINUX_DEBIAN)/modules/uio.ko \
	$(LINUX_DEBIAN)/modules/uio_pci_generic.ko \
	$(LINUX_DEBIAN)/modules/sdhci.ko $(LINUX_DEBIAN)/modules/cqhci.ko \
	$(LINUX_DEBIAN)/modules/sdhci-pltfm.ko $(LINUX_DEBIAN)/modules/sdhci-esdhc-imx.ko \
	$(LINUX_DEBIAN)/modules/sdhci-of-arasan.ko \
	$(foreach m,virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk \
		failover net_failover virtio_net crc32c_generic crc16 mbcache jbd2 ext4, \
		$(LINUX_DEBIAN)/modules/$(m).ko)
LINUX_FETCHED    := $(LINUX_KERNEL) $(LINUX_DEBIAN)/vmlinuz $(LINUX_BUSYBOX) \
	$(LINUX_DEBIAN)/kernel-version $(LINUX_MODULES)

LINUX_OUT        := $(BUILD)/linux
LINUX_INITRAMFS  := $(LINUX_OUT)/initramfs.cpio.gz
LINUX_DTB        := $(LINUX_OUT)/linux.dtb
LINUX_DTB_GICV2  := $(LINUX_OUT)/linux-gicv2.dtb
LINUX_DTB_RTC    := $(LINUX_OUT)/linux-rtc.dtb
LINUX_DTB_SMC    := $(LINUX_OUT)/linux-smc.dtb
LINUX_DTB_CHANNEL := $(LINUX_OUT)/linux-channel.dtb
LINUX_DTB_CHANNEL_GICV2 := $(LINUX_OUT)/linux-channel-gicv2.dtb
LINUX_DTB_1CPU   := $(LINUX_OUT)/linux-1cpu.dtb
LINUX_DTB_1CPU_GICV2 := $(LINUX_OUT)/linux-1cpu-gicv2.dtb
LINUX_DTB_IO     := $(LINUX_OUT)/linux-io.dtb
LINUX_DTB_IO_GICV2 := $(LINUX_OUT)/linux-io-gicv2.dtb

# What a system with a Linux partition packs.
LINUX_IMAGES := $(LINUX_KERNEL) $(LINUX_INITRAMFS) $(LINUX_DTB) $(LINUX_DTB_GICV2) \
	$(LINUX_DTB_RTC) $(LINUX_DTB_SMC) $(LINUX_DTB_CHANNEL) $(LINUX_DTB_CHANNEL_GICV2) \
	$(LINUX_DTB_1CPU) $(LINUX_DTB_1CPU_GICV2) $(LINUX_DTB_IO) $(LINUX_DTB_IO_GICV2)
ALL_TARGETS += $(LINUX_IMAGES)

# On a real SoC board the Linux partition's device tree is derived from
# Debian's DTB of the board and the board's demo system by
# tools/partition_dt.py (docs/configuration.md, "Deriving a Linux
# partition's device tree from the board's"): configs/<board>-demo.dts and
# the board's DTB give $(LINUX_OUT)/<board>-linux.dtb (the partition named
# linux, packed as its dtb) and <board>-linux-bare.dtb (for the same kernel
# alone on the board: the board's GIC, console UART and PSCI by SMC).
PARTITION_DT      := tools/partition_dt.py tools/fdt_tree.py
LINUX_DT_BOARDS   := imx8mp-evk zcu102
LINUX_BOARD_DTB_imx8mp-evk := $(LINUX_DEBIAN)/dtbs/imx8mp-evk.dtb
LINUX_BOARD_DTB_zcu102     := $(LINUX_DEBIAN)/dtbs/zynqmp-zcu102-rev1.0.dtb
LINUX_DT_DEMOS    := $(foreach b,$(LINUX_DT_BOARDS),$(if $(wildcard configs/$(b)-demo.dts),$(b)))
LINUX_DERIVED_DTBS := $(foreach b,$(LINUX_DT_DEMOS),$(LINUX_OUT)/$(b)-linux.dtb \
	$(LINUX_OUT)/$(b)-linux-bare.dtb)
LINUX_IMAGES += $(LINUX_DERIVED_DTBS)
ALL_TARGETS += $(LINUX_DERIVED_DTBS)

define linux_board_dt
$$(LINUX_OUT)/$(1)-linux.dtb: configs/$(1)-demo.dts $$(LINUX_BOARD_DTB_$(1)) $$(PARTITION_DT)
	@mkdir -p $$(dir $$@)
	$$(PYTHON) tools/partition_dt.py --board $$(LINUX_BOARD_DTB_$(1)) --config $$< \
		--partition linux -o $$@

$$(LINUX_OUT)/$(1)-linux-bare.dtb: configs/$(1)-demo.dts $$(LINUX_BOARD_DTB_$(1)) $$(PARTITION_DT)
	@mkdir -p $$(dir $$@)
	$$(PYTHON) tools/partition_dt.py --board $$(LINUX_BOARD_DTB_$(1)) --config $$< \
		--partition linux --bare -o $$@
endef
$(foreach b,$(LINUX_DT_DEMOS),$(eval $(call linux_board_dt,$(b))))

# Fetched only when missing (the script is idempotent; `make fetch-debian`
# runs it regardless, `scripts/fetch-debian.sh --force` fetches again).
$(LINUX_FETCHED) &:
	BUILD=$(BUILD) scripts/fetch-debian.sh

.PHONY: fetch-debian
fetch-debian:
	BUILD=$(BUILD) scripts/fetch-debian.sh

# Channels from Linux user space (docs/channels.md): libskchan and the
# skchan tool, static arm64 binaries for the initramfs.
SKCHAN_DIR  := guests/linux/skchan
SKCHAN_HDRS := $(SKCHAN_DIR)/skchan.h include/shikiri/ring.h \
	include/shikiri/channel_pci.h include/shikiri/hypercall.h
SKCHAN_CC   := $(CROSS_COMPILE)gcc
SKCHAN_CFLAGS := -std=c11 -O2 $(WARNINGS) -Iinclude -I$(SKCHAN_DIR)
LINUX_SKCHAN := $(LINUX_OUT)/skchan
LINUX_LIBSKCHAN := $(LINUX_OUT)/libskchan.a

$(LINUX_OUT)/skchan.o: $(SKCHAN_DIR)/skchan.c $(SKCHAN_HDRS)
	@mkdir -p $(dir $@)
	$(SKCHAN_CC) $(SKCHAN_CFLAGS) -c -o $@ $<

$(LINUX_LIBSKCHAN): $(LINUX_OUT)/skchan.o
	$(CROSS_COMPILE)ar rcs $@ $^

$(LINUX_SKCHAN): $(SKCHAN_DIR)/skchan_cli.c $(LINUX_LIBSKCHAN) $(SKCHAN_HDRS)
	$(SKCHAN_CC) $(SKCHAN_CFLAGS) -static -o $@ $< $(LINUX_LIBSKCHAN)

# The manager interface from Linux user space (docs/management.md):
# libshikiri-ctl and the shikiri-ctl tool, static arm64 binaries for the
# initramfs.
SKCTL_DIR   := guests/linux/ctl
SKCTL_HDRS  := $(SKCTL_DIR)/skctl.h include/shikiri/manage_pci.h \
	include/shikiri/hypercall.h
SKCTL_CFLAGS := -std=c11 -O2 $(WARNINGS) -Iinclude -I$(SKCTL_DIR)
LINUX_SKCTL := $(LINUX_OUT)/shikiri-ctl
LINUX_LIBSKCTL := $(LINUX_OUT)/libshikiri-ctl.a

$(LINUX_OUT)/skctl.o: $(SKCTL_DIR)/skctl.c $(SKCTL_HDRS)
	@mkdir -p $(dir $@)
	$(SKCHAN_CC) $(SKCTL_CFLAGS) -c -o $@ $<

$(LINUX_LIBSKCTL): $(LINUX_OUT)/skctl.o
	$(CROSS_COMPILE)ar rcs $@ $^

$(LINUX_SKCTL): $(SKCTL_DIR)/shikiri_ctl.c $(LINUX_LIBSKCTL) $(SKCTL_HDRS)
	$(SKCHAN_CC) $(SKCTL_CFLAGS) -static -o $@ $< $(LINUX_LIBSKCTL)

# The disk of the Linux I/O tests (tests/system/test_linux_io.py): a raw
# ext4 image holding guests/linux/disk, made on the host by mke2fs -d
# (e2fsprogs; no root, no loop mount). The tests boot copies of it.
MKE2FS          ?= $(shell command -v mke2fs || echo /sbin/mke2fs)
LINUX_DISK      := $(LINUX_OUT)/disk.img
LINUX_DISK_SIZE := 32M
LINUX_DISK_SRCS := $(shell find guests/linux/disk)
ALL_TARGETS += $(LINUX_DISK)

$(LINUX_DISK): $(LINUX_DISK_SRCS)
	@mkdir -p $(dir $@)
	rm -f $@.tmp
	$(MKE2FS) -q -F -t ext4 -L shikiri-disk -E root_owner=0:0 -d guests/linux/disk \
		$@.tmp $(LINUX_DISK_SIZE)
	mv $@.tmp $@

# Directories too, so that adding or removing a file rebuilds.
LINUX_INITRAMFS_SRCS := $(shell find guests/linux/initramfs)

$(LINUX_INITRAMFS): scripts/mkinitramfs.py $(LINUX_BUSYBOX) $(LINUX_INITRAMFS_SRCS) \
		$(LINUX_MODULES) $(LINUX_SKCHAN) $(LINUX_SKCTL)
	@mkdir -p $(dir $@)
	$(PYTHON) scripts/mkinitramfs.py --busybox $(LINUX_BUSYBOX) \
		--overlay guests/linux/initramfs \
		$(foreach m,$(LINUX_MODULES),--file $(m):lib/modules/$(notdir $(m))) \
		--file $(LINUX_SKCHAN):bin/skchan \
		--file $(LINUX_SKCTL):bin/shikiri-ctl -o $@

# dtc warnings fail the build: the guest sees this tree as it is.
$(LINUX_OUT)/%.dtb: guests/linux/%.dts guests/linux/linux-common.dtsi guests/linux/linux.dts \
		guests/linux/linux-gicv2.dts guests/linux/linux-channel.dtsi guests/linux/linux-io.dtsi
	@mkdir -p $(dir $@)
	@echo "$(DTC) -I dts -O dtb -o $@ $<"
	@msgs=$$($(DTC) -I dts -O dtb -o $@.tmp $< 2>&1); rc=$$?; \
	if [ $$rc -ne 0 ] || [ -n "$$msgs" ]; then \
		echo "$$msgs" >&2; rm -f $@.tmp; \
		echo "$<: dtc reported problems (warnings count as errors)" >&2; \
		exit 1; \
	fi; \
	mv $@.tmp $@

# Bare comparison: EL1 on plain QEMU virt, like a partition's vCPUs, with
# the bootargs of the partition's device tree.
QEMU_GIC ?= 3
QEMU_CPU ?= cortex-a53
LINUX_BARE_EXTRA ?=

.PHONY: linux-bare
linux-bare: $(LINUX_KERNEL) $(LINUX_INITRAMFS) $(LINUX_DTB)
	@echo "Booting $(LINUX_KERNEL) bare on QEMU — leave with Ctrl-A X"
	$(QEMU) -M virt,gic-version=$(QEMU_GIC) -cpu $(QEMU_CPU) -smp 2 -m 256M \
		-nographic $(LINUX_BARE_EXTRA) -kernel $(LINUX_KERNEL) \
		-initrd $(LINUX_INITRAMFS) \
		-append "$$(fdtget -t s $(LINUX_DTB) /chosen bootargs)"

.PHONY: linux-bare-io
linux-bare-io: $(LINUX_KERNEL) $(LINUX_INITRAMFS) $(LINUX_DTB) $(LINUX_DISK)
	cp $(LINUX_DISK) $(LINUX_OUT)/disk-run.img
	@echo "Booting $(LINUX_KERNEL) bare on QEMU with $(LINUX_OUT)/disk-run.img — leave with Ctrl-A X"
	$(QEMU) -M virt,gic-version=$(QEMU_GIC) -cpu $(QEMU_CPU) -smp 2 -m 256M \
		-nographic $(LINUX_BARE_EXTRA) -kernel $(LINUX_KERNEL) \
		-initrd $(LINUX_INITRAMFS) \
		-append "$$(fdtget -t s $(LINUX_DTB) /chosen bootargs) pci=nomsi" \
		-device virtio-blk-pci,drive=d0 \
		-drive if=none,id=d0,file=$(LINUX_OUT)/disk-run.img,format=raw \
		-device virtio-net-pci,netdev=n0 -netdev user,id=n0,restrict=on
