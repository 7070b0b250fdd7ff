/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 descriptor attributes for what partitions map: RAM regions,
 * channel memory, pass-through devices (Arm ARM D8.5, stage 2 MemAttr and
 * S2AP). No system registers: host unit tests check mappings with these.
 */
#include "arch/stage2.h"

#include "core/config_format.h"

uint64_t stage2_ram_attrs(uint32_t access)
{
	uint64_t a = PT_S2_MEMATTR_NORMAL_WB | PT_DESC_SH_INNER;

	if ((access & SK_ACCESS_READ) != 0)
		a |= PT_S2_AP_READ;
	if ((access & SK_ACCESS_WRITE) != 0)
		a |= PT_S2_AP_WRITE;
	if ((access & SK_ACCESS_EXEC) == 0)
		a |= PT_DESC_XN;
	return a;
}

/*
 * Channel memory is non-cacheable at stage 2, and the stricter of the two
 * stages wins (Arm ARM D8.5.6): however each side maps it at stage 1 (Linux
 * maps a PCI BAR Device or write-combining, the RTOS cacheable), neither
 * holds it in a cache the other cannot see.
 */
uint64_t stage2_channel_attrs(uint32_t rights)
{
	uint64_t a = PT_S2_MEMATTR_NORMAL_NC | PT_DESC_SH_INNER | PT_DESC_XN;

	if ((rights & SK_RIGHT_READ) != 0)
		a |= PT_S2_AP_READ;
	if ((rights & SK_RIGHT_WRITE) != 0)
		a |= PT_S2_AP_WRITE;
	return a;
}

uint64_t stage2_device_attrs(void)
{
	return PT_S2_MEMATTR_DEVICE_nGnRE | PT_S2_AP_READ | PT_S2_AP_WRITE |
	       PT_DESC_XN;
}
