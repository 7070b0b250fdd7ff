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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
