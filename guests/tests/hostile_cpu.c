// SPDX-License-Identifier: MIT
/*
 * hostile: attacks through the CPU itself — registers of higher exception
 * levels, cache maintenance, the debug and performance-monitor units.
 */
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "guest_time.h"
#include "hostile.h"
#include "lib/array.h"
#include "shikiri/hypercall.h"
#include "try.h"

/* ---- EL2 / EL3 system registers ------------------------------------------ */

/*
 * From EL1 these are UNDEFINED by the architecture (Arm ARM D1.4: a
 * register of a higher EL is not accessible) or trapped by shikiri and
 * answered UNDEFINED (ACTLR_EL1 via HCR_EL2.TACR, the IMPLEMENTATION
 * DEFINED encodings op0 3, CRn 11 and 15 via HCR_EL2.TIDCP: a Cortex-A53's
 * CPUACTLR_EL1, CPUECTLR_EL1 and L2CTLR_EL1 steer the physical core and
 * its cache, which every partition on it shares; Arm ARM D13.2.46, the
 * Cortex-A53 TRM 4.3). Either way the guest must take exactly one
 * exception with EC 0 (unknown reason) and nothing may change. (QEMU 7.2
 * did not implement the TIDCP trap; QEMU 10 does.)
 */
#define DEFINE_READ(fn, reg) \
	static void fn(uint64_t a) \
	{ \
		uint64_t v; \
		(void)a; \
		__asm__ volatile("mrs %0, " reg : "=r"(v) : : "memory"); \
		(void)v; \
	}
#define DEFINE_WRITE(fn, reg) \
	static void fn(uint64_t a) \
	{ \
		__asm__ volatile("msr " reg ", %0" : : "r"(a) : "memory"); \
	}
#define DEFINE_SYS(fn, insn) \
	static void fn(uint64_t a) \
	{ \
		__asm__ volatile(insn : : "r"(a) : "memory"); \
	}

DEFINE_READ(rd_hcr_el2, "hcr_el2")
DEFINE_READ(rd_vttbr_el2, "vttbr_el2")
DEFINE_READ(rd_vbar_el2, "vbar_el2")
DEFINE_READ(rd_sctlr_el2, "sctlr_el2")
DEFINE_READ(rd_ttbr0_el2, "ttbr0_el2")
DEFINE_READ(rd_elr_el2, "elr_el2")
DEFINE_READ(rd_esr_el2, "esr_el2")
DEFINE_READ(rd_hpfar_el2, "hpfar_el2")
DEFINE_READ(rd_mdcr_el2, "mdcr_el2")
DEFINE_READ(rd_cptr_el2, "cptr_el2")
DEFINE_READ(rd_cnthctl_el2, "cnthctl_el2")
DEFINE_READ(rd_cntvoff_el2, "cntvoff_el2")
DEFINE_READ(rd_vmpidr_el2, "vmpidr_el2")
DEFINE_READ(rd_ich_hcr_el2, "s3_4_c12_c11_0")
DEFINE_READ(rd_ich_lr0_el2, "s3_4_c12_c12_0")
DEFINE_READ(rd_icc_sre_el2, "s3_4_c12_c9_5")
DEFINE_READ(rd_scr_el3, "scr_el3")
DEFINE_READ(rd_sctlr_el3, "sctlr_el3")
DEFINE_READ(rd_vbar_el3, "vbar_el3")
DEFINE_READ(rd_mdcr_el3, "mdcr_el3")
DEFINE_READ(rd_sp_el1, "sp_el1")
DEFINE_READ(rd_actlr_el1, "actlr_el1")
DEFINE_READ(rd_cpuactlr_el1, "s3_1_c15_c2_0")
DEFINE_READ(rd_cpuectlr_el1, "s3_1_c15_c2_1")
DEFINE_READ(rd_l2ctlr_el1, "s3_1_c11_c0_2")
DEFINE_WRITE(wr_hcr_el2, "hcr_el2")
DEFINE_WRITE(wr_vttbr_el2, "vttbr_el2")
DEFINE_WRITE(wr_vbar_el2, "vbar_el2")
DEFINE_WRITE(wr_sctlr_el2, "sctlr_el2")
DEFINE_WRITE(wr_mdcr_el2, "mdcr_el2")
DEFINE_WRITE(wr_cnthctl_el2, "cnthctl_el2")
DEFINE_WRITE(wr_cntvoff_el2, "cntvoff_el2")
DEFINE_WRITE(wr_ich_hcr_el2, "s3_4_c12_c11_0")
DEFINE_WRITE(wr_ich_lr0_el2, "s3_4_c12_c12_0")
DEFINE_WRITE(wr_icc_sre_el2, "s3_4_c12_c9_5")
DEFINE_WRITE(wr_scr_el3, "scr_el3")
DEFINE_WRITE(wr_sctlr_el3, "sctlr_el3")
DEFINE_WRITE(wr_actlr_el1, "actlr_el1")
DEFINE_WRITE(wr_cpuactlr_el1, "s3_1_c15_c2_0")
DEFINE_WRITE(wr_cpuectlr_el1, "s3_1_c15_c2_1")
DEFINE_SYS(tlbi_alle2, "tlbi alle2")
DEFINE_SYS(tlbi_alle1, "tlbi alle1")
DEFINE_SYS(tlbi_vmalls12e1, "tlbi vmalls12e1")
DEFINE_SYS(tlbi_alle3, "tlbi alle3")
DEFINE_SYS(at_s1e2r, "at s1e2r, %0")
DEFINE_SYS(at_s12e1r, "at s12e1r, %0")
DEFINE_SYS(at_s1e3r, "at s1e3r, %0")

