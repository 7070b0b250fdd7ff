# Benchmarks (issue 5): `make bench` boots the same workloads bare on QEMU,
# in shikiri and under Xen 4.17, and prints one table (bench/run.py).
#
#   $(BUILD)/bench/microbench.bin  the benchmark guest (bench/guest/), an
#                                  arm64 Image that runs wherever it is loaded
#   $(BUILD)/bench/microbench.dtb  its device tree inside shikiri
#   $(BUILD)/bench/microbench.img  shikiri + the guest (bench/microbench.dts)
#   $(BUILD)/bench/rtos-bench.img  shikiri + the RTOS's benchmark application
#                                  (bench/rtos-bench.dts; the RTOS: guests/rtos)
#
# The guest is built on the test guests' runtime (guests/tests/lib) in its
# position-independent form, and linked twice, at two addresses: identical
# images prove no absolute address crept in (Xen loads dom0 elsewhere).

BENCH_OUT  := $(BUILD)/bench
BENCH_SRCS := \
	$(GUEST_RUNTIME_SRCS) \
	bench/guest/loops.S \
	bench/guest/microbench.c
BENCH_OBJS := $(patsubst %,$(BENCH_OUT)/obj/%.o,$(basename $(BENCH_SRCS)))
# -fno-tree-switch-conversion: GCC turns a switch that returns strings into
# a table of absolute pointers (CSWTCH), which the check below refuses.
BENCH_CFLAGS := $(GUEST_CFLAGS) -DGUEST_POSITION_INDEPENDENT \
	-fno-tree-switch-conversion
# A second link address for the position-independence check.
BENCH_MOVED_ADDR := 0x48000000

$(BENCH_OUT)/obj/%.o: %.c bench/bench.mk
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(BENCH_CFLAGS) -c -o $@ $<

$(BENCH_OUT)/obj/%.o: %.S bench/bench.mk
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(BENCH_CFLAGS) -c -o $@ $<

$(BENCH_OUT)/microbench.elf: $(BENCH_OBJS) $(GUEST_LDS)
	$(GUEST_CC) $(BENCH_CFLAGS) $(GUEST_LDFLAGS) -Wl,-Map=$(BENCH_OUT)/microbench.map \
		-o $@ $(BENCH_OBJS) -lgcc

$(BENCH_OUT)/microbench-moved.elf: $(BENCH_OBJS) $(GUEST_LDS)
	$(GUEST_CC) $(BENCH_CFLAGS) $(GUEST_LDFLAGS) \
		-Wl,--defsym=GUEST_LOAD_ADDR=$(BENCH_MOVED_ADDR) -o $@ $(BENCH_OBJS) -lgcc

$(BENCH_OUT)/microbench.bin: $(BENCH_OUT)/microbench.elf $(BENCH_OUT)/microbench-moved.elf
	$(GUEST_OBJCOPY) -O binary $(BENCH_OUT)/microbench-moved.elf $@.moved
	$(GUEST_OBJCOPY) -O binary $< $@.tmp
	@cmp -s $@.tmp $@.moved || { echo "$@: the benchmark guest is not" \
		"position-independent (linked at two addresses, the images" \
		"differ: an absolute address, e.g. a pointer in initialised data)"; \
		rm -f $@.tmp $@.moved; exit 1; }
	@rm -f $@.moved
	mv $@.tmp $@

$(BENCH_OUT)/microbench.dtb: bench/guest/microbench.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -o $@ $<

$(BENCH_OUT)/microbench.img: bench/microbench.dts $(HYP_BIN) $(TOOLS_PACK) \
		$(BENCH_OUT)/microbench.bin $(BENCH_OUT)/microbench.dtb
	$(TOOLS_PACK) --hypervisor $(HYP_BIN) -I $(BENCH_OUT) -o $@ $<

