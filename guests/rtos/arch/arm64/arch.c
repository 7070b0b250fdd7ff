// SPDX-License-Identifier: MIT
/*
 * The RTOS on AArch64 EL1: time from the virtual counter, the kernel's
 * timer on the EL1 virtual timer (PPI 27), interrupts through whatever GIC
 * the board or partition presents (guests/tests/lib/irq.c finds it), the
 * console through the shikiri hypercall or the PL011
 * (guests/tests/lib/console.c).
 */
#include "arch/arm64/rtos_arm64.h"

#include "console.h"
#include "guest.h"
#include "guest_time.h"
#include "irq.h"
#include "kernel/kernel.h"

/* CNTV_CTL_EL0 (Arm ARM D17.8.16). */
#define CNTV_CTL_ENABLE  1u
#define INTID_VTIMER     27u
#define SWITCH_FRAME     (12u * 8u)
#define FRAME_X19        0u
#define FRAME_X20        1u
#define FRAME_X29        10u
#define FRAME_X30        11u

void rtos_task_trampoline(void);

static rtos_isr_fn isr_table[RTOS_MAX_INTID];
static uint32_t stray_irqs;

uint64_t rtos_arch_now(void)
{
	return guest_counter();
}

uint64_t rtos_arch_freq(void)
{
	return guest_counter_freq();
}

void rtos_arch_set_timer(uint64_t at)
{
	if (at == RTOS_NEVER) {
		__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory");
		return;
	}
	/* A time already past fires at once: the condition holds. */
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb"
			 : : "r"(at), "r"((uint64_t)CNTV_CTL_ENABLE) : "memory");
}

uint64_t rtos_arch_irq_save(void)
{
	uint64_t daif;

	__asm__ volatile("mrs %0, daif\n\tmsr daifset, #2" : "=r"(daif) : : "memory");
	return daif;
}

void rtos_arch_irq_restore(uint64_t saved)
{
	__asm__ volatile("msr daif, %0" : : "r"(saved) : "memory");
}

void rtos_arch_task_init(struct rtos_tcb *t)
{
	uint64_t top = (uint64_t)(uintptr_t)t->cfg->stk + t->cfg->stksz;
	uint64_t *frame = (uint64_t *)(uintptr_t)(top - SWITCH_FRAME);

	for (uint32_t i = 0; i < SWITCH_FRAME / 8u; i++)
		frame[i] = 0;
	frame[FRAME_X19] = (uint64_t)(uintptr_t)t->cfg->task;
	frame[FRAME_X20] = (uint64_t)t->cfg->exinf;
	frame[FRAME_X29] = 0; /* end of the frame-pointer chain */
	frame[FRAME_X30] = (uint64_t)(uintptr_t)rtos_task_trampoline;
	t->sp = (uint64_t)(uintptr_t)frame;
}

void rtos_arch_idle(void)
{
	/* WFI with interrupts masked still wakes on one pending (Arm ARM
	 * D1.6.2); the window after it takes it. */
	__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2"
			 ::: "memory");
}

void rtos_arch_fatal(const char *why)
{
	guest_printf("rtos: fatal: %s\n", why);
	guest_halt();
}

ER rtos_attach_isr(uint32_t intid, rtos_isr_fn isr)
{
	if (intid >= RTOS_MAX_INTID || intid == INTID_VTIMER)
		return E_PAR;
	isr_table[intid] = isr;
	return E_OK;
}

static bool in_partition;

void rtos_arch_set_partition(bool yes)
{
	in_partition = yes;
}

bool rtos_arch_in_partition(void)
{
	return in_partition;
}

uint32_t rtos_stray_irqs(void)
{
	return stray_irqs;
}

/* Every interrupt, in handler context: the kernel's timer or a device. */
static void rtos_irq(uint32_t intid)
{
	rtos.handler_depth++;
	if (intid == INTID_VTIMER)
		rtos_time_event();
	else if (intid < RTOS_MAX_INTID && isr_table[intid] != NULL)
		isr_table[intid](intid);
	else
		stray_irqs++;
	rtos.handler_depth--;
}

ER rtos_arch_start(const struct rtos_config *cfg)
{
	const char *why = "";
	uint32_t which = 0;
	ER ercd;

	if (guest_irq_init() == 0u) {
		guest_puts("rtos: no GIC answered: cannot take interrupts\n");
		return E_SYS;
	}
	guest_irq_set_owner(rtos_irq, kernel_handler_exit);
	ercd = rtos_kernel_init(cfg, &why, &which);
	if (ercd != E_OK) {
		guest_printf("rtos: configuration refused (%d): %s (object %u)\n",
			     (int)ercd, why, which);
		return ercd;
	}
	rtos_kernel_start();
	return E_SYS; /* not reached */
}