bool hostile_attack_el2_el3_registers(void)
{
	static const struct {
		const char *name;
		void (*op)(uint64_t);
	} tries[] = {
		{ "read HCR_EL2", rd_hcr_el2 }, { "read VTTBR_EL2", rd_vttbr_el2 },
		{ "read VBAR_EL2", rd_vbar_el2 }, { "read SCTLR_EL2", rd_sctlr_el2 },
		{ "read TTBR0_EL2", rd_ttbr0_el2 }, { "read ELR_EL2", rd_elr_el2 },
		{ "read ESR_EL2", rd_esr_el2 }, { "read HPFAR_EL2", rd_hpfar_el2 },
		{ "read MDCR_EL2", rd_mdcr_el2 }, { "read CPTR_EL2", rd_cptr_el2 },
		{ "read CNTHCTL_EL2", rd_cnthctl_el2 },
		{ "read CNTVOFF_EL2", rd_cntvoff_el2 },
		{ "read VMPIDR_EL2", rd_vmpidr_el2 },
		{ "read ICH_HCR_EL2", rd_ich_hcr_el2 },
		{ "read ICH_LR0_EL2", rd_ich_lr0_el2 },
		{ "read ICC_SRE_EL2", rd_icc_sre_el2 },
		{ "read SCR_EL3", rd_scr_el3 }, { "read SCTLR_EL3", rd_sctlr_el3 },
		{ "read VBAR_EL3", rd_vbar_el3 }, { "read MDCR_EL3", rd_mdcr_el3 },
		{ "read SP_EL1", rd_sp_el1 }, { "read ACTLR_EL1", rd_actlr_el1 },
		{ "write HCR_EL2", wr_hcr_el2 }, { "write VTTBR_EL2", wr_vttbr_el2 },
		{ "write VBAR_EL2", wr_vbar_el2 }, { "write SCTLR_EL2", wr_sctlr_el2 },
		{ "write MDCR_EL2", wr_mdcr_el2 },
		{ "write CNTHCTL_EL2", wr_cnthctl_el2 },
		{ "write CNTVOFF_EL2", wr_cntvoff_el2 },
		{ "write ICH_HCR_EL2", wr_ich_hcr_el2 },
		{ "write ICH_LR0_EL2", wr_ich_lr0_el2 },
		{ "write ICC_SRE_EL2", wr_icc_sre_el2 },
		{ "write SCR_EL3", wr_scr_el3 }, { "write SCTLR_EL3", wr_sctlr_el3 },
		{ "write ACTLR_EL1", wr_actlr_el1 },
		{ "read CPUACTLR_EL1", rd_cpuactlr_el1 },
		{ "read CPUECTLR_EL1", rd_cpuectlr_el1 },
		{ "read L2CTLR_EL1", rd_l2ctlr_el1 },
		{ "write CPUACTLR_EL1", wr_cpuactlr_el1 },
		{ "write CPUECTLR_EL1", wr_cpuectlr_el1 },
		{ "TLBI ALLE2", tlbi_alle2 }, { "TLBI ALLE1", tlbi_alle1 },
		{ "TLBI VMALLS12E1", tlbi_vmalls12e1 }, { "TLBI ALLE3", tlbi_alle3 },
		{ "AT S1E2R", at_s1e2r }, { "AT S12E1R", at_s12e1r },
		{ "AT S1E3R", at_s1e3r },
	};
	uint32_t undefined = 0;
	uint32_t total = ARRAY_SIZE(tries);

	for (uint32_t i = 0; i < total; i++) {
		struct guest_try t;

		/* Zero: the most damaging value for most of these registers. */
		if (guest_try(tries[i].op, 0, &t) == 1u &&
		    guest_esr_ec(t.esr) == GUEST_EC_UNKNOWN) {
			undefined++;
			continue;
		}
		guest_printf("sysreg: %s: %u exceptions, ESR 0x%lx\n",
			     tries[i].name, t.count, t.esr);
	}
	return hostile_report("el2-el3-registers", undefined == total,
			      "%u/%u accesses and operations of EL2/EL3 (and "
			      "trapped EL1) registers UNDEFINED", undefined, total);
}

