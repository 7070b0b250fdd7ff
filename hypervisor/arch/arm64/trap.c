/* SPDX-License-Identifier: MIT */
/*
 * Synchronous exits from a guest, dispatched by exception class (ESR_EL2.EC,
 * Arm ARM D19.2.40). Anything not handled explicitly becomes an UNDEFINED
 * exception in the guest: never a hypervisor crash.
 */
#include "arch/arm64/asm_offsets.h"
#include "arch/arm64/cache.h"
#include "arch/arm64/gic/vgic_regs.h"
#include "arch/arm64/inject.h"
#include "arch/arm64/sched_switch.h"
#include "arch/arm64/sysreg.h"
#include "arch/arm64/trap_frame.h"
#include "core/fault.h"
#include "core/hypercall.h"
#include "core/manage.h"
#include "core/mmio.h"
#include "core/panic.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/percpu.h"
#include "core/setway.h"
#include "core/vcpu.h"

/* AArch64 instructions are 4 bytes; a trapped SMC returns to itself. */
#define INSN_SIZE 4u
/* A 16-bit T32 instruction: AArch32 EL0 (which Cortex-A53/A57/A72 have,
 * ID_AA64PFR0_EL1.EL0 = 2) may be in T32 state. */
#define INSN_SIZE_T16 2u

void trap_guest_sync(struct trap_frame *f, uint64_t kind);

/* The size of the trapped instruction, for exits that can come from
 * AArch32 EL0 (an emulated MMIO access, a trapped WFI): ESR_EL2.IL is 0
 * for a 16-bit T32 instruction (Arm ARM D19.2.40). */
static uint64_t trap_insn_size(uint64_t esr)
{
	return (esr & ESR_IL) != 0 ? INSN_SIZE : INSN_SIZE_T16;
}

static struct vcpu *trap_vcpu(void)
{
	struct vcpu *v = this_cpu()->vcpu;

	if (v == NULL)
		panic("guest exit on a CPU that runs no vCPU");
	return v;
}

static uint64_t trap_fault_ipa(void)
{
	uint64_t hpfar = sysreg_read(hpfar_el2);
	uint64_t far = sysreg_read(far_el2);

	return (((hpfar >> HPFAR_FIPA_SHIFT) & HPFAR_FIPA_MASK) << 12) |
	       (far & 0xfffu);
}

/* Data-abort ISS with a valid instruction syndrome (Arm ARM D19.2.40):
 * the access size, register and sign extension, enough to emulate it. */
#define ESR_DABT_ISV        (1ull << 24)
#define ESR_DABT_SAS_SHIFT  22
#define ESR_DABT_SSE        (1ull << 21)
#define ESR_DABT_SRT_SHIFT  16
#define ESR_DABT_SF         (1ull << 15)
#define XZR_INDEX           31u

static uint64_t trap_reg(const struct trap_frame *f, uint32_t r)
{
	return r == XZR_INDEX ? 0 : f->x[r];
}

static void trap_set_reg(struct trap_frame *f, uint32_t r, uint64_t v)
{
	if (r != XZR_INDEX)
		f->x[r] = v;
}

/* Emulates the access if it hits one of the partition's emulated devices
 * and the syndrome describes it; false if the guest must get an abort. */
static bool trap_mmio(struct trap_frame *f, struct vcpu *v, uint64_t esr,
		      uint64_t ipa)
{
	const struct mmio_region *r = partition_find_mmio(v->partition, ipa);
	struct mmio_access a;
	uint32_t srt = (uint32_t)(esr >> ESR_DABT_SRT_SHIFT) & 0x1fu;

	if (r == NULL || (esr & ESR_DABT_ISV) == 0)
		return false;
	a.addr = ipa;
	a.size = 1u << ((esr >> ESR_DABT_SAS_SHIFT) & 3u);
	a.write = (esr & ESR_ABT_WNR) != 0;
	a.value = 0;
	if (a.write) {
		a.value = trap_reg(f, srt);
		if (a.size < 8u)
			a.value &= (1ull << (8u * a.size)) - 1u;
	}
	if (!r->handler(v, r->dev, ipa - r->base, &a))
		return false;
	if (!a.write) {
		uint64_t val = a.value;

		if ((esr & ESR_DABT_SSE) != 0 && a.size < 8u) {
			uint64_t sign = 1ull << (8u * a.size - 1u);

			val = (val ^ sign) - sign;
		}
		if ((esr & ESR_DABT_SF) == 0)
			val &= 0xffffffffull;
		trap_set_reg(f, srt, val);
	}
	f->elr += trap_insn_size(esr);
	return true;
}

