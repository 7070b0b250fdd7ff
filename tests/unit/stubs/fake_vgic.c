/* SPDX-License-Identifier: MIT */
#include "stubs/fake_vgic.h"

#include <string.h>

#include "arch/vgic.h"

static struct fake_vgic_call vgic_calls[FAKE_VGIC_CALLS_MAX];
static size_t vgic_call_count;
static struct fake_vgic_call vgic_last;

void fake_vgic_reset(void)
{
	memset(vgic_calls, 0, sizeof(vgic_calls));
	memset(&vgic_last, 0, sizeof(vgic_last));
	vgic_call_count = 0;
}

size_t fake_vgic_calls(void)
{
	return vgic_call_count;
}

const struct fake_vgic_call *fake_vgic_call(size_t i)
{
	return i < FAKE_VGIC_CALLS_MAX && i < vgic_call_count ?
		&vgic_calls[i] : NULL;
}

const struct fake_vgic_call *fake_vgic_last(void)
{
	return vgic_call_count == 0 ? NULL : &vgic_last;
}

static void record(struct partition *p, uint32_t intid, bool level,
		   bool edge)
{
	vgic_last.partition = p;
	vgic_last.intid = intid;
	vgic_last.level = level;
	vgic_last.edge = edge;
	if (vgic_call_count < FAKE_VGIC_CALLS_MAX)
		vgic_calls[vgic_call_count] = vgic_last;
	vgic_call_count++;
}

bool vgic_irq_pending(struct vgic *g, vcpu_index_t vcpu, intid_t intid)
{
	/* Pending once injected since the last reset: the fake never
	 * delivers. */
	(void)vcpu;
	for (size_t i = 0; i < vgic_call_count && i < FAKE_VGIC_CALLS_MAX; i++) {
		if (vgic_calls[i].partition == g->partition &&
		    vgic_calls[i].intid == intid.id && vgic_calls[i].edge)
			return true;
	}
	return false;
}

void vgic_set_level(struct partition *p, intid_t intid, bool level)
{
	record(p, intid.id, level, false);
}

void vgic_inject(struct vgic *g, vcpu_index_t vcpu, intid_t intid,
		 vcpu_index_t source)
{
	(void)vcpu;
	(void)source;
	record(g->partition, intid.id, true, true);
}