/* ---- cache maintenance ---------------------------------------------------- */

/* CLIDR_EL1 / CCSIDR_EL1 fields (Arm ARM D17.2.26, D17.2.24). */
#define CLIDR_CTYPE_BITS   3u
#define CLIDR_LEVELS       7u
#define CTYPE_DATA_OR_UNIFIED 2u
#define CCSIDR_LINE_MASK   7u
#define CCSIDR_LINE_BIAS   4u
#define CCSIDR_ASSOC_SHIFT 3u
#define CCSIDR_ASSOC_MASK  0x3ffu
#define CCSIDR_SETS_SHIFT  13u
#define CCSIDR_SETS_MASK   0x7fffu

static uint32_t log2_ceil(uint32_t n)
{
	uint32_t l = 0;

	while ((1u << l) < n)
		l++;
	return l;
}

static void op_dc_isw(uint64_t sw)  { __asm__ volatile("dc isw, %0" : : "r"(sw) : "memory"); }
static void op_dc_csw(uint64_t sw)  { __asm__ volatile("dc csw, %0" : : "r"(sw) : "memory"); }
static void op_dc_cisw(uint64_t sw) { __asm__ volatile("dc cisw, %0" : : "r"(sw) : "memory"); }

/*
 * DC ISW invalidates without cleaning: on a shared cache it could throw
 * away other partitions' (or the hypervisor's) dirty lines, and any of the
 * three cleans or flushes whole levels shared with a real-time partition.
 * shikiri traps them (HCR_EL2.TSW) and emulates them on the partition's
 * own memory only: every one of them must be a system-register exit the
 * hypervisor counted, and none an exception. Every set and way of every
 * level, all three kinds.
 */
