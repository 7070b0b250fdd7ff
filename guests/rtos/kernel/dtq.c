// SPDX-License-Identifier: MIT
/* Data queues (μITRON 4.0 4.4.3): a ring of dtqcnt elements; senders wait
 * when it is full, receivers when it is empty; with dtqcnt 0 a sender
 * hands its element straight to a receiver. */
#include "kernel/kernel.h"

static void dtq_put(struct rtos_dtq *q, intptr data)
{
	q->cfg->dtqmb[(q->head + q->count) % q->cfg->dtqcnt] = data;
	q->count++;
}

static intptr dtq_take(struct rtos_dtq *q)
{
	intptr data = q->cfg->dtqmb[q->head];

	q->head = (q->head + 1u) % q->cfg->dtqcnt;
	q->count--;
	return data;
}

ER tsnd_dtq(ID dtqid, intptr data, TMO tmout)
{
	struct rtos_dtq *q;
	uint64_t s;
	ER ercd = E_OK;

	if (tmout < TMO_FEVR)
		return E_PAR;
	if (tmout != TMO_POL && kernel_cannot_wait())
		return E_CTX;
	s = kernel_enter();
	q = dtq_of(dtqid);
	if (q == NULL) {
		ercd = E_ID;
	} else if (!queue_empty(&q->rwq)) {
		struct rtos_tcb *r = wait_first(&q->rwq);

		r->winfo.data = data;
		wait_release(r, E_OK);
		kernel_dispatch();
	} else if (q->count < q->cfg->dtqcnt) {
		dtq_put(q, data);
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		rtos.runtsk->winfo.data = data;
		ercd = wait_block(RTOS_WAIT_SDTQ, q, &q->swq,
				  (q->cfg->dtqatr & TA_TPRI) != 0, tmout);
	}
	kernel_leave(s);
	return ercd;
}

ER snd_dtq(ID dtqid, intptr data)
{
	return tsnd_dtq(dtqid, data, TMO_FEVR);
}

ER psnd_dtq(ID dtqid, intptr data)
{
	return tsnd_dtq(dtqid, data, TMO_POL);
}

ER trcv_dtq(ID dtqid, intptr *p_data, TMO tmout)
{
	struct rtos_dtq *q;
	uint64_t s;
	ER ercd = E_OK;

	if (tmout < TMO_FEVR || p_data == NULL)
		return E_PAR;
	if (tmout != TMO_POL && kernel_cannot_wait())
		return E_CTX;
	s = kernel_enter();
	q = dtq_of(dtqid);
	if (q == NULL) {
		ercd = E_ID;
	} else if (q->count > 0) {
		*p_data = dtq_take(q);
		/* Room now: the first waiting sender's element goes in. */
		if (!queue_empty(&q->swq)) {
			struct rtos_tcb *w = wait_first(&q->swq);

			dtq_put(q, w->winfo.data);
			wait_release(w, E_OK);
			kernel_dispatch();
		}
	} else if (!queue_empty(&q->swq)) {
		/* dtqcnt 0: take straight from a waiting sender. */
		struct rtos_tcb *w = wait_first(&q->swq);

		*p_data = w->winfo.data;
		wait_release(w, E_OK);
		kernel_dispatch();
	} else if (tmout == TMO_POL) {
		ercd = E_TMOUT;
	} else {
		struct rtos_tcb *self = rtos.runtsk;

		ercd = wait_block(RTOS_WAIT_RDTQ, q, &q->rwq, false, tmout);
		if (ercd == E_OK)
			*p_data = self->winfo.data;
	}
	kernel_leave(s);
	return ercd;
}

ER rcv_dtq(ID dtqid, intptr *p_data)
{
	return trcv_dtq(dtqid, p_data, TMO_FEVR);
}

ER prcv_dtq(ID dtqid, intptr *p_data)
{
	return trcv_dtq(dtqid, p_data, TMO_POL);
}
