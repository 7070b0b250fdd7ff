/* SPDX-License-Identifier: MIT */
#include "arch/cpu.h"

#include "arch/arm64/sysreg.h"
#include "arch/asm_offsets.h"
#include "arch/stage2.h"
#include "core/panic.h"
#include "core/percpu.h"
#include "lib/array.h"
#include "lib/fmt.h"
#include "spec/mpidr.h"

_Static_assert(SK_MAX_CPUS_ASM == SK_MAX_CPUS, "stack count mismatch");

struct percpu percpu[SK_MAX_CPUS];

struct percpu *this_cpu(void)
{
	return (struct percpu *)(uintptr_t)sysreg_read(tpidr_el2);
}

void percpu_set_current(struct percpu *pc)
{
	sysreg_write(tpidr_el2, (uint64_t)(uintptr_t)pc);
}

uint64_t arch_cpu_mpidr(void)
{
	return sysreg_read(mpidr_el1) & MPIDR_AFF_MASK;
}

/* D19.2.64: PARange encodings 0..6 mean 32..52 bits. */
static const uint32_t cpu_parange_bits[] = { 32, 36, 40, 42, 44, 48, 52 };
#define CPU_PARANGE_48 5u

uint32_t arch_cpu_pa_bits(void)
{
	uint64_t r = sysreg_read(id_aa64mmfr0_el1) & ID_AA64MMFR0_PARANGE_MASK;

	return r < ARRAY_SIZE(cpu_parange_bits)
		       ? cpu_parange_bits[r] : 48;
}

uint32_t arch_cpu_oa_bits(void)
{
	uint32_t pa = arch_cpu_pa_bits();

	return pa > 48 ? 48 : pa;
}

uint64_t arch_pa_size_field(uint32_t bits)
{
	for (uint64_t i = 0; i < CPU_PARANGE_48; i++) {
		if (cpu_parange_bits[i] == bits)
			return i;
	}
	return CPU_PARANGE_48;
}

/* ID_AA64DFR0_EL1.PMUVer >= 4 (PMUv3p1) has MDCR_EL2.HPMD (D19.2.86). */
#define ID_AA64DFR0_PMUVER_SHIFT 8
#define PMUVER_V3P1 4u
#define PMUVER_IMPDEF 0xfu

/* Moot since the PMU traps for every guest (cpu_mdcr_value): no guest can
 * read a counter, so what the counters see of EL2 (on Cortex-A53, without
 * HPMD, everything) reaches nobody. Kept where the CPU has it. */
static uint64_t cpu_pmu_el2_prohibit(void)
{
	uint64_t ver = (sysreg_read(id_aa64dfr0_el1) >> ID_AA64DFR0_PMUVER_SHIFT) & 0xfu;

	return ver >= PMUVER_V3P1 && ver != PMUVER_IMPDEF ? MDCR_EL2_HPMD : 0;
}

/*
 * Traps that exist only with their feature (the bits are RES0 without):
 * the RAS error records (TERR) are the CPU's, shared with every partition
 * there and with the hypervisor; LORegions (TLOR) are the CPU's
 * memory-ordering regions. trap.c shows a guest none of either.
 */
static uint64_t cpu_feature_traps(void)
{
	uint64_t traps = 0;

	if (((sysreg_read(id_aa64pfr0_el1) >> ID_AA64PFR0_RAS_SHIFT) & 0xfu) != 0)
		traps |= HCR_EL2_TERR;
	if (((sysreg_read(id_aa64mmfr1_el1) >> ID_AA64MMFR1_LO_SHIFT) & 0xfu) != 0)
		traps |= HCR_EL2_TLOR;
	return traps;
}

/*
 * ID registers (HCR_EL2.TID3) stay untrapped: a guest reads the CPU's real
 * features, which it could learn anyway by executing the instructions, and
 * what shikiri hides is hidden by trapping its registers (PMU, debug, RAS,
 * LORegions, trace, activity monitors), not by the ID values.
 */
static uint64_t cpu_hcr_value(void)
{
	return HCR_EL2_VM | HCR_EL2_SWIO | HCR_EL2_FMO | HCR_EL2_IMO |
	       HCR_EL2_AMO | HCR_EL2_FB | HCR_EL2_BSU_IS | HCR_EL2_TSC |
	       HCR_EL2_TSW | HCR_EL2_TIDCP | HCR_EL2_TACR | HCR_EL2_RW |
	       HCR_EL2_APK | HCR_EL2_API | cpu_feature_traps();
}

/*
 * Debug and PMU registers are the physical CPU's: breakpoints, watchpoints
 * and counters act on everything that runs there, and the counters and the
 * cache levels they observe are shared with other CPUs' partitions. On
 * every CPU, dedicated or shared, all of them trap (Arm ARM D19.2.86:
 * TPM/TPMCR the PMU, TDA the debug registers and DCC, TDOSA the OS lock,
 * OS double lock and DBGPRCR_EL1, TDRA MDRAR_EL1) and a guest sees them
 * as zero (trap.c). TDE stays 0: debug exceptions are never routed to EL2.
 */
static uint64_t cpu_mdcr_value(void)
{
	return ((sysreg_read(pmcr_el0) >> 11) & MDCR_EL2_HPMN_MASK) |
	       MDCR_EL2_TPM | MDCR_EL2_TPMCR | MDCR_EL2_TDA | MDCR_EL2_TDOSA |
	       MDCR_EL2_TDRA | cpu_pmu_el2_prohibit();
}

/* The PMU and debug state firmware left behind stays in the hardware
 * (guests never reach it): counters and their interrupts off, EL0 access
 * off, so nothing counts or fires for nobody (D17.5). */