$(BENCH_OUT)/rtos-bench.img: bench/rtos-bench.dts $(HYP_BIN) $(TOOLS_PACK) \
		$(RTOS_IMAGES)
	@mkdir -p $(dir $@)
	$(TOOLS_PACK) --hypervisor $(HYP_BIN) -I $(RTOS_OUT) -o $@ $<

# The same beside a Linux on its CPU (docs/scheduling.md).
$(BENCH_OUT)/rtos-shared.img: bench/rtos-shared.dts $(HYP_BIN) $(TOOLS_PACK) \
		$(RTOS_IMAGES) $(LINUX_IMAGES)
	@mkdir -p $(dir $@)
	$(TOOLS_PACK) --hypervisor $(HYP_BIN) -I $(RTOS_OUT) -I $(LINUX_OUT) \
		-I $(LINUX_DEBIAN) -o $@ $<

# The channel benchmark: two channel test guests (ping, pong).
$(BENCH_OUT)/channel.img: bench/channel.dts $(HYP_BIN) $(TOOLS_PACK) \
		$(GUEST_OUT)/channel.bin $(GUEST_DTBS)
	@mkdir -p $(dir $@)
	$(TOOLS_PACK) --hypervisor $(HYP_BIN) -I $(GUEST_OUT) -o $@ $<

$(BENCH_OUT)/channel-shared.img: bench/channel-shared.dts $(HYP_BIN) $(TOOLS_PACK) \
		$(GUEST_OUT)/channel.bin $(GUEST_DTBS)
	@mkdir -p $(dir $@)
	$(TOOLS_PACK) --hypervisor $(HYP_BIN) -I $(GUEST_OUT) -o $@ $<

# The benchmark guest in shikiri on each SoC board (bench/run.py --only
# boards): bench/microbench.dts moved onto the board's memory map by
# tests/system/boards.py, the same guest and hypervisor.
BENCH_BOARDS := imx8mp-evk zcu102
$(BENCH_OUT)/%/microbench.dts: bench/microbench.dts tests/system/boards.py
	@mkdir -p $(dir $@)
	$(PYTHON) tests/system/boards.py dts $* $< > $@.tmp && mv $@.tmp $@

$(BENCH_OUT)/%/microbench.img: $(BENCH_OUT)/%/microbench.dts $(HYP_BIN) \
		$(TOOLS_PACK) $(BENCH_OUT)/microbench.bin $(BENCH_OUT)/microbench.dtb
	$(TOOLS_PACK) --hypervisor $(HYP_BIN) -I $(BENCH_OUT) -o $@ $<

.SECONDARY: $(patsubst %,$(BENCH_OUT)/%/microbench.dts,$(BENCH_BOARDS))

-include $(BENCH_OBJS:.o=.d)

ALL_TARGETS += $(BENCH_OUT)/microbench.bin $(BENCH_OUT)/microbench.img \
	$(BENCH_OUT)/rtos-bench.img $(BENCH_OUT)/rtos-shared.img \
	$(BENCH_OUT)/channel.img $(BENCH_OUT)/channel-shared.img \
	$(patsubst %,$(BENCH_OUT)/%/microbench.img,$(BENCH_BOARDS))

# Xen for the third column: fetched on demand, like the Debian kernel.
BENCH_XEN := $(LINUX_DEBIAN)/xen
$(BENCH_XEN):
	BUILD=$(BUILD) scripts/fetch-debian.sh --xen

BENCH_ARGS ?=

.PHONY: bench
bench: deps
	@$(MAKE) --no-print-directory build $(BENCH_XEN) \
		$(BUILD)/hypervisor-modules/shikiri.elf
	$(PYTHON) bench/run.py --build $(BUILD) $(BENCH_ARGS)

# What each part of the hypervisor costs: code lines and .text per module
# (bench/size.py; the same table closes `make bench`, docs/performance.md).
.PHONY: size
size: $(BUILD)/hypervisor/shikiri.elf $(BUILD)/hypervisor-modules/shikiri.elf
	$(PYTHON) bench/size.py --build $(BUILD)
