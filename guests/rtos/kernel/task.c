// SPDX-License-Identifier: MIT
/* Task management and task-dependent synchronisation (μITRON 4.0 4.1-4.3). */
#include "kernel/kernel.h"

void task_start(struct rtos_tcb *t)
{
	t->bpri = t->cfg->itskpri;
	t->pri = t->bpri;
	t->wupcnt = 0;
	t->wait = RTOS_WAIT_NONE;
	t->wobj = NULL;
	t->wq = NULL;
	queue_init(&t->mutexes);
	rtos_arch_task_init(t);
	kernel_make_ready(t);
}

/* A task leaves the running/ready/waiting states for good (it may be
 * activated again). */
static void task_stop(struct rtos_tcb *t)
{
	struct rtos_mtx *waited = t->wait == RTOS_WAIT_MTX ? t->wobj : NULL;

	if (t->state == RTOS_READY) {
		kernel_make_unready(t);
	} else if (t->state == RTOS_WAITING_STATE) {
		if (t->wq != NULL)
			queue_remove(&t->node);
		time_event_remove(&t->tmevt);
	}
	t->state = RTOS_DORMANT;
	t->wait = RTOS_WAIT_NONE;
	mtx_release_all(t);
	if (waited != NULL && waited->owner != NULL)
		mtx_update_priority(waited->owner);
	if (t->actcnt > 0) {
		t->actcnt--;
		task_start(t);
	}
}

ER act_tsk(ID tskid)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tcb_of(tskid);
	if (t == NULL) {
		ercd = E_ID;
	} else if (t->state == RTOS_DORMANT) {
		task_start(t);
		kernel_dispatch();
	} else if (t->actcnt < RTOS_TMAX_ACTCNT) {
		t->actcnt++;
	} else {
		ercd = E_QOVR;
	}
	kernel_leave(s);
	return ercd;
}

ER_UINT can_act(ID tskid)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER_UINT n;

	t = tcb_of(tskid);
	if (t == NULL) {
		n = E_ID;
	} else {
		n = (ER_UINT)t->actcnt;
		t->actcnt = 0;
	}
	kernel_leave(s);
	return n;
}

void kernel_task_exit(void)
{
	uint64_t s = kernel_enter();
	struct rtos_tcb *self = rtos.runtsk;

	(void)s; /* a task that ends does not come back to restore it */
	if (rtos.handler_depth > 0 || self == NULL)
		rtos_arch_fatal("ext_tsk called outside a task");
	/* μITRON 4.0 4.1: ext_tsk also ends the CPU-locked and
	 * dispatch-disabled states. */
	rtos.cpu_locked = false;
	rtos.dsp_disabled = false;
	task_stop(self);
	kernel_exit_dispatch();
}

void ext_tsk(void)
{
	kernel_task_exit();
	rtos_arch_fatal("ext_tsk: the ended task ran again");
}

ER ter_tsk(ID tskid)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tcb_of(tskid);
	if (t == NULL || tskid == TSK_SELF)
		ercd = t == NULL ? E_ID : E_ILUSE;
	else if (t == rtos.runtsk)
		ercd = E_ILUSE;
	else if (t->state == RTOS_DORMANT)
		ercd = E_OBJ;
	else {
		task_stop(t);
		kernel_dispatch();
	}
	kernel_leave(s);
	return ercd;
}

ER chg_pri(ID tskid, PRI tskpri)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tcb_of(tskid);
	if (t == NULL) {
		ercd = E_ID;
	} else if (tskpri != TPRI_INI &&
		   (tskpri < TMIN_TPRI || tskpri > RTOS_TMAX_TPRI)) {
		ercd = E_PAR;
	} else if (t->state == RTOS_DORMANT) {
		ercd = E_OBJ;
	} else {
		t->bpri = tskpri == TPRI_INI ? t->cfg->itskpri : tskpri;
		mtx_update_priority(t);
		kernel_dispatch();
	}
	kernel_leave(s);
	return ercd;
}

ER get_pri(ID tskid, PRI *p_tskpri)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tcb_of(tskid);
	if (t == NULL)
		ercd = E_ID;
	else if (p_tskpri == NULL)
		ercd = E_PAR;
	else if (t->state == RTOS_DORMANT)
		ercd = E_OBJ;
	else
		*p_tskpri = t->pri;
	kernel_leave(s);
	return ercd;
}

