/* SPDX-License-Identifier: MIT */
#include "arch/el2_mmu.h"

#include "arch/arm64/sysreg.h"
#include "arch/cache.h"
#include "arch/cpu.h"
#include "arch/pgtable.h"
#include "lib/fmt.h"

/* Enough for RAM banks in blocks plus a few pages of device frames. */
#define EL2_POOL_PAGES 32u

/* Not cleared at boot (shikiri.ld): pt_alloc_table zeroes each page it
 * hands out. */
static uint64_t el2_pages[EL2_POOL_PAGES][PT_ENTRIES]
	__attribute__((section(".noinit"), aligned(PT_PAGE_SIZE)));
static struct pt_pool el2_pool = { .pages = el2_pages,
				   .count = EL2_POOL_PAGES };
static struct pt_table el2_table;

struct el2_mmu_regs el2_mmu_regs;

static uint64_t el2_normal_attrs(void)
{
	return PT_S1_ATTRIDX(MAIR_IDX_NORMAL) | PT_DESC_SH_INNER;
}

static uint64_t el2_device_attrs(void)
{
	return PT_S1_ATTRIDX(MAIR_IDX_DEVICE) | PT_DESC_XN;
}

static bool el2_map(uint64_t base, uint64_t size, uint64_t attrs,
		    const char *what, char *err, uint32_t err_size)
{
	/* Device frames need not be page aligned in the DT: round out. */
	uint64_t start = base & ~(PT_PAGE_SIZE - 1);
	uint64_t end = (base + size + PT_PAGE_SIZE - 1) & ~(PT_PAGE_SIZE - 1);
	enum pt_result r;

	if (size == 0)
		return true;
	r = pt_map(&el2_table, start, start, end - start, attrs);
	if (r != PT_OK) {
		(void)sk_snprintf(err, err_size,
				  "EL2 MMU: cannot map %s 0x%llx..0x%llx (error %d)",
				  what, (unsigned long long)start,
				  (unsigned long long)(end - 1), (int)r);
		return false;
	}
	return true;
}

bool el2_mmu_build(const struct board *b, char *err, uint32_t err_size)
{
	uint32_t ia = arch_cpu_oa_bits(); /* identity map: VA = PA */
	bool ok = true;

	if (pt_init(&el2_table, &el2_pool, ia, 1ull << ia) != PT_OK) {
		(void)sk_snprintf(err, err_size, "EL2 MMU: no page for the root table");
		return false;
	}
	for (uint32_t i = 0; i < b->ram_bank_count && ok; i++)
		ok = el2_map(b->ram[i].base, b->ram[i].size, el2_normal_attrs(),
			     "RAM", err, err_size);
	ok = ok && el2_map(b->uart.base, b->uart.size, el2_device_attrs(),
			   "UART", err, err_size);
	ok = ok && el2_map(b->gicd.base, b->gicd.size, el2_device_attrs(),
			   "GIC distributor", err, err_size);
	ok = ok && el2_map(b->gicr.base, b->gicr.size, el2_device_attrs(),
			   "GIC redistributors", err, err_size);
	ok = ok && el2_map(b->gicc.base, b->gicc.size, el2_device_attrs(),
			   "GIC CPU interface", err, err_size);
	ok = ok && el2_map(b->gich.base, b->gich.size, el2_device_attrs(),
			   "GIC virtual interface control", err, err_size);
	ok = ok && el2_map(b->smmu.base, b->smmu.size, el2_device_attrs(),
			   "SMMUv3", err, err_size);
	ok = ok && el2_map(b->pcie_ecam.base, b->pcie_ecam.size,
			   el2_device_attrs(), "PCIe ECAM", err, err_size);
	if (!ok)
		return false;

	el2_mmu_regs.mair = (MAIR_DEVICE_nGnRE << (8 * MAIR_IDX_DEVICE)) |
			    (MAIR_NORMAL_WB << (8 * MAIR_IDX_NORMAL));
	el2_mmu_regs.tcr = TCR_EL2_RES1 | TCR_EL2_T0SZ(64u - ia) |
			   TCR_EL2_IRGN0_WBWA | TCR_EL2_ORGN0_WBWA |
			   TCR_EL2_SH0_INNER | TCR_EL2_TG0_4K |
			   (arch_pa_size_field(ia) << TCR_EL2_PS_SHIFT);
	el2_mmu_regs.ttbr = (uint64_t)(uintptr_t)el2_table.root;
	el2_mmu_regs.sctlr = SCTLR_EL2_RES1 | SCTLR_EL2_M | SCTLR_EL2_C |
			     SCTLR_EL2_SA | SCTLR_EL2_I;
	/* Tables were written with the MMU off (non-cacheable); the walker
	 * reads them through the cache, so no stale line may remain. The
	 * secondaries read el2_mmu_regs with their MMU off. */
	dcache_clean_inval_range(el2_pages, sizeof(el2_pages));
	dcache_clean_inval_range(&el2_mmu_regs, sizeof(el2_mmu_regs));
	return true;
}

void el2_mmu_enable(void)
{
	sysreg_write(mair_el2, el2_mmu_regs.mair);
	sysreg_write(tcr_el2, el2_mmu_regs.tcr);
	sysreg_write(ttbr0_el2, el2_mmu_regs.ttbr);
	isb();
	__asm__ volatile("tlbi alle2" : : : "memory");
	dsb_sy();
	isb();
	sysreg_write(sctlr_el2, el2_mmu_regs.sctlr);
	isb();
}
