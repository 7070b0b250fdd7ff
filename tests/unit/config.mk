# System configuration: validator, parser, CRC, packer (tools/, docs/configuration.md).
# test_config_parse and test_package run dtc at test time.
$(eval $(call unit_test,test_crc32,hypervisor/lib/crc32.c))
$(eval $(call unit_test,test_config_check,hypervisor/core/config_check.c hypervisor/lib/fmt.c hypervisor/lib/string.c))
$(eval $(call unit_test,test_config_parse,$(filter-out tools/pack_cli.c,$(TOOLS_PACK_LIB_SRCS))))
$(eval $(call unit_test,test_package,$(TOOLS_PACK_LIB_SRCS)))
