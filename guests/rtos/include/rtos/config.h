/* SPDX-License-Identifier: MIT */
/*
 * Static configuration of an RTOS application: one table of each kind of
 * object, ids counting from 1 in table order. The kernel checks the tables
 * at start (rtos_kernel_init) and refuses a bad one with the object and
 * what is wrong; nothing is allocated after that.
 */
#ifndef RTOS_CONFIG_H
#define RTOS_CONFIG_H

#include <stddef.h>

#include "rtos/itron.h"

/* Fixed maximums: the kernel's control blocks are static arrays. */
#define RTOS_MAX_TASKS 32
#define RTOS_MAX_SEMS  32
#define RTOS_MAX_FLGS  32
#define RTOS_MAX_DTQS  16
#define RTOS_MAX_MTXS  16
#define RTOS_MAX_CYCS  16
/* Largest counts an object may be configured with. */
#define RTOS_TMAX_ACTCNT 1u
#define RTOS_TMAX_WUPCNT 1u
#define RTOS_TMAX_MAXSEM 0xffffu

struct rtos_task_cfg {
	const char *name;
	ATR tskatr;             /* TA_ACT: active at start */
	intptr exinf;           /* the task's argument */
	void (*task)(intptr exinf);
	PRI itskpri;            /* initial priority */
	void *stk;              /* stack: 16-byte aligned */
	size_t stksz;
};

struct rtos_sem_cfg {
	ATR sematr;             /* TA_TFIFO or TA_TPRI */
	uint32_t isemcnt;       /* initial count */
	uint32_t maxsem;        /* maximum count */
};

struct rtos_flg_cfg {
	ATR flgatr;             /* TA_TFIFO/TA_TPRI | TA_WMUL | TA_CLR */
	FLGPTN iflgptn;
};

struct rtos_dtq_cfg {
	ATR dtqatr;             /* TA_TFIFO or TA_TPRI (senders' order) */
	uint32_t dtqcnt;        /* capacity; 0: hand over directly */
	intptr *dtqmb;          /* dtqcnt elements */
};

struct rtos_mtx_cfg {
	ATR mtxatr;             /* TA_INHERIT (waiters always by priority) */
};

struct rtos_cyc_cfg {
	ATR cycatr;             /* TA_STA: started at start */
	intptr exinf;
	void (*cychdr)(intptr exinf);
	RELTIM cyctim;          /* period, us (> 0) */
};

struct rtos_config {
	const struct rtos_task_cfg *tasks;
	uint32_t ntasks;
	const struct rtos_sem_cfg *sems;
	uint32_t nsems;
	const struct rtos_flg_cfg *flgs;
	uint32_t nflgs;
	const struct rtos_dtq_cfg *dtqs;
	uint32_t ndtqs;
	const struct rtos_mtx_cfg *mtxs;
	uint32_t nmtxs;
	const struct rtos_cyc_cfg *cycs;
	uint32_t ncycs;
};

#define RTOS_COUNT(table) ((uint32_t)(sizeof(table) / sizeof((table)[0])))

#endif /* RTOS_CONFIG_H */
