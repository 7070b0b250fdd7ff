// SPDX-License-Identifier: MIT
/* The application's tables, checked and turned into kernel objects. */
#include "kernel/kernel.h"

/* Smallest task stack accepted: a service call's frames plus one
 * interrupt frame. */
#define RTOS_MIN_STACK 1024u
#define RTOS_STACK_ALIGN 16u

#define TASK_ATRS (TA_ACT)
#define SEM_ATRS  (TA_TPRI)
#define FLG_ATRS  (TA_TPRI | TA_WMUL | TA_CLR)
#define DTQ_ATRS  (TA_TPRI)
#define MTX_ATRS  (TA_INHERIT)
#define CYC_ATRS  (TA_STA)

struct rtos_tcb *tcb_of(ID id)
{
	if (id == TSK_SELF)
		return rtos.handler_depth == 0 ? rtos.runtsk : NULL;
	if (rtos.cfg == NULL || id < 1 || (uint32_t)id > rtos.cfg->ntasks)
		return NULL;
	return &rtos.tcb[id - 1];
}

#define OBJECT_OF(fn, type, table, count)                                   \
	type *fn(ID id)                                                         \
	{                                                                       \
		if (rtos.cfg == NULL || id < 1 || (uint32_t)id > rtos.cfg->count) \
			return NULL;                                                \
		return &rtos.table[id - 1];                                         \
	}

OBJECT_OF(sem_of, struct rtos_sem, sem, nsems)
OBJECT_OF(flg_of, struct rtos_flg, flg, nflgs)
OBJECT_OF(dtq_of, struct rtos_dtq, dtq, ndtqs)
OBJECT_OF(mtx_of, struct rtos_mtx, mtx, nmtxs)
OBJECT_OF(cyc_of, struct rtos_cyc, cyc, ncycs)

static ER check(const struct rtos_config *cfg, const char **why,
		uint32_t *which)
{
	*which = 0;
#define REFUSE(code, text, n) do { *why = (text); *which = (n); return (code); } while (0)
	if (cfg->ntasks > RTOS_MAX_TASKS || cfg->nsems > RTOS_MAX_SEMS ||
	    cfg->nflgs > RTOS_MAX_FLGS || cfg->ndtqs > RTOS_MAX_DTQS ||
	    cfg->nmtxs > RTOS_MAX_MTXS || cfg->ncycs > RTOS_MAX_CYCS)
		REFUSE(E_PAR, "more objects of a kind than the kernel has room for", 0);
	for (uint32_t i = 0; i < cfg->ntasks; i++) {
		const struct rtos_task_cfg *t = &cfg->tasks[i];

		if ((t->tskatr & ~TASK_ATRS) != 0)
			REFUSE(E_RSATR, "task: unknown attribute", i + 1);
		if (t->task == NULL)
			REFUSE(E_PAR, "task: no entry function", i + 1);
		if (t->itskpri < TMIN_TPRI || t->itskpri > RTOS_TMAX_TPRI)
			REFUSE(E_PAR, "task: priority out of 1..32", i + 1);
		if (t->stk == NULL || t->stksz < RTOS_MIN_STACK ||
		    ((uintptr_t)t->stk | t->stksz) % RTOS_STACK_ALIGN != 0)
			REFUSE(E_PAR, "task: stack missing, under 1024 bytes or not 16-byte aligned", i + 1);
	}
	for (uint32_t i = 0; i < cfg->nsems; i++) {
		const struct rtos_sem_cfg *s = &cfg->sems[i];

		if ((s->sematr & ~SEM_ATRS) != 0)
			REFUSE(E_RSATR, "semaphore: unknown attribute", i + 1);
		if (s->maxsem == 0 || s->maxsem > RTOS_TMAX_MAXSEM ||
		    s->isemcnt > s->maxsem)
			REFUSE(E_PAR, "semaphore: maximum 0 or over 65535, or initial count above it", i + 1);
	}
	for (uint32_t i = 0; i < cfg->nflgs; i++) {
		if ((cfg->flgs[i].flgatr & ~FLG_ATRS) != 0)
			REFUSE(E_RSATR, "event flag: unknown attribute", i + 1);
	}
	for (uint32_t i = 0; i < cfg->ndtqs; i++) {
		const struct rtos_dtq_cfg *q = &cfg->dtqs[i];

		if ((q->dtqatr & ~DTQ_ATRS) != 0)
			REFUSE(E_RSATR, "data queue: unknown attribute", i + 1);
		if (q->dtqcnt > 0 && q->dtqmb == NULL)
			REFUSE(E_PAR, "data queue: no buffer for its elements", i + 1);
	}
	for (uint32_t i = 0; i < cfg->nmtxs; i++) {
		if ((cfg->mtxs[i].mtxatr & ~MTX_ATRS) != 0)
			REFUSE(E_RSATR, "mutex: unknown attribute", i + 1);
	}
	for (uint32_t i = 0; i < cfg->ncycs; i++) {
		const struct rtos_cyc_cfg *c = &cfg->cycs[i];

		if ((c->cycatr & ~CYC_ATRS) != 0)
			REFUSE(E_RSATR, "cyclic handler: unknown attribute", i + 1);
		if (c->cychdr == NULL || c->cyctim == 0)
			REFUSE(E_PAR, "cyclic handler: no handler, or a period of 0", i + 1);
	}
#undef REFUSE
	return E_OK;
}

