/* SPDX-License-Identifier: MIT */
/*
 * The RTOS's application interface: a μITRON 4.0-flavoured kernel API
 * (tasks, semaphores, event flags, data queues, mutexes with priority
 * inheritance, cyclic handlers, system time). docs/rtos.md is the guide.
 *
 * Times (RELTIM, TMO, SYSTIM) are in microseconds. Every blocking call has
 * a timed form (t...), a polling form (p... or TMO_POL) and waits forever
 * with TMO_FEVR. Errors are the ITRON codes below, never undefined
 * behaviour: a call that cannot be made from where it is made (an
 * interrupt handler, with the CPU locked, ...) returns E_CTX.
 */
#ifndef RTOS_ITRON_H
#define RTOS_ITRON_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t ER;        /* error code (E_OK or negative) */
typedef int32_t ER_UINT;   /* a count, or an error code */
typedef int32_t ID;        /* object id, from 1 */
typedef int32_t PRI;       /* priority: 1 is the highest */
typedef uint32_t RELTIM;   /* relative time, us */
typedef int64_t TMO;       /* timeout, us; or TMO_POL / TMO_FEVR */
typedef uint64_t SYSTIM;   /* system time since start, us */
typedef uint32_t FLGPTN;   /* event flag bit pattern */
typedef uint32_t MODE;     /* event flag wait mode */
typedef intptr_t intptr;   /* data queue element, task parameter */
typedef uint32_t ATR;      /* object attributes */
typedef uint32_t STAT;     /* task state (ref_tsk) */

/* Error codes (μITRON 4.0, 2.3.2). */
#define E_OK      0
#define E_SYS     (-5)   /* system error: a kernel invariant broke */
#define E_NOSPT   (-9)   /* not supported */
#define E_RSATR   (-11)  /* reserved attribute */
#define E_PAR     (-17)  /* parameter error */
#define E_ID      (-18)  /* invalid id */
#define E_CTX     (-25)  /* context error */
#define E_OACV    (-27)  /* object access violation (a right not granted) */
#define E_ILUSE   (-28)  /* illegal use (e.g. unlocking a mutex not held) */
#define E_OBJ     (-41)  /* object state error */
#define E_NOEXS   (-42)  /* object does not exist */
#define E_QOVR    (-43)  /* queueing overflow */
#define E_RLWAI   (-49)  /* wait released (rel_wai) */
#define E_TMOUT   (-50)  /* polling failed or timed out */

#define TMO_POL   ((TMO)0)
#define TMO_FEVR  ((TMO)-1)

/* Priorities: 1 (highest) .. RTOS_TMAX_TPRI. */
#define TMIN_TPRI 1
#define RTOS_TMAX_TPRI 32
#define TPRI_SELF 0      /* chg_pri/get_pri: the calling task */
#define TPRI_INI  0      /* chg_pri: back to the initial priority */
#define TSK_SELF  0      /* the calling task */

/* Attributes. */
#define TA_NULL    0u
#define TA_ACT     (1u << 1) /* task: active at start */
#define TA_TFIFO   0u        /* waiters served in arrival order */
#define TA_TPRI    (1u << 0) /* waiters served by priority */
#define TA_WMUL    (1u << 1) /* event flag: several waiters */
#define TA_CLR     (1u << 2) /* event flag: cleared when a wait ends */
#define TA_INHERIT (1u << 1) /* mutex: priority inheritance (always on) */
#define TA_STA     (1u << 1) /* cyclic handler: started at start */

/* Event flag wait modes. */
#define TWF_ANDW   0u
#define TWF_ORW    1u

/* Task states (ref_tsk). */
#define TTS_RUN    0x01u
#define TTS_RDY    0x02u
#define TTS_WAI    0x04u
#define TTS_DMT    0x10u

/* ---- tasks ---- */
ER act_tsk(ID tskid);              /* activate (queued if already active) */
ER_UINT can_act(ID tskid);         /* cancel queued activations: how many */
void ext_tsk(void) __attribute__((noreturn));
ER ter_tsk(ID tskid);              /* terminate another task */
ER chg_pri(ID tskid, PRI tskpri);
ER get_pri(ID tskid, PRI *p_tskpri);
ER get_tid(ID *p_tskid);           /* 0 (TSK_NONE) outside a task */
ER ref_tsk_stat(ID tskid, STAT *p_tskstat);
ER slp_tsk(void);
ER tslp_tsk(TMO tmout);
ER wup_tsk(ID tskid);              /* queued if the task is not sleeping */
ER_UINT can_wup(ID tskid);
ER rel_wai(ID tskid);              /* end a task's wait with E_RLWAI */
ER dly_tsk(RELTIM dlytim);
ER rot_rdq(PRI tskpri);            /* TPRI_SELF: the caller's priority */

/* ---- semaphores ---- */
ER sig_sem(ID semid);
ER wai_sem(ID semid);
ER pol_sem(ID semid);
ER twai_sem(ID semid, TMO tmout);

/* ---- event flags ---- */
ER set_flg(ID flgid, FLGPTN setptn);
ER clr_flg(ID flgid, FLGPTN clrptn); /* AND with clrptn */
ER wai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn);
ER pol_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn);
ER twai_flg(ID flgid, FLGPTN waiptn, MODE wfmode, FLGPTN *p_flgptn,
	    TMO tmout);

/* ---- data queues ---- */
ER snd_dtq(ID dtqid, intptr data);
ER psnd_dtq(ID dtqid, intptr data);
ER tsnd_dtq(ID dtqid, intptr data, TMO tmout);
ER rcv_dtq(ID dtqid, intptr *p_data);
ER prcv_dtq(ID dtqid, intptr *p_data);
ER trcv_dtq(ID dtqid, intptr *p_data, TMO tmout);

/* ---- mutexes (priority inheritance) ---- */
ER loc_mtx(ID mtxid);
ER ploc_mtx(ID mtxid);
ER tloc_mtx(ID mtxid, TMO tmout);
ER unl_mtx(ID mtxid);

/* ---- cyclic handlers ---- */
ER sta_cyc(ID cycid);              /* first call one period from now */
ER stp_cyc(ID cycid);
/* Extension: the counter value (arch ticks) of the handler's next call,
 * for a task that measures itself against its release points. */
ER rtos_cyc_due(ID cycid, uint64_t *p_due);

/* ---- system state and time ---- */
ER get_tim(SYSTIM *p_systim);
ER loc_cpu(void);                  /* mask interrupts; no dispatch */
ER unl_cpu(void);
ER dis_dsp(void);                  /* no task switches until ena_dsp */
ER ena_dsp(void);
bool sns_ctx(void);                /* true in a handler */
bool sns_loc(void);
bool sns_dsp(void);

#endif /* RTOS_ITRON_H */
