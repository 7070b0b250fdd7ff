/* SPDX-License-Identifier: MIT */
/*
 * Kernel internals shared by the service-call files. Architecture-neutral:
 * the host unit tests build all of it (tests/unit/test_rtos_*.c).
 *
 * Locking: every service call masks interrupts for its whole body
 * (kernel_enter/kernel_leave); interrupt handlers run masked. A task that
 * must wait is taken off the ready queue and the kernel switches away
 * inside the call; its result (wercd) is set by whoever ends the wait.
 */
#ifndef RTOS_KERNEL_H
#define RTOS_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/arch.h"
#include "kernel/queue.h"
#include "rtos/config.h"

/* wercd while a wait is on. Positive, so never an ITRON code: the host
 * tests see it returned by a call that would have blocked. */
#define RTOS_WAITING 1

enum rtos_tstate {
	RTOS_DORMANT,
	RTOS_READY,   /* the running task is READY too (and runtsk) */
	RTOS_WAITING_STATE,
};

enum rtos_wait {
	RTOS_WAIT_NONE,
	RTOS_WAIT_SLP,
	RTOS_WAIT_DLY,
	RTOS_WAIT_SEM,
	RTOS_WAIT_FLG,
	RTOS_WAIT_SDTQ,
	RTOS_WAIT_RDTQ,
	RTOS_WAIT_MTX,
};

/* A point in time the kernel acts at: a wait's timeout, a cyclic call. */
struct rtos_tmevt {
	struct rtos_queue node;
	uint64_t at;
	void (*fire)(struct rtos_tmevt *ev);
	bool queued;
};

struct rtos_tcb {
	/* arch: the saved stack pointer; first, where the context switch
	 * (arch/arm64/switch.S) finds it. */
	uint64_t sp;
	struct rtos_queue node;     /* ready queue or a wait queue */
	const struct rtos_task_cfg *cfg;
	ID id;
	enum rtos_tstate state;
	PRI bpri;                   /* base priority */
	PRI pri;                    /* current: base or inherited */
	uint32_t actcnt;
	uint32_t wupcnt;
	enum rtos_wait wait;
	void *wobj;                 /* the object waited on */
	struct rtos_queue *wq;      /* its wait queue (NULL: none) */
	bool wq_by_priority;        /* wq is ordered by priority (TA_TPRI) */
	struct rtos_tmevt tmevt;    /* the wait's timeout */
	ER wercd;
	union {
		struct {
			FLGPTN waiptn;
			MODE wfmode;
			FLGPTN flgptn;  /* the pattern that ended the wait */
		} flg;
		intptr data;            /* data queue element in or out */
	} winfo;
	struct rtos_queue mutexes;  /* mutexes held */
};

struct rtos_sem {
	const struct rtos_sem_cfg *cfg;
	uint32_t count;
	struct rtos_queue wq;
};

struct rtos_flg {
	const struct rtos_flg_cfg *cfg;
	FLGPTN ptn;
	struct rtos_queue wq;
};

struct rtos_dtq {
	const struct rtos_dtq_cfg *cfg;
	uint32_t head;
	uint32_t count;
	struct rtos_queue swq;      /* senders waiting for room */
	struct rtos_queue rwq;      /* receivers waiting for data */
};

struct rtos_mtx {
	const struct rtos_mtx_cfg *cfg;
	struct rtos_tcb *owner;
	struct rtos_queue node;     /* in the owner's list of mutexes */
	struct rtos_queue wq;       /* by priority */
};

struct rtos_cyc {
	const struct rtos_cyc_cfg *cfg;
	struct rtos_tmevt tmevt;
	bool started;
};

struct rtos_kernel {
	const struct rtos_config *cfg;
	struct rtos_tcb tcb[RTOS_MAX_TASKS];
	struct rtos_sem sem[RTOS_MAX_SEMS];
	struct rtos_flg flg[RTOS_MAX_FLGS];
	struct rtos_dtq dtq[RTOS_MAX_DTQS];
	struct rtos_mtx mtx[RTOS_MAX_MTXS];
	struct rtos_cyc cyc[RTOS_MAX_CYCS];
	struct rtos_queue ready[RTOS_TMAX_TPRI];
	uint32_t ready_map;         /* bit p-1: a task of priority p is ready */
	struct rtos_queue timeq;    /* time events, soonest first */
	struct rtos_tcb *runtsk;    /* the task on the CPU (NULL: idle) */
	struct rtos_tcb *schedtsk;  /* the task that should be */
	uint32_t handler_depth;     /* > 0: in an interrupt or cyclic handler */
	bool cpu_locked;            /* loc_cpu */
	bool dsp_disabled;          /* dis_dsp */
	uint64_t lock_saved;        /* interrupt state loc_cpu put aside */
	bool idling;                /* nothing ready: sleeping in dispatch */
	uint64_t start_tick;        /* get_tim's zero */
	bool started;
};

