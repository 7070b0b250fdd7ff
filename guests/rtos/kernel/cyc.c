// SPDX-License-Identifier: MIT
/* Cyclic handlers (μITRON 4.0 4.7.2): called in handler context every
 * cyctim, each period measured from the last due time, so they never
 * drift however late a call ran. */
#include "kernel/kernel.h"

static void cyc_fire(struct rtos_tmevt *ev)
{
	struct rtos_cyc *c = RTOS_CONTAINER_OF(ev, struct rtos_cyc, tmevt);
	uint64_t due = ev->at;

	time_event_add(ev, due + time_from_us(c->cfg->cyctim));
	c->cfg->cychdr(c->cfg->exinf);
}

void cyc_start(struct rtos_cyc *c, uint64_t from)
{
	c->started = true;
	c->tmevt.fire = cyc_fire;
	time_event_add(&c->tmevt, from + time_from_us(c->cfg->cyctim));
}

ER sta_cyc(ID cycid)
{
	struct rtos_cyc *c;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	c = cyc_of(cycid);
	if (c == NULL)
		ercd = E_ID;
	else
		cyc_start(c, rtos_arch_now());
	kernel_leave(s);
	return ercd;
}

ER stp_cyc(ID cycid)
{
	struct rtos_cyc *c;
	uint64_t s = kernel_enter();
	ER ercd = E_OK;

	c = cyc_of(cycid);
	if (c == NULL) {
		ercd = E_ID;
	} else {
		c->started = false;
		time_event_remove(&c->tmevt);
	}
	kernel_leave(s);
	return ercd;
}

ER rtos_cyc_due(ID cycid, uint64_t *p_due)
{
	struct rtos_cyc *c;
	uint64_t s;
	ER ercd = E_OK;

	if (p_due == NULL)
		return E_PAR;
	s = kernel_enter();
	c = cyc_of(cycid);
	if (c == NULL)
		ercd = E_ID;
	else if (!c->started)
		ercd = E_OBJ;
	else
		*p_due = c->tmevt.at;
	kernel_leave(s);
	return ercd;
}
