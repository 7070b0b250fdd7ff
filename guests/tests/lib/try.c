// SPDX-License-Identifier: MIT
#include "try.h"

#include "guest.h"

static volatile struct guest_try try_rec;

static bool try_hook(struct guest_frame *frame, unsigned kind)
{
	unsigned type = kind & GUEST_KIND_TYPE_MASK;

	if (type != GUEST_KIND_SYNC && type != GUEST_KIND_SERROR)
		return false;
	try_rec.count++;
	if (type == GUEST_KIND_SYNC && guest_esr_fsc(frame->esr) == GUEST_FSC_SYNC_EXT &&
	    (guest_esr_ec(frame->esr) == GUEST_EC_DABT_CUR ||
	     guest_esr_ec(frame->esr) == GUEST_EC_IABT_CUR))
		try_rec.ext_aborts++;
	try_rec.kind = kind;
	try_rec.esr = frame->esr;
	try_rec.far = frame->far;
	if (type == GUEST_KIND_SYNC) {
		if (guest_esr_ec(frame->esr) == GUEST_EC_IABT_CUR)
			frame->elr = frame->x[30];
		else
			frame->elr += GUEST_INSN_SIZE;
	}
	return true;
}

void guest_try_begin(void)
{
	try_rec.count = 0;
	try_rec.ext_aborts = 0;
	try_rec.kind = 0;
	try_rec.esr = 0;
	try_rec.far = 0;
	guest_set_exception_hook(try_hook);
}

uint32_t guest_try_end(struct guest_try *out)
{
	guest_set_exception_hook(NULL);
	if (out != NULL) {
		out->count = try_rec.count;
		out->ext_aborts = try_rec.ext_aborts;
		out->kind = try_rec.kind;
		out->esr = try_rec.esr;
		out->far = try_rec.far;
	}
	return try_rec.count;
}

uint32_t guest_try(void (*op)(uint64_t arg), uint64_t arg,
		   struct guest_try *out)
{
	guest_try_begin();
	op(arg);
	return guest_try_end(out);
}

void guest_op_read32(uint64_t addr)
{
	(void)guest_mmio_read32(addr);
}

void guest_op_write32(uint64_t addr)
{
	guest_mmio_write32(addr, 0);
}

/* Clobbers: everything a call may change, in case something did run
 * there before an exception brought us back. */
void guest_op_fetch(uint64_t addr)
{
	__asm__ volatile("blr %0" : : "r"(addr)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			   "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
			   "x17", "x30", "cc", "memory");
}

uint32_t guest_fault_storm(uint64_t addr, uint32_t n)
{
	struct guest_try t;

	guest_try_begin();
	for (uint32_t i = 0; i < n; i++)
		(void)guest_mmio_read32(addr);
	(void)guest_try_end(&t);
	return t.ext_aborts;
}