/* A guest whose own exception vector faults again at once cannot make
 * progress: this many in a row and its fault policy takes over. */
#define TRAP_ABORT_LOOP_LIMIT 16u

static void trap_check_abort_loop(struct vcpu *v, uint64_t pc)
{
	if (pc != v->last_vector) {
		v->vector_faults = 0;
		return;
	}
	if (++v->vector_faults < TRAP_ABORT_LOOP_LIMIT)
		return;
	v->vector_faults = 0;
	partition_log_event(v->partition,
		      "partition '%s' vCPU%u: %u faults in a row at its exception vector 0x%llx",
		      v->partition->cfg->name, v->index, TRAP_ABORT_LOOP_LIMIT,
		      (unsigned long long)pc);
	partition_fail(v->partition, v, PARTITION_EVENT_ABORT_LOOP);
}

static void trap_abort(struct trap_frame *f, struct vcpu *v, uint64_t esr,
		       bool instruction)
{
	uint64_t far = sysreg_read(far_el2);
	uint64_t ipa = trap_fault_ipa();
	enum fault_kind kind = instruction ? FAULT_INSTRUCTION_FETCH
			       : (esr & ESR_ABT_WNR) != 0 ? FAULT_DATA_WRITE
							  : FAULT_DATA_READ;

	if (!instruction && trap_mmio(f, v, esr, ipa)) {
		VCPU_EXIT_STAT_INC(v, exits_mmio);
		return;
	}
	/* Anything else is an access outside what the partition owns. */
	fault_report(v, kind, ipa, esr, f->elr);
	trap_check_abort_loop(v, f->elr);
	inject_external_abort(f, instruction, far, esr);
	v->last_vector = f->elr;
}

/* Trapped MSR/MRS (EC 0x18) ISS fields (Arm ARM D19.2.40). */
#define ESR_SYS_READ        (1ull << 0)
#define ESR_SYS_RT_SHIFT    5
#define ESR_SYS_ENC_MASK    0x3ffc1eull /* Op0, Op2, Op1, CRn, CRm */
#define ESR_SYS_ENC(op0, op1, crn, crm, op2) \
	(((uint64_t)(op0) << 20) | ((uint64_t)(op2) << 17) | \
	 ((uint64_t)(op1) << 14) | ((uint64_t)(crn) << 10) | ((uint64_t)(crm) << 1))
/* GICv3 SGI generation registers trap when HCR_EL2.IMO/FMO are set
 * (IHI 0069 12.2.21-23). */
#define SYS_ICC_SGI1R_EL1   ESR_SYS_ENC(3, 0, 12, 11, 5)
#define SYS_ICC_ASGI1R_EL1  ESR_SYS_ENC(3, 0, 12, 11, 6)
#define SYS_ICC_SGI0R_EL1   ESR_SYS_ENC(3, 0, 12, 11, 7)

#define ESR_SYS_OP0(esr) (((esr) >> 20) & 3u)
#define ESR_SYS_OP1(esr) (((esr) >> 14) & 7u)
#define ESR_SYS_CRN(esr) (((esr) >> 10) & 0xfu)
#define ESR_SYS_CRM(esr) (((esr) >> 1) & 0xfu)
#define ESR_SYS_OP2(esr) (((esr) >> 17) & 7u)

/* Debug registers (Op0 2, except Op1 1: the trace unit's, which trap by
 * CPTR_EL2.TTA and stay UNDEFINED) and PMU registers (Op0 3: CRn 9 with
 * CRm 12-14, and Op1 3, CRn 14, CRm 8-15: the event counters and types),
 * Arm ARM D12.3 / D13.4. They trap on every CPU (cpu.c cpu_mdcr_value). */
