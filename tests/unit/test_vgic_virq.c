/* SPDX-License-Identifier: MIT */
/*
 * The software-raised virtual IRQ of a board whose GIC's virtual interrupt
 * outputs are not wired (hypervisor/arch/arm64/gic/vgic_v3_virq.c): whether
 * HCR_EL2.VI/VF is set for a snapshot of the virtual CPU interface, and
 * which maintenance interrupts watch for the guest changing the answer.
 * Register layouts are written out from Arm IHI 0069H 12.5 (ICH_LR<n>_EL2,
 * ICH_VMCR_EL2, ICH_AP1R<n>_EL2, ICH_HCR_EL2) so the test does not share
 * the implementation's constants.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "arch/arm64/gic/vgic_v3_virq.h"

/* ICH_LR<n>_EL2 */
#define LR_PENDING   (1ull << 62)
#define LR_ACTIVE    (1ull << 63)
#define LR_GROUP1    (1ull << 60)
#define LR_PRIO(p)   ((uint64_t)(p) << 48)
#define LR(intid, prio, state, group1) \
	((uint64_t)(intid) | LR_PRIO(prio) | (state) | ((group1) ? LR_GROUP1 : 0u))

/* ICH_VMCR_EL2 */
#define VENG0        (1ull << 0)
#define VENG1        (1ull << 1)
#define VBPR1(b)     ((uint64_t)(b) << 18)
#define VPMR(p)      ((uint64_t)(p) << 24)

/* ICH_HCR_EL2 */
#define UIE          (1ull << 1)
#define NPIE         (1ull << 3)
#define VGRP0EIE     (1ull << 4)
#define VGRP0DIE     (1ull << 5)
#define VGRP1EIE     (1ull << 6)
#define VGRP1DIE     (1ull << 7)

/* A Cortex-A53's GIC CPU interface (QEMU's too): 4 LRs, 5 bits of
 * priority and preemption, one active-priority register per group;
 * priority p is bit p >> 3 there. Linux's set-up: both groups' PMR open,
 * group 1 on, the smallest binary point. */
static struct vgic_v3_cpuif cpuif(void)
{
	struct vgic_v3_cpuif s;

	memset(&s, 0, sizeof(s));
	s.lr_count = 4;
	s.apr_count = 1;
	s.pre_bits = 5;
	s.pri_bits = 5;
	s.vmcr = VENG1 | VPMR(0xf0);
	return s;
}

static struct vgic_v3_virq decide(const struct vgic_v3_cpuif *s)
{
	struct vgic_v3_virq d;

	memset(&d, 0xa5, sizeof(d));
	vgic_v3_virq_decide(s, &d);
	return d;
}

static void test_an_empty_interface_signals_nothing_and_watches_nothing(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d = decide(&s);

	(void)state;
	assert_false(d.irq);
	assert_false(d.fiq);
	assert_int_equal(d.maint, 0);
}

static void test_a_pending_group1_lr_raises_virq_until_no_lr_is_pending(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	s.lr[2] = LR(27, 0xa0, LR_PENDING, true);
	d = decide(&s);
	assert_true(d.irq);
	assert_false(d.fiq);
	assert_int_equal(d.maint, NPIE | VGRP1DIE);
}

static void test_an_acknowledged_lr_no_longer_raises_virq(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	s.lr[0] = LR(27, 0xa0, LR_ACTIVE, true);
	s.apr1[0] = 1u << (0xa0 >> 3);
	d = decide(&s);
	assert_false(d.irq);
	assert_int_equal(d.maint, 0);
}

static void test_a_pending_lr_in_a_disabled_group_waits_for_the_enable(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	s.vmcr = VPMR(0xf0); /* a guest before ICC_IGRPEN1_EL1 = 1 */
	s.lr[1] = LR(33, 0xa0, LR_PENDING, true);
	d = decide(&s);
	assert_false(d.irq);
	assert_int_equal(d.maint, VGRP1EIE);
}