bool hostile_attack_set_way(void)
{
	void (*const ops[])(uint64_t) = { op_dc_isw, op_dc_csw, op_dc_cisw };
	uint64_t clidr;
	uint32_t done = 0;
	uint32_t exceptions = 0;
	uint64_t trapped = guest_sysreg_exits();
	uint64_t start = guest_counter();

	__asm__ volatile("mrs %0, clidr_el1" : "=r"(clidr));
	guest_try_begin();
	for (uint32_t level = 0; level < CLIDR_LEVELS; level++) {
		uint32_t ctype = (uint32_t)(clidr >> (CLIDR_CTYPE_BITS * level)) & 7u;
		uint64_t ccsidr;
		uint32_t line, ways, sets, way_shift;

		if (ctype < CTYPE_DATA_OR_UNIFIED)
			continue;
		__asm__ volatile("msr csselr_el1, %0\n\tisb\n\tmrs %1, ccsidr_el1"
				 : "=&r"(ccsidr) : "r"((uint64_t)level << 1) : "memory");
		__asm__ volatile("" : "=r"(ccsidr) : "0"(ccsidr));
		line = ((uint32_t)ccsidr & CCSIDR_LINE_MASK) + CCSIDR_LINE_BIAS;
		ways = (((uint32_t)ccsidr >> CCSIDR_ASSOC_SHIFT) & CCSIDR_ASSOC_MASK) + 1u;
		sets = (((uint32_t)ccsidr >> CCSIDR_SETS_SHIFT) & CCSIDR_SETS_MASK) + 1u;
		way_shift = 32u - log2_ceil(ways);
		for (uint32_t w = 0; w < ways; w++)
			for (uint32_t s = 0; s < sets; s++)
				for (uint32_t o = 0; o < 3u; o++) {
					ops[o](((uint64_t)w << (way_shift & 31u)) |
					       ((uint64_t)s << line) | ((uint64_t)level << 1));
					done++;
				}
	}
	exceptions = guest_try_end(NULL);
	start = guest_ticks_to_ns(guest_counter() - start) / 1000u;
	trapped = guest_sysreg_exits() - trapped;
	return hostile_report_trapped("set-way",
				      exceptions == 0u && done > 0u && trapped >= done,
				      "%u DC ISW/CSW/CISW over every set and way in "
				      "%lu us, %lu emulated, %u exceptions", done,
				      start, trapped, exceptions);
}

static void op_dc_ivac(uint64_t a)  { __asm__ volatile("dc ivac, %0" : : "r"(a) : "memory"); }
static void op_dc_civac(uint64_t a) { __asm__ volatile("dc civac, %0" : : "r"(a) : "memory"); }
static void op_dc_cvac(uint64_t a)  { __asm__ volatile("dc cvac, %0" : : "r"(a) : "memory"); }
static void op_dc_zva(uint64_t a)   { __asm__ volatile("dc zva, %0" : : "r"(a) : "memory"); }
static void op_ic_ivau(uint64_t a)  { __asm__ volatile("ic ivau, %0" : : "r"(a) : "memory"); }

/*
 * Maintenance by address of memory it does not have: the invalidate could
 * destroy the victim's data, DC ZVA would zero it. Each must fault (or be
 * ignored); afterwards the victim's memory is untouched, which the victim's
 * unbroken heartbeat shows.
 */
bool hostile_attack_cache_by_address(void)
{
	static const uint64_t addrs[] = { VICTIM_RAM_PHYS, VICTIM_RAM_PHYS + 0x1000ul,
					  0x100000000ul };
	void (*const ops[])(uint64_t) = { op_dc_ivac, op_dc_civac, op_dc_cvac,
					  op_dc_zva, op_ic_ivau };
	uint32_t faulted = 0;
	uint32_t ignored = 0;
	uint32_t total = 0;
	bool ok = true;

	for (uint32_t i = 0; i < ARRAY_SIZE(addrs); i++)
		for (uint32_t o = 0; o < ARRAY_SIZE(ops); o++) {
			struct guest_try t;
			uint32_t n = guest_try(ops[o], addrs[i], &t);
			uint32_t ec = guest_esr_ec(t.esr);

			total++;
			if (n == 0u) {
				ignored++;
			} else if (n == 1u && ec == GUEST_EC_DABT_CUR) {
				faulted++;
			} else {
				ok = false;
				guest_printf("cache: op %u at 0x%lx: %u exceptions, "
					     "ESR 0x%lx\n", o, addrs[i], n, t.esr);
			}
		}
	return hostile_report("cache-by-address", ok,
			      "%u DC IVAC/CIVAC/CVAC/ZVA and IC IVAU outside "
			      "its memory: %u aborted, %u had no effect",
			      total, faulted, ignored);
}

/* ---- debug ------------------------------------------------------------------ */

