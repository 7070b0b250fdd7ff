# Freestanding library routines: formatted print (hypervisor/lib/fmt.c) and
# strings/memory (hypervisor/lib/string.c).
$(eval $(call unit_test,test_fmt,hypervisor/lib/fmt.c))
$(eval $(call unit_test,test_string,hypervisor/lib/string.c))
$(eval $(call unit_test,test_nospec,))