static void test_the_priority_mask_holds_back_an_equal_or_lower_priority(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	s.vmcr = VENG1 | VPMR(0xa0);
	s.lr[0] = LR(27, 0xa0, LR_PENDING, true);
	d = decide(&s);
	assert_false(d.irq);
	assert_int_equal(d.maint, 0);
	s.vmcr = VENG1 | VPMR(0xa8);
	assert_true(decide(&s).irq);
}

static void test_a_running_priority_blocks_and_waits_for_an_lr_to_empty(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	/* The guest is in its timer handler; a device interrupt of the same
	 * priority waits for its EOI, which empties LR 0: underflow. */
	s.lr[0] = LR(27, 0xa0, LR_ACTIVE, true);
	s.lr[1] = LR(40, 0xa0, LR_PENDING, true);
	s.apr1[0] = 1u << (0xa0 >> 3);
	d = decide(&s);
	assert_false(d.irq);
	assert_int_equal(d.maint, UIE);
}

static void test_no_underflow_watch_when_it_would_fire_at_once(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	/* The active interrupt is in no LR: one valid LR is already an
	 * underflow, which would interrupt the hypervisor forever. */
	s.lr[1] = LR(40, 0xa0, LR_PENDING, true);
	s.apr1[0] = 1u << (0xa0 >> 3);
	d = decide(&s);
	assert_false(d.irq);
	assert_int_equal(d.maint, 0);
}

static void test_a_higher_priority_preempts_the_running_one(void **state)
{
	struct vgic_v3_cpuif s = cpuif();

	(void)state;
	s.lr[0] = LR(27, 0xa0, LR_ACTIVE, true);
	s.lr[1] = LR(40, 0x80, LR_PENDING, true);
	s.apr1[0] = 1u << (0xa0 >> 3);
	assert_true(decide(&s).irq);
}

static void test_preemption_compares_group_priorities_by_the_binary_point(void **state)
{
	struct vgic_v3_cpuif s = cpuif();

	(void)state;
	/* BPR1 = 6: group priority bits [7:6], 0x80 and 0xa0 are one group. */
	s.vmcr = VENG1 | VPMR(0xf0) | VBPR1(6);
	s.lr[0] = LR(27, 0xa0, LR_ACTIVE, true);
	s.lr[1] = LR(40, 0x80, LR_PENDING, true);
	s.apr1[0] = 1u << (0xa0 >> 3); /* by priority alone, 0x80 preempts */
	assert_false(decide(&s).irq);
}

static void test_unimplemented_priority_bits_are_ignored(void **state)
{
	struct vgic_v3_cpuif s = cpuif();

	(void)state;
	/* 5 priority bits: 0xa7 is 0xa0, above a mask of 0xa1. */
	s.vmcr = VENG1 | VPMR(0xa1);
	s.lr[0] = LR(27, 0xa7, LR_PENDING, true);
	assert_true(decide(&s).irq);
}

static void test_group0_raises_vfiq(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	s.vmcr = VENG0 | VPMR(0xf0);
	s.lr[3] = LR(5, 0x10, LR_PENDING, false);
	d = decide(&s);
	assert_true(d.fiq);
	assert_false(d.irq);
	assert_int_equal(d.maint, NPIE | VGRP0DIE);
}

static void test_the_highest_priority_lr_of_an_enabled_group_is_signalled(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	/* Group 0 is off: its better priority does not hide group 1's. */
	s.lr[0] = LR(5, 0x10, LR_PENDING, false);
	s.lr[1] = LR(27, 0xa0, LR_PENDING, true);
	d = decide(&s);
	assert_true(d.irq);
	assert_false(d.fiq);
	assert_int_equal(d.maint, NPIE | VGRP1DIE | VGRP0EIE);
}

