// SPDX-License-Identifier: MIT
/*
 * light: the calls and reads the hypervisor's light exit path answers
 * (hypervisor/arch/arm64/trap.c, trap_light) keep every register that is
 * not a result and the EL1 system registers, and answer as documented
 * (docs/hypercalls.md); what the light path declines still behaves as
 * before (tests/system/test_light_path.py). Each probe sets x4-x30 to a
 * pattern, traps once (light_regs.S) and checks them after. Prints
 *   "light: <what>: x0 0x<x0> x1 0x<x1> x2 0x<x2> x3 0x<x3> regs <kept|CHANGED> sysregs <kept|CHANGED>"
 *   "light: gicd 0x<offset>: light 0x<w5> full 0x<w20> regs ... sysregs ..."
 *   "light: random <n> calls: <n> not supported, regs <kept|CHANGED>"
 *   "light: done"
 */
#include "console.h"
#include "gic_regs.h"
#include "guest.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

struct light_probe {
	uint64_t in[4];
	uint64_t kind;
	uint64_t out[31];
};

#ifndef GICD_IIDR
#define GICD_IIDR 0x0008u
#endif

enum { PROBE_HVC = 0, PROBE_SMC = 1, PROBE_HVC1 = 2, PROBE_LDR = 3 };

void light_probe(struct light_probe *p);

#define RANDOM_CALLS 200u
#define ID_AA64PFR0_GIC_SHIFT 24u /* Arm ARM D19.2.64 */
#define SYSREGS 16u

static uint64_t pattern(uint32_t n)
{
	return 0x5a00000000000000ull | ((uint64_t)n << 32) | (uint32_t)~n;
}

#define READ(r, v) __asm__ volatile("mrs %0, " #r : "=r"(v))

static void read_sysregs(uint64_t s[SYSREGS])
{
	READ(sctlr_el1, s[0]);
	READ(ttbr0_el1, s[1]);
	READ(ttbr1_el1, s[2]);
	READ(tcr_el1, s[3]);
	READ(mair_el1, s[4]);
	READ(vbar_el1, s[5]);
	READ(contextidr_el1, s[6]);
	READ(tpidr_el1, s[7]);
	READ(tpidr_el0, s[8]);
	READ(tpidrro_el0, s[9]);
	READ(sp_el0, s[10]);
	READ(elr_el1, s[11]);
	READ(spsr_el1, s[12]);
	READ(far_el1, s[13]);
	READ(esr_el1, s[14]);
	READ(cpacr_el1, s[15]);
}

/* Sets the EL1 registers a trap must not touch to values of their own. */
static void write_sysregs(void)
{
	__asm__ volatile("msr contextidr_el1, %0\n\t"
			 "msr tpidr_el1, %1\n\t"
			 "msr tpidr_el0, %2\n\t"
			 "msr tpidrro_el0, %3\n\t"
			 "msr sp_el0, %4\n\t"
			 "msr elr_el1, %5\n\t"
			 "msr far_el1, %6\n\t"
			 "isb"
			 : : "r"(0x1234ull), "r"(0x1111222233334444ull),
			   "r"(0x5555666677778888ull), "r"(0x9999aaaabbbbccccull),
			   "r"(0xddddeeeeffff0000ull), "r"(0x4000abcdull),
			   "r"(0x7777000011112222ull)
			 : "memory");
}

/* Runs one probe; true if x4-x30 (but `result`, a register the probe
 * writes, or 31 for none) and the system registers are what they were. */
static bool probe(struct light_probe *p, uint32_t result, bool *sys_kept)
{
	uint64_t before[SYSREGS];
	uint64_t after[SYSREGS];
	bool kept = true;

	read_sysregs(before);
	light_probe(p);
	read_sysregs(after);
	*sys_kept = true;
	for (uint32_t i = 0; i < SYSREGS; i++)
		*sys_kept = *sys_kept && before[i] == after[i];
	for (uint32_t r = 4; r < 31u; r++) {
		if (r != result && p->out[r] != pattern(r))
			kept = false;
	}
	return kept;
}

static const char *word(bool kept)
{
	return kept ? "kept" : "CHANGED";
}

static void call(const char *what, uint32_t kind, uint64_t x0, uint64_t x1)
{
	struct light_probe p = { .in = { x0, x1, 0x2222, 0x3333 }, .kind = kind };
	bool sys;
	bool regs = probe(&p, 31, &sys);

	guest_printf("light: %s: x0 0x%lx x1 0x%lx x2 0x%lx x3 0x%lx regs %s sysregs %s\n",
		     what, p.out[0], p.out[1], p.out[2], p.out[3], word(regs),
		     word(sys));
}

