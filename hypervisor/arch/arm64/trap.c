/* SPDX-License-Identifier: MIT */
/*
 * Synchronous exits from a guest, dispatched by exception class (ESR_EL2.EC,
 * Arm ARM D19.2.40). Anything not handled explicitly becomes an UNDEFINED
 * exception in the guest: never a hypervisor crash.
 */
#include "arch/arm64/esr_decode.h"
#include "arch/arm64/gic/vgic_regs.h"
#include "arch/arm64/inject.h"
#include "arch/arm64/sysreg.h"
#include "arch/asm_offsets.h"
#include "arch/cache.h"
#include "arch/trap_frame.h"
#include "core/fault.h"
#include "core/hypercall.h"
#include "core/lifecycle.h"
#include "core/mmio.h"
#include "core/panic.h"
#include "core/partition.h"
#include "core/partition_log.h"
#include "core/partition_mem.h"
#include "core/percpu.h"
#include "core/sched_arch.h"
#include "core/setway.h"
#include "core/vcpu.h"
#include "core/vcpu_entry.h"

/* AArch64 instructions are 4 bytes; a trapped SMC returns to itself. */
#define INSN_SIZE 4u
/* A 16-bit T32 instruction: AArch32 EL0 (which Cortex-A53/A57/A72 have,
 * ID_AA64PFR0_EL1.EL0 = 2) may be in T32 state. */
#define INSN_SIZE_T16 2u

void trap_guest_sync(struct trap_frame *f, uint64_t kind);
bool trap_light(struct trap_frame *f);

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

static uint64_t trap_reg(const struct trap_frame *f, uint32_t r)
{
	return r == ESR_REG_XZR ? 0 : f->x[r];
}

static void trap_set_reg(struct trap_frame *f, uint32_t r, uint64_t v)
{
	if (r != ESR_REG_XZR)
		f->x[r] = v;
}

/* Emulates the access if it hits one of the partition's emulated devices
 * and the syndrome describes it; false if the guest must get an abort. */