static void test_pending_and_active_is_not_pending(void **state)
{
	struct vgic_v3_cpuif s = cpuif();

	(void)state;
	s.lr[0] = LR(1, 0xa0, LR_PENDING | LR_ACTIVE, true);
	s.apr1[0] = 1u << (0xa0 >> 3);
	assert_false(decide(&s).irq);
}

static void test_lrs_beyond_the_implemented_count_are_not_read(void **state)
{
	struct vgic_v3_cpuif s = cpuif();

	(void)state;
	s.lr_count = 2;
	s.lr[2] = LR(27, 0xa0, LR_PENDING, true);
	assert_false(decide(&s).irq);
}

/* ---- A guest acting between exits, against the maintenance interrupts
 * the decision arms: no delivery may be lost. ---- */

#define LR_HW        (1ull << 61)
#define LR_EOI       (1ull << 41)
#define LR_STATE     (LR_PENDING | LR_ACTIVE)
/* ICH_MISR_EL2 conditions (IHI 0069H 12.5.10) the model needs. */
#define SEARCH_DEPTH 5

static uint32_t prio_of(uint64_t lr)
{
	return (uint32_t)(lr >> 48) & 0xf8u;
}

/* The guest reads ICV_IAR1_EL1 (taking the virtual IRQ, so only while the
 * hypervisor raises it): the interface's best pending LR becomes active
 * and its priority becomes an active priority. Nothing when the interface
 * itself would signal nothing (a spurious 1023). */
static bool guest_ack(struct vgic_v3_cpuif *s, bool vi)
{
	uint32_t best = 4;

	if (!vi || !decide(s).irq)
		return false;
	for (uint32_t n = 0; n < s->lr_count; n++) {
		if ((s->lr[n] & LR_STATE) == LR_PENDING &&
		    (best == 4 || prio_of(s->lr[n]) < prio_of(s->lr[best])))
			best = n;
	}
	s->lr[best] = (s->lr[best] & ~LR_PENDING) | LR_ACTIVE;
	s->apr1[0] |= 1u << (prio_of(s->lr[best]) >> 3);
	return true;
}

/* The guest writes ICV_EOIR1_EL1 (EOImode 0) for its running interrupt:
 * the highest active priority drops, and an active LR of that priority is
 * deactivated (pending-and-active becomes pending). */
static bool guest_eoi(struct vgic_v3_cpuif *s)
{
	uint32_t p;

	if (s->apr1[0] == 0u)
		return false;
	p = (uint32_t)__builtin_ctz(s->apr1[0]);
	s->apr1[0] &= ~(1u << p);
	for (uint32_t n = 0; n < s->lr_count; n++) {
		if ((s->lr[n] & LR_ACTIVE) != 0u && prio_of(s->lr[n]) >> 3 == p) {
			s->lr[n] &= ~LR_ACTIVE;
			break;
		}
	}
	return true;
}

/* Whether the maintenance interrupt is asserted: an ended LR with the EOI
 * bit (EISR), underflow (UIE, at most one valid LR), no pending LR (NPIE). */
static bool maintenance(const struct vgic_v3_cpuif *s, uint64_t hcr)
{
	uint32_t valid = 0;
	bool pending = false;

	for (uint32_t n = 0; n < s->lr_count; n++) {
		uint64_t lr = s->lr[n];

		if ((lr & LR_STATE) == 0u && (lr & (LR_HW | LR_EOI)) == LR_EOI)
			return true;
		if ((lr & LR_STATE) != 0u)
			valid++;
		if ((lr & LR_STATE) == LR_PENDING)
			pending = true;
	}
	return ((hcr & UIE) != 0u && valid <= 1u) ||
	       ((hcr & NPIE) != 0u && !pending);
}

/* The hypervisor on the maintenance interrupt: LRs read back (a hidden
 * pending state written back once ended), then decided again. */
