// SPDX-License-Identifier: MIT
/*
 * hyp-fault: asks the hypervisor to fault at EL2 (a test hook), so system
 * tests can watch the panic path. A hypervisor built without SK_TEST_HOOKS
 * answers NOT_SUPPORTED and this guest keeps beating.
 */
#include "console.h"
#include "core/test_hooks.h"
#include "guest.h"
#include "shikiri/hypercall.h"

/* Beats before the request, so tests see the guest ran normally first. */
#define HYP_FAULT_BEATS_BEFORE 3u

int main(uint64_t dtb)
{
	struct guest_beat beat;
	struct sk_hc_result r;

	guest_hello(dtb);
	guest_beat_init(&beat);
	guest_beat_until(&beat, HYP_FAULT_BEATS_BEFORE);

	guest_puts("requesting EL2 fault\n");
	r = sk_hvc(SK_HC_TEST_EL2_FAULT, 0, 0, 0);
	guest_printf("EL2 fault request answered %s (%ld)\n",
		     guest_status_name(r.status), r.status);

	guest_beat_forever(&beat);
}
