/* SPDX-License-Identifier: MIT */
#include "arch/stage2.h"

#include "arch/arm64/sysreg.h"
#include "arch/cpu.h"
#include "core/config_format.h"

_Static_assert((1ull << STAGE2_IPA_BITS) == SK_GUEST_PA_LIMIT,
	       "config limit and stage-2 IPA size disagree");

/* Not cleared at boot (shikiri.ld): pt_alloc_table zeroes each page it
 * hands out. */
static uint64_t stage2_pages[STAGE2_POOL_PAGES][PT_ENTRIES]
	__attribute__((section(".noinit"), aligned(PT_PAGE_SIZE)));
static struct pt_pool stage2_pool = {
	.pages = stage2_pages,
	.count = STAGE2_POOL_PAGES,
	.used = 0,
};

uint64_t stage2_vtcr(void)
{
	return VTCR_EL2_RES1 | VTCR_EL2_T0SZ(64u - STAGE2_IPA_BITS) |
	       VTCR_EL2_SL0_L1 | VTCR_EL2_IRGN0_WBWA | VTCR_EL2_ORGN0_WBWA |
	       VTCR_EL2_SH0_INNER | VTCR_EL2_TG0_4K |
	       (arch_pa_size_field(arch_cpu_oa_bits()) << VTCR_EL2_PS_SHIFT);
}

void stage2_pool_usage(uint32_t *used, uint32_t *count)
{
	/* Only boot takes pages (partitions and channels are created once):
	 * a plain read is enough. */
	*used = (uint32_t)stage2_pool.used;
	*count = (uint32_t)stage2_pool.count;
}

enum pt_result stage2_init(struct pt_table *pt)
{
	return pt_init(pt, &stage2_pool, STAGE2_IPA_BITS,
		       1ull << arch_cpu_oa_bits());
}

void stage2_activate(const struct pt_table *pt, uint32_t vmid)
{
	sysreg_write(vttbr_el2, (uint64_t)(uintptr_t)pt->root |
				((uint64_t)vmid << VTTBR_VMID_SHIFT));
	isb();
}

void stage2_tlb_flush_all(void)
{
	dsb_ishst();
	__asm__ volatile("tlbi alle1is" : : : "memory");
	dsb_ish();
	isb();
}

void stage2_tables_sync(void)
{
	dsb_ishst();
	isb();
}

/* TLBI VMALLS12E1IS acts on the VMID in VTTBR_EL2 (Arm ARM D8.13): this
 * CPU's VTTBR_EL2 names the partition for the invalidation and then gets
 * back what it held; its EL1&0 regime runs nothing meanwhile (this is
 * EL2). The DSB before makes the invalid entries visible to the walks
 * that refill the TLB, the one after waits for every CPU's invalidation
 * (break-before-make, Arm ARM D8.13). */
void stage2_tlb_flush_vmid(const struct pt_table *pt, uint32_t vmid)
{
	uint64_t saved = sysreg_read(vttbr_el2);

	dsb_ishst();
	stage2_activate(pt, vmid);
	__asm__ volatile("tlbi vmalls12e1is" : : : "memory");
	dsb_ish();
	sysreg_write(vttbr_el2, saved);
	isb();
}
