// SPDX-License-Identifier: MIT
/* Event flags (μITRON 4.0 4.4.2). */
#include "kernel/kernel.h"

static bool flg_satisfied(FLGPTN ptn, FLGPTN waiptn, MODE wfmode)
{
	return wfmode == TWF_ORW ? (ptn & waiptn) != 0
				 : (ptn & waiptn) == waiptn;
}

ER set_flg(ID flgid, FLGPTN setptn)
{
	struct rtos_flg *flg;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	flg = flg_of(flgid);
	if (flg == NULL) {
		ercd = E_ID;
	} else {
		struct rtos_queue *pos = flg->wq.next;
		bool released = false;

		flg->ptn |= setptn;
		/* Every waiter whose condition now holds is released, in queue
		 * order; with TA_CLR the first release clears the pattern. */
		while (pos != &flg->wq) {
			struct rtos_tcb *t = RTOS_CONTAINER_OF(pos, struct rtos_tcb, node);

			pos = pos->next;
			if (!flg_satisfied(flg->ptn, t->winfo.flg.waiptn,
					   t->winfo.flg.wfmode))
				continue;
			t->winfo.flg.flgptn = flg->ptn;
			wait_release(t, E_OK);
			released = true;
			if ((flg->cfg->flgatr & TA_CLR) != 0) {
				flg->ptn = 0;
				break;
			}
		}
		if (released)
			kernel_dispatch();
	}
	kernel_leave(s);
	return ercd;
}

ER clr_flg(ID flgid, FLGPTN clrptn)
{
	struct rtos_flg *flg;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	flg = flg_of(flgid);
	if (flg == NULL)
		ercd = E_ID;
	else
		flg->ptn &= clrptn;
	kernel_leave(s);
	return ercd;
}

ER twai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn, TMO tmout)
{
	struct rtos_flg *flg;
	uint64_t s;
	ER ercd;

	if (tmout < TMO_FEVR || waiptn == 0 || p_flgptn == NULL ||
	    (wfmode != TWF_ANDW && wfmode != TWF_ORW))
		return E_PAR;
	if (tmout != TMO_POL && kernel_cannot_wait())
		return E_CTX;
	s = kernel_enter();
	flg = flg_of(flgid);
	if (flg == NULL) {
		ercd = E_ID;
	} else if ((flg->cfg->flgatr & TA_WMUL) == 0 && !queue_empty(&flg->wq)) {
		ercd = E_ILUSE; /* one waiter at a time without TA_WMUL */
	} else if (flg_satisfied(flg->ptn, waiptn, wfmode)) {
		*p_flgptn = flg->ptn;
		if ((flg->cfg->flgatr & TA_CLR) != 0)
			flg->ptn = 0;
		ercd = E_OK;
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		struct rtos_tcb *self = rtos.runtsk;

		self->winfo.flg.waiptn = waiptn;
		self->winfo.flg.wfmode = wfmode;
		ercd = wait_block(RTOS_WAIT_FLG, flg, &flg->wq,
				  (flg->cfg->flgatr & TA_TPRI) != 0, tmout);
		if (ercd == E_OK)
			*p_flgptn = self->winfo.flg.flgptn;
	}
	kernel_leave(s);
	return ercd;
}

ER wai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn)
{
	return twai_flg(flgid, waiptn, wfmode, p_flgptn, TMO_FEVR);
}

ER pol_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn)
{
	return twai_flg(flgid, waiptn, wfmode, p_flgptn, TMO_POL);
}