static void hypervisor_sync(struct vgic_v3_cpuif *s)
{
	for (uint32_t n = 0; n < s->lr_count; n++) {
		bool rewrite;
		uint64_t v = vgic_v3_virq_lr_unhide(s->lr[n], &rewrite);

		if (rewrite)
			s->lr[n] = v;
	}
}

static unsigned int explore(struct vgic_v3_cpuif s, struct vgic_v3_virq d,
			    unsigned int depth)
{
	unsigned int paths = 1;

	if (depth == 0)
		return paths;
	for (int action = 0; action < 2; action++) {
		struct vgic_v3_cpuif t = s;
		struct vgic_v3_virq now = d;

		if (!(action == 0 ? guest_ack(&t, d.irq) : guest_eoi(&t)))
			continue;
		if (maintenance(&t, d.maint)) {
			hypervisor_sync(&t);
			now = decide(&t);
		} else if (decide(&t).irq && !d.irq) {
			/* The interface would signal, the virtual IRQ is low
			 * and nothing will tell the hypervisor. */
			print_error("lost: lr %llx %llx apr %x after %s\n",
				    (unsigned long long)t.lr[0],
				    (unsigned long long)t.lr[1], t.apr1[0],
				    action == 0 ? "ack" : "eoi");
			fail();
		}
		paths += explore(t, now, depth - 1u);
	}
	return paths;
}

/* What the hypervisor may write to an LR (through vgic_v3_virq_lr_hide). */
static const uint64_t lr_kinds[] = {
	0, LR_PENDING, LR_ACTIVE, LR_PENDING | LR_ACTIVE,
	LR_PENDING | LR_HW, LR_ACTIVE | LR_HW,
};

static uint64_t lr_of(uint32_t kind, uint32_t intid, uint32_t prio)
{
	uint64_t k = lr_kinds[kind];

	if (k == 0u)
		return 0;
	return vgic_v3_virq_lr_hide((uint64_t)intid | LR_PRIO(prio) | LR_GROUP1 | k |
				    ((k & LR_HW) != 0u ? (uint64_t)(intid + 16u) << 32 : 0u));
}

static void test_no_delivery_is_lost_with_the_lrs_the_board_uses(void **state)
{
	static const uint32_t prios[] = { 0x80, 0xa0 };
	const uint32_t kinds = (uint32_t)(sizeof(lr_kinds) / sizeof(lr_kinds[0]));
	unsigned int paths = 0;

	(void)state;
	assert_int_equal(VGIC_V3_VIRQ_LRS, 2);
	/* Every pair of LRs the vGIC may leave, each priority; an active LR
	 * has its active priority. Then every sequence of guest
	 * acknowledgements and EOIs, SEARCH_DEPTH long. */
	for (uint32_t k0 = 0; k0 < kinds; k0++)
	for (uint32_t k1 = 0; k1 < kinds; k1++)
	for (uint32_t p0 = 0; p0 < 2u; p0++)
	for (uint32_t p1 = 0; p1 < 2u; p1++) {
		struct vgic_v3_cpuif s = cpuif();

		s.lr_count = VGIC_V3_VIRQ_LRS;
		s.lr[0] = lr_of(k0, 1, prios[p0]);
		s.lr[1] = lr_of(k1, 2, prios[p1]);
		for (uint32_t n = 0; n < 2u; n++) {
			if ((lr_kinds[n == 0 ? k0 : k1] & LR_ACTIVE) != 0u)
				s.apr1[0] |= 1u << (prios[n == 0 ? p0 : p1] >> 3);
		}
		paths += explore(s, decide(&s), SEARCH_DEPTH);
	}
	assert_true(paths > 500u);
}

/* The hang that needed VGIC_V3_VIRQ_LRS (a Linux vCPU, imx8mp-evk): with a
 * third LR, the guest's EOI of its active interrupt left two pending LRs,
 * no underflow, and the virtual IRQ low. */