static bool trap_is_debug_or_pmu(uint64_t esr)
{
	uint64_t op0 = ESR_SYS_OP0(esr);
	uint64_t crn = ESR_SYS_CRN(esr);
	uint64_t crm = ESR_SYS_CRM(esr);

	return (op0 == 2u && ESR_SYS_OP1(esr) != 1u) ||
	       (op0 == 3u && crn == 9u && crm >= 12u && crm <= 14u) ||
	       (op0 == 3u && ESR_SYS_OP1(esr) == 3u && crn == 14u && crm >= 8u);
}

/* RAS error record registers (Op0 3, Op1 0, CRn 5, CRm 3-5: ERRIDR_EL1,
 * ERRSELR_EL1, ERX*_EL1; Arm ARM D19.8), trapped by HCR_EL2.TERR where the
 * CPU has RAS. A guest sees no error records (ERRIDR_EL1.NUM = 0), so the
 * ERX* registers it may still touch are RAZ/WI, as under KVM. */
static bool trap_is_error_record(uint64_t esr)
{
	return ESR_SYS_OP0(esr) == 3u && ESR_SYS_OP1(esr) == 0u &&
	       ESR_SYS_CRN(esr) == 5u && ESR_SYS_CRM(esr) >= 3u &&
	       ESR_SYS_CRM(esr) <= 5u;
}

/* LORegion registers (LORSA/LOREA/LORN/LORC_EL1, Op2 0-3, and LORID_EL1,
 * Op2 7, at Op0 3, Op1 0, CRn 10, CRm 4; Arm ARM D19.2), trapped by
 * HCR_EL2.TLOR where the CPU has them: a guest sees zero LORegions
 * (LORID_EL1 reads 0) and the others RAZ/WI, as under KVM. */
#define SYS_LORID_EL1 ESR_SYS_ENC(3, 0, 10, 4, 7)

static bool trap_is_loregion(uint64_t esr)
{
	return ESR_SYS_OP0(esr) == 3u && ESR_SYS_OP1(esr) == 0u &&
	       ESR_SYS_CRN(esr) == 10u && ESR_SYS_CRM(esr) == 4u &&
	       (ESR_SYS_OP2(esr) <= 3u || ESR_SYS_OP2(esr) == 7u);
}

/* Data cache maintenance by set/way (Arm ARM C5.3), trapped by
 * HCR_EL2.TSW: DC ISW, DC CSW, DC CISW. */
#define SYS_DC_ISW          ESR_SYS_ENC(1, 0, 7, 6, 2)
#define SYS_DC_CSW          ESR_SYS_ENC(1, 0, 7, 10, 2)
#define SYS_DC_CISW         ESR_SYS_ENC(1, 0, 7, 14, 2)

static bool trap_is_set_way(uint64_t enc)
{
	return enc == SYS_DC_ISW || enc == SYS_DC_CSW || enc == SYS_DC_CISW;
}

/*
 * One step of an emulated set/way operation (core/setway.h): at most
 * SETWAY_CHUNK bytes of the partition's own memory cleaned and invalidated
 * by VA to the point of coherency, never a line of another partition or of
 * the hypervisor. True when the operation is complete and the guest steps
 * over it; false to re-enter the guest at the same instruction, which
 * traps again and continues the flush. The chunk boundary is an ordinary
 * exit: pending interrupts are taken on the way back to the guest (they
 * are routed to EL2, HCR_EL2.IMO, whatever PSTATE.I says) and on a shared
 * CPU vcpu_before_entry may switch to a higher-ranked vCPU. So a whole
 * flush is the partition's own, preemptible time; a guest that breaks the
 * run every time pays one flush of its own memory per operation, as DC
 * CIVAC over that memory would natively, and delays no one else.
 */
static bool trap_set_way(struct vcpu *v, uint64_t pc)
{
	const struct sk_cfg_partition *c = v->partition->cfg;
	uint64_t sync_exit = v->exit_stats.exits - v->exit_stats.exits_irq;
	struct setway_step step;

	setway_step(&v->setway, c, pc, sync_exit, &step);
	if (step.size != 0u)
		dcache_clean_inval_range(
			(const void *)(uintptr_t)(c->regions[step.region].phys + step.offset),
			(size_t)step.size);
	return step.done;
}

