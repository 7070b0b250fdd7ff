// SPDX-License-Identifier: MIT
/*
 * cpu-features: the registers of optional CPU features that are the
 * physical CPU's, not a partition's, must trap to the hypervisor and show
 * the guest nothing (hypervisor/arch/arm64/trap.c):
 *   RAS error records (FEAT_RAS, HCR_EL2.TERR): ERRIDR_EL1 reads 0 (no
 *     records; QEMU 7.2 implements no other error-record register, so
 *     ERRSELR_EL1 and ERX* are not tried);
 *   LORegions (FEAT_LOR, HCR_EL2.TLOR): LORID_EL1 reads 0 (no regions),
 *     LORSA_EL1 / LORC_EL1 / LORN_EL1 are RAZ/WI.
 * Every access must be an emulated system-register exit (the partition's
 * SK_HC_PARTITION_STATS). First it asks SMCCC_ARCH_FEATURES about
 * SMCCC_ARCH_WORKAROUND_1/2/3 and prints "cpu-features: workarounds <a>
 * <b> <c>" (1: not required on this CPU, -1: not provided). Prints "cpu-features: ras <n> lor <n>" (the ID
 * fields), "cpu-features: <n> accesses, <m> emulated, values 0x<v>" and
 * "cpu-features: ok" or "FAILED" (tests/system/test_traps.py, which runs
 * it on QEMU's "max" CPU: a Cortex-A53 has neither feature).
 */
#include "console.h"
#include "guest.h"
#include "shikiri/hypercall.h"
#include "spec/psci.h"

/* ID_AA64PFR0_EL1.RAS, ID_AA64MMFR1_EL1.LO (Arm ARM D19.2.65, D19.2.67). */
#define PFR0_RAS_SHIFT 28u
#define MMFR1_LO_SHIFT 16u
#define ID_FIELD_MASK  0xfu
#define ACCESSES       5u

static int64_t workaround_answer(uint32_t id)
{
	return sk_hvc(SMCCC_ARCH_FEATURES, id, 0, 0).status;
}


/* By encoding: an assembler for plain ARMv8.0 does not know the names. */
static uint64_t feature_accesses(void)
{
	uint64_t erridr, lorsa, lorid, lorn;

	__asm__ volatile("mrs %0, s3_0_c5_c3_0\n\t"   /* ERRIDR_EL1 */
			 "mrs %1, s3_0_c10_c4_0\n\t"  /* LORSA_EL1 */
			 "mrs %2, s3_0_c10_c4_7\n\t"  /* LORID_EL1 */
			 "msr s3_0_c10_c4_3, xzr\n\t" /* LORC_EL1 */
			 "mrs %3, s3_0_c10_c4_2"      /* LORN_EL1 */
			 : "=r"(erridr), "=r"(lorsa), "=r"(lorid), "=r"(lorn)
			 : : "memory");
	return erridr | lorsa | lorid | lorn;
}

int main(uint64_t dtb)
{
	struct guest_beat beat;
	uint64_t pfr0, mmfr1;
	uint32_t ras, lor;

	guest_hello(dtb);
	guest_printf("cpu-features: workarounds %ld %ld %ld\n",
		     workaround_answer(SMCCC_ARCH_WORKAROUND_1),
		     workaround_answer(SMCCC_ARCH_WORKAROUND_2),
		     workaround_answer(SMCCC_ARCH_WORKAROUND_3));
	__asm__ volatile("mrs %0, id_aa64pfr0_el1\n\tmrs %1, id_aa64mmfr1_el1"
			 : "=r"(pfr0), "=r"(mmfr1));
	ras = (uint32_t)(pfr0 >> PFR0_RAS_SHIFT) & ID_FIELD_MASK;
	lor = (uint32_t)(mmfr1 >> MMFR1_LO_SHIFT) & ID_FIELD_MASK;
	guest_printf("cpu-features: ras %u lor %u\n", ras, lor);
	if (ras == 0u || lor == 0u) {
		guest_printf("cpu-features: FAILED (this CPU lacks them)\n");
	} else {
		uint64_t before = guest_sysreg_exits();
		uint64_t values = feature_accesses();
		uint64_t emulated = guest_sysreg_exits() - before;
		bool ok = emulated == ACCESSES && values == 0u;

		guest_printf("cpu-features: %u accesses, %lu emulated, values 0x%lx\n",
			     ACCESSES, emulated, values);
		guest_printf("cpu-features: %s\n", ok ? "ok" : "FAILED");
	}
	guest_beat_init(&beat);
	guest_beat_forever(&beat);
}