static void test_three_lrs_would_lose_the_delivery_after_an_eoi(void **state)
{
	struct vgic_v3_cpuif s = cpuif();
	struct vgic_v3_virq d;

	(void)state;
	s.lr[0] = LR(1, 0xa0, LR_PENDING, true);
	s.lr[1] = LR(27, 0xa0, LR_PENDING, true) | LR_HW | (27ull << 32);
	s.lr[2] = LR(2, 0xa0, LR_ACTIVE, true);
	s.apr1[0] = 1u << (0xa0 >> 3);
	d = decide(&s);
	assert_false(d.irq);
	assert_true(guest_eoi(&s));
	assert_true(decide(&s).irq);
	assert_false(maintenance(&s, d.maint));
}

/* An SGI sent again while its handler runs: written active only, with the
 * EOI bit; read back as pending and active, and as pending once ended. */
static void test_a_pending_and_active_lr_is_hidden_until_its_eoi(void **state)
{
	uint64_t pa = LR(1, 0xa0, LR_PENDING | LR_ACTIVE, true);
	uint64_t hw = LR(27, 0xa0, LR_PENDING | LR_ACTIVE, true) | LR_HW;
	uint64_t h = vgic_v3_virq_lr_hide(pa);
	bool rewrite;

	(void)state;
	assert_int_equal(h, (pa & ~LR_PENDING) | LR_EOI);
	assert_true(vgic_v3_virq_lr_hidden(h));
	assert_int_equal(vgic_v3_virq_lr_unhide(h, &rewrite), pa);
	assert_false(rewrite);
	assert_int_equal(vgic_v3_virq_lr_unhide(h & ~LR_ACTIVE, &rewrite),
			 LR(1, 0xa0, LR_PENDING, true));
	assert_true(rewrite);
	/* Others are written as they are (HW: the EOI bit is pINTID's). */
	assert_int_equal(vgic_v3_virq_lr_hide(hw), hw);
	assert_false(vgic_v3_virq_lr_hidden(hw | LR_EOI));
	assert_int_equal(vgic_v3_virq_lr_hide(LR(1, 0xa0, LR_PENDING, true)),
			 LR(1, 0xa0, LR_PENDING, true));
	assert_int_equal(vgic_v3_virq_lr_unhide(LR(1, 0xa0, LR_ACTIVE, true), &rewrite),
			 LR(1, 0xa0, LR_ACTIVE, true));
	assert_false(rewrite);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_an_empty_interface_signals_nothing_and_watches_nothing),
		cmocka_unit_test(test_a_pending_group1_lr_raises_virq_until_no_lr_is_pending),
		cmocka_unit_test(test_an_acknowledged_lr_no_longer_raises_virq),
		cmocka_unit_test(test_a_pending_lr_in_a_disabled_group_waits_for_the_enable),
		cmocka_unit_test(test_the_priority_mask_holds_back_an_equal_or_lower_priority),
		cmocka_unit_test(test_a_running_priority_blocks_and_waits_for_an_lr_to_empty),
		cmocka_unit_test(test_no_underflow_watch_when_it_would_fire_at_once),
		cmocka_unit_test(test_a_higher_priority_preempts_the_running_one),
		cmocka_unit_test(test_preemption_compares_group_priorities_by_the_binary_point),
		cmocka_unit_test(test_unimplemented_priority_bits_are_ignored),
		cmocka_unit_test(test_group0_raises_vfiq),
		cmocka_unit_test(test_the_highest_priority_lr_of_an_enabled_group_is_signalled),
		cmocka_unit_test(test_pending_and_active_is_not_pending),
		cmocka_unit_test(test_lrs_beyond_the_implemented_count_are_not_read),
		cmocka_unit_test(test_no_delivery_is_lost_with_the_lrs_the_board_uses),
		cmocka_unit_test(test_three_lrs_would_lose_the_delivery_after_an_eoi),
		cmocka_unit_test(test_a_pending_and_active_lr_is_hidden_until_its_eoi),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