/* Out of line: inlined, its set/way and register paths made every exit
 * (hypercalls too) save more callee-saved registers (+4 instructions). */
__attribute__((noinline)) static bool trap_sysreg(struct trap_frame *f,
						  struct vcpu *v, uint64_t esr)
{
	uint64_t enc = esr & ESR_SYS_ENC_MASK;
	uint32_t rt = (uint32_t)(esr >> ESR_SYS_RT_SHIFT) & 0x1fu;

	/* Debug, PMU, error-record and LORegion state is the physical
	 * CPU's: a vCPU sees it as zero and its writes are ignored. LORID_EL1
	 * is read-only: writing it is UNDEFINED. */
	if (trap_is_loregion(esr) && enc == SYS_LORID_EL1 &&
	    (esr & ESR_SYS_READ) == 0)
		return false;
	if (trap_is_debug_or_pmu(esr) || trap_is_error_record(esr) ||
	    trap_is_loregion(esr)) {
		if ((esr & ESR_SYS_READ) != 0)
			trap_set_reg(f, rt, 0);
		f->elr += INSN_SIZE;
		return true;
	}
	if ((esr & ESR_SYS_READ) != 0)
		return false;
	if (trap_is_set_way(enc)) {
		if (!trap_set_way(v, f->elr))
			return true; /* not complete: the guest retries it */
	} else if (enc == SYS_ICC_SGI1R_EL1) {
		vgic_v3_send_sgi(&v->partition->vgic, v->index, trap_reg(f, rt));
	} else if (enc != SYS_ICC_ASGI1R_EL1 && enc != SYS_ICC_SGI0R_EL1) {
		return false;
	}
	/* Group 0 and alternate-group SGIs have no meaning for a guest that
	 * sees one security state: accepted and dropped. */
	f->elr += INSN_SIZE;
	return true;
}

static void trap_hypercall(struct trap_frame *f, struct vcpu *v, uint64_t esr)
{
	/* SMCCC uses immediate 0 only; other immediates are not calls. */
	if ((esr & ESR_ISS_HVC_IMM_MASK) != 0) {
		f->x[0] = (uint64_t)(int64_t)-1; /* NOT_SUPPORTED */
		return;
	}
	hypercall_dispatch(v, f->x);
}

void trap_guest_sync(struct trap_frame *f, uint64_t kind)
{
	uint64_t esr = sysreg_read(esr_el2);
	uint32_t ec = (uint32_t)((esr >> ESR_EC_SHIFT) & ESR_EC_MASK);
	struct vcpu *v = trap_vcpu();

	VCPU_EXIT_STAT_INC(v, exits);
	if (kind == VEC_LOW64_SERROR || kind == VEC_LOW32_SERROR) {
		fault_report(v, FAULT_SERROR, 0, esr, f->elr);
		vcpu_before_entry(v);
		return;
	}
	switch (ec) {
	case ESR_EC_HVC64:
		VCPU_EXIT_STAT_INC(v, exits_hypercall);
		trap_hypercall(f, v, esr);
		break;
	case ESR_EC_SMC64:
		/* Nothing a guest passes reaches the firmware. */
		VCPU_EXIT_STAT_INC(v, exits_hypercall);
		f->elr += INSN_SIZE;
		trap_hypercall(f, v, esr);
		break;
	case ESR_EC_DABT_LOW:
		trap_abort(f, v, esr, false);
		break;
	case ESR_EC_WFX:
		/* Only WFI traps (HCR_EL2.TWI, shared CPUs): the vCPU idles. */
		f->elr += trap_insn_size(esr);
		sched_wfi(v);
		break;
	case ESR_EC_IABT_LOW:
		trap_abort(f, v, esr, true);
		break;
	case ESR_EC_SYSREG:
		if (trap_sysreg(f, v, esr)) {
			VCPU_EXIT_STAT_INC(v, exits_sysreg);
			break;
		}
		fault_report(v, FAULT_UNDEFINED, f->elr, esr, f->elr);
		inject_undefined(f);
		break;
	default:
		fault_report(v, FAULT_UNDEFINED, f->elr, esr, f->elr);
		inject_undefined(f);
		break;
	}
	vcpu_before_entry(v);
}