/* ID_AA64DFR0_EL1 (D17.2.59), DBGBCR/DBGWCR (D17.3.2, D17.3.11), MDSCR_EL1. */
#define DFR0_BRPS_SHIFT  12u
#define DFR0_WRPS_SHIFT  20u
#define DFR0_FIELD_MASK  0xfu
#define DBG_MAX_BPS      6u
#define DBG_MAX_WPS      4u
#define DBGBCR_ALL_ELS   (1u | (3u << 1) | (0xfu << 5) | (1u << 13) | (3u << 14))
#define DBGBCR_EL1_ONLY  (1u | (1u << 1) | (0xfu << 5)) /* E, PMC EL1, BAS */
#define DBGWCR_ALL_ELS   (1u | (3u << 1) | (3u << 3) | (0xffu << 5) | \
			  (1u << 13) | (3u << 14))
#define DBGWCR_MASK_1GIB (30u << 24)
#define MDSCR_KDE        (1u << 13)
#define MDSCR_MDE        (1u << 15)
#define HYP_TEXT_GUESS   0x40200000ul /* where QEMU loads the hypervisor */
#define HYP_DATA_GUESS   0x40000000ul
#define DEBUG_ROUNDS     100u

#define DBG_PAIR(n) \
	case n: \
		__asm__ volatile("msr dbgbvr" #n "_el1, %0\n\tmsr dbgbcr" #n "_el1, %1" \
				 : : "r"(addr), "r"(ctl)); \
		break;
static void set_breakpoint(uint32_t n, uint64_t addr, uint64_t ctl)
{
	switch (n) {
	DBG_PAIR(0) DBG_PAIR(1) DBG_PAIR(2) DBG_PAIR(3) DBG_PAIR(4) DBG_PAIR(5)
	default:
		break;
	}
}
#undef DBG_PAIR

#define DBG_PAIR(n) \
	case n: \
		__asm__ volatile("msr dbgwvr" #n "_el1, %0\n\tmsr dbgwcr" #n "_el1, %1" \
				 : : "r"(addr), "r"(ctl)); \
		break;
static void set_watchpoint(uint32_t n, uint64_t addr, uint64_t ctl)
{
	switch (n) {
	DBG_PAIR(0) DBG_PAIR(1) DBG_PAIR(2) DBG_PAIR(3)
	default:
		break;
	}
}
#undef DBG_PAIR

/* Work that runs hypervisor code: hypercalls, trapped GIC reads, a fault. */
static uint32_t hypervisor_workout(void)
{
	uint32_t answered = 0;

	for (uint32_t i = 0; i < DEBUG_ROUNDS; i++) {
		answered += sk_hvc(SK_HC_ABI_VERSION, 0, 0, 0).status == SK_OK ? 1u : 0u;
		(void)guest_mmio_read32(GIC_GICD_BASE);
	}
	(void)guest_fault_storm(VICTIM_RAM_PHYS, 1);
	return answered;
}

/* What the guest reads back of the debug registers it wrote. */
static uint64_t debug_readback(void)
{
	uint64_t bvr, bcr, wvr, wcr, mdscr;

	__asm__ volatile("mrs %0, dbgbvr0_el1\n\tmrs %1, dbgbcr0_el1\n\t"
			 "mrs %2, dbgwvr0_el1\n\tmrs %3, dbgwcr0_el1\n\t"
			 "mrs %4, mdscr_el1"
			 : "=r"(bvr), "=r"(bcr), "=r"(wvr), "=r"(wcr), "=r"(mdscr));
	return bvr | bcr | wvr | wcr | mdscr;
}

/* The target of an EL1 breakpoint: one instruction, then return. A
 * breakpoint exception there is counted by guest_try and skips it. */
__attribute__((noinline, aligned(16))) static void debug_target(void)
{
	__asm__ volatile("nop" : : : "memory");
}

/*
 * A breakpoint the guest could use on itself: EL1, kernel debug enabled,
 * PSTATE.D clear, then the breakpointed code runs. On the hardware it
 * fires (one exception); trapped, the write went nowhere and nothing
 * fires.
 */
