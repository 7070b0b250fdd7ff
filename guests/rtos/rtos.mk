# The RTOS (issue 6): guests/rtos, one arm64 Image that runs bare on QEMU
# and in a shikiri partition.
#
#   $(BUILD)/rtos/rtos.bin   Image linked at 0x40200000 (text_offset 2 MiB:
#                            where QEMU's loader and the shikiri config put it)
#   $(BUILD)/rtos/rtos.dtb   its device tree inside shikiri (console=shikiri);
#                            rtos-selftest.dtb and rtos-bench.dtb pick those apps
#
# Built on the test guests' runtime (start-up, vectors, GIC, console).

RTOS_OUT := $(BUILD)/rtos
RTOS_SRCS := \
	$(GUEST_RUNTIME_SRCS) \
	$(wildcard guests/rtos/kernel/*.c) \
	guests/rtos/arch/arm64/arch.c \
	guests/rtos/arch/arm64/switch.S \
	guests/rtos/arch/arm64/channel.c \
	guests/rtos/main.c \
	guests/rtos/apps/demo.c \
	guests/rtos/apps/selftest.c \
	guests/rtos/apps/bench.c
RTOS_OBJS := $(patsubst %,$(RTOS_OUT)/obj/%.o,$(basename $(RTOS_SRCS)))
RTOS_CFLAGS := $(GUEST_CFLAGS) -Iguests/rtos -Iguests/rtos/include
RTOS_LOAD := -Wl,--defsym=GUEST_LOAD_ADDR=0x40200000 \
	-Wl,--defsym=GUEST_TEXT_OFFSET=0x200000

$(RTOS_OUT)/obj/%.o: %.c guests/rtos/rtos.mk
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(RTOS_CFLAGS) -c -o $@ $<

$(RTOS_OUT)/obj/%.o: %.S guests/rtos/rtos.mk
	@mkdir -p $(dir $@)
	$(GUEST_CC) $(RTOS_CFLAGS) -c -o $@ $<

$(RTOS_OUT)/rtos.elf: $(RTOS_OBJS) $(GUEST_LDS)
	$(GUEST_CC) $(RTOS_CFLAGS) $(GUEST_LDFLAGS) $(RTOS_LOAD) \
		-Wl,-Map=$(RTOS_OUT)/rtos.map -o $@ $(RTOS_OBJS) -lgcc

$(RTOS_OUT)/rtos.bin: $(RTOS_OUT)/rtos.elf
	$(GUEST_OBJCOPY) -O binary $< $@

$(RTOS_OUT)/rtos.dtb: guests/rtos/rtos.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -o $@ $<

$(RTOS_OUT)/rtos-%.dtb: guests/rtos/rtos-%.dts
	@mkdir -p $(dir $@)
	$(DTC) -q -I dts -O dtb -o $@ $<

-include $(RTOS_OBJS:.o=.d)

RTOS_IMAGES := $(RTOS_OUT)/rtos.bin $(RTOS_OUT)/rtos.dtb \
	$(RTOS_OUT)/rtos-selftest.dtb $(RTOS_OUT)/rtos-bench.dtb
ALL_TARGETS += $(RTOS_IMAGES)