/* By the CPU's GIC system-register interface, not by reading the
 * distributor: a read would be one more exit the test counts. */
static bool gic_is_v3(void)
{
	uint64_t pfr0;

	__asm__ volatile("mrs %0, id_aa64pfr0_el1" : "=r"(pfr0));
	return ((pfr0 >> ID_AA64PFR0_GIC_SHIFT) & 0xfu) != 0u;
}

static void gicd(uint32_t offset)
{
	struct light_probe p = { .in = { 0, GIC_GICD_BASE + offset, 0, 0 },
				 .kind = PROBE_LDR };
	bool sys;
	bool regs;

	/* x5 and x20 are results here; compare the rest. */
	(void)probe(&p, 31, &sys);
	regs = true;
	for (uint32_t r = 4; r < 31u; r++) {
		if (r != 5u && r != 20u && p.out[r] != pattern(r))
			regs = false;
	}
	guest_printf("light: gicd 0x%x: light 0x%lx full 0x%lx regs %s sysregs %s\n",
		     offset, p.out[5], p.out[20], word(regs), word(sys));
}

/* Function IDs of the hypervisor services that name no call (low 16 bits
 * 0x1000-0xefff, SMC32 and SMC64): NOT_SUPPORTED, never audited. */
static void random_calls(void)
{
	static const uint32_t owners[] = {
		0x85000000u, 0x86000000u, 0xc5000000u, 0xc6000000u,
	};
	uint64_t seed = 0x243f6a8885a308d3ull;
	uint32_t refused = 0;
	bool kept = true;
	bool sys_all = true;

	for (uint32_t i = 0; i < RANDOM_CALLS; i++) {
		struct light_probe p;
		bool sys;

		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		p.in[0] = (seed & 0xffffffff00000000ull) | owners[i % 4u] |
			  (0x1000u + (uint32_t)((seed >> 8) % 0xe000u));
		p.in[1] = seed;
		p.in[2] = ~seed;
		p.in[3] = seed >> 3;
		p.kind = (i & 1u) != 0 ? PROBE_SMC : PROBE_HVC;
		kept = probe(&p, 31, &sys) && kept;
		sys_all = sys_all && sys;
		refused += (int64_t)p.out[0] == SK_E_NOT_SUPPORTED;
		/* Arguments of a refused call are left as they were. */
		kept = kept && p.out[1] == p.in[1] && p.out[2] == p.in[2] &&
		       p.out[3] == p.in[3];
	}
	guest_printf("light: random %u calls: %u not supported, regs %s sysregs %s\n",
		     RANDOM_CALLS, refused, word(kept), word(sys_all));
}

int main(uint64_t dtb)
{
	guest_hello(dtb);
	write_sysregs();
	call("abi-version hvc", PROBE_HVC, SK_HC_ABI_VERSION, 0);
	call("psci-version hvc", PROBE_HVC, PSCI_VERSION, 0);
	call("psci-version smc", PROBE_SMC, PSCI_VERSION, 0);
	call("psci-version hvc upper", PROBE_HVC, 0xffffffff00000000ull | PSCI_VERSION, 0);
	call("psci-features hvc", PROBE_HVC, PSCI_FEATURES, PSCI_CPU_ON_64);
	call("psci-features smc", PROBE_SMC, PSCI_FEATURES, 0x84000050u);
	call("smccc-version hvc", PROBE_HVC, SMCCC_VERSION, 0);
	call("smccc-arch-features hvc", PROBE_HVC, SMCCC_ARCH_FEATURES, SMCCC_ARCH_WORKAROUND_1);
	call("smccc-arch-features smc", PROBE_SMC, SMCCC_ARCH_FEATURES, PSCI_FEATURES);
	call("psci-version hvc1", PROBE_HVC1, PSCI_VERSION, 0);
	call("abi-version hvc1", PROBE_HVC1, SK_HC_ABI_VERSION, 0);
	gicd(GICD_TYPER);
	gicd(GICD_IIDR);
	gicd(gic_is_v3() ? GICD_PIDR2_V3 : GICD_PIDR2_V2);
	random_calls();
	guest_puts("light: done\n");
	guest_halt();
}
