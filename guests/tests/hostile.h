/* SPDX-License-Identifier: MIT */
/*
 * The hostile guest (guests/tests/hostile*.c): attacks the hypervisor and
 * its neighbours from a partition of two vCPUs, one attack at a time, and
 * reports each outcome on its console as
 *
 *   attack <name>: contained (<what happened>)
 *   attack <name>: NOT contained (<what went wrong>)
 *
 * or, for what the hypervisor must trap and emulate (debug, PMU, set/way
 * cache maintenance: the access must reach the hypervisor, not the
 * hardware), "trapped" / "NOT trapped",
 * followed by "hypervisor answers: ABI <maj>.<min>" (or "hypervisor silent")
 * after every attack. The system test (tests/system/test_hostile.py) reads
 * these lines and watches the victims' heartbeats meanwhile.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stdint.h>

/* The partition's own memory and what the test configuration puts around
 * it (configs/tests/hostile.dts). */
#define HOSTILE_RAM_SIZE   0x01000000ul
#define HOSTILE_VCPUS      2u
#define VICTIM_RAM_PHYS    0x43000000ul /* the victim's RAM, physical */
#define VICTIM_RTC_PHYS    0x09010000ul /* the victim's pass-through PL031 */

/* One report line per attack; returns contained. */
bool hostile_report(const char *name, bool contained, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for an attack the hypervisor must trap: "trapped". */
bool hostile_report_trapped(const char *name, bool trapped, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The attacks, each in the file that suits it. */
bool hostile_attack_gic_distributor(void);   /* hostile_gic.c */
bool hostile_attack_gic_redistributor(void);
bool hostile_attack_sgis(void);
bool hostile_gic_restore(void);
bool hostile_attack_el2_el3_registers(void); /* hostile_cpu.c */
bool hostile_attack_set_way(void);
bool hostile_attack_cache_by_address(void);
bool hostile_attack_debug(void);
bool hostile_attack_pmu(void);

#endif /* HOSTILE_H */