extern struct rtos_kernel rtos;

/* ---- kernel.c ---- */
uint64_t kernel_enter(void);
void kernel_leave(uint64_t saved);
/* Not a task calling, or dispatching is off: a wait is not allowed. */
bool kernel_cannot_wait(void);
void kernel_make_ready(struct rtos_tcb *t);
void kernel_make_unready(struct rtos_tcb *t);
/* t's current priority becomes pri: a ready task goes to the tail of its
 * new priority, a waiting one to its place in a priority-ordered queue. */
void kernel_change_priority(struct rtos_tcb *t, PRI pri);
/* Picks schedtsk; switches to it from task context when allowed, and
 * returns when the caller runs again. */
void kernel_dispatch(void);
/* The same for a task that has ended (ext_tsk): does not return to it. */
void kernel_exit_dispatch(void);
/* After rtos_kernel_init: runs the first task; does not return (on the
 * host: returns, the first task then "running"). */
void rtos_kernel_start(void);
/* Called by the arch when an interrupt handler returns to task level. */
void kernel_handler_exit(void);

/* ---- wait.c ---- */
/* Makes the running task wait on `wq` (NULL: no queue) until released or
 * `tmout` (TMO_FEVR: never) passes; switches away; returns its wercd. */
ER wait_block(enum rtos_wait kind, void *obj, struct rtos_queue *wq,
	      bool by_priority, TMO tmout);
/* wait_block in two steps, for a caller with work in between (mutexes). */
void wait_prepare(enum rtos_wait kind, void *obj, struct rtos_queue *wq,
		  bool by_priority, TMO tmout);
ER wait_switch(void);
/* Ends t's wait with ercd and makes it ready. */
void wait_release(struct rtos_tcb *t, ER ercd);
/* Moves t within its wait queue after a priority change. */
void wait_reorder(struct rtos_tcb *t);
void wait_insert(struct rtos_queue *wq, struct rtos_tcb *t, bool by_priority);
struct rtos_tcb *wait_first(struct rtos_queue *wq);

/* ---- time.c ---- */
uint64_t time_from_us(uint64_t us);        /* rounded up */
uint64_t time_to_us(uint64_t ticks);
void time_event_add(struct rtos_tmevt *ev, uint64_t at);
void time_event_remove(struct rtos_tmevt *ev);
/* The arch's timer fired: runs what is due. Handler context. */
void rtos_time_event(void);

/* ---- mtx.c ---- */
/* t's priority from its base and the waiters of the mutexes it holds;
 * requeues it and passes a change on to the owner of what it waits for. */
void mtx_update_priority(struct rtos_tcb *t);
/* A task ends: it gives up every mutex it holds. */
void mtx_release_all(struct rtos_tcb *t);

/* ---- task.c ---- */
/* A dormant task becomes ready at its entry with its initial priority. */
void task_start(struct rtos_tcb *t);
/* ext_tsk's work; returns only on the host (tests), where nothing
 * switches. */
void kernel_task_exit(void);

/* ---- cyc.c ---- */
/* First call one period after `from`. */
void cyc_start(struct rtos_cyc *c, uint64_t from);

/* ---- start.c ---- */
/* Checks the tables and builds every object; E_OK, or the error with
 * what is wrong in `why` and the object's id (1..) in `which` (0: the
 * tables as a whole). The arch then runs the first task. */
ER rtos_kernel_init(const struct rtos_config *cfg, const char **why,
		    uint32_t *which);

/* Object lookup: NULL for an id out of range. */
struct rtos_tcb *tcb_of(ID id);            /* TSK_SELF: the running task */
struct rtos_sem *sem_of(ID id);
struct rtos_flg *flg_of(ID id);
struct rtos_dtq *dtq_of(ID id);
struct rtos_mtx *mtx_of(ID id);
struct rtos_cyc *cyc_of(ID id);

#endif /* RTOS_KERNEL_H */