static bool trap_mmio(struct trap_frame *f, struct vcpu *v, uint64_t esr,
		      uint64_t ipa)
{
	const struct mmio_region *r =
		partition_find_mmio(v->partition, gpa_of(ipa));
	struct mmio_access a;
	struct esr_dabt d;

	if (r == NULL || !esr_dabt_decode(esr, &d))
		return false;
	a.addr = ipa;
	a.size = d.size;
	a.write = d.write;
	a.value = d.write ? esr_dabt_store_value(&d, trap_reg(f, d.reg)) : 0;
	if (!r->handler(v, r->dev, ipa - r->base, &a))
		return false;
	if (!a.write)
		trap_set_reg(f, d.reg, esr_dabt_load_value(&d, a.value));
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
		      v->partition->cfg->name, v->index.index, TRAP_ABORT_LOOP_LIMIT,
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
	/* A stage-2 translation fault (any level) in the partition's RAM:
	 * the guest's first touch of a granule not cleared yet, or of one
	 * another vCPU of it is clearing; once cleared and mapped the guest
	 * retries the access (ELR unchanged). After the emulated devices
	 * (they never overlap RAM, the validator checks), so an MMIO exit
	 * pays nothing for it; addresses outside the regions go on to the
	 * fault policy as before. */
	if ((esr & ESR_ABT_FSC_TYPE_MASK) == ESR_ABT_FSC_TRANSLATION &&
	    partition_mem_fault(v->partition, gpa_of(ipa)))
		return;
	/* Anything else is an access outside what the partition owns. */
	fault_report(v, kind, ipa, esr, f->elr);
	trap_check_abort_loop(v, f->elr);
	inject_external_abort(f, instruction, far, esr);
	v->last_vector = f->elr;
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
	uint64_t sync_exit = v->exit_stats.exits - v->exit_stats.exits_irq +
			     v->exit_stats.light_hypercalls + v->exit_stats.light_mmio;
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
	struct esr_sysreg s;

	if (!esr_sysreg_decode(esr, &s))
		return false;
	switch (s.action) {
	case ESR_SYSREG_RAZ_WI:
		if (s.read)
			trap_set_reg(f, s.reg, 0);
		break;
	case ESR_SYSREG_SET_WAY:
		if (!trap_set_way(v, f->elr))
			return true; /* not complete: the guest retries it */
		break;
	case ESR_SYSREG_SGI1R:
		vgic_v3_send_sgi(&v->partition->arch.vgic, v->index, trap_reg(f, s.reg));
		break;
	case ESR_SYSREG_SGI_IGNORED:
		break;
	case ESR_SYSREG_UNDEFINED:
	default:
		return false;
	}
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

/* An instruction the guest may not run, or one shikiri does not emulate:
 * reported, and an Undefined Instruction exception for the guest. */
static void trap_undefined(struct trap_frame *f, struct vcpu *v, uint64_t esr)
{
	fault_report(v, FAULT_UNDEFINED, f->elr, esr, f->elr);
	inject_undefined(f);
}

/* The synchronous exit by its ESR_EL2 exception class (Arm ARM D19.2.40). */
static inline void trap_dispatch(struct trap_frame *f, struct vcpu *v,
				 uint64_t esr)
{
	switch (esr_exit_kind(esr)) {
	case ESR_EXIT_HVC:
		VCPU_EXIT_STAT_INC(v, exits_hypercall);
		trap_hypercall(f, v, esr);
		break;
	case ESR_EXIT_SMC:
		/* Nothing a guest passes reaches the firmware. */
		VCPU_EXIT_STAT_INC(v, exits_hypercall);
		f->elr += INSN_SIZE;
		trap_hypercall(f, v, esr);
		break;
	case ESR_EXIT_DATA_ABORT:
		trap_abort(f, v, esr, false);
		break;
	case ESR_EXIT_WFX:
		/* Only WFI traps (HCR_EL2.TWI, shared CPUs): the vCPU idles. */
		f->elr += trap_insn_size(esr);
		sched_wfi(v);
		break;
	case ESR_EXIT_INSN_ABORT:
		trap_abort(f, v, esr, true);
		break;
	case ESR_EXIT_SYSREG:
		if (trap_sysreg(f, v, esr)) {
			VCPU_EXIT_STAT_INC(v, exits_sysreg);
			break;
		}
		trap_undefined(f, v, esr);
		break;
	case ESR_EXIT_UNDEFINED:
	default:
		trap_undefined(f, v, esr);
		break;
	}
}

void trap_guest_sync(struct trap_frame *f, uint64_t kind)
{
	uint64_t esr = sysreg_read(esr_el2);
	struct vcpu *v = trap_vcpu();

	VCPU_EXIT_STAT_INC(v, exits);
	if (kind == VEC_LOW64_SERROR || kind == VEC_LOW32_SERROR) {
		fault_report(v, FAULT_SERROR, 0, esr, f->elr);
		vcpu_before_entry(v, VCPU_ENTRY_AFTER_EXIT);
		return;
	}
	trap_dispatch(f, v, esr);
	vcpu_before_entry(v, VCPU_ENTRY_AFTER_EXIT);
}

/*
 * The light exit path. vectors.S calls this first for every synchronous
 * exit from AArch64 with only x0-x19 and x30 saved in f (the registers
 * this call may change, and x19 with x18 for a store pair): the exits
 * that read and change no state are answered here and the vector returns
 * to the guest at once, without the rest of the frame, the scheduler's
 * step, the vCPU's requests or the vGIC's list registers
 * (vcpu_before_entry), none of which such an exit changes. Those are:
 * an HVC or SMC #0 of a call hypercall_light answers (the ABI version,
 * PSCI_VERSION and _FEATURES, SMCCC_VERSION and _ARCH_FEATURES), and a
 * 32-bit read of a fixed distributor register (vgic_v3_dist_read_fixed,
 * vgic_v2_dist_read_fixed) into one of the saved registers. Their
 * answers are the full path's (the same handlers; tests/unit
 * test_hypercall light_*, test_vgic light_*). Anything else returns
 * false with f as it was and the vector goes the full way
 * (trap_guest_sync), which also takes over when the vCPU has requests
 * or the scheduler was poked, so those wait for no later exit. Each
 * light exit counts once, in light_hypercalls or light_mmio (exits and
 * hypercall or MMIO exits in the statistics).
 */
#define TRAP_LIGHT_SAVED_REGS 20u

/* Whether the light path may answer for v: not when it has requests or
 * the scheduler of this CPU was poked (plain loads: whoever sets these
 * also sends this CPU an interrupt, taken as soon as the guest resumes). */
static inline bool trap_light_allowed(const struct percpu *c,
				      const struct vcpu *v)
{
	return v != NULL && v->requests == 0u && c->resched == 0u;
}

/* Out of line: its registers would make trap_light save more for every
 * light call. esr is a read32 into a saved register. */
static __attribute__((noinline)) bool
trap_light_mmio(struct trap_frame *f, uint64_t esr)
{
	/* this_cpu(), without the call. */
	const struct percpu *c = (const struct percpu *)(uintptr_t)sysreg_read(tpidr_el2);
	struct vcpu *v = c->vcpu;
	struct vgic *g;
	uint64_t ipa;
	uint32_t val;

	if (!trap_light_allowed(c, v))
		return false;
	/* Not the distributor's frame (most MMIO exits: a UART's):
	 * declined without the call. */
	g = &v->partition->arch.vgic;
	ipa = trap_fault_ipa();
	if (ipa - g->dist_base >= VGIC_DIST_SIZE ||
	    !(g->version == 3u ? vgic_v3_dist_read_fixed(g, ipa, &val)
			       : vgic_v2_dist_read_fixed(g, ipa, &val)))
		return false;
	/* esr_dabt_load_value of a read32. */
	f->x[(esr >> ESR_DABT_SRT_SHIFT) & ESR_DABT_SRT_MASK] = val;
	sysreg_write(elr_el2, sysreg_read(elr_el2) + trap_insn_size(esr));
	VCPU_EXIT_STAT_INC(v, light_mmio);
	return true;
}

/* The checks in the order that declines the other exits soonest: by the
 * syndrome, then (calls) by the function id, and only then the vCPU. */
bool trap_light(struct trap_frame *f)
{
	uint64_t esr = sysreg_read(esr_el2);
	enum esr_exit kind = esr_exit_kind(esr);
	const struct percpu *c;
	struct vcpu *v;
	hc_handler h;

	if ((kind != ESR_EXIT_HVC && kind != ESR_EXIT_SMC) ||
	    (esr & ESR_ISS_HVC_IMM_MASK) != 0u) {
		if (esr_dabt_is_read32(esr) &&
		    ((esr >> ESR_DABT_SRT_SHIFT) & ESR_DABT_SRT_MASK) < TRAP_LIGHT_SAVED_REGS)
			return trap_light_mmio(f, esr);
		return false;
	}
	h = hypercall_light((uint32_t)f->x[0]);
	/* this_cpu(), without the call. */
	c = (const struct percpu *)(uintptr_t)sysreg_read(tpidr_el2);
	v = c->vcpu;
	if (h == NULL || !trap_light_allowed(c, v))
		return false;
	h(NULL, f->x);
	/* A trapped SMC returns to itself (trap_dispatch). */
	if (kind == ESR_EXIT_SMC)
		sysreg_write(elr_el2, sysreg_read(elr_el2) + INSN_SIZE);
	VCPU_EXIT_STAT_INC(v, light_hypercalls);
	return true;
}