ER get_tid(ID *p_tskid)
{
	if (p_tskid == NULL)
		return E_PAR;
	*p_tskid = rtos.handler_depth == 0 && rtos.runtsk != NULL
		   ? rtos.runtsk->id : 0;
	return E_OK;
}

ER ref_tsk_stat(ID tskid, STAT *p_tskstat)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tcb_of(tskid);
	if (t == NULL) {
		ercd = E_ID;
	} else if (p_tskstat == NULL) {
		ercd = E_PAR;
	} else {
		switch (t->state) {
		case RTOS_READY:
			*p_tskstat = t == rtos.runtsk ? TTS_RUN : TTS_RDY;
			break;
		case RTOS_WAITING_STATE:
			*p_tskstat = TTS_WAI;
			break;
		case RTOS_DORMANT:
		default:
			*p_tskstat = TTS_DMT;
			break;
		}
	}
	kernel_leave(s);
	return ercd;
}

ER tslp_tsk(TMO tmout)
{
	uint64_t s;
	ER ercd;

	if (tmout < TMO_FEVR)
		return E_PAR;
	if (tmout != TMO_POL && kernel_cannot_wait())
		return E_CTX;
	s = kernel_enter();
	if (rtos.runtsk == NULL) {
		ercd = E_CTX;
	} else if (rtos.runtsk->wupcnt > 0) {
		rtos.runtsk->wupcnt--;
		ercd = E_OK;
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		ercd = wait_block(RTOS_WAIT_SLP, NULL, NULL, false, tmout);
	}
	kernel_leave(s);
	return ercd;
}

ER slp_tsk(void)
{
	return tslp_tsk(TMO_FEVR);
}

ER wup_tsk(ID tskid)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tcb_of(tskid);
	if (t == NULL) {
		ercd = E_ID;
	} else if (t->state == RTOS_DORMANT) {
		ercd = E_OBJ;
	} else if (t->state == RTOS_WAITING_STATE && t->wait == RTOS_WAIT_SLP) {
		wait_release(t, E_OK);
		kernel_dispatch();
	} else if (t->wupcnt < RTOS_TMAX_WUPCNT) {
		t->wupcnt++;
	} else {
		ercd = E_QOVR;
	}
	kernel_leave(s);
	return ercd;
}

ER_UINT can_wup(ID tskid)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER_UINT n;

	t = tcb_of(tskid);
	if (t == NULL) {
		n = E_ID;
	} else if (t->state == RTOS_DORMANT) {
		n = E_OBJ;
	} else {
		n = (ER_UINT)t->wupcnt;
		t->wupcnt = 0;
	}
	kernel_leave(s);
	return n;
}

ER rel_wai(ID tskid)
{
	struct rtos_tcb *t;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	t = tskid == TSK_SELF ? NULL : tcb_of(tskid);
	if (t == NULL) {
		ercd = E_ID;
	} else if (t->state != RTOS_WAITING_STATE) {
		ercd = E_OBJ;
	} else {
		wait_release(t, E_RLWAI);
		kernel_dispatch();
	}
	kernel_leave(s);
	return ercd;
}

ER dly_tsk(RELTIM dlytim)
{
	uint64_t s;
	ER ercd;

	if (kernel_cannot_wait())
		return E_CTX;
	s = kernel_enter();
	ercd = wait_block(RTOS_WAIT_DLY, NULL, NULL, false, (TMO)dlytim);
	kernel_leave(s);
	return ercd;
}

ER rot_rdq(PRI tskpri)
{
	struct rtos_queue *q;
	uint64_t s;
	PRI p = tskpri;

	if (p == TPRI_SELF) {
		if (rtos.handler_depth > 0 || rtos.runtsk == NULL)
			return E_PAR;
		p = rtos.runtsk->pri;
	}
	if (p < TMIN_TPRI || p > RTOS_TMAX_TPRI)
		return E_PAR;
	s = kernel_enter();
	q = &rtos.ready[p - 1];
	if (!queue_empty(q)) {
		struct rtos_queue *head = q->next;

		queue_remove(head);
		queue_insert_before(q, head);
		kernel_dispatch();
	}
	kernel_leave(s);
	return E_OK;
}