static void debug_el1_breakpoint(uint64_t unused)
{
	(void)unused;
	set_breakpoint(0, (uint64_t)(uintptr_t)debug_target, DBGBCR_EL1_ONLY);
	__asm__ volatile("msr mdscr_el1, %0\n\tisb\n\tmsr daifclr, #8\n\tisb"
			 : : "r"((uint64_t)(MDSCR_MDE | MDSCR_KDE)));
	debug_target();
	__asm__ volatile("msr daifset, #8\n\tmsr mdscr_el1, xzr\n\tisb");
	set_breakpoint(0, 0, 0);
}

/*
 * Breakpoints on the hypervisor's likely code, watchpoints over 1 GiB of
 * its likely data, all with HMC=1/SSC=0b11 ("match at EL2 too") and
 * monitor debug on, then a breakpoint on its own EL1 code. The debug
 * registers are this CPU's, and on a shared CPU another partition's: they
 * must trap (MDCR_EL2.TDA/TDOSA/TDRA) and read as zero, every access an
 * emulated system-register exit, and no breakpoint may fire. The hypervisor
 * answers all the while. (Even untrapped, EL2 could not be stopped: with
 * MDCR_EL2.TDE clear the debug target is EL1, and no debug exception is
 * taken from an EL above its target, Arm ARM D2.4.)
 */
bool hostile_attack_debug(void)
{
	uint64_t dfr0, readback;
	uint64_t trapped = guest_sysreg_exits();
	uint32_t bps, wps, answered, exceptions, fired;

	__asm__ volatile("mrs %0, id_aa64dfr0_el1" : "=r"(dfr0));
	bps = ((uint32_t)(dfr0 >> DFR0_BRPS_SHIFT) & DFR0_FIELD_MASK) + 1u;
	wps = ((uint32_t)(dfr0 >> DFR0_WRPS_SHIFT) & DFR0_FIELD_MASK) + 1u;
	bps = bps > DBG_MAX_BPS ? DBG_MAX_BPS : bps;
	wps = wps > DBG_MAX_WPS ? DBG_MAX_WPS : wps;

	guest_try_begin();
	__asm__ volatile("msr oslar_el1, xzr\n\tisb"); /* OS lock off */
	for (uint32_t n = 0; n < bps; n++)
		set_breakpoint(n, HYP_TEXT_GUESS + n * 0x400ul, DBGBCR_ALL_ELS);
	for (uint32_t n = 0; n < wps; n++)
		set_watchpoint(n, HYP_DATA_GUESS, DBGWCR_ALL_ELS | DBGWCR_MASK_1GIB);
	__asm__ volatile("msr mdscr_el1, %0\n\tisb" : : "r"((uint64_t)MDSCR_MDE));
	readback = debug_readback();
	answered = hypervisor_workout();
	__asm__ volatile("msr mdscr_el1, xzr\n\tisb");
	for (uint32_t n = 0; n < bps; n++)
		set_breakpoint(n, 0, 0);
	for (uint32_t n = 0; n < wps; n++)
		set_watchpoint(n, 0, 0);
	exceptions = guest_try_end(NULL);
	fired = guest_try(debug_el1_breakpoint, 0, NULL);
	trapped = guest_sysreg_exits() - trapped;
	/* One exception: the fault of the workout; more came from debug. At
	 * least the register writes and reads above were emulated. */
	return hostile_report_trapped("debug",
				      answered == DEBUG_ROUNDS && exceptions == 1u &&
				      fired == 0u && readback == 0u &&
				      trapped >= 2u * (bps + wps) + 5u,
				      "%u breakpoints + %u watchpoints on EL2, one on "
				      "EL1: read back 0x%lx, %u fired, %lu emulated, "
				      "%u/%u hypercalls answered", bps, wps,
				      readback, fired, trapped, answered,
				      DEBUG_ROUNDS);
}

/* ---- PMU -------------------------------------------------------------------- */

