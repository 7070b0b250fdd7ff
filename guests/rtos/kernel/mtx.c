// SPDX-License-Identifier: MIT
/*
 * Mutexes with priority inheritance (μITRON 4.0 4.4.4, TA_INHERIT): while
 * a task holds mutexes, its priority is the best of its base priority and
 * of every task waiting for them, passed on along chains of owners that
 * wait for other mutexes themselves. Waiters are served by priority.
 */
#include "kernel/kernel.h"

static PRI mtx_needed_priority(const struct rtos_tcb *t)
{
	PRI p = t->bpri;

	for (const struct rtos_queue *n = t->mutexes.next; n != &t->mutexes;
	     n = n->next) {
		struct rtos_mtx *m = RTOS_CONTAINER_OF(n, struct rtos_mtx, node);
		const struct rtos_tcb *w = wait_first(&m->wq);

		if (w != NULL && w->pri < p)
			p = w->pri;
	}
	return p;
}

void mtx_update_priority(struct rtos_tcb *t)
{
	/* A chain of owners is at most every task long; the bound also
	 * stops a (misused) circular wait from looping. */
	for (uint32_t hop = 0; t != NULL && hop < RTOS_MAX_TASKS; hop++) {
		PRI p = mtx_needed_priority(t);

		if (p == t->pri)
			return;
		kernel_change_priority(t, p);
		if (t->state != RTOS_WAITING_STATE || t->wait != RTOS_WAIT_MTX)
			return;
		t = ((struct rtos_mtx *)t->wobj)->owner;
	}
}

static void mtx_take(struct rtos_mtx *m, struct rtos_tcb *t)
{
	m->owner = t;
	queue_insert_before(&t->mutexes, &m->node);
}

/* The owner lets go: the best waiter owns it now, or nobody does. */
static void mtx_hand_over(struct rtos_mtx *m)
{
	struct rtos_tcb *w = wait_first(&m->wq);

	queue_remove(&m->node);
	m->owner = NULL;
	if (w == NULL)
		return;
	mtx_take(m, w);
	wait_release(w, E_OK);
	mtx_update_priority(w);
}

void mtx_release_all(struct rtos_tcb *t)
{
	while (!queue_empty(&t->mutexes))
		mtx_hand_over(RTOS_CONTAINER_OF(t->mutexes.next, struct rtos_mtx,
						node));
	mtx_update_priority(t);
}

ER tloc_mtx(ID mtxid, TMO tmout)
{
	struct rtos_mtx *m;
	struct rtos_tcb *self = rtos.runtsk;
	uint64_t s;
	ER ercd = E_OK;

	if (tmout < TMO_FEVR)
		return E_PAR;
	if (rtos.handler_depth > 0 || self == NULL ||
	    (tmout != TMO_POL && kernel_cannot_wait()))
		return E_CTX; /* only tasks hold mutexes */
	s = kernel_enter();
	m = mtx_of(mtxid);
	if (m == NULL) {
		ercd = E_ID;
	} else if (m->owner == NULL) {
		mtx_take(m, self);
	} else if (m->owner == self) {
		ercd = E_ILUSE; /* not recursive */
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		wait_prepare(RTOS_WAIT_MTX, m, &m->wq, true, tmout);
		mtx_update_priority(m->owner);
		ercd = wait_switch();
	}
	kernel_leave(s);
	return ercd;
}

ER loc_mtx(ID mtxid)
{
	return tloc_mtx(mtxid, TMO_FEVR);
}

ER ploc_mtx(ID mtxid)
{
	return tloc_mtx(mtxid, TMO_POL);
}

ER unl_mtx(ID mtxid)
{
	struct rtos_mtx *m;
	struct rtos_tcb *self = rtos.runtsk;
	uint64_t s;
	ER ercd = E_OK;

	if (rtos.handler_depth > 0 || self == NULL)
		return E_CTX;
	s = kernel_enter();
	m = mtx_of(mtxid);
	if (m == NULL) {
		ercd = E_ID;
	} else if (m->owner != self) {
		ercd = E_ILUSE;
	} else {
		mtx_hand_over(m);
		mtx_update_priority(self);
		kernel_dispatch();
	}
	kernel_leave(s);
	return ercd;
}
