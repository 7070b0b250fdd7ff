// SPDX-License-Identifier: MIT
/* Waiting: wait queues, the timeout of a wait, ending a wait. */
#include "kernel/kernel.h"

/* TA_TPRI queues keep waiters by priority, first come first served among
 * equals; TA_TFIFO queues by arrival. */
void wait_insert(struct rtos_queue *wq, struct rtos_tcb *t, bool by_priority)
{
	struct rtos_queue *pos = wq;

	if (by_priority) {
		for (pos = wq->next; pos != wq; pos = pos->next) {
			const struct rtos_tcb *o =
				RTOS_CONTAINER_OF(pos, struct rtos_tcb, node);

			if (t->pri < o->pri)
				break;
		}
	}
	queue_insert_before(pos, &t->node);
}

struct rtos_tcb *wait_first(struct rtos_queue *wq)
{
	return queue_empty(wq) ? NULL
			       : RTOS_CONTAINER_OF(wq->next, struct rtos_tcb, node);
}

static void wait_timeout(struct rtos_tmevt *ev)
{
	struct rtos_tcb *t = RTOS_CONTAINER_OF(ev, struct rtos_tcb, tmevt);

	/* dly_tsk ends with E_OK when its time comes; other waits time out. */
	wait_release(t, t->wait == RTOS_WAIT_DLY ? E_OK : E_TMOUT);
}

void wait_prepare(enum rtos_wait kind, void *obj, struct rtos_queue *wq,
		  bool by_priority, TMO tmout)
{
	struct rtos_tcb *self = rtos.runtsk;

	kernel_make_unready(self);
	self->state = RTOS_WAITING_STATE;
	self->wait = kind;
	self->wobj = obj;
	self->wq = wq;
	self->wq_by_priority = by_priority;
	self->wercd = RTOS_WAITING;
	if (wq != NULL)
		wait_insert(wq, self, by_priority);
	if (tmout != TMO_FEVR) {
		self->tmevt.fire = wait_timeout;
		time_event_add(&self->tmevt,
			       rtos_arch_now() + time_from_us((uint64_t)tmout));
	}
}

ER wait_switch(void)
{
	struct rtos_tcb *self = rtos.runtsk;

	kernel_dispatch();
	return self->wercd;
}

ER wait_block(enum rtos_wait kind, void *obj, struct rtos_queue *wq,
	      bool by_priority, TMO tmout)
{
	wait_prepare(kind, obj, wq, by_priority, tmout);
	return wait_switch();
}

void wait_release(struct rtos_tcb *t, ER ercd)
{
	enum rtos_wait kind = t->wait;
	struct rtos_mtx *mtx = kind == RTOS_WAIT_MTX ? t->wobj : NULL;

	if (t->state != RTOS_WAITING_STATE)
		return;
	if (t->wq != NULL)
		queue_remove(&t->node);
	time_event_remove(&t->tmevt);
	t->wercd = ercd;
	t->wait = RTOS_WAIT_NONE;
	t->wobj = NULL;
	t->wq = NULL;
	kernel_make_ready(t);
	/* A mutex waiter that gives up may lower what its owner inherited. */
	if (mtx != NULL && mtx->owner != NULL)
		mtx_update_priority(mtx->owner);
}

void wait_reorder(struct rtos_tcb *t)
{
	/* Only priority-ordered queues care; a FIFO queue keeps its order. */
	if (t->state != RTOS_WAITING_STATE || t->wq == NULL || !t->wq_by_priority)
		return;
	queue_remove(&t->node);
	wait_insert(t->wq, t, true);
}