/* PMCR_EL0 (D17.5.7), PMCCFILTR_EL0 NSH (D17.5.3), PMEVTYPER event. */
#define PMCR_E            (1u << 0)
#define PMCR_P            (1u << 1)
#define PMCR_C            (1u << 2)
#define PMCR_N_SHIFT      11u
#define PMCR_N_MASK       0x1fu
#define PMU_CYCLE_BIT     (1u << 31)
#define PMU_FILTER_NSH    (1u << 27) /* count at EL2 as well */
#define PMU_EVENT_CYCLES  0x11u
#define PMUSERENR_ALL     0xfu       /* EN, SW, CR, ER: EL0 may use it all */
#define PMU_PRESET        0x1000u    /* written to PMCCNTR_EL0 */

static uint64_t pmu_cycles(void)
{
	uint64_t c;

	__asm__ volatile("isb\n\tmrs %0, pmccntr_el0" : "=r"(c));
	return c;
}

/* What the guest reads back of the PMU controls it wrote. */
static uint64_t pmu_readback(void)
{
	uint64_t pmcr, en, filt, user;

	__asm__ volatile("mrs %0, pmcr_el0\n\tmrs %1, pmcntenset_el0\n\t"
			 "mrs %2, pmccfiltr_el0\n\tmrs %3, pmuserenr_el0"
			 : "=r"(pmcr), "=r"(en), "=r"(filt), "=r"(user));
	return (pmcr & (PMCR_E | PMCR_C)) | en | filt | user;
}

/*
 * Every counter on, counting at EL2 too, EL0 access opened, the cycle
 * counter preset, overflow interrupts enabled and set pending. The PMU is
 * this CPU's (and on a shared CPU the other partitions' too): it must
 * trap (MDCR_EL2.TPM/TPMCR) and read as zero — the controls read back 0,
 * the cycle counter does not count while the hypervisor works, every
 * access is an emulated system-register exit. Then everything off again.
 */
bool hostile_attack_pmu(void)
{
	uint64_t pmcr, mask, before, after, readback;
	uint64_t trapped = guest_sysreg_exits();
	uint32_t counters, answered, exceptions;

	guest_try_begin();
	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
	counters = (uint32_t)(pmcr >> PMCR_N_SHIFT) & PMCR_N_MASK;
	mask = PMU_CYCLE_BIT | ((1ull << counters) - 1u);
	for (uint32_t n = 0; n < counters; n++)
		__asm__ volatile("msr pmselr_el0, %0\n\tisb\n\tmsr pmxevtyper_el0, %1"
				 : : "r"((uint64_t)n),
				   "r"((uint64_t)(PMU_EVENT_CYCLES | PMU_FILTER_NSH)));
	__asm__ volatile("msr pmccfiltr_el0, %0" : : "r"((uint64_t)PMU_FILTER_NSH));
	__asm__ volatile("msr pmuserenr_el0, %0" : : "r"((uint64_t)PMUSERENR_ALL));
	__asm__ volatile("msr pmcr_el0, %0\n\tisb"
			 : : "r"((uint64_t)(PMCR_E | PMCR_P | PMCR_C)));
	__asm__ volatile("msr pmccntr_el0, %0" : : "r"((uint64_t)PMU_PRESET));
	__asm__ volatile("msr pmcntenset_el0, %0\n\tmsr pmintenset_el1, %0\n\t"
			 "msr pmovsset_el0, %0\n\tisb" : : "r"(mask));
	readback = pmu_readback();
	before = pmu_cycles();
	answered = hypervisor_workout();
	after = pmu_cycles();
	__asm__ volatile("msr pmcntenclr_el0, %0\n\tmsr pmintenclr_el1, %0\n\t"
			 "msr pmovsclr_el0, %0\n\tmsr pmuserenr_el0, xzr\n\t"
			 "msr pmcr_el0, xzr\n\tisb" : : "r"(mask));
	exceptions = guest_try_end(NULL);
	trapped = guest_sysreg_exits() - trapped;
	return hostile_report_trapped("pmu",
				      answered == DEBUG_ROUNDS && exceptions == 1u &&
				      readback == 0u && before == 0u && after == 0u &&
				      trapped >= 2u * counters + 12u,
				      "%u counters + cycles set to count EL2: read "
				      "back 0x%lx, cycles %lu -> %lu, %lu accesses "
				      "emulated, %u/%u hypercalls answered",
				      counters, readback, before, after, trapped,
				      answered, DEBUG_ROUNDS);
}