ER rtos_kernel_init(const struct rtos_config *cfg, const char **why,
		    uint32_t *which)
{
	ER ercd = check(cfg, why, which);

	if (ercd != E_OK)
		return ercd;
	rtos = (struct rtos_kernel){ .cfg = cfg };
	for (uint32_t p = 0; p < RTOS_TMAX_TPRI; p++)
		queue_init(&rtos.ready[p]);
	queue_init(&rtos.timeq);
	rtos.start_tick = rtos_arch_now();
	for (uint32_t i = 0; i < cfg->ntasks; i++) {
		struct rtos_tcb *t = &rtos.tcb[i];

		t->cfg = &cfg->tasks[i];
		t->id = (ID)(i + 1);
		t->state = RTOS_DORMANT;
		queue_init(&t->node);
		queue_init(&t->mutexes);
		queue_init(&t->tmevt.node);
	}
	for (uint32_t i = 0; i < cfg->nsems; i++) {
		rtos.sem[i].cfg = &cfg->sems[i];
		rtos.sem[i].count = cfg->sems[i].isemcnt;
		queue_init(&rtos.sem[i].wq);
	}
	for (uint32_t i = 0; i < cfg->nflgs; i++) {
		rtos.flg[i].cfg = &cfg->flgs[i];
		rtos.flg[i].ptn = cfg->flgs[i].iflgptn;
		queue_init(&rtos.flg[i].wq);
	}
	for (uint32_t i = 0; i < cfg->ndtqs; i++) {
		rtos.dtq[i].cfg = &cfg->dtqs[i];
		queue_init(&rtos.dtq[i].swq);
		queue_init(&rtos.dtq[i].rwq);
	}
	for (uint32_t i = 0; i < cfg->nmtxs; i++) {
		rtos.mtx[i].cfg = &cfg->mtxs[i];
		queue_init(&rtos.mtx[i].node);
		queue_init(&rtos.mtx[i].wq);
	}
	for (uint32_t i = 0; i < cfg->ncycs; i++) {
		rtos.cyc[i].cfg = &cfg->cycs[i];
		queue_init(&rtos.cyc[i].tmevt.node);
	}
	for (uint32_t i = 0; i < cfg->ntasks; i++) {
		if ((cfg->tasks[i].tskatr & TA_ACT) != 0)
			task_start(&rtos.tcb[i]);
	}
	for (uint32_t i = 0; i < cfg->ncycs; i++) {
		if ((cfg->cycs[i].cycatr & TA_STA) != 0)
			cyc_start(&rtos.cyc[i], rtos.start_tick);
	}
	return E_OK;
}
