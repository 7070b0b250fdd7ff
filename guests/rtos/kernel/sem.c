// SPDX-License-Identifier: MIT
/* Semaphores (μITRON 4.0 4.4.1). */
#include "kernel/kernel.h"

ER sig_sem(ID semid)
{
	struct rtos_sem *sem;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	sem = sem_of(semid);
	if (sem == NULL) {
		ercd = E_ID;
	} else if (!queue_empty(&sem->wq)) {
		/* A waiter takes the resource at once: the count stays. */
		wait_release(wait_first(&sem->wq), E_OK);
		kernel_dispatch();
	} else if (sem->count < sem->cfg->maxsem) {
		sem->count++;
	} else {
		ercd = E_QOVR;
	}
	kernel_leave(s);
	return ercd;
}

ER twai_sem(ID semid, TMO tmout)
{
	struct rtos_sem *sem;
	uint64_t s;
	ER ercd;

	if (tmout < TMO_FEVR)
		return E_PAR;
	if (tmout != TMO_POL && kernel_cannot_wait())
		return E_CTX;
	s = kernel_enter();
	sem = sem_of(semid);
	if (sem == NULL) {
		ercd = E_ID;
	} else if (sem->count > 0) {
		sem->count--;
		ercd = E_OK;
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		ercd = wait_block(RTOS_WAIT_SEM, sem, &sem->wq,
				  (sem->cfg->sematr & TA_TPRI) != 0, tmout);
	}
	kernel_leave(s);
	return ercd;
}

ER wai_sem(ID semid)
{
	return twai_sem(semid, TMO_FEVR);
}

ER pol_sem(ID semid)
{
	return twai_sem(semid, TMO_POL);
}
