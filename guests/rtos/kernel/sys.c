// SPDX-License-Identifier: MIT
/* System state and time (μITRON 4.0 4.6, 4.7.1). */
#include "kernel/kernel.h"

ER get_tim(SYSTIM *p_systim)
{
	if (p_systim == NULL)
		return E_PAR;
	*p_systim = time_to_us(rtos_arch_now() - rtos.start_tick);
	return E_OK;
}

ER loc_cpu(void)
{
	uint64_t s = rtos_arch_irq_save();

	if (!rtos.cpu_locked) {
		rtos.lock_saved = s;
		rtos.cpu_locked = true;
	}
	return E_OK;
}

ER unl_cpu(void)
{
	uint64_t s;

	if (!rtos.cpu_locked)
		return E_OK;
	s = rtos.lock_saved;
	rtos.cpu_locked = false;
	/* What became ready while locked runs now (in a task). */
	kernel_dispatch();
	rtos_arch_irq_restore(s);
	return E_OK;
}

ER dis_dsp(void)
{
	if (rtos.handler_depth > 0 || rtos.cpu_locked)
		return E_CTX;
	rtos.dsp_disabled = true;
	return E_OK;
}

ER ena_dsp(void)
{
	uint64_t s;

	if (rtos.handler_depth > 0 || rtos.cpu_locked)
		return E_CTX;
	s = kernel_enter();
	rtos.dsp_disabled = false;
	kernel_dispatch();
	kernel_leave(s);
	return E_OK;
}

bool sns_ctx(void)
{
	return rtos.handler_depth > 0;
}

bool sns_loc(void)
{
	return rtos.cpu_locked;
}

bool sns_dsp(void)
{
	return rtos.dsp_disabled;
}