static void cpu_pmu_debug_quiesce(void)
{
	sysreg_write(pmcntenclr_el0, ~0ull);
	sysreg_write(pmintenclr_el1, ~0ull);
	sysreg_write(pmovsclr_el0, ~0ull);
	sysreg_write(pmuserenr_el0, 0);
	sysreg_write(pmcr_el0, 0);
	sysreg_write(mdscr_el1, 0);
}

void arch_cpu_init_virt(void)
{
	uint64_t cptr = CPTR_EL2_RES1 | CPTR_EL2_TTA | CPTR_EL2_TAM;

	sysreg_write(hcr_el2, cpu_hcr_value());
	sysreg_write(mdcr_el2, cpu_mdcr_value());
	cpu_pmu_debug_quiesce();
	/* FP/SIMD and SVE stay with the guest: a vCPU owns its CPU, so there
	 * is no other context to protect. SVE needs ZCR_EL2.LEN at its
	 * maximum so the guest sees its full vector length. */
	sysreg_write(cptr_el2, cptr);
	isb();
	if (((sysreg_read(id_aa64pfr0_el1) >> ID_AA64PFR0_SVE_SHIFT) & 0xfu) != 0)
		sysreg_write(S3_4_C1_C2_0, 0x1ffull); /* ZCR_EL2 */
	/* Guests may read the physical counter; the EL1 physical timer
	 * traps (its use arrives with the Linux partition). */
	sysreg_write(cnthctl_el2, CNTHCTL_EL2_EL1PCTEN);
	sysreg_write(cntvoff_el2, 0);
	sysreg_write(vtcr_el2, stage2_vtcr());
	sysreg_write(hstr_el2, 0);
	isb();
}

SK_NORETURN void arch_cpu_halt(void)
{
	irq_mask_all();
	for (;;)
		wfi();
}

/* YIELD (Arm ARM C6.2): only a hint, so it never waits for an event the
 * way WFE would; QEMU's round-robin TCG takes it to run the next vCPU. */
void arch_cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

/* CSDB (Arm ARM C6.2.55, HINT #20 for assemblers that predate it): no
 * instruction after it uses a predicted value of a conditional or of the
 * data before it. */
void arch_speculation_barrier(void)
{
	__asm__ volatile("hint #20" : : : "memory");
}

uint64_t arch_counter(void)
{
	isb();
	return sysreg_read(cntpct_el0);
}

uint64_t arch_counter_freq(void)
{
	return sysreg_read(cntfrq_el0);
}

void arch_hyp_timer_set(uint64_t cval)
{
	sysreg_write(cnthp_cval_el2, cval);
	sysreg_write(cnthp_ctl_el2, CNT_CTL_ENABLE); /* output unmasked */
	isb();
}

void arch_hyp_timer_stop(void)
{
	sysreg_write(cnthp_ctl_el2, 0);
	isb();
}

void arch_cpu_set_shared(void)
{
	/* WFI traps, so an idle vCPU gives the CPU away. (Debug and PMU
	 * registers trap on every CPU: cpu_mdcr_value.) */
	sysreg_write(hcr_el2, cpu_hcr_value() | HCR_EL2_TWI);
	isb();
}

/* MIDR_EL1 (D19.2.87): implementer [31:24], part number [15:4]. The
 * in-order Cortex-A35, A53 and A55 are not affected by CVE-2017-5715,
 * CVE-2018-3639 or CVE-2022-23960 (Arm's Speculative Processor
 * Vulnerability list; Linux's spectre_v2/ssb/bhb safe lists). */
#define MIDR_IMPLEMENTER_SHIFT 24
#define MIDR_IMPLEMENTER_ARM   0x41u
#define MIDR_PART_SHIFT        4
#define MIDR_PART_MASK         0xfffu

static const uint32_t cpu_speculation_safe_parts[] = {
	0xd04u, /* Cortex-A35 */
	0xd03u, /* Cortex-A53 */
	0xd05u, /* Cortex-A55 */
};

bool arch_cpu_speculation_safe(void)
{
	uint64_t midr = sysreg_read(midr_el1);
	uint32_t part = (uint32_t)(midr >> MIDR_PART_SHIFT) & MIDR_PART_MASK;

	if (((midr >> MIDR_IMPLEMENTER_SHIFT) & 0xffu) != MIDR_IMPLEMENTER_ARM)
		return false;
	for (uint32_t i = 0; i < sizeof(cpu_speculation_safe_parts) /
					sizeof(cpu_speculation_safe_parts[0]); i++) {
		if (cpu_speculation_safe_parts[i] == part)
			return true;
	}
	return false;
}

/* ID_AA64ISAR1_EL1 APA, API, GPA, GPI (D19.2.62): pointer authentication. */
#define ID_AA64ISAR1_PAUTH_MASK 0xff000ff0ull

bool arch_cpu_shareable(char *err, uint32_t err_size)
{
	const char *what = NULL;

	if (((sysreg_read(id_aa64pfr0_el1) >> ID_AA64PFR0_SVE_SHIFT) & 0xfu) != 0)
		what = "SVE";
	else if ((sysreg_read(id_aa64isar1_el1) & ID_AA64ISAR1_PAUTH_MASK) != 0)
		what = "pointer authentication";
	if (what == NULL)
		return true;
	/* Their registers are not switched between vCPUs yet: sharing a CPU
	 * would leak them from one partition to another. */
	(void)sk_snprintf(err, err_size,
			  "CPUs are shared (docs/scheduling.md), but this processor implements %s, whose state shikiri does not switch between vCPUs yet: give each vCPU its own CPU or use a CPU without it (cortex-a53/a57/a72)",
			  what);
	return false;
}
